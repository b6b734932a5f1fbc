#include "sim/demand/feedback.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "networks/trip_table.h"
#include "sim/demand/fixed_point.h"
#include "sim/road/algorithm_b.h"
#include "sim/road/assignment.h"
#include "sim/road/link_performance.h"
#include "sim/road/skim.h"

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// The feedback's Anderson acceleration: iterate differences kept, damping, and the residual
// growth that restarts the history. Chosen on the Wenzhou default (docs/indicators.md): a
// damping of 0.5 or 1 oscillated (residual 0.01-0.1 after 20 iterations); depth 5, 8 and 10 with
// 0.2-0.15 converged, depth 10 with 0.15 fastest (pass 2 at 1e-3 in 15-16 iterations).
constexpr std::size_t kAndersonDepth = 10;
// Furness balancing inside the feedback: marginals to 1e-6 (relative), far below the feedback's
// 1e-3 residual; 1e-9 (the solver's default) took 40 % of the run in extra sweeps.
constexpr double kGravityTolerance = 1e-6;
constexpr double kAndersonMixing = 0.15;
constexpr double kAndersonRestart = 2.0;

// Intrazonal cost: half the cheapest cost to another zone (+infinity when there is none).
void set_intrazonal(std::vector<double>& c, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    double best = kInf;
    for (std::size_t j = 0; j < n; ++j) {
      if (j != i) best = std::min(best, c[i * n + j]);
    }
    c[i * n + i] = 0.5 * best;
  }
}

struct Costs {
  std::vector<double> car, transit, non_motorised, composite;
  std::vector<double> car_time_min, car_distance_m;
};

// nm_distance_m: the shortest road distance per pair (walking and cycling do not follow the
// congested car paths, and their availability must not flip when a car path changes).
Costs build_costs(const FeedbackInputs& in, std::span<const double> link_time_s,
                  std::span<const double> nm_distance_m, const LogitModel& logit) {
  const net::RoadNetwork& road = *in.road;
  const std::size_t n = road.zone_count();
  const DemandParameters& p = in.params;
  const Skim skim = compute_skim(road, link_time_s, link_time_s, in.exec);
  Costs c;
  c.car.resize(n * n);
  c.non_motorised.resize(n * n);
  c.car_time_min.resize(n * n);
  c.car_distance_m = skim.distance_m;
  for (std::size_t k = 0; k < n * n; ++k) {
    const double t = skim.time_s[k] / 60.0;
    c.car_time_min[k] = t;
    c.car[k] = std::isfinite(t) ? t + p.car_terminal_min : kInf;
    const double km = nm_distance_m[k] / 1000.0;
    c.non_motorised[k] = (std::isfinite(km) && km <= p.non_motorised_max_km)
                             ? km / p.non_motorised_speed_kmh * 60.0
                             : kInf;
  }
  set_intrazonal(c.car, n);
  set_intrazonal(c.non_motorised, n);
  if (in.transit_time_min.empty()) {
    c.transit.assign(n * n, kInf);
  } else {
    c.transit.assign(in.transit_time_min.begin(), in.transit_time_min.end());
    for (std::size_t i = 0; i < n; ++i) c.transit[i * n + i] = kInf;
  }
  // Shifted by ln(3) / theta so that three modes of equal time t give t (a constant shift does
  // not change the distribution; it makes the calibration target a time).
  // The constants are left out: the composite measures what the network offers, and keeps the
  // gravity calibration apart from the mode-choice calibration.
  const double shift = std::log(3.0) / logit.theta;
  LogitModel times_only = logit;
  std::fill(times_only.asc.begin(), times_only.asc.end(), 0.0);
  c.composite.resize(n * n);
  double mode_costs[3];
  for (std::size_t k = 0; k < n * n; ++k) {
    mode_costs[kCar] = c.car[k];
    mode_costs[kTransit] = c.transit[k];
    mode_costs[kNonMotorised] = c.non_motorised[k];
    c.composite[k] = logsum_cost(times_only, mode_costs) + shift;
  }
  return c;
}

