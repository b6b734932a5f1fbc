// Batch evaluation of line proposals against one base scenario, and their ranking
// (docs/batch.md). The calibration year (the root of the base's chain of bases) is evaluated once
// and calibrates; the base is evaluated once on that calibration; every proposal — a scenario
// whose base_scenario is the batch's base — is evaluated on the same calibration and compared
// with the base. A proposal that fails to load, names another base or fails to evaluate is a
// failed row of the ranking (file:line: message); it does not stop the others.
//
// Proposals are warm-started from the base's evaluation (evaluate_scenario's warm_start): equal to
// a cold evaluation within the feedback tolerance.
//
// The work splits three ways, with the same results (bit for bit) for any split:
//   - prepare_batch(): the calibration year and the base, once per process;
//   - evaluate_proposals(): any subset of the proposals (an MPI rank's share), `jobs` of them at
//     once (OpenMP over proposals; the inner parallel regions then run on one thread), each
//     writing its full result folder;
//   - write_ranking(): the outcomes of all proposals, gathered in any order, into
//     DIR/ranking.{csv,md,svg}.
// ProposalOutcome is small (its figures, not the evaluation), so that ranks can exchange it:
// serialize_outcomes() / deserialize_outcomes() keep every double's bits.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/inventory.h"
#include "scenarios/scenario.h"
#include "sim/evaluation/evaluate.h"

namespace ouflow::sim {

// A figure of the ranking, computed from a proposal's evaluation and the base's. Every column is
// "more is better" (VHT enters as VHT saved), so rankings sort descending.
struct BatchColumn {
  std::string_view key, label, unit;
};
// The columns, in table order (keys and definitions: docs/batch.md).
std::span<const BatchColumn> batch_columns();
// The index of `key` in batch_columns(); nullopt when it is not a column.
std::optional<std::size_t> batch_column(std::string_view key);
inline constexpr std::string_view kDefaultRankBy = "pop_60_gain";

struct ProposalOutcome {
  std::size_t index = 0;  // position in the batch's list of proposals
  std::string file;       // as given on the command line
  std::string folder;     // its result folder, relative to the output folder
  std::string name, title;
  bool ok = false;
  std::string error;            // when !ok: "file:line: message"
  std::vector<double> columns;  // per batch_columns(); NaN where undefined (e.g. per km of 0 km)
  // Per indicator of the catalogue: the change against the base as compare() states it
  // (sim/evaluation/catalogue.h); NaN where either run lacks it.
  IndicatorValues indicator_changes;
};

// The shared, read-only part of a batch: what every proposal is compared with.
struct BatchBase {
  scenario::LoadedScenario base;
  std::filesystem::path calibration_file;  // the root of the base's chain
  std::string calibration_name;
  Calibration calibration;
  ScenarioEvaluation evaluation;  // the base's, on `calibration`
  // The calibration year's evaluation when it is not the base (evaluate_baseline()): the plan's
  // base year, from which targets on changes are judged.
  std::optional<ScenarioEvaluation> calibration_year;
  scenario::Inventory inventory;  // the base's
  const ScenarioEvaluation& base_year() const {
    return calibration_year ? *calibration_year : evaluation;
  }
};

// Loads `base_file`, evaluates the root of its chain (calibrating) and then the base on that
// calibration (once when the base is itself the root). Throws InputError on bad input.
BatchBase prepare_batch(const std::filesystem::path& base_file, const EvaluationSettings& settings);

struct BatchSettings {
  EvaluationSettings evaluation;
  int jobs = 1;               // proposals evaluated at once (OpenMP threads over proposals)
  std::filesystem::path out;  // result folders go to out/<folder>/; empty: none written
  bool progress = false;      // "proposals: done/total, time left" on stderr (a terminal)
};

// One folder name per proposal: the file's stem, made unique by _2, _3 ... in list order.
std::vector<std::string> proposal_folders(std::span<const std::filesystem::path> proposals);

// Evaluates proposals[i] for every i in `indices` against `base`, writing each one's full
// result folder (write_evaluation and write_changes against the base) when settings.out is set.
// Never throws for a proposal: its outcome says why it failed. Outcomes in `indices` order.
std::vector<ProposalOutcome> evaluate_proposals(const BatchBase& base,
                                                std::span<const std::filesystem::path> proposals,
                                                std::span<const std::size_t> indices,
                                                const BatchSettings& settings);

// The outcome of one proposal from its evaluation (exposed for tests).
ProposalOutcome make_outcome(const BatchBase& base, const scenario::LoadedScenario& proposal,
                             const ScenarioEvaluation& evaluation);

// Throws std::invalid_argument unless `key` is a batch column or an indicator key of the base's
// evaluation; the message lists the keys.
void check_rank_key(std::string_view key, const ScenarioEvaluation& base_evaluation);

// The order of the ranking: ok outcomes by `rank_by` descending (indicator keys: by their change,
// ascending for vkt, vht and mean_trip_min, where less is better), undefined values after
// defined ones; ties by boardings_change descending (by vht_saved when that is the key), then in
// list order; failed outcomes last, in list order.
std::vector<std::size_t> rank_order(std::span<const ProposalOutcome> outcomes,
                                    std::string_view rank_by);

// Writes out/ranking.csv, out/ranking.md and out/ranking.svg (each atomically). `outcomes` may
// come in any order; they are sorted by index first.
void write_ranking(const std::filesystem::path& out, const BatchBase& base,
                   std::vector<ProposalOutcome> outcomes, std::string_view rank_by);

// Byte strings of outcomes for message passing; deserialize throws std::runtime_error on a
// malformed string.
std::string serialize_outcomes(std::span<const ProposalOutcome> outcomes);
std::vector<ProposalOutcome> deserialize_outcomes(std::string_view bytes);

}  // namespace ouflow::sim
