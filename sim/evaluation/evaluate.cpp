// A scenario evaluated in named stages (evaluate.h): each stage a function with its own inputs
// and outputs; evaluate_scenario() only orchestrates them.
#include "sim/evaluation/evaluate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>

#include "networks/geo.h"
#include "scenarios/inventory.h"
#include "sim/evaluation/bus_congestion.h"
#include "sim/evaluation/plan_indicators.h"
#include "sim/isochrone/point_isochrone.h"
#include "sim/road/link_performance.h"
#include "sim/transit/raptor.h"
#include "sim/transit/stop_access.h"
#include "sim/transit/transit_window.h"
#include "sim/transit/travel_matrix.h"

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kNoLink = std::numeric_limits<std::size_t>::max();
constexpr std::int32_t kDefaultPeakStart = 7 * 3600;

// --- Stage 1: zones -------------------------------------------------------------------------

struct Zones {
  scenario::ZoneRoles roles;
  std::vector<double> population, jobs;  // after the scenario's growth factors
  std::vector<LonLat> centroids;
  std::size_t cbd = 0;  // the zone whose centroid is nearest the CBD point (0 without one)
};

Zones set_up_zones(const scenario::LoadedScenario& s) {
  const net::RoadNetwork& road = s.model.road;
  Zones z;
  z.roles = scenario::read_zone_roles(road, s.base_network);
  const double pf = s.demand.population_factor.value_or(1.0);
  const double jf = s.demand.jobs_factor.value_or(1.0);
  for (const net::ZoneId id : road.zones()) {
    z.population.push_back(road.zone_population()[id] * pf);
    z.jobs.push_back(road.zone_jobs()[id] * jf);
  }
  z.centroids = zone_centroids(road);
  if (s.study_area.cbd) {
    double best = kInf;
    for (std::size_t k = 0; k < z.centroids.size(); ++k) {
      const double d = net::haversine_m(z.centroids[k].lon, z.centroids[k].lat,
                                        s.study_area.cbd->lon, s.study_area.cbd->lat);
      if (d < best) {
        best = d;
        z.cbd = k;
      }
    }
  }
  return z;
}

// --- Stage 2: transit supply ----------------------------------------------------------------

// The departures of every transit computation of the evaluation (the skims, the assignment, the
// CBD isochrone): the settings' date, window and transfers from the scenario's peak start, draw
// 0 of the scenario's seed.
TransitWindow transit_window(const scenario::LoadedScenario& s,
                             const EvaluationSettings& settings) {
  return {.date = settings.date,
          .depart_s = s.demand.peak_start_s.value_or(kDefaultPeakStart),
          .minutes = settings.window_min,
          .max_transfers = settings.max_transfers,
          .draws = 1,
          .seed = s.demand.seed.value_or(Raptor::kDefaultSeed)};
}

// The transit network as run (the scenario's timetable, or its buses retimed in traffic), its
// footpaths (the same stops either way) and its zone-to-zone skim.
class TransitSupply {
 public:
  TransitSupply(const scenario::LoadedScenario& s, const EvaluationSettings& settings,
                const TransitWindow& window, std::span<const LonLat> centroids)
      : s_(s), centroids_(centroids) {
    if (!s.model.transit || s.model.transit->stop_count() == 0) return;
    network_ = &*s.model.transit;
    footpaths_ = Footpaths::build(*network_, {.walk_speed_mps = settings.walk_speed_mps,
                                              .transfer_radius_m = settings.transfer_radius_m});
    matrix_.window = window;
    matrix_.percentiles = {50};
    matrix_.walk_speed_mps = settings.walk_speed_mps;
    matrix_.max_walk_m = settings.max_walk_m;
    matrix_.progress = settings.progress;
    matrix_.exec = settings.exec;
  }

  bool present() const { return network_ != nullptr; }
  const net::TransitNetwork& network() const { return *network_; }
  const Footpaths& footpaths() const { return footpaths_; }

  // Median door-to-door minutes over the window, zones x zones (+infinity: not served).
  std::vector<double> skim() const {
    const TravelTimeMatrix m =
        transit_place_matrix(*network_, footpaths_, centroids_, centroids_, matrix_);
    std::vector<double> minutes(m.time_s.size());
    for (std::size_t k = 0; k < minutes.size(); ++k) {
      const std::int32_t t = m.time_s[k];
      minutes[k] = t == kUnreachable ? kInf : t / 60.0;
    }
    return minutes;
  }

