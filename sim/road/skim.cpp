#include "sim/road/skim.h"

#include <limits>

#include "sim/road/shortest_path.h"

namespace ouflow::sim {

Skim compute_skim(const net::RoadNetwork& net, std::span<const double> link_cost_s,
                  std::span<const double> link_time_s, Execution exec) {
  const std::size_t z = net.zone_count();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  Skim s;
  s.zones = z;
  s.cost_s.assign(z * z, kInf);
  s.time_s.assign(z * z, kInf);
  s.distance_m.assign(z * z, kInf);
#pragma omp parallel num_threads(exec.count())
  {
    Dijkstra dij(net);
    std::vector<double> time(net.node_count()), dist(net.node_count());
#pragma omp for schedule(dynamic, 4)
    for (std::int64_t oi = 0; oi < static_cast<std::int64_t>(z); ++oi) {
      const net::ZoneId o{static_cast<std::uint32_t>(oi)};
      dij.run(net.zone_centroid()[o], link_cost_s);
      // Time and distance along the tree, in settle order (parents first).
      for (net::NodeId v : dij.settle_order()) {
        const net::LinkId l = dij.parent_link(v);
        if (!l.valid()) {
          time[v.value()] = 0.0, dist[v.value()] = 0.0;
          continue;
        }
        const auto t = net.tail()[l].value();
        time[v.value()] = time[t] + link_time_s[l.value()];
        dist[v.value()] = dist[t] + net.length_m()[l];
      }
      for (net::ZoneId d : net.zones()) {
        const std::size_t k = o.value() * z + d.value();
        const net::NodeId c = net.zone_centroid()[d];
        if (d == o) {
          s.cost_s[k] = s.time_s[k] = s.distance_m[k] = 0.0;
        } else if (dij.reached(c)) {
          s.cost_s[k] = dij.distance(c);
          s.time_s[k] = time[c.value()];
          s.distance_m[k] = dist[c.value()];
        }
      }
    }
  }
  return s;
}

}  // namespace ouflow::sim
