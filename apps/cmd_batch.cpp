// `ouflow batch`: a base scenario and its line proposals, evaluated and ranked (docs/batch.md).
// One process, or the ranks of `mpirun -np N` (apps/batch_mpi.h): the proposals go round robin
// to the ranks, each rank evaluates the calibration year and the base itself, and rank 0 gathers
// the outcomes and writes the ranking.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "apps/batch_mpi.h"
#include "apps/commands.h"
#include "apps/common_options.h"
#include "networks/input_error.h"
#include "networks/progress.h"
#include "scenarios/scenario.h"
#include "sim/evaluation/batch.h"
#include "sim/execution.h"

namespace ouflow::app {
namespace {

struct BatchArgs {
  std::string base;
  std::vector<std::string> proposals;
  std::string rank_by = std::string(sim::kDefaultRankBy);
  std::string out = "ouflow_batch";
  int jobs = 0;  // 0: min(proposals of this process, threads)
  int window = 60;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void print_table(const std::vector<sim::ProposalOutcome>& outcomes, const std::string& rank_by) {
  const std::vector<std::size_t> order = sim::rank_order(outcomes, rank_by);
  const char* keys[] = {"km_built",  "pop_60_gain",      "boardings_change",
                        "vht_saved", "speed_change_pct", "transit_share_change_pp"};
  std::printf("%-4s %-24s %-6s %10s %12s %12s %10s %8s %8s\n", "rank", "proposal", "status", "km",
              "pop60 gain", "boardings Δ", "VHT saved", "speed%", "share pp");
  for (std::size_t k = 0; k < order.size(); ++k) {
    const sim::ProposalOutcome& o = outcomes[order[k]];
    std::printf("%-4s %-24s %-6s", o.ok ? std::to_string(k + 1).c_str() : "-", o.name.c_str(),
                o.ok ? "ok" : "failed");
    if (o.ok) {
      const int widths[] = {10, 12, 12, 10, 8, 8};
      for (std::size_t c = 0; c < std::size(keys); ++c) {
        const double v = o.columns[*sim::batch_column(keys[c])];
        std::printf(" %*.2f", widths[c], std::abs(v) < 0.005 ? 0.0 : v);  // no "-0.00"
      }
    }
    std::printf("\n");
  }
}

int run_batch(const BatchArgs& a, const BatchRanks& ranks, sim::Execution exec) {
  const auto t0 = std::chrono::steady_clock::now();
  const bool progress = ranks.root() && Progress::enabled();
  sim::EvaluationSettings es;
  es.window_min = a.window;
  es.progress = progress;
  es.exec = exec;
  const std::filesystem::path base_file = scenario::resolve_scenario(a.base);
  const sim::BatchBase base = sim::prepare_batch(base_file, es);
  sim::check_rank_key(a.rank_by, base.evaluation);
  const double t_base = seconds_since(t0);

  std::vector<std::filesystem::path> files(a.proposals.begin(), a.proposals.end());
  std::vector<std::size_t> mine;
  for (std::size_t i = static_cast<std::size_t>(ranks.rank()); i < files.size();
       i += static_cast<std::size_t>(ranks.size())) {
    mine.push_back(i);
  }
  sim::BatchSettings bs;
  bs.evaluation = es;
  const int threads = exec.count();
  bs.jobs = a.jobs > 0 ? a.jobs
                       : static_cast<int>(std::max<std::size_t>(
                             1, std::min(mine.size(), static_cast<std::size_t>(threads))));
  bs.out = a.out;
  bs.progress = progress;
  const auto t1 = std::chrono::steady_clock::now();
  const std::vector<sim::ProposalOutcome> local = sim::evaluate_proposals(base, files, mine, bs);
  for (const sim::ProposalOutcome& o : local) {
    if (o.ok) continue;
    if (ranks.size() > 1) {
      std::fprintf(stderr, "ouflow batch: rank %d: proposal %s failed: %s\n", ranks.rank(),
                   o.file.c_str(), o.error.c_str());
    } else {
      std::fprintf(stderr, "ouflow batch: proposal %s failed: %s\n", o.file.c_str(),
                   o.error.c_str());
    }
  }

  const std::vector<std::string> parts = ranks.gather(sim::serialize_outcomes(local));
  if (!ranks.root()) return 0;
  const double t_proposals = seconds_since(t1);  // every rank's share, gathered
  std::vector<sim::ProposalOutcome> all;
  for (const std::string& p : parts) {
    for (sim::ProposalOutcome& o : sim::deserialize_outcomes(p)) all.push_back(std::move(o));
  }
  std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.index < y.index; });
  sim::write_ranking(a.out, base, all, a.rank_by);
  std::size_t failed = 0;
  for (const sim::ProposalOutcome& o : all) failed += o.ok ? 0 : 1;
  print_table(all, a.rank_by);
  std::printf("ranked by %s; wrote %s/ranking.{csv,md,svg} and %zu result folders\n",
              a.rank_by.c_str(), a.out.c_str(), all.size() - failed);
  std::printf(
      "time: calibration year and base %.1f s, %zu proposals %.1f s (%d at once, %d threads, "
      "%d process%s)\n",
      t_base, all.size(), t_proposals, bs.jobs, threads, ranks.size(),
      ranks.size() == 1 ? "" : "es");
  if (failed > 0) {
    std::fprintf(stderr, "ouflow batch: %zu of %zu proposals failed\n", failed, all.size());
    return 3;
  }
  return 0;
}

}  // namespace

