// The `ouflow` command as a user runs it: exit codes, help, messages, and conversions between
// every pair of formats.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/common/temp_dir.h"

namespace ouflow {
namespace {

struct CommandResult {
  int code;
  std::string out, err;
};

CommandResult run(const std::string& args, const test::TempDir& dir) {
  const auto out = dir.path() / "stdout.txt", err = dir.path() / "stderr.txt";
  const std::string cmd = std::string(OUFLOW_BINARY) + " " + args + " >" + out.string() + " 2>" +
                          err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

std::string sioux() { return (test::data_dir() / "tntp/SiouxFalls/SiouxFalls_net.tntp").string(); }

// A path the file system cannot resolve (a symlink loop) is bad input: exit 2 with the path, not
// the library's raw "filesystem error: ..." text and exit 1.
TEST(Cli, SymlinkLoopExitsTwoWithThePath) {
  test::TempDir dir;
  std::filesystem::create_symlink(dir.path() / "b", dir.path() / "a");
  std::filesystem::create_symlink(dir.path() / "a", dir.path() / "b");
  const CommandResult r = run("info " + (dir.path() / "a").string(), dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find((dir.path() / "a").string() + ": "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("filesystem error"), std::string::npos) << r.err;
  // Also as a bare name (which could be a scenario's): the loop is reported, not "no scenario".
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  const CommandResult bare = run("info a", dir);
  std::filesystem::current_path(cwd);
  EXPECT_EQ(bare.code, 2) << bare.err;
  EXPECT_NE(bare.err.find("a: Too many levels of symbolic links"), std::string::npos) << bare.err;
}

// The shipped GMNS fixtures assign (dtalite_style once had demand no path could carry).
TEST(Cli, AssignsTheDtaliteStyleFixture) {
  test::TempDir dir;
  const CommandResult r =
      run("assign --net " + (test::data_dir() / "gmns/dtalite_style").string() + " --quiet", dir);
  EXPECT_EQ(r.code, 0) << r.err;
}

TEST(Cli, HelpAndVersion) {
  test::TempDir dir;
  for (const char* sub : {"", "info ", "convert ", "assign ", "isochrone "}) {
    const CommandResult r = run(std::string(sub) + "--help", dir);
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << sub << r.out;
  }
  // Every subcommand's help ends with an example.
  for (const char* sub : {"info", "convert", "assign", "isochrone", "matrix", "evaluate", "compare",
                          "batch", "view"}) {
    const CommandResult r = run(std::string(sub) + " --help", dir);
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << sub << r.out;
    EXPECT_NE(r.out.find(std::string("ouflow ") + sub), std::string::npos) << sub << r.out;
  }
  const CommandResult v = run("--version", dir);
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("ouflow 0."), std::string::npos) << v.out;
}

TEST(Cli, InfoPrintsCountsAndDemand) {
  test::TempDir dir;
  const CommandResult r = run("info " + sioux(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("nodes                   24"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("links                   76 (0 parallel"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("360600.00 trips"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;  // quiet when not a terminal
}

TEST(Cli, BadInputAndArgumentsExitTwo) {
  test::TempDir dir;
  const auto bad = dir.write("bad_net.tntp",
                             "<NUMBER OF ZONES> 1\n<NUMBER OF NODES> 2\n<NUMBER OF LINKS> 1\n"
                             "<END OF METADATA>\n1 2 -5 1 1 0.15 4 0 0 1 ;\n");
  CommandResult r = run("info " + bad.string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad_net.tntp:5: field 'capacity'"), std::string::npos) << r.err;
  r = run("info " + (dir.path() / "missing_net.tntp").string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("missing_net.tntp"), std::string::npos) << r.err;
  EXPECT_EQ(run("info --bogus " + sioux(), dir).code, 2);
  EXPECT_EQ(run("", dir).code, 2);
  EXPECT_EQ(run("frobnicate", dir).code, 2);
  // An unknown command is an error, with the nearest names; also with --help after it.
  r = run("asign --net x", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown command 'asign'; did you mean assign?"), std::string::npos)
      << r.err;
  r = run("import osm --help", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown command 'import'"), std::string::npos) << r.err;
  EXPECT_EQ(run("--threads 2 info " + sioux(), dir).code, 0);
  EXPECT_EQ(run("info --time-unit weeks " + sioux(), dir).code, 2);
  // A failed conversion leaves nothing behind.
  const auto out = dir.path() / "never.pb";
  EXPECT_EQ(run("convert " + bad.string() + " " + out.string(), dir).code, 2);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, ConvertsBetweenAllFormatsKeepingCounts) {
  test::TempDir dir;
  const std::string pb = (dir.path() / "sf.pb").string();
  const std::string txt = (dir.path() / "sf.pbtxt").string();
  const std::string gmns = (dir.path() / "sf_gmns").string();
  const std::string back = (dir.path() / "back_net.tntp").string();
  ASSERT_EQ(run("convert " + sioux() + " " + pb, dir).code, 0);
  ASSERT_EQ(run("convert " + pb + " " + txt, dir).code, 0);
  ASSERT_EQ(run("convert " + txt + " " + gmns + " --to gmns", dir).code, 0);
  ASSERT_EQ(run("convert " + gmns + " " + back, dir).code, 0);
  const std::string reference = run("info " + sioux(), dir).out;
  for (const std::string& p : {pb, txt, gmns, back}) {
    SCOPED_TRACE(p);
    const CommandResult r = run("info " + p, dir);
    ASSERT_EQ(r.code, 0) << r.err;
    for (const char* key : {"nodes   ", "links   ", "zones   ", "total demand"}) {
      auto line = [key](const std::string& s) {
        const auto at = s.find(key);
        return at == std::string::npos ? std::string() : s.substr(at, s.find('\n', at) - at);
      };
      EXPECT_EQ(line(r.out), line(reference)) << key;
    }
  }
}

TEST(Cli, AssignWritesEveryOutputAndStatesTheResultLast) {
  test::TempDir dir;
  const std::string braess = (test::data_dir() / "tntp/Braess-Example/Braess_net.tntp").string();
  const auto flows = dir.path() / "flows.csv", log = dir.path() / "log.csv",
             skim = dir.path() / "skim.csv", tntp = dir.path() / "braess_flow.tntp";
  const CommandResult r =
      run("assign --net " + braess + " --algorithm bfw --gap 1e-8 --flows-out " + flows.string() +
              " --log-out " + log.string() + " --skim-out " + skim.string() + " --tntp-flows-out " +
              tntp.string(),
          dir);
  ASSERT_EQ(r.code, 0) << r.err;
  // Global options work after the subcommand too.
  EXPECT_EQ(run("assign --net " + braess + " --threads 2 --quiet", dir).code, 0);
  // The last line states algorithm, iterations, gap, objective and seconds.
  EXPECT_NE(r.out.find("converged: bfw "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("relative gap"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("objective"), std::string::npos) << r.out;
  auto lines = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    std::vector<std::string> v;
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  };
  const auto f = lines(flows);
  ASSERT_EQ(f.size(), 6u);  // header + 5 links in file order
  EXPECT_EQ(f[0],
            "dir_link_id,link_id,from_node,to_node,class,flow_vph,time_min,cost_min,speed_kmh,vc");
  EXPECT_EQ(f[1].substr(0, 11), "1_ab,1,1,3,");
  EXPECT_EQ(f[5].substr(0, 11), "5_ab,5,4,2,");
  EXPECT_GE(lines(log).size(), 2u);
  EXPECT_EQ(lines(skim)[0], "origin,destination,cost_min,time_min,distance_km");
  EXPECT_EQ(lines(tntp).size(), 6u);
  // Warm start from the written flows: converged at once.
  const CommandResult w = run(
      "assign --net " + braess + " --algorithm bfw --gap 1e-8 " + "--warm-start " + flows.string(),
      dir);
  ASSERT_EQ(w.code, 0) << w.err;
  EXPECT_NE(w.out.find("converged: bfw 1 iterations"), std::string::npos) << w.out;
}

TEST(Cli, AssignRejectsBadArguments) {
  test::TempDir dir;
  const std::string braess = (test::data_dir() / "tntp/Braess-Example/Braess_net.tntp").string();
  EXPECT_EQ(run("assign --net " + braess + " --algorithm tapas2", dir).code, 2);
  EXPECT_EQ(run("assign --net " + braess + " --gap -1", dir).code, 2);
  EXPECT_EQ(run("assign --gap 1e-4", dir).code, 2);  // --net missing
  const auto bad =
      dir.write("bad_trips.tntp", "<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 9 : 1;\n");
  const CommandResult r = run("assign --net " + braess + " --trips " + bad.string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad_trips.tntp:4: field 'destination'"), std::string::npos) << r.err;
  const auto short_flows = dir.write("short.csv", "from,to,flow\n1,3,1\n");
  EXPECT_EQ(
      run("assign --net " + braess + " --algorithm fw --warm-start " + short_flows.string(), dir)
          .code,
      2);
}

// A GTFS feed (zip or folder) is read by `info` and `convert` like any network; its transit layer
// survives the protobuf round trip; bad feeds exit 2 naming file, line and field.
TEST(Cli, GtfsFeedsInfoAndConvert) {
  test::TempDir dir;
  const std::string feed = (test::data_dir() / "gtfs/sample-feed-1.zip").string();
  const CommandResult info = run("info " + feed, dir);
  ASSERT_EQ(info.code, 0) << info.err;
  const std::size_t transit = info.out.find("  transit:");
  ASSERT_NE(transit, std::string::npos) << info.out;
  EXPECT_NE(info.out.find("stops                 9 (0 stations)"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("stop times            28"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("trips                 11 (3 frequency-based)"), std::string::npos);

  const std::string pb = (dir.path() / "feed.pb").string();
  ASSERT_EQ(run("convert " + feed + " " + pb, dir).code, 0);
  ASSERT_EQ(run("convert " + feed + " " + (dir.path() / "feed.pbtxt").string(), dir).code, 0);
  const CommandResult back = run("info " + pb, dir);
  ASSERT_EQ(back.code, 0) << back.err;
  EXPECT_EQ(back.out.substr(back.out.find("  transit:")), info.out.substr(transit));

  const auto folder = dir.path() / "bad_feed";
  std::filesystem::create_directories(folder);
  auto put = [&](const std::string& name, const std::string& text) {
    std::ofstream(folder / name, std::ios::binary) << text;
  };
  put("agency.txt", "agency_name,agency_url,agency_timezone\nA,http://a,UTC\n");
  put("stops.txt", "stop_id,stop_lat,stop_lon\nS1,0,0\nS2,95,0\n");
  put("routes.txt", "route_id,route_type\nR,3\n");
  put("calendar_dates.txt", "service_id,date,exception_type\nD,20240101,1\n");
  put("trips.txt", "route_id,service_id,trip_id\nR,D,T\n");
  put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
  const CommandResult bad = run("info " + folder.string(), dir);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("stops.txt:3: field 'stop_lat'"), std::string::npos) << bad.err;
}

TEST(Cli, IsochroneWritesStopsGeoJsonAndGrid) {
  test::TempDir dir;
  const std::string feed = (test::data_dir() / "gtfs/sample-feed-1.zip").string();
  const auto stops = dir.path() / "stops.csv", geo = dir.path() / "iso.geojson",
             grid = dir.path() / "grid.csv";
  // From the Furnace Creek Resort stop on a Monday when service FULLW runs.
  const CommandResult r =
      run("isochrone --gtfs " + feed +
              " --from 36.425288,-117.133162 --date 2008-06-02 --depart 06:00"
              " --minutes 10,30 --stops-out " +
              stops.string() + " --out " + geo.string() + " --grid-out " + grid.string(),
          dir);
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(stops);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "stop_id,travel_time_s");
  std::map<std::string, std::string> t;
  while (std::getline(in, line))
    t[line.substr(0, line.find(','))] = line.substr(line.find(',') + 1);
  EXPECT_EQ(t.size(), 9u);
  EXPECT_EQ(t["FUR_CREEK_RES"], "0");  // the origin stop itself
  // Walking only for 10 and 30 minutes at 1.3 m/s, capped at 800 m: discs of about 0.78 and
  // 2.0 km2 around the origin (the scheduled trips leave hours later).
  EXPECT_NE(r.out.find("10 min:"), std::string::npos) << r.out;
  std::ifstream g(geo);
  std::stringstream gs;
  gs << g.rdbuf();
  EXPECT_EQ(gs.str().rfind("{\"type\":\"FeatureCollection\"", 0), 0u) << gs.str().substr(0, 80);
  EXPECT_NE(gs.str().find("\"minutes\":30"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(grid));
  EXPECT_EQ(
      run("isochrone --gtfs " + feed + " --from 36.4 --date 2008-06-02 --depart 06:00", dir).code,
      2);
  EXPECT_EQ(
      run("isochrone --gtfs " + feed + " --from 36.4,-117.1 --date 2008-13-02 --depart 06:00", dir)
          .code,
      2);
  EXPECT_EQ(run("isochrone --gtfs " + (dir.path() / "none.zip").string() +
                    " --from 36.4,-117.1 --date 2008-06-02 --depart 06:00",
                dir)
                .code,
            2);
}

}  // namespace
}  // namespace ouflow
