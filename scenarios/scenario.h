// Scenarios: a base network (or another scenario) plus an ordered list of modifications, read from
// protobuf text files (schema and field comments: scenarios/proto/scenario.proto).
//
// load_scenario() parses the file, resolves its bases recursively (base_scenario: a path relative
// to the file naming it; base_network: any network `ouflow convert` reads), and applies every
// file's modifications to a copy of its base, in order. Every bad value throws ouflow::InputError
// naming the file, the line and the field path ("plan.pbtxt:42: field
// 'modification[3].add_road.lanes': must be >= 1, got 0"); syntax errors give file:line:col.
//
// Model choices (documented here once; the .cpp follows them):
//   - New nodes get external ids max + 1, max + 2 ... in the order they are added; the two
//     directions of a new road segment share one new external link id (as GMNS two-way rows do).
//   - New transit lines become one route (route_id = the line id) with one frequency-based trip
//     per direction ("<id>:0" forward, "<id>:1" reverse) on the service "ouflow_daily" (every
//     day, 2000-01-01 to 2099-12-31); route_type follows the mode (see route_type_of()).
//   - Routes of a base network file (GTFS) get a LineInfo derived from their route type, with the
//     length of their longest pattern's stop polyline.
//   - Removing a line keeps its stops (they may serve other lines).
//
// A scenario NAME (no path separator, no extension, e.g. "wenzhou_2020") is looked up as
// <dir>/**/<name>.pbtxt under the scenario directory: the environment variable
// OUFLOW_SCENARIO_DIR when set, else the source tree's scenarios/ folder (compile definition).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "networks/link_class.h"
#include "networks/model.h"
#include "networks/transit_mode.h"

namespace ouflow::scenario {

// The file format version this code reads.
inline constexpr std::uint32_t kFormatVersion = 1;

struct LatLon {
  double lat = 0.0, lon = 0.0;  // WGS84 degrees
};

// Peak-hour demand settings, merged field by field down the chain of bases (unset: nullopt; a
// later file's value replaces the base's). They are carried, not applied: population_factor and
// jobs_factor do not change the model's zones here; the demand model applies them.
struct Demand {
  std::optional<double> trips_per_resident, trips_per_job, mean_trip_time_min;
  std::optional<double> transit_share, non_motorised_share;
  std::optional<std::int32_t> peak_start_s, peak_end_s;  // seconds since midnight
  std::optional<double> population_factor, jobs_factor;
  std::optional<std::filesystem::path> trips_file;  // resolved against the file naming it
  std::optional<std::uint64_t> seed;
};

struct StudyArea {
  std::optional<LatLon> cbd;
  std::vector<LatLon> central_city;  // polygon ring, not closed
  std::string central_city_name;
  std::filesystem::path boundaries;  // resolved; empty when none
};

struct PlanTarget {
  std::string indicator;  // railway_km, sm_rail_km, expressway_km ... (see the schema)
  double value = 0.0;
  bool at_most = false;  // comparison "<=" (default ">=")
  std::int32_t year = 0;
  std::string source;
};

// Transit modes live with the transit network (networks/transit_mode.h).
using net::kTransitModeCount;
using net::mode_of_route_type;
using net::route_type_of;
using net::to_string;
using net::TransitMode;

// What the inventory and reports know about a transit route, beyond the timetable.
struct LineInfo {
  std::string route_id;
  TransitMode mode = TransitMode::kBus;
  std::string name, long_name, color;
  double vehicle_capacity = 0.0;  // passengers per vehicle; 0 when unknown
  double length_km = 0.0;         // stated, else computed from the stop polyline
  bool length_stated = false;
  std::string status;  // "operating", "under_construction", "planned"; empty when unknown
  bool dedicated_lane = false;
  bool one_direction = false;
  std::string source;
  std::vector<std::string> approximate_stops;  // ids of stops placed by a rule, not surveyed
  std::filesystem::path file;                  // the scenario file that added it (empty: base)
  std::size_t line = 0;
};

// A road added by a scenario.
struct RoadInfo {
  std::string name;
  net::LinkClass link_class = net::LinkClass::kUnclassified;
  int lanes = 0;           // per direction
  double length_km = 0.0;  // stated, else the sum of the segment lengths
  bool length_stated = false;
  bool one_way = false;
  std::string status, source;
  std::vector<std::int64_t> link_ids;  // external ids of its links (one per segment)
  std::filesystem::path file;
  std::size_t line = 0;
};

struct LoadedScenario {
  std::string name, title, description;
  std::int32_t year = 0;
  std::filesystem::path file;
  // The files applied, the deepest base first and `file` last.
  std::vector<std::filesystem::path> chain;
  // The files included (`include`, recursively) by the files of the chain, in the order applied.
  std::vector<std::filesystem::path> includes;
  std::filesystem::path base_network;  // the network file at the root of the chain
  std::size_t modification_count = 0;  // over the whole chain
  net::Model model;
  Demand demand;
  StudyArea study_area;
  std::vector<PlanTarget> targets;  // base targets first
  std::vector<LineInfo> lines;      // one per route of model.transit, in RouteId order
  std::vector<RoadInfo> roads;      // roads added along the chain, in order
};

// Loads `path` (a .pbtxt scenario file). Throws InputError on bad input.
LoadedScenario load_scenario(const std::filesystem::path& path);

// The scenario directory: $OUFLOW_SCENARIO_DIR, else the source tree's scenarios/ folder.
std::filesystem::path scenario_dir();
// True when `arg` names a scenario rather than a path: no path separator and no extension.
bool is_scenario_name(std::string_view arg);
// <scenario_dir()>/**/<name>.pbtxt; throws InputError when there is none or more than one.
std::filesystem::path find_scenario(std::string_view name);
// True when the text file at `path` is a scenario (it names a base_network or base_scenario at
// top level) rather than, say, a protobuf network in text format.
bool looks_like_scenario(const std::filesystem::path& path);
// The one resolver of a command-line scenario argument: a bare name (is_scenario_name) that is
// not a file here is find_scenario(name); anything else is the path as given.
std::filesystem::path resolve_scenario(std::string_view arg);
// When `arg` (a command-line network argument) is a scenario — a bare name that is not a file
// here, or a .pbtxt file that looks_like_scenario() — its file; nullopt for any other network
// file. The one test of "network or scenario" used by every command that reads a network.
std::optional<std::filesystem::path> scenario_file_of(std::string_view arg);
// The root of a scenario's chain of bases (the first file that names a network): the year that
// calibrates the model. The scenario's own file when it names a network itself.
std::filesystem::path calibration_root(const LoadedScenario& s);

}  // namespace ouflow::scenario
