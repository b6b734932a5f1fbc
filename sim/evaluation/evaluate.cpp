#include "sim/evaluation/evaluate.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>

#include "networks/geo.h"
#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"
#include "networks/io/json_text.h"
#include "scenarios/inventory.h"
#include "sim/road/assignment_output.h"
#include "sim/evaluation/bus_congestion.h"
#include "sim/evaluation/indicators.h"
#include "sim/road/link_performance.h"
#include "sim/isochrone/point_isochrone.h"
#include "sim/transit/raptor.h"
#include "sim/transit/travel_matrix.h"

namespace ouflow::sim {
namespace {

using io::json_number;
using io::json_string;

constexpr double kInf = std::numeric_limits<double>::infinity();
// The first of two feedback passes stops at this multiple of the tolerance: the second, on the
// retimed buses, starts from it and does the rest.
constexpr double kFirstPassToleranceFactor = 30.0;
constexpr std::size_t kNoLink = std::numeric_limits<std::size_t>::max();

double share_pct(const ShareWithin& s) { return 100.0 * s.share; }

double sum(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}

// Zones' access and egress stops within the walking radius (straight line).
std::vector<ZoneStops> zone_stops(const net::TransitNetwork& t, std::span<const LonLat> centroids,
                                  double walk_speed_mps, double max_walk_m) {
  std::vector<ZoneStops> out(centroids.size());
  const auto& c = t.columns();
  for (std::size_t z = 0; z < centroids.size(); ++z) {
    for (const net::StopId s : t.stops()) {
      const double d =
          net::haversine_m(centroids[z].lon, centroids[z].lat, c.stop_lon[s], c.stop_lat[s]);
      if (!(d <= max_walk_m)) continue;
      const std::int32_t w = walk_time_s(d, walk_speed_mps);
      out[z].access.push_back({s, w});
      out[z].egress.emplace_back(s, w);
    }
  }
  return out;
}

// Jobs reachable within 60 min by `mode` from each zone (the per-zone accessibility).
std::vector<double> jobs_within_60(const ScenarioEvaluation& e, std::size_t mode) {
  const std::size_t n = e.population.size();
  std::vector<double> out(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (e.model.cost_min[mode][i * n + j] <= 60.0) out[i] += e.jobs[j];
    }
  }
  return out;
}
std::vector<double> jobs_60_transit(const ScenarioEvaluation& e) {
  return jobs_within_60(e, kTransit);
}

void number_or_empty(io::CsvWriter& w, double x) {
  if (std::isfinite(x)) {
    w.field(x);
  } else {
    w.empty_field();
  }
}

void add(std::vector<Indicator>& v, std::string key, std::string label, std::string unit,
         double value) {
  v.push_back({std::move(key), std::move(label), std::move(unit), value});
}

}  // namespace

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
  e.roles = scenario::read_zone_roles(road, s.base_network);
  const double pf = s.demand.population_factor.value_or(1.0);
  const double jf = s.demand.jobs_factor.value_or(1.0);
  for (const net::ZoneId z : road.zones()) {
    e.population.push_back(road.zone_population()[z] * pf);
    e.jobs.push_back(road.zone_jobs()[z] * jf);
  }
  const std::vector<LonLat> centroids = zone_centroids(road);
  if (s.study_area.cbd) {
    double best = kInf;
    for (std::size_t z = 0; z < n; ++z) {
      const double d = net::haversine_m(centroids[z].lon, centroids[z].lat, s.study_area.cbd->lon,
                                        s.study_area.cbd->lat);
      if (d < best) {
        best = d;
        e.cbd_zone = z;
      }
    }
  }
  const std::int32_t peak_start = s.demand.peak_start_s.value_or(7 * 3600);

  // Transit skim: median door-to-door time over the window.
  const bool has_transit = s.model.transit && s.model.transit->stop_count() > 0;
  // The transit network as run: the scenario's timetable, then (buses in traffic) with bus running
  // times following the congested roads.
  const net::TransitNetwork* network = has_transit ? &*s.model.transit : nullptr;
  std::optional<net::TransitNetwork> in_traffic;
  // Walking between stops: the same for the timetable and the retimed buses (same stops).
  Footpaths footpaths;
  if (has_transit) {
    footpaths = Footpaths::build(*network, {.walk_speed_mps = settings.walk_speed_mps,
                                            .transfer_radius_m = settings.transfer_radius_m});
  }
  TransitMatrixOptions o;
  o.date = settings.date;
  o.departure_s = peak_start;
  o.window_minutes = settings.window_min;
  o.percentiles = {50};
  o.max_transfers = settings.max_transfers;
  o.walk_speed_mps = settings.walk_speed_mps;
  o.max_walk_m = settings.max_walk_m;
  o.seed = s.demand.seed.value_or(Raptor::kDefaultSeed);
  o.progress = settings.progress;
  auto skim = [&] {
    const TravelTimeMatrix m = transit_place_matrix(*network, footpaths, centroids, centroids, o);
    e.transit_time_min.resize(n * n);
    for (std::size_t k = 0; k < n * n; ++k) {
      const std::int32_t t = m.time_s[k];
      e.transit_time_min[k] = t == kUnreachable ? kInf : t / 60.0;
    }
  };
  // Buses retimed on `link_time_s`: when any trip was, the transit network runs with them and
  // the skim is recomputed on it. Returns their mean delay factor (none: nothing retimed).
  auto retime_buses = [&](std::span<const double> link_time_s) -> std::optional<double> {
    BusCongestionStats stats;
    in_traffic = congest_buses(*s.model.transit, road, link_time_s, &stats);
    if (stats.trips_retimed == 0) return std::nullopt;
    network = &*in_traffic;
    skim();
    return stats.mean_factor;
  };
  const bool two_passes = has_transit && settings.buses_in_traffic;
  // A warm start with buses in traffic runs one pass: buses retimed on the base's congested
  // roads (below), no timetable skim.
  const bool warm_single_pass = warm_start != nullptr && two_passes;
  if (has_transit && !warm_single_pass) {
    if (warm_start != nullptr && warm_start->transit_network == e.transit_network &&
        warm_start->timetable_skim_min.size() == n * n) {
      // The same timetable, stops and zones: the skim would come out bit for bit the same.
      e.transit_time_min = warm_start->timetable_skim_min;
      e.transit_skim_reused = true;
    } else {
      skim();
    }
    e.timetable_skim_min = e.transit_time_min;
  }

  FeedbackInputs in;
  in.road = &road;
  in.population = e.population;
  in.jobs = e.jobs;
  in.transit_time_min = e.transit_time_min;
  in.params.rates.trips_per_resident =
      s.demand.trips_per_resident.value_or(in.params.rates.trips_per_resident);
  in.params.rates.trips_per_job = s.demand.trips_per_job.value_or(in.params.rates.trips_per_job);
  in.params.mean_trip_time_min = s.demand.mean_trip_time_min.value_or(in.params.mean_trip_time_min);
  in.params.transit_share = s.demand.transit_share.value_or(in.params.transit_share);
  in.params.non_motorised_share =
      s.demand.non_motorised_share.value_or(in.params.non_motorised_share);
  in.share_zones = e.roles.main_centre;
  if (calibration) {
    in.calibration = calibration;
  } else {
    // The base year: calibrate on the timetable skim, then (buses in traffic) retime the buses on
    // that run's roads and calibrate again from its state on the retimed skim, so that the
    // targets hold for the transit the evaluation runs, not for the timetable. The evaluation
    // below then follows exactly a scenario's path with this calibration (a scenario equal to
    // its base changes nothing).
    FeedbackInputs first_fit = in;
    if (two_passes) first_fit.params.feedback_tolerance *= kFirstPassToleranceFactor;
    FeedbackResult fit = calibrate_model(first_fit);
    if (two_passes && retime_buses(fit.link_time_s)) {
      const std::vector<double> retimed = std::move(e.transit_time_min);
      FeedbackInputs again = in;
      again.transit_time_min = retimed;
      again.calibration = fit.calibration;
      again.warm_start = &fit;
      again.continue_feedback = true;
      FeedbackResult second = calibrate_model(again);
      fit = std::move(second);
      // Back to the timetable for the evaluation proper.
      network = &*s.model.transit;
      in_traffic.reset();
      e.transit_time_min = e.timetable_skim_min;
      in.transit_time_min = e.transit_time_min;
    }
    in.calibration = fit.calibration;
  }
  // A warm start's per-link values carried over by link key (links new here get 0): for each of
  // this network's links, the warm start's link with the same key.
  std::vector<std::size_t> warm_link;
  if (warm_start != nullptr) {
    std::map<LinkKey, std::size_t> by_key;
    for (std::size_t l = 0; l < warm_start->link_keys.size(); ++l) {
      by_key.emplace(warm_start->link_keys[l], l);
    }
    warm_link.assign(e.link_keys.size(), kNoLink);
    for (std::size_t l = 0; l < e.link_keys.size(); ++l) {
      const auto it = by_key.find(e.link_keys[l]);
      if (it != by_key.end()) warm_link[l] = it->second;
    }
  }
  auto carry_over = [&](std::span<const double> values) {
    std::vector<double> out(warm_link.size(), 0.0);
    for (std::size_t l = 0; l < warm_link.size(); ++l) {
      if (warm_link[l] != kNoLink) out[l] = values[warm_link[l]];
    }
    return out;
  };
  FeedbackResult warm;
  if (warm_start != nullptr) {
    // The base's link flows, demand (the same zones) and bushes (used when the graph is the
    // same).
    warm.zones = n;
    warm.link_flow_vph = carry_over(warm_start->model.link_flow_vph);
    warm.trips = warm_start->model.trips;
    warm.bushes = warm_start->model.bushes;
    in.warm_start = &warm;
    in.continue_feedback = true;
  }
  if (warm_single_pass) {
    // The base is at its fixed point: the buses run at the congested times the base's buses ran
    // at (its first pass's flows on this network's links), and one pass from its state goes to
    // the tolerance. A cold run retimes them on its own first pass instead.
    e.bus_timing_flow_vph = warm_start->bus_timing_flow_vph.empty()
                                ? warm.link_flow_vph
                                : carry_over(warm_start->bus_timing_flow_vph);
    std::vector<double> times(road.link_count());
    LinkPerformance(road).times(e.bus_timing_flow_vph, times);
    if (const auto factor = retime_buses(times)) {
      e.bus_delay_factor = *factor;
    } else {
      skim();  // the timetable's (not computed above for a warm start)
    }
    in.transit_time_min = e.transit_time_min;
    e.model = run_feedback(in);
    for (FeedbackStep& st : e.model.log) st.pass = 2;
  } else {
    // Two passes when buses run in traffic: the first to a looser tolerance, then the buses are
    // retimed on its congested roads, the transit skim recomputed, and the feedback continued
    // from the first pass's demand, flows and bushes with the same calibration (the base year's
    // from its first pass, so that a scenario equal to its base still changes nothing) to the
    // tolerance. Without retimed buses the second pass just continues on the same skim.
    const double tolerance = in.params.feedback_tolerance;
    if (two_passes) in.params.feedback_tolerance = kFirstPassToleranceFactor * tolerance;
    e.model = run_feedback(in);
    if (two_passes) {
      e.bus_timing_flow_vph = e.model.link_flow_vph;
      if (const auto factor = retime_buses(e.model.link_time_s)) {
        e.bus_delay_factor = *factor;
        in.transit_time_min = e.transit_time_min;
      }
      FeedbackResult first = std::move(e.model);
      in.params.feedback_tolerance = tolerance;
      in.calibration = first.calibration;
      in.warm_start = &first;
      in.continue_feedback = true;
      e.model = run_feedback(in);
      for (FeedbackStep& st : e.model.log) st.pass = 2;
      e.model.log.insert(e.model.log.begin(), first.log.begin(), first.log.end());
    }
  }

  if (has_transit) {
    TransitAssignmentOptions ao;
    ao.date = settings.date;
    ao.first_departure_s = peak_start;
    ao.minutes = settings.window_min;
    ao.step_min = settings.assignment_step_min;
    ao.max_transfers = settings.max_transfers;
    ao.seed = s.demand.seed.value_or(Raptor::kDefaultSeed);
    const std::vector<ZoneStops> zs =
        zone_stops(*network, centroids, settings.walk_speed_mps, settings.max_walk_m);
    e.loads = assign_transit(*network, footpaths, zs, e.model.trips[kTransit], ao);
  }

  // Isochrones of the CBD: by car over the congested peak-hour times from the CBD zone's
  // centroid, by transit (median over the window) from the stops within a walk of the CBD.
  if (settings.isochrone_cell_m > 0.0 && n > 0) {
    const double max_min = 60.0;
    const EgressWalk walk{settings.walk_speed_mps, settings.max_walk_m};
    const net::NodeId origin =
        road.zone_centroid()[net::ZoneId{static_cast<std::uint32_t>(e.cbd_zone)}];
    const double lon = s.study_area.cbd ? s.study_area.cbd->lon : road.lon()[origin];
    const double lat = s.study_area.cbd ? s.study_area.cbd->lat : road.lat()[origin];
    if (std::isfinite(lon) && std::isfinite(lat) && std::isfinite(road.lon()[origin])) {
      ReachedPoints car;
      car.add(lon, lat, 0.0);
      const double access_s =
          walk_time_s(net::haversine_m(lon, lat, road.lon()[origin], road.lat()[origin]),
                      settings.walk_speed_mps);
      add_car_reach(road, origin, access_s, e.model.link_time_s, car);
      e.cbd_car_isochrone = reach_grid(car, max_min, walk, settings.isochrone_cell_m);
      if (has_transit) {
        const net::TransitNetwork& t = *network;
        const auto& c = t.columns();
        std::vector<RaptorSource> sources;
        for (const net::StopId st : t.stops()) {
          const double d = net::haversine_m(lon, lat, c.stop_lon[st], c.stop_lat[st]);
          if (d <= settings.max_walk_m) {
            sources.push_back({st, peak_start + walk_time_s(d, settings.walk_speed_mps)});
          }
        }
        Raptor raptor(t, footpaths);
        TransitReachOptions ro;
        ro.date = settings.date;
        ro.depart_s = peak_start;
        ro.window_min = settings.window_min;
        ro.seed = s.demand.seed.value_or(Raptor::kDefaultSeed);
        ro.max_transfers = settings.max_transfers;
        ReachedPoints tr;
        tr.add(lon, lat, 0.0);
        add_stops(t, transit_stop_times(raptor, sources, ro)[0], tr);
        e.cbd_transit_isochrone = reach_grid(tr, max_min, walk, settings.isochrone_cell_m);
      }
    }
  }

  // Indicators.
  auto& v = e.indicators;
  const auto& T = e.model.trips;
  const std::vector<double>& car = e.model.cost_min[kCar];
  std::vector<double> transit = e.model.cost_min[kTransit];
  const std::vector<double>& walk = e.model.cost_min[kNonMotorised];
  std::vector<double> fastest(n * n);
  for (std::size_t k = 0; k < n * n; ++k) fastest[k] = std::min(car[k], transit[k]);
  const std::span<const std::uint8_t> main(e.roles.main_centre);
  // Door-to-door time of each trip by its mode, as a trip-weighted mix: "within 60" per mode.
  const double h = 60.0;
  const ShareWithin car_in = trips_within(T[kCar], car, n, h, main);
  const ShareWithin transit_in = trips_within(T[kTransit], transit, n, h, main);
  const ShareWithin walk_in = trips_within(T[kNonMotorised], walk, n, h, main);
  const double all_within = car_in.within + transit_in.within + walk_in.within;
  const double all_total = car_in.total + transit_in.total + walk_in.total;
  add(v, "urban_trips_60_all", "Urban circle: main-centre trips <= 60 min (all modes)", "%",
      all_total > 0 ? 100.0 * all_within / all_total : 0.0);
  add(v, "urban_trips_60_car", "Urban circle: main-centre car trips <= 60 min", "%",
      share_pct(car_in));
  add(v, "urban_trips_60_transit", "Urban circle: main-centre transit trips <= 60 min", "%",
      share_pct(transit_in));
  add(v, "urban_pop_cbd_60_transit",
      "Urban circle: main-centre population <= 60 min to CBD, transit", "%",
      share_pct(population_within(e.population, transit, n, e.cbd_zone, h, main)));
  add(v, "urban_pop_cbd_60_car", "Urban circle: main-centre population <= 60 min to CBD, car", "%",
      share_pct(population_within(e.population, car, n, e.cbd_zone, h, main)));
  // Municipal circle: seats within 60 min of the CBD (from the CBD), fastest mode.
  std::size_t seats = 0, seats_in = 0;
  for (std::size_t z = 0; z < n; ++z) {
    if (!e.roles.county_seat[z]) continue;
    ++seats;
    if (fastest[e.cbd_zone * n + z] <= h) {
      ++seats_in;
      e.seats_within_60.push_back(e.roles.name[z]);
    }
  }
  add(v, "municipal_seats_60", "Municipal circle: county seats <= 60 min from CBD (fastest)",
      "seats", static_cast<double>(seats_in));
  std::vector<std::uint8_t> internal(n);
  for (std::size_t z = 0; z < n; ++z) internal[z] = e.roles.external[z] ? 0 : 1;
  {
    // Population within 60 min of the CBD: times from the CBD row, transposed per zone.
    std::vector<double> from_cbd(n * n, kInf);
    for (std::size_t z = 0; z < n; ++z) from_cbd[z * n + e.cbd_zone] = fastest[e.cbd_zone * n + z];
    add(v, "municipal_pop_60", "Municipal circle: population <= 60 min from CBD (fastest)", "%",
        share_pct(population_within(e.population, from_cbd, n, e.cbd_zone, h, internal)));
  }
  std::size_t ext_in = 0;
  for (std::size_t z = 0; z < n; ++z) {
    if (e.roles.external[z] && fastest[e.cbd_zone * n + z] <= h) {
      ++ext_in;
      e.externals_within_60.push_back(e.roles.name[z]);
    }
  }
  add(v, "provincial_cities_60", "Provincial circle: external cities <= 60 min from CBD", "cities",
      static_cast<double>(ext_in));
  // The plan's HSR time circle is station to station: from the best-placed main-centre zone
  // (the one holding the station, with its short access walk) by transit.
  std::size_t rail_in = 0;
  for (std::size_t x = 0; x < n; ++x) {
    if (!e.roles.external[x]) continue;
    double best = kInf;
    for (std::size_t z = 0; z < n; ++z) {
      if (main[z] && !e.roles.external[z]) best = std::min(best, transit[z * n + x]);
    }
    e.rail_minutes_to_external.emplace_back(e.roles.name[x], best);
    if (best <= h) ++rail_in;
  }
  add(v, "provincial_cities_60_rail",
      "Provincial circle: external cities <= 60 min by rail from the main centre's best zone",
      "cities", static_cast<double>(rail_in));
  // Central-city speed.
  std::vector<LonLat> ring;
  for (const auto& p : s.study_area.central_city) ring.push_back({p.lon, p.lat});
  const AreaSpeed cs =
      area_speed(road, e.model.link_flow_vph, e.model.link_time_s, links_inside(road, ring));
  add(v, "central_city_speed_kmh", "Central-city peak speed (VKT/VHT)", "km/h", cs.speed_kmh);
  // Transit share of motorised main-centre trips.
  {
    double tc = 0.0, tt = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (!main[i] || !main[j]) continue;
        tc += T[kCar][i * n + j];
        tt += T[kTransit][i * n + j];
      }
    }
    add(v, "transit_share_main", "Transit share of motorised trips, main centre", "%",
        tc + tt > 0 ? 100.0 * tt / (tc + tt) : 0.0);
  }
  {
    double vkt = 0.0, vht = 0.0;
    for (const net::LinkId l : road.links()) {
      if (road.link_class()[l] == net::LinkClass::kConnector) continue;
      vkt += e.model.link_flow_vph[l.value()] * road.length_m()[l] / 1000.0;
      vht += e.model.link_flow_vph[l.value()] * e.model.link_time_s[l.value()] / 3600.0;
    }
    add(v, "vkt", "Vehicle-km, peak hour (roads, no connectors)", "veh-km", vkt);
    add(v, "vht", "Vehicle-hours, peak hour (roads, no connectors)", "veh-h", vht);
  }
  {
    double tw = 0.0, t = 0.0;
    for (std::size_t m = 0; m < 3; ++m) {
      for (std::size_t k = 0; k < n * n; ++k) {
        const double c = e.model.cost_min[m][k];
        if (T[m][k] > 0.0 && std::isfinite(c)) {
          tw += T[m][k] * c;
          t += T[m][k];
        }
      }
    }
    add(v, "mean_trip_min", "Mean door-to-door time of trips", "min", t > 0 ? tw / t : 0.0);
  }
  for (const double minutes : {30.0, 45.0, 60.0}) {
    const std::string m = std::to_string(static_cast<int>(minutes));
    add(v, "jobs_" + m + "_transit", "Jobs reachable <= " + m + " min by transit (pop-weighted)",
        "jobs", jobs_accessible(e.population, e.jobs, transit, n, minutes, internal));
    add(v, "jobs_" + m + "_car", "Jobs reachable <= " + m + " min by car (pop-weighted)", "jobs",
        jobs_accessible(e.population, e.jobs, car, n, minutes, internal));
  }
  add(v, "transit_boardings", "Transit boardings, peak hour", "boardings",
      sum(e.loads.route_boardings));
  const scenario::Inventory inv = scenario::compute_inventory(s);
  for (const char* key : {"railway_km", "sm_rail_km", "expressway_km", "urban_expressway_km",
                          "national_road_km", "provincial_road_km", "brt_km"}) {
    if (const auto x = scenario::indicator_value(inv, key)) add(v, key, key, "km", *x);
  }
  return e;
}

