// What a network file set holds: the road network and, where given, its demand.
// The transit layer (stops, routes, patterns, trips, frequencies) joins here when the GTFS
// reader lands; its ids are already declared in networks/ids.h.
#pragma once

#include <optional>

#include "networks/road_network.h"
#include "networks/trip_table.h"

namespace ouflow::net {

struct Model {
  RoadNetwork road;
  std::optional<TripTable> demand;  // zones are road.zones()
};

}  // namespace ouflow::net
