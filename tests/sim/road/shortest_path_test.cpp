// sim::Dijkstra against Boost.Graph's dijkstra_shortest_paths (random multigraphs, every node
// open to through traffic), against a brute-force Bellman-Ford for TNTP's through rule (which BGL
// cannot express), and on hand-checked examples. Every run also checks that the parent links
// form a tree whose path costs are the distances, bit for bit.
//
// Random inputs use a fixed seed; set OUFLOW_TEST_SEED to try others (failures print the seed).
#include "sim/road/shortest_path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "networks/bgl_adapter.h"
#include "networks/io/tntp.h"
#include "networks/network_builder.h"
#include "networks/road_network.h"
#include "tests/common/seed.h"

namespace ouflow::sim {
namespace {

using net::LinkId;
using net::NodeId;
using net::RoadNetwork;

constexpr double kInf = std::numeric_limits<double>::infinity();

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20240611;

// mt19937_64 is specified bit for bit; the std distributions are not, so draw by hand.
struct Rng {
  explicit Rng(std::uint64_t seed) : g(seed) {}
  std::uint64_t below(std::uint64_t n) { return g() % n; }
  double unit() { return static_cast<double>(g() >> 11) * 0x1p-53; }
  std::mt19937_64 g;
};

// LinkSpec by assignment: designated initializers would leave `name` to
// -Wmissing-field-initializers.
net::LinkSpec link_spec(std::int64_t id, std::int64_t from, std::int64_t to, double fft_s) {
  net::LinkSpec s;
  s.external_id = id;
  s.from = from;
  s.to = to;
  s.free_flow_time_s = fft_s;
  s.capacity_vph = 1.0;
  return s;
}

enum class Costs { kInteger, kReal };

struct Case {
  RoadNetwork net;
  std::vector<double> cost;  // indexed by LinkId value
};

// n nodes; about 2.5 links per node with random endpoints, plus parallel links and self-loops;
// a tail of "island" nodes with out-links only, so some nodes are unreachable. Costs: zeros
// (ties), a few +infinity (closed links), integers 1..20 or reals in (0, 10).
Case random_case(Rng& rng, std::uint32_t n, Costs costs, bool zones) {
  net::NetworkBuilder b;
  for (std::uint32_t i = 0; i < n; ++i) {
    b.add_node({.external_id = 100 + i, .through_allowed = !(zones && rng.below(4) == 0)});
  }
  const std::uint32_t islands = n / 20;
  const std::uint32_t reachable = n - islands;
  auto add = [&](std::uint64_t u, std::uint64_t v) {
    b.add_link(link_spec(b.link_count(), static_cast<std::int64_t>(100 + u),
                         static_cast<std::int64_t>(100 + v), 1.0));
  };
  const std::uint64_t m = n * 5ull / 2;
  for (std::uint64_t k = 0; k < m; ++k) {
    const std::uint64_t u = rng.below(n);
    const std::uint64_t v = rng.below(reachable);  // islands get no in-links
    add(u, v);
    if (rng.below(10) == 0) add(u, v);  // parallel link
    if (rng.below(20) == 0) add(u, u);  // self-loop
  }
  Case c{b.build(), {}};
  c.cost.resize(c.net.link_count());
  for (double& x : c.cost) {
    const std::uint64_t r = rng.below(100);
    if (r < 15) {
      x = 0.0;
    } else if (r < 16) {
      x = kInf;
    } else if (costs == Costs::kInteger) {
      x = static_cast<double>(1 + rng.below(20));
    } else {
      x = 10.0 * rng.unit();
    }
  }
  return c;
}

// Brute force with the through rule: relax every link out of the source or a through node
// until nothing changes.
std::vector<double> bellman_ford(const RoadNetwork& net, std::span<const double> cost, NodeId s) {
  std::vector<double> d(net.node_count(), kInf);
  d[s.value()] = 0.0;
  for (std::uint32_t pass = 0; pass <= net.node_count(); ++pass) {
    bool changed = false;
    for (LinkId l : net.links()) {
      const NodeId u = net.tail()[l];
      if (u != s && !net.through_allowed()[u]) continue;
      const double dv = d[u.value()] + cost[l.value()];
      if (dv < d[net.head()[l].value()]) {
        d[net.head()[l].value()] = dv;
        changed = true;
      }
    }
    if (!changed) return d;
  }
  ADD_FAILURE() << "Bellman-Ford did not converge";
  return d;
}

// The labels of a full run form a shortest-path tree whose path costs are the distances exactly.
void expect_tree(const Dijkstra& dj, std::span<const double> cost) {
  const RoadNetwork& net = dj.network();
  const NodeId s = dj.source();
  ASSERT_EQ(dj.distance(s), 0.0);
  ASSERT_FALSE(dj.parent_link(s).valid());
  std::uint32_t reached = 0;
  std::vector<LinkId> path;
  for (NodeId v : net.nodes()) {
    const double d = dj.distance(v);
    ASSERT_EQ(dj.reached(v), d != kInf) << "node " << v;
    ASSERT_EQ(dj.settled(v), dj.reached(v)) << "node " << v << ": full runs settle all reached";
    if (!dj.reached(v)) {
      ASSERT_FALSE(dj.parent_link(v).valid()) << "node " << v;
      ASSERT_FALSE(dj.path_to(v, path));
      ASSERT_TRUE(path.empty());
      continue;
    }
    ++reached;
    if (v != s) {
      const LinkId l = dj.parent_link(v);
      ASSERT_TRUE(l.valid()) << "node " << v;
      ASSERT_EQ(net.head()[l], v);
      const NodeId u = net.tail()[l];
      ASSERT_TRUE(u == s || net.through_allowed()[u]) << "path continues out of zone node " << u;
      ASSERT_EQ(dj.distance(u) + cost[l.value()], d) << "node " << v;
    }
    ASSERT_TRUE(dj.path_to(v, path));
    ASSERT_LT(path.size(), net.node_count());
    double sum = 0.0;
    NodeId at = s;
    for (LinkId l : path) {
      ASSERT_EQ(net.tail()[l], at);
      sum += cost[l.value()];
      at = net.head()[l];
    }
    ASSERT_EQ(at, v);
    ASSERT_EQ(sum, d) << "path cost differs from the distance of node " << v;
  }
  ASSERT_EQ(dj.settled_count(), reached);

  // Settle order: each reached node once, the source first, distances non-decreasing, every
  // node after the tail of its parent link.
  const std::span<const NodeId> order = dj.settle_order();
  ASSERT_EQ(order.size(), reached);
  ASSERT_EQ(order.front(), s);
  std::vector<std::uint32_t> rank(net.node_count(), std::numeric_limits<std::uint32_t>::max());
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    const NodeId v = order[i];
    ASSERT_TRUE(dj.settled(v));
    ASSERT_EQ(rank[v.value()], std::numeric_limits<std::uint32_t>::max()) << "settled twice";
    rank[v.value()] = i;
    if (i > 0) {
      ASSERT_LE(dj.distance(order[i - 1]), dj.distance(v));
    }
    if (v != s) {
      ASSERT_LT(rank[net.tail()[dj.parent_link(v)].value()], i);
    }
  }
}

// Equal distances: exact for integer costs (every sum is exact), 1e-9 relative for reals.
void expect_same_distances(const std::vector<double>& ours, const std::vector<double>& bgl,
                           Costs costs) {
  ASSERT_EQ(ours.size(), bgl.size());
  for (std::size_t v = 0; v < ours.size(); ++v) {
    if (costs == Costs::kInteger || bgl[v] == kInf) {
      ASSERT_EQ(ours[v], bgl[v]) << "node " << v;
    } else {
      ASSERT_NEAR(ours[v], bgl[v], 1e-9 * std::max(1.0, std::abs(bgl[v]))) << "node " << v;
    }
  }
}

std::vector<NodeId> some_sources(Rng& rng, const RoadNetwork& net, std::uint32_t k) {
  std::vector<NodeId> s;
  if (net.node_count() <= k) {
    for (NodeId v : net.nodes()) s.push_back(v);
  } else {
    for (std::uint32_t i = 0; i < k; ++i)
      s.push_back(NodeId{static_cast<std::uint32_t>(rng.below(net.node_count()))});
  }
  return s;
}

constexpr std::uint32_t kSizes[] = {1, 2, 3, 5, 8, 13, 40, 150, 600, 2000};

TEST(Dijkstra, MatchesBoostOnRandomGraphsWithIntegerCosts) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value());
  for (std::uint32_t n : kSizes) {
    SCOPED_TRACE("nodes=" + std::to_string(n));
    const Case c = random_case(rng, n, Costs::kInteger, false);
    const net::BglGraph bgl(c.net);
    Dijkstra dj(c.net);  // one workspace for every source
    for (NodeId s : some_sources(rng, c.net, 12)) {
      SCOPED_TRACE("source=" + std::to_string(s.value()));
      dj.run(s, c.cost);
      ASSERT_NO_FATAL_FAILURE(expect_tree(dj, c.cost));
      ASSERT_NO_FATAL_FAILURE(
          expect_same_distances(dj.distances(), bgl.dijkstra(s, c.cost), Costs::kInteger));
    }
  }
}

