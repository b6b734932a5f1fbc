// Every modification applied to the tiny network of fixture.h, checked against values worked out
// by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>

#include "networks/geo.h"
#include "networks/input_error.h"
#include "scenarios/scenario.h"
#include "tests/scenarios/fixture.h"

namespace ouflow::scenario {
namespace {

using test::kDeg001M;
using test::TempDir;
using test::write_scenario;
using test::write_tiny_network;

// The links (in input order) with external id `id`.
std::vector<net::LinkId> links_with_id(const net::RoadNetwork& r, std::int64_t id) {
  std::vector<net::LinkId> out;
  for (net::LinkId l : r.input_order()) {
    if (r.link_external_id()[l] == id) out.push_back(l);
  }
  return out;
}

std::int64_t ext(const net::RoadNetwork& r, net::NodeId n) { return r.node_external_id()[n]; }

class ModificationTest : public ::testing::Test {
 protected:
  void SetUp() override { write_tiny_network(dir); }
  LoadedScenario load(const std::string& body) {
    return load_scenario(write_scenario(dir, "s.pbtxt", body));
  }
  TempDir dir;
};

TEST_F(ModificationTest, NoModificationsKeepsTheBase) {
  const LoadedScenario s = load("name: \"base\"\nyear: 2020\n");
  EXPECT_EQ(s.name, "base");
  EXPECT_EQ(s.year, 2020);
  EXPECT_EQ(s.model.road.node_count(), 4u);
  EXPECT_EQ(s.model.road.link_count(), 7u);  // three two-way rows and one one-way
  EXPECT_EQ(s.modification_count, 0u);
  ASSERT_EQ(s.chain.size(), 2u);
  EXPECT_EQ(s.chain[1].filename(), "s.pbtxt");
  EXPECT_FALSE(s.model.transit.has_value());
}

TEST_F(ModificationTest, AddRoadWithClassDefaultsSnapAndNewNode) {
  // From a point 11 m north of node 1 (snaps to node 1, within 50 m) to a new point at
  // (0, 0.03): one segment 1 -> new node of 3 x 1111.95 m; plus, to node 3, a second segment.
  const LoadedScenario s = load(R"(
modification {
  add_road {
    name: "X"
    road_class: URBAN_EXPRESSWAY
    point { lat: 0.0001 lon: 0.0 }
    point { lat: 0.0 lon: 0.03 }
    point { node: 3 }
  }
})");
  const net::RoadNetwork& r = s.model.road;
  ASSERT_EQ(r.node_count(), 5u);
  const auto n5 = r.find_node(5);  // new ids are max + 1
  ASSERT_TRUE(n5);
  EXPECT_DOUBLE_EQ(r.lat()[*n5], 0.0);
  EXPECT_DOUBLE_EQ(r.lon()[*n5], 0.03);
  EXPECT_TRUE(std::isfinite(r.x()[*n5]));  // projected like the other nodes
  ASSERT_EQ(r.link_count(), 11u);
  const auto seg1 = links_with_id(r, 14);  // the two directions share the new id
  const auto seg2 = links_with_id(r, 15);
  ASSERT_EQ(seg1.size(), 2u);
  ASSERT_EQ(seg2.size(), 2u);
  const net::LinkId a = seg1[0];
  EXPECT_EQ(ext(r, r.tail()[a]), 1);
  EXPECT_EQ(ext(r, r.head()[a]), 5);
  EXPECT_EQ(ext(r, r.tail()[seg1[1]]), 5);
  EXPECT_EQ(ext(r, r.head()[seg1[1]]), 1);
  // Urban expressway defaults: 2 lanes, 80 km/h, 1600 veh/h/lane, BPR 0.15/4; detour 1.0.
  EXPECT_NEAR(r.length_m()[a], 3 * kDeg001M, 1e-6);
  EXPECT_NEAR(r.free_flow_time_s()[a], 3 * kDeg001M / (80 / 3.6), 1e-6);
  EXPECT_DOUBLE_EQ(r.lanes()[a], 2);
  EXPECT_DOUBLE_EQ(r.capacity_vph()[a], 3200);
  EXPECT_DOUBLE_EQ(r.speed_kmh()[a], 80);
  EXPECT_EQ(r.link_class()[a], net::LinkClass::kUrbanExpressway);
  EXPECT_DOUBLE_EQ(r.alpha()[a], 0.15);
  EXPECT_EQ(r.link_name()[a], "X");
  EXPECT_EQ(ext(r, r.head()[seg2[0]]), 3);
  EXPECT_NEAR(r.length_m()[seg2[0]], kDeg001M, 1e-6);
  ASSERT_EQ(s.roads.size(), 1u);
  EXPECT_NEAR(s.roads[0].length_km, 4 * kDeg001M / 1000, 1e-9);
  EXPECT_EQ(s.roads[0].link_ids, (std::vector<std::int64_t>{14, 15}));
  EXPECT_EQ(s.roads[0].lanes, 2);
}

TEST_F(ModificationTest, AddRoadOneWayWithGivenValues) {
  const LoadedScenario s = load(R"(
modification {
  add_road {
    road_class: ARTERIAL
    lanes: 3
    speed_kmh: 36
    capacity_per_lane: 700
    detour_factor: 1.5
    one_way: true
    snap_m: 5
    point { node: 1 }
    point { lat: 0.0001 lon: 0.01 }
    length_km: 9
  }
})");
  const net::RoadNetwork& r = s.model.road;
  // 11 m from node 2, beyond snap_m 5: a new node.
  ASSERT_EQ(r.node_count(), 5u);
  const auto links = links_with_id(r, 14);
  ASSERT_EQ(links.size(), 1u);
  const double straight_m = net::haversine_m(0, 0, 0.01, 0.0001);
  EXPECT_NEAR(r.length_m()[links[0]], 1.5 * straight_m, 1e-6);
  EXPECT_NEAR(r.free_flow_time_s()[links[0]], 1.5 * straight_m / 10.0, 1e-6);  // 10 m/s
  EXPECT_DOUBLE_EQ(r.capacity_vph()[links[0]], 2100);
  EXPECT_DOUBLE_EQ(r.alpha()[links[0]], 0.5);
  EXPECT_TRUE(s.roads[0].length_stated);
  EXPECT_DOUBLE_EQ(s.roads[0].length_km, 9);
}

TEST_F(ModificationTest, NoSnappingToNoThroughZoneNodes) {
  dir.write("net/node.csv",
            "node_id,x_coord,y_coord,zone_id,through_allowed\n1,0.0,0.0,1,0\n2,0.01,0.0,,1\n"
            "3,0.02,0.0,,1\n4,0.02,0.01,4,1\n");
  const LoadedScenario s = load(
      "modification { add_road { road_class: LOCAL point { lat: 0.0001 lon: 0 } point { node: 2 "
      "} } }\n");
  // Node 1 is 11 m away but carries no through traffic: a new node 5 is made instead.
  EXPECT_EQ(s.model.road.node_count(), 5u);
  const auto l = links_with_id(s.model.road, 14);
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(ext(s.model.road, s.model.road.tail()[l[0]]), 5);
}

TEST_F(ModificationTest, ModifyRoadByNameScalesCapacityAndSetsSpeed) {
  const LoadedScenario s = load(R"(
modification { modify_road { select { name: "A" } lanes: 3 speed_kmh: 30 } }
modification { modify_road { select { link: 12 } capacity_vph: 900 road_class: LOCAL } }
)");
  const net::RoadNetwork& r = s.model.road;
  for (std::int64_t id : {10, 11}) {
    for (net::LinkId l : links_with_id(r, id)) {
      EXPECT_DOUBLE_EQ(r.lanes()[l], 3);
      EXPECT_DOUBLE_EQ(r.capacity_vph()[l], 2400);  // 1600 for 2 lanes -> 800 per lane x 3
      EXPECT_DOUBLE_EQ(r.speed_kmh()[l], 30);
      EXPECT_NEAR(r.free_flow_time_s()[l], 1112 * 3.6 / 30, 1e-9);  // 133.44 s
    }
  }
  for (net::LinkId l : links_with_id(r, 12)) {
    EXPECT_DOUBLE_EQ(r.capacity_vph()[l], 900);
    EXPECT_EQ(r.link_class()[l], net::LinkClass::kLocal);
    EXPECT_DOUBLE_EQ(r.lanes()[l], 1);
    EXPECT_DOUBLE_EQ(r.speed_kmh()[l], 35);  // unchanged
  }
  for (net::LinkId l : links_with_id(r, 13)) EXPECT_DOUBLE_EQ(r.capacity_vph()[l], 3600);
}

TEST_F(ModificationTest, CloseRoadRemovesLinks) {
  const LoadedScenario s = load("modification { close_road { select { link: 13 } } }\n");
  EXPECT_EQ(s.model.road.link_count(), 6u);
  EXPECT_TRUE(links_with_id(s.model.road, 13).empty());
}

TEST_F(ModificationTest, ChangeZone) {
  const LoadedScenario s = load(R"(
modification { change_zone { zone: 1 population: 250 jobs_factor: 2 } }
modification { change_zone { zone: 4 population_factor: 0.5 jobs: 0 } }
)");
  const net::RoadNetwork& r = s.model.road;
  const net::ZoneId z1 = *r.find_zone(1), z4 = *r.find_zone(4);
  EXPECT_DOUBLE_EQ(r.zone_population()[z1], 250);
  EXPECT_DOUBLE_EQ(r.zone_jobs()[z1], 20);
  EXPECT_DOUBLE_EQ(r.zone_population()[z4], 100);
  EXPECT_DOUBLE_EQ(r.zone_jobs()[z4], 0);
}

constexpr const char* kLineBySpeed = R"(
modification {
  add_transit_line {
    id: "L1"
    name: "Line 1"
    mode: METRO
    color: "FF0000"
    stop { id: "a" name: "A" lat: 0 lon: 0 }
    stop { id: "b" name: "B" lat: 0 lon: 0.01 approximate: "midway" }
    stop { id: "c" name: "C" lat: 0 lon: 0.02 }
    speed_kmh: 36
    period { start: "07:00" end: "09:00" headway_min: 10 }
    period { start: "09:00" end: "25:30" headway_min: 20 }
    vehicle_capacity: 1000
    status: "planned"
  }
}
)";

TEST_F(ModificationTest, AddTransitLineFromSpeed) {
  const LoadedScenario s = load(kLineBySpeed);
  ASSERT_TRUE(s.model.transit);
  const net::TransitNetwork& t = *s.model.transit;
  const net::TransitColumns& c = t.columns();
  ASSERT_EQ(t.route_count(), 1u);
  EXPECT_EQ(c.route_type[net::RouteId{0}], 1);  // METRO
  EXPECT_EQ(c.route_short_name[net::RouteId{0}], "Line 1");
  EXPECT_EQ(t.stop_count(), 3u);
  ASSERT_EQ(t.trip_count(), 2u);  // both directions
  // Run time per segment: 1111.95 m x 1.2 / (10 m/s) = 133.4 s -> 133 s; dwell 30 s at b only.
  const net::TripId fwd = *t.find_trip("L1:0");
  const auto arr = t.arrivals_s(fwd), dep = t.departures_s(fwd);
  ASSERT_EQ(arr.size(), 3u);
  EXPECT_EQ(dep[0], 7 * 3600);
  EXPECT_EQ(arr[1], 7 * 3600 + 133);
  EXPECT_EQ(dep[1], 7 * 3600 + 163);
  EXPECT_EQ(arr[2], 7 * 3600 + 296);
  EXPECT_EQ(dep[2], arr[2]);
  const net::TripId rev = *t.find_trip("L1:1");
  const auto rstops = t.pattern_stops(c.trip_pattern[rev]);
  EXPECT_EQ(c.stop_id[rstops[0]], "c");
  EXPECT_EQ(c.stop_id[rstops[2]], "a");
  // Frequencies: 600 s over [07:00, 09:00), 1200 s over [09:00, 25:30), per direction.
  const auto [fb, fe] = t.frequencies_of(fwd);
  ASSERT_EQ(fe - fb, 2u);
  EXPECT_EQ(c.frequency_start_s[fb], 7 * 3600);
  EXPECT_EQ(c.frequency_end_s[fb], 9 * 3600);
  EXPECT_EQ(c.frequency_headway_s[fb], 600);
  EXPECT_EQ(c.frequency_end_s[fb + 1], 25 * 3600 + 1800);
  EXPECT_EQ(c.frequency_headway_s[fb + 1], 1200);
  // Runs every day.
  const net::ServiceId daily = c.trip_service[fwd];
  EXPECT_TRUE(t.runs_on(daily, *net::Date::from_ymd(2025, 6, 1)));
  EXPECT_TRUE(t.runs_on(daily, *net::Date::from_ymd(2025, 6, 4)));
  ASSERT_EQ(s.lines.size(), 1u);
  const LineInfo& info = s.lines[0];
  EXPECT_EQ(info.mode, TransitMode::kMetro);
  EXPECT_NEAR(info.length_km, 2 * kDeg001M / 1000, 1e-9);  // the stop polyline
  EXPECT_FALSE(info.length_stated);
  EXPECT_EQ(info.approximate_stops, std::vector<std::string>{"b"});
  EXPECT_DOUBLE_EQ(info.vehicle_capacity, 1000);
  EXPECT_EQ(info.status, "planned");
  EXPECT_EQ(info.line, 5u);  // add_transit_line opens on line 5 of the file
}

TEST_F(ModificationTest, AddTransitLineFromRunTimesOneDirectionExistingStops) {
  const LoadedScenario s = load(std::string(kLineBySpeed) + R"(
modification {
  add_transit_line {
    id: "L2"
    mode: BRT
    stop { id: "c" }
    stop { id: "a" }
    stop { id: "d" lat: 0.01 lon: 0 }
    run_time_min: [2, 3.5]
    dwell_s: 0
    one_direction: true
    length_km: 4.5
    period { start: "06:00" end: "07:00" headway_min: 7.5 }
  }
})");
  const net::TransitNetwork& t = *s.model.transit;
  EXPECT_EQ(t.stop_count(), 4u);
  ASSERT_EQ(t.trip_count(), 3u);
  EXPECT_FALSE(t.find_trip("L2:1"));
  const auto arr = t.arrivals_s(*t.find_trip("L2:0"));
  EXPECT_EQ(arr[1] - arr[0], 120);
  EXPECT_EQ(arr[2] - arr[1], 210);
  EXPECT_EQ(t.columns().route_type[*t.find_route("L2")], 702);  // BRT
  const auto [fb, fe] = t.frequencies_of(*t.find_trip("L2:0"));
  EXPECT_EQ(t.columns().frequency_headway_s[fb], 450);
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[1].route_id, "L2");
  EXPECT_DOUBLE_EQ(s.lines[1].length_km, 4.5);
  EXPECT_TRUE(s.lines[1].one_direction);
}

