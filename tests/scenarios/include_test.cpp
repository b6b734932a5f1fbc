// Combining proposals with `include`: the same model as the proposals merged by hand, errors
// naming the included file, cycles, colliding ids and a base that differs.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "networks/input_error.h"
#include "scenarios/inventory.h"
#include "scenarios/scenario.h"
#include "tests/scenarios/fixture.h"

namespace ouflow::scenario {
namespace {

using test::TempDir;

// Two proposals on base.pbtxt: a bus line X, and link 13 widened plus a new local road.
constexpr const char* kP1Mods =
    "modification { add_transit_line { id: \"X\" mode: BUS speed_kmh: 20 "
    "stop { id: \"x1\" lat: 0 lon: 0 } stop { id: \"x2\" lat: 0 lon: 0.02 } "
    "period { start: \"07:00\" end: \"08:00\" headway_min: 10 } } }\n";
constexpr const char* kP2Mods =
    "modification { modify_road { select { link: 13 } lanes: 3 } }\n"
    "modification { add_road { road_class: LOCAL point { node: 1 } point { lat: 0.01 lon: 0 } } "
    "}\n";
constexpr const char* kOwnMods = "modification { change_zone { zone: 1 jobs: 50 } }\n";

class IncludeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_tiny_network(dir);
    std::filesystem::create_directories(dir.path() / "proposals");
    test::write_scenario(dir, "base.pbtxt",
                         std::string("name: \"base\"\n") + test::kTinyScenarioBody);
    dir.write("proposals/p1.pbtxt",
              "format_version: 1\nbase_scenario: \"../base.pbtxt\"\n" + std::string(kP1Mods));
    dir.write("proposals/p2.pbtxt",
              "format_version: 1\nbase_scenario: \"../base.pbtxt\"\n" + std::string(kP2Mods));
  }
  // A scenario on base.pbtxt: `head` (includes ...) then `mods`; line 3 is the first of `head`.
  std::filesystem::path write(const std::string& name, const std::string& head,
                              const std::string& mods = kOwnMods) {
    return dir.write(name, "format_version: 1\nbase_scenario: \"base.pbtxt\"\n" + head + mods);
  }
  TempDir dir;
};

TEST_F(IncludeTest, TwoProposalsGiveTheHandMergedModel) {
  const LoadedScenario combined = load_scenario(write(
      "combined.pbtxt", "include: \"proposals/p1.pbtxt\"\ninclude: \"proposals/p2.pbtxt\"\n"));
  const LoadedScenario merged =
      load_scenario(write("merged.pbtxt", "", std::string(kP1Mods) + kP2Mods + kOwnMods));
  EXPECT_TRUE(combined.model.road == merged.model.road);
  ASSERT_TRUE(combined.model.transit && merged.model.transit);
  EXPECT_TRUE(*combined.model.transit == *merged.model.transit);
  EXPECT_EQ(combined.modification_count, merged.modification_count);
  ASSERT_EQ(combined.lines.size(), merged.lines.size());
  ASSERT_EQ(combined.roads.size(), 1u);
  EXPECT_DOUBLE_EQ(combined.roads[0].length_km, merged.roads[0].length_km);
  ASSERT_EQ(combined.includes.size(), 2u);
  EXPECT_EQ(combined.includes[0].filename(), "p1.pbtxt");
  EXPECT_EQ(combined.includes[1].filename(), "p2.pbtxt");
  // `ouflow info` names them.
  std::ostringstream report, json;
  print_scenario(report, combined, compute_inventory(combined));
  EXPECT_NE(report.str().find("\n  includes: p1.pbtxt, p2.pbtxt\n"), std::string::npos)
      << report.str();
  print_scenario_json(json, combined, compute_inventory(combined));
  EXPECT_NE(json.str().find("\"includes\":[\"" + (dir.path() / "proposals/p1.pbtxt").string()),
            std::string::npos)
      << json.str();
  // The chain is the bases only (what `batch` checks a proposal's base against).
  ASSERT_EQ(combined.chain.size(), 3u);
  EXPECT_EQ(combined.chain[1].filename(), "base.pbtxt");
  // The order matters: the scenario's own modifications come after the included ones, so an
  // own modification may use what an included proposal adds.
  const LoadedScenario uses =
      load_scenario(write("uses.pbtxt", "include: \"proposals/p1.pbtxt\"\n",
                          "modification { adjust_headway { id: \"X\" factor: 0.5 } }\n"));
  EXPECT_EQ(uses.lines.size(), 2u);
}