std::vector<ComparisonRow> compare(const ScenarioEvaluation& baseline,
                                   const ScenarioEvaluation& scenario,
                                   const scenario::LoadedScenario& scenario_file) {
  std::vector<ComparisonRow> rows;
  for (const Indicator& b : baseline.indicators) {
    const auto it = std::find_if(scenario.indicators.begin(), scenario.indicators.end(),
                                 [&](const Indicator& x) { return x.key == b.key; });
    if (it == scenario.indicators.end()) continue;
    ComparisonRow r{b.key, b.label, b.unit, b.value, it->value, 0.0, b.unit, {}, {}};
    const bool relative = b.unit == "km/h" || b.unit == "veh-km" || b.unit == "veh-h" ||
                          b.unit == "jobs" || b.unit == "boardings";
    if (relative) {
      r.change = percent_change(b.value, it->value);
      r.change_unit = "%";
    } else {
      r.change = it->value - b.value;
      r.change_unit = b.unit == "%" ? "pp" : b.unit;
    }
    for (const scenario::PlanTarget& t : scenario_file.targets) {
      const bool speed =
          t.indicator == "central_city_speed_pct" && b.key == "central_city_speed_kmh";
      const bool share = t.indicator == "transit_share_pp" && b.key == "transit_share_main";
      if (speed || share) {
        r.target = t.value;
        r.met = t.at_most ? r.change <= t.value : r.change >= t.value;
      } else if (t.indicator == b.key) {
        r.target = t.value;
        r.met = t.at_most ? it->value <= t.value : it->value >= t.value;
      }
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

namespace {

std::string fixed(double x, int digits) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << x;
  return os.str();
}

}  // namespace

void write_evaluation(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                      const ScenarioEvaluation& scenario,
                      const scenario::LoadedScenario& baseline_file,
                      const scenario::LoadedScenario& scenario_file,
                      const std::vector<ComparisonRow>& rows) {
  std::filesystem::create_directories(dir);
  {
    const std::vector<double> minutes{15, 30, 45, 60};
    const std::pair<const ScenarioEvaluation*, const char*> runs[] = {{&scenario, ""},
                                                                      {&baseline, "baseline_"}};
    for (const auto& [ev, prefix] : runs) {
      if (!ev->cbd_car_isochrone.time_s.empty()) {
        write_isochrone_geojson(dir / (std::string(prefix) + "isochrone_cbd_car.geojson"),
                                ev->cbd_car_isochrone, minutes);
      }
      if (!ev->cbd_transit_isochrone.time_s.empty()) {
        write_isochrone_geojson(dir / (std::string(prefix) + "isochrone_cbd_transit.geojson"),
                                ev->cbd_transit_isochrone, minutes);
      }
    }
  }
  {
    io::AtomicOutput out(dir / "indicators.json");
    std::ostream& os = out.stream();
    os << "{\n  \"baseline\": " << json_string(baseline.name)
       << ",\n  \"scenario\": " << json_string(scenario.name) << ",\n  \"indicators\": [\n";
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const ComparisonRow& r = rows[k];
      os << "    {\"key\": " << json_string(r.key) << ", \"label\": " << json_string(r.label)
         << ", \"unit\": " << json_string(r.unit) << ", \"baseline\": " << json_number(r.baseline)
         << ", \"scenario\": " << json_number(r.scenario)
         << ", \"change\": " << json_number(r.change)
         << ", \"change_unit\": " << json_string(r.change_unit)
         << ", \"target\": " << (r.target ? json_number(*r.target) : "null")
         << ", \"met\": " << (r.met ? (*r.met ? "true" : "false") : "null") << "}"
         << (k + 1 < rows.size() ? "," : "") << "\n";
    }
    os << "  ]\n}\n";
    out.commit();
  }
  {
    io::AtomicOutput out(dir / "report.md");
    std::ostream& os = out.stream();
    os << "# ouflow evaluation: " << scenario_file.name << " against " << baseline_file.name
       << "\n\n"
       << scenario_file.title << "\n\n"
       << "| indicator | baseline | scenario | change | plan target | met |\n"
       << "|---|---:|---:|---:|---:|:---:|\n";
    for (const ComparisonRow& r : rows) {
      os << "| " << r.label << " (" << r.unit << ") | " << fixed(r.baseline, 2) << " | "
         << fixed(r.scenario, 2) << " | " << (r.change >= 0 ? "+" : "") << fixed(r.change, 2) << " "
         << r.change_unit << " | " << (r.target ? fixed(*r.target, 1) : "") << " | "
         << (r.met ? (*r.met ? "yes" : "no") : "") << " |\n";
    }
    os << "\nCounty seats within 60 min of the CBD (" << scenario_file.name << "):";
    for (const std::string& s : scenario.seats_within_60) os << " " << s;
    os << "\n\nExternal cities within 60 min of the CBD (" << scenario_file.name << "):";
    for (const std::string& s : scenario.externals_within_60) os << " " << s;
    os << "\n\nRail (transit) minutes to external cities from the main centre's best-placed zone, "
       << baseline_file.name << " -> " << scenario_file.name << ":";
    for (std::size_t k = 0; k < scenario.rail_minutes_to_external.size(); ++k) {
      const auto& [name, t] = scenario.rail_minutes_to_external[k];
      const double tb = k < baseline.rail_minutes_to_external.size()
                            ? baseline.rail_minutes_to_external[k].second
                            : kInf;
      os << " " << name << " " << (std::isfinite(tb) ? fixed(tb, 0) : "-") << " -> "
         << (std::isfinite(t) ? fixed(t, 0) : "-") << ";";
    }
    os << "\n\nDefinitions: docs/indicators.md.\n\n## Model\n\n"
       << "Calibrated on " << baseline_file.name << ": gravity beta "
       << fixed(scenario.model.calibration.deterrence.beta, 4)
       << " per min (exponential, on the composite time); logit theta "
       << fixed(scenario.model.calibration.logit.theta, 3) << " per min, constants";
    for (std::size_t m = 0; m < scenario.model.calibration.logit.modes.size(); ++m) {
      os << " " << scenario.model.calibration.logit.modes[m] << " "
         << fixed(scenario.model.calibration.logit.asc[m], 3);
    }
    os << ".\n\nBuses in traffic (bus and coach running times times congested / free-flow car "
          "time; BRT, rail and metro keep their timetables), mean factor: "
       << baseline.name << " " << fixed(baseline.bus_delay_factor, 3) << ", " << scenario.name
       << " " << fixed(scenario.bus_delay_factor, 3)
       << ".\n\nDemand-supply feedback (self-regulated averaging of the demand; residual = "
          "sum |response - average| / sum average; car assignment by Algorithm B from the last "
          "iteration's bushes; pass 2 after the buses were retimed, from pass 1's state):\n\n"
       << "| run | pass | iteration | residual | history | assignment gap | assignment iterations "
          "| "
          "car | transit | non-motorised |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto* e : {&baseline, &scenario}) {
      for (const FeedbackStep& st : e->model.log) {
        os << "| " << e->name << " | " << st.pass << " | " << st.iteration << " | "
           << fixed(st.demand_gap, 5) << " | " << st.history << " | " << fixed(st.assignment_gap, 6)
           << " | " << st.assignment_iterations << " |";
        for (double sh : st.shares) os << " " << fixed(100.0 * sh, 2) << " % |";
        os << (st.gravity_target_missed ? " (target mean out of reach: beta kept)" : "") << "\n";
      }
    }
    os << "\nConverged: " << baseline.name << (baseline.model.converged ? " yes" : " no") << ", "
       << scenario.name << (scenario.model.converged ? " yes" : " no") << ".\n";
    out.commit();
  }
  // The assignment's link-flow format, so that `ouflow view SCENARIO --flows` and
  // `ouflow assign --warm-start` read it back.
  write_link_flows_csv(dir / "link_flows.csv", scenario_file.model.road,
                       scenario.model.link_flow_vph);
  {
    io::AtomicOutput out(dir / "line_loads.csv");
    io::CsvWriter w(out.stream(),
                    {"route_id", "name", "mode", "boardings", "passenger_km", "max_section_load"});
    for (std::size_t r = 0; r < scenario_file.lines.size(); ++r) {
      const scenario::LineInfo& li = scenario_file.lines[r];
      w.field(li.route_id).field(li.name).field(std::string(scenario::to_string(li.mode)));
      const bool have = r < scenario.loads.route_boardings.size();
      w.field(have ? scenario.loads.route_boardings[r] : 0.0)
          .field(have ? scenario.loads.route_passenger_km[r] : 0.0)
          .field(have ? scenario.loads.route_max_section_load[r] : 0.0);
      w.end_row();
    }
    out.commit();
  }
  {
    const net::RoadNetwork& road = scenario_file.model.road;
    const std::size_t n = road.zone_count();
    io::AtomicOutput out(dir / "zones.csv");
    io::CsvWriter w(
        out.stream(),
        {"zone_id", "name", "population", "jobs", "car_to_cbd_min", "transit_to_cbd_min",
         "fastest_to_cbd_min", "baseline_transit_to_cbd_min", "jobs_60_car", "jobs_60_transit"});
    const std::size_t c = scenario.cbd_zone;
    const std::vector<double> jc = jobs_within_60(scenario, kCar);
    const std::vector<double> jt = jobs_within_60(scenario, kTransit);
    const bool same = baseline.model.zones == n;
    for (const net::ZoneId z : road.zones()) {
      const std::size_t k = z.value();
      w.field(road.zone_external_id()[z])
          .field(scenario.roles.name[k])
          .field(scenario.population[k])
          .field(scenario.jobs[k]);
      const double car = scenario.model.cost_min[kCar][k * n + c];
      const double transit = scenario.model.cost_min[kTransit][k * n + c];
      number_or_empty(w, car);
      number_or_empty(w, transit);
      number_or_empty(w, std::min(car, transit));
      number_or_empty(w, same ? baseline.model.cost_min[kTransit][k * n + c] : kInf);
      w.field(jc[k]).field(jt[k]);
      w.end_row();
    }
    out.commit();
  }
}

