// Isochrones from a point: the places reached (road nodes by car, stops by transit) with their
// travel times, and the travel-time grid walked from them (sim/isochrone/isochrone.h). What `ouflow
// isochrone` draws and `ouflow evaluate` writes for the CBD.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "networks/road_network.h"
#include "networks/transit_network.h"
#include "sim/isochrone/isochrone.h"
#include "sim/transit/raptor.h"
#include "sim/transit/stop_access.h"
#include "sim/transit/transit_window.h"

namespace ouflow::sim {

// The defaults of an isochrone from a point: `ouflow isochrone`'s options and the viewer's click
// isochrones (`ouflow view`).
struct PointIsochroneDefaults {
  static constexpr double kWalkSpeedMps = 1.3;       // access, transfer and egress walks
  static constexpr double kMaxWalkM = 800.0;         // longest access or egress walk
  static constexpr double kTransferRadiusM = 400.0;  // longest walk between stops (footpaths)
  static constexpr int kMaxTransfers = 8;
};

// Points (WGS84) reached at time_s seconds after departure; the first is the origin at its
// access time (0 when the trip starts there).
struct ReachedPoints {
  std::vector<double> lon, lat, time_s;
  void add(double x, double y, double t) {
    lon.push_back(x);
    lat.push_back(y);
    time_s.push_back(t);
  }
};

// By car: the origin point, then every node with lon/lat reached by Dijkstra from `origin` over
// `link_time_s` (seconds per link), at access_s + its time. Returns the number of nodes reached.
std::size_t add_car_reach(const net::RoadNetwork& road, net::NodeId origin, double access_s,
                          std::span<const double> link_time_s, ReachedPoints& out);

struct TransitReachOptions {
  // 0 minutes: one departure; else every minute of [depart, depart + minutes), draws each.
  TransitWindow window{.date = {}, .depart_s = 8 * 3600};
  std::vector<double> percentiles{50};  // over the window's samples
};

// Travel time (seconds after departure; kUnreachable when not reached) of every stop, per
// percentile, from `sources` (absolute access times at the stops: window.depart_s + walk).
// Throws std::invalid_argument on a bad window (check_window) or no percentiles.
std::vector<std::vector<std::int32_t>> transit_stop_times(Raptor& raptor,
                                                          std::vector<RaptorSource> sources,
                                                          const TransitReachOptions& o);

// The stops reached (times[s] != kUnreachable, with lon/lat) added to `out`.
void add_stops(const net::TransitNetwork& feed, std::span<const std::int32_t> times,
               ReachedPoints& out);

// The isochrone from a point, in two steps: the places reached from it (by car or by transit),
// then reach_grid() over them. The one implementation behind `ouflow isochrone`, the CBD
// isochrones of `ouflow evaluate` and the viewer's click isochrones.
struct CarReach {
  ReachedPoints points;   // the origin at 0, then every node with lon/lat reached
  net::NodeId start;      // where the car starts
  double access_s = 0.0;  // the straight walk from the origin to `start`
  std::size_t nodes_reached = 0;
};

// By car from `origin` over `link_time_s`: the car starts at `start` when given (e.g. a zone's
// centroid), else at the node nearest the origin among those with lon/lat, after a straight walk
// at walk_speed_mps (walk_time_s). Throws std::invalid_argument when no node has lon/lat.
CarReach car_reach_from_point(const net::RoadNetwork& road, std::span<const double> link_time_s,
                              net::LonLat origin, std::optional<net::NodeId> start,
                              double walk_speed_mps);

struct TransitReach {
  ReachedPoints points;  // the origin at 0, then every stop with lon/lat reached (times[0])
  std::vector<std::vector<std::int32_t>> stop_times;  // per percentile: transit_stop_times()
  std::size_t access_stops = 0, stops_reached = 0;
};

// By transit from `origin`: boarding at the `access` stops (stops_within() for a straight walk,
// or walks along a network) at o.window.depart_s plus their walk.
TransitReach transit_reach_from_point(Raptor& raptor, net::LonLat origin,
                                      std::span<const StopWalk> access,
                                      const TransitReachOptions& o);

// Per zone of `road` (by ZoneId value): the least time of a point plus the straight walk from it
// to the zone's centroid, among points within walk.max_walk_m (seconds; +infinity when none is).
// What the grid does for its cells, for zones.
std::vector<double> zone_times_from_points(const ReachedPoints& points,
                                           const net::RoadNetwork& road, const EgressWalk& walk);

// The grid around the points reached within max_minutes (plus a walk and two cells), in the UTM
// zone of the origin (points[0]), walked from every point (egress within max_walk_m).
TravelTimeGrid reach_grid(const ReachedPoints& points, double max_minutes, const EgressWalk& walk,
                          double cell_m);

}  // namespace ouflow::sim
