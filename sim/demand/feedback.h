// The coupled peak-hour model behind `ouflow evaluate`: trip generation, a doubly constrained
// gravity distribution on the composite (logsum) cost, logit mode choice between car, transit and
// non-motorised travel, and user-equilibrium car assignment, iterated until the demand is the
// response to its own congested costs (the "feedback loop" of the four-step model, Boyce &
// Williams 2015, ch. 9), the iterates Anderson-accelerated (sim/demand/fixed_point.h).
//
// Model choices (each documented in docs/indicators.md):
//   - Costs are in minutes. Car: congested zone-to-zone time of the fastest path plus a terminal
//     time (parking and walking at both ends). Transit: a given zone-to-zone matrix (the median
//     door-to-door time over the peak window, computed by the caller with RAPTOR; +infinity where
//     transit cannot serve the pair). Non-motorised (walk, bicycle, e-bike): road distance at a
//     fixed speed, available up to a maximum distance.
//   - Intrazonal costs: half the cheapest cost to another zone, per mode (transit: unavailable).
//   - The gravity model distributes person trips on the composite time of the three modes (the
//     logsum -1/theta ln(1/3 sum_m exp(-theta t_m)), constants left out: what the network
//     offers; three equal modes give their own time, unavailable modes add to it); the
//     base year calibrates its beta (Hyman's method) to the target mean door-to-door time of trips
//     (per pair the logit-weighted time of the modes, with the previous iteration's constants),
//     then the logit constants to the target mode shares; a scenario reuses the baseline's
//     calibration, so that differences come from the network, not from re-fitting.
//   - Car person trips / occupancy = vehicle trips, assigned to user equilibrium (Algorithm B).
//   - Feedback: the response F(d) to a demand d is the distribution and mode split at the costs
//     of d's car assignment; the next demand is the Anderson step from the last iterates and
//     their residuals F(d) - d over the full mode-split matrices (depth 10, damping 0.15), until
//     the residual sum |F(d) - d| / sum d is at or below the tolerance. Successive averages
//     (1/k) stalled at a residual of 10 % on Wenzhou, a congested network where a few more cars
//     cost minutes. Each car assignment starts from the previous one's bushes.
//   - Non-motorised distances are the shortest road distances (fixed): walking and cycling do not
//     follow the congested car paths, and their 8 km availability must not flip with them.
// Deterministic: every step is (gravity, logit: sequential; assignment and skims: bit-identical
// for any thread count).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "networks/road_network.h"
#include "sim/demand/demand.h"
#include "sim/execution.h"

