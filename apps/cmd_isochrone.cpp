#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <numbers>
#include <optional>
#include <sstream>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "apps/transit_args.h"
#include "networks/geo.h"
#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"
#include "networks/io/gtfs.h"
#include "networks/io/network_files.h"
#include "networks/io/tntp.h"
#include "networks/progress.h"
#include "networks/transit_network.h"
#include "sim/isochrone/isochrone.h"
#include "sim/isochrone/point_isochrone.h"
#include "sim/road/assignment_output.h"
#include "sim/road/car_times.h"
#include "sim/road/shortest_path.h"
#include "sim/transit/network_walk.h"
#include "sim/transit/raptor.h"
#include "sim/transit/stop_access.h"
#include "sim/transit/travel_matrix.h"

namespace ouflow::app {
namespace {

// An origin farther than this from every node (car) or stop (transit) is outside the network:
// an error, not a walking blob. Nearer, but beyond the longest walk, is a warning.
constexpr double kOutsideNetworkM = 20'000.0;

// Fails when the origin is outside the network, warns when it is beyond walking distance of it.
void check_origin_distance(double distance_m, double max_walk_m, const std::string& origin,
                           const std::string& nearest, const std::string& file) {
  char km[32];
  std::snprintf(km, sizeof km, "%.1f km", distance_m / 1000.0);
  if (distance_m > kOutsideNetworkM) {
    throw std::invalid_argument("--from " + origin + " is " + km + " from the nearest " + nearest +
                                " of " + file + ": the origin lies outside the network");
  }
  if (distance_m > max_walk_m) {
    std::fprintf(stderr,
                 "ouflow: warning: --from %s: the nearest %s of %s is %s away, beyond "
                 "--max-walk-m %g\n",
                 origin.c_str(), nearest.c_str(), file.c_str(), km, max_walk_m);
  }
}

// Travel time per stop (seconds after departure; empty when not reached), one column per
// percentile.
void write_stop_times(const std::string& file, const net::TransitNetwork& feed,
                      const std::vector<std::vector<std::int32_t>>& times,
                      const std::vector<double>& percentiles) {
  io::AtomicOutput out(file);
  std::vector<std::string> header{"stop_id", "travel_time_s"};
  for (std::size_t i = 1; i < percentiles.size(); ++i) {
    std::ostringstream name;
    name << "p" << percentiles[i] << "_s";
    header.push_back(name.str());
  }
  io::CsvWriter csv(out.stream(), header);
  for (const net::StopId s : feed.stops()) {
    csv.field(feed.columns().stop_id[s]);
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

struct Args {  // the options of `ouflow isochrone`
  std::string mode, gtfs, net, flows, from, date, depart, walk_network;
  std::optional<std::int64_t> from_zone;
  int window = 0, draws = 1;
  std::vector<double> percentiles{50};
  std::vector<double> minutes{15, 30, 45, 60};
  using Defaults = sim::PointIsochroneDefaults;
  double walk_speed = Defaults::kWalkSpeedMps, max_walk_m = Defaults::kMaxWalkM,
         transfer_radius_m = Defaults::kTransferRadiusM, cell_m = 100;
  int max_transfers = Defaults::kMaxTransfers;
  std::string out, stops_out, grid_out, zones_out;
  InputOptions input;
};

// Which options go together; std::invalid_argument (exit 2) when they do not.
void check_args(const Args& a) {
  const bool car = a.mode == "car";
  if (a.from.empty() == !a.from_zone.has_value()) {
    throw std::invalid_argument("give the origin as either --from LAT,LON or --from-zone ID");
  }
  if (car) {
    if (a.net.empty()) throw std::invalid_argument("--mode car needs --net");
    if (!a.gtfs.empty() || !a.stops_out.empty()) {
      throw std::invalid_argument("--gtfs and --stops-out are for --mode transit");
    }
    if (!a.walk_network.empty()) {
      throw std::invalid_argument("--walk-network is for --mode transit");
    }
  } else {
    if (a.gtfs.empty()) throw std::invalid_argument("--mode transit needs --gtfs");
    if (a.date.empty() || a.depart.empty()) {
      throw std::invalid_argument("--mode transit needs --date and --depart");
    }
    if (!a.flows.empty()) throw std::invalid_argument("--flows is for --mode car");
  }
  if (!a.zones_out.empty() && a.net.empty()) {
    throw std::invalid_argument("--zones-out needs --net (the network holding the zones)");
  }
  if (a.from_zone && a.net.empty()) {
    throw std::invalid_argument("--from-zone needs --net (the network holding the zones)");
  }
}

struct Origin {
  net::LonLat point;
  std::optional<net::NodeId> node;  // a zone's centroid node (--from-zone)
};

// --from LAT,LON, or the centroid of --from-zone in `model`.
Origin parse_origin(const Args& a, const std::optional<net::Model>& model) {
  double lat = 0, lon = 0;
  std::optional<net::NodeId> origin_node;
  if (a.from_zone) {
    const auto z = model->road.find_zone(*a.from_zone);
    if (!z) {
      throw std::invalid_argument("--from-zone: " + a.net + " has no zone " +
                                  std::to_string(*a.from_zone));
    }
    origin_node = model->road.zone_centroid()[*z];
    lon = model->road.lon()[*origin_node], lat = model->road.lat()[*origin_node];
    if (std::isnan(lon) || std::isnan(lat)) {
      throw InputError(a.net, 0, "centroid",
                       "zone " + std::to_string(*a.from_zone) +
                           ": its centroid node has no lon/lat (" + io::kTntpLonLatHint + ")");
    }
  } else {
    const net::LonLat p = parse_lat_lon(a.from, "--from");
    lat = p.lat, lon = p.lon;
  }

  return {{lon, lat}, origin_node};
}

// The road nodes reached by car (congested by --flows), and a one-line summary.
sim::ReachedPoints reach_by_car(const Args& a, const net::Model& model, const Origin& o,
                                std::string& summary) {
  const net::RoadNetwork& road = model.road;
  std::vector<double> flow;
  if (!a.flows.empty()) flow = sim::read_link_flows(a.flows, road);
  // From a point, the car starts at the nearest node that has lon/lat, after walking to it.
  const std::vector<double> link_time_s = sim::car_link_times_s(road, flow);
  sim::CarReach reach;
  try {
    reach = sim::car_reach_from_point(road, link_time_s, o.point, o.node, a.walk_speed);
  } catch (const std::invalid_argument& e) {  // no node has lon/lat
    throw InputError(a.net, 0, "lon", std::string(e.what()) + " (" + io::kTntpLonLatHint + ")");
  }
  if (!o.node) {
    const double d = net::haversine_m(o.point.lon, o.point.lat, road.lon()[reach.start],
                                      road.lat()[reach.start]);
    check_origin_distance(d, a.max_walk_m, a.from,
                          "node (" + std::to_string(road.node_external_id()[reach.start]) + ")",
                          a.net);
  }
  summary = std::to_string(reach.nodes_reached) + " of " + std::to_string(road.node_count()) +
            " road nodes reached from node " +
            std::to_string(road.node_external_id()[reach.start]) + " (walk " +
            std::to_string(static_cast<long long>(reach.access_s)) + " s)";
  return std::move(reach.points);
}

// The stops reached by transit from the stops within a walk (along --walk-network's roads when
// given), --stops-out written, and a one-line summary.
sim::ReachedPoints reach_by_transit(const Args& a, const CLI::App& cmd, const Origin& o,
                                    sim::Execution exec, std::string& summary) {
  const net::LonLat origin = o.point;
  const std::optional<net::Model> walk_model =
      load_walk_network(a.walk_network, a.input.read_options());
  const net::TransitNetwork feed = load_transit(a.gtfs, quiet(cmd));
  check_service_day(feed, parse_date(a.date), a.gtfs);
  // Access: every stop within the longest walk of the origin (along the roads with
  // --walk-network).
  std::vector<sim::StopWalk> access;
  if (walk_model) {
    const sim::WalkGraph graph(walk_model->road);
    const std::vector<net::LonLat> origins{origin};
    const sim::NetworkWalks w =
        sim::network_walks(graph, origins, sim::stop_positions(feed), a.max_walk_m, exec);
    for (std::uint32_t k = w.first[0]; k < w.first[1]; ++k) {
      access.push_back({net::StopId{w.target[k]}, w.distance_m[k],
                        sim::walk_time_s(w.distance_m[k], a.walk_speed)});
    }
  } else {
    access = sim::stops_within(feed, origin, a.max_walk_m, a.walk_speed);
  }
  if (access.empty()) {
    if (const auto nearest = sim::nearest_stop(feed, origin)) {
      check_origin_distance(nearest->second, a.max_walk_m, a.from.empty() ? "zone" : a.from,
                            "stop (" + feed.columns().stop_id[nearest->first] + ")", a.gtfs);
    }
  }
  const sim::WalkParams walk{a.walk_speed, a.transfer_radius_m};
  const sim::Footpaths footpaths =
      walk_model ? sim::build_network_footpaths(feed, walk_model->road, walk, exec)
                 : sim::Footpaths::build(feed, walk);
  sim::Raptor raptor(feed, footpaths);
  sim::TransitReachOptions ro;
  ro.window = {.date = parse_date(a.date),
               .depart_s = parse_time_of_day(a.depart),
               .minutes = a.window,
               .max_transfers = a.max_transfers,
               .draws = a.draws};
  ro.percentiles = a.percentiles;
  sim::TransitReach reach = sim::transit_reach_from_point(raptor, origin, access, ro);
  if (!a.stops_out.empty()) write_stop_times(a.stops_out, feed, reach.stop_times, a.percentiles);
  summary = std::to_string(reach.stops_reached) + " of " + std::to_string(feed.stop_count()) +
            " stops reached (" + std::to_string(reach.access_stops) +
            " within walking distance of the origin)";
  return std::move(reach.points);
}

}  // namespace

void add_isochrone_command(CLI::App& app, const GlobalOptions& global) {
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "isochrone",
      "Travel times from a point or zone, by transit (to every stop) or car (to every road node),\n"
      "then walking to every grid cell; contours as GeoJSON");
  cmd->footer(
      "Examples:\n  ouflow isochrone --gtfs tests/data/gtfs/sample-feed-1.zip --from "
      "36.425288,-117.133162 --date 2008-06-02 --depart 06:00 --out iso.geojson\n  ouflow "
      "isochrone --mode car --net NET --from-zone 1 --out iso.geojson");
  add_mode_option(*cmd, args->mode, "RAPTOR over --gtfs (transit) or the network's roads (car)");
  cmd->add_option(
      "--gtfs", args->gtfs,
      "Transit: feed (GTFS zip or folder, an ouflow .pb, or a scenario file or name: its lines)");
  add_network_option(*cmd, args->net, "Car routing, and the zones of --from-zone and --zones-out");
  cmd->add_option("--flows", args->flows,
                  "Car: congested times from link flows (CSV from assign --flows-out, or TNTP "
                  "_flow); free flow without it")
      ->check(CLI::ExistingFile);
  cmd->add_option("--from", args->from, "Origin as LAT,LON (WGS84)");
  cmd->add_option("--from-zone", args->from_zone,
                  "Origin: the centroid of this zone of --net (its external id)");
  cmd->add_option("--date", args->date, "Transit: service date YYYY-MM-DD");
  cmd->add_option("--depart", args->depart, "Transit: departure time HH:MM");
  cmd->add_option("--window", args->window,
                  "Transit: departure window in minutes (every minute; 0: a single departure)")
      ->check(CLI::Range(0, 24 * 60))
      ->capture_default_str();
  cmd->add_option("--percentiles", args->percentiles,
                  "Transit: travel-time percentiles over the window, up to 5 (e.g. 50,5,95: the "
                  "first one draws the map), as in matrix")
      ->check(CLI::Range(0.0, 100.0))
      ->expected(1, 5)
      ->delimiter(',');
  cmd->add_option("--draws", args->draws,
                  "Transit: draws of frequency-line offsets per departure minute")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
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
                  "Transit: longest walk between stops after alighting, m")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-transfers", args->max_transfers, "Transit: most transfers")
      ->check(CLI::Range(0, 30))
      ->capture_default_str();
  cmd->add_option("--walk-network", args->walk_network,
                  std::string("Transit: ") + kWalkNetworkHelp +
                      " (the access walk and transfers; the walk from stops into the grid "
                      "cells stays straight-line)");
  cmd->add_option("--cell-m", args->cell_m, "Grid cell size, m")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Contours as RFC 7946 GeoJSON");
  cmd->add_option("--stops-out", args->stops_out, "Transit: stop_id,travel_time_s per stop (CSV)");
  cmd->add_option("--grid-out", args->grid_out, "Grid as CSV: x_m,y_m,lat,lon,time_min");
  cmd->add_option("--zones-out", args->zones_out,
                  "Travel time to every zone of --net as CSV zone_id,travel_time_s (straight-line "
                  "walk from the nearest reached stop or node to the zone centroid, as the grid)");
  args->input.add_to(*cmd);
  cmd->callback([args, cmd, &global] {
    args->mode = resolve_mode(args->mode, !args->gtfs.empty());
    check_args(*args);
    std::optional<net::Model> model;
    if (!args->net.empty()) model = load_network_or_scenario(args->net, args->input);
    const Origin origin = parse_origin(*args, model);
    // Timed points from which the grid is walked: the origin itself at 0, and the road nodes
    // (car) or stops (transit) reached, at their travel time in seconds
    // (sim/isochrone/point_isochrone.h).
    std::string summary;
    const sim::ReachedPoints points =
        args->mode == "car" ? reach_by_car(*args, *model, origin, summary)
                            : reach_by_transit(*args, *cmd, origin, global.execution(), summary);

    // Grid over the origin and the points reached within the largest threshold, plus a walk.
    const double max_minutes = *std::max_element(args->minutes.begin(), args->minutes.end());
    sim::TravelTimeGrid tt;
    try {
      tt = sim::reach_grid(points, max_minutes, sim::EgressWalk{args->walk_speed, args->max_walk_m},
                           args->cell_m);
    } catch (const std::invalid_argument& e) {  // a grid too large for the cell size
      throw std::invalid_argument("--cell-m " + CLI::detail::to_string(args->cell_m) + ": " +
                                  e.what());
    }
    if (!args->out.empty()) sim::write_isochrone_geojson(args->out, tt, args->minutes);
    if (!args->grid_out.empty()) sim::write_grid_csv(args->grid_out, tt);
    if (!args->zones_out.empty()) {
      // Each zone: the least seed time plus the straight walk to its centroid (within max walk).
      const net::RoadNetwork& road = model->road;
      const std::vector<double> zone_s = sim::zone_times_from_points(
          points, road, sim::EgressWalk{args->walk_speed, args->max_walk_m});
      io::AtomicOutput out(args->zones_out);
      io::CsvWriter w(out.stream(), {"zone_id", "travel_time_s"});
      for (const net::ZoneId z : road.zones()) {
        w.field(road.zone_external_id()[z]);
        const double t = zone_s[z.value()];
        if (std::isfinite(t)) {
          w.field(static_cast<std::int64_t>(std::ceil(t)));
        } else {
          w.empty_field();
        }
        w.end_row();
      }
      out.commit();
    }

    std::printf("%s\n", summary.c_str());
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
