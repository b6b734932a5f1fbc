#include "sim/evaluation/plan_indicators.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/evaluation/indicators.h"

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// The circles' threshold: the plan's "1-hour" traffic circles.
constexpr double kCircleMin = 60.0;

double share_pct(const ShareWithin& s) { return 100.0 * s.share; }

// Urban circle: main-centre trips within 60 min by their own mode, and main-centre population
// within 60 min of the CBD by car and by transit.
void urban_circle(const PlanIndicatorInputs& in, PlanIndicators& out) {
  const std::size_t n = in.population.size();
  const auto& trips = in.model.trips;
  const auto& cost = in.model.cost_min;
  const std::span<const std::uint8_t> main(in.roles.main_centre);
  const ShareWithin car = trips_within(trips[kCar], cost[kCar], n, kCircleMin, main);
  const ShareWithin transit = trips_within(trips[kTransit], cost[kTransit], n, kCircleMin, main);
  const ShareWithin walk =
      trips_within(trips[kNonMotorised], cost[kNonMotorised], n, kCircleMin, main);
  const double within = car.within + transit.within + walk.within;
  const double total = car.total + transit.total + walk.total;
  IndicatorValues& v = out.values;
  v[IndicatorId::kUrbanTrips60All] = total > 0 ? 100.0 * within / total : 0.0;
  v[IndicatorId::kUrbanTrips60Car] = share_pct(car);
  v[IndicatorId::kUrbanTrips60Transit] = share_pct(transit);
  v[IndicatorId::kUrbanPopCbd60Transit] =
      share_pct(population_within(in.population, cost[kTransit], n, in.cbd_zone, kCircleMin, main));
  v[IndicatorId::kUrbanPopCbd60Car] =
      share_pct(population_within(in.population, cost[kCar], n, in.cbd_zone, kCircleMin, main));
}

// Municipal and provincial circles, from the CBD by the fastest mode; and the plan's HSR circle,
// station to station: from the best-placed main-centre zone by transit.
void municipal_and_provincial_circles(const PlanIndicatorInputs& in,
                                      std::span<const double> fastest, PlanIndicators& out) {
  const std::size_t n = in.population.size();
  const std::size_t cbd = in.cbd_zone;
  const scenario::ZoneRoles& roles = in.roles;
  double seats_in = 0, externals_in = 0, rail_in = 0;
  std::vector<std::uint8_t> internal(n);
  std::vector<double> from_cbd(n * n, kInf);  // the CBD row, transposed per zone
  for (std::size_t z = 0; z < n; ++z) {
    internal[z] = roles.external[z] ? 0 : 1;
    from_cbd[z * n + cbd] = fastest[cbd * n + z];
    if (!(fastest[cbd * n + z] <= kCircleMin)) continue;
    if (roles.county_seat[z]) {
      ++seats_in;
      out.seats_within_60.push_back(roles.name[z]);
    }
    if (roles.external[z]) {
      ++externals_in;
      out.externals_within_60.push_back(roles.name[z]);
    }
  }
  const std::vector<double>& transit = in.model.cost_min[kTransit];
  for (std::size_t x = 0; x < n; ++x) {
    if (!roles.external[x]) continue;
    double best = kInf;
    for (std::size_t z = 0; z < n; ++z) {
      if (roles.main_centre[z] && !roles.external[z]) best = std::min(best, transit[z * n + x]);
    }
    out.rail_minutes_to_external.emplace_back(roles.name[x], best);
    if (best <= kCircleMin) ++rail_in;
  }
  IndicatorValues& v = out.values;
  v[IndicatorId::kMunicipalSeats60] = seats_in;
  v[IndicatorId::kMunicipalPop60] =
      share_pct(population_within(in.population, from_cbd, n, cbd, kCircleMin, internal));
  v[IndicatorId::kProvincialCities60] = externals_in;
  v[IndicatorId::kProvincialCities60Rail] = rail_in;
}

// An indicator the model cannot give: NaN and the reason, never a 0 that reads as a result.
void unavailable(PlanIndicators& out, IndicatorId id, std::string why) {
  out.values[id] = std::numeric_limits<double>::quiet_NaN();
  out.unavailable.emplace_back(id, std::move(why));
}

