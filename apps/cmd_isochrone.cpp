#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>
#include <sstream>

#include "apps/commands.h"
#include "networks/geo.h"
#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"
#include "networks/io/gtfs.h"
#include "networks/progress.h"
#include "networks/transit_network.h"
#include "sim/isochrone.h"
#include "sim/raptor.h"

namespace ouflow::app {
namespace {

double parse_number(const std::string& s, const char* what) {
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != s.size() || !std::isfinite(v)) {
    throw std::invalid_argument(std::string(what) + ": '" + s + "' is not a number");
  }
  return v;
}

}  // namespace

void add_isochrone_command(CLI::App& app) {
  struct Args {
    std::string gtfs, from, date, depart;
    int window = 0;
    std::vector<double> percentiles{50};
    std::vector<double> minutes{15, 30, 45, 60};
    double walk_speed = 1.3, max_walk_m = 800, transfer_radius_m = 400, cell_m = 100;
    int max_transfers = 8;
    std::string out, stops_out, grid_out;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "isochrone",
      "Transit travel times from a point to every stop and grid cell, and contours as GeoJSON");
  cmd->add_option("--gtfs", args->gtfs, "GTFS feed (zip or folder)")->required();
  cmd->add_option("--from", args->from, "Origin as LAT,LON (WGS84)")->required();
  cmd->add_option("--date", args->date, "Service date YYYY-MM-DD")->required();
  cmd->add_option("--depart", args->depart, "Departure time HH:MM")->required();
  cmd->add_option("--window", args->window,
                  "Departure window in minutes (every minute; 0: a single departure)")
      ->check(CLI::Range(0, 24 * 60))
      ->capture_default_str();
  cmd->add_option("--percentiles", args->percentiles,
                  "Travel-time percentiles over the window (the first one draws the map)")
      ->check(CLI::Range(0.0, 100.0))
      ->expected(1, 5);
  cmd->add_option("--minutes", args->minutes, "Contour thresholds in minutes")
      ->check(CLI::PositiveNumber)
      ->delimiter(',');
  cmd->add_option("--walk-speed", args->walk_speed, "Walking speed, m/s")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-walk-m", args->max_walk_m, "Longest access or egress walk, m")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--transfer-radius-m", args->transfer_radius_m,
                  "Longest walk between stops after alighting, m")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-transfers", args->max_transfers, "Most transfers")
      ->check(CLI::Range(0, 30))
      ->capture_default_str();
  cmd->add_option("--cell-m", args->cell_m, "Grid cell size, m")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Contours as RFC 7946 GeoJSON");
  cmd->add_option("--stops-out", args->stops_out, "stop_id,travel_time_s per stop (CSV)");
  cmd->add_option("--grid-out", args->grid_out, "Grid as CSV: x,y,lat,lon,minutes");
  cmd->callback([args] {
    // Arguments.
    const auto comma = args->from.find(',');
    if (comma == std::string::npos) throw std::invalid_argument("--from: expected LAT,LON");
    const double lat = parse_number(args->from.substr(0, comma), "--from latitude");
    const double lon = parse_number(args->from.substr(comma + 1), "--from longitude");
    if (std::fabs(lat) > 90 || std::fabs(lon) > 180) {
      throw std::invalid_argument("--from: " + args->from + " is not a WGS84 LAT,LON");
    }
    int y = 0, mo = 0, d = 0, hh = 0, mm = 0;
    char tail = 0;
    const auto date = std::sscanf(args->date.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3
                          ? net::Date::from_ymd(y, mo, d)
                          : std::nullopt;
    if (!date) throw std::invalid_argument("--date: '" + args->date + "' is not YYYY-MM-DD");
    if (std::sscanf(args->depart.c_str(), "%2d:%2d%c", &hh, &mm, &tail) != 2 || hh < 0 || hh > 47 ||
        mm < 0 || mm > 59) {
      throw std::invalid_argument("--depart: '" + args->depart + "' is not HH:MM");
    }
    const std::int32_t depart_s = hh * 3600 + mm * 60;

    io::GtfsReport report;
    const net::TransitNetwork feed = io::read_gtfs(args->gtfs, report);
    const auto& c = feed.columns();

    // Access: every stop within the longest walk of the origin.
    std::vector<sim::RaptorSource> sources;
    for (net::StopId s : feed.stops()) {
      if (std::isnan(c.stop_lon[s])) continue;
      const double m = net::haversine_m(lon, lat, c.stop_lon[s], c.stop_lat[s]);
      if (m <= args->max_walk_m) {
        sources.push_back({s, depart_s + sim::walk_time_s(m, args->walk_speed)});
      }
    }
    const sim::Footpaths footpaths =
        sim::Footpaths::build(feed, sim::WalkParams{args->walk_speed, args->transfer_radius_m});
    sim::Raptor raptor(feed, footpaths);
    // Travel time per stop (seconds after departure; sim::kUnreachable when not reached), and
    // per requested percentile over the window.
    std::vector<std::vector<std::int32_t>> times(args->percentiles.size(),
                                                 std::vector<std::int32_t>(feed.stop_count()));
    if (args->window == 0) {
      raptor.run(sources, *date, args->max_transfers);
      for (net::StopId s : feed.stops()) {
        const std::int32_t a = raptor.arrival_s(s);
        for (auto& t : times) t[s.value()] = a == sim::kUnreachable ? a : a - depart_s;
      }
    } else {
      // run_range takes access times relative to each departure.
      for (sim::RaptorSource& src : sources) src.time_s -= depart_s;
      raptor.run_range(sources, *date, args->max_transfers, depart_s, args->window);
      std::vector<std::int32_t> per_minute(static_cast<std::size_t>(args->window));
      for (net::StopId s : feed.stops()) {
        for (std::int32_t k = 0; k < args->window; ++k) {
          per_minute[static_cast<std::size_t>(k)] = raptor.travel_time_s(s, k);
        }
        const auto p = sim::travel_time_percentiles(per_minute, args->percentiles);
        for (std::size_t i = 0; i < p.size(); ++i) times[i][s.value()] = p[i];
      }
    }
    std::size_t reached = 0;
    for (std::int32_t t : times[0]) reached += t != sim::kUnreachable;

    if (!args->stops_out.empty()) {
      io::AtomicOutput out(args->stops_out);
      std::vector<std::string> header{"stop_id", "travel_time_s"};
      for (std::size_t i = 1; i < args->percentiles.size(); ++i) {
        std::ostringstream name;
        name << "p" << args->percentiles[i] << "_s";
        header.push_back(name.str());
      }
      io::CsvWriter csv(out.stream(), header);
      for (net::StopId s : feed.stops()) {
        csv.field(c.stop_id[s]);
        for (const auto& t : times) {
          if (t[s.value()] == sim::kUnreachable) {
            csv.empty_field();
          } else {
            csv.field(static_cast<std::int64_t>(t[s.value()]));
          }
        }
        csv.end_row();
      }
      out.commit();
    }

    // Grid over the origin and the stops reached within the largest threshold, plus a walk.
    const double max_minutes = *std::max_element(args->minutes.begin(), args->minutes.end());
    double min_lon = lon, max_lon = lon, min_lat = lat, max_lat = lat;
    for (net::StopId s : feed.stops()) {
      const std::int32_t t = times[0][s.value()];
      if (t == sim::kUnreachable || t > max_minutes * 60 || std::isnan(c.stop_lon[s])) continue;
      min_lon = std::min(min_lon, c.stop_lon[s]), max_lon = std::max(max_lon, c.stop_lon[s]);
      min_lat = std::min(min_lat, c.stop_lat[s]), max_lat = std::max(max_lat, c.stop_lat[s]);
    }
    const double pad_m =
        std::min(args->max_walk_m, max_minutes * 60 * args->walk_speed) + 2 * args->cell_m;
    const double pad_lat = pad_m / 111320.0;
    const double pad_lon = pad_m / (111320.0 * std::max(0.05, std::cos(lat * std::numbers::pi / 180.0)));
    const sim::GridSpec grid = sim::grid_for_lonlat_box(
        min_lon - pad_lon, min_lat - pad_lat, max_lon + pad_lon, max_lat + pad_lat, args->cell_m);
    std::vector<double> lons{lon}, lats{lat};
    std::vector<std::int32_t> seed_time{0};
    for (net::StopId s : feed.stops()) {
      const std::int32_t t = times[0][s.value()];
      if (t == sim::kUnreachable || std::isnan(c.stop_lon[s])) continue;
      lons.push_back(c.stop_lon[s]), lats.push_back(c.stop_lat[s]), seed_time.push_back(t);
    }
    std::vector<double> xs, ys;
    net::project_wgs84(grid.epsg, lons, lats, xs, ys);
    std::vector<sim::Seed> seeds;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      seeds.push_back({xs[i], ys[i], static_cast<double>(seed_time[i])});
    }
    const sim::TravelTimeGrid tt =
        sim::compute_travel_times(grid, seeds, sim::EgressWalk{args->walk_speed, args->max_walk_m});
    if (!args->out.empty()) sim::write_isochrone_geojson(args->out, tt, args->minutes);
    if (!args->grid_out.empty()) sim::write_grid_csv(args->grid_out, tt);

    std::printf("%zu of %u stops reached (%zu within walking distance of the origin)\n", reached,
                feed.stop_count(), sources.size());
    for (double m : args->minutes) {
      std::size_t cells = 0;
      for (double t : tt.time_s) cells += t <= m * 60;
      std::printf("  %4g min: %8.2f km2 (%zu cells of %g m)\n", m,
                  static_cast<double>(cells) * args->cell_m * args->cell_m / 1e6, cells,
                  args->cell_m);
    }
  });
}

}  // namespace ouflow::app
