// ouflow view: the SFML map viewer (window, or --png offscreen). Without the visualizer built in
// (OUFLOW_BUILD_VIZ=OFF, e.g. the sanitizer preset) the command exists but says so and exits 2.
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "apps/transit_args.h"

#ifdef OUFLOW_HAVE_VIZ
#include "viz/map_data.h"
#include "viz/renderer.h"
#include "viz/scene.h"
#include "viz/viewer.h"
#endif

namespace ouflow::app {

#ifdef OUFLOW_HAVE_VIZ

namespace {

std::pair<int, int> parse_size(const std::string& s) {
  int w = 0, h = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%dx%d%c", &w, &h, &tail) != 2 || w < 64 || h < 64 || w > 8192 ||
      h > 8192) {
    throw std::invalid_argument("--size: '" + s + "' is not WIDTHxHEIGHT (64..8192 each)");
  }
  return {w, h};
}

}  // namespace

void add_view_command(CLI::App& app) {
  struct Args {
    viz::ViewFiles files;
    InputOptions input;
    std::string layer, png, size = "1600x1000", mode, date, depart = "08:00";
    double compare_minutes = 0;
    int frames = 0;
    std::string focus;
    using Defaults = sim::PointIsochroneDefaults;  // `ouflow isochrone`'s
    double walk_speed = Defaults::kWalkSpeedMps, max_walk_m = Defaults::kMaxWalkM,
           transfer_radius_m = Defaults::kTransferRadiusM;
    int max_transfers = Defaults::kMaxTransfers;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "view",
      "Map viewer (SFML): roads by class, flows, V/C, speeds, transit lines and stops, line "
      "loads, zones as areas, the 1-hour circle, place and station names, isochrones; "
      "--results for an `ouflow evaluate` folder; --compare for scenario differences; --png "
      "renders offscreen.\n"
      "Window: drag to pan, wheel to zoom, click for an isochrone, H for the keys.\n"
      "Needs an X display (use xvfb-run for --png on a server).");
  cmd->footer(
      "Examples:\n  ouflow view wenzhou_2025_plan\n  xvfb-run -a ouflow view wenzhou_2025_plan "
      "--flows ouflow_evaluation/link_flows.csv --png flows.png");
  auto& f = args->files;
  cmd->add_option("network,--net", f.network,
                  "Network (TNTP _net.tntp, GMNS folder, .pb, .pbtxt or a GTFS feed) or a scenario "
                  "(a .pbtxt scenario file or a name such as wenzhou_2025_plan; its boundaries are "
                  "the backdrop)")
      ->required();
  cmd->add_option("--flows", f.flows, "Link flows (CSV from `ouflow assign`, or TNTP _flow)");
  cmd->add_option("--gtfs", f.gtfs, "GTFS feed to draw as the transit layer");
  cmd->add_option("--isochrone", f.isochrone, "Isochrone GeoJSON (from `ouflow isochrone`)");
  cmd->add_option("--boundaries", f.boundaries, "Backdrop polygons (GeoJSON, e.g. counties)");
  cmd->add_option("--results", f.results,
                  "An `ouflow evaluate --out` folder: link flows (flow, V/C, speed layers), line "
                  "loads (loads layer), zone times to the CBD (zones, circle layers)");
  cmd->add_option("--zone-values", f.zone_values,
                  "Zone shading from a CSV with zone_id (e.g. evaluate's zones.csv)");
  cmd->add_option("--zone-column", f.zone_column,
                  "The column of --zone-values to shade by (default: the second column; with "
                  "--results: transit_to_cbd_min), e.g. jobs_60_transit");
  cmd->add_option("--compare", f.compare, "A second network or scenario (B) to compare with");
  cmd->add_option("--compare-flows", f.compare_flows, "Link flows of scenario B");
  cmd->add_option("--compare-isochrone", f.compare_isochrone, "Isochrone GeoJSON of scenario B");
  cmd->add_option("--compare-minutes", args->compare_minutes,
                  "Compare mode: the isochrone threshold drawn for A and B (default: the largest "
                  "both files have)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--title", f.title, "Title (default: the file names)");
  cmd->add_option("--focus", args->focus,
                  "LAT,LON,KM: show a square KM wide around that point (e.g. a city centre) "
                  "instead of the whole map");
  std::string names;
  for (const auto& n : viz::layer_names()) names += (names.empty() ? "" : ", ") + n;
  cmd->add_option("--layer", args->layer, "Layer shown first: " + names);
  cmd->add_option("--png", args->png, "Render offscreen to this PNG file and exit (no window)");
  cmd->add_option("--size", args->size, "Image or window size WIDTHxHEIGHT")->capture_default_str();
  cmd->add_option("--benchmark-frames", args->frames,
                  "Open the window, time N full redraws and N panning frames, print the medians "
                  "and exit")
      ->check(CLI::Range(1, 100000));
  add_mode_option(*cmd, args->mode, "Isochrone on click");
  cmd->add_option("--date", args->date,
                  "Service date of transit isochrones YYYY-MM-DD "
                  "(default: the feed's busiest day)");
  cmd->add_option("--depart", args->depart, "Departure of transit isochrones HH:MM")
      ->capture_default_str();
  cmd->add_option("--walk-speed", args->walk_speed, "Isochrone on click: walking speed, m/s")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-walk-m", args->max_walk_m,
                  "Transit isochrone on click: longest access or egress walk, m")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--transfer-radius-m", args->transfer_radius_m,
                  "Transit isochrone on click: longest walk between stops after alighting, m")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-transfers", args->max_transfers,
                  "Transit isochrone on click: most transfers")
      ->check(CLI::Range(0, 30))
      ->capture_default_str();
  args->input.add_to(*cmd);

  cmd->callback([args] {
    const auto [w, h] = parse_size(args->size);
    // SFML needs an X display even offscreen: say so before reading anything.
    if (!viz::display_available()) throw std::invalid_argument(viz::NoDisplayError().what());
    const std::int32_t depart_s = parse_time_of_day(args->depart);
    std::optional<net::Date> date;
    if (!args->date.empty()) date = parse_date(args->date);
    if (!args->focus.empty()) {
      const auto [point, km] = parse_lat_lon_km(args->focus, "--focus");
      args->files.focus_lonlat = viz::Vec2{point.lon, point.lat};
      args->files.focus_km = km;
    }
    const viz::LoadedMap map = viz::load_map(args->files, args->input.read_options());
    viz::ViewState state;
    if (!args->layer.empty()) {
      state = viz::view_state_for_layer(args->layer, map.map);
    } else if (map.map.has_compare) {
      state.theme = viz::RoadTheme::kSpeedChange;
    } else if (map.map.has_flows) {
      state = viz::view_state_for_layer("flow", map.map);
    }
    if (args->layer != "zones") state.zones = false;
    if (args->compare_minutes > 0) state.compare_minutes = args->compare_minutes;

    if (args->frames > 0) {
      viz::ViewerOptions o;
      o.width = w, o.height = h;
      o.state = state;
      const viz::FrameTimes t = viz::measure_frame_times(map, o, args->frames);
      std::printf(
          "%dx%d, %zu links, %zu vertices, %zu labels: full redraw %.1f ms (median of %d), "
          "panning %.1f ms\n",
          w, h, map.map.links.size(), t.vertices, t.labels, t.redraw_median_ms, args->frames,
          t.pan_median_ms);
      return;
    }

    if (!args->png.empty()) {
      viz::render_png(map.map, state, w, h, args->png);
      std::printf("%s: %dx%d, %zu links, %zu transit lines, %zu stops\n", args->png.c_str(), w, h,
                  map.map.links.size(), map.map.lines.size(), map.map.stops.size());
      return;
    }
    viz::ViewerOptions o;
    o.width = w, o.height = h;
    o.state = state;
    o.mode = resolve_mode(args->mode, !map.map.lines.empty()) == "transit" ? viz::IsoMode::kTransit
                                                                           : viz::IsoMode::kCar;
    o.date = date;
    o.depart_s = depart_s;
    o.walk_speed_mps = args->walk_speed;
    o.max_walk_m = args->max_walk_m;
    o.transfer_radius_m = args->transfer_radius_m;
    o.max_transfers = args->max_transfers;
    viz::run_window(map, o);
  });
}

#else  // built without the visualizer

void add_view_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "view", "Map viewer (not built in: configure with -DOUFLOW_BUILD_VIZ=ON and SFML 2.5)");
  cmd->footer(
      "Examples:\n  ouflow view wenzhou_2025_plan\n  xvfb-run -a ouflow view wenzhou_2025_plan "
      "--flows ouflow_evaluation/link_flows.csv --png flows.png");
  cmd->allow_extras();
  cmd->callback([] {
    throw std::invalid_argument(
        "view: this ouflow was built without the visualizer (OUFLOW_BUILD_VIZ=OFF)");
  });
}

#endif

}  // namespace ouflow::app
