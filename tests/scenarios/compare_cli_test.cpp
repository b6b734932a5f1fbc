// `ouflow compare` and `ouflow evaluate` as a user runs them, on the tiny network: A against A
// changes nothing, the outputs are written, bad input exits 2 naming the file and line.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/common/cli.h"
#include "tests/scenarios/fixture.h"

namespace ouflow {
namespace {

using test::CommandResult;
using test::slurp;

CommandResult run(const std::string& args, const test::TempDir& dir) {
  return test::run_ouflow(args, dir);
}

const std::string kScenario = std::string("name: \"tiny\"\nyear: 2020\n") + test::kTinyScenarioBody;

TEST(CompareCli, AAgainstItselfIsAllZeros) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  const auto a = test::write_scenario(dir, "a.pbtxt", kScenario);
  const auto out = dir.path() / "cmp";
  const CommandResult r =
      run("compare " + a.string() + " " + a.string() + " --out " + out.string() + " -q", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string json = slurp(out / "indicators.json");
  // Every available indicator changes by exactly 0; one the tiny model cannot give (no county
  // seat marked) has no change at all.
  const std::regex change("\"change\": ([^,]+),.*\"available\": (true|false)");
  int rows = 0;
  for (auto it = std::sregex_iterator(json.begin(), json.end(), change);
       it != std::sregex_iterator(); ++it) {
    EXPECT_EQ((*it)[1].str(), (*it)[2].str() == "true" ? "0" : "null") << json;
    ++rows;
  }
  EXPECT_GT(rows, 20);
  for (const char* f :
       {"report.md", "link_flows.csv", "line_loads.csv", "zones.csv", "link_changes.csv",
        "link_changes.geojson", "zone_changes.csv", "zone_changes.geojson"}) {
    EXPECT_TRUE(std::filesystem::exists(out / f)) << f;
  }
  EXPECT_NE(slurp(out / "zone_changes.geojson").find("\"FeatureCollection\""), std::string::npos);
  const std::string report = slurp(out / "report.md");
  EXPECT_NE(report.find("| run | pass | iteration | residual |"), std::string::npos) << report;
  EXPECT_NE(report.find("Converged: tiny yes, tiny yes"), std::string::npos) << report;
}

TEST(CompareCli, BadScenarioExitsTwoNamingFileAndLine) {
  test::TempDir dir;
  test::write_tiny_network(dir);
  const auto a = test::write_scenario(dir, "a.pbtxt", kScenario);
  const auto bad = test::write_scenario(
      dir, "bad.pbtxt", "modification { change_zone { zone: 99 population: 5 } }\n");
  const CommandResult r = run("compare " + a.string() + " " + bad.string() + " -q", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.pbtxt:3"), std::string::npos) << r.err;
  const CommandResult e = run("evaluate " + (dir.path() / "missing.pbtxt").string(), dir);
  EXPECT_EQ(e.code, 2) << e.err;
}

}  // namespace
}  // namespace ouflow