// Central-city speed, the transit share of motorised main-centre trips, VKT and VHT of the
// roads (no connectors), and the mean door-to-door time of trips.
void network_indicators(const PlanIndicatorInputs& in, PlanIndicators& out) {
  const std::size_t n = in.population.size();
  const FeedbackResult& m = in.model;
  IndicatorValues& v = out.values;
  // The speed needs a polygon with loaded roads in it; without, it is not available (not 0).
  if (in.central_city.size() < 3) {
    unavailable(out, IndicatorId::kCentralCitySpeed,
                "the scenario has no central-city polygon (study_area.central_city)");
  } else if (const AreaSpeed a = area_speed(in.road, m.link_flow_vph, m.link_time_s,
                                            links_inside(in.road, in.central_city));
             a.vkt_km > 0.0) {
    v[IndicatorId::kCentralCitySpeed] = a.speed_kmh;
  } else {
    unavailable(out, IndicatorId::kCentralCitySpeed,
                "no road link with flow lies inside the central-city polygon");
  }
  double car = 0.0, transit = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (!in.roles.main_centre[i] || !in.roles.main_centre[j]) continue;
      car += m.trips[kCar][i * n + j];
      transit += m.trips[kTransit][i * n + j];
    }
  }
  v[IndicatorId::kTransitShareMain] = car + transit > 0 ? 100.0 * transit / (car + transit) : 0.0;
  double vkt = 0.0, vht = 0.0;
  for (const net::LinkId l : in.road.links()) {
    if (in.road.link_class()[l] == net::LinkClass::kConnector) continue;
    vkt += m.link_flow_vph[l.value()] * in.road.length_m()[l] / 1000.0;
    vht += m.link_flow_vph[l.value()] * m.link_time_s[l.value()] / 3600.0;
  }
  v[IndicatorId::kVkt] = vkt;
  v[IndicatorId::kVht] = vht;
  double weighted = 0.0, trips = 0.0;
  for (std::size_t mode = 0; mode < 3; ++mode) {
    for (std::size_t k = 0; k < n * n; ++k) {
      const double c = m.cost_min[mode][k];
      if (m.trips[mode][k] > 0.0 && std::isfinite(c)) {
        weighted += m.trips[mode][k] * c;
        trips += m.trips[mode][k];
      }
    }
  }
  v[IndicatorId::kMeanTripMin] = trips > 0 ? weighted / trips : 0.0;
}

// Jobs within 30/45/60 min, population-weighted over the internal zones; boardings; inventory.
void access_boardings_inventory(const PlanIndicatorInputs& in, PlanIndicators& out) {
  using enum IndicatorId;
  const std::size_t n = in.population.size();
  std::vector<std::uint8_t> internal(n);
  for (std::size_t z = 0; z < n; ++z) internal[z] = in.roles.external[z] ? 0 : 1;
  const auto& cost = in.model.cost_min;
  IndicatorValues& v = out.values;
  const std::pair<double, std::pair<IndicatorId, IndicatorId>> thresholds[] = {
      {30.0, {kJobs30Transit, kJobs30Car}},
      {45.0, {kJobs45Transit, kJobs45Car}},
      {60.0, {kJobs60Transit, kJobs60Car}}};
  for (const auto& [minutes, ids] : thresholds) {
    v[ids.first] = jobs_accessible(in.population, in.jobs, cost[kTransit], n, minutes, internal);
    v[ids.second] = jobs_accessible(in.population, in.jobs, cost[kCar], n, minutes, internal);
  }
  double boardings = 0.0;
  for (const double b : in.loads.route_boardings) boardings += b;
  v[kTransitBoardings] = boardings;
  for (const IndicatorId id : {kRailwayKm, kSmRailKm, kExpresswayKm, kUrbanExpresswayKm,
                               kNationalRoadKm, kProvincialRoadKm, kBrtKm}) {
    if (const auto x = scenario::indicator_value(in.inventory, spec(id).key)) v[id] = *x;
  }
}

// What the circles and transit indicators need and the model may lack: a transit network, zones
// marked county seats or external cities (zone_attributes.csv). (Central-city speed: above.)
void mark_unavailable(const PlanIndicatorInputs& in, PlanIndicators& out) {
  using enum IndicatorId;
  if (in.loads.route_boardings.empty()) {
    const char* why = "the model has no transit network";
    for (const IndicatorId id :
         {kUrbanTrips60Transit, kUrbanPopCbd60Transit, kTransitShareMain, kJobs30Transit,
          kJobs45Transit, kJobs60Transit, kTransitBoardings, kProvincialCities60Rail}) {
      unavailable(out, id, why);
    }
  }
  const auto none = [](const std::vector<std::uint8_t>& flags) {
    return std::find(flags.begin(), flags.end(), 1) == flags.end();
  };
  if (none(in.roles.county_seat)) {
    unavailable(out, kMunicipalSeats60,
                "no zone is marked a county seat (zone_attributes.csv beside the network)");
  }
  if (none(in.roles.external)) {
    const char* why = "no zone is marked an external city (zone_attributes.csv beside the network)";
    unavailable(out, kProvincialCities60, why);
    if (!in.loads.route_boardings.empty()) unavailable(out, kProvincialCities60Rail, why);
  }
}

}  // namespace

PlanIndicators compute_plan_indicators(const PlanIndicatorInputs& in) {
  const std::size_t n = in.population.size();
  PlanIndicators out;
  urban_circle(in, out);
  const std::vector<double>& car = in.model.cost_min[kCar];
  const std::vector<double>& transit = in.model.cost_min[kTransit];
  std::vector<double> fastest(n * n);
  for (std::size_t k = 0; k < n * n; ++k) fastest[k] = std::min(car[k], transit[k]);
  municipal_and_provincial_circles(in, fastest, out);
  network_indicators(in, out);
  access_boardings_inventory(in, out);
  mark_unavailable(in, out);
  return out;
}

std::vector<double> jobs_within_60(const FeedbackResult& model, std::span<const double> jobs,
                                   std::size_t mode) {
  const std::size_t n = jobs.size();
  std::vector<double> out(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (model.cost_min[mode][i * n + j] <= 60.0) out[i] += jobs[j];
    }
  }
  return out;
}

}  // namespace ouflow::sim
