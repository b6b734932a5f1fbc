// What the viewer draws, as plain data in one metric map frame: roads (with their class and,
// when given, assignment results), transit lines and stops, zones, backdrop polygons and
// isochrone bands; and, in compare mode, the second scenario's values matched onto the first.
// Built from a net::Model (+ results) by build_map_data(), so that any source of a model
// (network files, scenarios) can feed the viewer. No SFML here.
//
// The map frame: when the road network has lon/lat, the UTM zone of its centre (everything with
// lon/lat is projected into it through PROJ); otherwise the network's own x/y (its metadata
// projection, "local" for TNTP node files), and then layers given in lon/lat can be overlaid
// only if that projection is an EPSG code.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "networks/io/network_files.h"
#include "networks/model.h"
#include "viz/colors.h"
#include "viz/geometry.h"

namespace ouflow::viz {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct MapLink {
  std::uint32_t id = 0;  // LinkId value
  Vec2 a, b;             // tail, head
  net::LinkClass link_class = net::LinkClass::kUnclassified;
  std::int64_t from = 0, to = 0;  // external node ids
  double capacity_vph = 0, length_m = 0, free_speed_kmh = kNoValue;
  double flow_vph = kNoValue, vc = kNoValue, speed_kmh = kNoValue;  // congested, from flows
  double compare_speed_kmh = kNoValue;  // the second scenario's speed on the same link
  double speed_change_kmh() const {
    const double a0 = std::isnan(speed_kmh) ? free_speed_kmh : speed_kmh;
    return compare_speed_kmh - a0;
  }
};

struct MapLine {
  std::vector<Vec2> points;
  Rgba color;
  std::string name;  // route short or long name
  std::int32_t route_type = 3;
};

struct MapStop {
  std::uint32_t id = 0;  // StopId value
  Vec2 p;
  std::string name;
  std::string routes;  // "1, 5, 12"
};

struct MapZone {
  std::int64_t id = 0;
  Vec2 p;
  double value = kNoValue;
  double compare_value = kNoValue;
};

struct IsoBand {
  double minutes = 0;
  std::vector<Ring> rings;  // region <= minutes, even-odd (holes are rings too)
};
struct MapIsochrone {
  std::string label;
  std::vector<IsoBand> bands;  // ascending minutes
};

struct MapData {
  std::string title;
  std::string frame = "local";  // EPSG code of the map frame or "local"
  std::vector<Vec2> node_pos;   // by NodeId value; NaN where unknown
  std::vector<Vec2> stop_pos;   // by StopId value; NaN where unknown
  std::vector<MapLink> links;
  std::vector<MapLine> lines;
  std::vector<MapStop> stops;
  std::vector<MapZone> zones;
  std::string zone_value_name;  // "trips produced", "population" ...
  std::vector<Ring> boundaries;
  std::vector<MapIsochrone> isochrones;  // from files: [0] the first scenario, [1] the second
  bool has_flows = false;
  bool has_compare = false;
  // False when the frame's x/y are local coordinates whose unit could not be told from the link
  // lengths: then the map has no scale bar.
  bool metric = true;
  std::string frame_note;  // e.g. "local x/y in feet (from link lengths)"

  // Fit the view to the backdrop (a scenario's study area) rather than to everything drawn
  // (external zones and long-distance rail would shrink the city to a dot).
  bool fit_to_boundaries = false;

  // Everything drawable (roads, stops, lines, zones; backdrop only when nothing else), or the
  // backdrop alone with fit_to_boundaries.
  Box bounds() const;
};

// Isochrone or boundary polygons in WGS84 lon/lat (from GeoJSON).
struct LonLatPolygons {
  std::vector<std::vector<Vec2>> rings;  // x = lon, y = lat
  std::vector<double> minutes;           // per ring: the feature's "minutes" (NaN if none)
};

struct MapSources {
  std::vector<double> flows = {};  // by LinkId value; empty: none
  const net::Model* compare = nullptr;
  std::vector<double> compare_flows = {};
  std::optional<LonLatPolygons> isochrone = {}, compare_isochrone = {}, boundaries = {};
  std::string title = {};
  // Zone shading from a results file (e.g. `ouflow evaluate`'s zones.csv, column
  // transit_to_cbd_min), by external zone id; replaces population/demand when non-empty.
  std::map<std::int64_t, double> zone_values = {};
  std::string zone_value_name = {};
};

// The unit of local x/y, in metres, told from the links: the median of length_m over the
// straight-line distance of the end nodes, snapped to metres, feet, yards, kilometres or miles
// when it lies within [0.9, 1.6] times one of them (roads are longer than straight lines).
// Nullopt when no unit fits.
std::optional<std::pair<double, std::string>> local_unit(const net::RoadNetwork& r);

// Throws std::invalid_argument when a layer cannot be placed (lon/lat over a local frame,
// flows of the wrong length, nothing with coordinates).
MapData build_map_data(const net::Model& model, const MapSources& sources);

// Files given on the command line.
struct ViewFiles {
  std::filesystem::path network;  // anything read_model reads
  std::filesystem::path flows, gtfs, isochrone, boundaries;
  std::filesystem::path compare, compare_flows, compare_isochrone;
  std::filesystem::path zone_values;  // CSV with zone_id and a value column
  std::string zone_column;            // that column (default: the second one)
  std::string title;
};

struct LoadedMap {
  std::shared_ptr<const net::Model> model;  // kept for isochrones on click
  MapData map;
};

// Reads every file (errors as InputError: file, line, field) and builds the map data.
LoadedMap load_map(const ViewFiles& files, const io::ReadOptions& options);

// zone_id -> value from a CSV (blank cells: no value); `column` empty: the second column.
// Throws InputError naming file, line and field on a bad number or a missing column.
std::map<std::int64_t, double> read_zone_values(const std::filesystem::path& path,
                                                std::string& column);

// Text for hover tooltips (UTF-8, lines separated by '\n').
std::string describe_link(const MapLink& l);
std::string describe_stop(const MapStop& s);

}  // namespace ouflow::viz
