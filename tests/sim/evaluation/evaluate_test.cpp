// A scenario evaluated end to end on the tiny network of tests/scenarios/fixture.h: the same
// scenario against itself changes nothing (every indicator's change is exactly 0), and a faster
// bus line raises the transit share.
#include "sim/evaluation/evaluate.h"

#include "sim/evaluation/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "networks/geo.h"
#include "networks/io/csv.h"
#include "sim/road/shortest_path.h"
#include "tests/scenarios/fixture.h"

namespace ouflow::sim {
namespace {

std::string slurp_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string scenario_text(double bus_speed_kmh) {
  std::ostringstream os;
  os << "name: \"tiny\"\nyear: 2020\n"
     << "demand { trips_per_resident: 0.2 trips_per_job: 1 mean_trip_time_min: MEAN "
        "transit_share: 0.3 non_motorised_share: 0.2 peak_start: \"07:00\" peak_end: \"08:00\" }\n"
     << "study_area { cbd { lat: 0.01 lon: 0.02 } central_city { lat: -0.01 lon: -0.01 } "
        "central_city { lat: -0.01 lon: 0.03 } central_city { lat: 0.02 lon: 0.03 } "
        "central_city { lat: 0.02 lon: -0.01 } }\n"
     << "target { indicator: \"central_city_speed_pct\" value: 3 year: 2025 }\n"
     << "target { indicator: \"transit_share_pp\" value: 2 year: 2025 }\n"
     << "modification { add_transit_line { id: \"B1\" mode: BUS speed_kmh: " << bus_speed_kmh
     << " stop { id: \"s1\" lat: 0 lon: 0 } stop { id: \"s2\" lat: 0 lon: 0.01 } "
        "stop { id: \"s3\" lat: 0 lon: 0.02 } stop { id: \"s4\" lat: 0.01 lon: 0.02 } "
        "period { start: \"05:00\" end: \"23:00\" headway_min: 5 } vehicle_capacity: 80 } }\n";
  return os.str();
}

std::string with_mean(std::string text, const std::string& mean) {
  text.replace(text.find("MEAN"), 4, mean);
  return text;
}

class ScenarioEvaluationTest : public ::testing::Test {
 protected:
  void SetUp() override { test::write_tiny_network(dir); }
  scenario::LoadedScenario load(const std::string& name, const std::string& body) {
    return scenario::load_scenario(test::write_scenario(dir, name, body));
  }
  test::TempDir dir;
};

// 8 min lies inside what the tiny network allows (the mean door-to-door time is 9.0 min at beta =
// 0).
const char* kMean = "8";

TEST_F(ScenarioEvaluationTest, AScenarioEqualToItsBaseChangesNothing) {
  const auto base = load("base.pbtxt", with_mean(scenario_text(20), kMean));
  const auto same = load("same.pbtxt", with_mean(scenario_text(20), kMean));
  const EvaluationSettings st;
  const ScenarioEvaluation b = evaluate_scenario(base, st, std::nullopt);
  const ScenarioEvaluation s = evaluate_scenario(same, st, b.model.calibration);
  const std::vector<ComparisonRow> rows = compare(b, s, same);
  ASSERT_EQ(rows.size(), kIndicatorCount);
  for (const ComparisonRow& r : rows) {
    // The tiny network marks no county seat and no external city (no zone_attributes.csv): those
    // indicators are not available, with the reason, and every other one is.
    const bool roles = r.id == IndicatorId::kMunicipalSeats60 ||
                       r.id == IndicatorId::kProvincialCities60 ||
                       r.id == IndicatorId::kProvincialCities60Rail;
    EXPECT_EQ(r.unavailable.empty(), !roles) << spec(r.id).key << ": " << r.unavailable;
    if (roles) {
      EXPECT_NE(r.unavailable.find("zone_attributes.csv"), std::string::npos) << r.unavailable;
      EXPECT_TRUE(std::isnan(r.baseline) && std::isnan(r.scenario)) << spec(r.id).key;
      continue;
    }
    EXPECT_EQ(r.change, 0.0) << spec(r.id).key;
    EXPECT_EQ(r.baseline, r.scenario) << spec(r.id).key;
  }
  // The two plan targets on changes are evaluated (and a zero change meets neither).
  int targets = 0;
  for (const ComparisonRow& r : rows) {
    if (r.id == IndicatorId::kCentralCitySpeed || r.id == IndicatorId::kTransitShareMain) {
      ASSERT_TRUE(r.met.has_value()) << spec(r.id).key;
      EXPECT_FALSE(*r.met) << spec(r.id).key;
      ++targets;
    }
  }
  EXPECT_EQ(targets, 2);
  // The outputs are written.
  write_evaluation(dir.path() / "out", b, s, base, same, rows);
  write_report(dir.path() / "out", b, s, base, same, rows);
  for (const char* f : {"indicators.json", "report.md", "convergence.csv", "link_flows.csv",
                        "line_loads.csv", "zones.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "out" / f)) << f;
  }
}

// A model without what an indicator needs says so instead of printing 0: no central-city
// polygon (central-city speed) and no transit network (every transit indicator).
TEST_F(ScenarioEvaluationTest, IndicatorsTheModelCannotGiveAreNotAvailable) {
  std::string text = with_mean(scenario_text(20), kMean);
  text.erase(text.find("central_city {"),
             text.find(" }\n", text.find("central_city {")) - text.find("central_city {") + 1);
  text.erase(text.find("modification {"));  // no bus line: no transit network
  const auto roads = load("roads.pbtxt", text);
  ASSERT_TRUE(roads.study_area.central_city.empty());
  const EvaluationSettings st;
  const ScenarioEvaluation e = evaluate_scenario(roads, st, std::nullopt);
  const std::vector<ComparisonRow> rows = compare(e, e, roads);
  write_evaluation(dir.path() / "roads", e, e, roads, roads, rows);
  write_report(dir.path() / "roads", e, e, roads, roads, rows);
  std::ifstream in(dir.path() / "roads" / "report.md");
  std::stringstream report;
  report << in.rdbuf();
  for (const ComparisonRow& r : rows) {
    const bool transit = std::string(spec(r.id).key).find("transit") != std::string::npos ||
                         r.id == IndicatorId::kTransitBoardings ||
                         r.id == IndicatorId::kProvincialCities60Rail;
    if (r.id == IndicatorId::kCentralCitySpeed) {
      EXPECT_NE(r.unavailable.find("central-city polygon"), std::string::npos) << r.unavailable;
      EXPECT_FALSE(r.met.has_value());  // a target is not judged on an absent value
    } else if (transit) {
      EXPECT_NE(r.unavailable.find("no transit network"), std::string::npos)
          << spec(r.id).key << ": " << r.unavailable;
    }
    if (!r.unavailable.empty()) {
      EXPECT_NE(report.str().find(std::string(spec(r.id).label) + ": " + r.unavailable),
                std::string::npos)
          << spec(r.id).key;
    }
  }
  EXPECT_FALSE(unavailable_reason(e.unavailable, IndicatorId::kVkt).size());
  EXPECT_TRUE(e.indicators.has(IndicatorId::kVkt));
}

TEST_F(ScenarioEvaluationTest, AFasterBusRaisesTransitShareAndBoardings) {
  const auto base = load("base.pbtxt", with_mean(scenario_text(20), kMean));
  const auto fast = load("fast.pbtxt", with_mean(scenario_text(40), kMean));
  const EvaluationSettings st;
  const ScenarioEvaluation b = evaluate_scenario(base, st, std::nullopt);
  const ScenarioEvaluation s = evaluate_scenario(fast, st, b.model.calibration);
  double share_b = 0, share_s = 0;
  for (const ComparisonRow& r : compare(b, s, fast)) {
    if (r.id == IndicatorId::kTransitShareMain) {
      share_b = r.baseline;
      share_s = r.scenario;
    }
  }
  EXPECT_GT(share_b, 0.0);
  EXPECT_GT(share_s, share_b);
}

// The rows of a CSV file as maps column -> text.
std::vector<std::map<std::string, std::string>> csv_rows(const std::filesystem::path& path) {
  io::CsvReader csv(path);
  std::vector<std::map<std::string, std::string>> rows;
  while (csv.next()) {
    auto& row = rows.emplace_back();
    for (std::size_t c = 0; c < csv.column_count(); ++c) {
      row[csv.column_name(c)] = std::string(csv.field(c));
    }
  }
  return rows;
}

// Rows by the text of column `key`, which must be unique per row.
std::map<std::string, std::map<std::string, std::string>> by_key(
    const std::vector<std::map<std::string, std::string>>& rows, const std::string& key) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& row : rows) {
    EXPECT_TRUE(row.count(key)) << key;
    EXPECT_TRUE(out.emplace(row.at(key), row).second) << key << " '" << row.at(key) << "' twice";
  }
  return out;
}

// A GeoJSON file of ours holds one feature per line: the properties of each, as text.
std::vector<std::map<std::string, std::string>> geojson_properties(
    const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::map<std::string, std::string>> out;
  const std::regex property("\"([a-z0-9_]+)\": (\"[^\"]*\"|[^,}]+)");
  for (std::string line; std::getline(in, line);) {
    const auto at = line.find("\"properties\": {");
    if (at == std::string::npos) continue;
    auto& props = out.emplace_back();
    const std::string text = line.substr(at + 15);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), property);
         it != std::sregex_iterator(); ++it) {
      std::string v = (*it)[2].str();
      if (v.size() >= 2 && v.front() == '"') v = v.substr(1, v.size() - 2);
      props[(*it)[1].str()] = v;
    }
  }
  return out;
}

