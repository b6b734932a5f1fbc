// The plan inventory on the tiny network of fixture.h against sums worked out by hand.
#include "scenarios/inventory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <sstream>

#include "networks/input_error.h"
#include "scenarios/boundaries.h"
#include "scenarios/road_classes.h"
#include "tests/scenarios/fixture.h"

namespace ouflow::scenario {
namespace {

using net::LinkClass;
using test::kDeg001M;

std::string line(const char* id, const char* mode, const std::string& stops,
                 const std::string& extra = "") {
  return std::string("modification { add_transit_line { id: \"") + id + "\" mode: " + mode + " " +
         stops + " speed_kmh: 30 period { start: \"07:00\" end: \"08:00\" headway_min: 10 }" + " " +
         extra + " } }\n";
}

TEST(Inventory, HandComputedSums) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  const std::string p = "stop { id: \"p\" lat: 0 lon: 0 } ";
  const std::string q = "stop { id: \"q\" lat: 0 lon: 0.01 } ";
  const std::string r = "stop { id: \"r\" lat: 0 lon: 0.02 } ";
  // Roads: a stated expressway (7 km whatever its links), an urban expressway of one segment of
  // 0.01 degree, a one-way arterial 2 -> 1 parallel to the two-way link 10. Transit: rail with a
  // stated length, HSR over p-q-r (0.02 degree), a metro p-q and its reverse q-p as two
  // one-direction lines (they count once), suburban q-r, BRT stated 3.3 km, a bus p-r.
  const std::string text =
      "modification { add_road { road_class: EXPRESSWAY length_km: 7 point { node: 1 } "
      "point { lat: 0.03 lon: 0 } } }\n"
      "modification { add_road { road_class: URBAN_EXPRESSWAY point { node: 1 } "
      "point { lat: 0 lon: -0.01 } } }\n"
      "modification { add_road { road_class: ARTERIAL one_way: true point { node: 2 } "
      "point { node: 1 } } }\n" +
      line("R", "RAIL", p + q, "length_km: 10") +
      line("H", "HIGH_SPEED_RAIL", "stop { id: \"p\" } stop { id: \"q\" } " + r) +
      line("M", "METRO", "stop { id: \"p\" } stop { id: \"q\" }", "one_direction: true") +
      line("M2", "METRO", "stop { id: \"q\" } stop { id: \"p\" }", "one_direction: true") +
      line("S", "SUBURBAN_RAIL", "stop { id: \"q\" } stop { id: \"r\" }") +
      line("B", "BRT", "stop { id: \"p\" } stop { id: \"r\" }", "length_km: 3.3") +
      line("U", "BUS", "stop { id: \"p\" } stop { id: \"r\" }") +
      "target { indicator: \"expressway_km\" value: 8 }\n"
      "target { indicator: \"brt_km\" value: 3 comparison: \"<=\" }\n"
      "target { indicator: \"transit_share_pp\" value: 2 }\n";
  const LoadedScenario s = load_scenario(test::write_scenario(dir, "s.pbtxt", text));
  const Inventory inv = compute_inventory(s);
  const double km = kDeg001M / 1000;  // 0.01 degree on the equator, km
  auto cl = [&](LinkClass c) { return inv.centre_line_km[static_cast<std::size_t>(c)]; };
  // Expressway: link 13 (1.5 km, one-way) + the stated 7 km.
  EXPECT_NEAR(cl(LinkClass::kExpressway), 1.5 + 7, 1e-9);
  EXPECT_NEAR(cl(LinkClass::kUrbanExpressway), km, 1e-9);
  // Arterial: pair 1-2 counts its longer direction, 2->1 = 1.112 + 0.01 degree; pair 2-3 1.112.
  EXPECT_NEAR(cl(LinkClass::kArterial), (1112 + kDeg001M) / 1000 + 1.112, 1e-9);
  EXPECT_NEAR(cl(LinkClass::kCollector), 1.112, 1e-9);
  auto rk = [&](TransitMode m) { return inv.route_km[static_cast<std::size_t>(m)]; };
  auto lines = [&](TransitMode m) { return inv.lines[static_cast<std::size_t>(m)]; };
  EXPECT_NEAR(rk(TransitMode::kRail), 10, 1e-12);
  EXPECT_NEAR(rk(TransitMode::kHighSpeedRail), 2 * km, 1e-9);
  EXPECT_NEAR(rk(TransitMode::kMetro), km, 1e-9);
  EXPECT_EQ(lines(TransitMode::kMetro), 1u);
  EXPECT_NEAR(rk(TransitMode::kSuburbanRail), km, 1e-9);
  EXPECT_NEAR(rk(TransitMode::kBrt), 3.3, 1e-12);
  EXPECT_NEAR(rk(TransitMode::kBus), 2 * km, 1e-9);