void add_batch_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<BatchArgs>();
  auto* cmd = app.add_subcommand(
      "batch",
      "Evaluate line proposals against one base and rank them: the calibration year (the root "
      "of the base's chain) and the base are evaluated once, each proposal on the same "
      "calibration; writes OUT/ranking.{csv,md,svg} and OUT/<proposal>/ (full results against "
      "the base). Under `mpirun -np N` the proposals are split over the ranks. Exit code 3 when "
      "a proposal failed (the others are still ranked), 2 for bad arguments or a bad base. "
      "Details: docs/batch.md");
  cmd->footer(
      "Example:\n  ouflow batch --base wenzhou_2025_plan scenarios/wenzhou/proposals/*.pbtxt --out "
      "batch_wz\n  mpirun -np 2 ouflow batch --base wenzhou_2025_plan "
      "scenarios/wenzhou/proposals/*.pbtxt --out batch_wz");
  cmd->add_option("--base", args->base,
                  "The base scenario (file or name) every proposal names as its base_scenario")
      ->required();
  cmd->add_option("proposals", args->proposals, "Proposal scenario files (.pbtxt)")
      ->required()
      ->expected(1, -1);
  std::string keys;
  for (const sim::BatchColumn& c : sim::batch_columns()) keys += std::string(c.key) + " ";
  cmd->add_option("--rank-by", args->rank_by,
                  "Rank by this column (more is better): " + keys +
                      "— or by the change of any indicator key of `ouflow evaluate` (e.g. "
                      "jobs_30_transit; vkt, vht, mean_trip_min: less is better)")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Output folder")->capture_default_str();
  cmd->add_option("--jobs", args->jobs,
                  "Proposals evaluated at once in this process, each then on one thread; 1: one "
                  "at a time, each on all --threads; 0 (default): as many as threads, at most "
                  "the proposals of this process")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  cmd->add_option("--window", args->window, "Transit skim window from the peak start, minutes")
      ->check(CLI::Range(1, 240))
      ->capture_default_str();
  cmd->callback([args, &global] {
    const BatchRanks ranks;
    int code = 0;
    try {
      code = run_batch(*args, ranks, global.execution());
    } catch (const InputError&) {
      throw;  // the same on every rank: each says it (mpirun ends the run at the first exit)
    } catch (const std::invalid_argument&) {
      throw;
    } catch (const std::exception& e) {
      if (ranks.size() > 1) {
        std::fprintf(stderr, "ouflow batch: rank %d: error: %s\n", ranks.rank(), e.what());
        ranks.abort(1);
      }
      throw;
    }
    if (code != 0) throw ExitCode{code};
  });
}

}  // namespace ouflow::app