// Every output's ids are unique per row kind, and flows, changes and GeoJSON join by dir_link_id
// with the same values: the tiny network's two-way links give <id>_ab and <id>_ba, the one-way
// expressway 13 runs beside 11_ab (2 -> 3), and the scenario adds a road (new in the changes).
TEST_F(ScenarioEvaluationTest, OutputsHaveUniqueIdsAndJoinByThem) {
  const auto base = load("base.pbtxt", with_mean(scenario_text(20), kMean));
  const auto road = load("road.pbtxt", with_mean(scenario_text(20), kMean) +
                                           "modification { add_road { road_class: ARTERIAL "
                                           "lanes: 1 point { node: 1 } point { node: 4 } } }\n");
  EvaluationSettings st;
  st.isochrone_cell_m = 0.0;
  const ScenarioEvaluation b = evaluate_scenario(base, st, std::nullopt);
  const ScenarioEvaluation s = evaluate_scenario(road, st, b.model.calibration);
  const auto out = dir.path() / "out";
  write_evaluation(out, b, s, base, road, compare(b, s, road));
  write_changes(out, b, s, base, road);

  const auto flows = by_key(csv_rows(out / "link_flows.csv"), "dir_link_id");
  const auto changes = by_key(csv_rows(out / "link_changes.csv"), "dir_link_id");
  const auto features = geojson_properties(out / "link_changes.geojson");
  EXPECT_EQ(flows.size(), road.model.road.link_count());
  for (const char* id : {"10_ab", "10_ba", "11_ab", "11_ba", "12_ab", "12_ba", "13_ab"}) {
    EXPECT_TRUE(flows.count(id)) << id;
  }
  EXPECT_EQ(flows.at("11_ab").at("from_node"), flows.at("13_ab").at("from_node"));
  EXPECT_EQ(flows.at("11_ab").at("to_node"), flows.at("13_ab").at("to_node"));
  EXPECT_EQ(flows.at("10_ab").at("from_node"), flows.at("10_ba").at("to_node"));
  // The tiny network has no connectors: changes and flows hold the same links, 1:1.
  EXPECT_EQ(changes.size(), flows.size());
  int fresh = 0;
  for (const auto& [id, row] : changes) {
    ASSERT_TRUE(flows.count(id)) << id;
    const auto& f = flows.at(id);
    for (const char* c : {"link_id", "from_node", "to_node", "class"}) {
      EXPECT_EQ(row.at(c), f.at(c)) << id << " " << c;
    }
    EXPECT_EQ(row.at("flow_vph_scenario"), f.at("flow_vph")) << id;
    EXPECT_EQ(row.at("vc_scenario"), f.at("vc")) << id;
    if (row.at("new") == "1") {
      ++fresh;
      EXPECT_EQ(row.at("flow_vph_baseline"), "") << id;
    } else {
      EXPECT_NE(row.at("flow_vph_baseline"), "") << id;
    }
  }
  EXPECT_EQ(fresh, 2);  // the added road, both ways
  // One feature per link with coordinates (here all), keyed and valued as the CSV.
  std::set<std::string> seen;
  EXPECT_EQ(features.size(), changes.size());
  for (const auto& props : features) {
    const std::string id = props.at("dir_link_id");
    EXPECT_TRUE(seen.insert(id).second) << id << " twice";
    ASSERT_TRUE(changes.count(id)) << id;
    const auto& row = changes.at(id);
    for (const char* c : {"link_id", "from_node", "to_node", "flow_vph_baseline",
                          "flow_vph_scenario", "vc_baseline", "vc_scenario", "class"}) {
      const std::string v = props.at(c) == "null" ? "" : props.at(c);
      EXPECT_EQ(v, row.at(c)) << id << " " << c;
    }
    EXPECT_EQ(props.at("new"), row.at("new") == "1" ? "true" : "false") << id;
  }
  // Zones: one row per zone id in zones.csv and zone_changes.csv, the same ids.
  const auto zones = by_key(csv_rows(out / "zones.csv"), "zone_id");
  const auto zone_changes = by_key(csv_rows(out / "zone_changes.csv"), "zone_id");
  EXPECT_EQ(zones.size(), 2u);
  for (const auto& [id, row] : zones) {
    ASSERT_TRUE(zone_changes.count(id)) << id;
    EXPECT_EQ(zone_changes.at(id).at("transit_to_cbd_min_scenario"), row.at("transit_to_cbd_min"));
    EXPECT_EQ(zone_changes.at(id).at("transit_to_cbd_status_scenario"),
              row.at("transit_to_cbd_status"));
  }
  const auto zone_features = geojson_properties(out / "zone_changes.geojson");
  EXPECT_EQ(zone_features.size(), 2u);
  for (const auto& props : zone_features) EXPECT_TRUE(zone_changes.count(props.at("zone_id")));
  // Rounded: no number in the link outputs has more than 4 decimals.
  const std::regex long_number("[0-9]\\.[0-9]{5,}");
  for (const char* f : {"link_flows.csv", "link_changes.csv", "zones.csv", "zone_changes.csv"}) {
    EXPECT_FALSE(std::regex_search(slurp_file(out / f), long_number)) << f;
  }
}

