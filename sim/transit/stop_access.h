// Stops within walking distance of a point: the one definition of the straight-line access and
// egress walk (zone access in matrices and assignment, isochrone origins, the CBD's stops).
#pragma once

#include <cstdint>
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

}  // namespace ouflow::sim
