// Walking along the road network: hand-checked footpaths, access and egress on tiny networks
// (a detour makes two stops 100 m apart 900 m apart on foot; expressways and transit-only links
// are not walkable); on random instances against brute force (nearest node by scanning every
// node, distances by Floyd-Warshall), never shorter than the straight line, and identical for 1
// and 2 threads.
//
// Random inputs use a fixed seed; set OUFLOW_TEST_SEED to try others (failures print the seed).
#include "sim/transit/network_walk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "networks/geo.h"
#include "networks/network_builder.h"
#include "networks/transit_builder.h"
#include "sim/transit/raptor.h"
#include "sim/transit/travel_matrix.h"
#include "tests/common/seed.h"

namespace ouflow::sim {
namespace {

using net::LinkClass;
using net::LocationType;
using net::StopId;
using net::TransitBuilder;
using net::TransitNetwork;

constexpr double kInf = std::numeric_limits<double>::infinity();

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20261129;

struct Rng {
  explicit Rng(std::uint64_t seed) : g(seed) {}
  std::uint64_t below(std::uint64_t n) { return g() % n; }
  double unit() { return static_cast<double>(g() >> 11) * 0x1p-53; }
  std::mt19937_64 g;
};

net::NodeSpec node(std::int64_t id, double lon, double lat) {
  net::NodeSpec n;
  n.external_id = id;
  n.lon = lon;
  n.lat = lat;
  return n;
}

net::LinkSpec link(std::int64_t id, std::int64_t from, std::int64_t to, double length_m,
                   LinkClass c = LinkClass::kLocal) {
  net::LinkSpec s;
  s.external_id = id;
  s.from = from;
  s.to = to;
  s.length_m = length_m;
  s.free_flow_time_s = 10;
  s.capacity_vph = 100;
  s.link_class = c;
  return s;
}

net::StopTimeSpec at(const std::string& stop, std::int32_t time_s) {
  net::StopTimeSpec s;
  s.stop_id = stop;
  s.arrival_s = time_s;
  s.departure_s = time_s;
  return s;
}

net::Date ymd(int y, int m, int d) { return *net::Date::from_ymd(y, m, d); }
std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

// Stops A (0, 0) and B (0, 0.0009) are 100.08 m apart. The road joins them only by a detour
// over node 3 (two links of 450 m, one of them one-way: walking uses both directions), and
// directly by a link of class `direct` (100 m).
net::RoadNetwork detour_road(LinkClass direct) {
  net::NetworkBuilder b;
  b.add_node(node(1, 0.0, 0.0));
  b.add_node(node(2, 0.0, 0.0009));
  b.add_node(node(3, 0.003, 0.00045));
  b.add_link(link(13, 1, 3, 450));
  b.add_link(link(23, 2, 3, 450));  // walked 3 -> 2 against its direction
  b.add_link(link(12, 1, 2, 100, direct));
  return b.build();
}

TransitBuilder feed_base() {
  TransitBuilder b;
  b.add_agency({"AG", "Agency", "http://a", "UTC"});
  b.add_route({"R1", "AG", "R1", "R1", 3});
  b.add_service({"WK", 0x1f, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  b.add_stop({"A", "a", 0.0, 0.0, "", LocationType::kStop});
  b.add_stop({"B", "b", 0.0, 0.0009, "", LocationType::kStop});
  return b;
}

std::vector<std::pair<std::uint32_t, std::int32_t>> paths_of(const Footpaths& f, std::uint32_t s) {
  std::vector<std::pair<std::uint32_t, std::int32_t>> out;
  const auto t = f.targets(StopId{s});
  const auto w = f.times_s(StopId{s});
  for (std::size_t i = 0; i < t.size(); ++i) out.emplace_back(t[i].value(), w[i]);
  return out;
}

using Paths = std::vector<std::pair<std::uint32_t, std::int32_t>>;

TEST(NetworkWalkExample, DetourDecidesTheFootpath) {
  const TransitNetwork feed = feed_base().build();
  const net::RoadNetwork road = detour_road(LinkClass::kExpressway);
  // Straight line: 100.08 m -> 101 s at 1 m/s, within 400 m.
  const Footpaths straight = Footpaths::build(feed, WalkParams{1.0, 400.0});
  EXPECT_EQ(paths_of(straight, 0), (Paths{{1, 101}}));
  // Along the roads: the expressway is not walkable, the detour is 900 m > 400 m: no footpath.
  const Footpaths walk = build_network_footpaths(feed, road, WalkParams{1.0, 400.0});
  EXPECT_EQ(walk.stop_count(), 2u);
  EXPECT_EQ(walk.footpath_count(), 0u);
  // With a 1 km radius the detour is taken both ways: 900 s.
  const Footpaths far = build_network_footpaths(feed, road, WalkParams{1.0, 1000.0});
  EXPECT_EQ(paths_of(far, 0), (Paths{{1, 900}}));
  EXPECT_EQ(paths_of(far, 1), (Paths{{0, 900}}));
  // Transit-only is not walkable either; a local street is.
  EXPECT_EQ(
      build_network_footpaths(feed, detour_road(LinkClass::kTransitOnly), WalkParams{1.0, 400.0})
          .footpath_count(),
      0u);
  const Footpaths local =
      build_network_footpaths(feed, detour_road(LinkClass::kConnector), WalkParams{1.0, 400.0});
  EXPECT_EQ(paths_of(local, 0), (Paths{{1, 100}}));
  EXPECT_EQ(paths_of(local, 1), (Paths{{0, 100}}));
  // Radius 0: no walking footpaths at all.
  EXPECT_EQ(build_network_footpaths(feed, road, WalkParams{1.0, 0.0}).footpath_count(), 0u);
}

TEST(NetworkWalkExample, TransferRowsStillDecide) {
  TransitBuilder b = feed_base();
  b.add_transfer({"A", "B", net::TransferType::kMinimumTime, 60});
  b.add_transfer({"B", "A", net::TransferType::kNotPossible, -1});
  b.add_transfer({"A", "A", net::TransferType::kMinimumTime, 30});
  const TransitNetwork feed = b.build();
  const Footpaths f =
      build_network_footpaths(feed, detour_road(LinkClass::kLocal), WalkParams{1.0, 1000.0});
  EXPECT_EQ(paths_of(f, 0), (Paths{{1, 60}}));
  EXPECT_EQ(paths_of(f, 1), Paths{});
  EXPECT_EQ(f.self_time_s(StopId{0}), 30);
  EXPECT_EQ(f.self_time_s(StopId{1}), 0);
}

TEST(NetworkWalkExample, SnapAddsTheStraightWalkToTheNode) {
  const net::RoadNetwork road = detour_road(LinkClass::kExpressway);
  const WalkGraph g(road);
  // 0.0001 degree west of node 1 (11.12 m): joins at node 1 (index 0).
  const auto s = g.snap(-0.0001, 0.0);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->node, 0u);
  EXPECT_NEAR(s->distance_m, net::haversine_m(-0.0001, 0.0, 0.0, 0.0), 1e-9);
  const std::vector<net::LonLat> from{{-0.0001, 0.0}, {kInf, 0.0}};
  const std::vector<net::LonLat> to{{0.0, 0.0009}, {-0.0001, 0.0}, {0.0, 0.0}};
  const NetworkWalks w = network_walks(g, from, to, 1000.0);
  ASSERT_EQ(w.first, (std::vector<std::uint32_t>{0, 3, 3}));
  EXPECT_EQ(w.target, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_NEAR(w.distance_m[0], s->distance_m + 900.0, 1e-9);
  EXPECT_EQ(w.distance_m[1], 0.0);  // the very point
  EXPECT_NEAR(w.distance_m[2], s->distance_m, 1e-9);
  // 900 m does not cover the walk to the node plus the detour.
  EXPECT_EQ(network_walks(g, from, to, 900.0).first, (std::vector<std::uint32_t>{0, 2, 2}));
}

TEST(NetworkWalkExample, NoWalkableNodeWithCoordinatesThrows) {
  net::NetworkBuilder b;
  b.add_node(node(1, 0.0, 0.0));
  b.add_node(node(2, 0.0, 0.001));
  b.add_link(link(12, 1, 2, 200, LinkClass::kExpressway));
  const net::RoadNetwork road = b.build();
  EXPECT_THROW(WalkGraph{road}, std::invalid_argument);
  net::NetworkBuilder c;
  c.add_node(net::NodeSpec{1});
  c.add_node(net::NodeSpec{2});
  c.add_link(link(12, 1, 2, 200));
  EXPECT_THROW(WalkGraph{c.build()}, std::invalid_argument);
}

TEST(NetworkWalkExample, PlaceMatrixWalksTheDetour) {
  TransitBuilder b = feed_base();
  b.add_stop({"F", "f", 0.01, 0.0, "", LocationType::kStop});
  net::TripSpec t1{"T1", "R1", "WK", "", "", {at("B", hms(8, 0)), at("F", hms(8, 10))}};
  net::TripSpec t2{"T2", "R1", "WK", "", "", {at("B", hms(8, 15)), at("F", hms(8, 25))}};
  b.add_trip(t1);
  b.add_trip(t2);
  const TransitNetwork feed = b.build();
  const net::RoadNetwork road = detour_road(LinkClass::kExpressway);
  const Footpaths fp = Footpaths::build(feed, WalkParams{1.0, 0.0});
  TransitMatrixOptions o;
  o.window.date = ymd(2024, 1, 2);
  o.window.depart_s = hms(7, 58);
  o.walk_speed_mps = 1.0;
  o.max_walk_m = 1000;
  const std::vector<net::LonLat> from{{0.0, 0.0}};
  const std::vector<net::LonLat> to{{0.01, 0.0}, {0.0, 0.0009}, {0.0, 0.0}};
  // Straight line: walk 101 s to B, T1 at 8:00, F at 8:10 (12 min); B on foot in 101 s.
  const TravelTimeMatrix straight = transit_place_matrix(feed, fp, from, to, o);
  EXPECT_EQ(straight.at(0, 0), 12 * 60);
  EXPECT_EQ(straight.at(0, 1), 101);
  EXPECT_EQ(straight.at(0, 2), 0);
  // Along the roads: 900 s to B (8:13), T2 at 8:15, F at 8:25 (27 min); B on foot in 900 s.
  o.walk_on_network = true;
  o.walk_network = &road;
  const TravelTimeMatrix walk = transit_place_matrix(feed, fp, from, to, o);
  EXPECT_EQ(walk.at(0, 0), 27 * 60);
  EXPECT_EQ(walk.at(0, 1), 900);
  EXPECT_EQ(walk.at(0, 2), 0);
  // 800 m: B is out of reach on foot, and so is F.
  o.max_walk_m = 800;
  const TravelTimeMatrix near = transit_place_matrix(feed, fp, from, to, o);
  EXPECT_EQ(near.at(0, 0), kUnreachable);
  EXPECT_EQ(near.at(0, 1), kUnreachable);
  EXPECT_EQ(near.at(0, 2), 0);
  o.walk_network = nullptr;
  EXPECT_THROW(transit_place_matrix(feed, fp, from, to, o), std::invalid_argument);
}

// A random road network around (0, 0) (about 2 km across), links at least as long as the
// straight line between their ends, of random classes.
net::RoadNetwork random_road(Rng& rng, int nodes, int links) {
  net::NetworkBuilder b;
  std::vector<double> lon, lat;
  for (int i = 0; i < nodes; ++i) {
    lon.push_back(0.02 * rng.unit()), lat.push_back(0.02 * rng.unit());
    b.add_node(node(i + 1, lon.back(), lat.back()));
  }
  const LinkClass classes[] = {LinkClass::kLocal, LinkClass::kArterial, LinkClass::kConnector,
                               LinkClass::kExpressway, LinkClass::kTransitOnly};
  for (int k = 0; k < links; ++k) {
    const auto a = static_cast<int>(rng.below(static_cast<std::uint64_t>(nodes)));
    const auto c = static_cast<int>(rng.below(static_cast<std::uint64_t>(nodes)));
    if (a == c) continue;
    const double d =
        net::haversine_m(lon[static_cast<std::size_t>(a)], lat[static_cast<std::size_t>(a)],
                         lon[static_cast<std::size_t>(c)], lat[static_cast<std::size_t>(c)]);
    b.add_link(link(k + 1, a + 1, c + 1, d * (1.0 + 0.5 * rng.unit()), classes[rng.below(5)]));
  }
  return b.build();
}

TEST(NetworkWalk, RandomEqualsBruteForceAndIsNeverShorterThanStraight) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value());
  std::size_t found = 0;  // walks between distinct points
  for (int instance = 0; instance < 20; ++instance) {
    const int n = 5 + static_cast<int>(rng.below(40));
    const net::RoadNetwork road = random_road(rng, n, static_cast<int>(rng.below(3 * n)) + 1);
    std::optional<WalkGraph> graph;
    try {
      graph.emplace(road);
    } catch (const std::invalid_argument&) {
      continue;  // nothing walkable
    }
    // Floyd-Warshall over walkable links, both directions.
    const auto un = static_cast<std::size_t>(n);
    std::vector<double> fw(un * un, kInf);
    std::vector<std::uint8_t> walkable_node(un, 0);
    for (std::size_t i = 0; i < un; ++i) fw[i * un + i] = 0;
    for (const net::LinkId l : road.links()) {
      if (!walkable(road.link_class()[l])) continue;
      const std::size_t a = road.tail()[l].value(), c = road.head()[l].value();
      walkable_node[a] = walkable_node[c] = 1;
      fw[a * un + c] = std::min(fw[a * un + c], road.length_m()[l]);
      fw[c * un + a] = std::min(fw[c * un + a], road.length_m()[l]);
    }
    for (std::size_t k = 0; k < un; ++k) {
      for (std::size_t i = 0; i < un; ++i) {
        for (std::size_t j = 0; j < un; ++j) {
          fw[i * un + j] = std::min(fw[i * un + j], fw[i * un + k] + fw[k * un + j]);
        }
      }
    }
    auto brute_snap = [&](net::LonLat p) {
      WalkSnap best{0, kInf};
      for (std::uint32_t v = 0; v < un; ++v) {
        if (!walkable_node[v]) continue;
        const double d =
            net::haversine_m(p.lon, p.lat, road.lon()[net::NodeId{v}], road.lat()[net::NodeId{v}]);
        if (d < best.distance_m) best = {v, d};
      }
      return best;
    };
    std::vector<net::LonLat> pts;
    for (int i = 0; i < 30; ++i) pts.push_back({0.022 * rng.unit() - 0.001, 0.022 * rng.unit()});
    pts.push_back(pts[3]);  // a duplicate point
    const double max_m = 300 + 2000 * rng.unit();
    const NetworkWalks w = network_walks(*graph, pts, pts, max_m);
    for (std::size_t i = 0; i < pts.size(); ++i) {
      const WalkSnap si = brute_snap(pts[i]);
      const auto gi = graph->snap(pts[i].lon, pts[i].lat);
      ASSERT_TRUE(gi);
      EXPECT_EQ(gi->node, si.node);
      EXPECT_EQ(gi->distance_m, si.distance_m);
      std::vector<double> got(pts.size(), kInf);
      for (std::uint32_t k = w.first[i]; k < w.first[i + 1]; ++k) {
        got[w.target[k]] = w.distance_m[k];
        found += w.target[k] != i;
        if (k > w.first[i]) {
          EXPECT_LT(w.target[k - 1], w.target[k]);
        }
      }
      for (std::size_t j = 0; j < pts.size(); ++j) {
        const WalkSnap sj = brute_snap(pts[j]);
        const bool same = pts[i].lon == pts[j].lon && pts[i].lat == pts[j].lat;
        const double want = same ? 0.0 : si.distance_m + fw[si.node * un + sj.node] + sj.distance_m;
        const double straight = net::haversine_m(pts[i].lon, pts[i].lat, pts[j].lon, pts[j].lat);
        if (got[j] != kInf) {
          EXPECT_GE(got[j], straight - 1e-6) << i << " " << j;
        }
        if (std::fabs(want - max_m) < 1e-6) continue;  // rounding decides
        if (want <= max_m) {
          EXPECT_NEAR(got[j], want, 1e-6) << i << " " << j;
        } else {
          EXPECT_EQ(got[j], kInf) << i << " " << j;
        }
      }
    }
  }
  EXPECT_GT(found, 100u);
}

TEST(NetworkWalk, FootpathsNeverFasterThanStraightAndDeterministic) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value() + 1);
  const net::RoadNetwork road = random_road(rng, 60, 200);
  TransitBuilder b;
  b.add_agency({"AG", "Agency", "http://a", "UTC"});
  for (int i = 0; i < 80; ++i) {
    b.add_stop({"S" + std::to_string(i), "s", 0.02 * rng.unit(), 0.02 * rng.unit(), "",
                LocationType::kStop});
  }
  const TransitNetwork feed = b.build();
  const WalkParams params{1.3, 700.0};
  const Footpaths straight = Footpaths::build(feed, params);
  const Footpaths walk = build_network_footpaths(feed, road, params);
  EXPECT_LE(walk.footpath_count(), straight.footpath_count());
  EXPECT_GT(walk.footpath_count(), 0u);
  for (std::uint32_t s = 0; s < feed.stop_count(); ++s) {
    const Paths ps = paths_of(straight, s);
    for (const auto& [t, time_s] : paths_of(walk, s)) {
      // Every network footpath is also a straight one (within the radius), and no faster.
      const auto it = std::lower_bound(ps.begin(), ps.end(), std::make_pair(t, 0));
      ASSERT_TRUE(it != ps.end() && it->first == t) << s << " " << t;
      EXPECT_GE(time_s, it->second);
    }
  }
  const int threads[] = {1, 2};
  std::vector<Paths> first;
  for (const int th : threads) {
    const Footpaths again = build_network_footpaths(feed, road, params, Execution{th});
    std::vector<Paths> all;
    for (std::uint32_t s = 0; s < feed.stop_count(); ++s) all.push_back(paths_of(again, s));
    if (first.empty()) {
      first = all;
      for (std::uint32_t s = 0; s < feed.stop_count(); ++s) EXPECT_EQ(all[s], paths_of(walk, s));
    } else {
      EXPECT_EQ(all, first);
    }
  }
}

}  // namespace
}  // namespace ouflow::sim
