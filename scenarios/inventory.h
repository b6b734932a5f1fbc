// The plan inventory of a scenario (no simulation): centre-line km of road by class, route km of
// transit by mode, and the plan indicators printed beside the plan's targets.
//
// Counting rules (hand-checkable; tested on tiny networks):
//   - Road centre-line km: links are grouped by unordered node pair and class; a group counts
//     the longer of its two directions (so a two-way pair a->b, b->a counts once, a one-way link
//     counts in full, and two parallel a->b carriageways count twice). Roads added by a scenario
//     with a stated length_km count their stated length instead of their links'.
//   - Transit route km: each line counts once, with its stated length_km, else the stop polyline
//     of its longest pattern (great-circle distance between consecutive stops). Both directions
//     of a line are one line; two lines of one mode whose stop sequences are equal or reverse of
//     each other also count once.
//   - Study area: when the scenario's study_area names boundaries (GeoJSON polygons), only road
//     links and line sections (between consecutive stops) whose midpoint lies inside count;
//     links or stops without coordinates count as inside; stated lengths count as stated
//     (they are meant to be the part inside the area).
//   - Indicators: railway_km = rail + high-speed rail, sm_rail_km = suburban rail + metro,
//     expressway_km, urban_expressway_km, national_road_km, provincial_road_km (centre-line
//     km of that class), brt_km (BRT route km). transit_share_pp and central_city_speed_pct need
//     the evaluation and are not computed here.
#pragma once

#include <array>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string_view>

#include "networks/link_class.h"
#include "scenarios/scenario.h"

namespace ouflow::scenario {

struct Boundaries;

struct Inventory {
  std::filesystem::path area;  // the boundaries file it was clipped to; empty: not clipped
  std::array<double, net::kLinkClassCount> centre_line_km{};  // by net::LinkClass
  std::array<double, kTransitModeCount> route_km{};           // by TransitMode
  std::array<std::size_t, kTransitModeCount> lines{};         // lines counted, by mode
};

// What a scenario builds against its base: `km_built` of `ouflow batch` (docs/batch.md).
// Counting rule (every kind of modification has one; tested in tests/scenarios/inventory_test.cpp):
//   - a line whose route id the base lacks: its route km (LineInfo::length_km: the stated
//     length, else the stop polyline of its longest pattern), whatever its mode (a bus line
//     counts its route length);
//   - a road the scenario adds (its first link id is not the base's): its length (stated, else
//     the sum of its segments), both directions once; connectors and transit-only roads count 0;
//   - a base link whose lanes, capacity, speed or class the scenario changes (a widening, an
//     upgrade): its centre-line km, a two-way pair once, whatever the number of lanes added;
//   - removing a line, closing a road, changing a headway, a speed, a dwell or a zone: 0
//     (nothing is built).
// Nothing is clipped to the study area.
struct BuiltKm {
  std::array<double, kTransitModeCount> new_line_km{};  // by TransitMode
  double new_road_km = 0.0;
  double changed_road_km = 0.0;
  double total() const;
};
BuiltKm built_km(const LoadedScenario& base, const LoadedScenario& scenario);

// Reads s.study_area.boundaries when set (InputError when it is not valid GeoJSON).
Inventory compute_inventory(const LoadedScenario& s);
// With the given area (nullptr: everything counts).
Inventory compute_inventory(const LoadedScenario& s, const Boundaries* area);

// The value of a plan indicator; nullopt for indicators the inventory does not compute.
std::optional<double> indicator_value(const Inventory& inv, std::string_view indicator);

// The `ouflow info` report of a scenario: header, inventory, and the indicator | value |
// target | met table. print_scenario_json writes the same as one JSON object.
void print_scenario(std::ostream& os, const LoadedScenario& s, const Inventory& inv);
void print_scenario_json(std::ostream& os, const LoadedScenario& s, const Inventory& inv);

}  // namespace ouflow::scenario