  // Buses and coaches retimed on the congested `link_time_s` (sim/evaluation/bus_congestion.h):
  // when any trip was, the network as run is the retimed one and the mean delay factor is
  // returned; otherwise nothing changes.
  std::optional<double> run_buses_in_traffic(const net::RoadNetwork& road,
                                             std::span<const double> link_time_s) {
    BusCongestionStats stats;
    in_traffic_ = congest_buses(*s_.model.transit, road, link_time_s, &stats);
    if (stats.trips_retimed == 0) return std::nullopt;
    network_ = &*in_traffic_;
    return stats.mean_factor;
  }

  void run_timetable() {
    network_ = &*s_.model.transit;
    in_traffic_.reset();
  }

 private:
  const scenario::LoadedScenario& s_;
  std::span<const LonLat> centroids_;
  const net::TransitNetwork* network_ = nullptr;
  std::optional<net::TransitNetwork> in_traffic_;
  Footpaths footpaths_;
  TransitMatrixOptions matrix_;
};

// --- Stage 3: base-year calibration ---------------------------------------------------------

// A feedback iteration as one line on stderr (progress on a terminal).
std::function<void(const FeedbackStep&)> progress_line(std::string what) {
  return [what = std::move(what)](const FeedbackStep& st) {
    std::fprintf(stderr,
                 "  %s pass %d iteration %d, demand residual %.4f (car assignment: gap %.1e in %d "
                 "iterations)\n",
                 what.c_str(), st.pass, st.iteration, st.demand_gap, st.assignment_gap,
                 st.assignment_iterations);
  };
}

// The model's inputs from the scenario's demand block (defaults: DemandParameters).
FeedbackInputs feedback_inputs(const scenario::LoadedScenario& s, const Zones& z,
                               std::span<const double> transit_time_min, Execution exec,
                               bool progress) {
  FeedbackInputs in;
  in.road = &s.model.road;
  in.population = z.population;
  in.jobs = z.jobs;
  in.transit_time_min = transit_time_min;
  DemandParameters& p = in.params;
  p.rates.trips_per_resident = s.demand.trips_per_resident.value_or(p.rates.trips_per_resident);
  p.rates.trips_per_job = s.demand.trips_per_job.value_or(p.rates.trips_per_job);
  p.mean_trip_time_min = s.demand.mean_trip_time_min.value_or(p.mean_trip_time_min);
  p.transit_share = s.demand.transit_share.value_or(p.transit_share);
  p.non_motorised_share = s.demand.non_motorised_share.value_or(p.non_motorised_share);
  in.share_zones = z.roles.main_centre;
  in.exec = exec;
  if (progress) in.on_step = progress_line(s.name + ":");
  return in;
}

// The base year: calibrated on the timetable skim, then (buses in traffic) the buses retimed on
// that run's roads and calibrated again from its state on the retimed skim, so that the targets
// hold for the transit the evaluation runs. The evaluation then follows exactly a scenario's path
// with this calibration (a scenario equal to its base changes nothing). Leaves `supply` on the
// timetable.
Calibration calibrate_base_year(FeedbackInputs in, TransitSupply& supply, const FeedbackPlan& plan,
                                const std::string& name) {
  if (in.on_step) in.on_step = progress_line(name + " (calibrating):");
  FeedbackResult fit = calibrate_model(in, plan.calibration(1));
  if (plan.two_passes && supply.run_buses_in_traffic(*in.road, fit.link_time_s)) {
    const std::vector<double> retimed = supply.skim();
    FeedbackInputs again = in;
    again.transit_time_min = retimed;
    again.calibration = fit.calibration;
    again.warm_start = &fit;
    again.continue_feedback = true;
    FeedbackResult second = calibrate_model(again, plan.calibration(2));
    fit = std::move(second);
    supply.run_timetable();
  }
  return fit.calibration;
}

// --- Stage 4: feedback passes ---------------------------------------------------------------

// A finished evaluation's state carried onto this network's links by link key (links new here
// start empty): link flows, demand (the same zones) and bushes (used when the graph is the same).
struct WarmStart {
  std::vector<std::size_t> link;  // per link here: the warm start's link, or kNoLink
  FeedbackResult state;

  WarmStart(const ScenarioEvaluation& from, std::span<const LinkKey> keys) {
    std::map<LinkKey, std::size_t> by_key;
    for (std::size_t l = 0; l < from.link_keys.size(); ++l) by_key.emplace(from.link_keys[l], l);
    link.assign(keys.size(), kNoLink);
    for (std::size_t l = 0; l < keys.size(); ++l) {
      if (const auto it = by_key.find(keys[l]); it != by_key.end()) link[l] = it->second;
    }
    state.zones = from.model.zones;
    state.link_flow_vph = carry_over(from.model.link_flow_vph);
    state.trips = from.model.trips;
    state.bushes = from.model.bushes;
  }