TEST_F(ModificationTest, RemoveTransitLineKeepsStops) {
  const LoadedScenario s =
      load(std::string(kLineBySpeed) + "modification { remove_transit_line { id: \"L1\" } }\n");
  const net::TransitNetwork& t = *s.model.transit;
  EXPECT_EQ(t.route_count(), 0u);
  EXPECT_EQ(t.trip_count(), 0u);
  EXPECT_EQ(t.frequency_count(), 0u);
  EXPECT_EQ(t.stop_count(), 3u);
  EXPECT_TRUE(s.lines.empty());
}

TEST_F(ModificationTest, AdjustHeadwayByFactorAndByPeriods) {
  const LoadedScenario s = load(std::string(kLineBySpeed) +
                                "modification { adjust_headway { id: \"L1\" factor: 0.5 } }\n");
  const net::TransitColumns& c = s.model.transit->columns();
  ASSERT_EQ(c.frequency_headway_s.size(), 4u);
  EXPECT_EQ(c.frequency_headway_s[0], 300);
  EXPECT_EQ(c.frequency_headway_s[1], 600);
  const LoadedScenario p = load(std::string(kLineBySpeed) + R"(
modification { adjust_headway { id: "L1" period { start: "06:30" end: "08:00" headway_min: 4 } } }
)");
  const net::TransitColumns& pc = p.model.transit->columns();
  ASSERT_EQ(pc.frequency_headway_s.size(), 2u);  // one period x two directions
  EXPECT_EQ(pc.frequency_start_s[0], 6 * 3600 + 1800);
  EXPECT_EQ(pc.frequency_headway_s[0], 240);
}