// A zone no transit stop serves within the access walk is flagged no_path in zones.csv (its time
// blank) and counted in report.md; a served zone says "served", the CBD zone "cbd_zone".
TEST_F(ScenarioEvaluationTest, ZonesWithoutTransitToTheCbdAreFlaggedAndCounted) {
  const auto base = load("base.pbtxt", with_mean(scenario_text(20), kMean));
  std::string far_text = with_mean(scenario_text(20), kMean);
  // Bus B1 without s1: zone 1 (node 1 at 0,0) is 1112 m from s2, beyond the 1000 m walk.
  const std::string s1 = "stop { id: \"s1\" lat: 0 lon: 0 } ";
  far_text.erase(far_text.find(s1), s1.size());
  const auto far = load("far.pbtxt", far_text);
  EvaluationSettings st;
  st.isochrone_cell_m = 0.0;
  const ScenarioEvaluation b = evaluate_scenario(base, st, std::nullopt);
  const ScenarioEvaluation s = evaluate_scenario(far, st, b.model.calibration);
  const auto out = dir.path() / "out";
  const auto rows = compare(b, s, far);
  write_evaluation(out, b, s, base, far, rows);
  write_report(out, b, s, base, far, rows);
  const auto zones = by_key(csv_rows(out / "zones.csv"), "zone_id");
  ASSERT_TRUE(zones.count("1"));
  EXPECT_EQ(zones.at("1").at("transit_to_cbd_status"), "no_path");
  EXPECT_EQ(zones.at("1").at("transit_to_cbd_min"), "");
  EXPECT_NE(zones.at("1").at("transit_to_cbd_min_baseline"), "");  // the base served it
  std::size_t no_path = 0;
  for (const auto& [id, row] : zones) {
    const std::string& st_text = row.at("transit_to_cbd_status");
    EXPECT_TRUE(st_text == "no_path" || st_text == "served" || st_text == "over_180_min" ||
                st_text == "cbd_zone")
        << st_text;
    if (st_text != "cbd_zone") {
      EXPECT_EQ(st_text == "no_path", row.at("transit_to_cbd_min").empty()) << id;
    }
    if (st_text == "no_path") ++no_path;
  }
  const std::string report = slurp_file(out / "report.md");
  EXPECT_EQ(no_path, 1u);
  EXPECT_EQ(zones.at("4").at("transit_to_cbd_status"), "cbd_zone");
  EXPECT_NE(report.find("1 of 1 zones outside the CBD zone (100.0 % of their population) have no "
                        "transit path"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("have no transit path"), std::string::npos) << report;
  // The base year serves zone 1.
  write_evaluation(dir.path() / "base", b, b, base, base, compare(b, b, base));
  const auto base_zones = by_key(csv_rows(dir.path() / "base" / "zones.csv"), "zone_id");
  EXPECT_EQ(base_zones.at("1").at("transit_to_cbd_status"), "served");
  EXPECT_EQ(base_zones.at("4").at("transit_to_cbd_status"), "cbd_zone");
}

TEST(TransitToCbdStatus, ServedUpTo180MinThenOverThenNoPath) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_STREQ(transit_to_cbd_status(12.5, false), "served");
  EXPECT_STREQ(transit_to_cbd_status(180.0, false), "served");
  EXPECT_STREQ(transit_to_cbd_status(180.001, false), "over_180_min");
  EXPECT_STREQ(transit_to_cbd_status(890.0, false), "over_180_min");
  EXPECT_STREQ(transit_to_cbd_status(inf, false), "no_path");
  EXPECT_STREQ(transit_to_cbd_status(inf, true), "cbd_zone");
  EXPECT_STREQ(transit_to_cbd_status(3.0, true), "cbd_zone");
}