TEST(Dijkstra, MatchesBoostOnRandomGraphsWithRealCosts) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value() + 1);
  for (std::uint32_t n : kSizes) {
    SCOPED_TRACE("nodes=" + std::to_string(n));
    const Case c = random_case(rng, n, Costs::kReal, false);
    const net::BglGraph bgl(c.net);
    Dijkstra dj(c.net);
    for (NodeId s : some_sources(rng, c.net, 12)) {
      SCOPED_TRACE("source=" + std::to_string(s.value()));
      dj.run(s, c.cost);
      ASSERT_NO_FATAL_FAILURE(expect_tree(dj, c.cost));
      ASSERT_NO_FATAL_FAILURE(
          expect_same_distances(dj.distances(), bgl.dijkstra(s, c.cost), Costs::kReal));
    }
  }
}

TEST(Dijkstra, ThroughRuleMatchesBellmanFord) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value() + 2);
  for (Costs costs : {Costs::kInteger, Costs::kReal}) {
    for (std::uint32_t n : kSizes) {
      SCOPED_TRACE("nodes=" + std::to_string(n) +
                   (costs == Costs::kInteger ? " integer" : " real"));
      const Case c = random_case(rng, n, costs, true);
      Dijkstra dj(c.net);
      // Sources both open and closed to through traffic.
      for (NodeId s : some_sources(rng, c.net, 8)) {
        SCOPED_TRACE("source=" + std::to_string(s.value()));
        dj.run(s, c.cost);
        ASSERT_NO_FATAL_FAILURE(expect_tree(dj, c.cost));
        ASSERT_NO_FATAL_FAILURE(
            expect_same_distances(dj.distances(), bellman_ford(c.net, c.cost, s), costs));
      }
    }
  }
}