  EXPECT_NEAR(*indicator_value(inv, "railway_km"), 10 + 2 * km, 1e-9);
  EXPECT_NEAR(*indicator_value(inv, "sm_rail_km"), 2 * km, 1e-9);
  EXPECT_NEAR(*indicator_value(inv, "expressway_km"), 8.5, 1e-9);
  EXPECT_NEAR(*indicator_value(inv, "urban_expressway_km"), km, 1e-9);
  EXPECT_NEAR(*indicator_value(inv, "brt_km"), 3.3, 1e-12);
  EXPECT_DOUBLE_EQ(*indicator_value(inv, "national_road_km"), 0.0);
  EXPECT_FALSE(indicator_value(inv, "transit_share_pp"));

  std::ostringstream text_out, json_out;
  print_scenario(text_out, s, inv);
  print_scenario_json(json_out, s, inv);
  // Columns are padded with spaces: compare with runs of spaces collapsed.
  std::string out;
  for (char c : text_out.str()) {
    if (c != ' ' || out.empty() || out.back() != ' ') out += c;
  }
  // expressway 8.5 >= 8: met; brt 3.3 <= 3: not met; transit share: not computed.
  EXPECT_NE(out.find("expressway_km 8.50 >= 8.0 yes"), std::string::npos) << out;
  EXPECT_NE(out.find("brt_km 3.30 <= 3.0 no"), std::string::npos) << out;
  EXPECT_NE(out.find("transit_share_pp n/a >= 2.0 -"), std::string::npos) << out;
  const std::string json = json_out.str();
  EXPECT_NE(json.find("{\"indicator\":\"expressway_km\",\"value\":8.5,\"target\":8,"
                      "\"comparison\":\">=\",\"target_year\":0,\"source\":\"\",\"met\":true}"),
            std::string::npos)
      << json;
}

// km_built: every kind of modification by the rule of inventory.h, against hand sums on the tiny
// network (0.01 degree = kDeg001M m; links 10 and 11 "A" are 1112 m two-way, 13 "E" 1500 m
// one-way).
TEST(BuiltKm, EveryKindOfChange) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  const LoadedScenario base = load_scenario(test::write_scenario(dir, "base.pbtxt", ""));
  auto built = [&](const std::string& body) {
    return built_km(base, load_scenario(test::write_scenario(dir, "p.pbtxt", body)));
  };
  const std::string p = "stop { id: \"p\" lat: 0 lon: 0 } ";
  const std::string q = "stop { id: \"q\" lat: 0 lon: 0.01 } ";
  const std::string r = "stop { id: \"r\" lat: 0 lon: 0.02 } ";
  // A bus line counts its route length (p-q-r: 0.02 degree).
  const BuiltKm bus = built(line("B", "BUS", p + q + r));
  EXPECT_NEAR(bus.new_line_km[static_cast<std::size_t>(TransitMode::kBus)], 2 * kDeg001M / 1000,
              1e-9);
  EXPECT_NEAR(bus.total(), 2 * kDeg001M / 1000, 1e-9);
  // A stated length wins; a tram counts like any mode.
  EXPECT_DOUBLE_EQ(built(line("T", "TRAM", p + q, "length_km: 4.5")).total(), 4.5);
  // A widening counts the centre-line km widened: "A" is links 10 and 11, two-way, 1112 m each.
  const BuiltKm wide = built("modification { modify_road { select { name: \"A\" } lanes: 3 } }\n");
  EXPECT_DOUBLE_EQ(wide.changed_road_km, 2 * 1.112);
  EXPECT_DOUBLE_EQ(wide.total(), 2 * 1.112);
  // A speed or class change of one-way link 13 (1500 m) counts too.
  EXPECT_DOUBLE_EQ(
      built("modification { modify_road { select { link: 13 } speed_kmh: 80 } }\n").total(), 1.5);
  EXPECT_DOUBLE_EQ(
      built("modification { modify_road { select { link: 13 } road_class: ARTERIAL } }\n").total(),
      1.5);
  // A new road: its length, both directions once (node 1 to (0.01, 0): 0.01 degree).
  const BuiltKm road = built(
      "modification { add_road { road_class: LOCAL point { node: 1 } point { lat: 0.01 "
      "lon: 0 } } }\n");
  EXPECT_NEAR(road.new_road_km, kDeg001M / 1000, 1e-9);
  EXPECT_NEAR(road.total(), kDeg001M / 1000, 1e-9);
  // A connector builds nothing countable.
  EXPECT_DOUBLE_EQ(built("modification { add_road { road_class: CONNECTOR point { node: 1 } point "
                         "{ lat: 0.01 lon: 0 } } }\n")
                       .total(),
                   0.0);
  // Closing, and changes of service or zones, build nothing.
  EXPECT_DOUBLE_EQ(built("modification { close_road { select { link: 13 } } }\n").total(), 0.0);
  EXPECT_DOUBLE_EQ(built("modification { change_zone { zone: 1 jobs: 5 } }\n").total(), 0.0);
  // Headway and speed changes of an existing line, and removing it, build nothing.
  const LoadedScenario with_bus =
      load_scenario(test::write_scenario(dir, "b.pbtxt", line("B", "BUS", p + q + r)));
  for (const char* change :
       {"adjust_headway { id: \"B\" factor: 0.5 }", "adjust_speed { id: \"B\" factor: 1.5 }",
        "remove_transit_line { id: \"B\" }"}) {
    const auto f = dir.write("c.pbtxt", std::string("format_version: 1\nbase_scenario: "
                                                    "\"b.pbtxt\"\nmodification { ") +
                                            change + " }\n");
    EXPECT_DOUBLE_EQ(built_km(with_bus, load_scenario(f)).total(), 0.0) << change;
  }
}