  std::vector<double> carry_over(std::span<const double> values) const {
    std::vector<double> out(link.size(), 0.0);
    for (std::size_t l = 0; l < link.size(); ++l) {
      if (link[l] != kNoLink) out[l] = values[link[l]];
    }
    return out;
  }
};

struct FeedbackOutcome {
  FeedbackResult model;                  // the log holds both passes
  std::vector<double> transit_time_min;  // the skim of the last pass
  double bus_delay_factor = 1.0;
  std::vector<double> bus_timing_flow_vph;  // the flows the buses were retimed on
};

// A cold run: one pass, or (buses in traffic) a first pass to a looser tolerance, the buses
// retimed on its congested roads and the skim recomputed, and a second pass from the first's
// demand, flows and bushes to the tolerance.
FeedbackOutcome run_feedback_passes(FeedbackInputs in, TransitSupply& supply,
                                    const FeedbackPlan& plan) {
  FeedbackOutcome out;
  out.transit_time_min.assign(in.transit_time_min.begin(), in.transit_time_min.end());
  FeedbackResult first = run_feedback(in, plan.evaluation(1));
  if (!plan.two_passes) {
    out.model = std::move(first);
    return out;
  }
  out.bus_timing_flow_vph = first.link_flow_vph;
  if (const auto factor = supply.run_buses_in_traffic(*in.road, first.link_time_s)) {
    out.bus_delay_factor = *factor;
    out.transit_time_min = supply.skim();
  }
  in.transit_time_min = out.transit_time_min;
  in.calibration = first.calibration;
  in.warm_start = &first;
  in.continue_feedback = true;
  out.model = run_feedback(in, plan.evaluation(2));
  out.model.log.insert(out.model.log.begin(), first.log.begin(), first.log.end());
  return out;
}

// A warm-started proposal with buses in traffic: the base is at its fixed point, so the buses
// run at the congested times the base's buses ran at (its first pass's flows on this network's
// links), and one pass (numbered 2) from the base's state goes to the tolerance.
FeedbackOutcome continue_from_base(FeedbackInputs in, TransitSupply& supply,
                                   const FeedbackPlan& plan, const ScenarioEvaluation& base,
                                   const WarmStart& warm) {
  FeedbackOutcome out;
  out.bus_timing_flow_vph = base.bus_timing_flow_vph.empty()
                                ? warm.state.link_flow_vph
                                : warm.carry_over(base.bus_timing_flow_vph);
  const net::RoadNetwork& road = *in.road;
  std::vector<double> times(road.link_count());
  LinkPerformance(road).times(out.bus_timing_flow_vph, times);
  if (const auto factor = supply.run_buses_in_traffic(road, times)) {
    out.bus_delay_factor = *factor;
  }
  out.transit_time_min = supply.skim();  // retimed, or the timetable's
  in.transit_time_min = out.transit_time_min;
  out.model = run_feedback(in, plan.evaluation(2));
  return out;
}

// --- Stage 5: transit assignment ------------------------------------------------------------

TransitLoads assign_line_loads(const TransitSupply& supply, const Zones& z,
                               std::span<const double> transit_trips,
                               const EvaluationSettings& settings, const TransitWindow& window) {
  TransitAssignmentOptions o;
  o.window = window;
  o.step_min = settings.assignment_step_min;
  o.exec = settings.exec;
  std::vector<ZoneStops> zone_stops(z.centroids.size());
  for (std::size_t k = 0; k < z.centroids.size(); ++k) {
    for (const StopWalk& w : stops_within(supply.network(), z.centroids[k], settings.max_walk_m,
                                          settings.walk_speed_mps)) {
      zone_stops[k].access.push_back({w.stop, w.walk_s});
      zone_stops[k].egress.emplace_back(w.stop, w.walk_s);
    }
  }
  return assign_transit(supply.network(), supply.footpaths(), zone_stops, transit_trips, o);
}

// --- Stage 6: CBD isochrones ----------------------------------------------------------------

