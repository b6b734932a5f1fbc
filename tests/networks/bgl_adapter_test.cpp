// The Boost.Graph CSR view: edge index i is LinkId i, parallel links and self-loops survive,
// degrees agree with ours, and BGL's Dijkstra runs over it with per-link costs.
#include "networks/bgl_adapter.h"

// bgl_adapter.h promises to keep Boost.Graph away from its includers.
#ifdef BOOST_GRAPH_COMPRESSED_SPARSE_ROW_GRAPH_HPP
#error "networks/bgl_adapter.h pulled in Boost's compressed_sparse_row_graph.hpp"
#endif

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

#include "networks/network_builder.h"
#include "networks/road_network.h"
#include "tests/common/seed.h"

namespace ouflow::net {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20240611;

// LinkSpec by assignment: designated initializers would leave `name` to
// -Wmissing-field-initializers.
LinkSpec link_spec(std::int64_t id, std::int64_t from, std::int64_t to, double fft_s) {
  LinkSpec s;
  s.external_id = id;
  s.from = from;
  s.to = to;
  s.free_flow_time_s = fft_s;
  s.capacity_vph = 1.0;
  return s;
}

// Nodes 1..n; links in the given order (external link id = position in the list).
RoadNetwork make_network(std::int64_t n,
                         const std::vector<std::pair<std::int64_t, std::int64_t>>& links,
                         const std::vector<double>& fft = {}) {
  NetworkBuilder b;
  for (std::int64_t i = 1; i <= n; ++i) b.add_node({.external_id = i});
  for (std::size_t k = 0; k < links.size(); ++k) {
    b.add_link(link_spec(static_cast<std::int64_t>(k), links[k].first, links[k].second,
                         fft.empty() ? 1.0 : fft[k]));
  }
  return b.build();
}

// A random multigraph whose link list is not sorted by tail, with parallel links and loops.
RoadNetwork random_network(std::mt19937_64& rng, std::int64_t n, std::size_t m) {
  std::vector<std::pair<std::int64_t, std::int64_t>> links;
  for (std::size_t k = 0; k < m; ++k) {
    const auto u = static_cast<std::int64_t>(1 + rng() % static_cast<std::uint64_t>(n));
    const auto v = static_cast<std::int64_t>(1 + rng() % static_cast<std::uint64_t>(n));
    links.emplace_back(u, v);
    if (rng() % 8 == 0) links.emplace_back(u, v);   // parallel
    if (rng() % 16 == 0) links.emplace_back(u, u);  // self-loop
  }
  return make_network(n, links);
}

TEST(BglAdapter, EdgeIndexIsLinkIdEvenWhenInputWasNotSortedByTail) {
  // Tails 3, 1, 2, 1, 3: the builder sorts links by tail, BGL must number them the same way.
  const RoadNetwork net = make_network(3, {{3, 1}, {1, 2}, {2, 3}, {1, 3}, {3, 2}});
  ASSERT_NE(net.input_order()[0], LinkId{0});  // the reordering did happen
  const BglGraph g(net);
  ASSERT_EQ(g.edge_count(), net.link_count());
  const std::vector<BglGraph::Edge> edges = g.edges();
  ASSERT_EQ(edges.size(), net.link_count());
  for (std::uint32_t i = 0; i < edges.size(); ++i) {
    const LinkId l = link_of_edge(edges[i].index);
    EXPECT_EQ(l, LinkId{i});
    EXPECT_EQ(edge_of_link(l), edges[i].index);
    EXPECT_EQ(edges[i].source, net.tail()[l]) << "edge " << i;
    EXPECT_EQ(edges[i].target, net.head()[l]) << "edge " << i;
  }
}

TEST(BglAdapter, EdgeIndexIsLinkIdOnRandomMultigraphs) {
  const test::TestSeed seed(kTestSeed);
  std::mt19937_64 rng(seed.value());
  for (std::int64_t n : {1, 2, 7, 60, 500}) {
    const RoadNetwork net = random_network(rng, n, static_cast<std::size_t>(3 * n));
    const BglGraph g(net);
    for (NodeId u : net.nodes()) {
      const std::vector<BglGraph::Edge> out = g.out_edges(u);
      ASSERT_EQ(out.size(), net.out_links(u).size());
      std::size_t k = 0;
      for (LinkId l : net.out_links(u)) {
        EXPECT_EQ(out[k].index, edge_of_link(l));
        EXPECT_EQ(out[k].source, u);
        EXPECT_EQ(out[k].target, net.head()[l]);
        ++k;
      }
    }
  }
}

TEST(BglAdapter, ParallelLinksAndSelfLoopsArePreserved) {
  // Three parallel 1->2 links, a self-loop on 2, and a 2->1 link.
  const RoadNetwork net = make_network(2, {{1, 2}, {2, 2}, {1, 2}, {2, 1}, {1, 2}});
  const BglGraph g(net);
  const NodeId n1 = *net.find_node(1), n2 = *net.find_node(2);
  EXPECT_EQ(g.vertex_count(), 2u);
  EXPECT_EQ(g.edge_count(), 5u);
  EXPECT_EQ(g.out_degree(n1), 3u);
  EXPECT_EQ(g.out_degree(n2), 2u);
  const auto out1 = g.out_edges(n1);
  ASSERT_EQ(out1.size(), 3u);
  for (const auto& e : out1) EXPECT_EQ(e.target, n2);
  // Distinct indices: the three parallel links are three edges, not one.
  EXPECT_NE(out1[0].index, out1[1].index);
  EXPECT_NE(out1[1].index, out1[2].index);
  const auto out2 = g.out_edges(n2);
  ASSERT_EQ(out2.size(), 2u);
  EXPECT_EQ(out2[0].target, n2);  // the loop came first in the file among tail 2
  EXPECT_EQ(out2[1].target, n1);
  EXPECT_EQ(g.in_degrees(), (std::vector<std::uint32_t>{1, 4}));

  // BGL's Dijkstra picks the cheapest of the parallel links, by edge index -> LinkId cost.
  std::vector<double> cost(net.link_count(), 9.0);
  cost[edge_of_link(LinkId{out1[1].index})] = 2.0;
  cost[edge_of_link(LinkId{out1[2].index})] = 5.0;
  EXPECT_EQ(g.dijkstra(n1, cost), (std::vector<double>{0.0, 2.0}));
}

TEST(BglAdapter, DegreesMatchTheNetwork) {
  const test::TestSeed seed(kTestSeed);
  std::mt19937_64 rng(seed.value() + 1);
  for (std::int64_t n : {1, 3, 40, 800}) {
    // Sparse enough that some nodes have no in- or out-links.
    const RoadNetwork net = random_network(rng, n, static_cast<std::size_t>(n));
    const BglGraph g(net);
    ASSERT_EQ(g.vertex_count(), net.node_count());
    ASSERT_EQ(g.edge_count(), net.link_count());
    const std::vector<std::uint32_t> in = g.in_degrees();
    ASSERT_EQ(in.size(), net.node_count());
    for (NodeId v : net.nodes()) {
      EXPECT_EQ(g.out_degree(v), net.out_links(v).size()) << "node " << v;
      EXPECT_EQ(in[v.value()], net.in_links(v).size()) << "node " << v;
    }
  }
}

TEST(BglAdapter, DijkstraOnAHandCheckedNetwork) {
  //  1 -4-> 2 -1-> 4      5 is isolated; 3 -> 1 is never useful from 1.
  //  1 -1-> 3 -2-> 2
  //  3 -7-> 4, 3 -0-> 1
  const RoadNetwork net = make_network(5, {{1, 2}, {1, 3}, {3, 2}, {2, 4}, {3, 4}, {3, 1}},
                                       {4.0, 1.0, 2.0, 1.0, 7.0, 0.0});
  const BglGraph g(net);
  const std::vector<double> d = g.dijkstra(*net.find_node(1), net.free_flow_time_s());
  EXPECT_EQ(d, (std::vector<double>{0.0, 3.0, 1.0, 4.0, kInf}));
  const std::vector<double> d3 = g.dijkstra(*net.find_node(3), net.free_flow_time_s());
  EXPECT_EQ(d3, (std::vector<double>{0.0, 2.0, 0.0, 3.0, kInf}));
}

TEST(BglAdapter, DijkstraIgnoresTheThroughRule) {
  // Node 2 is a zone node (no through traffic); BGL cannot know and passes through it.
  NetworkBuilder b;
  b.add_node({.external_id = 1});
  b.add_node({.external_id = 2, .through_allowed = false});
  b.add_node({.external_id = 3});
  b.add_link(link_spec(1, 1, 2, 1));
  b.add_link(link_spec(2, 2, 3, 1));
  const RoadNetwork net = b.build();
  EXPECT_EQ(BglGraph(net).dijkstra(NodeId{0}, net.free_flow_time_s()),
            (std::vector<double>{0.0, 1.0, 2.0}));
}

TEST(BglAdapter, EdgelessNetwork) {
  const RoadNetwork net = make_network(3, {});
  const BglGraph g(net);
  EXPECT_EQ(g.vertex_count(), 3u);
  EXPECT_EQ(g.edge_count(), 0u);
  EXPECT_TRUE(g.edges().empty());
  EXPECT_EQ(g.in_degrees(), (std::vector<std::uint32_t>{0, 0, 0}));
  EXPECT_EQ(g.dijkstra(NodeId{1}, std::vector<double>{}), (std::vector<double>{kInf, 0.0, kInf}));
}

TEST(BglAdapter, RejectsBadArguments) {
  const RoadNetwork net = make_network(2, {{1, 2}});
  const BglGraph g(net);
  const std::vector<double> cost{1.0};
  EXPECT_THROW(g.dijkstra(NodeId{2}, cost), std::invalid_argument);
  EXPECT_THROW(g.dijkstra(NodeId::invalid(), cost), std::invalid_argument);
  EXPECT_THROW(g.dijkstra(NodeId{0}, std::vector<double>{1.0, 2.0}), std::invalid_argument);
  std::vector<double> short_out(1);
  EXPECT_THROW(g.dijkstra(NodeId{0}, cost, short_out), std::invalid_argument);
  EXPECT_THROW(g.out_degree(NodeId{5}), std::invalid_argument);
  EXPECT_THROW(g.out_edges(NodeId{5}), std::invalid_argument);
  // boost::negative_edge is a std::invalid_argument.
  EXPECT_THROW(g.dijkstra(NodeId{0}, std::vector<double>{-1.0}), std::invalid_argument);
}

TEST(BglAdapter, IsMovable) {
  const RoadNetwork net = make_network(2, {{1, 2}});
  BglGraph a(net);
  BglGraph b = std::move(a);
  EXPECT_EQ(b.edge_count(), 1u);
  EXPECT_EQ(b.dijkstra(NodeId{0}, std::vector<double>{3.0}), (std::vector<double>{0.0, 3.0}));
}

}  // namespace
}  // namespace ouflow::net