TEST(RoadClasses, TableValues) {
  const RoadClassDefaults& e = road_class_defaults(LinkClass::kExpressway);
  EXPECT_EQ(e.lanes, 2);
  EXPECT_DOUBLE_EQ(e.speed_kmh, 100);
  EXPECT_DOUBLE_EQ(e.capacity_per_lane, 1800);
  const RoadClassDefaults& a = road_class_defaults(LinkClass::kArterial);
  EXPECT_DOUBLE_EQ(a.capacity_per_lane, 800);
  EXPECT_DOUBLE_EQ(a.alpha, 0.5);
  EXPECT_EQ(road_class_defaults(LinkClass::kConnector).volume_delay, net::VolumeDelay::kConstant);
  EXPECT_THROW(road_class_defaults(LinkClass::kUnclassified), std::invalid_argument);
}

}  // namespace
}  // namespace ouflow::scenario

namespace ouflow::scenario {
namespace {

TEST(Boundaries, PolygonWithHoleAndMultiPolygon) {
  test::TempDir dir;
  const auto path = dir.write("b.geojson", R"({"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "x \"y\""}, "geometry": {"type": "Polygon",
   "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
                   [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}},
  {"type": "Feature", "properties": null, "geometry": {"type": "MultiPolygon",
   "coordinates": [[[[20, 0], [21, 0], [21, 1]]]]}}]})");
  const Boundaries b = read_boundaries(path);
  ASSERT_EQ(b.polygons.size(), 2u);
  EXPECT_EQ(b.polygons[0].size(), 2u);
  EXPECT_EQ(b.polygons[0][0].lon.size(), 4u);  // the closing position is dropped
  EXPECT_TRUE(b.contains(1, 1));
  EXPECT_FALSE(b.contains(5, 5));  // in the hole
  EXPECT_TRUE(b.contains(20.9, 0.5));
  EXPECT_FALSE(b.contains(20.1, 0.5));  // outside the triangle
  EXPECT_FALSE(b.contains(-1, 5));
  const auto bad = dir.write("bad.geojson", "{\"type\": \"Polygon\",\n \"coordinates\": [[1, 2]");
  try {
    read_boundaries(bad);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), bad);
    EXPECT_EQ(e.line(), 2u) << e.what();
  }
  // Numbers beyond double range, NaN, and positions that are not lon/lat: errors at their line.
  for (const char* number : {"1e400", "-1e400", "-nan", "0x10", "500000"}) {
    SCOPED_TRACE(number);
    const auto big =
        dir.write("big.geojson", std::string("{\"type\": \"Polygon\",\n \"coordinates\":\n [[[") +
                                     number + ", 0], [1, 0], [1, 1]]]}");
    try {
      read_boundaries(big);
      FAIL();
    } catch (const InputError& e) {
      EXPECT_EQ(e.path(), big);
      EXPECT_EQ(e.line(), 3u) << e.what();
    }
  }
}