// From the CBD point (else the CBD zone's centroid): by car over the congested times, starting at
// the CBD zone's centroid; by transit, median over the window, from the stops within a walk.
void cbd_isochrones(const scenario::LoadedScenario& s, const Zones& z,
                    std::span<const double> link_time_s, const TransitSupply& supply,
                    const EvaluationSettings& settings, const TransitWindow& window,
                    ScenarioEvaluation& e) {
  const net::RoadNetwork& road = s.model.road;
  if (!(settings.isochrone_cell_m > 0.0) || z.centroids.empty()) return;
  const double max_min = 60.0;
  const EgressWalk walk{settings.walk_speed_mps, settings.max_walk_m};
  const net::NodeId centroid = road.zone_centroid()[net::ZoneId{static_cast<std::uint32_t>(z.cbd)}];
  const net::LonLat cbd = s.study_area.cbd
                              ? net::LonLat{s.study_area.cbd->lon, s.study_area.cbd->lat}
                              : net::LonLat{road.lon()[centroid], road.lat()[centroid]};
  if (!std::isfinite(cbd.lon) || !std::isfinite(cbd.lat) || !std::isfinite(road.lon()[centroid])) {
    return;
  }
  const CarReach car =
      car_reach_from_point(road, link_time_s, cbd, centroid, settings.walk_speed_mps);
  e.cbd_car_isochrone = reach_grid(car.points, max_min, walk, settings.isochrone_cell_m);
  if (!supply.present()) return;
  TransitReachOptions o;
  o.window = window;
  Raptor raptor(supply.network(), supply.footpaths());
  const TransitReach transit = transit_reach_from_point(
      raptor, cbd,
      stops_within(supply.network(), cbd, settings.max_walk_m, settings.walk_speed_mps), o);
  e.cbd_transit_isochrone = reach_grid(transit.points, max_min, walk, settings.isochrone_cell_m);
}

// --- Stage 7: indicators --------------------------------------------------------------------

void plan_indicators(const scenario::LoadedScenario& s, ScenarioEvaluation& e) {
  std::vector<LonLat> ring;
  for (const auto& p : s.study_area.central_city) ring.push_back({p.lon, p.lat});
  const scenario::Inventory inventory = scenario::compute_inventory(s);
  PlanIndicators pi = compute_plan_indicators({.road = s.model.road,
                                               .roles = e.roles,
                                               .population = e.population,
                                               .jobs = e.jobs,
                                               .cbd_zone = e.cbd_zone,
                                               .model = e.model,
                                               .loads = e.loads,
                                               .central_city = ring,
                                               .inventory = inventory});
  e.indicators = pi.values;
  e.unavailable = std::move(pi.unavailable);
  e.seats_within_60 = std::move(pi.seats_within_60);
  e.externals_within_60 = std::move(pi.externals_within_60);
  e.rail_minutes_to_external = std::move(pi.rail_minutes_to_external);
}

}  // namespace

FeedbackPass FeedbackPlan::evaluation(int pass) const {
  const double tolerance = two_passes && pass == 1 ? kFirstPassFactor * kTolerance : kTolerance;
  return {.number = pass, .tolerance = tolerance, .max_iterations = kMaxIterations};
}

FeedbackPass FeedbackPlan::calibration(int pass) const {
  return {.number = pass,
          .tolerance = kCalibrationFactor * evaluation(pass).tolerance,
          .max_iterations = kMaxIterations};
}

LinkKey link_key(const net::RoadNetwork& r, net::LinkId l) {
  return {r.link_external_id()[l], r.node_external_id()[r.tail()[l]],
          r.node_external_id()[r.head()[l]]};
}

