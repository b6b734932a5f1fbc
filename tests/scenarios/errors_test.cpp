// Bad scenario files: every error names the file, the line and the field path.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "networks/input_error.h"
#include "scenarios/scenario.h"
#include "tests/scenarios/fixture.h"

namespace ouflow::scenario {
namespace {

using test::TempDir;

struct BadCase {
  const char* name;
  const char* body;      // follows "format_version: 1\nbase_network: \"net\"\n" (lines 1-2)
  std::size_t line;      // expected line
  const char* field;     // expected field path ("" for none)
  const char* contains;  // expected text
};

// A line at the start, used by the transit cases that need an existing line.
#define LINE_L1                                                                              \
  "modification { add_transit_line { id: \"L1\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } " \
  "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20 period { start: \"07:00\" end: "        \
  "\"08:00\" headway_min: 5 } } }\n"

const BadCase kCases[] = {
    {"LanesZero",
     "modification {\n  add_road {\n    road_class: ARTERIAL\n    lanes: 0\n"
     "    point { node: 1 }\n    point { node: 3 }\n  }\n}\n",
     6, "modification[0].add_road.lanes", "must be >= 1, got 0"},
    {"UnknownNode",
     "modification {\n add_road {\n  road_class: LOCAL\n  point { node: 1 }\n"
     "  point { node: 99 }\n } }\n",
     7, "modification[0].add_road.point[1].node", "unknown node 99; the nearest ids are 2, 3 or 4"},
    {"FewerThanTwoPoints", "modification { add_road { road_class: LOCAL point { node: 1 } } }\n", 3,
     "modification[0].add_road.point", "at least 2 points"},
    {"NoRoadClass", "modification { add_road { point { node: 1 } point { node: 2 } } }\n", 3,
     "modification[0].add_road.road_class", "road class is required"},
    {"NegativeCapacity",
     "modification { add_road { road_class: LOCAL\ncapacity_per_lane: -5 point { node: 1 } point "
     "{ node: 2 } } }\n",
     4, "modification[0].add_road.capacity_per_lane", "must be > 0, got -5"},
    {"NanSpeed",
     "modification { add_road { road_class: LOCAL speed_kmh: nan point { node: 1 } point { "
     "node: 2 } } }\n",
     3, "modification[0].add_road.speed_kmh", "finite"},
    {"PointNodeAndLatLon",
     "modification { add_road { road_class: LOCAL point { node: 1 lat: 0 lon: 0 } point { node: "
     "2 } } }\n",
     3, "modification[0].add_road.point[0].node", "not both"},
    {"SamePointTwice",
     "modification { add_road { road_class: LOCAL point { node: 1 }\npoint { lat: 0.0001 lon: 0 "
     "} } }\n",
     4, "modification[0].add_road.point[1].lat", "same node (1)"},
    {"UnknownLink", "modification { close_road {\nselect { link: 10 link: 77 } } }\n", 4,
     "modification[0].close_road.select.link[1]",
     "unknown link 77; the nearest ids are 11, 12 or 13"},
    {"UnknownName", "modification { modify_road { select { name: \"Z\" } lanes: 2 } }\n", 3,
     "modification[0].modify_road.select.name", "no link is named 'Z'"},
    {"NoSelector", "modification { close_road { } }\n", 3, "modification[0].close_road.select",
     "select links"},
    {"ModifyNothing", "modification { modify_road { select { link: 10 } } }\n", 3,
     "modification[0].modify_road", "changes nothing"},
    {"ModifyLanesZero", "modification { modify_road { select { link: 10 } lanes: 0 } }\n", 3,
     "modification[0].modify_road.lanes", "must be >= 1, got 0"},
    {"ZoneCutOff", "\n\nmodification { close_road { select { name: \"B\" } } }\n", 5,
     "modification[0].close_road.select", "zone 4 (North)"},
    {"UnknownZone", "modification { change_zone {\n zone: 5 population: 1 } }\n", 4,
     "modification[0].change_zone.zone", "unknown zone 5; the nearest ids are 1 or 4"},
    {"NegativePopulation", "modification { change_zone { zone: 1 population: -1 } }\n", 3,
     "modification[0].change_zone.population", "must be >= 0"},
    {"EmptyModification", "modification { comment: \"x\" }\n", 3, "modification[0]",
     "needs one of"},
    {"LineUnknownRemove", "modification { remove_transit_line { id: \"Q\" } }\n", 3,
     "modification[0].remove_transit_line.id[0]", "unknown transit line 'Q'"},
    {"LineUnknownAdjust", LINE_L1 "modification { adjust_headway { id: \"L9\" factor: 2 } }\n", 4,
     "modification[1].adjust_headway.id", "unknown transit line 'L9'"},
    {"HeadwayZero",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20\n period { start: \"07:00\" end: "
     "\"08:00\" } } }\n",
     4, "modification[0].add_transit_line.period[0].headway_min", "must be > 0, got 0"},
    // Durations beyond a day are errors at their line and field (1e10 minutes once wrapped to a
    // negative int32 reported by the transit builder under its own field name, without a line).
    {"HeadwayHuge",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20\n period { start: \"07:00\" end: "
     "\"08:00\"\n headway_min: 1e10 } } }\n",
     5, "modification[0].add_transit_line.period[0].headway_min",
     "must be within (0, 1440] (a day), got 1e+10"},
    {"HeadwayHugest",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20\n period { start: \"07:00\" end: "
     "\"08:00\"\n headway_min: 1e300 } } }\n",
     5, "modification[0].add_transit_line.period[0].headway_min", "must be within (0, 1440]"},
    {"RunTimeHuge",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 }\n run_time_min: 1e12 period { start: \"07:00\" end: "
     "\"08:00\" headway_min: 5 } } }\n",
     4, "modification[0].add_transit_line.run_time_min[0]", "must be within (0, 1440]"},
    {"SpeedTiny",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 }\n speed_kmh: 1e-9 period { start: \"07:00\" end: "
     "\"08:00\" headway_min: 5 } } }\n",
     4, "modification[0].add_transit_line.speed_kmh", "more than a day"},
    {"HeadwayFactorHuge", LINE_L1 "modification { adjust_headway { id: \"L1\" factor: 1e10 } }\n",
     4, "modification[1].adjust_headway.factor", "more than a day"},
    {"HeadwayFactorNegative", LINE_L1 "modification { adjust_headway { id: \"L1\" factor: -1 } }\n",
     4, "modification[1].adjust_headway.factor", "must be > 0"},
    {"BadTime",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20 period {\n start: \"7h\" end: "
     "\"08:00\" headway_min: 5 } } }\n",
     4, "modification[0].add_transit_line.period[0].start", "\"HH:MM\""},
    {"EndBeforeStart",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20 period { start: \"09:00\"\n end: "
     "\"08:00\" headway_min: 5 } } }\n",
     4, "modification[0].add_transit_line.period[0].end", "must be after start"},
    {"DuplicateStopWithCoordinates",
     LINE_L1
     "modification { add_transit_line { id: \"L2\" mode: BUS\n stop { id: \"a\" lat: 1 lon: 1 } "
     "stop { id: \"c\" lat: 0 lon: 0.01 } speed_kmh: 20 period { start: \"07:00\" end: "
     "\"08:00\" headway_min: 5 } } }\n",
     5, "modification[1].add_transit_line.stop[0].id", "stop 'a' exists already"},
    {"UnknownStop",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 }\n "
     "stop { id: \"zz\" } speed_kmh: 20 period { start: \"07:00\" end: \"08:00\" headway_min: "
     "5 } } }\n",
     4, "modification[0].add_transit_line.stop[1].id", "unknown stop 'zz'"},
    {"OneStop",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "speed_kmh: 20 period { start: \"07:00\" end: \"08:00\" headway_min: 5 } } }\n",
     3, "modification[0].add_transit_line.stop", "at least 2 stops, got 1"},
    {"RunTimeCount",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 }\n run_time_min: [1, 2] period { start: \"07:00\" end: "
     "\"08:00\" headway_min: 5 } } }\n",
     4, "modification[0].add_transit_line.run_time_min", "has 2 values; a line of 2 stops needs 1"},
    {"NoSpeedNoRunTimes",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } period { start: \"07:00\" end: \"08:00\" "
     "headway_min: 5 } } }\n",
     3, "modification[0].add_transit_line.speed_kmh", "give run_time_min or speed_kmh"},
    {"NoMode",
     "modification { add_transit_line { id: \"L\" stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20 period { start: \"07:00\" end: "
     "\"08:00\" headway_min: 5 } } }\n",
     3, "modification[0].add_transit_line.mode",
     "mode is required; valid values: BUS, BRT, TRAM, METRO, SUBURBAN_RAIL, RAIL, "
     "HIGH_SPEED_RAIL, FERRY, COACH"},
    {"DuplicateLine", LINE_L1 LINE_L1, 4, "modification[1].add_transit_line.id",
     "'L1' exists already"},
    {"NoPeriods",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20 } }\n",
     3, "modification[0].add_transit_line.period", "at least one period"},
    {"OverlappingPeriods",
     "modification { add_transit_line { id: \"L\" mode: BUS stop { id: \"a\" lat: 0 lon: 0 } "
     "stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20 period { start: \"07:00\" end: "
     "\"09:00\" headway_min: 5 }\n period { start: \"08:00\" end: \"10:00\" headway_min: 5 } } "
     "}\n",
     4, "modification[0].add_transit_line.period[1].start", "periods overlap"},
    {"BadColor",
     "modification { add_transit_line { id: \"L\" mode: BUS color: \"red\" stop { id: \"a\" "
     "lat: 0 lon: 0 } stop { id: \"b\" lat: 0 lon: 0.01 } speed_kmh: 20 period { start: "
     "\"07:00\" end: \"08:00\" headway_min: 5 } } }\n",
     3, "modification[0].add_transit_line.color", "six hex digits"},
    {"SpeedFactorZero", LINE_L1 "modification { adjust_speed { id: \"L1\" factor: 0 } }\n", 4,
     "modification[1].adjust_speed.factor", "must be > 0, got 0"},
    {"BadTarget", "target { indicator: \"metro_km\" value: 3 }\n", 3, "target[0].indicator",
     "unknown indicator 'metro_km'"},
    {"BadShare", "demand {\n transit_share: 1.5 }\n", 4, "demand.transit_share", "within [0, 1]"},
    {"PeakEndBeforeStart", "demand { peak_start: \"09:00\"\n peak_end: \"08:00\" }\n", 4,
     "demand.peak_end", "end after it starts"},
    // "Did you mean": the closest ids, names and values.
    {"UnknownLineSuggests", LINE_L1 "modification { adjust_speed { id: \"l1\" factor: 2 } }\n", 4,
     "modification[1].adjust_speed.id", "unknown transit line 'l1'; did you mean 'L1'?"},
    {"UnknownStopSuggests",
     LINE_L1 "modification { add_transit_line { id: \"L2\" mode: BUS stop { id: \"a\" }\n"
             "stop { id: \"bb\" } run_time_min: 3 period { start: \"07:00\" end: \"08:00\" "
             "headway_min: 5 } } }\n",
     5, "modification[1].add_transit_line.stop[1].id",
     "unknown stop 'bb'"
     "; a new stop needs lat and lon; did you mean 'b'?"},
    {"UnknownNameSuggests", "modification { modify_road { select { name: \"e\" } lanes: 2 } }\n", 3,
     "modification[0].modify_road.select.name", "did you mean 'E', 'A' or 'B'?"},
    {"UnknownStatusSuggests",
     "modification { add_road { road_class: LOCAL status: \"planed\" point { node: 1 } point { "
     "node: 2 } } }\n",
     3, "modification[0].add_road.status",
     "unknown status 'planed'; valid values: operating, under_construction, planned, proposed; "
     "did you mean 'planned'?"},
    {"UnknownIndicatorSuggests", "target { indicator: \"brt_kms\" value: 1 }\n", 3,
     "target[0].indicator", "did you mean 'brt_km'?"},
    // A new stop or road point 400 km from everything else: a typo, not a plan.
    {"StopFarOutside",
     "modification { add_transit_line { id: \"F\" mode: BUS speed_kmh: 20\n"
     "stop { id: \"f1\" lat: 0 lon: 0 }\nstop { id: \"f2\" lat: 3.6 lon: 0.01 } period { start: "
     "\"07:00\" end: \"08:00\" headway_min: 5 } } }\n",
     5, "modification[0].add_transit_line.stop[1].lat",
     "new stop 'f2' at lat 3.6, lon 0.01 is 399.2 km outside the model (lat 0 to 0.01, lon 0 to "
     "0.02); more than 50 km"},
    {"RoadPointFarOutside",
     "modification { add_road { road_class: LOCAL point { node: 1 }\npoint { lat: 0 lon: -0.5 } "
     "} }\n",
     4, "modification[0].add_road.point[1].lat", "55.6 km outside the model"},
    {"BadCbd", "study_area { cbd { lat: 95 lon: 0 } }\n", 3, "study_area.cbd.lat",
     "within [-90, 90]"},
};

class BadScenario : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, NamesFileLineAndField) {
  const BadCase& c = GetParam();
  TempDir dir;
  test::write_tiny_network(dir);
  const auto path = test::write_scenario(dir, "plan.pbtxt", c.body);
  try {
    load_scenario(path);
    FAIL() << "no error for " << c.name;
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), path) << e.what();
    EXPECT_EQ(e.line(), c.line) << e.what();
    EXPECT_EQ(e.field(), c.field) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.contains), std::string::npos) << e.what();
    // The message starts "plan.pbtxt:LINE: ".
    EXPECT_EQ(std::string(e.what()).rfind(path.string() + ":" + std::to_string(c.line) + ": ", 0),
              0u)
        << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, BadScenario, ::testing::ValuesIn(kCases),
                         [](const auto& p) { return std::string(p.param.name); });

