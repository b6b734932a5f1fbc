// Listings of a scenario's model for writing modifications: the ids, names and coordinates that
// `ouflow info SCENARIO --lines | --stops | --links | --roads` prints, as CSV (or JSON).
//
// Columns (one row per item, in the model's order):
//   lines: route_id, name, mode (the scenario file's TransitMode name), status, stops (of the
//          longest pattern), length_km (LineInfo::length_km), peak_headway_min, added_by
//          ("file:line" of the add_transit_line; empty for the base network's routes).
//          peak_headway_min: the shortest headway of a frequency row that overlaps the peak
//          (the scenario's demand peak, else 07:00-08:00); for scheduled routes the peak length
//          over the trips of its busiest pattern that leave their first stop in the peak (all
//          services counted); empty when nothing runs in the peak.
//   stops: stop_id, name, lat, lon, routes (route ids serving it, space-separated).
//   links: link_id, from_node, to_node, class (RoadClass name), name, lanes, speed_kmh,
//          capacity_vph, length_m, from_lat, from_lon, to_lat, to_lon — one row per direction
//          (the two directions of a two-way road share a link id).
//   roads: name (what modify_road / close_road select by name), links (directed links with
//          it), classes (space-separated), lat, lon (the first such link's start).
// `match` keeps the rows whose id or name contains it (byte-wise; empty keeps all).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/scenario.h"

namespace ouflow::scenario {

enum class Listing { kLines, kStops, kLinks, kRoads };

struct ListingTable {
  std::vector<std::string> header;
  std::vector<bool> numeric;  // per column: a number (or empty) rather than text
  std::vector<std::vector<std::string>> rows;
};

ListingTable make_listing(const LoadedScenario& s, Listing what, std::string_view match = "");

// CSV with a header row (RFC 4180 quoting).
void write_csv(std::ostream& os, const ListingTable& t);
// One JSON array of objects; numeric columns as numbers (null when empty).
void write_json(std::ostream& os, const ListingTable& t);

}  // namespace ouflow::scenario
