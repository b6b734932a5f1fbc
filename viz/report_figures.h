// Figures for `ouflow evaluate`'s report: offscreen renders of an evaluation output folder over
// the scenario's map, written as PNG files (1600 x 1000, temporary file then rename) into that
// folder. Rendering needs an X display (SFML opens an OpenGL context even offscreen): without
// one, no figure is written and the reason is given, never an exception.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ouflow::scenario {
struct LoadedScenario;
}

namespace ouflow::viz {

struct ReportFigure {
  std::filesystem::path file;
  std::string caption;
};

// Reads results_dir (link_flows.csv, zones.csv, line_loads.csv; link_changes.csv for the speed
// change) and writes, in this order:
//   flows_vc.png        the scenario's peak-hour car flows as bandwidth, coloured by V/C
//   speed_change.png    link speed change, scenario against baseline (only with link_changes.csv)
//   transit_to_cbd.png  zones by transit time to the CBD, with the edge of the 1-hour circle
//   line_loads.png      transit lines with widths by load (only when the scenario has transit)
// Returns the figures written. Without a usable display returns {} and sets *why_not (and when
// a render fails midway, returns those written before it and sets *why_not). Bad
// result files throw InputError (file, line, field), as the viewer does.
std::vector<ReportFigure> write_report_figures(const scenario::LoadedScenario& baseline,
                                               const scenario::LoadedScenario& scenario,
                                               const std::filesystem::path& results_dir,
                                               std::string* why_not);

// The size of the figures.
inline constexpr int kReportFigureWidth = 1600, kReportFigureHeight = 1000;

}  // namespace ouflow::viz