// 1 -4-> 2 -1-> 4     1 -1-> 3 -2-> 2     3 -7-> 4     3 -0-> 1     5 isolated
TEST(Dijkstra, HandCheckedTinyNetwork) {
  net::NetworkBuilder b;
  for (std::int64_t i = 1; i <= 5; ++i) b.add_node({.external_id = i});
  const std::int64_t links[][2] = {{1, 2}, {1, 3}, {3, 2}, {2, 4}, {3, 4}, {3, 1}};
  const double fft[] = {4, 1, 2, 1, 7, 0};
  for (std::int64_t k = 0; k < 6; ++k) {
    b.add_link(link_spec(10 + k, links[k][0], links[k][1], fft[k]));
  }
  const RoadNetwork net = b.build();
  auto node = [&](std::int64_t ext) { return *net.find_node(ext); };
  auto link_ext = [&](LinkId l) { return net.link_external_id()[l]; };
  Dijkstra dj(net);
  dj.run(node(1), net.free_flow_time_s().raw());
  EXPECT_EQ(dj.distances(), (std::vector<double>{0, 3, 1, 4, kInf}));
  EXPECT_FALSE(dj.parent_link(node(1)).valid());
  EXPECT_EQ(link_ext(dj.parent_link(node(2))), 12);  // 3 -> 2
  EXPECT_EQ(link_ext(dj.parent_link(node(3))), 11);  // 1 -> 3
  EXPECT_EQ(link_ext(dj.parent_link(node(4))), 13);  // 2 -> 4
  EXPECT_FALSE(dj.parent_link(node(5)).valid());
  EXPECT_EQ(dj.settled_count(), 4u);
  std::vector<LinkId> path;
  ASSERT_TRUE(dj.path_to(node(4), path));
  std::vector<std::int64_t> ext;
  for (LinkId l : path) ext.push_back(link_ext(l));
  EXPECT_EQ(ext, (std::vector<std::int64_t>{11, 12, 13}));
  ASSERT_TRUE(dj.path_to(node(1), path));
  EXPECT_TRUE(path.empty());
  EXPECT_FALSE(dj.path_to(node(5), path));

  dj.run(node(3), net.free_flow_time_s().raw());
  EXPECT_EQ(dj.distances(), (std::vector<double>{0, 2, 0, 3, kInf}));
  EXPECT_EQ(link_ext(dj.parent_link(node(1))), 15);  // 3 -> 1 at zero cost
  EXPECT_EQ(link_ext(dj.parent_link(node(2))), 12);

  dj.run(node(5), net.free_flow_time_s().raw());
  EXPECT_EQ(dj.distances(), (std::vector<double>{kInf, kInf, kInf, kInf, 0}));
  EXPECT_EQ(dj.settled_count(), 1u);
}

