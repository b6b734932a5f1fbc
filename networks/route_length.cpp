#include "networks/route_length.h"

#include <cmath>

#include "networks/geo.h"

namespace ouflow::net {

double stop_polyline_m(const TransitNetwork& t, PatternId p) {
  const TransitColumns& c = t.columns();
  const auto stops = t.pattern_stops(p);
  double m = 0.0;
  for (std::size_t i = 1; i < stops.size(); ++i) {
    const double d = haversine_m(c.stop_lon[stops[i - 1]], c.stop_lat[stops[i - 1]],
                                 c.stop_lon[stops[i]], c.stop_lat[stops[i]]);
    if (std::isfinite(d)) m += d;
  }
  return m;
}

std::optional<PatternId> longest_pattern(const TransitNetwork& t, RouteId r) {
  std::optional<PatternId> best;
  double best_m = -1.0;
  for (const PatternId p : t.patterns()) {
    if (t.columns().pattern_route[p] != r) continue;
    const double m = stop_polyline_m(t, p);
    if (m > best_m) {
      best_m = m;
      best = p;
    }
  }
  return best;
}

double route_length_km(const TransitNetwork& t, RouteId r) {
  const auto p = longest_pattern(t, r);
  return p ? stop_polyline_m(t, *p) / 1000.0 : 0.0;
}

}  // namespace ouflow::net
