// Batch of proposals on one machine: proposals in parallel (OpenMP over proposals, the inner
// parallel regions on one thread) against one at a time (each proposal on all threads), and a
// warm-started proposal against a cold one (a plain program, not Google Benchmark):
//
//   ouflow_batch_bench BASE PROPOSAL.pbtxt... [--jobs 1,2] [--runs N] [--threads N] [--cold]
//
// Evaluates the calibration year and the base once (prepare_batch), then, per --jobs value and
// run, the whole list of proposals (evaluate_proposals, no result folders), printing wall and
// CPU seconds, the median per --jobs value, and whether the outcomes are the same bytes for
// every --jobs. --cold also times each proposal cold and then warm-started from the base, back
// to back on all threads, with their feedback iterations.
// BASE is a scenario name or file. Record the machine's load average beside the figures.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "sim/evaluation/batch.h"
#include "sim/execution.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int run(int argc, char** argv) {
  std::vector<std::string> positional;
  std::vector<int> jobs_list = {1, 2};
  int runs = 1;
  bool cold = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--jobs" && i + 1 < argc) {
      jobs_list.clear();
      for (const char* p = argv[++i]; *p != '\0';) {
        char* end = nullptr;
        jobs_list.push_back(static_cast<int>(std::strtol(p, &end, 10)));
        p = *end == ',' ? end + 1 : end;
      }
    } else if (a == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (a == "--threads" && i + 1 < argc) {
#ifdef _OPENMP
      omp_set_num_threads(std::atoi(argv[++i]));
#else
      ++i;
#endif
    } else if (a == "--cold") {
      cold = true;
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() < 2) {
    std::fprintf(stderr,
                 "usage: ouflow_batch_bench BASE PROPOSAL.pbtxt... [--jobs 1,2] "
                 "[--runs N] [--threads N] [--cold]\n");
    return 2;
  }
  namespace scen = ouflow::scenario;
  namespace sim = ouflow::sim;
  const std::filesystem::path base_file = scen::resolve_scenario(positional[0]);
  std::vector<std::filesystem::path> files(positional.begin() + 1, positional.end());
  std::vector<std::size_t> all(files.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  std::printf("threads %d, %zu proposals, %d run(s) per --jobs value\n", sim::max_threads(),
              files.size(), runs);
  const auto t0 = Clock::now();
  const double c0 = cpu_seconds();
  const sim::BatchBase base = sim::prepare_batch(base_file, {});
  std::printf("calibration year %s and base %s: %.1f s wall, %.1f s CPU\n",
              base.calibration_name.c_str(), base.base.name.c_str(), since(t0), cpu_seconds() - c0);
  std::string reference;
  bool identical = true;
  for (const int jobs : jobs_list) {
    std::vector<double> wall;
    for (int r = 0; r < runs; ++r) {
      sim::BatchSettings st;
      st.jobs = jobs;
      const auto t = Clock::now();
      const double c = cpu_seconds();
      const auto out = sim::evaluate_proposals(base, files, all, st);
      wall.push_back(since(t));
      std::printf("jobs %d run %d: %.1f s wall, %.1f s CPU", jobs, r + 1, wall.back(),
                  cpu_seconds() - c);
      std::size_t failed = 0;
      for (const auto& o : out) failed += o.ok ? 0 : 1;
      std::printf("%s\n", failed > 0 ? " (some proposals failed)" : "");
      const std::string bytes = sim::serialize_outcomes(out);
      if (reference.empty()) reference = bytes;
      identical = identical && bytes == reference;
    }
    std::printf("jobs %d: median %.1f s for %zu proposals (%.1f s per proposal)\n", jobs,
                median(wall), files.size(), median(wall) / static_cast<double>(files.size()));
  }
  std::printf("outcomes identical for every --jobs: %s\n", identical ? "yes" : "NO");
  if (cold) {
    // Per proposal, back to back on all threads: cold, then warm-started from the base.
    for (const auto& f : files) {
      const scen::LoadedScenario p = scen::load_scenario(f);
      auto t = Clock::now();
      const sim::ScenarioEvaluation c = sim::evaluate_scenario(p, {}, base.calibration);
      const double cold_s = since(t);
      t = Clock::now();
      const sim::ScenarioEvaluation w =
          sim::evaluate_scenario(p, {}, base.calibration, &base.evaluation);
      const double warm_s = since(t);
      std::printf(
          "%s: cold %.1f s (%zu feedback iterations, converged %s), warm %.1f s (%zu, %s, "
          "transit skim reused %s): warm/cold %.0f%%\n",
          p.name.c_str(), cold_s, c.model.log.size(), c.model.converged ? "yes" : "no", warm_s,
          w.model.log.size(), w.model.converged ? "yes" : "no",
          w.transit_skim_reused ? "yes" : "no", 100.0 * warm_s / cold_s);
      // How far the warm result is from the cold one: the largest indicator difference, and the
      // change against the base of the two the plan sets targets on.
      double worst = 0.0;
      std::string worst_key;
      for (const sim::IndicatorSpec& sp : sim::indicator_catalogue()) {
        const double a = c.indicators[sp.id], b = w.indicators[sp.id];
        const double d = std::abs(b - a) / std::max(1.0, std::abs(a));
        if (std::isfinite(d) && d > worst) {
          worst = d;
          worst_key = sp.key;
        }
      }
      auto value = [](const sim::ScenarioEvaluation& e, const char* key) {
        return e.indicators[*sim::find_indicator(key)];
      };
      const sim::ScenarioEvaluation& b = base.evaluation;
      std::printf(
          "  warm - cold: largest indicator difference %.3f %% (%s); change against the base: "
          "central speed %+.3f / %+.3f km/h, transit share %+.3f / %+.3f pp (cold / warm)\n",
          100.0 * worst, worst_key.c_str(),
          value(c, "central_city_speed_kmh") - value(b, "central_city_speed_kmh"),
          value(w, "central_city_speed_kmh") - value(b, "central_city_speed_kmh"),
          value(c, "transit_share_main") - value(b, "transit_share_main"),
          value(w, "transit_share_main") - value(b, "transit_share_main"));
    }
  }
  return identical ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // lines as they come, also into a file
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ouflow_batch_bench: %s\n", e.what());
    return 1;
  }
}
