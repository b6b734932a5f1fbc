// ouflow matrix: zone-to-zone or stop-to-stop travel-time matrices, by transit (RAPTOR over a
// departure window, percentiles) or by car (fastest paths at free flow or congested by an
// assignment's flows), written as a long CSV.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "apps/transit_args.h"
#include "networks/io/network_files.h"
#include "sim/isochrone/point_isochrone.h"
#include "sim/road/assignment_output.h"
#include "sim/road/car_times.h"
#include "sim/transit/network_walk.h"
#include "sim/transit/raptor.h"
#include "sim/transit/travel_matrix.h"

namespace ouflow::app {

void add_matrix_command(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string gtfs, net, mode, date, depart, flows, out, walk_network;
    int window = 0;
    std::vector<double> percentiles{50};
    bool stops = false;
    using Defaults = sim::PointIsochroneDefaults;  // one set of walking defaults everywhere
    double walk_speed = Defaults::kWalkSpeedMps, max_walk_m = Defaults::kMaxWalkM,
           transfer_radius_m = Defaults::kTransferRadiusM;
    int max_transfers = sim::PointIsochroneDefaults::kMaxTransfers, draws = 1;
    InputOptions input;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "matrix",
      "Zone-to-zone or stop-to-stop travel-time matrix (transit or car) as a long CSV:\n"
      "origin,destination,<one column per percentile> (seconds; empty where unreachable)");
  cmd->footer(
      "Examples:\n  ouflow matrix --gtfs tests/data/gtfs/sample-feed-1.zip --stops --date "
      "2008-06-02 --depart 06:00 --window 60 --percentiles 5,50,95 --out stops.csv\n  ouflow "
      "matrix --mode car --net tests/data/tntp/SiouxFalls/SiouxFalls_net.tntp --out car.csv");
  add_mode_option(*cmd, args->mode,
                  "RAPTOR over --gtfs (transit) or fastest paths over the network (car)");
  cmd->add_option(
      "--gtfs", args->gtfs,
      "Transit feed: GTFS zip or folder, an ouflow .pb, or a scenario file or name (its lines)");
  add_network_option(*cmd, args->net,
                     "The zones (centroid lon/lat) that are origins and destinations; the roads "
                     "for --mode car");
  cmd->add_flag("--stops", args->stops, "Transit stop-to-stop matrix (every stop of the feed)");
  cmd->add_option("--date", args->date, "Transit: service date YYYY-MM-DD");
  cmd->add_option("--depart", args->depart, "Transit: (first) departure time HH:MM");
  cmd->add_option("--window", args->window,
                  "Transit: departure window in minutes, every minute (0: a single departure)")
      ->check(CLI::Range(0, 24 * 60))
      ->capture_default_str();
  cmd->add_option("--percentiles", args->percentiles,
                  "Transit: travel-time percentiles over the window, up to 5 (e.g. 5,50,95)")
      ->check(CLI::Range(0.0, 100.0))
      ->delimiter(',');
  cmd->add_option("--walk-speed", args->walk_speed, "Walking speed, m/s")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-walk-m", args->max_walk_m,
                  "Longest access, egress or direct walk (straight line), m")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--transfer-radius-m", args->transfer_radius_m,
                  "Longest walk between stops after alighting, m")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-transfers", args->max_transfers, "Most transfers")
      ->check(CLI::Range(0, 30))
      ->capture_default_str();
  cmd->add_option("--walk-network", args->walk_network,
                  std::string("Transit: ") + kWalkNetworkHelp +
                      " (access, egress, direct walks and transfers; --max-walk-m and "
                      "--transfer-radius-m then count along the roads)");
  cmd->add_option("--draws", args->draws,
                  "Transit: draws of frequency-line offsets per departure minute")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd->add_option("--flows", args->flows,
                  "Car: congested times from link flows (CSV from assign --flows-out, or TNTP "
                  "_flow); free flow without it")
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", args->out, "Output CSV")->required();
  args->input.add_to(*cmd);
  cmd->callback([args, cmd, &global] {
    const auto start = std::chrono::steady_clock::now();
    args->mode = resolve_mode(args->mode, !args->gtfs.empty());
    const bool car = args->mode == "car";
    if (args->percentiles.size() > 5) {
      throw std::invalid_argument("--percentiles: at most 5 values, got " +
                                  std::to_string(args->percentiles.size()));
    }
    std::size_t origins = 0, destinations = 0, reached = 0;
    const char* what = "zones";
    if (car) {
      if (args->net.empty()) throw std::invalid_argument("--mode car needs --net");
      if (!args->gtfs.empty() || args->stops) {
        throw std::invalid_argument("--gtfs and --stops are for --mode transit");
      }
      if (!args->walk_network.empty()) {
        throw std::invalid_argument("--walk-network is for --mode transit");
      }
      const net::Model model = load_network_or_scenario(args->net, args->input);
      const net::RoadNetwork& road = model.road;
      if (road.zone_count() == 0) throw InputError(args->net, 0, "", "has no zones");
      std::vector<double> flow;
      if (!args->flows.empty()) flow = sim::read_link_flows(args->flows, road);
      const std::vector<double> times =
          sim::car_zone_times_s(road, sim::car_link_times_s(road, flow), global.execution());
      std::vector<std::string> ids;
      for (const net::ZoneId z : road.zones()) {
        ids.push_back(std::to_string(road.zone_external_id()[z]));
      }
      sim::write_matrix_csv(args->out, ids, ids, "time_s", times);
      origins = destinations = ids.size();
      for (const double t : times) reached += !std::isinf(t);
    } else {
      if (args->gtfs.empty()) throw std::invalid_argument("--mode transit needs --gtfs");
      if (args->date.empty() || args->depart.empty()) {
        throw std::invalid_argument("--mode transit needs --date and --depart");
      }
      if (!args->flows.empty()) throw std::invalid_argument("--flows is for --mode car");
      if (args->stops == !args->net.empty()) {
        throw std::invalid_argument("give either --stops or --net (zones), not both or neither");
      }
      sim::TransitMatrixOptions o;
      o.window = {.date = parse_date(args->date),
                  .depart_s = parse_time_of_day(args->depart),
                  .minutes = args->window,
                  .max_transfers = args->max_transfers,
                  .draws = args->draws};
      o.percentiles = args->percentiles;
      o.walk_speed_mps = args->walk_speed;
      o.max_walk_m = args->max_walk_m;
      o.progress = true;
      o.exec = global.execution();
      // Zones first: a bad network should fail before the feed's longer load.
      std::optional<net::Model> model;
      std::vector<sim::LonLat> places;
      std::vector<std::string> ids;
      if (!args->stops) {
        model = load_network_or_scenario(args->net, args->input);
        if (model->road.zone_count() == 0) throw InputError(args->net, 0, "", "has no zones");
        try {
          places = sim::zone_centroids(model->road);
        } catch (const std::invalid_argument& e) {
          throw InputError(args->net, 0, "centroid", e.what());
        }
        for (const net::ZoneId z : model->road.zones()) {
          ids.push_back(std::to_string(model->road.zone_external_id()[z]));
        }
      }
      const std::optional<net::Model> walk_model =
          load_walk_network(args->walk_network, args->input.read_options());
      if (walk_model) {
        o.walk_on_network = true;
        o.walk_network = &walk_model->road;
      }
      const net::TransitNetwork feed = load_transit(args->gtfs, quiet(*cmd));
      check_service_day(feed, o.window.date, args->gtfs);
      const sim::WalkParams walk{args->walk_speed, args->transfer_radius_m};
      const sim::Footpaths footpaths =
          walk_model ? sim::build_network_footpaths(feed, walk_model->road, walk, o.exec)
                     : sim::Footpaths::build(feed, walk);
      sim::TravelTimeMatrix m;
      if (args->stops) {
        m = sim::transit_stop_matrix(feed, footpaths, o);
        ids = feed.columns().stop_id.raw();
        what = "stops";
      } else {
        m = sim::transit_place_matrix(feed, footpaths, places, places, o);
      }
      std::vector<std::string> columns;
      for (const double p : args->percentiles) {
        std::ostringstream name;
        name << "p" << p << "_s";
        columns.push_back(name.str());
      }
      sim::write_matrix_csv(args->out, ids, ids, columns, m);
      origins = m.origins, destinations = m.destinations;
      for (std::size_t k = 0; k < m.time_s.size(); k += m.percentiles) {
        reached += m.time_s[k] != sim::kUnreachable;
      }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double pairs = static_cast<double>(origins) * static_cast<double>(destinations);
    std::printf("%s matrix: %zu x %zu %s, %zu pairs reached (%.1f%%), %.2f s -> %s\n",
                args->mode.c_str(), origins, destinations, what, reached,
                pairs > 0 ? 100.0 * static_cast<double>(reached) / pairs : 0.0, seconds,
                args->out.c_str());
  });
}

}  // namespace ouflow::app