TEST_F(IncludeTest, AnErrorInAnIncludedFileNamesThatFile) {
  dir.write("proposals/bad.pbtxt",
            "format_version: 1\n\nmodification { change_zone { zone: 9 "
            "jobs: 1 } }\n");
  try {
    load_scenario(
        write("top.pbtxt", "include: \"proposals/p1.pbtxt\"\ninclude: \"proposals/bad.pbtxt\"\n"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path().filename(), "bad.pbtxt") << e.what();
    EXPECT_EQ(e.line(), 3u) << e.what();
    EXPECT_EQ(e.field(), "modification[0].change_zone.zone") << e.what();
  }
}

TEST_F(IncludeTest, CollidingIdsNameBothPlaces) {
  dir.write("proposals/p3.pbtxt", "format_version: 1\n" + std::string(kP1Mods));
  try {
    load_scenario(
        write("top.pbtxt", "include: \"proposals/p1.pbtxt\"\ninclude: \"proposals/p3.pbtxt\"\n"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path().filename(), "p3.pbtxt") << e.what();
    EXPECT_EQ(e.line(), 2u) << e.what();
    EXPECT_NE(std::string(e.what()).find("transit line 'X' exists already (added by "),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("p1.pbtxt:3)"), std::string::npos) << e.what();
  }
  // A stop id two proposals both add.
  dir.write("proposals/p4.pbtxt",
            "format_version: 1\nmodification { add_transit_line { id: \"Y\" mode: BUS "
            "speed_kmh: 20 stop { id: \"s9\" lat: 0 lon: 0 }\nstop { id: \"x2\" lat: 0 lon: 0.02 } "
            "period { start: \"07:00\" end: \"08:00\" headway_min: 10 } } }\n");
  try {
    load_scenario(
        write("top2.pbtxt", "include: \"proposals/p1.pbtxt\"\ninclude: \"proposals/p4.pbtxt\"\n"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path().filename(), "p4.pbtxt") << e.what();
    EXPECT_EQ(e.field(), "modification[0].add_transit_line.stop[1].id") << e.what();
    EXPECT_NE(std::string(e.what()).find("stop 'x2' exists already (added by "), std::string::npos)
        << e.what();
  }
}

TEST_F(IncludeTest, BadIncludes) {
  auto expect = [&](const std::string& head, const std::string& file, std::size_t line,
                    const std::string& field, const std::string& contains) {
    try {
      load_scenario(write("top.pbtxt", head));
      ADD_FAILURE() << head;
    } catch (const InputError& e) {
      EXPECT_EQ(e.path().filename(), file) << e.what();
      EXPECT_EQ(e.line(), line) << e.what();
      EXPECT_EQ(e.field(), field) << e.what();
      EXPECT_NE(std::string(e.what()).find(contains), std::string::npos) << e.what();
    }
  };
  // A missing file, with the closest name.
  expect("include: \"proposals/p11.pbtxt\"\n", "top.pbtxt", 3, "include[0]",
         "did you mean 'p1.pbtxt'");
  // Another base.
  test::write_scenario(dir, "other.pbtxt", "");
  dir.write("proposals/elsewhere.pbtxt",
            "format_version: 1\nbase_scenario: \"../other.pbtxt\"\n" + std::string(kP1Mods));
  expect("include: \"proposals/elsewhere.pbtxt\"\n", "elsewhere.pbtxt", 2, "base_scenario",
         "must have the base of the scenario including it");
  // Demand in an included file would be ignored: an error instead.
  dir.write("proposals/demand.pbtxt",
            "format_version: 1\ndemand { transit_share: 0.5 }\n" + std::string(kP1Mods));
  expect("include: \"proposals/demand.pbtxt\"\n", "demand.pbtxt", 2, "demand",
         "contributes modifications only");
  // A cycle: a.pbtxt includes b.pbtxt, which includes a.pbtxt.
  dir.write("proposals/a.pbtxt", "format_version: 1\ninclude: \"b.pbtxt\"\n");
  dir.write("proposals/b.pbtxt", "format_version: 1\n\ninclude: \"a.pbtxt\"\n");
  expect("include: \"proposals/a.pbtxt\"\n", "b.pbtxt", 3, "include[0]",
         "top.pbtxt -> a.pbtxt -> b.pbtxt -> a.pbtxt");
  // The same file twice, directly or through another include.
  expect("include: \"proposals/p1.pbtxt\"\ninclude: \"proposals/p1.pbtxt\"\n", "top.pbtxt", 4,
         "include[1]", "p1.pbtxt is included already");
  dir.write("proposals/with_p1.pbtxt", "format_version: 1\ninclude: \"p1.pbtxt\"\n");
  expect("include: \"proposals/p1.pbtxt\"\ninclude: \"proposals/with_p1.pbtxt\"\n", "with_p1.pbtxt",
         2, "include[0]", "p1.pbtxt is included already");
  // A file including itself.
  expect("include: \"top.pbtxt\"\n", "top.pbtxt", 3, "include[0]", "cycle");
}

}  // namespace
}  // namespace ouflow::scenario
