// The plan indicators of one run on a hand-checkable three-zone case, and the catalogue's
// invariants.
#include "sim/evaluation/plan_indicators.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "sim/evaluation/catalogue.h"
#include "tests/sim/evaluation/road_fixture.h"

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using enum IndicatorId;

TEST(IndicatorCatalogue, KeysAreUniqueAndFoundAgain) {
  std::set<std::string_view> keys;
  for (const IndicatorSpec& s : indicator_catalogue()) {
    EXPECT_TRUE(keys.insert(s.key).second) << s.key;
    EXPECT_EQ(find_indicator(s.key), s.id) << s.key;
    EXPECT_EQ(&spec(s.id), &s);
  }
  EXPECT_EQ(keys.size(), kIndicatorCount);
  EXPECT_FALSE(find_indicator("central_city_speed"));  // a misspelt key from a user
  EXPECT_EQ(change_unit(kCentralCitySpeed), "%");
  EXPECT_EQ(change_unit(kTransitShareMain), "pp");
  EXPECT_EQ(change_unit(kMunicipalSeats60), "seats");
  EXPECT_NEAR(indicator_change(kCentralCitySpeed, 40.0, 41.2), 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(indicator_change(kTransitShareMain, 35.0, 37.5), 2.5);
  EXPECT_EQ(spec(kVht).better, Better::kLess);
  EXPECT_EQ(spec(kTransitBoardings).better, Better::kMore);
  // The two plan targets on changes, and an inventory target on the value.
  EXPECT_EQ(spec(kCentralCitySpeed).target, "central_city_speed_pct");
  EXPECT_TRUE(spec(kCentralCitySpeed).target_on_change);
  EXPECT_EQ(spec(kRailwayKm).target, "railway_km");
  EXPECT_FALSE(spec(kRailwayKm).target_on_change);
  IndicatorValues v;
  EXPECT_FALSE(v.has(kVkt));
  v[kVkt] = 0.0;
  EXPECT_TRUE(v.has(kVkt));
}

// Zones 0 (the CBD, main centre), 1 (main centre, a county seat "B") and 2 (an external city
// "X"), centroids at nodes 1, 2, 3; a 10 km arterial 1 -> 2 inside the central-city box, a
// 20 km arterial 2 -> 3 outside, and a connector 2 -> 1 (left out of VKT and VHT).
struct ThreeZones {
  net::RoadNetwork road = test::three_links(/*zones=*/true);
  scenario::ZoneRoles roles{.main_centre = {1, 1, 0},
                            .county_seat = {0, 1, 0},
                            .external = {0, 0, 1},
                            .name = {"A", "B", "X"},
                            .source = {}};
  std::vector<double> population{100, 300, 600}, jobs{50, 60, 70};
  FeedbackResult model;
  TransitLoads loads;
  std::vector<net::LonLat> box{{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  scenario::Inventory inventory;

  ThreeZones() {
    model.zones = 3;
    // Minutes, row = origin. Car: 0 -> 1 in 40, 0 -> 2 in 70; transit: 0 -> 2 in 55, 1 -> 2 in
    // 50 (the best-placed main-centre zone for X), 1 -> 0 unserved.
    model.cost_min = {{0, 40, 70, 45, 0, 80, 70, 80, 0},
                      {0, 65, 55, kInf, 0, 50, 60, 60, 0},
                      {0, 90, 200, 90, 0, 200, 200, 200, 0}};
    model.trips = {
        {0, 30, 10, 20, 0, 0, 0, 0, 0}, {0, 10, 0, 0, 0, 0, 0, 0, 0}, {0, 10, 0, 0, 0, 0, 0, 0, 0}};
    model.link_flow_vph = {500, 800, 100};
    model.link_time_s = {900, 700, 600};
    loads.route_boardings = {12.5, 7.5};
  }

  PlanIndicators compute() const {
    return compute_plan_indicators({.road = road,
                                    .roles = roles,
                                    .population = population,
                                    .jobs = jobs,
                                    .cbd_zone = 0,
                                    .model = model,
                                    .loads = loads,
                                    .central_city = box,
                                    .inventory = inventory});
  }
};

TEST(PlanIndicators, HandComputedOnThreeZones) {
  const ThreeZones t;
  const PlanIndicators p = t.compute();
  const IndicatorValues& v = p.values;
  // Main-centre pairs (0, 1): car 0->1 30 trips at 40 min and 1->0 20 at 45: all within; transit
  // 0->1 10 trips at 65 min: none; non-motorised 0->1 10 at 90: none.
  EXPECT_DOUBLE_EQ(v[kUrbanTrips60Car], 100.0);
  EXPECT_DOUBLE_EQ(v[kUrbanTrips60Transit], 0.0);
  EXPECT_DOUBLE_EQ(v[kUrbanTrips60All], 100.0 * 50.0 / 70.0);
  // Main-centre population within 60 min to the CBD: car both zones (0, 45 min); transit only
  // zone 0 (zone 1 unserved).
  EXPECT_DOUBLE_EQ(v[kUrbanPopCbd60Car], 100.0);
  EXPECT_DOUBLE_EQ(v[kUrbanPopCbd60Transit], 25.0);
  // From the CBD, fastest: zone 1 in 40 (car), zone 2 in 55 (transit). Seat B and city X.
  EXPECT_DOUBLE_EQ(v[kMunicipalSeats60], 1.0);
  EXPECT_EQ(p.seats_within_60, std::vector<std::string>{"B"});
  EXPECT_DOUBLE_EQ(v[kProvincialCities60], 1.0);
  EXPECT_EQ(p.externals_within_60, std::vector<std::string>{"X"});
  EXPECT_DOUBLE_EQ(v[kMunicipalPop60], 100.0);  // the internal zones 0 and 1
  ASSERT_EQ(p.rail_minutes_to_external.size(), 1u);
  EXPECT_EQ(p.rail_minutes_to_external[0].first, "X");
  EXPECT_DOUBLE_EQ(p.rail_minutes_to_external[0].second, 50.0);
  EXPECT_DOUBLE_EQ(v[kProvincialCities60Rail], 1.0);
  // Central-city speed: link 1 only, 10 km in 900 s = 40 km/h.
  EXPECT_DOUBLE_EQ(v[kCentralCitySpeed], 40.0);
  // Transit share of motorised main-centre trips: 10 / (50 + 10).
  EXPECT_DOUBLE_EQ(v[kTransitShareMain], 100.0 / 6.0);
  // VKT and VHT without the connector: 500 x 10 + 800 x 20; 500 x 0.25 + 800 x 700 / 3600.
  EXPECT_DOUBLE_EQ(v[kVkt], 5000.0 + 16000.0);
  EXPECT_DOUBLE_EQ(v[kVht], 125.0 + 800.0 * 700.0 / 3600.0);
  // Mean door-to-door time over all trips with a finite time.
  EXPECT_DOUBLE_EQ(v[kMeanTripMin],
                   (30 * 40.0 + 10 * 70.0 + 20 * 45.0 + 10 * 65.0 + 10 * 90.0) / 80.0);
  // Jobs within 60 min by transit, over the internal zones: zone 0 reaches {0, 2} = 120, zone 1
  // reaches {1, 2} = 130.
  EXPECT_DOUBLE_EQ(v[kJobs60Transit], (100.0 * 120 + 300.0 * 130) / 400.0);
  EXPECT_DOUBLE_EQ(v[kJobs30Car], (100.0 * 50 + 300.0 * 60) / 400.0);
  EXPECT_DOUBLE_EQ(v[kTransitBoardings], 20.0);
  EXPECT_TRUE(v.has(kRailwayKm));  // an empty inventory has 0 km, not no value
  EXPECT_DOUBLE_EQ(v[kRailwayKm], 0.0);
}

TEST(PlanIndicators, ASlowerCarMovesTheSeatOutOfTheCircle) {
  ThreeZones t;
  t.model.cost_min[kCar][0 * 3 + 1] = 61.0;
  t.model.cost_min[kTransit][0 * 3 + 1] = 75.0;
  const PlanIndicators p = t.compute();
  EXPECT_DOUBLE_EQ(p.values[kMunicipalSeats60], 0.0);
  EXPECT_TRUE(p.seats_within_60.empty());
  EXPECT_DOUBLE_EQ(p.values[kMunicipalPop60], 25.0);
}

}  // namespace
}  // namespace ouflow::sim
