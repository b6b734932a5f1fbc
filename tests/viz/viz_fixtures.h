// Tiny inline networks for the visualizer tests.
#pragma once

#include <memory>

#include "networks/model.h"
#include "networks/network_builder.h"
#include "viz/map_data.h"

namespace ouflow::test {

// A(0,0) -> B(0,1000) expressway, B -> C(1000,1000) arterial, local x/y in metres; each link
// 1000 m, 60 s at free flow, capacity 1000 veh/h, BPR 0.15 / 4.
inline net::Model corner_model() {
  net::NetworkBuilder b;
  b.add_node({.external_id = 1, .x = 0, .y = 0});
  b.add_node({.external_id = 2, .x = 0, .y = 1000});
  b.add_node({.external_id = 3, .x = 1000, .y = 1000});
  net::LinkSpec l;
  l.length_m = 1000, l.free_flow_time_s = 60, l.capacity_vph = 1000;
  l.external_id = 1, l.from = 1, l.to = 2, l.link_class = net::LinkClass::kExpressway;
  b.add_link(l);
  l.external_id = 2, l.from = 2, l.to = 3, l.link_class = net::LinkClass::kArterial;
  b.add_link(l);
  net::Model m;
  m.road = b.build();
  return m;
}

// A straight road A(0,0) -> B(1000,0) -> C(2000,0), 600 s per link.
inline net::Model line_model() {
  net::NetworkBuilder b;
  for (int i = 0; i < 3; ++i) b.add_node({.external_id = i + 1, .x = 1000.0 * i, .y = 0});
  net::LinkSpec l;
  l.length_m = 1000, l.free_flow_time_s = 600, l.capacity_vph = 1000;
  l.external_id = 1, l.from = 1, l.to = 2;
  b.add_link(l);
  l.external_id = 2, l.from = 2, l.to = 3;
  b.add_link(l);
  net::Model m;
  m.road = b.build();
  return m;
}

inline viz::LoadedMap loaded(net::Model m, viz::MapSources src = {}) {
  viz::LoadedMap out;
  auto model = std::make_shared<net::Model>(std::move(m));
  out.map = viz::build_map_data(*model, src);
  out.model = std::move(model);
  return out;
}

}  // namespace ouflow::test
