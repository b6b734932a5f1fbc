// A scenario evaluated end to end, and a baseline/scenario comparison of the plan indicators
// (docs/indicators.md): transit skims by RAPTOR over the peak window, the coupled demand model
// (sim/evaluation.h), transit line loads (sim/transit_assignment.h), and the indicators
// (sim/indicators.h) beside the plan's targets.
//
// Zone roles come from an optional zone_attributes.csv beside the base network (columns zone_id,
// region, is_county_seat, place; region main_centre | southern_subcentre | western_pole |
// external | other). Without it every zone is in the main centre, none is a seat or external.
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "networks/transit_network.h"
#include "scenarios/scenario.h"
#include "sim/evaluation.h"
#include "sim/isochrone.h"
#include "sim/transit_assignment.h"

namespace ouflow::sim {

struct EvaluationSettings {
  // The service day of the transit skims (frequency lines of scenarios run every day).
  net::Date date = net::Date::from_days(20151);  // 2025-03-04, a Tuesday
  std::int32_t window_min = 60;                  // departures from peak_start, every minute
  int max_transfers = 4;
  double walk_speed_mps = 1.3;
  double max_walk_m = 1000.0;  // zone access and egress (straight line)
  double transfer_radius_m = 300.0;
  std::int32_t assignment_step_min = 5;  // transit assignment: one departure every N minutes
  // Bus and coach running times follow the congested car times (sim/bus_congestion.h): a second
  // feedback pass on the retimed network. BRT, rail and metro keep their timetables.
  bool buses_in_traffic = true;
  double isochrone_cell_m = 250.0;  // CBD isochrones' grid cell; 0: no isochrones
  bool progress = false;
};

struct ZoneRoles {
  std::vector<std::uint8_t> main_centre, county_seat, external;
  std::vector<std::string> name;  // place or zone name
  std::filesystem::path source;   // the attributes file; empty when none
};

// Reads zone_attributes.csv beside `base_network` (a folder, or a file in it) when present.
ZoneRoles read_zone_roles(const net::RoadNetwork& road, const std::filesystem::path& base_network);

struct Indicator {
  std::string key, label, unit;
  double value = 0.0;
};

// A road link across scenarios: its external id and end nodes' external ids.
struct LinkKey {
  std::int64_t id = 0, from = 0, to = 0;
  auto operator<=>(const LinkKey&) const = default;
};
LinkKey link_key(const net::RoadNetwork& road, net::LinkId l);

struct ScenarioEvaluation {
  std::string name;
  ZoneRoles roles;
  std::size_t cbd_zone = 0;
  std::vector<double> population, jobs;  // after the scenario's growth factors
  std::vector<double> transit_time_min;  // zones x zones, +infinity where not served
  EvaluationResult model;
  TransitLoads loads;
  std::vector<Indicator> indicators;
  std::vector<std::string> seats_within_60, externals_within_60;
  // Per external zone: transit minutes from the best-placed main-centre zone (+inf: none).
  std::vector<std::pair<std::string, double>> rail_minutes_to_external;
  // What a warm start of another scenario needs: the zones' external ids, the links' keys (by
  // LinkId value), the transit network the skim was computed on, and whether the skim was reused.
  std::vector<std::int64_t> zone_ids;
  std::vector<LinkKey> link_keys;
  std::optional<net::TransitNetwork> transit_network;
  bool transit_skim_reused = false;
  std::vector<double> timetable_skim_min;  // the transit skim before buses were retimed
  double bus_delay_factor = 1.0;  // mean congested / free-flow running time of buses in traffic
  // The link flows (by LinkId value) the buses were retimed on: the first pass's; a warm-started
  // proposal retimes its buses on these (mapped by link key). Empty: buses not retimed.
  std::vector<double> bus_timing_flow_vph;
  // Travel-time grids from the CBD (peak hour): car on congested times, transit median over the
  // window; empty when not computed.
  TravelTimeGrid cbd_car_isochrone, cbd_transit_isochrone;
};

// Evaluates `s`; `calibration` is the baseline's (absent: `s` is the base year and is calibrated).
// `warm_start`: a finished evaluation of a scenario with the same zones, with the same settings
// (typically the base of a proposal): the demand-supply feedback starts from its state (link
// flows matched by LinkKey, new links empty; demand; bushes when the road graph is the same) and
// runs one pass, buses retimed on the flows the base retimed its buses on; with timetabled buses
// and an equal transit network its transit skim is reused. The result equals a cold evaluation
// within the feedback tolerance (docs/indicators.md). Ignored when zones differ or no
// calibration is given.
ScenarioEvaluation evaluate_scenario(const scenario::LoadedScenario& s,
                                     const EvaluationSettings& settings,
                                     const std::optional<Calibration>& calibration,
                                     const ScenarioEvaluation* warm_start = nullptr);

// One row of the comparison table.
struct ComparisonRow {
  std::string key, label, unit;
  double baseline = 0.0, scenario = 0.0, change = 0.0;
  std::string change_unit;       // "%" or the unit (absolute change)
  std::optional<double> target;  // the plan's target for the change (or the value)
  std::optional<bool> met;
};

std::vector<ComparisonRow> compare(const ScenarioEvaluation& baseline,
                                   const ScenarioEvaluation& scenario,
                                   const scenario::LoadedScenario& scenario_file);

// Writes DIR/indicators.json, DIR/report.md, DIR/link_flows.csv, DIR/line_loads.csv,
// DIR/zones.csv and the CBD isochrones DIR/[baseline_]isochrone_cbd_{car,transit}.geojson
// (15/30/45/60 min), each atomically.
void write_evaluation(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                      const ScenarioEvaluation& scenario,
                      const scenario::LoadedScenario& baseline_file,
                      const scenario::LoadedScenario& scenario_file,
                      const std::vector<ComparisonRow>& rows);

// The paired comparison's spatial detail: per link (matched by external link id and end nodes)
// and per zone (matched by external zone id), baseline and scenario side by side with their
// change, as CSV and RFC 7946 GeoJSON (links: LineString, zones: Point at the centroid):
// DIR/link_changes.{csv,geojson}, DIR/zone_changes.{csv,geojson}.
void write_changes(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                   const ScenarioEvaluation& scenario,
                   const scenario::LoadedScenario& baseline_file,
                   const scenario::LoadedScenario& scenario_file);

}  // namespace ouflow::sim
