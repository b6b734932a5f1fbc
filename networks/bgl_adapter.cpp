#include "networks/bgl_adapter.h"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/property_map.hpp>
#include <boost/range/iterator_range.hpp>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "networks/input_error.h"

namespace ouflow::net {
namespace {

using CsrGraph =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, std::uint32_t, std::uint32_t>;
using Vertex = boost::graph_traits<CsrGraph>::vertex_descriptor;
using EdgeDesc = boost::graph_traits<CsrGraph>::edge_descriptor;

static_assert(std::is_same_v<Vertex, std::uint32_t>);

// (tail, head) of every link in LinkId order: sorted by tail, as edges_are_sorted requires.
std::vector<std::pair<std::uint32_t, std::uint32_t>> sorted_edge_list(const RoadNetwork& net) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(net.link_count());
  for (NodeId u : net.nodes()) {
    for (LinkId l : net.out_links(u)) edges.emplace_back(u.value(), net.head()[l].value());
  }
  return edges;
}

void check_node(const char* what, NodeId v, std::uint32_t n) {
  if (!v.valid() || v.value() >= n) {
    throw std::invalid_argument(std::string(what) + " node " + std::to_string(v.value()) +
                                " is not in the graph of " + std::to_string(n) + " vertices");
  }
}

}  // namespace

struct BglGraph::Impl {
  Impl(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges, std::uint32_t n)
      : g(boost::edges_are_sorted, edges.begin(), edges.end(), n,
          static_cast<std::uint32_t>(edges.size())) {}
  CsrGraph g;
};

BglGraph::BglGraph(const RoadNetwork& net) {
  impl_ = std::make_unique<Impl>(sorted_edge_list(net), net.node_count());
  const CsrGraph& g = impl_->g;
  if (num_vertices(g) != net.node_count() || num_edges(g) != net.link_count()) {
    throw InvariantError("BGL CSR view: vertex or edge count differs from the road network");
  }
  // Edge index i must be LinkId i, with the same endpoints, for every out-edge of every vertex.
  const auto index = get(boost::edge_index, g);
  for (NodeId u : net.nodes()) {
    const IdRange<LinkId> ours = net.out_links(u);
    if (boost::out_degree(u.value(), g) != ours.size()) {
      throw InvariantError("BGL CSR view: out-degree of node " + std::to_string(u.value()) +
                           " differs from the road network");
    }
    auto l = ours.begin();
    for (const EdgeDesc e : boost::make_iterator_range(boost::out_edges(u.value(), g))) {
      if (link_of_edge(get(index, e)) != *l || boost::source(e, g) != u.value() ||
          boost::target(e, g) != net.head()[*l].value()) {
        throw InvariantError("BGL CSR view: edge index " + std::to_string(get(index, e)) +
                             " does not match link " + std::to_string((*l).value()));
      }
      ++l;
    }
  }
}

BglGraph::~BglGraph() = default;
BglGraph::BglGraph(BglGraph&&) noexcept = default;
BglGraph& BglGraph::operator=(BglGraph&&) noexcept = default;

std::uint32_t BglGraph::vertex_count() const { return num_vertices(impl_->g); }
std::uint32_t BglGraph::edge_count() const { return num_edges(impl_->g); }

std::uint32_t BglGraph::out_degree(NodeId v) const {
  check_node("out_degree:", v, vertex_count());
  return boost::out_degree(v.value(), impl_->g);
}

std::vector<std::uint32_t> BglGraph::in_degrees() const {
  const CsrGraph& g = impl_->g;
  std::vector<std::uint32_t> deg(num_vertices(g), 0);
  for (const EdgeDesc e : boost::make_iterator_range(boost::edges(g))) ++deg[boost::target(e, g)];
  return deg;
}

std::vector<BglGraph::Edge> BglGraph::out_edges(NodeId v) const {
  check_node("out_edges:", v, vertex_count());
  const CsrGraph& g = impl_->g;
  const auto index = get(boost::edge_index, g);
  std::vector<Edge> out;
  for (const EdgeDesc e : boost::make_iterator_range(boost::out_edges(v.value(), g))) {
    out.push_back({get(index, e), NodeId{boost::source(e, g)}, NodeId{boost::target(e, g)}});
  }
  return out;
}

std::vector<BglGraph::Edge> BglGraph::edges() const {
  const CsrGraph& g = impl_->g;
  const auto index = get(boost::edge_index, g);
  std::vector<Edge> out;
  out.reserve(num_edges(g));
  for (const EdgeDesc e : boost::make_iterator_range(boost::edges(g))) {
    out.push_back({get(index, e), NodeId{boost::source(e, g)}, NodeId{boost::target(e, g)}});
  }
  return out;
}

void BglGraph::dijkstra(NodeId source, std::span<const double> link_cost,
                        std::span<double> distance_out) const {
  const CsrGraph& g = impl_->g;
  check_node("dijkstra: source", source, vertex_count());
  if (link_cost.size() != num_edges(g)) {
    throw std::invalid_argument("dijkstra: " + std::to_string(link_cost.size()) +
                                " link costs for " + std::to_string(num_edges(g)) + " edges");
  }
  if (distance_out.size() != num_vertices(g)) {
    throw std::invalid_argument("dijkstra: distance output has " +
                                std::to_string(distance_out.size()) + " entries for " +
                                std::to_string(num_vertices(g)) + " vertices");
  }
  // link_cost is indexed by LinkId value == edge index (checked in the constructor).
  const auto weight =
      boost::make_iterator_property_map(link_cost.data(), get(boost::edge_index, g));
  const auto distance =
      boost::make_iterator_property_map(distance_out.data(), get(boost::vertex_index, g));
  boost::dijkstra_shortest_paths(g, source.value(),
                                 boost::weight_map(weight).distance_map(distance).distance_inf(
                                     std::numeric_limits<double>::infinity()));
}

std::vector<double> BglGraph::dijkstra(NodeId source, std::span<const double> link_cost) const {
  std::vector<double> d(vertex_count());
  dijkstra(source, link_cost, d);
  return d;
}

}  // namespace ouflow::net