// A label changes only on a strictly smaller distance. Node 4 is offered 3 first from node 2
// (settled at 1), then 3 again from node 3 (settled at 2): it keeps link 2->4. Of two parallel
// 1->5 links of equal cost, the first scanned (the smaller LinkId) stays.
TEST(Dijkstra, EqualCostOffersDoNotReplaceALabel) {
  for (bool reversed : {false, true}) {
    net::NetworkBuilder b;
    for (std::int64_t i = 1; i <= 5; ++i) b.add_node({.external_id = i});
    std::vector<net::LinkSpec> specs = {link_spec(1, 1, 2, 1), link_spec(2, 1, 3, 2),
                                        link_spec(3, 3, 4, 1), link_spec(4, 2, 4, 2),
                                        link_spec(5, 1, 5, 7), link_spec(6, 1, 5, 7)};
    if (reversed) std::reverse(specs.begin(), specs.end());
    for (const auto& s : specs) b.add_link(s);
    const RoadNetwork net = b.build();
    Dijkstra dj(net);
    dj.run(*net.find_node(1), net.free_flow_time_s().raw());
    EXPECT_EQ(dj.distance(*net.find_node(4)), 3.0);
    EXPECT_EQ(net.link_external_id()[dj.parent_link(*net.find_node(4))], 4) << reversed;
    const LinkId to5 = dj.parent_link(*net.find_node(5));
    EXPECT_EQ(net.link_external_id()[to5], reversed ? 6 : 5);
    for (LinkId l : net.in_links(*net.find_node(5))) EXPECT_LE(to5, l);
  }
}

// Zones 1 and 2 carry no through traffic: 1 -1-> 3 -1-> 2 -1-> 4, and 3 -5-> 4.
TEST(Dijkstra, ThroughRuleOnAHandCheckedNetwork) {
  net::NetworkBuilder b;
  b.add_node({.external_id = 1, .through_allowed = false});
  b.add_node({.external_id = 2, .through_allowed = false});
  b.add_node({.external_id = 3});
  b.add_node({.external_id = 4});
  const std::int64_t links[][2] = {{1, 3}, {3, 2}, {2, 4}, {3, 4}};
  const double fft[] = {1, 1, 1, 5};
  for (std::int64_t k = 0; k < 4; ++k) {
    b.add_link(link_spec(k, links[k][0], links[k][1], fft[k]));
  }
  const RoadNetwork net = b.build();
  const auto& cost = net.free_flow_time_s().raw();
  Dijkstra dj(net);
  dj.run(NodeId{0}, cost);                                       // a zone may start a path
  EXPECT_EQ(dj.distances(), (std::vector<double>{0, 2, 1, 6}));  // 2 is reached, not crossed
  EXPECT_TRUE(dj.settled(NodeId{1}));
  dj.run(NodeId{1}, cost);
  EXPECT_EQ(dj.distances(), (std::vector<double>{kInf, 0, kInf, 1}));
  // BGL knows no through rule and would go 1-3-2-4.
  EXPECT_EQ(net::BglGraph(net).dijkstra(NodeId{0}, cost)[3], 3.0);
}