// Per pair, the expected generalized time of a trip: sum over modes of the logit probability
// times the mode's cost (minutes, without the constants). What "mean trip time" calibrates.
std::vector<double> expected_time(const LogitModel& logit, const Costs& c) {
  std::vector<double> t(c.car.size(), kInf);
  double mode_costs[3], p[3];
  for (std::size_t k = 0; k < t.size(); ++k) {
    mode_costs[kCar] = c.car[k];
    mode_costs[kTransit] = c.transit[k];
    mode_costs[kNonMotorised] = c.non_motorised[k];
    logit_shares_into(logit, mode_costs, p);
    double e = 0.0, w = 0.0;
    for (std::size_t m = 0; m < 3; ++m) {
      if (p[m] > 0.0) {
        e += p[m] * mode_costs[m];
        w += p[m];
      }
    }
    if (w > 0.0) t[k] = e / w;
  }
  return t;
}

// The feedback loop with a given calibration; with `recalibrate`, the logit constants and the
// gravity beta are refitted to the targets on each iteration's costs (the base year).
FeedbackResult feedback(const FeedbackInputs& in, const FeedbackPass& pass, Calibration calibration,
                        bool recalibrate) {
  const net::RoadNetwork& road = *in.road;
  const std::size_t n = road.zone_count();
  const DemandParameters& p = in.params;
  FeedbackResult r;
  r.zones = n;
  r.calibration = std::move(calibration);
  const TripEnds ends = generate_trips(in.population, in.jobs, p.rates);
  LinkPerformance perf(road);
  const std::span<const double> length(road.length_m().data(), road.link_count());
  const std::vector<double> nm_distance_m = compute_skim(road, length, length, in.exec).distance_m;
  r.link_flow_vph.assign(road.link_count(), 0.0);
  r.link_time_s.resize(road.link_count());
  std::vector<std::vector<double>> demand;  // by mode, the average so far
  // A warm start gives the first costs: its link flows (near this network's equilibrium when
  // the network differs little), instead of an empty network's free-flow times, and its bushes
  // when they fit this network. With continue_feedback, its demand is the first iterate (the
  // Anderson history starts afresh: the supply changed, e.g. buses retimed).
  const FeedbackResult* warm = in.warm_start;
  AndersonMixer mixer(kAndersonDepth, kAndersonMixing, kAndersonRestart);
  std::vector<double> flat, response;  // all modes' demand and response, one vector
  std::shared_ptr<const BushSnapshot> bushes;
  if (warm) {
    r.link_flow_vph = warm->link_flow_vph;
    bushes = warm->bushes;
    if (in.continue_feedback) {
      demand = warm->trips;
    }
  }
  perf.times(r.link_flow_vph, r.link_time_s);
  const double motorised = 1.0 - p.non_motorised_share;
  std::vector<double> target_shares{motorised * (1.0 - p.transit_share),
                                    motorised * p.transit_share, p.non_motorised_share};
  if (in.transit_time_min.empty()) {  // no transit: its share is 0, the others keep their ratio
    target_shares = {motorised, 0.0, p.non_motorised_share};
  }

  std::vector<double> column_factors;  // the last balancing: a warm start for the next solve
  for (int it = 1; it <= pass.max_iterations; ++it) {
    FeedbackStep step;
    step.pass = pass.number;
    step.iteration = it;
    Costs c = build_costs(in, r.link_time_s, nm_distance_m, r.calibration.logit);
    std::vector<double> trips;  // the distribution of this iteration's costs
    if (recalibrate) {
      // Gravity first (its cost does not depend on the constants), then the constants. Beta
      // fits the mean door-to-door time of trips (each pair's expected time over the modes, with
      // the constants of the previous iteration), the quantity travel surveys report. When
      // congestion puts the target mean out of reach on this iteration's costs, keep the beta of
      // the last iteration that reached it (the log says so).
      LogitModel times_only = r.calibration.logit;
      std::fill(times_only.asc.begin(), times_only.asc.end(), 0.0);
      const std::vector<double> measure = expected_time(times_only, c);
      GravityResult g;
      // After a miss, keep beta for one iteration: the costs far from the fixed point that put the
      // target out of reach rarely change enough in one step, and each miss costs a bisection of
      // balancings that do not converge.
      const bool missed_last =
          !r.log.empty() && r.log.back().gravity_target_missed &&
          !(r.log.size() >= 2 && r.log[r.log.size() - 2].gravity_target_missed);
      bool fitted = false;
      if (!missed_last) {
        try {
          GravityCalibration gc =
              calibrate_gravity(ends.productions, ends.attractions, c.composite,
                                r.calibration.deterrence, p.mean_trip_time_min, 1e-6,
                                {.tolerance = kGravityTolerance,
                                 .initial_column_factors = column_factors,
                                 .exec = in.exec},
                                measure);
          r.calibration.deterrence = gc.deterrence;
          g = std::move(gc.result);
          fitted = true;
        } catch (const std::invalid_argument&) {
          if (it == 1) throw;
        }
      }
      if (!fitted) {
        step.gravity_target_missed = true;
        g = doubly_constrained_gravity(ends.productions, ends.attractions, c.composite,
                                       r.calibration.deterrence,
                                       {.tolerance = kGravityTolerance,
                                        .initial_column_factors = column_factors,
                                        .exec = in.exec});
      }
      if (g.converged) column_factors = g.column_factors;
      trips = g.trips;  // the distribution at the calibrated beta
      const std::vector<std::span<const double>> mc{c.car, c.transit, c.non_motorised};
      if (!in.share_zones.empty()) {  // the targets describe these zones' trips only
        for (std::size_t o = 0; o < n; ++o) {
          if (in.share_zones[o] == 0) std::fill_n(g.trips.begin() + o * n, n, 0.0);
        }
      }
      r.calibration.logit = calibrate_logit(r.calibration.logit, g.trips, mc, target_shares).model;
    } else {
      // Each iteration's costs differ little from the last: start from its balancing factors.
      GravityResult g = doubly_constrained_gravity(ends.productions, ends.attractions, c.composite,
                                                   r.calibration.deterrence,
                                                   {.tolerance = kGravityTolerance,
                                                    .initial_column_factors = column_factors,
                                                    .exec = in.exec});
      if (g.converged) column_factors = g.column_factors;
      trips = std::move(g.trips);
    }
    const std::vector<std::span<const double>> mode_costs{c.car, c.transit, c.non_motorised};
    const ModeSplit split = split_modes(r.calibration.logit, trips, mode_costs);
    {
      const std::vector<double> e = expected_time(r.calibration.logit, c);
      double tc = 0.0, t = 0.0;
      for (std::size_t k = 0; k < trips.size(); ++k) {
        if (std::isfinite(e[k])) {
          tc += trips[k] * e[k];
          t += trips[k];
        }
      }
      step.mean_trip_min = t > 0.0 ? tc / t : 0.0;
    }

    // The next demand: Anderson-accelerated (sim/demand/fixed_point.h) from the residual, the
    // distance from the current demand to this iteration's response at its costs.
    if (demand.empty()) {
      demand = split.trips;
      step.demand_gap = 1.0;
      step.demand_change = 1.0;
    } else {
      const std::size_t nn = n * n;
      flat.resize(3 * nn);
      response.resize(3 * nn);
      double total = 0.0, gap = 0.0;
      for (std::size_t m = 0; m < 3; ++m) {
        std::copy(demand[m].begin(), demand[m].end(), flat.begin() + m * nn);
        std::copy(split.trips[m].begin(), split.trips[m].end(), response.begin() + m * nn);
      }
      for (std::size_t k = 0; k < flat.size(); ++k) {
        gap += std::abs(response[k] - flat[k]);
        total += flat[k];
      }
      step.demand_gap = total > 0.0 ? gap / total : 0.0;
      mixer.step(flat, response);
      step.history = static_cast<int>(mixer.history());
      double change = 0.0;  // demand still holds the current iterate
      for (std::size_t m = 0; m < 3; ++m) {
        for (std::size_t k = 0; k < nn; ++k) {
          change += std::abs(flat[m * nn + k] - demand[m][k]);
          demand[m][k] = flat[m * nn + k];
        }
      }
      step.demand_change = total > 0.0 ? change / total : 0.0;
    }

    // Car assignment of the averaged demand.
    net::TripTable vehicles(n);
    for (std::size_t o = 0; o < n; ++o) {
      for (std::size_t d = 0; d < n; ++d) {
        if (o != d) {
          vehicles.at(net::ZoneId{static_cast<std::uint32_t>(o)},
                      net::ZoneId{static_cast<std::uint32_t>(d)}) =
              demand[kCar][o * n + d] / p.car_occupancy;
        }
      }
    }
    AssignmentOptions ao;
    ao.algorithm = Algorithm::kAlgorithmB;
    ao.target_gap = p.assignment_gap;
    ao.max_iterations = 200;
    ao.bushes_from = bushes;  // the last iteration's equilibrium, re-balanced to this demand
    ao.keep_bushes = true;
    ao.exec = in.exec;
    AssignmentResult a = assign(road, vehicles, ao);
    bushes = std::move(a.bushes);
    step.warm_bushes = a.warm_bushes;
    r.link_flow_vph = a.flow;
    perf.times(r.link_flow_vph, r.link_time_s);
    step.assignment_gap = a.log.empty() ? 0.0 : a.last().relative_gap;
    step.assignment_iterations = static_cast<int>(a.log.size());

    double all = 0.0;
    step.shares.assign(demand.size(), 0.0);
    for (std::size_t m = 0; m < demand.size(); ++m) {
      for (double x : demand[m]) step.shares[m] += x;
      all += step.shares[m];
    }
    if (all > 0.0) {
      for (double& s : step.shares) s /= all;
    }
    r.log.push_back(step);
    if (in.on_step) in.on_step(step);
    if (step.demand_gap <= pass.tolerance) {
      r.converged = true;
      break;
    }
  }
  r.bushes = std::move(bushes);
  // Final costs at the final flows.
  Costs c = build_costs(in, r.link_time_s, nm_distance_m, r.calibration.logit);
  r.trips = std::move(demand);
  r.cost_min = {std::move(c.car), std::move(c.transit), std::move(c.non_motorised)};
  r.composite_min = std::move(c.composite);
  r.car_time_min = std::move(c.car_time_min);
  r.car_distance_m = std::move(c.car_distance_m);
  return r;
}

}  // namespace

