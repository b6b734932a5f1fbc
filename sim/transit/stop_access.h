// Stops within walking distance of a point: the one definition of the straight-line access and
// egress walk (zone access in matrices and assignment, isochrone origins, the CBD's stops).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "networks/geo.h"
#include "networks/transit_network.h"

namespace ouflow::sim {

struct StopWalk {
  net::StopId stop;
  double distance_m = 0.0;  // great-circle
  std::int32_t walk_s = 0;  // walk_time_s(distance_m, speed): whole seconds, rounded up
};

// Every stop with lon/lat whose great-circle distance to `p` is <= max_walk_m, in stop order.
std::vector<StopWalk> stops_within(const net::TransitNetwork& t, net::LonLat p, double max_walk_m,
                                   double walk_speed_mps);

// The stop with lon/lat nearest to `p` (great circle; the first in stop order on a tie), and its
// distance in metres; nullopt when no stop has lon/lat.
std::optional<std::pair<net::StopId, double>> nearest_stop(const net::TransitNetwork& t,
                                                           net::LonLat p);

}  // namespace ouflow::sim
