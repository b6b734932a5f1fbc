// Static user-equilibrium traffic assignment: the common interface of every algorithm.
//
// Costs are generalized costs in seconds (sim/link_performance.h); demand is a TripTable over
// the network's zones, loaded between zone centroids (intrazonal demand is not assigned).
// Convergence measures, computed from the link flows of an iteration:
//   TSTT = sum_a x_a c_a(x_a),  SPTT = sum_rs d_rs * (shortest r->s cost at c(x)),
//   relative gap = 1 - SPTT / TSTT,  average excess cost = (TSTT - SPTT) / total assigned demand,
//   Beckmann objective = sum_a integral_0^x_a c_a(w) dw.
// Results are bit-identical for any number of threads.
#pragma once

#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "networks/ids.h"
#include "networks/road_network.h"
#include "networks/trip_table.h"
#include "sim/execution.h"

namespace ouflow::sim {

struct BushSnapshot;  // sim/road/algorithm_b.h

enum class Algorithm {
  kAllOrNothing,
  kMsa,            // method of successive averages, step 1/k
  kFrankWolfe,     // line search on the Beckmann objective
  kConjugateFw,    // Mitradjieva & Lindberg (2013)
  kBiconjugateFw,  // Mitradjieva & Lindberg (2013)
  kAlgorithmB,     // Dial (2006) bush-based, Newton flow shifts
};

std::string_view to_string(Algorithm a);
std::optional<Algorithm> parse_algorithm(std::string_view name);

struct IterationStats {
  int iteration = 0;
  double relative_gap = 0.0;
  double average_excess_cost = 0.0;  // seconds per trip
  double beckmann = 0.0;             // vehicle-seconds
  double tstt = 0.0, sptt = 0.0;     // vehicle-seconds
  double seconds = 0.0;              // wall clock since assign() started
};

struct AssignmentOptions {
  Algorithm algorithm = Algorithm::kAlgorithmB;
  double target_gap = 1e-8;  // stop when the relative gap is at or below
  int max_iterations = 10000;
  double max_seconds = std::numeric_limits<double>::infinity();
  // Warm start. The Frank-Wolfe family starts from link flows (by LinkId value) instead of an
  // all-or-nothing load; Algorithm B from a bush file written by an earlier run.
  std::optional<std::vector<double>> warm_start_flows;
  std::optional<std::filesystem::path> bushes_in;
  std::optional<std::filesystem::path> bushes_out;  // Algorithm B: where to save the final bushes
  // Algorithm B in memory: start from the bushes an earlier run kept (AssignmentResult::bushes)
  // when they belong to the same graph and origins (otherwise ignored: bushes_in or a cold
  // start); keep_bushes keeps the final bushes in the result.
  std::shared_ptr<const BushSnapshot> bushes_from;
  bool keep_bushes = false;
  // Called after every iteration (from the calling thread).
  std::function<void(const IterationStats&)> on_iteration;
  // Threads of the all-or-nothing loads and Algorithm B's parallel phases.
  Execution exec = {};
};

struct AssignmentResult {
  Algorithm algorithm = Algorithm::kAlgorithmB;
  std::vector<double> flow;  // by LinkId value
  std::vector<IterationStats> log;
  bool converged = false;                      // target gap reached
  bool warm_bushes = false;                    // Algorithm B started from bushes_from
  std::shared_ptr<const BushSnapshot> bushes;  // Algorithm B with keep_bushes: the final bushes
  const IterationStats& last() const { return log.back(); }
};

AssignmentResult assign(const net::RoadNetwork& net, const net::TripTable& demand,
                        const AssignmentOptions& options);

}  // namespace ouflow::sim
