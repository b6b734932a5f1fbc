// Shortest-path trees from every origin zone at given link costs, in parallel (OpenMP) with one
// Dijkstra workspace per thread, and what assignment needs from them: the all-or-nothing load
// and the shortest-path total cost (SPTT).
//
// Determinism: origins are cut into fixed blocks (independent of the thread count); each block
// sums its origins' trees in origin order into its own buffer, and the blocks are added serially
// in block order. Per-origin SPTT terms are stored and summed in origin order.
#pragma once

#include <span>
#include <vector>

#include "networks/ids.h"
#include "networks/road_network.h"
#include "networks/trip_table.h"
#include "sim/execution.h"
#include "sim/road/shortest_path.h"

namespace ouflow::sim {

// The zones that send traffic and, per origin, the destinations they send it to.
struct OdStructure {
  struct Destination {
    net::NodeId node;
    double trips;
  };
  std::vector<net::ZoneId> origins;
  std::vector<net::NodeId> origin_node;
  std::vector<std::vector<Destination>> destinations;  // per origin, ascending zone id
  double total_trips = 0.0;                            // assigned (no intrazonal)

  OdStructure(const net::RoadNetwork& net, const net::TripTable& demand);
};

class AllOrNothing {
 public:
  // `exec`: the threads of every load() and sptt().
  AllOrNothing(const net::RoadNetwork& net, const net::TripTable& demand, Execution exec = {});

  const OdStructure& od() const { return od_; }

  // Trees at `cost`; writes the all-or-nothing flows into `flow` (by LinkId value) and returns
  // SPTT. Throws std::runtime_error naming an OD pair with demand but no path.
  double load(std::span<const double> cost, std::span<double> flow);
  // SPTT only.
  double sptt(std::span<const double> cost);

 private:
  template <bool kLoad>
  double run(std::span<const double> cost, std::span<double> flow);

  const net::RoadNetwork& net_;
  OdStructure od_;
  Execution exec_;
  std::vector<Dijkstra> workers_;                // one per thread
  std::vector<std::vector<double>> node_flow_;   // per thread, by node
  std::vector<std::vector<double>> block_flow_;  // per block, by link
  std::vector<double> origin_sptt_;
  std::size_t block_size_;
};

}  // namespace ouflow::sim
