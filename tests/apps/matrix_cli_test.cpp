// `ouflow matrix` and the car / zone forms of `ouflow isochrone` as a user runs them: CSV
// headers, row counts, hand-checked entries on an inline road network, exit code 2 with a clear
// message on bad arguments or input, GTFS warnings on stderr unless --quiet.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/common/cli.h"
#include "tests/common/temp_dir.h"

namespace ouflow {
namespace {

using test::CommandResult;
using test::slurp;

CommandResult run(const std::string& args, const test::TempDir& dir) {
  return test::run_ouflow(args, dir);
}

std::vector<std::string> lines(const std::filesystem::path& p) {
  std::vector<std::string> v;
  std::ifstream in(p);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

std::string sample_feed() { return (test::data_dir() / "gtfs/sample-feed-1.zip").string(); }

// Three nodes, two zones. Free flow (minutes): 1 -> 3 -> 2 takes 10 + 10, 1 -> 2 direct 25,
// 2 -> 1 30. Node 1 sits on the sample feed's FUR_CREEK_RES stop, node 2 on BEATTY_AIRPORT.
std::string tiny_net(const test::TempDir& dir) {
  dir.write("tiny_node.tntp",
            "Node\tX\tY\t;\n1\t-117.133162\t36.425288\t;\n2\t-116.784582\t36.868446\t;\n"
            "3\t-116.95\t36.65\t;\n");
  return dir
      .write("tiny_net.tntp",
             "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 1\n"
             "<NUMBER OF LINKS> 4\n<END OF METADATA>\n"
             "~ init term capacity length fft b power speed toll type ;\n"
             "1 3 100 1 10 0.15 4 0 0 1 ;\n3 2 100 1 10 0.15 4 0 0 1 ;\n"
             "1 2 100 1 25 0.15 4 0 0 1 ;\n2 1 100 1 30 0.15 4 0 0 1 ;\n")
      .string();
}

TEST(MatrixCli, Help) {
  test::TempDir dir;
  for (const char* sub : {"matrix --help", "isochrone --help"}) {
    const CommandResult r = run(sub, dir);
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub;
    EXPECT_NE(r.out.find("--mode"), std::string::npos) << sub;
  }
}

// The default shown in `--help` for `option` ("--max-walk-m FLOAT:NONNEGATIVE=800" -> "800"),
// empty when not found.
std::string help_default(const std::string& help, const std::string& option) {
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string name, rest;
    if (!(words >> name) || name != option) continue;
    std::getline(words, rest);  // the type, e.g. "INT:INT in [0 - 30]=8"
    const auto eq = rest.rfind('=');
    return eq == std::string::npos ? std::string() : rest.substr(eq + 1);
  }
  return {};
}

TEST(MatrixCli, ViewerClickIsochronesDefaultToTheIsochroneCommands) {
  test::TempDir dir;
  const CommandResult iso = run("isochrone --help", dir), view = run("view --help", dir);
  ASSERT_EQ(iso.code, 0);
  ASSERT_EQ(view.code, 0);
  if (view.out.find("--max-transfers") == std::string::npos) {
    GTEST_SKIP() << "built without the viewer";
  }
  for (const char* option :
       {"--walk-speed", "--max-walk-m", "--transfer-radius-m", "--max-transfers"}) {
    const std::string want = help_default(iso.out, option);
    EXPECT_FALSE(want.empty()) << option << "\n" << iso.out;
    EXPECT_EQ(help_default(view.out, option), want) << option << "\n" << view.out;
  }
}

TEST(MatrixCli, StopMatrixHeaderRowsAndDiagonal) {
  test::TempDir dir;
  const auto out = dir.path() / "stops.csv";
  const CommandResult r = run("matrix --gtfs " + sample_feed() +
                                  " --stops --date 2008-06-02 --depart 06:00 --window 60"
                                  " --percentiles 5,50,95 --out " +
                                  out.string(),
                              dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto l = lines(out);
  ASSERT_EQ(l.size(), 1u + 9u * 9u);  // the sample feed has 9 stops
  EXPECT_EQ(l[0], "origin,destination,p5_s,p50_s,p95_s");
  EXPECT_EQ(l[1], "FUR_CREEK_RES,FUR_CREEK_RES,0,0,0");
  EXPECT_NE(std::find(l.begin(), l.end(), "FUR_CREEK_RES,STAGECOACH,,,"), l.end());
  EXPECT_NE(r.out.find("9 x 9 stops"), std::string::npos) << r.out;
  // The sample feed's sloppy stop_times.txt gives warnings, unless quiet.
  EXPECT_NE(r.err.find("warning: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("stop_times.txt"), std::string::npos) << r.err;
  const CommandResult q = run("matrix -q --gtfs " + sample_feed() +
                                  " --stops --date 2008-06-02 --depart 06:00 --out " + out.string(),
                              dir);
  ASSERT_EQ(q.code, 0) << q.err;
  EXPECT_EQ(q.err, "");
  EXPECT_EQ(lines(out)[0], "origin,destination,p50_s");
}

TEST(MatrixCli, BadArgumentsExitTwoWithAClearMessage) {
  test::TempDir dir;
  const auto out = dir.path() / "never.csv";
  const std::string base = "matrix -q --gtfs " + sample_feed() + " --stops --out " + out.string();
  CommandResult r = run(base + " --date 2008-13-02 --depart 06:00", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--date: '2008-13-02' is not a date YYYY-MM-DD"), std::string::npos)
      << r.err;
  r = run(base + " --date 2008-06-02 --depart 6h", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--depart: '6h' is not HH:MM"), std::string::npos) << r.err;
  // A date on which nothing runs is an error naming the feed's calendar, not "0 % reached".
  r = run(base + " --date 2030-06-03 --depart 06:00", dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("--date 2030-06-03: no service of"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("its calendar spans 2007-01-01 to 2010-12-31"), std::string::npos) << r.err;
  r = run("isochrone -q --gtfs " + sample_feed() +
              " --from 36.425288,-117.133162 --date 2030-06-03 --depart 06:00",
          dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("no service of"), std::string::npos) << r.err;
  r = run(base + " --date 2008-06-02 --depart 06:00 --percentiles 50,101", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--percentiles"), std::string::npos) << r.err;
  r = run(base + " --date 2008-06-02 --depart 06:00 --percentiles 5,25,50,75,95,99", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("at most 5"), std::string::npos) << r.err;
  r = run(
      "matrix --gtfs " + sample_feed() + " --date 2008-06-02 --depart 06:00 --out " + out.string(),
      dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--stops or --net"), std::string::npos) << r.err;
  r = run("matrix --mode car --out " + out.string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--mode car needs --net"), std::string::npos) << r.err;
  // A flows file that does not fit the network names file, line and field.
  const std::string net = tiny_net(dir);
  const auto flows = dir.write("flows.csv", "from,to,flow\n1,3,10\n3,1,5\n");
  r = run(
      "matrix --mode car --net " + net + " --flows " + flows.string() + " --out " + out.string(),
      dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("flows.csv:3: field 'from'"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(MatrixCli, CarMatrixFreeFlowAndCongested) {
  test::TempDir dir;
  const std::string net = tiny_net(dir);
  const auto out = dir.path() / "car.csv";
  CommandResult r = run("matrix --mode car --net " + net + " --out " + out.string(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines(out), (std::vector<std::string>{"origin,destination,time_s", "1,1,0", "1,2,1200",
                                                  "2,1,1800", "2,2,0"}));
  // 200 veh/h on 1 -> 3 (capacity 100): 10 * (1 + 0.15 * 2^4) = 34 min, so the direct 25 wins.
  const auto flows = dir.write("flows.csv", "from,to,flow\n1,3,200\n3,2,0\n1,2,0\n2,1,0\n");
  r = run(
      "matrix --mode car --net " + net + " --flows " + flows.string() + " --out " + out.string(),
      dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines(out)[2], "1,2,1500");
}

TEST(MatrixCli, ZoneTransitMatrixAndZoneIsochrone) {
  test::TempDir dir;
  const std::string net = tiny_net(dir) + " --node-coordinates wgs84";
  const auto out = dir.path() / "zones.csv";
  CommandResult r = run("matrix -q --gtfs " + sample_feed() + " --net " + net +
                            " --date 2008-06-02 --depart 06:00 --out " + out.string(),
                        dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto l = lines(out);
  ASSERT_EQ(l.size(), 5u);
  EXPECT_EQ(l[0], "origin,destination,p50_s");
  EXPECT_EQ(l[1], "1,1,0");
  // Without lon/lat, zones cannot be placed.
  r = run("matrix -q --gtfs " + sample_feed() + " --net " + tiny_net(dir) +
              " --date 2008-06-02 --depart 06:00 --out " + out.string(),
          dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("has no lon/lat"), std::string::npos) << r.err;

  // A transit isochrone from zone 1 equals the one from its centroid's coordinates.
  const auto a = dir.path() / "a.csv", b = dir.path() / "b.csv";
  const std::string common =
      "isochrone -q --gtfs " + sample_feed() + " --date 2008-06-02 --depart 06:00 --window 30";
  r = run(common + " --net " + net + " --from-zone 1 --stops-out " + a.string(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  r = run(common + " --from 36.425288,-117.133162 --stops-out " + b.string(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(a), slurp(b));
  EXPECT_EQ(lines(a).size(), 10u);
  // Percentiles as in `matrix` (comma-separated) or as separate values: the same columns.
  r = run(common + " --from 36.425288,-117.133162 --percentiles 50,5,95 --stops-out " + a.string(),
          dir);
  ASSERT_EQ(r.code, 0) << r.err;
  r = run(common + " --from 36.425288,-117.133162 --percentiles 50 5 95 --stops-out " + b.string(),
          dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(a), slurp(b));
  EXPECT_EQ(lines(a).front(), "stop_id,travel_time_s,p5_s,p95_s");
  r = run(common + " --net " + net + " --from-zone 7 --stops-out " + a.string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no zone 7"), std::string::npos) << r.err;
}

TEST(MatrixCli, CarIsochrone) {
  test::TempDir dir;
  const std::string net = tiny_net(dir) + " --node-coordinates wgs84";
  const auto geo = dir.path() / "car.geojson", grid = dir.path() / "grid.csv";
  CommandResult r = run("isochrone --mode car --net " + net +
                            " --from-zone 1 --minutes 15,30 --cell-m 500 --out " + geo.string() +
                            " --grid-out " + grid.string(),
                        dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("3 of 3 road nodes reached from node 1"), std::string::npos) << r.out;
  EXPECT_NE(slurp(geo).find("\"minutes\""), std::string::npos);
  // Node 3 is reached at 10 min, node 2 at 20 min: their cells (within 500 m walk) are timed.
  const auto g = lines(grid);
  ASSERT_GT(g.size(), 1u);
  EXPECT_EQ(g[0], "x_m,y_m,lat,lon,time_min");
  // Car and stops do not mix; --from-zone needs --net.
  r = run("isochrone --mode car --net " + net + " --from-zone 1 --stops-out x.csv", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--stops-out are for --mode transit"), std::string::npos) << r.err;
  r = run("isochrone --gtfs " + sample_feed() + " --from-zone 1 --date 2008-06-02 --depart 06:00",
          dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--from-zone needs --net"), std::string::npos) << r.err;
}

TEST(MatrixCli, IsochroneTimesToEveryZone) {
  test::TempDir dir;
  const std::string net = tiny_net(dir) + " --node-coordinates wgs84";
  const auto zones = dir.path() / "zones.csv";
  // By car from zone 1: zone 1 at 0 s, zone 2 (its centroid is node 2, reached by 1 -> 3 -> 2
  // in 10 + 10 min) at 1200 s.
  CommandResult r =
      run("isochrone -q --mode car --net " + net +
              " --from-zone 1 --minutes 15 --cell-m 500 --zones-out " + zones.string(),
          dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines(zones), (std::vector<std::string>{"zone_id,travel_time_s", "1,0", "2,1200"}));
  // Transit from zone 1's centroid: zone 2 sits on BEATTY_AIRPORT, reached by the feed.
  r = run("isochrone -q --gtfs " + sample_feed() + " --net " + net +
              " --from-zone 1 --date 2008-06-02 --depart 06:00 --zones-out " + zones.string(),
          dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto l = lines(zones);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[1], "1,0");
  EXPECT_NE(l[2], "2,");  // reached
  r = run("isochrone -q --gtfs " + sample_feed() +
              " --from 36.425288,-117.133162 --date 2008-06-02 --depart 06:00 --zones-out " +
              zones.string(),
          dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--zones-out needs --net"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ouflow