TEST(Inventory, CountsOnlyInsideTheStudyArea) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  // A box over lon [-0.005, 0.012], lat [-0.005, 0.005]: holds the midpoint of link 10 (1-2,
  // lon 0.005) only; links 11 and 13 (lon 0.015) and 12 (lon 0.02, lat 0.005) are outside.
  dir.write("area.geojson",
            R"({"type": "Polygon", "coordinates": [[[-0.005, -0.005], [0.012, -0.005],
                [0.012, 0.005], [-0.005, 0.005]]]})");
  const LoadedScenario s = load_scenario(test::write_scenario(
      dir, "s.pbtxt",
      "study_area { boundaries: \"area.geojson\" }\n" +
          line("M", "METRO",
               "stop { id: \"p\" lat: 0 lon: 0 } stop { id: \"q\" lat: 0 lon: 0.01 } "
               "stop { id: \"r\" lat: 0 lon: 0.02 }") +
          line("R", "RAIL", "stop { id: \"p\" } stop { id: \"r\" }", "length_km: 10")));
  const Inventory inv = compute_inventory(s);
  EXPECT_EQ(inv.area.filename(), "area.geojson");
  auto cl = [&](LinkClass c) { return inv.centre_line_km[static_cast<std::size_t>(c)]; };
  EXPECT_NEAR(cl(LinkClass::kArterial), 1.112, 1e-12);
  EXPECT_DOUBLE_EQ(cl(LinkClass::kExpressway), 0.0);
  EXPECT_DOUBLE_EQ(cl(LinkClass::kCollector), 0.0);
  // Metro: the section p-q (midpoint lon 0.005) counts, q-r does not. Rail: stated.
  EXPECT_NEAR(inv.route_km[static_cast<std::size_t>(TransitMode::kMetro)], kDeg001M / 1000, 1e-9);
  EXPECT_DOUBLE_EQ(inv.route_km[static_cast<std::size_t>(TransitMode::kRail)], 10.0);
  // Without the area everything counts.
  const Inventory all = compute_inventory(s, nullptr);
  EXPECT_NEAR(all.centre_line_km[static_cast<std::size_t>(LinkClass::kArterial)], 2.224, 1e-12);
}

}  // namespace
}  // namespace ouflow::scenario

