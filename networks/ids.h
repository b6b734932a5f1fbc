// The ids of the network model. Each is its own type; none converts into another.
#pragma once

#include <cstdint>
#include <type_traits>

#include "networks/strong_id.h"

namespace ouflow::net {

using NodeId = StrongId<struct NodeTag>;
using LinkId = StrongId<struct LinkTag>;
using ZoneId = StrongId<struct ZoneTag>;
// Transit layer (filled by the GTFS reader and frequency lines).
using StopId = StrongId<struct StopTag>;
using RouteId = StrongId<struct RouteTag>;
using PatternId = StrongId<struct PatternTag>;
using TripId = StrongId<struct TripTag>;
using ServiceId = StrongId<struct ServiceTag>;
using AgencyId = StrongId<struct AgencyTag>;
using ShapeId = StrongId<struct ShapeTag>;

static_assert(std::is_trivially_copyable_v<NodeId>);
static_assert(sizeof(NodeId) == sizeof(std::uint32_t));

}  // namespace ouflow::net