TEST_F(ModificationTest, AdjustSpeedDividesRunningTimesAndSetsDwell) {
  const LoadedScenario s = load(std::string(kLineBySpeed) +
                                "modification { adjust_speed { id: \"L1\" factor: 2 dwell_s: 10 "
                                "} }\n");
  const net::TransitNetwork& t = *s.model.transit;
  const auto arr = t.arrivals_s(*t.find_trip("L1:0"));
  const auto dep = t.departures_s(*t.find_trip("L1:0"));
  // 133 s / 2 = 66.5 -> 67 s (rounded half away from zero); dwell 10 s at b.
  EXPECT_EQ(dep[0], 7 * 3600);
  EXPECT_EQ(arr[1], 7 * 3600 + 67);
  EXPECT_EQ(dep[1], 7 * 3600 + 77);
  EXPECT_EQ(arr[2], 7 * 3600 + 144);
}

TEST_F(ModificationTest, ChainOfBasesMergesSettings) {
  write_scenario(dir, "base.pbtxt", R"(name: "b"
year: 2020
demand { trips_per_resident: 0.1 peak_start: "07:00" peak_end: "09:00" }
study_area { cbd { lat: 0 lon: 0.01 } boundaries: "net/node.csv" }
target { indicator: "expressway_km" value: 10 }
modification { change_zone { zone: 1 population: 300 } }
)");
  std::filesystem::create_directories(dir.path() / "sub");
  const auto top = dir.write("sub/top.pbtxt", R"(format_version: 1
base_scenario: "../base.pbtxt"
demand { trips_per_resident: 0.2 transit_share: 0.3 }
target { indicator: "brt_km" value: 5 comparison: "<=" }
modification { change_zone { zone: 1 jobs: 7 } }
)");
  const LoadedScenario s = load_scenario(top);
  EXPECT_EQ(s.name, "top");
  EXPECT_EQ(s.year, 2020);  // inherited
  ASSERT_EQ(s.chain.size(), 3u);
  EXPECT_EQ(s.chain[0].filename(), "net");
  EXPECT_EQ(s.chain[1].filename(), "base.pbtxt");
  EXPECT_EQ(s.chain[2].filename(), "top.pbtxt");
  EXPECT_EQ(s.modification_count, 2u);
  EXPECT_DOUBLE_EQ(*s.demand.trips_per_resident, 0.2);
  EXPECT_DOUBLE_EQ(*s.demand.transit_share, 0.3);
  EXPECT_EQ(*s.demand.peak_start_s, 7 * 3600);
  ASSERT_TRUE(s.study_area.cbd);
  EXPECT_DOUBLE_EQ(s.study_area.cbd->lon, 0.01);
  EXPECT_EQ(s.study_area.boundaries.filename(), "node.csv");
  ASSERT_EQ(s.targets.size(), 2u);
  EXPECT_EQ(s.targets[0].indicator, "expressway_km");
  EXPECT_TRUE(s.targets[1].at_most);
  const net::ZoneId z1 = *s.model.road.find_zone(1);
  EXPECT_DOUBLE_EQ(s.model.road.zone_population()[z1], 300);
  EXPECT_DOUBLE_EQ(s.model.road.zone_jobs()[z1], 7);
}

