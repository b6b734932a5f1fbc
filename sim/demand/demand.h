// The demand side of the four-step model: trip generation from zone population and jobs, a doubly
// constrained gravity distribution calibrated to a target mean trip cost, and multinomial logit
// mode choice with alternative-specific constants calibrated to target mode shares.
//
// Matrices are dense, row-major zones x zones (origin row, destination column), as in sim/skim.h.
// Costs are generalized minutes (or any unit, used consistently; composite logsum costs may be
// negative); +infinity means "no path",
// which gives a deterrence of 0 and a mode probability of 0.
//
// References:
//   - Ortuzar & Willumsen, Modelling Transport (4th ed., 2011), ch. 5 (gravity model, Furness
//     balancing, Hyman's calibration method) and ch. 7 (multinomial logit, logsum).
//   - Hyman, G.M. (1969), The calibration of trip distribution models, Environment and Planning 1.
//   - NCHRP Report 716 (2012), Travel Demand Forecasting: Parameters and Techniques, ch. 4
//     (gamma deterrence f(c) = c^b * exp(c * c2)) - here f(c) = c^-gamma * exp(-beta * c).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/execution.h"

namespace ouflow::sim {

// ---- Trip generation ---------------------------------------------------------------------------

struct GenerationRates {
  double trips_per_resident = 0.0;  // productions per resident (peak hour)
  double trips_per_job = 0.0;       // attractions per job (peak hour)
};

struct TripEnds {
  std::vector<double> productions, attractions;
};

// productions[i] = rate * population[i]; attractions[j] = rate * jobs[j], then scaled so that
// their total equals the productions' total (productions are the control total, as usual for
// home-based work trips). Throws std::invalid_argument on negative or non-finite inputs, unequal
// spans, or attractions summing to zero while productions do not.
TripEnds generate_trips(std::span<const double> population, std::span<const double> jobs,
                        const GenerationRates& rates);

// ---- Gravity distribution -----------------------------------------------------------------------

enum class DeterrenceKind : std::uint8_t {
  kExponential,  // f(c) = exp(-beta * c)
  kGamma,        // f(c) = max(c, c_min)^(-gamma) * exp(-beta * c)
};

struct Deterrence {
  DeterrenceKind kind = DeterrenceKind::kExponential;
  double beta = 0.1;   // per cost unit, >= 0
  double gamma = 0.0;  // kGamma only, >= 0
  double c_min = 1.0;  // kGamma only: costs below it are raised to it (no pole at 0), > 0
  double operator()(double cost) const;
};

struct GravityOptions {
  double tolerance = 1e-9;  // stop when every row and column total is within this relative error
  int max_iterations = 1000;
  // Column balancing factors to start from (one per zone, e.g. GravityResult::column_factors of a
  // solve on similar costs): fewer sweeps, the same balanced matrix within the tolerance. Empty:
  // start from 1.
  std::span<const double> initial_column_factors;
  Execution exec = {};  // threads of the row and column sums (bit-identical for any count)
};

struct GravityResult {
  std::vector<double> trips;  // zones x zones
  int iterations = 0;
  double max_relative_error = 0.0;  // of row and column totals against their targets
  bool converged = false;
  double mean_cost = 0.0;              // trip-weighted mean of the finite costs
  std::vector<double> column_factors;  // the final b_j (a warm start for a similar solve)
};

// Doubly constrained gravity model T_ij = a_i P_i b_j A_j f(c_ij), balanced by Furness
// (iterative proportional fitting: rows, then columns, until both marginals hold). Productions
// and attractions must have equal totals (within 1e-9 relative). A zone with productions whose
// every destination with attractions has f = 0 cannot be balanced: std::invalid_argument naming
// it. Deterministic (sequential sums in index order).
GravityResult doubly_constrained_gravity(std::span<const double> productions,
                                         std::span<const double> attractions,
                                         std::span<const double> cost, const Deterrence& f,
                                         const GravityOptions& options = {});

struct GravityCalibration {
  Deterrence deterrence;  // with the calibrated beta
  GravityResult result;
  int iterations = 0;
  bool converged = false;
};

// Finds beta (keeping kind, gamma and c_min) so that the model's mean trip cost equals
// `target_mean_cost` within `relative_tolerance` (with `measure` given, the trip-weighted mean of
// that matrix instead, e.g. travel times while `cost` is a composite; result.mean_cost is then
// that mean), by Hyman's method: beta_0 = 1 / target, then
// secant steps on the mean cost, safeguarded by bisection on a bracket (the mean cost decreases
// monotonically in beta). Throws std::invalid_argument when the target lies outside what the
// costs allow (below the smallest or above the mean at beta = 0).
GravityCalibration calibrate_gravity(std::span<const double> productions,
                                     std::span<const double> attractions,
                                     std::span<const double> cost, Deterrence start,
                                     double target_mean_cost, double relative_tolerance = 1e-6,
                                     const GravityOptions& options = {},
                                     std::span<const double> measure = {});

// ---- Mode choice
// ---------------------------------------------------------------------------------

// Multinomial logit over modes with utilities V_m = asc_m - theta * cost_m (cost_m = +infinity:
// mode unavailable, probability 0). Shares are computed with the max-utility shift, so they never
// overflow and always sum to 1 when some mode is available.
struct LogitModel {
  std::vector<std::string> modes;
  std::vector<double> asc;  // one per mode; the first mode's is the reference
  double theta = 0.1;       // cost sensitivity per cost unit, > 0
};

// Probabilities of each mode for one origin-destination pair (costs.size() == modes); all zero
// when no mode is available.
std::vector<double> logit_shares(const LogitModel& model, std::span<const double> costs);
// The same into `p` (size: modes), without allocating.
void logit_shares_into(const LogitModel& model, std::span<const double> costs, std::span<double> p);

// Composite cost (logsum) -1/theta * ln(sum_m exp(asc_m - theta * cost_m)): the expected
// minimum perceived cost, used by the gravity model. +infinity when no mode is available.
double logsum_cost(const LogitModel& model, std::span<const double> costs);

struct ModeSplit {
  // per mode, zones x zones trips
  std::vector<std::vector<double>> trips;
  std::vector<double> totals;  // per mode
  std::vector<double> shares;  // per mode, of all trips split
};

// Splits `trips` (zones x zones) by mode; mode_costs[m] is mode m's cost matrix.
ModeSplit split_modes(const LogitModel& model, std::span<const double> trips,
                      std::span<const std::span<const double>> mode_costs);

struct LogitCalibration {
  LogitModel model;
  ModeSplit split;
  int iterations = 0;
  double max_share_error = 0.0;  // absolute
  bool converged = false;
};

// Adjusts the ASCs (all but the first, reference mode) so that the aggregate shares equal
// `target_shares` (one per mode, summing to 1; a mode never available anywhere must have target
// 0 and is left alone; the reference mode's target must be > 0), by the standard iteration
// asc_m += ln(target_m / share_m) - ln(target_ref / share_ref) (Ortuzar & Willumsen 7.6).
// Stops when every share is within `tolerance` (absolute). Throws std::invalid_argument when a
// mode with a positive target is never available.
LogitCalibration calibrate_logit(LogitModel start, std::span<const double> trips,
                                 std::span<const std::span<const double>> mode_costs,
                                 std::span<const double> target_shares, double tolerance = 1e-9,
                                 int max_iterations = 200);

}  // namespace ouflow::sim
