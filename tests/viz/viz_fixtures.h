// Tiny inline networks for the visualizer tests.
#pragma once

#include <memory>

#include "networks/model.h"
#include "networks/network_builder.h"
#include "scenarios/scenario.h"
#include "sim/road/assignment_output.h"
#include "tests/scenarios/fixture.h"
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

// The tiny GMNS network of tests/scenarios/fixture.h (zones 1 and 4) with a scenario that adds
// a magenta rail line R1 along it (stations 西站 and 东站), a CBD at node 3, and places in a
// zone_attributes.csv beside the network. Returns the scenario file.
inline std::filesystem::path write_viz_scenario(const TempDir& dir) {
  write_tiny_network(dir);
  dir.write("net/zone_attributes.csv",
            "zone_id,county_zh,county_en,region,is_county_seat,place\n"
            "1,鹿城区,Lucheng,main_centre,1,鹿城区\n"
            "4,瓯海区,Ouhai,main_centre,0,娄桥\n");
  return write_scenario(
      dir, "viz.pbtxt",
      "name: \"viz\"\nyear: 2020\n"
      "study_area { cbd { lat: 0 lon: 0.02 } }\n"
      "modification { add_transit_line { id: \"R1\" mode: RAIL color: \"FF00FF\" speed_kmh: 60 "
      "stop { id: \"w\" name: \"西站\" lat: 0 lon: 0 } "
      "stop { id: \"m\" name: \"中\" lat: 0 lon: 0.01 } "
      "stop { id: \"e\" name: \"东站\" lat: 0 lon: 0.02 } "
      "period { start: \"05:00\" end: \"23:00\" headway_min: 10 } vehicle_capacity: 1000 } }\n");
}

// An `ouflow evaluate`-like output folder for that scenario: every link at 500 veh/h, zone 1
// at 30 min by car and 50 by transit, zone 4 at 80 and 90, R1 with 1000 boardings and a
// 600 pax/h maximum section load.
inline std::filesystem::path write_viz_results(const TempDir& dir, const net::RoadNetwork& road,
                                               const std::string& name = "results") {
  const auto out = dir.path() / name;
  std::filesystem::create_directories(out);
  const std::vector<double> flows(road.link_count(), 500.0);
  sim::write_link_flows_csv(out / "link_flows.csv", road, flows, sim::NumberFormat::kRounded);
  dir.write(name + "/zones.csv",
            "zone_id,name,population,car_to_cbd_min,transit_to_cbd_min\n"
            "1,West,100,30,50\n"
            "4,North,200,80,90\n");
  dir.write(name + "/line_loads.csv",
            "route_id,name,mode,boardings,passenger_km,max_section_load\n"
            "R1,R1,rail,1000,3000,600\n");
  return out;
}

}  // namespace ouflow::test