TEST(Dijkstra, ResultsAreBitIdenticalAcrossObjectsRunOrdersAndThreads) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value() + 3);
  // Real costs with many zeros: plenty of equal-distance ties.
  const Case c = random_case(rng, 2000, Costs::kReal, true);
  const std::uint32_t k = 40;
  const std::vector<NodeId> sources = some_sources(rng, c.net, k);

  struct Tree {
    std::vector<double> dist;
    std::vector<LinkId> parent;
  };
  auto same = [](const Tree& a, const Tree& b) {
    return a.parent == b.parent && a.dist.size() == b.dist.size() &&
           std::memcmp(a.dist.data(), b.dist.data(), a.dist.size() * sizeof(double)) == 0;
  };
  std::vector<Tree> serial(k);
  {
    Dijkstra dj(c.net);
    for (std::uint32_t i = 0; i < k; ++i) {
      dj.run(sources[i], c.cost);
      serial[i] = {dj.distances(), dj.parent_links()};
    }
  }
  // Fresh object per source.
  for (std::uint32_t i = 0; i < k; i += 7) {
    Dijkstra fresh(c.net);
    fresh.run(sources[i], c.cost);
    EXPECT_TRUE(same(serial[i], {fresh.distances(), fresh.parent_links()})) << i;
  }
  // Three threads, one workspace each, sources interleaved and in reverse.
  std::vector<Tree> threaded(k);
  std::vector<std::thread> pool;
  for (std::uint32_t t = 0; t < 3; ++t) {
    pool.emplace_back([&, t] {
      Dijkstra dj(c.net);
      for (std::uint32_t i = k; i-- > 0;) {
        if (i % 3 != t) continue;
        dj.run(sources[i], c.cost);
        threaded[i] = {dj.distances(), dj.parent_links()};
      }
    });
  }
  for (auto& th : pool) th.join();
  for (std::uint32_t i = 0; i < k; ++i) EXPECT_TRUE(same(serial[i], threaded[i])) << i;
}

TEST(Dijkstra, EarlyStopSettlesTargetsWithTheFullRunsLabels) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value() + 4);
  const Case c = random_case(rng, 1500, Costs::kReal, true);
  Dijkstra full(c.net), early(c.net);
  for (std::uint32_t trial = 0; trial < 20; ++trial) {
    const NodeId s{static_cast<std::uint32_t>(rng.below(c.net.node_count()))};
    std::vector<NodeId> targets = some_sources(rng, c.net, 1 + trial % 4);
    full.run(s, c.cost);
    early.run_to_targets(s, c.cost, targets);
    bool all_reachable = true;
    for (NodeId t : targets) {
      all_reachable = all_reachable && full.reached(t);
      EXPECT_EQ(early.settled(t), full.reached(t));
    }
    EXPECT_LE(early.settled_count(), full.settled_count());
    ASSERT_TRUE(std::equal(early.settle_order().begin(), early.settle_order().end(),
                           full.settle_order().begin()))
        << "the early run's settle order is not a prefix of the full run's";
    if (!all_reachable) {
      EXPECT_EQ(early.settled_count(), full.settled_count());
    }
    // The early run is a prefix of the full one: settled labels are final and identical.
    std::vector<LinkId> a, b;
    for (NodeId v : c.net.nodes()) {
      if (!early.settled(v)) continue;
      ASSERT_EQ(early.distance(v), full.distance(v)) << "node " << v;
      ASSERT_EQ(early.parent_link(v), full.parent_link(v)) << "node " << v;
      ASSERT_TRUE(early.path_to(v, a));
      ASSERT_TRUE(full.path_to(v, b));
      ASSERT_EQ(a, b);
    }
  }
}