// A warm start from the base's evaluation gives the cold result within the feedback tolerance
// and carries link flows over by link key (a proposal that adds a road has more links than its
// base). With buses in traffic it runs one pass on buses retimed on the base's roads (a new
// skim); with timetabled buses it reuses the base's skim when the transit network is unchanged.
TEST_F(ScenarioEvaluationTest, AWarmStartFromTheBaseEqualsAColdStart) {
  const auto base = load("base.pbtxt", with_mean(scenario_text(20), kMean));
  const auto road = load("road.pbtxt", with_mean(scenario_text(20), kMean) +
                                           "modification { add_road { road_class: ARTERIAL "
                                           "lanes: 1 point { node: 1 } point { node: 4 } } }\n");
  const auto bus = load("bus.pbtxt", with_mean(scenario_text(35), kMean));
  for (const bool buses_in_traffic : {true, false}) {
    EvaluationSettings st;
    st.buses_in_traffic = buses_in_traffic;
    const ScenarioEvaluation b = evaluate_scenario(base, st, std::nullopt);
    for (const scenario::LoadedScenario* p : {&road, &bus}) {
      const ScenarioEvaluation cold = evaluate_scenario(*p, st, b.model.calibration);
      const ScenarioEvaluation warm = evaluate_scenario(*p, st, b.model.calibration, &b);
      EXPECT_FALSE(cold.transit_skim_reused);
      EXPECT_EQ(warm.transit_skim_reused, p == &road && !buses_in_traffic) << p->name;
      if (warm.transit_skim_reused) {
        EXPECT_EQ(warm.transit_time_min, cold.transit_time_min);
      }
      EXPECT_TRUE(warm.model.converged);
      // Here both need two or three iterations (cold: the first response is taken whole, warm:
      // a damped step from the base); the saving shows on Wenzhou (docs/performance.md).
      EXPECT_LE(warm.model.log.size(), cold.model.log.size() + 1) << p->name;
      for (const IndicatorSpec& sp : indicator_catalogue()) {
        ASSERT_EQ(warm.indicators.has(sp.id), cold.indicators.has(sp.id)) << sp.key;
        if (!cold.indicators.has(sp.id)) continue;
        const double c = cold.indicators[sp.id], w = warm.indicators[sp.id];
        // The feedback stops at a demand residual of 1e-3: indicators agree to ~1 %.
        EXPECT_NEAR(w, c, 1e-2 * std::max(1.0, std::abs(c))) << p->name << " " << sp.key;
      }
    }
    // Warm starts need the same zones: the base year (no calibration) ignores it.
    const ScenarioEvaluation again = evaluate_scenario(base, st, std::nullopt, &b);
    EXPECT_FALSE(again.transit_skim_reused);
    EXPECT_EQ(again.model.log.front().iteration, 1);
    EXPECT_EQ(again.model.log.front().pass, 1);
  }
}

