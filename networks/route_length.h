// A transit route's length, defined once: the great-circle polyline through the stops of its
// longest pattern (used by scenario line info and the plan inventory).
#pragma once

#include <optional>

#include "networks/transit_network.h"

namespace ouflow::net {

// Sum of great-circle distances between consecutive stops (segments without lon/lat skipped).
double stop_polyline_m(const TransitNetwork& t, PatternId p);

// The route's pattern with the longest stop polyline (the first of equals); nullopt when the
// route has no pattern.
std::optional<PatternId> longest_pattern(const TransitNetwork& t, RouteId r);

// stop_polyline_m of the longest pattern, km; 0 without patterns.
double route_length_km(const TransitNetwork& t, RouteId r);

}  // namespace ouflow::net
