// `ouflow info` on scenarios, as a user runs it: by path and by name, --json, exit code 2.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/common/cli.h"
#include "tests/scenarios/fixture.h"

namespace ouflow {
namespace {

using test::CommandResult;

CommandResult run(const std::string& env, const std::string& args, const test::TempDir& dir) {
  return test::run_ouflow(args, dir, env);
}

TEST(InfoCli, ScenarioByPathAndByName) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  const auto path = test::write_scenario(
      dir, "tiny_plan.pbtxt",
      "name: \"tiny\"\nyear: 2025\ntarget { indicator: \"expressway_km\" value: 1 year: 2025 }\n"
      "modification { change_zone { zone: 1 jobs: 5 } }\n");
  const CommandResult r = run("", "info " + path.string(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("scenario tiny"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("chain: net -> tiny_plan.pbtxt"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("modifications: 1"), std::string::npos) << r.out;
  std::string squeezed;  // runs of spaces collapsed
  for (char c : r.out) {
    if (c != ' ' || squeezed.empty() || squeezed.back() != ' ') squeezed += c;
  }
  EXPECT_NE(squeezed.find("expressway_km 1.50 >= 1.0 (2025) yes"), std::string::npos) << r.out;
  const CommandResult byname =
      run("OUFLOW_SCENARIO_DIR=" + dir.path().string(), "info tiny_plan --json", dir);
  ASSERT_EQ(byname.code, 0) << byname.err;
  EXPECT_EQ(byname.out.rfind("{\"name\":\"tiny\"", 0), 0u) << byname.out;
  EXPECT_NE(byname.out.find("\"met\":true"), std::string::npos) << byname.out;
  // A network path still gets the network summary.
  const CommandResult net = run("", "info " + (dir.path() / "net").string(), dir);
  ASSERT_EQ(net.code, 0) << net.err;
  EXPECT_EQ(net.out.find("scenario"), std::string::npos) << net.out;
}

TEST(InfoCli, BadScenarioExitsTwoWithFileLineField) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  const auto path = test::write_scenario(
      dir, "bad.pbtxt",
      "modification {\n add_road { road_class: LOCAL lanes: 0 point { node: 1 } point { node: 2 "
      "} } }\n");
  const CommandResult r = run("", "info " + path.string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(path.string() + ":4: field 'modification[0].add_road.lanes': must be >= "
                                       "1, got 0"),
            std::string::npos)
      << r.err;
  const CommandResult missing =
      run("OUFLOW_SCENARIO_DIR=" + dir.path().string(), "info no_such_plan", dir);
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no scenario named 'no_such_plan'"), std::string::npos) << missing.err;
}

// A scenario is accepted wherever a network is: `convert` writes its modified network (here
// the zone's new job count) instead of failing on the scenario's own text format.
TEST(InfoCli, ConvertTakesAScenarioByPathAndByName) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  test::write_scenario(dir, "tiny_plan.pbtxt",
                       "name: \"tiny\"\nyear: 2025\n"
                       "modification { change_zone { zone: 1 jobs: 5 } }\n");
  const std::string env = "OUFLOW_SCENARIO_DIR=" + dir.path().string();
  const auto gmns = dir.path() / "out_gmns";
  const CommandResult r = run(env, "convert tiny_plan " + gmns.string(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  // The zone file written carries the scenario's change: zone 1 has 5 jobs (the base has 10).
  ASSERT_TRUE(std::filesystem::exists(gmns / "zone.csv"));
  std::ifstream zones(gmns / "zone.csv");
  std::string header, row, zone1;
  std::getline(zones, header);
  while (std::getline(zones, row)) {
    if (row.rfind("1,", 0) == 0) zone1 = row;
  }
  ASSERT_FALSE(zone1.empty()) << header;
  const std::size_t jobs = [&] {
    std::istringstream h(header);
    std::size_t k = 0;
    for (std::string c; std::getline(h, c, ','); ++k) {
      if (c == "jobs") return k;
    }
    return k;
  }();
  std::istringstream r1(zone1);
  std::string field;
  for (std::size_t k = 0; k <= jobs && std::getline(r1, field, ','); ++k) {
  }
  EXPECT_EQ(std::stod(field), 5.0) << header << "\n" << zone1;
  const CommandResult pb = run("",
                               "convert " + (dir.path() / "tiny_plan.pbtxt").string() + " " +
                                   (dir.path() / "plan.pb").string(),
                               dir);
  ASSERT_EQ(pb.code, 0) << pb.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "plan.pb"));
}

// The lists a proposal writer needs: lines, stops, links and road names, as CSV or JSON.
TEST(InfoCli, ListsLinesStopsLinksAndRoads) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  const auto path = test::write_scenario(dir, "plan.pbtxt",
                                         std::string("name: \"tiny\"\n") + test::kTinyScenarioBody);
  const std::string p = path.string();
  const CommandResult lines = run("", "info " + p + " --lines", dir);
  ASSERT_EQ(lines.code, 0) << lines.err;
  // Bus B1 over s1..s4 (0.03 degree: 3.34 km), every 5 minutes in the 07:00-08:00 peak, added
  // on line 6 of plan.pbtxt.
  EXPECT_EQ(lines.out,
            "route_id,name,mode,status,stops,length_km,peak_headway_min,added_by\n"
            "B1,B1,BUS,,4,3.34,5.0," +
                p + ":6\n");
  const CommandResult stops = run("", "info " + p + " --stops --match s2", dir);
  ASSERT_EQ(stops.code, 0) << stops.err;
  EXPECT_EQ(stops.out, "stop_id,name,lat,lon,routes\ns2,s2,0,0.01,B1\n");
  const CommandResult links = run("", "info " + p + " --links", dir);
  ASSERT_EQ(links.code, 0) << links.err;
  EXPECT_EQ(links.out.rfind("link_id,from_node,to_node,class,name,lanes,speed_kmh,capacity_vph,"
                            "length_m,from_lat,from_lon,to_lat,to_lon\n",
                            0),
            0u)
      << links.out;
  // Link 10 in both directions: its nodes, class, name, lanes, speed, and the ends' lat/lon.
  EXPECT_NE(links.out.find("\n10,1,2,ARTERIAL,A,2,45,"), std::string::npos) << links.out;
  EXPECT_NE(links.out.find(",1112.0,0,0,0,0.01\n"), std::string::npos) << links.out;
  EXPECT_NE(links.out.find("\n10,2,1,ARTERIAL,A,2,45,"), std::string::npos) << links.out;
  const CommandResult roads = run("", "info " + p + " --roads", dir);
  ASSERT_EQ(roads.code, 0) << roads.err;
  EXPECT_EQ(roads.out,
            "name,links,classes,lat,lon\nA,4,ARTERIAL,0,0\nB,2,COLLECTOR,0,0.02\n"
            "E,1,EXPRESSWAY,0,0.01\n");
  const CommandResult json = run("", "info " + p + " --lines --json", dir);
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_NE(json.out.find("{\"route_id\":\"B1\",\"name\":\"B1\",\"mode\":\"BUS\",\"status\":"
                          "\"\",\"stops\":4,\"length_km\":3.34,\"peak_headway_min\":5.0,"),
            std::string::npos)
      << json.out;
  // Two lists at once, or a list of a plain network: exit 2 with a reason.
  EXPECT_EQ(run("", "info " + p + " --lines --stops", dir).code, 2);
  const CommandResult net = run("", "info " + (dir.path() / "net").string() + " --links", dir);
  EXPECT_EQ(net.code, 2);
  EXPECT_NE(net.err.find("is not a scenario"), std::string::npos) << net.err;
}

// An unknown scenario name suggests the closest ones.
TEST(InfoCli, UnknownScenarioNameSuggests) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  test::write_scenario(dir, "tiny_plan.pbtxt", "");
  const CommandResult r = run("OUFLOW_SCENARIO_DIR=" + dir.path().string(), "info tiny_plam", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("did you mean 'tiny_plan'?"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ouflow
