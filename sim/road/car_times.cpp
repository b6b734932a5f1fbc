#include "sim/road/car_times.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "networks/geo.h"
#include "sim/road/link_performance.h"
#include "sim/road/skim.h"

namespace ouflow::sim {

std::vector<double> car_link_times_s(const net::RoadNetwork& net,
                                     std::span<const double> flow_vph) {
  if (flow_vph.empty()) return net.free_flow_time_s().raw();
  if (flow_vph.size() != net.link_count()) {
    throw std::invalid_argument("car_link_times_s: " + std::to_string(flow_vph.size()) +
                                " flows for " + std::to_string(net.link_count()) + " links");
  }
  for (const double f : flow_vph) {
    if (!(f >= 0.0) || !std::isfinite(f)) {
      throw std::invalid_argument("car_link_times_s: flows must be finite and >= 0");
    }
  }
  std::vector<double> time(net.link_count());
  LinkPerformance(net).times(flow_vph, time);
  return time;
}

std::optional<net::NodeId> nearest_node(const net::RoadNetwork& net, double lon, double lat) {
  std::optional<net::NodeId> best;
  double best_m = std::numeric_limits<double>::infinity();
  for (const net::NodeId n : net.nodes()) {
    if (std::isnan(net.lon()[n]) || std::isnan(net.lat()[n])) continue;
    const double m = net::haversine_m(lon, lat, net.lon()[n], net.lat()[n]);
    if (m < best_m) best_m = m, best = n;
  }
  return best;
}

std::vector<double> car_zone_times_s(const net::RoadNetwork& net,
                                     std::span<const double> link_time_s, Execution exec) {
  // The skim's paths minimise its first cost argument; giving the times twice makes them the
  // fastest paths, and its time matrix their times.
  return compute_skim(net, link_time_s, link_time_s, exec).time_s;
}

}  // namespace ouflow::sim
