// A Boost.Graph view of a RoadNetwork, for calling BGL algorithms on the static network (and
// for using BGL's Dijkstra as a test oracle and benchmark baseline for sim::Dijkstra).
//
// The view is a boost::compressed_sparse_row_graph<directedS, no_property, no_property,
// no_property, uint32_t, uint32_t> built with `edges_are_sorted` from our tail-sorted CSR
// (RoadNetwork::first_out()/head()). Its type and every Boost header stay inside
// bgl_adapter.cpp: includers of this header see a small class and pull no Boost headers.
//
// Edge index <-> LinkId: BGL copies a sorted edge list in the order given, so BGL edge index i
// is LinkId i. BglGraph's constructor checks this against BGL's own out_edges()/edge_index
// (InvariantError if it ever did not hold); edge_of_link()/link_of_edge() are the one place
// that converts, so a per-link attribute vector indexed by LinkId value is directly a BGL edge
// property map over edge_index.
//
// The view copies the structure (n + 1 offsets and m heads, 4 bytes each); it does not keep a
// reference to the RoadNetwork. All const members are safe to call from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "networks/ids.h"
#include "networks/road_network.h"

namespace ouflow::net {

constexpr LinkId link_of_edge(std::uint32_t edge_index) { return LinkId{edge_index}; }
constexpr std::uint32_t edge_of_link(LinkId l) { return l.value(); }

class BglGraph {
 public:
  // Throws InvariantError if BGL's edge numbering does not follow our link ids.
  explicit BglGraph(const RoadNetwork& net);
  ~BglGraph();
  BglGraph(BglGraph&&) noexcept;
  BglGraph& operator=(BglGraph&&) noexcept;
  BglGraph(const BglGraph&) = delete;
  BglGraph& operator=(const BglGraph&) = delete;

  // What BGL reports: num_vertices(g), num_edges(g), out_degree(v, g).
  std::uint32_t vertex_count() const;
  std::uint32_t edge_count() const;
  std::uint32_t out_degree(NodeId v) const;
  // In-degree of every vertex, counted by target(e, g) over edges(g): the directedS CSR graph
  // stores no in-edges, so BGL has no in_degree() for it.
  std::vector<std::uint32_t> in_degrees() const;

  struct Edge {
    std::uint32_t index;  // get(edge_index, g, e)
    NodeId source, target;
    bool operator==(const Edge&) const = default;
  };
  // out_edges(v, g) in BGL's order.
  std::vector<Edge> out_edges(NodeId v) const;
  // edges(g) in BGL's order.
  std::vector<Edge> edges() const;

  // boost::dijkstra_shortest_paths from `source` with weight link_cost[edge_of_link(l)];
  // writes the distance of every vertex into distance_out (size vertex_count()), +infinity
  // where unreachable. link_cost needs edge_count() entries, all non-negative and not NaN (BGL
  // throws boost::negative_edge on a negative cost it examines). BGL cannot express TNTP's
  // through rule: through_allowed() is ignored, every node passes traffic.
  // Throws std::invalid_argument on a bad source or span size.
  void dijkstra(NodeId source, std::span<const double> link_cost,
                std::span<double> distance_out) const;
  std::vector<double> dijkstra(NodeId source, std::span<const double> link_cost) const;
  std::vector<double> dijkstra(NodeId source, const IdVector<LinkId, double>& link_cost) const {
    return dijkstra(source, std::span<const double>(link_cost.raw()));
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ouflow::net
