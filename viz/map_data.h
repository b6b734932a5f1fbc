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
#include "scenarios/zone_roles.h"
#include "viz/colors.h"
#include "viz/geometry.h"

namespace ouflow::scenario {
struct LoadedScenario;
}

namespace ouflow::viz {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct MapLink {
  std::uint32_t id = 0;  // LinkId value
  Vec2 a, b;             // tail, head
  net::LinkClass link_class = net::LinkClass::kUnclassified;
  std::int64_t from = 0, to = 0;  // external node ids
  std::string link_id;            // per-direction link id of the outputs (dir_link_id, "12_ab")
  std::string name;               // road name, empty when none
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
  std::uint32_t route = 0;  // RouteId value
  // From evaluation results (line_loads.csv): the line's peak-hour boardings and its largest
  // section load (passengers per hour); NaN when not given.
  double boardings = kNoValue, max_load = kNoValue;
};

struct MapStop {
  std::uint32_t id = 0;  // StopId value
  Vec2 p;
  std::string name;
  std::string stop_id;  // the feed's stop_id (the id a scenario names)
  std::string routes;   // "1, 5, 12" (with each line's boardings when results give them)
};

struct MapZone {
  std::int64_t id = 0;
  Vec2 p;
  double value = kNoValue;
  double compare_value = kNoValue;
  double cbd_min = kNoValue;  // time to the CBD (the 1-hour circle), from results
  std::string name;
};

// A place or station name drawn on the map. Rank 0 (external cities, county seats) is always a
// candidate; higher ranks only when zoomed in (see scene.h). `point`: the anchor is a marked
// point (a station), the label goes beside it; otherwise it is centred on the anchor (an area).
struct MapLabel {
  Vec2 p;
  std::string text;
  int rank = 2;
  bool point = false;
  bool station = false;  // shown with the transit layer only
};

// Zones as areas: a raster of the map frame where each cell holds the nearest zone centroid
// (index into MapData::zones) within a reach, clipped to the backdrop polygons when there are
// any; -1 elsewhere. Cell (i, j) covers [origin.x + i cell_m, +cell_m) x [origin.y + j cell_m,
// +cell_m).
struct ZoneCells {
  Vec2 origin;
  double cell_m = 0;
  int nx = 0, ny = 0;
  std::vector<std::int32_t> zone;  // row-major, j * nx + i
  bool empty() const { return zone.empty(); }
  std::int32_t at(int i, int j) const {
    return i < 0 || j < 0 || i >= nx || j >= ny ? -1 : zone[static_cast<std::size_t>(j) * nx + i];
  }
  std::int32_t at_point(Vec2 p) const;
};

// Nearest-centroid cells over `clip` (even-odd rings; empty: the centroids' box), at most
// `max_cells` a side. The reach is twice the median nearest-neighbour distance of the centroids
// (so that a lone far zone does not claim half the map). Fewer than two centroids: empty.
ZoneCells nearest_centroid_cells(const std::vector<Vec2>& centroids, const std::vector<Ring>& clip,
                                 int max_cells = 500);

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
  ZoneCells zone_cells;                  // zones as areas (empty: centroid discs)
  std::vector<MapLabel> labels;          // places and stations
  std::optional<Vec2> cbd;               // the CBD marker of the 1-hour circle
  double circle_minutes = 60;
  std::string circle_basis;  // "fastest mode", "min(car, transit)" ...
  bool has_flows = false;
  bool has_compare = false;
  bool has_line_loads = false;
  bool has_circle = false;  // some zone has cbd_min
  // False when the frame's x/y are local coordinates whose unit could not be told from the link
  // lengths: then the map has no scale bar.
  bool metric = true;
  std::string frame_note;  // e.g. "local x/y in feet (from link lengths)"

  // Fit the view to the backdrop (a scenario's study area) rather than to everything drawn
  // (external zones and long-distance rail would shrink the city to a dot).
  bool fit_to_boundaries = false;
  // Fit to this box instead (e.g. --focus: a city centre); empty: none.
  Box focus;

  // Everything drawable (roads, stops, lines, zones; backdrop only when nothing else), or the
  // backdrop alone with fit_to_boundaries.
  Box bounds() const;
};

