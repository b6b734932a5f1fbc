// The main job end to end, as the README runs it: `ouflow evaluate` on the embedded default
// (wenzhou_2025_plan against wenzhou_2020). Slow (minutes): labelled `slow`, run by the Release
// step of the test command and left out of the sanitizer step.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/common/cli.h"

namespace ouflow {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(EvaluateEndToEnd, TheEmbeddedDefaultRunsAndItsIndicatorsHoldTogether) {
  test::TempDir dir;
  const auto out = dir.path() / "ev";
  const test::CommandResult r = test::run_ouflow("evaluate --out " + out.string(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Central-city peak speed"), std::string::npos);
  EXPECT_NE(r.out.find("wenzhou_2025_plan"), std::string::npos);

  const std::string json = test::slurp(out / "indicators.json");
  EXPECT_GE(count(json, "\"key\":"), 25u);
  EXPECT_EQ(json.find("nan"), std::string::npos);
  EXPECT_EQ(json.find("inf"), std::string::npos);

  // 481 internal and 8 external zones, one row each.
  const std::string zones = test::slurp(out / "zones.csv");
  EXPECT_EQ(count(zones, "\n"), 1u + 489u);

  // The CBD isochrones of both runs: four thresholds each.
  for (const char* f :
       {"isochrone_cbd_car.geojson", "isochrone_cbd_transit.geojson",
        "baseline_isochrone_cbd_car.geojson", "baseline_isochrone_cbd_transit.geojson"}) {
    EXPECT_EQ(count(test::slurp(out / f), "\"minutes\""), 4u) << f;
  }

  const std::string report = test::slurp(out / "report.md");
  EXPECT_NE(report.find("## Figures"), std::string::npos);
  // The four figures are drawn (the test command runs under Xvfb) and linked from the report.
  EXPECT_EQ(report.find("Figures not drawn"), std::string::npos);
  for (const char* png :
       {"flows_vc.png", "speed_change.png", "transit_to_cbd.png", "line_loads.png"}) {
    EXPECT_NE(report.find(std::string("(") + png + ")"), std::string::npos) << png;
    EXPECT_GT(std::filesystem::file_size(out / png), 10000u) << png;
  }

  // What the plan changes on the provincial circle: 杭温高铁 shortens the rail trip to 杭州, and
  // no external city gets farther away.
  const std::regex hangzhou("杭州 ([0-9]+) -> ([0-9]+)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(report, m, hangzhou)) << report.substr(0, 2000);
  EXPECT_LT(std::stoi(m[2]) + 30, std::stoi(m[1]));
  const std::regex city("([^ ;:]+) ([0-9]+) -> ([0-9]+);");
  int cities = 0;
  for (auto it = std::sregex_iterator(report.begin(), report.end(), city);
       it != std::sregex_iterator(); ++it, ++cities) {
    EXPECT_LE(std::stoi((*it)[3]), std::stoi((*it)[2])) << (*it)[1];
  }
  EXPECT_EQ(cities, 8);

  // The demand-supply feedback converges on the real network (it did not with successive
  // averages), and the base year keeps its calibration target: 35 % transit share of the main
  // centre's motorised trips, within 2 points after the buses are retimed in its traffic.
  const std::regex share("\"key\": \"transit_share_main\"[^}]*\"baseline\": ([0-9.]+)");
  ASSERT_TRUE(std::regex_search(json, m, share));
  EXPECT_NEAR(std::stod(m[1]), 35.0, 2.0);

  // Convergence from convergence.csv (run, pass, iteration, residual, history, demand_change,
  // assignment_gap, assignment_iterations, warm_bushes, 3 shares, run_converged): both runs end
  // converged at the 1e-3 residual, and every car assignment reached its gap before Algorithm
  // B's 200-iteration limit (a stall at a gap of 2e-4 once did not; sim/road/algorithm_b.cpp).
  std::istringstream csv(test::slurp(out / "convergence.csv"));
  std::string line;
  ASSERT_TRUE(std::getline(csv, line));
  EXPECT_EQ(line.rfind("run,pass,iteration,residual,", 0), 0u) << line;
  std::map<std::string, std::vector<std::string>> last;  // per run, its last row
  int steps = 0;
  while (std::getline(csv, line)) {
    std::vector<std::string> f;
    std::istringstream row(line);
    for (std::string x; std::getline(row, x, ',');) f.push_back(x);
    ASSERT_EQ(f.size(), 13u) << line;
    EXPECT_LT(std::stoi(f[7]), 200) << line;
    last[f[0]] = f;
    ++steps;
  }
  EXPECT_GT(steps, 10);
  ASSERT_EQ(last.size(), 2u);
  for (const auto& [run, f] : last) {
    EXPECT_EQ(f[12], "1") << run << " did not converge";
    EXPECT_LE(std::stod(f[3]), 1e-3) << run;
    EXPECT_EQ(f[1], "2") << run << ": the buses-in-traffic pass";
  }
}

}  // namespace
}  // namespace ouflow