// The CBD isochrones: the car grid at zone 1's centroid (node 1 at 0,0) is reached no later than
// the congested shortest path from the CBD zone's centroid plus the walk from the cell centre;
// the transit grid reaches the CBD's own cell at once; the files are written for both runs.
TEST_F(ScenarioEvaluationTest, WritesCbdIsochronesOfBothRuns) {
  const auto base = load("base.pbtxt", with_mean(scenario_text(20), kMean));
  EvaluationSettings st;
  st.isochrone_cell_m = 100.0;
  const ScenarioEvaluation b = evaluate_scenario(base, st, std::nullopt);
  ASSERT_FALSE(b.cbd_car_isochrone.time_s.empty());
  ASSERT_FALSE(b.cbd_transit_isochrone.time_s.empty());
  const net::RoadNetwork& road = base.model.road;
  const net::NodeId cbd = road.zone_centroid()[net::ZoneId{static_cast<std::uint32_t>(b.cbd_zone)}];
  const net::NodeId west = *road.find_node(1);
  Dijkstra dijkstra(road);
  dijkstra.run(cbd, b.model.link_time_s);
  const double to_west = dijkstra.distance(west);
  ASSERT_GT(to_west, 60.0);
  const TravelTimeGrid& g = b.cbd_car_isochrone;
  std::vector<double> x, y;
  net::project_wgs84(g.spec.epsg, std::vector<double>{0.0}, std::vector<double>{0.0}, x, y);
  const auto i = static_cast<std::int32_t>((x[0] - g.spec.min_x_m) / g.spec.cell_m);
  const auto j = static_cast<std::int32_t>((y[0] - g.spec.min_y_m) / g.spec.cell_m);
  const double walk_s = 0.71 * g.spec.cell_m / st.walk_speed_mps;
  EXPECT_LE(g.at(i, j), to_west + walk_s + 1e-6);
  EXPECT_GT(g.at(i, j), 0.5 * to_west);
  double least = kUnreachableCell;
  for (double t : b.cbd_transit_isochrone.time_s) least = std::min(least, t);
  EXPECT_LT(least, 60.0);
  write_evaluation(dir.path() / "iso", b, b, base, base, compare(b, b, base));
  for (const char* f :
       {"isochrone_cbd_car.geojson", "isochrone_cbd_transit.geojson",
        "baseline_isochrone_cbd_car.geojson", "baseline_isochrone_cbd_transit.geojson"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "iso" / f)) << f;
  }
}

}  // namespace
}  // namespace ouflow::sim
