// Transit assignment on a hand-checkable line pair: loads, boardings, transfers, unassigned trips,
// and identical bits for 1 and 2 threads.
#include "sim/transit/transit_assignment.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "networks/transit_builder.h"

namespace ouflow::sim {
namespace {

using net::Date;
using net::LocationType;

std::int32_t hm(int h, int m) { return h * 3600 + m * 60; }

net::StopTimeSpec at(const std::string& stop, std::int32_t t) {
  net::StopTimeSpec s;
  s.stop_id = stop;
  s.arrival_s = t;
  s.departure_s = t;
  return s;
}

// R1 runs A -> B -> C every 10 minutes from 06:50 to 08:30 (10 min per section); R2 runs C -> D
// five minutes after each R1 arrival at C. Stops are 0.01 degrees (about 1.11 km) apart.
net::TransitNetwork two_lines() {
  net::TransitBuilder b;
  b.add_agency({"AG", "Agency", "http://a", "UTC"});
  b.add_stop({"A", "a", 0.00, 0.0, "", LocationType::kStop});
  b.add_stop({"B", "b", 0.01, 0.0, "", LocationType::kStop});
  b.add_stop({"C", "c", 0.02, 0.0, "", LocationType::kStop});
  b.add_stop({"D", "d", 0.03, 0.0, "", LocationType::kStop});
  b.add_route({"R1", "AG", "R1", "R1", 3});
  b.add_route({"R2", "AG", "R2", "R2", 3});
  b.add_service({"WK", 0x7f, *Date::from_ymd(2024, 1, 1), *Date::from_ymd(2024, 12, 31)});
  for (int k = 0; k <= 10; ++k) {
    const std::int32_t t = hm(6, 50) + 600 * k;
    net::TripSpec r1;
    r1.id = "r1_" + std::to_string(k);
    r1.route_id = "R1";
    r1.service_id = "WK";
    r1.stop_times = {at("A", t), at("B", t + 600), at("C", t + 1200)};
    b.add_trip(r1);
    net::TripSpec r2;
    r2.id = "r2_" + std::to_string(k);
    r2.route_id = "R2";
    r2.service_id = "WK";
    r2.stop_times = {at("C", t + 1500), at("D", t + 2100)};
    b.add_trip(r2);
  }
  return b.build();
}

TEST(TransitAssignment, LoadsOnAHandCheckedLinePair) {
  const net::TransitNetwork net = two_lines();
  const Footpaths fp = Footpaths::build(net, WalkParams{});
  const auto s = [&](const char* id) { return *net.find_stop(id); };
  // Zone 0 at A, zone 1 at C (120 s walk), zone 2 at D.
  std::vector<ZoneStops> zones(3);
  zones[0].access = {{s("A"), 0}};
  zones[0].egress = {{s("A"), 0}};
  zones[1].access = {{s("C"), 120}};
  zones[1].egress = {{s("C"), 120}};
  zones[2].egress = {{s("D"), 0}};
  const std::vector<double> trips{0,  100, 50,  //
                                  30, 0,   0,   // C -> A: no line runs that way
                                  0,  0,   0};
  TransitAssignmentOptions o;
  o.window.date = *Date::from_ymd(2024, 3, 5);
  o.window.depart_s = hm(7, 0);
  o.window.minutes = 60;
  o.step_min = 10;
  const TransitLoads l = assign_transit(net, fp, zones, trips, o);
  EXPECT_DOUBLE_EQ(l.assigned_trips, 150.0);
  EXPECT_DOUBLE_EQ(l.unassigned_trips, 30.0);
  EXPECT_DOUBLE_EQ(l.transfers, 50.0);
  const auto r = [&](const char* id) { return net.find_route(id)->value(); };
  EXPECT_DOUBLE_EQ(l.route_boardings[r("R1")], 150.0);
  EXPECT_DOUBLE_EQ(l.route_boardings[r("R2")], 50.0);
  EXPECT_DOUBLE_EQ(l.stop_boardings[s("A").value()], 150.0);
  EXPECT_DOUBLE_EQ(l.stop_boardings[s("C").value()], 50.0);
  EXPECT_DOUBLE_EQ(l.stop_alightings[s("C").value()], 150.0);
  EXPECT_DOUBLE_EQ(l.stop_alightings[s("D").value()], 50.0);
  EXPECT_DOUBLE_EQ(l.route_max_section_load[r("R1")], 150.0);
  // Sections: R1 A-B and B-C carry 150 each, R2 C-D 50; passenger-km over ~1.112 km sections.
  const double km = 0.01 * 3.14159265358979 / 180 * 6371.0088;
  EXPECT_NEAR(l.route_passenger_km[r("R1")], 300.0 * km, 0.5);
  EXPECT_NEAR(l.route_passenger_km[r("R2")], 50.0 * km, 0.1);
  double section_total = 0;
  for (double x : l.section_load) section_total += x;
  EXPECT_DOUBLE_EQ(section_total, 350.0);
}

TEST(TransitAssignment, SameBitsForAnyThreadCount) {
  const net::TransitNetwork net = two_lines();
  const Footpaths fp =
      Footpaths::build(net, WalkParams{.walk_speed_mps = 1.3, .transfer_radius_m = 2000});
  std::vector<ZoneStops> zones(4);
  for (std::uint32_t z = 0; z < 4; ++z) {
    const net::StopId st{z};
    zones[z].access = {{st, static_cast<std::int32_t>(60 * z)}};
    zones[z].egress = {{st, static_cast<std::int32_t>(30 * z)}};
  }
  std::vector<double> trips(16);
  for (std::size_t k = 0; k < trips.size(); ++k)
    trips[k] = (k % 5 == 0) ? 0.0 : 1.0 / static_cast<double>(1 + k);
  TransitAssignmentOptions o;
  o.window.date = *Date::from_ymd(2024, 3, 5);
  o.window.depart_s = hm(7, 0);
  o.window.minutes = 45;
  o.step_min = 1;
  std::vector<TransitLoads> runs;
  for (int threads : {1, 2, 3}) {
    o.exec.threads = threads;
    runs.push_back(assign_transit(net, fp, zones, trips, o));
  }
  for (std::size_t k = 1; k < runs.size(); ++k) {
    EXPECT_EQ(runs[k].section_load, runs[0].section_load);
    EXPECT_EQ(runs[k].route_boardings, runs[0].route_boardings);
    EXPECT_EQ(runs[k].assigned_trips, runs[0].assigned_trips);
  }
  EXPECT_GT(runs[0].assigned_trips, 0.0);
}

}  // namespace
}  // namespace ouflow::sim
