// Editing an immutable road network: copy it out into the builder's records (nodes, links in
// input order, zones, metadata), change the records, and build a new network from them.
//
// to_records() followed by build_network() gives back an equal network (operator==): links are
// listed in input_order(), so the builder's stable sort by tail lays them out in the same slots.
// Scenario modifications (scenarios/) use this to apply add/modify/close road to a copy.
#pragma once

#include <vector>

#include "networks/network_builder.h"
#include "networks/road_network.h"

namespace ouflow::net {

struct RoadRecords {
  NetworkMetadata metadata;
  std::vector<NodeSpec> nodes;  // in NodeId order
  std::vector<LinkSpec> links;  // in input order
  std::vector<ZoneSpec> zones;  // in ZoneId order
};

RoadRecords to_records(const RoadNetwork& net);
// Throws BuildError (with the builder's field name) when a record breaks a rule.
RoadNetwork build_network(const RoadRecords& records);

}  // namespace ouflow::net