namespace ouflow::sim {

struct BushSnapshot;  // sim/road/algorithm_b.h

struct DemandParameters {
  GenerationRates rates{.trips_per_resident = 0.12, .trips_per_job = 0.2};
  double mean_trip_time_min = 20.0;   // gravity target: mean door-to-door time of trips (base year)
  double transit_share = 0.35;        // of motorised trips (car + transit), base year
  double non_motorised_share = 0.25;  // of all trips, base year
  double car_occupancy = 1.3;         // persons per car
  double car_terminal_min = 4.0;      // parking and walking, both ends together
  double non_motorised_speed_kmh = 12.0;
  double non_motorised_max_km = 8.0;
  double theta_per_min = 0.08;  // logit cost sensitivity
  double assignment_gap = 1e-5;
};

// The feedback's stopping residual (sum |F(d) - d| / sum d), and the looser one of calibrating
// runs (a multiple of the pass they stand for: the parameters need no tight fixed point).
inline constexpr double kFeedbackTolerance = 1e-3;
inline constexpr double kCalibrationToleranceFactor = 10.0;

// One pass of the feedback: its number (stamped on every FeedbackStep), the residual at which
// it stops, and its iteration limit. An explicit argument: the inputs are not a control block.
struct FeedbackPass {
  int number = 1;
  double tolerance = kFeedbackTolerance;
  int max_iterations = 25;
};

struct Calibration {
  Deterrence deterrence;
  LogitModel logit;       // modes: car, transit, non_motorised
  std::string fitted_on;  // the scenario (calibration year) it was fitted on; for reports
};

inline constexpr std::size_t kCar = 0, kTransit = 1, kNonMotorised = 2;

struct FeedbackResult;
struct FeedbackStep;

struct FeedbackInputs {
  const net::RoadNetwork* road = nullptr;
  std::span<const double> population, jobs;  // per zone
  // zones x zones, minutes, +infinity where transit does not serve; empty: no transit at all.
  std::span<const double> transit_time_min;
  DemandParameters params;
  std::optional<Calibration> calibration;  // absent: calibrate (the base year)
  // Zones whose produced trips the mode-share targets describe (1 = in; empty: all zones). The
  // plan's 35 % transit share is that of the urban area, not of the rural counties.
  std::span<const std::uint8_t> share_zones;
  // A finished evaluation on the same links (e.g. of a proposal's base, its flows mapped onto this
  // network's links): the feedback's first costs come from its link flows instead of an empty
  // network, so it starts near the fixed point and needs fewer iterations; the result equals a
  // cold start within the feedback tolerance. Used only with a given calibration.
  const FeedbackResult* warm_start = nullptr;
  // With a warm start of the same zones: also start from its demand (a second pass on a changed
  // supply, e.g. buses retimed on congested roads), instead of the first response.
  bool continue_feedback = false;
  // Threads of the skims, the gravity balancing and the car assignment (the results are the same
  // for any count).
  Execution exec;
  // Called after every feedback iteration (progress on a terminal); may be empty.
  std::function<void(const FeedbackStep&)> on_step;
};

struct FeedbackStep {
  int pass = 1;  // FeedbackPass::number (2: after buses were retimed, sim/evaluation/evaluate.h)
  int iteration = 0;
  // The residual: sum |response - average| / sum average over all modes and pairs, where the
  // response is this iteration's distribution and mode split at the average's costs (1 on the
  // first iteration). The feedback has converged when it is at or below the tolerance.
  double demand_gap = 0.0;
  int history = 0;             // iterates the Anderson step combined (0: a damped step)
  double demand_change = 0.0;  // sum |next - current| / sum current: how far the demand moved
  double assignment_gap = 0.0;
  int assignment_iterations = 0;
  bool warm_bushes = false;    // the assignment started from the previous equilibrium's bushes
  double mean_trip_min = 0.0;  // trip-weighted expected generalized time (no constants)
  std::vector<double> shares;  // per mode
  bool gravity_target_missed = false;  // base year: the target mean was out of reach
};

struct FeedbackResult {
  std::size_t zones = 0;
  Calibration calibration;
  // Peak-hour person trips by mode (zones x zones): kCar, kTransit, kNonMotorised.
  std::vector<std::vector<double>> trips;
  // The final costs (minutes) by mode, and the composite cost.
  std::vector<std::vector<double>> cost_min;
  std::vector<double> composite_min;
  // Car times without the terminal time (minutes) and road distances (m), zones x zones.
  std::vector<double> car_time_min, car_distance_m;
  std::vector<double> link_flow_vph, link_time_s;  // by LinkId value
  std::vector<FeedbackStep> log;
  bool converged = false;
  // The car assignment's final bushes, to warm-start the next assignment on the same network.
  std::shared_ptr<const BushSnapshot> bushes;
};

// Throws std::invalid_argument on inconsistent inputs (sizes, negative values). Without a
// calibration: calibrate_model() from a cold start (to kCalibrationToleranceFactor x the pass's
// tolerance), then the pass with that calibration fixed.
FeedbackResult run_feedback(const FeedbackInputs& inputs, const FeedbackPass& pass = {});

// The base year's calibrating feedback run, to `pass`'s tolerance (the caller states it: a
// multiple of the evaluation's): gravity beta and logit constants refitted to the targets on
// every iteration's costs; its result's calibration is the fit. Starts from inputs.calibration when
// given (else beta = 1 / mean time, constants 0) and from inputs.warm_start's state when given
// (e.g. a second calibration after the buses were retimed on the first one's roads).
FeedbackResult calibrate_model(const FeedbackInputs& inputs, const FeedbackPass& pass);

}  // namespace ouflow::sim
