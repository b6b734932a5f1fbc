// One-to-all shortest paths (Dijkstra) over a RoadNetwork, with a reusable workspace.
//
// A Dijkstra object owns arrays sized once for the network (distance, parent link, heap, heap
// positions, settle order); run() allocates nothing and resets only the nodes the previous run
// touched, so one object per thread answers any number of trees at the cost of what they reach.
//
// Costs: a span of link_count() doubles indexed by LinkId value, each >= 0 (+infinity closes a
// link). A negative cost that would improve an already settled node throws
// std::invalid_argument; other negative costs and NaN give unspecified (but memory-safe) results.
//
// Through rule (TNTP <FIRST THRU NODE>): a node with through_allowed()[n] == 0 may be the
// source (its out-links are scanned), and may be reached and settled, but no path continues out
// of it otherwise.
//
// Determinism: a label changes only on a strictly smaller distance, and the heap (8-ary, ordered
// by distance alone) is driven by nothing but the network, the costs and the source. So the
// distances, parent links and settle order are bit-identical across runs, objects and threads.
// Among paths of equal cost the parent is the first offer in settle order (then out-link order).
// Which of two nodes at equal distance settles first follows from the heap's shape, not from node
// ids, so another heap layout may pick another of the equally short paths; ordering the heap by
// (distance, node id) would make that choice canonical but made trees 1.5-2x slower (measurements
// in sim/shortest_path.cpp).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "networks/ids.h"
#include "networks/road_network.h"

namespace ouflow::sim {

class Dijkstra {
 public:
  static constexpr double kUnreachable = std::numeric_limits<double>::infinity();

  // Keeps a pointer to `net`, which must outlive this object and stay unchanged. Copyable and
  // movable (one workspace per thread).
  explicit Dijkstra(const net::RoadNetwork& net);

  // Full tree from `source`: afterwards every node's distance and parent link are final.
  // Throws std::invalid_argument on a bad source or a cost span of the wrong size.
  void run(net::NodeId source, std::span<const double> link_cost);

  // Stops as soon as every node in `targets` is settled (or nothing is left to scan).
  // Afterwards settled nodes (all reached targets among them) hold final distances and parents,
  // identical to a full run's; other reached nodes hold upper bounds. With no targets only the
  // source is settled. Throws std::invalid_argument on a bad target (before running).
  void run_to_targets(net::NodeId source, std::span<const double> link_cost,
                      std::span<const net::NodeId> targets);

  const net::RoadNetwork& network() const { return *net_; }
  net::NodeId source() const { return source_; }

  // kUnreachable for nodes not reached by the last run.
  double distance(net::NodeId n) const { return distance_[n.value()]; }
  // Last link of the path to `n`; invalid for the source and for nodes not reached.
  net::LinkId parent_link(net::NodeId n) const { return parent_[n.value()]; }
  bool reached(net::NodeId n) const { return distance_[n.value()] != kUnreachable; }
  bool settled(net::NodeId n) const { return heap_pos_[n.value()] == kSettled; }
  // Indexed by NodeId value.
  const std::vector<double>& distances() const { return distance_; }
  const std::vector<net::LinkId>& parent_links() const { return parent_; }
  // Nodes settled by the last run, in the order they were settled: non-decreasing distance,
  // every node after the tail of its parent link (the source first). Walk it backwards to push
  // flows from the leaves to the source.
  std::span<const net::NodeId> settle_order() const {
    return {settle_order_.data(), settled_count_};
  }
  std::uint32_t settled_count() const { return settled_count_; }

  // Writes the links of the path from the source to `target`, in travel order, into `links`
  // (empty when target is the source) and returns true; returns false and leaves `links` empty
  // when `target` was not reached. Follows parent links, so after run_to_targets() the path is
  // a shortest one only for settled targets.
  bool path_to(net::NodeId target, std::vector<net::LinkId>& links) const;

 private:
  static constexpr std::uint32_t kNotReached = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kSettled = kNotReached - 1;

  struct HeapEntry {
    double key;
    std::uint32_t node;
  };

  void start(net::NodeId source, std::span<const double> link_cost);
  template <bool kStopAtTargets>
  void scan(std::span<const double> link_cost);

  const net::RoadNetwork* net_;
  net::NodeId source_;
  // Every array has node_count() entries from construction on.
  std::vector<double> distance_;
  std::vector<net::LinkId> parent_;
  std::vector<std::uint32_t> heap_pos_;  // heap slot of a node in the heap, kSettled, kNotReached
  std::vector<HeapEntry> heap_;          // the heap is heap_[0, heap_size) inside scan()
  std::vector<std::uint32_t> touched_;   // nodes whose labels the last run set: [0, touched_count_)
  std::vector<net::NodeId> settle_order_;  // [0, settled_count_)
  std::vector<std::uint8_t> is_target_;
  std::uint32_t touched_count_ = 0;
  std::uint32_t settled_count_ = 0;
  std::uint32_t targets_left_ = 0;
};

}  // namespace ouflow::sim