namespace {

void check_inputs(const FeedbackInputs& in) {
  if (in.road == nullptr) throw std::invalid_argument("run_feedback: no road network");
  const net::RoadNetwork& road = *in.road;
  const std::size_t n = road.zone_count();
  if (n == 0) throw std::invalid_argument("run_feedback: the road network has no zones");
  if (in.population.size() != n || in.jobs.size() != n) {
    throw std::invalid_argument("run_feedback: one population and job count per zone");
  }
  if (!in.transit_time_min.empty() && in.transit_time_min.size() != n * n) {
    throw std::invalid_argument("run_feedback: the transit matrix is not zones x zones");
  }
  const DemandParameters& p = in.params;
  if (!(p.car_occupancy > 0.0) || !(p.theta_per_min > 0.0) || !(p.non_motorised_speed_kmh > 0.0)) {
    throw std::invalid_argument("run_feedback: occupancy, theta and speeds must be > 0");
  }
  if (!in.share_zones.empty() && in.share_zones.size() != n) {
    throw std::invalid_argument("run_feedback: share_zones needs one flag per zone");
  }
  if (in.warm_start != nullptr) {
    const FeedbackResult& w = *in.warm_start;
    if (w.link_flow_vph.size() != road.link_count()) {
      throw std::invalid_argument("run_feedback: the warm start has other links than the network");
    }
  }
}

}  // namespace