// Isochrone or boundary polygons in WGS84 lon/lat (from GeoJSON).
struct LonLatPolygons {
  std::vector<std::vector<Vec2>> rings;  // x = lon, y = lat
  std::vector<double> minutes;           // per ring: the feature's "minutes" (NaN if none)
};

// A line's results (line_loads.csv of `ouflow evaluate`).
struct LineLoad {
  double boardings = kNoValue, max_load = kNoValue;
};

// A zone's place (zone_attributes.csv of a scenario's network, scenarios/zone_roles.h): its
// place name, county and region; turned into labels at the zone centroids.
using ZonePlace = scenario::ZoneAttributes;

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
  // Line loads by GTFS/scenario route_id.
  std::map<std::string, LineLoad> line_loads = {};
  // Time to the CBD by external zone id (the 1-hour circle) and what it is.
  std::map<std::int64_t, double> cbd_minutes = {};
  std::string cbd_basis = {};
  std::optional<Vec2> cbd_lonlat = {};  // x = lon, y = lat; none: the zone nearest in time
  std::map<std::int64_t, std::string> zone_names = {};
  // Line colours by RouteId value ("RRGGBB" or "#RRGGBB"; empty: by route type).
  std::vector<std::string> route_colors = {};
  std::vector<ZonePlace> places = {};
  // Labels in lon/lat (x = lon, y = lat), e.g. from tests.
  std::vector<MapLabel> lonlat_labels = {};
  bool station_labels = true;  // names of rail, metro and suburban stations
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
  // An `ouflow evaluate` output folder: link_flows.csv, line_loads.csv, zones.csv (default
  // zone column transit_to_cbd_min; the 1-hour circle from fastest_to_cbd_min, else the
  // smaller of car_to_cbd_min and transit_to_cbd_min). --flows / --zone-values override.
  std::filesystem::path results;
  // --focus LAT,LON,KM: fit the view to a square KM wide around that point.
  std::optional<Vec2> focus_lonlat;
  double focus_km = 0;
  std::string title;
};

struct LoadedMap {
  std::shared_ptr<const net::Model> model;  // kept for isochrones on click
  MapData map;
};

// What a scenario adds to its map: title, its boundaries as backdrop, its line colours, the
// places of zone_attributes.csv beside its base network, its CBD.
MapSources scenario_sources(const scenario::LoadedScenario& s);

// Reads every file (errors as InputError: file, line, field) and builds the map data.
LoadedMap load_map(const ViewFiles& files, const io::ReadOptions& options);

// zone_id -> value from a CSV (blank cells: no value); `column` empty: the second column.
// Throws InputError naming file, line and field on a bad number or a missing column.
std::map<std::int64_t, double> read_zone_values(const std::filesystem::path& path,
                                                std::string& column);

// route_id -> loads from line_loads.csv (columns route_id and max_section_load and/or
// boardings). Errors as InputError (file, line, field).
struct LineLoadRow {
  LineLoad load;
  std::size_t line = 0;
};
std::map<std::string, LineLoadRow> read_line_loads(const std::filesystem::path& path);

// zone_id -> minutes to the CBD from an evaluate zones.csv: fastest_to_cbd_min when present,
// else the smaller of car_to_cbd_min and transit_to_cbd_min (either alone when only one is
// there); `basis` says which. Empty (basis empty) when none of the columns is there.
std::map<std::int64_t, double> read_cbd_minutes(const std::filesystem::path& path,
                                                std::string& basis);
// zone_id -> name (column name), empty when the file has no such column.
std::map<std::int64_t, std::string> read_zone_names(const std::filesystem::path& path);

// Loads an evaluate output folder into `src` for `model`: flows (unless src has some), zone
// values (column `zone_column`, default transit_to_cbd_min, unless src has some), line loads
// (route ids checked against the model's transit routes) and the CBD minutes. A missing file
// or column is an InputError naming it.
void add_results(MapSources& src, const net::Model& model, const std::filesystem::path& dir,
                 const std::string& zone_column);

// Text for hover tooltips (UTF-8, lines separated by '\n').
std::string describe_link(const MapLink& l);
std::string describe_stop(const MapStop& s);
std::string describe_zone(const MapData& map, const MapZone& z);

}  // namespace ouflow::viz
