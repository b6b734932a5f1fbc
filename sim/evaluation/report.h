// The outputs of an evaluation (`ouflow evaluate`, `compare`, each proposal of `batch`), every
// file written atomically:
//   write_evaluation: indicators.json, convergence.csv, link_flows.csv, line_loads.csv,
//                     zones.csv, [baseline_]isochrone_cbd_{car,transit}.geojson (15-60 min);
//   write_changes:    link_changes.{csv,geojson}, zone_changes.{csv,geojson};
//   write_report:     report.md (tables, zones without transit to the CBD, calibration,
//                     convergence, and the figures a caller drew from the files above, or why
//                     none were drawn).
// Every column, unit and key: docs/outputs.md.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/scenario.h"
#include "sim/evaluation/evaluate.h"

namespace ouflow::sim {

void write_evaluation(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                      const ScenarioEvaluation& scenario,
                      const scenario::LoadedScenario& baseline_file,
                      const scenario::LoadedScenario& scenario_file,
                      const std::vector<ComparisonRow>& rows);

// The paired comparison's spatial detail: per directed link but connectors (keyed and matched by
// dir_link_id and end nodes, sim/road/assignment_output.h) and per zone (by zone id), baseline
// and scenario side by side with their change, as CSV and RFC 7946 GeoJSON (links: LineString,
// zones: Point at the centroid). Columns: docs/outputs.md.
void write_changes(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                   const ScenarioEvaluation& scenario,
                   const scenario::LoadedScenario& baseline_file,
                   const scenario::LoadedScenario& scenario_file);

// A zone's transit time to the CBD as a modeller filters on it (zones.csv, zone_changes):
// "cbd_zone" for the CBD zone itself (no trip to make; the skim has no intrazonal transit time),
// "no_path" where the skim has none (no stop within the access walk, or fewer than half of the
// window's departures arrive: the median is unreached), "over_180_min" where the median
// door-to-door time, waiting for the first departure included, exceeds kTransitServedMaxMin,
// else "served". report.md counts the zones outside the CBD zone that are not served.
inline constexpr double kTransitServedMaxMin = 180.0;
const char* transit_to_cbd_status(double minutes, bool cbd_zone);

// Figures drawn for the report (files in the output folder), or the reason none were.
struct ReportFigures {
  struct Figure {
    std::string caption;
    std::filesystem::path file;  // its name is linked from report.md
  };
  std::vector<Figure> figures;
  std::string not_drawn;  // empty when drawn
};

// report.md; without `figures` it has no figures section (batch proposals).
void write_report(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                  const ScenarioEvaluation& scenario, const scenario::LoadedScenario& baseline_file,
                  const scenario::LoadedScenario& scenario_file,
                  const std::vector<ComparisonRow>& rows,
                  const std::optional<ReportFigures>& figures = std::nullopt);

}  // namespace ouflow::sim
