#include "viz/report_figures.h"

#include <cmath>
#include <map>
#include <tuple>

#include "networks/input_error.h"
#include "networks/io/csv.h"
#include "scenarios/scenario.h"
#include "sim/road/assignment_output.h"
#include "viz/map_data.h"
#include "viz/renderer.h"
#include "viz/scene.h"

namespace ouflow::viz {
namespace {

// Baseline link flows (flow_vph_baseline) from link_changes.csv, by the baseline's LinkId,
// matched by dir_link_id and end nodes; links the file does not list (or lists with a blank
// flow_vph_baseline: new in the scenario) carry 0.
std::vector<double> baseline_flows(const std::filesystem::path& path, const net::RoadNetwork& r) {
  const std::vector<std::string> ids = sim::direction_link_ids(r);
  std::map<std::tuple<std::string, std::int64_t, std::int64_t>, net::LinkId> key;
  for (net::LinkId l : r.links()) {
    key[{ids[l.value()], r.node_external_id()[r.tail()[l]], r.node_external_id()[r.head()[l]]}] = l;
  }
  io::CsvReader csv(path);
  const std::size_t id = csv.require_column("dir_link_id");
  const std::size_t from = csv.require_column("from_node");
  const std::size_t to = csv.require_column("to_node");
  const std::size_t flow = csv.require_column("flow_vph_baseline");
  std::vector<double> out(r.link_count(), 0.0);
  while (csv.next()) {
    const auto x = csv.optional_number(flow);
    if (!x) continue;
    const auto it = key.find({std::string(csv.field(id)), csv.integer(from), csv.integer(to)});
    if (it != key.end()) out[it->second.value()] = *x;
  }
  return out;
}

std::string name_of(const scenario::LoadedScenario& s) { return s.name.empty() ? s.title : s.name; }

}  // namespace

std::vector<ReportFigure> write_report_figures(const scenario::LoadedScenario& baseline,
                                               const scenario::LoadedScenario& scen,
                                               const std::filesystem::path& dir,
                                               std::string* why_not) {
  std::string why;
  if (!display_usable(&why)) {
    if (why_not) *why_not = why;
    return {};
  }
  // The scenario with its results.
  MapSources src = scenario_sources(scen);
  add_results(src, scen.model, dir, "transit_to_cbd_min");
  const std::string name = name_of(scen);

  std::vector<std::tuple<std::string, std::string, MapData, ViewState>> jobs;
  auto map_of = [](const net::Model& m, const MapSources& s) {
    MapData d = build_map_data(m, s);
    d.fit_to_boundaries = !d.boundaries.empty();
    return d;
  };
  {
    MapSources s = src;
    s.title = name + ": peak-hour car flows, colour V/C";
    ViewState v;
    v.theme = RoadTheme::kFlow;
    v.zones = v.stops = v.transit = false;
    jobs.emplace_back("flows_vc.png",
                      "Peak-hour car flows of " + name +
                          " as bandwidth (right-hand side of travel), coloured by volume/capacity",
                      map_of(scen.model, s), v);
  }
  if (const auto changes = dir / "link_changes.csv"; std::filesystem::exists(changes)) {
    MapSources s = scenario_sources(baseline);
    s.title = "Peak-hour speed change: " + name + " against " + name_of(baseline);
    s.flows = baseline_flows(changes, baseline.model.road);
    s.compare = &scen.model;
    s.compare_flows = src.flows;
    s.station_labels = false;
    ViewState v;
    v.theme = RoadTheme::kSpeedChange;
    v.zones = v.stops = v.transit = false;
    jobs.emplace_back("speed_change.png",
                      "Congested link speed, " + name + " minus " + name_of(baseline) +
                          " (red slower, blue faster; links new in the scenario are not drawn)",
                      map_of(baseline.model, s), v);
  }
  {
    MapSources s = src;
    s.title = name + ": transit time to the CBD";
    ViewState v;
    v.zones = true;
    v.circle = true;
    v.muted_roads = true;
    v.stops = v.transit = false;
    jobs.emplace_back(
        "transit_to_cbd.png",
        "Zones of " + name + " by transit time to the CBD, with the edge of the 1-hour circle (" +
            (src.cbd_basis.empty() ? std::string("fastest mode") : src.cbd_basis) + ")",
        map_of(scen.model, s), v);
  }
  if (!src.line_loads.empty()) {
    MapSources s = src;
    s.title = name + ": transit line loads, peak hour";
    ViewState v;
    v.zones = v.stops = false;
    v.line_loads = v.muted_roads = true;
    jobs.emplace_back("line_loads.png",
                      "Transit lines of " + name + " drawn with widths by their peak-hour load",
                      map_of(scen.model, s), v);
  }

  std::vector<ReportFigure> out;
  for (const auto& [file, caption, map, state] : jobs) {
    try {
      save_png(render_image(map, state, kReportFigureWidth, kReportFigureHeight), dir / file);
    } catch (const InputError&) {
      throw;
    } catch (const std::runtime_error& e) {  // OpenGL context or texture, writing the PNG
      if (why_not) *why_not = std::string(file) + ": " + e.what();
      return out;  // the figures written so far
    }
    out.push_back({dir / file, caption});
  }
  return out;
}

}  // namespace ouflow::viz
