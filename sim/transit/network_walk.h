// Walking along the road network (instead of straight lines), for footpaths between stops and
// access/egress walks between points and stops.
//
// Model:
//   - The walk graph: every road link whose class is walkable, usable in both directions, at its
//     length_m. kExpressway (no sidewalks) and kTransitOnly links are not walkable; connectors
//     and every other class are. Links of non-finite or negative length are left out.
//   - A point (or stop) joins the walk graph at its nearest walkable node (haversine, among nodes
//     that have lon/lat and touch a walkable link; ties to the lower node id), by a straight-line
//     walk to it.
//   - The network walking distance between points p and q is
//       d(p, node(p)) + shortest walk-graph path(node(p), node(q)) + d(node(q), q),
//     and 0 when p and q have identical coordinates. There is no straight-line shortcut: two
//     stops 100 m apart across a river are as far apart as the nearest bridge makes them.
//     With link lengths at least the straight line between their ends this distance is at least
//     the haversine distance (triangle inequality).
//   - Walking time: walk_time_s(distance, walk_speed_mps), as for straight-line walks.
//
// Determinism: the searches settle nodes by (distance, node id) and every result is sorted, so
// outputs are bit-identical across runs and thread counts.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "networks/geo.h"
#include "networks/link_class.h"
#include "networks/road_network.h"
#include "networks/transit_network.h"
#include "sim/execution.h"
#include "sim/transit/raptor.h"

namespace ouflow::sim {

// True for link classes a pedestrian may walk along (not kExpressway, not kTransitOnly).
bool walkable(net::LinkClass c);

// Where a point joins the walk graph: a node and the straight-line distance to it.
struct WalkSnap {
  std::uint32_t node = 0;
  double distance_m = 0.0;
};

// The undirected walk graph of a road network, with a nearest-node lookup. Immutable after
// construction; shared freely between threads.
class WalkGraph {
 public:
  // Throws std::invalid_argument when no node touching a walkable link has lon/lat.
  explicit WalkGraph(const net::RoadNetwork& road);

  std::uint32_t node_count() const { return static_cast<std::uint32_t>(first_.size() - 1); }
  // Nearest walkable node with lon/lat (haversine; ties to the lower node id). nullopt for a point
  // without finite coordinates.
  std::optional<WalkSnap> snap(double lon, double lat) const;
  // Undirected adjacency: neighbours and edge lengths of node n.
  std::span<const std::uint32_t> neighbours(std::uint32_t n) const {
    return {to_.data() + first_[n], to_.data() + first_[n + 1]};
  }
  std::span<const double> lengths_m(std::uint32_t n) const {
    return {length_m_.data() + first_[n], length_m_.data() + first_[n + 1]};
  }

 private:
  std::vector<std::uint32_t> first_;
  std::vector<std::uint32_t> to_;
  std::vector<double> length_m_;
  // Snappable nodes sorted by (lat, id), with their coordinates.
  std::vector<std::uint32_t> snap_node_;
  std::vector<double> snap_lat_, snap_lon_;
};

// Bounded one-to-all search on a WalkGraph with a reusable workspace (one per thread).
class WalkSearch {
 public:
  static constexpr double kUnreached = std::numeric_limits<double>::infinity();

  explicit WalkSearch(const WalkGraph& graph);
  // Settles every node within limit_m of `source` (none when limit_m < 0). Returns them as
  // (node, metres) in settle order: non-decreasing distance, ties by node id.
  std::span<const std::pair<std::uint32_t, double>> run(std::uint32_t source, double limit_m);
  // Distance found by the last run; kUnreached for nodes it did not settle.
  double distance_m(std::uint32_t node) const;

 private:
  const WalkGraph* graph_;
  std::vector<double> dist_;
  std::vector<std::uint8_t> done_;
  std::vector<std::uint32_t> touched_;
  std::vector<std::pair<std::uint32_t, double>> settled_;
};

// Walks within reach: for each origin, the targets within max_walk_m network walking distance,
// as a CSR origin -> (target index, metres), targets in index order. Origins and targets without
// finite coordinates have no walks. Parallel over origins (OpenMP, `exec`), bit-identical for any
// thread count.
struct NetworkWalks {
  std::vector<std::uint32_t> first{0};
  std::vector<std::uint32_t> target;
  std::vector<double> distance_m;
};
NetworkWalks network_walks(const WalkGraph& graph, std::span<const net::LonLat> origins,
                           std::span<const net::LonLat> targets, double max_walk_m,
                           Execution exec = {});

// The lon/lat of every stop in id order (NaN where the stop has none).
std::vector<net::LonLat> stop_positions(const net::TransitNetwork& net);

// Footpaths as Footpaths::build() makes them, with network walking in place of straight lines:
// transfers.txt rows decide exactly as there (a row without min_transfer_time keeps the
// straight-line walking time); a pair of distinct stops without a row gets a footpath when its
// network walking distance d <= transfer_radius_m, taking walk_time_s(d, walk_speed_mps).
// Throws std::invalid_argument on bad WalkParams, or (from WalkGraph) when the road network has no
// walkable node with lon/lat. The network walks run in parallel (`exec`).
Footpaths build_network_footpaths(const net::TransitNetwork& net, const net::RoadNetwork& road,
                                  const WalkParams& params, Execution exec = {});

}  // namespace ouflow::sim