TEST_F(ModificationTest, LoadingTwiceGivesEqualModels) {
  const std::string body = std::string(kLineBySpeed) + R"(
modification { add_road { road_class: LOCAL point { lat: 0.005 lon: 0.005 } point { node: 2 }
                          point { lat: 0.01 lon: 0.02 } } }
modification { add_road { road_class: COLLECTOR point { lat: 0.005 lon: 0.005 } point { node: 1 } } }
modification { close_road { select { link: 13 } } }
modification { adjust_speed { id: "L1" factor: 1.3 } }
)";
  const LoadedScenario a = load(body);
  const LoadedScenario b = load(body);
  EXPECT_TRUE(a.model.road == b.model.road);
  ASSERT_TRUE(a.model.transit && b.model.transit);
  EXPECT_TRUE(*a.model.transit == *b.model.transit);
  // (0.01 lat, 0.02 lon) is node 4; the second road reuses the first road's new node 5.
  EXPECT_EQ(a.model.road.node_count(), 5u);
  const net::RoadNetwork& r = a.model.road;
  const auto second = links_with_id(r, 16);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(ext(r, r.tail()[second[0]]), 5);
  EXPECT_EQ(ext(r, r.head()[second[0]]), 1);
}

TEST_F(ModificationTest, GtfsBaseKeepsRoutesAndLinesAreDerived) {
  const auto feed = test::data_dir() / "gtfs" / "sample-feed-1.zip";
  const auto path = dir.write("g.pbtxt", "format_version: 1\nbase_network: \"" + feed.string() +
                                             "\"\n"
                                             "modification { add_transit_line { id: \"N\" mode: "
                                             "TRAM stop { id: \"STAGECOACH\" } stop { id: "
                                             "\"BEATTY_AIRPORT\" } run_time_min: 5 period { "
                                             "start: \"06:00\" end: \"07:00\" headway_min: 15 } "
                                             "} }\n");
  const LoadedScenario s = load_scenario(path);
  const net::TransitNetwork& t = *s.model.transit;
  EXPECT_EQ(t.route_count(), 6u);
  ASSERT_EQ(s.lines.size(), 6u);
  EXPECT_EQ(s.lines[0].mode, TransitMode::kBus);  // route_type 3
  EXPECT_GT(s.lines[0].length_km, 0.0);
  EXPECT_EQ(s.lines[5].route_id, "N");
  EXPECT_EQ(s.lines[5].mode, TransitMode::kTram);
}

