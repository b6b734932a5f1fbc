#include "sim/transit/stop_access.h"

#include "sim/transit/raptor.h"

namespace ouflow::sim {

std::vector<StopWalk> stops_within(const net::TransitNetwork& t, net::LonLat p, double max_walk_m,
                                   double walk_speed_mps) {
  const auto& c = t.columns();
  std::vector<StopWalk> out;
  for (const net::StopId s : t.stops()) {
    // A stop without lon/lat (NaN) has a NaN distance and is never within.
    const double d = net::haversine_m(p.lon, p.lat, c.stop_lon[s], c.stop_lat[s]);
    if (d <= max_walk_m) out.push_back({s, d, walk_time_s(d, walk_speed_mps)});
  }
  return out;
}

std::optional<std::pair<net::StopId, double>> nearest_stop(const net::TransitNetwork& t,
                                                           net::LonLat p) {
  const auto& c = t.columns();
  std::optional<std::pair<net::StopId, double>> best;
  for (const net::StopId s : t.stops()) {
    const double d = net::haversine_m(p.lon, p.lat, c.stop_lon[s], c.stop_lat[s]);
    if (d == d && (!best || d < best->second)) best = {s, d};  // NaN: no lon/lat
  }
  return best;
}

}  // namespace ouflow::sim