ScenarioEvaluation evaluate_scenario(const scenario::LoadedScenario& s,
                                     const EvaluationSettings& settings,
                                     const std::optional<Calibration>& calibration,
                                     const ScenarioEvaluation* warm_start) {
  const net::RoadNetwork& road = s.model.road;
  const std::size_t n = road.zone_count();
  ScenarioEvaluation e;
  e.name = s.name;
  for (const net::ZoneId z : road.zones()) e.zone_ids.push_back(road.zone_external_id()[z]);
  for (const net::LinkId l : road.links()) e.link_keys.push_back(link_key(road, l));
  if (s.model.transit) e.transit_network = *s.model.transit;
  if (warm_start != nullptr &&
      (!calibration || warm_start->zone_ids != e.zone_ids || warm_start->model.trips.size() != 3)) {
    warm_start = nullptr;  // another zoning, or the base year: start cold
  }

  Zones zones = set_up_zones(s);
  const TransitWindow window = transit_window(s, settings);
  TransitSupply supply(s, settings, window, zones.centroids);
  const FeedbackPlan plan{.two_passes = supply.present() && settings.buses_in_traffic};
  // A warm start with buses in traffic runs one pass on buses retimed on the base's roads: no
  // timetable skim. Otherwise the timetable's, reused from the warm start when the timetable,
  // stops and zones are the same (it would come out bit for bit the same).
  const bool warm_single_pass = warm_start != nullptr && plan.two_passes;
  if (supply.present() && !warm_single_pass) {
    if (warm_start != nullptr && warm_start->transit_network == e.transit_network &&
        warm_start->timetable_skim_min.size() == n * n) {
      e.timetable_skim_min = warm_start->timetable_skim_min;
      e.transit_skim_reused = true;
    } else {
      e.timetable_skim_min = supply.skim();
    }
  }

  FeedbackInputs in =
      feedback_inputs(s, zones, e.timetable_skim_min, settings.exec, settings.progress);
  if (calibration) {
    in.calibration = calibration;
  } else {
    in.calibration = calibrate_base_year(in, supply, plan, s.name);
    in.calibration->fitted_on = s.name;
  }
  std::optional<WarmStart> warm;
  if (warm_start != nullptr) {
    warm.emplace(*warm_start, e.link_keys);
    in.warm_start = &warm->state;
    in.continue_feedback = true;
  }
  FeedbackOutcome f = warm_single_pass ? continue_from_base(in, supply, plan, *warm_start, *warm)
                                       : run_feedback_passes(in, supply, plan);
  e.model = std::move(f.model);
  e.transit_time_min = std::move(f.transit_time_min);
  e.bus_delay_factor = f.bus_delay_factor;
  e.bus_timing_flow_vph = std::move(f.bus_timing_flow_vph);
  e.roles = zones.roles;
  e.population = zones.population;
  e.jobs = zones.jobs;
  e.cbd_zone = zones.cbd;

  auto stage = [&](const char* what) {
    if (settings.progress) std::fprintf(stderr, "  %s: %s\n", s.name.c_str(), what);
  };
  if (supply.present()) {
    stage("transit line loads");
    e.loads = assign_line_loads(supply, zones, e.model.trips[kTransit], settings, window);
  }
  stage("CBD isochrones and indicators");
  cbd_isochrones(s, zones, e.model.link_time_s, supply, settings, window, e);
  plan_indicators(s, e);
  return e;
}

CalibratedBaseline evaluate_baseline(const scenario::LoadedScenario& baseline,
                                     const EvaluationSettings& settings) {
  CalibratedBaseline b;
  const std::filesystem::path root = scenario::calibration_root(baseline);
  std::error_code ec;
  if (root == baseline.file || std::filesystem::equivalent(root, baseline.file, ec)) {
    if (settings.progress) {
      std::fprintf(stderr, "evaluating %s (calibrating)\n", baseline.name.c_str());
    }
    b.evaluation = evaluate_scenario(baseline, settings, std::nullopt);
    return b;
  }
  const scenario::LoadedScenario year = scenario::load_scenario(root);
  if (settings.progress) std::fprintf(stderr, "evaluating %s (calibrating)\n", year.name.c_str());
  b.calibration_year = evaluate_scenario(year, settings, std::nullopt);
  if (settings.progress) std::fprintf(stderr, "evaluating %s\n", baseline.name.c_str());
  b.evaluation = evaluate_scenario(baseline, settings, b.calibration_year->model.calibration);
  return b;
}

std::vector<ComparisonRow> compare(const ScenarioEvaluation& baseline,
                                   const ScenarioEvaluation& scenario,
                                   const scenario::LoadedScenario& scenario_file,
                                   const ScenarioEvaluation* base_year) {
  if (base_year == nullptr) base_year = &baseline;
  std::vector<ComparisonRow> rows;
  for (const IndicatorSpec& sp : indicator_catalogue()) {
    ComparisonRow r;
    r.id = sp.id;
    if (!baseline.indicators.has(sp.id) || !scenario.indicators.has(sp.id)) {
      const std::string_view a = unavailable_reason(baseline.unavailable, sp.id),
                             b = unavailable_reason(scenario.unavailable, sp.id);
      r.unavailable = !b.empty() ? std::string(b) : !a.empty() ? std::string(a) : "not computed";
      r.baseline = baseline.indicators[sp.id];
      r.scenario = scenario.indicators[sp.id];
      r.change = std::numeric_limits<double>::quiet_NaN();
      rows.push_back(r);
      continue;
    }
    r.baseline = baseline.indicators[sp.id];
    r.scenario = scenario.indicators[sp.id];
    r.change = indicator_change(sp.id, r.baseline, r.scenario);
    for (const scenario::PlanTarget& t : scenario_file.targets) {
      if (sp.target.empty() || t.indicator != sp.target) continue;
      // A target on a change counts from the plan's base year (the calibration year), whatever
      // the baseline of the comparison.
      const double x = sp.target_on_change
                           ? indicator_change(sp.id, base_year->indicators[sp.id], r.scenario)
                           : r.scenario;
      r.target = t.value;
      r.met = t.at_most ? x <= t.value : x >= t.value;
    }
    rows.push_back(r);
  }
  return rows;
}

}  // namespace ouflow::sim