// A scenario (or GeoJSON) file is read whole, but not without bound: a file that never ends is an
// error naming it.
TEST(BadScenarioFile, EndlessFileIsAnError) {
  if (!std::filesystem::exists("/dev/zero")) GTEST_SKIP() << "no /dev/zero";
  TempDir dir;
  const auto path = dir.path() / "endless.pbtxt";
  std::filesystem::create_symlink("/dev/zero", path);
  try {
    load_scenario(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), path) << e.what();
    EXPECT_NE(std::string(e.what()).find("larger than"), std::string::npos) << e.what();
  }
}

TEST(BadScenarioFile, SyntaxErrorHasLineAndColumn) {
  TempDir dir;
  test::write_tiny_network(dir);
  const auto path = test::write_scenario(dir, "plan.pbtxt", "year: 2020\n  lanes: 3\n");
  try {
    load_scenario(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 4u);
    // protobuf's tokenizer reports the column after the unknown name: "plan.pbtxt:4:8: ".
    EXPECT_EQ(std::string(e.what()).rfind(path.string() + ":4:8: ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("lanes"), std::string::npos) << e.what();
  }
}

// protobuf's words for an unknown enum value or field are rewritten: the valid values and the
// closest ones, the closest field names and every field of the message.
TEST(BadScenarioFile, UnknownEnumValueOrFieldListsWhatIsValid) {
  TempDir dir;
  test::write_tiny_network(dir);
  auto error_of = [&](const std::string& body) -> std::string {
    const auto path = test::write_scenario(dir, "plan.pbtxt", body);
    try {
      load_scenario(path);
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 4u) << e.what();
      return e.what();
    }
    ADD_FAILURE() << "no error for " << body;
    return "";
  };
  const std::string mode =
      error_of("\nmodification { add_transit_line { id: \"X\" mode: BUSS } }\n");
  EXPECT_NE(mode.find("unknown value 'BUSS' of mode; valid values: BUS, BRT, TRAM, METRO, "
                      "SUBURBAN_RAIL, RAIL, HIGH_SPEED_RAIL, FERRY, COACH; did you mean 'BUS'?"),
            std::string::npos)
      << mode;
  EXPECT_EQ(mode.find("MODE_UNSPECIFIED"), std::string::npos) << mode;
  const std::string cls = error_of("\nmodification { modify_road { road_class: ARTERIEL } }\n");
  EXPECT_NE(cls.find("did you mean 'ARTERIAL'?"), std::string::npos) << cls;
  const std::string field = error_of("\nmodification { add_road { nme: \"x\" } }\n");
  EXPECT_NE(field.find("AddRoad has no field 'nme'; did you mean 'name'? (its fields: name, "
                       "road_class, point,"),
            std::string::npos)
      << field;
}

TEST(BadScenarioFile, FormatVersionAndBase) {
  TempDir dir;
  test::write_tiny_network(dir);
  auto expect = [&](const std::string& text, std::size_t line, const std::string& field,
                    const std::string& contains) {
    const auto path = dir.write("v.pbtxt", text);
    try {
      load_scenario(path);
      ADD_FAILURE() << text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), line) << e.what();
      EXPECT_EQ(e.field(), field) << e.what();
      EXPECT_NE(std::string(e.what()).find(contains), std::string::npos) << e.what();
    }
  };
  expect("base_network: \"net\"\n", 0, "", "format_version is required");
  expect("name: \"x\"\nformat_version: 2\nbase_network: \"net\"\n", 2, "format_version",
         "unsupported format_version 2");
  expect("format_version: 1\n", 0, "", "needs a base");
  expect("format_version: 1\nbase_network: \"nowhere\"\n", 2, "base_network", "no such network");
  expect("format_version: 1\nbase_scenario: \"nowhere.pbtxt\"\n", 2, "base_scenario",
         "no such scenario file");
  dir.write("base_2020.pbtxt", "format_version: 1\nbase_network: \"net\"\n");
  expect("format_version: 1\nbase_scenario: \"base_2002.pbtxt\"\n", 2, "base_scenario",
         "did you mean 'base_2020.pbtxt'?");
}

