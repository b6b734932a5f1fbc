// The shipped Wenzhou scenarios: each loads and validates; the networks are connected where
// they must be: every zone reaches the CBD zone by road and back, and every internal zone
// reaches the CBD by transit in the morning (straight-line access within 1 km, RAPTOR).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "networks/geo.h"
#include "scenarios/inventory.h"
#include "scenarios/scenario.h"
#include "sim/road/car_times.h"
#include "sim/transit/raptor.h"
#include "sim/transit/travel_matrix.h"

namespace ouflow::scenario {
namespace {

std::filesystem::path wenzhou_dir() { return scenario_dir() / "wenzhou"; }

std::vector<std::filesystem::path> shipped() {
  std::vector<std::filesystem::path> out = {wenzhou_dir() / "wenzhou_2020.pbtxt",
                                            wenzhou_dir() / "wenzhou_2025_plan.pbtxt",
                                            wenzhou_dir() / "wenzhou_2025_full.pbtxt"};
  for (const auto& e : std::filesystem::directory_iterator(wenzhou_dir() / "proposals")) {
    if (e.path().extension() == ".pbtxt") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Wenzhou, EveryShippedScenarioLoadsAndValidates) {
  const auto files = shipped();
  ASSERT_GE(files.size(), 3u + 5u);  // three scenarios and at least five proposals
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    const LoadedScenario s = load_scenario(f);
    EXPECT_FALSE(s.name.empty());
    EXPECT_GE(s.year, 2020);
    s.model.road.validate();
    ASSERT_TRUE(s.model.transit.has_value());
    s.model.transit->validate();
    EXPECT_EQ(s.lines.size(), s.model.transit->route_count());
    EXPECT_GE(s.model.road.zone_count(), 150u);
    EXPECT_TRUE(s.study_area.cbd.has_value());
    EXPECT_GE(s.study_area.central_city.size(), 3u);
  }
}

TEST(Wenzhou, NamesResolveAndThePlanAddsToTheBaseline) {
  const LoadedScenario base = load_scenario(find_scenario("wenzhou_2020"));
  const LoadedScenario plan = load_scenario(find_scenario("wenzhou_2025_plan"));
  EXPECT_EQ(base.year, 2020);
  EXPECT_EQ(plan.year, 2025);
  const Inventory b = compute_inventory(base), p = compute_inventory(plan);
  // The plan opens S2 (suburban rail) and builds expressways.
  EXPECT_GT(*indicator_value(p, "sm_rail_km"), *indicator_value(b, "sm_rail_km") + 50.0);
  EXPECT_GT(*indicator_value(p, "expressway_km"), *indicator_value(b, "expressway_km"));
  EXPECT_GT(plan.model.transit->route_count(), base.model.transit->route_count());
}

TEST(Wenzhou, EveryZoneReachesTheCbdByRoadAndByTransit) {
  const LoadedScenario s = load_scenario(find_scenario("wenzhou_2020"));
  const net::RoadNetwork& road = s.model.road;
  const std::vector<sim::LonLat> c = sim::zone_centroids(road);
  std::size_t cbd = 0;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t z = 0; z < c.size(); ++z) {
    const double d =
        net::haversine_m(c[z].lon, c[z].lat, s.study_area.cbd->lon, s.study_area.cbd->lat);
    if (d < best) best = d, cbd = z;
  }
  const std::vector<double> t = sim::car_zone_times_s(road, sim::car_link_times_s(road));
  const std::size_t n = road.zone_count();
  for (std::size_t z = 0; z < n; ++z) {
    EXPECT_TRUE(std::isfinite(t[z * n + cbd]))
        << "zone " << road.zone_external_id()[net::ZoneId{static_cast<std::uint32_t>(z)}];
    EXPECT_TRUE(std::isfinite(t[cbd * n + z]))
        << "zone " << road.zone_external_id()[net::ZoneId{static_cast<std::uint32_t>(z)}];
  }
  // Transit: every zone to the CBD zone, leaving between 06:00 and 10:00 (5 departures).
  const net::TransitNetwork& tn = *s.model.transit;
  const sim::Footpaths fp =
      sim::Footpaths::build(tn, {.walk_speed_mps = 1.3, .transfer_radius_m = 300});
  sim::TransitMatrixOptions o;
  o.window.date = net::Date::from_days(20151);
  o.window.depart_s = 6 * 3600;
  o.window.minutes = 0;
  o.max_walk_m = 1000;
  o.window.max_transfers = 8;
  const std::vector<sim::LonLat> dest{c[cbd]};
  const sim::TravelTimeMatrix m = sim::transit_place_matrix(tn, fp, c, dest, o);
  std::size_t unreachable = 0;
  for (std::size_t z = 0; z < n; ++z) {
    if (m.at(z, 0) == sim::kUnreachable) {
      ++unreachable;
      ADD_FAILURE() << "zone "
                    << road.zone_external_id()[net::ZoneId{static_cast<std::uint32_t>(z)}]
                    << " does not reach the CBD by transit leaving at 06:00";
    }
  }
  EXPECT_EQ(unreachable, 0u);
}

}  // namespace
}  // namespace ouflow::scenario
