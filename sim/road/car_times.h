// Car travel times on the road network: link times at free flow or congested by an assignment's
// flows, node times from a point, and zone-to-zone times.
//
// Model: a car takes the fastest path (least travel time; tolls and distance costs do not steer
// it, unlike assignment's generalized cost), honouring TNTP's through rule (zone nodes start or
// end paths only). A congested link takes its volume-delay time at the given flow (BPR:
// t0 * (1 + alpha * (flow / capacity)^beta); constant links keep t0), the time the assignment
// reported for it. Times in seconds.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "networks/ids.h"
#include "networks/road_network.h"
#include "sim/execution.h"

namespace ouflow::sim {

// Link times by LinkId value: free flow when `flow_vph` is empty, otherwise each link's
// volume-delay time at its flow. Throws std::invalid_argument when `flow_vph` is neither empty nor
// link_count() long, or holds a negative or non-finite flow.
std::vector<double> car_link_times_s(const net::RoadNetwork& net,
                                     std::span<const double> flow_vph = {});

// The node nearest (haversine) to lon/lat among nodes that have lon/lat; nullopt when none has.
// Ties go to the lower node id.
std::optional<net::NodeId> nearest_node(const net::RoadNetwork& net, double lon, double lat);

// Row-major zones x zones fastest-path times (seconds) between zone centroids; the diagonal is 0,
// +infinity where no path exists. Parallel over origins, bit-identical for any thread count.
std::vector<double> car_zone_times_s(const net::RoadNetwork& net,
                                     std::span<const double> link_time_s, Execution exec = {});

}  // namespace ouflow::sim