TEST(Dijkstra, EarlyStopEdgeCases) {
  net::NetworkBuilder b;
  for (std::int64_t i = 1; i <= 4; ++i) b.add_node({.external_id = i});
  for (std::int64_t i = 1; i < 4; ++i) {
    b.add_link(link_spec(i, i, i + 1, 1));
  }
  const RoadNetwork net = b.build();
  const auto& cost = net.free_flow_time_s().raw();
  Dijkstra dj(net);
  dj.run_to_targets(NodeId{0}, cost, {});
  EXPECT_EQ(dj.settled_count(), 1u);
  EXPECT_TRUE(dj.settled(NodeId{0}));
  const std::vector<NodeId> self{NodeId{0}};
  dj.run_to_targets(NodeId{0}, cost, self);
  EXPECT_EQ(dj.settled_count(), 1u);
  const std::vector<NodeId> dup{NodeId{2}, NodeId{1}, NodeId{2}};
  dj.run_to_targets(NodeId{0}, cost, dup);
  EXPECT_EQ(dj.settled_count(), 3u);
  EXPECT_EQ(dj.distance(NodeId{2}), 2.0);
  EXPECT_FALSE(dj.settled(NodeId{3}));
  // Target behind the source: unreachable, the run goes on to the end.
  const std::vector<NodeId> back{NodeId{0}, NodeId{1}};
  dj.run_to_targets(NodeId{2}, cost, back);
  EXPECT_EQ(dj.settled_count(), 2u);
  EXPECT_FALSE(dj.reached(NodeId{0}));
  // Marks of earlier targets are gone: a full run after early runs is a full run.
  dj.run(NodeId{0}, cost);
  EXPECT_EQ(dj.distances(), (std::vector<double>{0, 1, 2, 3}));
  EXPECT_EQ(dj.settled_count(), 4u);
}

TEST(Dijkstra, RejectsBadArgumentsAndRecovers) {
  net::NetworkBuilder b;
  for (std::int64_t i = 1; i <= 3; ++i) b.add_node({.external_id = i});
  b.add_link(link_spec(1, 1, 2, 1));
  b.add_link(link_spec(2, 2, 1, 1));
  b.add_link(link_spec(3, 2, 3, 1));
  const RoadNetwork net = b.build();
  const std::vector<double> cost{1, 1, 1};
  Dijkstra dj(net);
  EXPECT_THROW(dj.run(NodeId{3}, cost), std::invalid_argument);
  EXPECT_THROW(dj.run(NodeId::invalid(), cost), std::invalid_argument);
  EXPECT_THROW(dj.run(NodeId{0}, std::vector<double>{1, 1}), std::invalid_argument);
  const std::vector<NodeId> bad{NodeId{7}};
  EXPECT_THROW(dj.run_to_targets(NodeId{0}, cost, bad), std::invalid_argument);
#ifdef NDEBUG  // debug builds assert on negative costs before running
  // 2 -> 1 at -5 would improve the already settled source.
  EXPECT_THROW(dj.run(NodeId{0}, std::vector<double>{1, -5, 1}), std::invalid_argument);
#endif
  dj.run(NodeId{0}, cost);
  EXPECT_EQ(dj.distances(), (std::vector<double>{0, 1, 2}));
  ASSERT_NO_FATAL_FAILURE(expect_tree(dj, cost));
}

TEST(Dijkstra, NetworkWithoutLinks) {
  net::NetworkBuilder b;
  b.add_node({.external_id = 1});
  b.add_node({.external_id = 2});
  const RoadNetwork net = b.build();
  Dijkstra dj(net);
  dj.run(NodeId{1}, std::vector<double>{});
  EXPECT_EQ(dj.distances(), (std::vector<double>{kInf, 0}));
  ASSERT_NO_FATAL_FAILURE(expect_tree(dj, std::vector<double>{}));
}

// A real network through the real reader: Chicago Sketch, every source, against BGL.
TEST(Dijkstra, MatchesBoostOnChicagoSketch) {
  const RoadNetwork net = io::read_tntp_net(
      std::string(OUFLOW_TEST_DATA_DIR) + "/tntp/Chicago-Sketch/ChicagoSketch_net.tntp",
      std::nullopt);
  ASSERT_EQ(net.node_count(), 933u);
  ASSERT_EQ(net.link_count(), 2950u);
  for (NodeId v : net.nodes()) ASSERT_TRUE(net.through_allowed()[v]);  // <FIRST THRU NODE> 1
  const std::vector<double>& cost = net.free_flow_time_s().raw();
  const net::BglGraph bgl(net);
  Dijkstra dj(net);
  std::vector<double> expected(net.node_count());
  for (NodeId s : net.nodes()) {
    dj.run(s, cost);
    bgl.dijkstra(s, cost, expected);
    ASSERT_NO_FATAL_FAILURE(expect_same_distances(dj.distances(), expected, Costs::kReal))
        << "source " << s;
    if (s.value() % 97 == 0) {
      ASSERT_NO_FATAL_FAILURE(expect_tree(dj, cost));
    }
  }
}

}  // namespace
}  // namespace ouflow::sim