TEST(ScenarioName, ResolvedBelowTheScenarioDir) {
  TempDir dir;
  write_tiny_network(dir);
  std::filesystem::create_directories(dir.path() / "city" / "deep");
  write_scenario(dir, "city/deep/my_plan.pbtxt", "");
  // Paths are relative to the scenario file: the network is two folders up.
  dir.write("city/deep/my_plan.pbtxt", "format_version: 1\nbase_network: \"../../net\"\n");
  EXPECT_TRUE(is_scenario_name("my_plan"));
  EXPECT_FALSE(is_scenario_name("my_plan.pbtxt"));
  EXPECT_FALSE(is_scenario_name("city/my_plan"));
  ::setenv("OUFLOW_SCENARIO_DIR", dir.path().c_str(), 1);
  const auto found = find_scenario("my_plan");
  EXPECT_EQ(found.filename(), "my_plan.pbtxt");
  EXPECT_EQ(load_scenario(found).model.road.node_count(), 4u);
  EXPECT_THROW(find_scenario("nothing_here"), InputError);
  ::unsetenv("OUFLOW_SCENARIO_DIR");
  EXPECT_TRUE(looks_like_scenario(found));
  const auto net_pbtxt = dir.write("n.pbtxt", "format_version: 1\nnetwork {\n}\n");
  EXPECT_FALSE(looks_like_scenario(net_pbtxt));
}

}  // namespace
}  // namespace ouflow::scenario
