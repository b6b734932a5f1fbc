// Car travel times: hand-checked free-flow and congested zone times on a tiny network, and zone
// times against Floyd-Warshall on random instances.
//
// Random inputs use a fixed seed; set OUFLOW_TEST_SEED to try others (failures print the seed).
#include "sim/road/car_times.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "networks/network_builder.h"
#include "networks/road_network.h"
#include "tests/common/seed.h"

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20261129;

// mt19937_64 is specified bit for bit; the std distributions are not, so draw by hand.
struct Rng {
  explicit Rng(std::uint64_t seed) : g(seed) {}
  std::uint64_t below(std::uint64_t n) { return g() % n; }
  std::int32_t range(std::int32_t lo, std::int32_t hi) {  // [lo, hi]
    return lo + static_cast<std::int32_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double unit() { return static_cast<double>(g() >> 11) * 0x1p-53; }
  std::mt19937_64 g;
};

net::LinkSpec link(std::int64_t from, std::int64_t to, double t0_s, double capacity = 100.0) {
  net::LinkSpec s;
  s.external_id = from * 100 + to;
  s.from = from;
  s.to = to;
  s.length_m = 1000;
  s.free_flow_time_s = t0_s;
  s.capacity_vph = capacity;
  return s;
}

net::NodeSpec node(std::int64_t id, double lon, double lat) {
  net::NodeSpec n;
  n.external_id = id;
  n.lon = lon;
  n.lat = lat;
  return n;
}

TEST(CarTimesExample, FreeFlowAndCongestedZoneTimes) {
  // 1 -> 2 -> 3 takes 60 + 60 s at free flow, 1 -> 3 direct 150 s, 3 -> 1 300 s.
  // With 200 veh/h on 1 -> 2 (capacity 100, BPR 0.15, 4): 60 * (1 + 0.15 * 2^4) = 204 s, so the
  // direct link wins with 150 s.
  net::NetworkBuilder b;
  b.add_node(node(1, 0.0, 0.0));
  b.add_node(node(2, 0.01, 0.0));
  b.add_node(node(3, 0.02, 0.0));
  b.add_node(node(4, 0.03, 0.0));  // reached by nothing
  b.add_link(link(1, 2, 60));
  b.add_link(link(2, 3, 60));
  b.add_link(link(1, 3, 150));
  b.add_link(link(3, 1, 300));
  b.add_link(link(4, 1, 10));
  b.add_zone({10, 1, 0, 0, ""});
  b.add_zone({20, 3, 0, 0, ""});
  b.add_zone({30, 4, 0, 0, ""});
  const net::RoadNetwork net = b.build();

  const std::vector<double> free = car_link_times_s(net);
  EXPECT_EQ(car_zone_times_s(net, free),
            (std::vector<double>{0, 120, kInf, 300, 0, kInf, 10, 130, 0}));

  std::vector<double> flow(net.link_count(), 0.0);
  for (const net::LinkId l : net.links()) {
    if (net.node_external_id()[net.tail()[l]] == 1 && net.node_external_id()[net.head()[l]] == 2) {
      flow[l.value()] = 200;
    }
  }
  const std::vector<double> congested = car_link_times_s(net, flow);
  const std::vector<double> z = car_zone_times_s(net, congested);
  EXPECT_DOUBLE_EQ(z[1], 150);
  EXPECT_DOUBLE_EQ(z[7], 160);  // 4 -> 1 -> 3 direct
  flow[0] = -1;
  EXPECT_THROW(car_link_times_s(net, flow), std::invalid_argument);
  EXPECT_THROW(car_link_times_s(net, std::vector<double>(2, 0.0)), std::invalid_argument);

  EXPECT_EQ(nearest_node(net, 0.012, 0.001), net.find_node(2));
  EXPECT_EQ(nearest_node(net, -5, 0), net.find_node(1));
}

TEST(CarTimes, ZoneTimesEqualFloydWarshall) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value() + 3);
  for (int instance = 0; instance < 20; ++instance) {
    const int nodes = rng.range(2, 30);
    net::NetworkBuilder b;
    for (int i = 1; i <= nodes; ++i) b.add_node(node(i, rng.unit(), rng.unit()));
    const int links = rng.range(0, nodes * 4);
    for (int k = 0; k < links; ++k) {
      net::LinkSpec s = link(rng.range(1, nodes), rng.range(1, nodes), rng.range(1, 600));
      if (s.from == s.to) continue;
      s.external_id = k;
      b.add_link(s);
    }
    const int zones = rng.range(1, nodes);
    for (int z = 1; z <= zones; ++z) b.add_zone({z, z, 0, 0, ""});
    const net::RoadNetwork net = b.build();
    // Integer link times: every path sum is exact, so the orders of summation agree.
    const std::vector<double> t = car_link_times_s(net);
    std::vector<double> d(static_cast<std::size_t>(nodes * nodes), kInf);
    const auto ix = [&](std::uint32_t i, std::uint32_t j) { return i * nodes + j; };
    for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(nodes); ++i) d[ix(i, i)] = 0;
    for (const net::LinkId l : net.links()) {
      auto& x = d[ix(net.tail()[l].value(), net.head()[l].value())];
      x = std::min(x, t[l.value()]);
    }
    for (std::uint32_t k = 0; k < static_cast<std::uint32_t>(nodes); ++k) {
      for (std::uint32_t i = 0; i < static_cast<std::uint32_t>(nodes); ++i) {
        for (std::uint32_t j = 0; j < static_cast<std::uint32_t>(nodes); ++j) {
          d[ix(i, j)] = std::min(d[ix(i, j)], d[ix(i, k)] + d[ix(k, j)]);
        }
      }
    }
    const std::vector<double> z = car_zone_times_s(net, t);
    for (const net::ZoneId o : net.zones()) {
      for (const net::ZoneId e : net.zones()) {
        const double want = d[ix(net.zone_centroid()[o].value(), net.zone_centroid()[e].value())];
        ASSERT_EQ(z[o.value() * net.zone_count() + e.value()], want)
            << "instance " << instance << " " << o.value() << "->" << e.value();
      }
    }
  }
}

}  // namespace
}  // namespace ouflow::sim