namespace ouflow::scenario {
namespace {

std::uint64_t seed() {
  const char* s = std::getenv("OUFLOW_TEST_SEED");
  return s != nullptr ? std::strtoull(s, nullptr, 10) : 20251129u;
}

// Random networks whose GMNS rows join distinct node pairs: each row is one road, two-way
// (directed=false) or one-way, so the centre-line km of a class is simply the sum of its rows'
// lengths, whatever the direction; the inventory must find exactly that.
TEST(Inventory, RandomNetworksMatchRowSums) {
  std::mt19937_64 rng(seed());
  const char* classes[] = {"expressway", "arterial", "collector", "national_road"};
  const LinkClass ids[] = {LinkClass::kExpressway, LinkClass::kArterial, LinkClass::kCollector,
                           LinkClass::kNationalRoad};
  for (int round = 0; round < 20; ++round) {
    test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "net");
    const int n = 3 + static_cast<int>(rng() % 8);
    std::string nodes = "node_id,x_coord,y_coord\n";
    for (int i = 1; i <= n; ++i) {
      nodes += std::to_string(i) + "," + std::to_string(0.01 * i) + ",0\n";
    }
    std::string links =
        "link_id,from_node_id,to_node_id,length,capacity,free_speed,lanes,facility_type,"
        "directed\n";
    std::array<double, net::kLinkClassCount> expect{};
    int id = 1;
    for (int a = 1; a <= n; ++a) {
      for (int b = a + 1; b <= n; ++b) {
        if (rng() % 3 == 0) continue;
        const std::size_t c = rng() % 4;
        const double length = 100.0 + static_cast<double>(rng() % 5000);
        const bool two_way = rng() % 2 == 0;
        const bool reversed = rng() % 2 == 0;
        links += std::to_string(id++) + "," + std::to_string(reversed ? b : a) + "," +
                 std::to_string(reversed ? a : b) + "," + std::to_string(length) + ",1000,50,1," +
                 classes[c] + "," + (two_way ? "false" : "true") + "\n";
        expect[static_cast<std::size_t>(ids[c])] += length / 1000.0;
      }
    }
    dir.write("net/node.csv", nodes);
    dir.write("net/link.csv", links);
    const LoadedScenario s = load_scenario(test::write_scenario(dir, "s.pbtxt", ""));
    const Inventory inv = compute_inventory(s);
    for (std::size_t c = 0; c < net::kLinkClassCount; ++c) {
      EXPECT_NEAR(inv.centre_line_km[c], expect[c], 1e-9) << "round " << round << " class " << c;
    }
  }
}

// Point in polygon against the plain bounds test of random axis-aligned rectangles (drawn as
// polygons with extra points on their edges), at random points away from the edges.
TEST(Boundaries, RandomRectanglesMatchBoundsTest) {
  std::mt19937_64 rng(seed());
  std::uniform_real_distribution<double> u(-10.0, 10.0);
  for (int round = 0; round < 200; ++round) {
    double x0 = u(rng), x1 = u(rng), y0 = u(rng), y1 = u(rng);
    if (x0 > x1) std::swap(x0, x1);
    if (y0 > y1) std::swap(y0, y1);
    Boundaries b;
    Boundaries::Ring ring;
    ring.lon = {x0, (x0 + x1) / 2, x1, x1, x0};
    ring.lat = {y0, y0, y0, y1, y1};
    b.polygons.push_back({ring});
    for (int k = 0; k < 20; ++k) {
      const double x = u(rng), y = u(rng);
      const double margin =
          std::min({std::abs(x - x0), std::abs(x - x1), std::abs(y - y0), std::abs(y - y1)});
      if (margin < 1e-9) continue;
      EXPECT_EQ(b.contains(x, y), x > x0 && x < x1 && y > y0 && y < y1)
          << x << "," << y << " in " << x0 << ".." << x1 << " x " << y0 << ".." << y1;
    }
  }
}

}  // namespace
}  // namespace ouflow::scenario
