// What a network file set holds: the road network and, where given, its demand and its transit
// layer (stops, routes, patterns, trips, frequencies; see networks/transit_network.h).
#pragma once

#include <optional>

#include "networks/road_network.h"
#include "networks/transit_network.h"
#include "networks/trip_table.h"

namespace ouflow::net {

struct Model {
  RoadNetwork road;
  std::optional<TripTable> demand;  // zones are road.zones()
  std::optional<TransitNetwork> transit = std::nullopt;
};

}  // namespace ouflow::net
