#include "sim/isochrone/point_isochrone.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "networks/geo.h"
#include "sim/road/car_times.h"
#include "sim/road/shortest_path.h"
#include "sim/transit/travel_matrix.h"

namespace ouflow::sim {

std::size_t add_car_reach(const net::RoadNetwork& road, net::NodeId origin, double access_s,
                          std::span<const double> link_time_s, ReachedPoints& out) {
  Dijkstra dijkstra(road);
  dijkstra.run(origin, link_time_s);
  std::size_t reached = 0;
  for (const net::NodeId n : dijkstra.settle_order()) {
    ++reached;
    if (std::isnan(road.lon()[n])) continue;
    out.add(road.lon()[n], road.lat()[n], access_s + dijkstra.distance(n));
  }
  return reached;
}

std::vector<std::vector<std::int32_t>> transit_stop_times(Raptor& raptor,
                                                          std::vector<RaptorSource> sources,
                                                          const TransitReachOptions& o) {
  const TransitWindow& w = o.window;
  check_window(w, "transit reach");
  if (o.percentiles.empty()) throw std::invalid_argument("transit reach: no percentiles");
  const net::TransitNetwork& feed = raptor.network();
  std::vector<std::vector<std::int32_t>> times(o.percentiles.size(),
                                               std::vector<std::int32_t>(feed.stop_count()));
  if (w.minutes == 0) {
    raptor.run(sources, w.date, w.max_transfers, w.seed);  // frequency lines: the seed's draw 0
    for (const net::StopId s : feed.stops()) {
      const std::int32_t a = raptor.arrival_s(s);
      for (auto& t : times) t[s.value()] = a == kUnreachable ? a : a - w.depart_s;
    }
    return times;
  }
  // run_range takes access times relative to each departure.
  for (RaptorSource& src : sources) src.time_s -= w.depart_s;
  raptor.run_range(sources, w.date, w.max_transfers, w.depart_s, w.minutes, w.draws, w.seed);
  std::vector<std::int32_t> samples(static_cast<std::size_t>(raptor.samples()));
  std::vector<std::int32_t> p(o.percentiles.size());
  for (const net::StopId s : feed.stops()) {
    for (std::int32_t k = 0; k < raptor.samples(); ++k) {
      samples[static_cast<std::size_t>(k)] = raptor.travel_time_s(s, k);
    }
    travel_time_percentiles_in_place(samples, o.percentiles, p);
    for (std::size_t i = 0; i < p.size(); ++i) times[i][s.value()] = p[i];
  }
  return times;
}

void add_stops(const net::TransitNetwork& feed, std::span<const std::int32_t> times,
               ReachedPoints& out) {
  const auto& c = feed.columns();
  for (const net::StopId s : feed.stops()) {
    const std::int32_t t = times[s.value()];
    if (t == kUnreachable || std::isnan(c.stop_lon[s])) continue;
    out.add(c.stop_lon[s], c.stop_lat[s], static_cast<double>(t));
  }
}

TravelTimeGrid reach_grid(const ReachedPoints& points, double max_minutes, const EgressWalk& walk,
                          double cell_m) {
  if (points.lon.empty()) throw std::invalid_argument("reach_grid: no origin point");
  const double lon = points.lon[0], lat = points.lat[0];
  double min_lon = lon, max_lon = lon, min_lat = lat, max_lat = lat;
  for (std::size_t i = 1; i < points.lon.size(); ++i) {
    if (points.time_s[i] > max_minutes * 60) continue;
    min_lon = std::min(min_lon, points.lon[i]), max_lon = std::max(max_lon, points.lon[i]);
    min_lat = std::min(min_lat, points.lat[i]), max_lat = std::max(max_lat, points.lat[i]);
  }
  const double pad_m =
      std::min(walk.max_walk_m, max_minutes * 60 * walk.walk_speed_mps) + 2 * cell_m;
  const double pad_lat = pad_m / 111320.0;
  const double pad_lon =
      pad_m / (111320.0 * std::max(0.05, std::cos(lat * std::numbers::pi / 180.0)));
  const GridSpec grid = grid_for_lonlat_box(min_lon - pad_lon, min_lat - pad_lat, max_lon + pad_lon,
                                            max_lat + pad_lat, cell_m);
  std::vector<double> xs, ys;
  net::project_wgs84(grid.epsg, points.lon, points.lat, xs, ys);
  std::vector<Seed> seeds;
  seeds.reserve(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) seeds.push_back({xs[i], ys[i], points.time_s[i]});
  return compute_travel_times(grid, seeds, walk);
}

CarReach car_reach_from_point(const net::RoadNetwork& road, std::span<const double> link_time_s,
                              net::LonLat origin, std::optional<net::NodeId> start,
                              double walk_speed_mps) {
  if (!start) {
    start = nearest_node(road, origin.lon, origin.lat);
    if (!start) throw std::invalid_argument("no road node has lon/lat");
  }
  CarReach r;
  r.start = *start;
  r.access_s =
      walk_time_s(net::haversine_m(origin.lon, origin.lat, road.lon()[*start], road.lat()[*start]),
                  walk_speed_mps);
  r.points.add(origin.lon, origin.lat, 0.0);
  r.nodes_reached = add_car_reach(road, *start, r.access_s, link_time_s, r.points);
  return r;
}

TransitReach transit_reach_from_point(Raptor& raptor, net::LonLat origin,
                                      std::span<const StopWalk> access,
                                      const TransitReachOptions& o) {
  std::vector<RaptorSource> sources;
  sources.reserve(access.size());
  for (const StopWalk& w : access) sources.push_back({w.stop, o.window.depart_s + w.walk_s});
  TransitReach r;
  r.access_stops = sources.size();
  r.stop_times = transit_stop_times(raptor, std::move(sources), o);
  for (const std::int32_t t : r.stop_times[0]) r.stops_reached += t != kUnreachable;
  r.points.add(origin.lon, origin.lat, 0.0);
  add_stops(raptor.network(), r.stop_times[0], r.points);
  return r;
}

std::vector<double> zone_times_from_points(const ReachedPoints& points,
                                           const net::RoadNetwork& road, const EgressWalk& walk) {
  std::vector<double> out(road.zone_count(), std::numeric_limits<double>::infinity());
  for (const net::ZoneId z : road.zones()) {
    const net::NodeId c = road.zone_centroid()[z];
    double& best = out[z.value()];
    for (std::size_t i = 0; i < points.lon.size(); ++i) {
      const double d = net::haversine_m(points.lon[i], points.lat[i], road.lon()[c], road.lat()[c]);
      if (d <= walk.max_walk_m) best = std::min(best, points.time_s[i] + d / walk.walk_speed_mps);
    }
  }
  return out;
}

}  // namespace ouflow::sim
