// A tiny batch on the network of tests/scenarios/fixture.h: a calibration year (y2020.pbtxt:
// bus B1 at 20 km/h), a base (plan.pbtxt: y2020 with a faster B1) and proposals on that base —
// a faster bus (no new line), a new BRT line, a new road — plus two that fail: a syntax error on
// line 4 of bad.pbtxt, and other_base.pbtxt whose base (line 2) is y2020.pbtxt, not the plan.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/scenarios/fixture.h"

namespace ouflow::test {

struct TinyBatch {
  std::filesystem::path calibration_year, base;
  std::vector<std::filesystem::path> proposals;  // good ones first, then bad, other_base
};

inline TinyBatch write_tiny_batch(const TempDir& dir) {
  write_tiny_network(dir);
  TinyBatch b;
  b.calibration_year = write_scenario(
      dir, "y2020.pbtxt", std::string("name: \"y2020\"\nyear: 2020\n") + kTinyScenarioBody);
  const std::string on_y2020 = "format_version: 1\nbase_scenario: \"y2020.pbtxt\"\n";
  const std::string on_plan = "format_version: 1\nbase_scenario: \"plan.pbtxt\"\n";
  b.base =
      dir.write("plan.pbtxt", on_y2020 +
                                  "name: \"plan\"\nyear: 2025\n"
                                  "modification { adjust_speed { id: \"B1\" factor: 1.2 } }\n");
  b.proposals.push_back(dir.write(
      "fast_bus.pbtxt", on_plan + "name: \"fast_bus\"\ntitle: \"B1, 1.5 times faster\"\n"
                                  "modification { adjust_speed { id: \"B1\" factor: 1.5 } }\n"));
  b.proposals.push_back(dir.write(
      "brt.pbtxt", on_plan +
                       "name: \"brt\"\ntitle: \"BRT, direct\"\n"
                       "modification { add_transit_line { id: \"R1\" mode: BRT speed_kmh: 35 "
                       "stop { id: \"r1\" lat: 0 lon: 0 } stop { id: \"r4\" lat: 0.01 lon: 0.02 } "
                       "period { start: \"05:00\" end: \"23:00\" headway_min: 4 } "
                       "vehicle_capacity: 100 dedicated_lane: true } }\n"));
  b.proposals.push_back(dir.write(
      "road.pbtxt", on_plan + "name: \"road\"\ntitle: \"Road 1-4, with a comma\"\n"
                              "modification { add_road { name: \"D\" road_class: ARTERIAL "
                              "point { node: 1 } point { node: 4 } lanes: 2 } }\n"));
  b.proposals.push_back(dir.write("bad.pbtxt", on_plan + "name: \"bad\"\nnot_a_field: 1\n"));
  b.proposals.push_back(
      dir.write("other_base.pbtxt", on_y2020 + "name: \"other_base\"\n"
                                               "modification { adjust_speed { id: \"B1\" "
                                               "factor: 2 } }\n"));
  return b;
}

}  // namespace ouflow::test
