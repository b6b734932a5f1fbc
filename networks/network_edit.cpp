#include "networks/network_edit.h"

namespace ouflow::net {

RoadRecords to_records(const RoadNetwork& net) {
  RoadRecords r;
  r.metadata = net.metadata();
  r.nodes.reserve(net.node_count());
  for (NodeId n : net.nodes()) {
    NodeSpec s;
    s.external_id = net.node_external_id()[n];
    s.lon = net.lon()[n];
    s.lat = net.lat()[n];
    s.x = net.x()[n];
    s.y = net.y()[n];
    s.through_allowed = net.through_allowed()[n] != 0;
    r.nodes.push_back(s);
  }
  r.links.reserve(net.link_count());
  for (LinkId l : net.input_order()) {
    LinkSpec s;
    s.external_id = net.link_external_id()[l];
    s.from = net.node_external_id()[net.tail()[l]];
    s.to = net.node_external_id()[net.head()[l]];
    s.length_m = net.length_m()[l];
    s.free_flow_time_s = net.free_flow_time_s()[l];
    s.capacity_vph = net.capacity_vph()[l];
    s.lanes = net.lanes()[l];
    s.speed_kmh = net.speed_kmh()[l];
    s.link_class = net.link_class()[l];
    s.volume_delay = net.volume_delay()[l];
    s.alpha = net.alpha()[l];
    s.beta = net.beta()[l];
    s.toll = net.toll()[l];
    s.source_type = net.source_type()[l];
    s.name = net.link_name()[l];
    r.links.push_back(std::move(s));
  }
  r.zones.reserve(net.zone_count());
  for (ZoneId z : net.zones()) {
    ZoneSpec s;
    s.external_id = net.zone_external_id()[z];
    s.centroid = net.node_external_id()[net.zone_centroid()[z]];
    s.population = net.zone_population()[z];
    s.jobs = net.zone_jobs()[z];
    s.name = net.zone_name()[z];
    r.zones.push_back(std::move(s));
  }
  return r;
}

RoadNetwork build_network(const RoadRecords& records) {
  NetworkBuilder b;
  b.set_metadata(records.metadata);
  for (const NodeSpec& s : records.nodes) b.add_node(s);
  for (const LinkSpec& s : records.links) b.add_link(s);
  for (const ZoneSpec& s : records.zones) b.add_zone(s);
  return b.build();
}

}  // namespace ouflow::net
