// Indicators on hand-checkable cases.
#include "sim/evaluation/indicators.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "tests/sim/evaluation/road_fixture.h"

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(PointInPolygon, ConcaveRing) {
  // An L shape: the notch (1.5, 1.5) is outside.
  const std::vector<LonLat> ring{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
  EXPECT_TRUE(point_in_polygon({0.5, 0.5}, ring));
  EXPECT_TRUE(point_in_polygon({0.5, 1.5}, ring));
  EXPECT_TRUE(point_in_polygon({1.5, 0.5}, ring));
  EXPECT_FALSE(point_in_polygon({1.5, 1.5}, ring));
  EXPECT_FALSE(point_in_polygon({-0.1, 0.5}, ring));
  EXPECT_FALSE(point_in_polygon({0.5, 2.1}, ring));
}

TEST(AreaSpeed, VktOverVhtInsideThePolygon) {
  const net::RoadNetwork net = test::three_links();
  const std::vector<LonLat> box{{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  const std::vector<std::uint8_t> in = links_inside(net, box);
  ASSERT_EQ(in.size(), 3u);
  // Link order follows the tail: link 1 (1->2) first, then 2->3 and 2->1 in input order.
  EXPECT_EQ(in[0], 1);
  EXPECT_EQ(in[1], 0);
  EXPECT_EQ(in[2], 0);  // connector
  // 500 veh/h over 10 km in 900 s: 5000 veh-km, 125 veh-h, 40 km/h.
  const std::vector<double> flow{500, 800, 100}, time{900, 700, 600};
  const AreaSpeed s = area_speed(net, flow, time, in);
  EXPECT_EQ(s.links, 1u);
  EXPECT_DOUBLE_EQ(s.vkt_km, 5000.0);
  EXPECT_DOUBLE_EQ(s.vht_h, 125.0);
  EXPECT_DOUBLE_EQ(s.speed_kmh, 40.0);
  EXPECT_NEAR(percent_change(40.0, 41.2), 3.0, 1e-12);
  EXPECT_EQ(percent_change(0.0, 0.0), 0.0);
}

TEST(CircleIndicators, HandComputed) {
  // Zones 0, 1, 2; zone 2 outside the area.
  const std::vector<double> trips{0,  10, 5,  //
                                  20, 0,  5,  //
                                  1,  1,  0};
  const std::vector<double> time{0,    3000, 4000,  //
                                 3700, 0,    kInf,  //
                                 100,  100,  0};
  const std::vector<std::uint8_t> area{1, 1, 0};
  const ShareWithin all = trips_within(trips, time, 3, 3600);
  EXPECT_DOUBLE_EQ(all.total, 42.0);
  EXPECT_DOUBLE_EQ(all.within, 12.0);  // 10 (0->1) + 1 + 1 (2->0, 2->1); 0-time diagonal has 0
  const ShareWithin main = trips_within(trips, time, 3, 3600, area);
  EXPECT_DOUBLE_EQ(main.total, 30.0);
  EXPECT_DOUBLE_EQ(main.within, 10.0);
  EXPECT_DOUBLE_EQ(main.share, 1.0 / 3.0);

  const std::vector<double> pop{100, 200, 700};
  const ShareWithin to0 = population_within(pop, time, 3, 0, 3600);
  EXPECT_DOUBLE_EQ(to0.within, 800.0);  // zone 0 itself (0 s) and zone 2 (100 s); zone 1 3700 s
  EXPECT_DOUBLE_EQ(to0.share, 0.8);

  const std::vector<double> jobs{50, 60, 70};
  // Zone 0 reaches {0, 1} = 110 jobs; zone 1 reaches {1} = 60; zone 2 reaches all = 180.
  EXPECT_DOUBLE_EQ(jobs_accessible(pop, jobs, time, 3, 3600),
                   (100.0 * 110 + 200.0 * 60 + 700.0 * 180) / 1000.0);
  EXPECT_DOUBLE_EQ(jobs_accessible(pop, jobs, time, 3, 3600, area),
                   (100.0 * 110 + 200.0 * 60) / 300.0);
  // Mean time ignores the unreachable pair (1 -> 2).
  EXPECT_DOUBLE_EQ(mean_time(trips, time),
                   (10 * 3000.0 + 5 * 4000.0 + 20 * 3700.0 + 100 + 100) / 37.0);
}

}  // namespace
}  // namespace ouflow::sim
