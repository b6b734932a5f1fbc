// Buses in traffic (sim/evaluation/bus_congestion.h) on the tiny network of
// tests/scenarios/fixture.h: with every road link twice as slow, a bus's running times double and
// its dwells stay; BRT keeps its timetable; at free-flow times nothing changes.
#include "sim/evaluation/bus_congestion.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>

#include "networks/transit_edit.h"
#include "scenarios/scenario.h"
#include "sim/road/car_times.h"
#include "tests/scenarios/fixture.h"

namespace ouflow::sim {
namespace {

std::string line(const std::string& id, const std::string& mode) {
  return "modification { add_transit_line { id: \"" + id + "\" mode: " + mode +
         " speed_kmh: 20 dwell_s: 30 stop { id: \"" + id + "1\" lat: 0 lon: 0 } stop { id: \"" +
         id + "2\" lat: 0 lon: 0.01 } stop { id: \"" + id +
         "3\" lat: 0 lon: 0.02 } period { start: \"06:00\" end: \"09:00\" headway_min: 10 } } }\n";
}

std::map<std::string, net::TripSpec> trips(const net::TransitNetwork& t) {
  std::map<std::string, net::TripSpec> out;
  for (const net::TripSpec& trip : net::to_records(t).trips) out[trip.id] = trip;
  return out;
}

TEST(BusCongestion, RunningTimesFollowTheRoadsExceptBrt) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  const scenario::LoadedScenario s = scenario::load_scenario(
      test::write_scenario(dir, "s.pbtxt", "name: \"s\"\n" + line("B", "BUS") + line("R", "BRT")));
  const net::RoadNetwork& road = s.model.road;
  const net::TransitNetwork& t = *s.model.transit;
  std::vector<double> slow = car_link_times_s(road);
  for (double& x : slow) x *= 2.0;
  BusCongestionStats stats;
  const net::TransitNetwork c = congest_buses(t, road, slow, &stats);
  EXPECT_EQ(stats.trips_retimed, 2u);  // B, both directions
  EXPECT_NEAR(stats.mean_factor, 2.0, 1e-2);
  const auto before = trips(t), after = trips(c);
  ASSERT_EQ(before.size(), after.size());
  int bus_segments = 0;
  for (const auto& [id, trip] : before) {
    const auto& a = after.at(id).stop_times;
    const auto& b = trip.stop_times;
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(a.front().departure_s, b.front().departure_s) << id;
    for (std::size_t i = 1; i < b.size(); ++i) {
      const int run_b = b[i].arrival_s - b[i - 1].departure_s;
      const int run_a = a[i].arrival_s - a[i - 1].departure_s;
      if (trip.route_id == "B") {
        EXPECT_LE(std::abs(run_a - 2 * run_b), 1) << id << " segment " << i;
        ++bus_segments;
      } else {
        EXPECT_EQ(run_a, run_b) << id;
      }
      EXPECT_EQ(a[i].departure_s - a[i].arrival_s, b[i].departure_s - b[i].arrival_s) << id;
    }
  }
  EXPECT_EQ(bus_segments, 4);
  // At free flow the timetable stays as it is.
  const net::TransitNetwork same = congest_buses(t, road, car_link_times_s(road));
  const auto kept = trips(same);
  for (const auto& [id, trip] : before) {
    for (std::size_t i = 0; i < trip.stop_times.size(); ++i) {
      EXPECT_EQ(kept.at(id).stop_times[i].arrival_s, trip.stop_times[i].arrival_s) << id;
    }
  }
}

TEST(BusCongestion, RouteTypes) {
  EXPECT_TRUE(runs_in_traffic(3));
  EXPECT_FALSE(runs_in_traffic(702));  // BRT
  EXPECT_FALSE(runs_in_traffic(1));    // metro
  EXPECT_FALSE(runs_in_traffic(2));    // rail
}

}  // namespace
}  // namespace ouflow::sim
