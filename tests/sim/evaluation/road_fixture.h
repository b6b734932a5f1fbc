// A three-link road network with lon/lat for the indicator tests: nodes 1 (0.2, 0.2), 2 (0.8,
// 0.2) and 3 (3.0, 0.2); a 10 km arterial 1 -> 2 inside the box [0,1]x[0,1], a 20 km arterial
// 2 -> 3 outside it, and a 10 km connector 2 -> 1; 600 s free flow, 1000 veh/h each.
#pragma once

#include <cstdint>

#include "networks/network_builder.h"

namespace ouflow::test {

inline net::LinkSpec link(std::int64_t id, std::int64_t from, std::int64_t to, double length_m,
                          net::LinkClass c) {
  net::LinkSpec l;
  l.external_id = id;
  l.from = from;
  l.to = to;
  l.length_m = length_m;
  l.free_flow_time_s = 600;
  l.capacity_vph = 1000;
  l.link_class = c;
  return l;
}

// With `zones`: one zone per node (external ids 1, 2, 3, centroids at the nodes).
inline net::RoadNetwork three_links(bool zones = false) {
  net::NetworkBuilder b;
  b.add_node({.external_id = 1, .lon = 0.2, .lat = 0.2});
  b.add_node({.external_id = 2, .lon = 0.8, .lat = 0.2});
  b.add_node({.external_id = 3, .lon = 3.0, .lat = 0.2});
  b.add_link(link(1, 1, 2, 10000, net::LinkClass::kArterial));
  b.add_link(link(2, 2, 3, 20000, net::LinkClass::kArterial));
  b.add_link(link(3, 2, 1, 10000, net::LinkClass::kConnector));
  for (std::int64_t z = 1; zones && z <= 3; ++z) {
    net::ZoneSpec zone;
    zone.external_id = z;
    zone.centroid = z;
    b.add_zone(zone);
  }
  return b.build();
}

}  // namespace ouflow::test