namespace {

LinkKey key_of(const net::RoadNetwork& r, net::LinkId l) { return link_key(r, l); }

double speed_kmh(const net::RoadNetwork& r, net::LinkId l, double time_s) {
  return time_s > 0.0 ? r.length_m()[l] / time_s * 3.6 : 0.0;
}

}  // namespace

void write_changes(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                   const ScenarioEvaluation& scenario,
                   const scenario::LoadedScenario& baseline_file,
                   const scenario::LoadedScenario& scenario_file) {
  std::filesystem::create_directories(dir);
  const net::RoadNetwork& ra = baseline_file.model.road;
  const net::RoadNetwork& rb = scenario_file.model.road;
  std::map<LinkKey, net::LinkId> in_a;
  for (const net::LinkId l : ra.links()) in_a.emplace(key_of(ra, l), l);
  {
    io::AtomicOutput csv(dir / "link_changes.csv");
    io::AtomicOutput geo(dir / "link_changes.geojson");
    io::CsvWriter w(csv.stream(), {"link_id", "from_node", "to_node", "class", "flow_a", "flow_b",
                                   "flow_change", "speed_a", "speed_b", "speed_change_pct"});
    std::ostream& g = geo.stream();
    g << std::setprecision(9) << "{\"type\": \"FeatureCollection\", \"features\": [";
    bool first = true;
    for (const net::LinkId l : rb.input_order()) {
      if (rb.link_class()[l] == net::LinkClass::kConnector) continue;
      const LinkKey k = key_of(rb, l);
      const auto it = in_a.find(k);
      const double fb = scenario.model.link_flow_vph[l.value()];
      const double sb = speed_kmh(rb, l, scenario.model.link_time_s[l.value()]);
      const double fa = it == in_a.end() ? 0.0 : baseline.model.link_flow_vph[it->second.value()];
      const double sa =
          it == in_a.end()
              ? kInf
              : speed_kmh(ra, it->second, baseline.model.link_time_s[it->second.value()]);
      const double dpct = std::isfinite(sa) ? percent_change(sa, sb) : kInf;
      w.field(k.id).field(k.from).field(k.to).field(
          std::string(net::to_string(rb.link_class()[l])));
      w.field(fa).field(fb).field(fb - fa);
      number_or_empty(w, sa);
      w.field(sb);
      number_or_empty(w, dpct);
      w.end_row();
      const net::NodeId a = rb.tail()[l], b = rb.head()[l];
      if (std::isnan(rb.lon()[a]) || std::isnan(rb.lon()[b])) continue;
      g << (first ? "\n" : ",\n") << "{\"type\": \"Feature\", \"geometry\": {\"type\": "
        << "\"LineString\", \"coordinates\": [[" << rb.lon()[a] << ", " << rb.lat()[a] << "], ["
        << rb.lon()[b] << ", " << rb.lat()[b] << "]]}, \"properties\": {\"link_id\": " << k.id
        << ", \"new\": " << (it == in_a.end() ? "true" : "false")
        << ", \"flow_a\": " << json_number(fa) << ", \"flow_b\": " << json_number(fb)
        << ", \"speed_a\": " << json_number(sa) << ", \"speed_b\": " << json_number(sb)
        << ", \"speed_change_pct\": " << json_number(dpct) << "}}";
      first = false;
    }
    g << "\n]}\n";
    csv.commit();
    geo.commit();
  }
  {
    const std::size_t nb = rb.zone_count(), na = ra.zone_count();
    const std::vector<double> ja = jobs_60_transit(baseline), jb = jobs_60_transit(scenario);
    io::AtomicOutput csv(dir / "zone_changes.csv");
    io::AtomicOutput geo(dir / "zone_changes.geojson");
    io::CsvWriter w(csv.stream(),
                    {"zone_id", "name", "population_b", "transit_to_cbd_a", "transit_to_cbd_b",
                     "car_to_cbd_a", "car_to_cbd_b", "jobs_60_transit_a", "jobs_60_transit_b"});
    std::ostream& g = geo.stream();
    g << std::setprecision(9) << "{\"type\": \"FeatureCollection\", \"features\": [";
    bool first = true;
    const std::size_t ca = baseline.cbd_zone, cb = scenario.cbd_zone;
    for (const net::ZoneId z : rb.zones()) {
      const std::size_t k = z.value();
      const auto za = ra.find_zone(rb.zone_external_id()[z]);
      const std::size_t ka = za ? za->value() : 0;
      const double ta = za ? baseline.model.cost_min[kTransit][ka * na + ca] : kInf;
      const double tb = scenario.model.cost_min[kTransit][k * nb + cb];
      const double qa = za ? baseline.model.cost_min[kCar][ka * na + ca] : kInf;
      const double qb = scenario.model.cost_min[kCar][k * nb + cb];
      const double aa = za ? ja[ka] : kInf;
      w.field(rb.zone_external_id()[z]).field(scenario.roles.name[k]).field(scenario.population[k]);
      number_or_empty(w, ta);
      number_or_empty(w, tb);
      number_or_empty(w, qa);
      number_or_empty(w, qb);
      number_or_empty(w, aa);
      w.field(jb[k]);
      w.end_row();
      const net::NodeId c = rb.zone_centroid()[z];
      if (std::isnan(rb.lon()[c])) continue;
      g << (first ? "\n" : ",\n") << "{\"type\": \"Feature\", \"geometry\": {\"type\": "
        << "\"Point\", \"coordinates\": [" << rb.lon()[c] << ", " << rb.lat()[c]
        << "]}, \"properties\": {\"zone_id\": " << rb.zone_external_id()[z]
        << ", \"name\": " << json_string(scenario.roles.name[k])
        << ", \"transit_to_cbd_a\": " << json_number(ta)
        << ", \"transit_to_cbd_b\": " << json_number(tb)
        << ", \"car_to_cbd_a\": " << json_number(qa) << ", \"car_to_cbd_b\": " << json_number(qb)
        << ", \"jobs_60_transit_a\": " << json_number(aa)
        << ", \"jobs_60_transit_b\": " << json_number(jb[k]) << "}}";
      first = false;
    }
    g << "\n]}\n";
    csv.commit();
    geo.commit();
  }
}

}  // namespace ouflow::sim