TEST(BadScenarioFile, CycleOfBases) {
  TempDir dir;
  const auto a = dir.write("a.pbtxt", "format_version: 1\nbase_scenario: \"b.pbtxt\"\n");
  const auto b = dir.write("b.pbtxt", "# b\nformat_version: 1\n\nbase_scenario: \"a.pbtxt\"\n");
  try {
    load_scenario(a);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), dir.path() / "b.pbtxt") << e.what();
    EXPECT_EQ(e.line(), 4u) << e.what();
    EXPECT_EQ(e.field(), "base_scenario");
    EXPECT_NE(std::string(e.what()).find("a.pbtxt -> b.pbtxt -> a.pbtxt"), std::string::npos)
        << e.what();
  }
  // A file naming itself.
  const auto self = dir.write("self.pbtxt", "format_version: 1\nbase_scenario: \"self.pbtxt\"\n");
  EXPECT_THROW(load_scenario(self), InputError);
}

TEST(BadScenarioFile, ErrorsInTheBaseNameTheBase) {
  TempDir dir;
  test::write_tiny_network(dir);
  test::write_scenario(dir, "base.pbtxt", "modification { change_zone { zone: 9 jobs: 1 } }\n");
  const auto top = dir.write("top.pbtxt", "format_version: 1\nbase_scenario: \"base.pbtxt\"\n");
  try {
    load_scenario(top);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path().filename(), "base.pbtxt");
    EXPECT_EQ(e.line(), 3u);
  }
}

TEST(BadScenarioFile, ScheduledRouteHeadway) {
  TempDir dir;
  const auto feed = test::data_dir() / "gtfs" / "sample-feed-1.zip";
  const auto path = dir.write("g.pbtxt", "format_version: 1\nbase_network: \"" + feed.string() +
                                             "\"\nmodification { adjust_headway { id: \"AB\" "
                                             "factor: 2 } }\n");
  try {
    load_scenario(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.field(), "modification[0].adjust_headway.id");
    EXPECT_NE(std::string(e.what()).find("scheduled trips"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ouflow::scenario
