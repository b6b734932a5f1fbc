// End-to-end convergence benchmark of Algorithm B on a TNTP network: reads the network and the
// demand, iterates until a target relative gap (gap = 1 - SPTT / TSTT, SPTT from
// AllOrNothing::sptt at the current costs, the dispatcher's measure) and prints, per iteration,
// the gap, the Beckmann objective and the wall-clock seconds since the program started, then the
// first iteration and time at which each decade gap 1e-4 ... 1e-10 was reached.
//
//   ouflow_assignment_bench NET_FILE [--toll F] [--distance F] [--feet] [--gap G]
//                           [--max-iterations N] [--sweeps N] [--sweep-tolerance F] [--threads N]
//                           [--demand-scale F] [--load-bushes FILE] [--save-bushes FILE] [--quiet]
//
// Times are wall-clock seconds since the program started (and process CPU seconds); run it under
// /usr/bin/time -v for the peak resident set. --load-bushes warm-starts from a bush file (after
// --demand-scale, to try a changed demand); --save-bushes writes one at the end.
//
// Without NET_FILE it runs Chicago Sketch from ../shared/data/tntp (toll 0.02, distance 0.04).
// OMP_NUM_THREADS (or --threads) sets the threads; the flows do not depend on it.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "networks/io/tntp.h"
#include "sim/road/algorithm_b.h"
#include "sim/road/all_or_nothing.h"
#include "sim/road/link_performance.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using Clock = std::chrono::steady_clock;
const Clock::time_point kStart = Clock::now();

double seconds() { return std::chrono::duration<double>(Clock::now() - kStart).count(); }

// User + system CPU seconds of the process so far (all threads).
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// FNV-1a of the flow bits: equal across thread counts.
unsigned long long flow_hash(std::span<const double> x) {
  unsigned long long h = 0xcbf29ce484222325ULL;
  for (double v : x) {
    unsigned char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    for (unsigned char c : b) h = (h ^ c) * 0x100000001b3ULL;
  }
  return h;
}

int run(int argc, char** argv) {
  std::filesystem::path net_file;
  ouflow::io::TntpOptions tntp;
  double target = 1e-10;
  int max_iterations = 1000;
  bool quiet = false;
  double demand_scale = 1.0;
  std::filesystem::path load_file, save_file;
  ouflow::sim::AlgorithmBOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--toll") {
      tntp.toll_factor = std::stod(next());
    } else if (a == "--distance") {
      tntp.distance_factor = std::stod(next());
    } else if (a == "--feet") {
      tntp.units.length_m = 0.3048;
    } else if (a == "--gap") {
      target = std::stod(next());
    } else if (a == "--max-iterations") {
      max_iterations = std::stoi(next());
    } else if (a == "--sweeps") {
      options.max_sweeps = std::stoi(next());
    } else if (a == "--sweep-tolerance") {
      options.sweep_tolerance = std::stod(next());
    } else if (a == "--threads") {
#ifdef _OPENMP
      omp_set_num_threads(std::stoi(next()));
#else
      next();
#endif
    } else if (a == "--demand-scale") {
      demand_scale = std::stod(next());
    } else if (a == "--load-bushes") {
      load_file = next();
    } else if (a == "--save-bushes") {
      save_file = next();
    } else if (a == "--quiet") {
      quiet = true;
    } else if (!a.empty() && a[0] != '-' && net_file.empty()) {
      net_file = a;
    } else {
      throw std::invalid_argument("unknown argument " + a);
    }
  }
  if (net_file.empty()) {
    net_file = std::filesystem::path(OUFLOW_SOURCE_DIR) /
               "../shared/data/tntp/Chicago-Sketch/ChicagoSketch_net.tntp";
    if (!tntp.toll_factor) tntp.toll_factor = 0.02;
    if (!tntp.distance_factor) tntp.distance_factor = 0.04;
  }
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif

  auto model = ouflow::io::read_tntp(ouflow::io::tntp_siblings(net_file), tntp);
  if (!model.demand) throw std::invalid_argument(net_file.string() + ": no trips file beside it");
  if (demand_scale != 1.0) {
    for (ouflow::net::ZoneId o : model.road.zones()) {
      for (ouflow::net::ZoneId d : model.road.zones()) model.demand->at(o, d) *= demand_scale;
    }
  }
  const double read_s = seconds();
  const ouflow::sim::LinkPerformance perf(model.road);
  ouflow::sim::AllOrNothing aon(model.road, *model.demand);
  ouflow::sim::AlgorithmB b(model.road, aon.od(), perf, options);
  if (load_file.empty()) {
    b.initialize();
  } else {
    std::printf("# loaded %s%s\n", load_file.string().c_str(),
                b.load_bushes(load_file) ? " (flows re-balanced to the demand)" : "");
  }
  std::printf(
      "# %s: %u nodes, %u links, %zu origins; %d threads, <= %d sweeps (tolerance %g); read %.3f "
      "s\n",
      net_file.filename().string().c_str(), model.road.node_count(), model.road.link_count(),
      b.origin_count(), threads, options.max_sweeps, options.sweep_tolerance, read_s);
  std::vector<double> cost(model.road.link_count());
  const double decades[] = {1e-4, 1e-6, 1e-8, 1e-10};
  int hit_iteration[4] = {-1, -1, -1, -1};
  double hit_seconds[4] = {0, 0, 0, 0};
  double hit_cpu[4] = {0, 0, 0, 0};
  double gap_s = 0.0;  // time spent measuring the gap
  for (int k = 0;; ++k) {
    const double g0 = seconds();
    perf.costs(b.flow(), cost);
    const double sptt = aon.sptt(cost);
    double tstt = 0.0;
    const auto x = b.flow();
    for (std::size_t l = 0; l < x.size(); ++l) tstt += x[l] * cost[l];
    const double gap = 1.0 - sptt / tstt;
    const double t = seconds();
    gap_s += t - g0;
    if (!quiet) {
      std::printf("%4d  gap %.3e  beckmann %.10e  bush links %zu  %.3f s\n", k, gap,
                  perf.beckmann(x) / 60.0, b.bush_link_count(), t);
    }
    for (int d = 0; d < 4; ++d) {
      if (hit_iteration[d] < 0 && gap <= decades[d]) {
        hit_iteration[d] = k;
        hit_seconds[d] = t;
        hit_cpu[d] = cpu_seconds();
      }
    }
    if (gap <= target || k >= max_iterations) {
      std::printf(
          "# final: iteration %d, gap %.3e, beckmann/60 %.10f, %.3f s (gap measuring %.3f s)\n", k,
          gap, perf.beckmann(x) / 60.0, t, gap_s);
      break;
    }
    b.iterate();
  }
  for (int d = 0; d < 4; ++d) {
    std::printf("# gap %.0e: iteration %d, %.3f s (cpu %.3f s)\n", decades[d], hit_iteration[d],
                hit_seconds[d], hit_cpu[d]);
  }
  std::printf("# flow hash %016llx\n", flow_hash(b.flow()));
  if (!save_file.empty()) b.save_bushes(save_file);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ouflow_assignment_bench: %s\n", e.what());
    return 1;
  }
}
