#include "sim/road/assignment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "networks/bgl_adapter.h"
#include "networks/input_error.h"
#include "networks/io/tntp.h"
#include "networks/network_builder.h"
#include "sim/road/all_or_nothing.h"
#include "sim/road/assignment_output.h"
#include "sim/road/link_performance.h"
#include "sim/road/skim.h"
#include "tests/common/cli.h"
#include "tests/common/temp_dir.h"

namespace ouflow::sim {
namespace {

net::Model read(const char* folder, const char* prefix, io::TntpOptions o = {}) {
  return io::read_tntp(
      io::tntp_siblings(test::data_dir() / "tntp" / folder / (std::string(prefix) + "_net.tntp")),
      o);
}

double flow_on(const net::RoadNetwork& n, const std::vector<double>& x, std::int64_t from,
               std::int64_t to) {
  for (net::LinkId l : n.links()) {
    if (n.node_external_id()[n.tail()[l]] == from && n.node_external_id()[n.head()[l]] == to) {
      return x[l.value()];
    }
  }
  ADD_FAILURE() << "no link " << from << "->" << to;
  return 0;
}

// Braess: 6 trips from 1 to 2 split 2/2/2 over the three routes, every route costing 92.
TEST(Assignment, BraessParadoxEveryAlgorithm) {
  const net::Model m = read("Braess-Example", "Braess");
  for (Algorithm a : {Algorithm::kFrankWolfe, Algorithm::kConjugateFw, Algorithm::kBiconjugateFw,
                      Algorithm::kAlgorithmB}) {
    SCOPED_TRACE(std::string(to_string(a)));
    AssignmentOptions o;
    o.algorithm = a;
    o.target_gap = 1e-9;
    o.max_iterations = 20000;
    const AssignmentResult r = assign(m.road, *m.demand, o);
    EXPECT_TRUE(r.converged) << r.last().relative_gap;
    EXPECT_NEAR(flow_on(m.road, r.flow, 1, 3), 4.0, 1e-3);
    EXPECT_NEAR(flow_on(m.road, r.flow, 1, 4), 2.0, 1e-3);
    EXPECT_NEAR(flow_on(m.road, r.flow, 3, 2), 2.0, 1e-3);
    EXPECT_NEAR(flow_on(m.road, r.flow, 3, 4), 2.0, 1e-3);
    EXPECT_NEAR(flow_on(m.road, r.flow, 4, 2), 4.0, 1e-3);
    // Every used route costs 92 minutes; SPTT = 6 * 92.
    EXPECT_NEAR(r.last().sptt / 60.0, 6 * 92.0, 1e-3);
  }
}

// Demand that no path can carry is bad input (std::invalid_argument: exit 2 in the CLI) naming
// the network and the zone; it once was a runtime_error (exit 1) naming neither.
TEST(Assignment, DemandWithoutAPathNamesTheNetwork) {
  net::Model m = read("Braess-Example", "Braess");
  net::TripTable t(m.road.zone_count());
  t.at(net::ZoneId{1}, net::ZoneId{0}) = 5;  // zone 2 to zone 1: the links all lead away from 1
  for (Algorithm a : {Algorithm::kFrankWolfe, Algorithm::kAlgorithmB}) {
    SCOPED_TRACE(std::string(to_string(a)));
    AssignmentOptions o;
    o.algorithm = a;
    try {
      assign(m.road, t, o);
      ADD_FAILURE() << "no error";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("network 'Braess': no path from zone 2"),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(Assignment, AllOrNothingLoadsShortestPaths) {
  const net::Model m = read("Braess-Example", "Braess");
  AssignmentOptions o;
  o.algorithm = Algorithm::kAllOrNothing;
  const AssignmentResult r = assign(m.road, *m.demand, o);
  ASSERT_EQ(r.log.size(), 1u);
  // At free flow 1-3-4-2 costs about 10 minutes; the other routes 50.
  EXPECT_DOUBLE_EQ(flow_on(m.road, r.flow, 1, 3), 6.0);
  EXPECT_DOUBLE_EQ(flow_on(m.road, r.flow, 3, 4), 6.0);
  EXPECT_DOUBLE_EQ(flow_on(m.road, r.flow, 4, 2), 6.0);
  EXPECT_DOUBLE_EQ(flow_on(m.road, r.flow, 1, 4), 0.0);
}

// The Frank-Wolfe family approaches the best-known Sioux Falls equilibrium; the conjugate
// variants need far fewer iterations than plain Frank-Wolfe, which needs fewer than MSA.
TEST(Assignment, FrankWolfeFamilyOnSiouxFalls) {
  const net::Model m = read("SiouxFalls", "SiouxFalls");
  const double best_beckmann = 4231335.28711;  // veh-min, from the best-known flows
  std::map<Algorithm, int> iterations;
  for (Algorithm a : {Algorithm::kMsa, Algorithm::kFrankWolfe, Algorithm::kConjugateFw,
                      Algorithm::kBiconjugateFw}) {
    SCOPED_TRACE(std::string(to_string(a)));
    AssignmentOptions o;
    o.algorithm = a;
    o.target_gap = a == Algorithm::kMsa ? 1e-3 : 1e-4;  // MSA's 1/k steps are slow
    o.max_iterations = 5000;
    const AssignmentResult r = assign(m.road, *m.demand, o);
    EXPECT_TRUE(r.converged) << r.last().relative_gap;
    iterations[a] = r.last().iteration;
    EXPECT_NEAR(r.last().beckmann / 60.0, best_beckmann, 2 * o.target_gap * best_beckmann);
    // The relative gap bounds the objective error: B(x) - B* <= TSTT - SPTT.
    EXPECT_LE(r.last().beckmann / 60.0 - best_beckmann,
              (r.last().tstt - r.last().sptt) / 60.0 + 1e-6 * best_beckmann);
  }
  EXPECT_LT(iterations[Algorithm::kBiconjugateFw], iterations[Algorithm::kConjugateFw]);
  EXPECT_LT(iterations[Algorithm::kConjugateFw], iterations[Algorithm::kFrankWolfe]);
}

// The logged gap, recomputed independently from the written link-flow file: costs from the
// CSV's cost column, shortest paths by Boost's Dijkstra (Sioux Falls lets every node carry
// through traffic, so plain Dijkstra is right).
TEST(Assignment, GapAgreesWithIndependentRecomputation) {
  const net::Model m = read("SiouxFalls", "SiouxFalls");
  AssignmentOptions o;
  o.algorithm = Algorithm::kBiconjugateFw;
  o.target_gap = 1e-5;
  const AssignmentResult r = assign(m.road, *m.demand, o);
  test::TempDir dir;
  const auto csv = dir.path() / "flows.csv";
  write_link_flows_csv(csv, m.road, r.flow, NumberFormat::kRoundTrip);
  // Re-read flows and costs from the file.
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line,
            "dir_link_id,link_id,from_node,to_node,class,flow_vph,time_min,cost_min,speed_kmh,vc");
  std::vector<double> x(m.road.link_count()), c(m.road.link_count());
  for (net::LinkId l : m.road.input_order()) {
    ASSERT_TRUE(std::getline(in, line));
    std::stringstream ss(line);
    std::string f[10];
    for (auto& s : f) std::getline(ss, s, ',');
    EXPECT_EQ(std::stoll(f[2]), m.road.node_external_id()[m.road.tail()[l]]);
    x[l.value()] = std::stod(f[5]);
    c[l.value()] = std::stod(f[7]);
  }
  double tstt = 0.0, sptt = 0.0;
  for (std::size_t l = 0; l < x.size(); ++l) tstt += x[l] * c[l];
  const net::BglGraph g(m.road);
  for (net::ZoneId o2 : m.road.zones()) {
    const std::vector<double> d = g.dijkstra(m.road.zone_centroid()[o2], c);
    for (net::ZoneId d2 : m.road.zones()) {
      if (o2 != d2) sptt += (*m.demand)(o2, d2) * d[m.road.zone_centroid()[d2].value()];
    }
  }
  EXPECT_NEAR(1.0 - sptt / tstt, r.last().relative_gap, 1e-9);
}

TEST(Assignment, IdenticalBitsForOneTwoAndSevenThreads) {
#ifdef _OPENMP
  const net::Model m = read("Anaheim", "Anaheim");
  for (Algorithm a : {Algorithm::kBiconjugateFw, Algorithm::kAlgorithmB}) {
    SCOPED_TRACE(std::string(to_string(a)));
    std::vector<std::vector<double>> flows;
    std::vector<double> gaps;
    for (int threads : {1, 2, 7}) {
      AssignmentOptions o;
      o.exec.threads = threads;
      o.algorithm = a;
      o.max_iterations = 30;
      o.target_gap = 1e-12;
      const AssignmentResult r = assign(m.road, *m.demand, o);
      flows.push_back(r.flow);
      gaps.push_back(r.last().relative_gap);
    }
    EXPECT_EQ(flows[0], flows[1]);
    EXPECT_EQ(flows[0], flows[2]);
    EXPECT_EQ(gaps[0], gaps[1]);
    EXPECT_EQ(gaps[0], gaps[2]);
  }
#else
  GTEST_SKIP() << "built without OpenMP";
#endif
}

TEST(Assignment, WarmStartFromFlowsContinuesWhereItStopped) {
  const net::Model m = read("SiouxFalls", "SiouxFalls");
  AssignmentOptions o;
  o.algorithm = Algorithm::kBiconjugateFw;
  o.target_gap = 1e-4;
  const AssignmentResult cold = assign(m.road, *m.demand, o);
  test::TempDir dir;
  write_link_flows_csv(dir.path() / "f.csv", m.road, cold.flow, NumberFormat::kRoundTrip);
  o.warm_start_flows = read_link_flows(dir.path() / "f.csv", m.road);
  const AssignmentResult warm = assign(m.road, *m.demand, o);
  EXPECT_EQ(warm.log.size(), 1u);  // already converged
  EXPECT_NEAR(warm.log.front().relative_gap, cold.last().relative_gap, 1e-9);
  o.warm_start_flows->pop_back();
  EXPECT_THROW(assign(m.road, *m.demand, o), std::invalid_argument);
}

// Links 5 (1 -> 2, undirected: also 2 -> 1) and 6 (1 -> 2, parallel to 5's as-coded direction),
// and link 7 given three times (a source with a repeated id): ids stay unique per direction.
net::RoadNetwork parallel_links_network() {
  net::NetworkBuilder b;
  for (std::int64_t id : {1, 2, 3}) {
    net::NodeSpec n;
    n.external_id = id;
    b.add_node(n);
  }
  auto add = [&](std::int64_t id, std::int64_t from, std::int64_t to) {
    net::LinkSpec s;
    s.external_id = id;
    s.from = from;
    s.to = to;
    s.length_m = 1000;
    s.free_flow_time_s = 60;
    s.capacity_vph = 1000;
    b.add_link(s);
  };
  add(5, 1, 2);
  add(5, 2, 1);
  add(6, 1, 2);
  add(7, 2, 3);
  add(7, 2, 3);
  add(7, 3, 2);
  b.add_zone({1, 1, 0, 0, ""});
  b.add_zone({3, 3, 0, 0, ""});
  return b.build();
}

// The ids by input order.
std::vector<std::string> ids_in_input_order(const net::RoadNetwork& n) {
  const std::vector<std::string> ids = direction_link_ids(n);
  std::vector<std::string> out;
  for (net::LinkId l : n.input_order()) out.push_back(ids[l.value()]);
  return out;
}

TEST(LinkFlowsFile, DirectionIdsAreUniqueAndNameTheDirection) {
  const net::RoadNetwork n = parallel_links_network();
  EXPECT_EQ(ids_in_input_order(n),
            (std::vector<std::string>{"5_ab", "5_ba", "6_ab", "7_ab", "7_2", "7_3"}));
  // TNTP: unique link ids, every one "_ab".
  const net::Model m = read("SiouxFalls", "SiouxFalls");
  const std::vector<std::string> ids = direction_link_ids(m.road);
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), m.road.link_count());
  for (const std::string& id : ids) EXPECT_TRUE(id.ends_with("_ab")) << id;
}

TEST(LinkFlowsFile, RoundTripsWithParallelLinksInEitherFormat) {
  const net::RoadNetwork n = parallel_links_network();
  std::vector<double> flow(n.link_count());
  for (std::size_t i = 0; i < flow.size(); ++i) flow[i] = 100.0 * static_cast<double>(i) + 1.0 / 3;
  test::TempDir dir;
  const auto full = dir.path() / "full.csv", rounded = dir.path() / "rounded.csv";
  write_link_flows_csv(full, n, flow, NumberFormat::kRoundTrip);
  write_link_flows_csv(rounded, n, flow, NumberFormat::kRounded);
  EXPECT_EQ(read_link_flows(full, n), flow);
  const std::vector<double> back = read_link_flows(rounded, n);
  for (std::size_t i = 0; i < flow.size(); ++i) EXPECT_NEAR(back[i], flow[i], 0.005);
  const std::string text = test::slurp(rounded);
  EXPECT_NE(text.find("\n5_ba,5,2,1,unclassified,200.33,1,1,59.99,0.2003\n"), std::string::npos)
      << text;

  // Rows in any order match by dir_link_id; from_node/to_node must agree with it.
  const net::LinkId l6 = n.input_order()[2], l5ba = n.input_order()[1];
  const auto shuffled = dir.write("shuffled.csv",
                                  "dir_link_id,from_node,to_node,flow_vph\n"
                                  "7_3,3,2,6\n7_2,2,3,5\n7_ab,2,3,4\n6_ab,1,2,3\n"
                                  "5_ba,2,1,2\n5_ab,1,2,1\n");
  const std::vector<double> s = read_link_flows(shuffled, n);
  EXPECT_EQ(s[l6.value()], 3.0);
  EXPECT_EQ(s[l5ba.value()], 2.0);
  const auto wrong = dir.write("wrong.csv",
                               "dir_link_id,from_node,to_node,flow_vph\n"
                               "7_3,3,2,6\n7_2,2,3,5\n7_ab,2,3,4\n6_ab,1,2,3\n"
                               "5_ba,1,2,2\n5_ab,1,2,1\n");
  EXPECT_THROW(read_link_flows(wrong, n), InputError);
  const auto twice = dir.write("twice.csv",
                               "dir_link_id,flow_vph\n7_3,6\n7_3,5\n7_ab,4\n6_ab,3\n"
                               "5_ba,2\n5_ab,1\n");
  EXPECT_THROW(read_link_flows(twice, n), InputError);

  // The older layout (from,to,flow) matches by end nodes, parallel links in file order.
  const auto legacy = dir.write("legacy.csv",
                                "from,to,flow,travel_time,cost,volume_capacity\n"
                                "1,2,1,1,1,0\n2,1,2,1,1,0\n1,2,3,1,1,0\n2,3,4,1,1,0\n"
                                "2,3,5,1,1,0\n3,2,6,1,1,0\n");
  const std::vector<double> old = read_link_flows(legacy, n);
  for (std::size_t k = 0; k < n.link_count(); ++k) {
    EXPECT_EQ(old[n.input_order()[k].value()], static_cast<double>(k + 1));
  }
  EXPECT_EQ(read_link_flows(shuffled, n), [&] {
    std::vector<double> v(n.link_count());
    for (std::size_t k = 0; k < n.link_count(); ++k)
      v[n.input_order()[k].value()] = static_cast<double>(k + 1);
    return v;
  }());
}

TEST(Skim, TimesAndDistancesAlongLeastCostPaths) {
  const net::Model m = read("Braess-Example", "Braess");
  const LinkPerformance perf(m.road);
  std::vector<double> zero(m.road.link_count(), 0.0), cost(zero.size()), time(zero.size());
  perf.costs(zero, cost);
  perf.times(zero, time);
  const Skim s = compute_skim(m.road, cost, time);
  const net::ZoneId z1 = *m.road.find_zone(1), z2 = *m.road.find_zone(2);
  // 1-3-4-2 at free flow: 1e-8 + 10 + 1e-8 minutes, three links of 100 miles.
  EXPECT_NEAR(s.time(z1, z2), 600.0, 1e-5);
  EXPECT_NEAR(s.distance(z1, z2), 3 * 100 * 1609.344, 1e-6);
  EXPECT_EQ(s.cost(z1, z1), 0.0);
  EXPECT_TRUE(std::isinf(s.cost(z2, z1)));  // no path back
}

}  // namespace
}  // namespace ouflow::sim