FeedbackResult calibrate_model(const FeedbackInputs& in, const FeedbackPass& pass) {
  check_inputs(in);
  const DemandParameters& p = in.params;
  Calibration start;
  if (in.calibration) {
    start = *in.calibration;
  } else {
    start.logit = {.modes = {"car", "transit", "non_motorised"},
                   .asc = {0.0, 0.0, 0.0},
                   .theta = p.theta_per_min};
    start.deterrence = {.kind = DeterrenceKind::kExponential, .beta = 1.0 / p.mean_trip_time_min};
  }
  return feedback(in, pass, start, true);
}

FeedbackResult run_feedback(const FeedbackInputs& in, const FeedbackPass& pass) {
  check_inputs(in);
  if (in.calibration) return feedback(in, pass, *in.calibration, false);
  // The base year: calibrate along a feedback run, then evaluate with that calibration fixed,
  // exactly as a scenario is evaluated (so a scenario equal to its base changes nothing).
  FeedbackInputs cold = in;
  cold.warm_start = nullptr;
  cold.continue_feedback = false;
  const FeedbackResult calibrated =
      calibrate_model(cold, {.number = pass.number,
                             .tolerance = kCalibrationToleranceFactor * pass.tolerance,
                             .max_iterations = pass.max_iterations});
  return feedback(in, pass, calibrated.calibration, false);
}

}  // namespace ouflow::sim
