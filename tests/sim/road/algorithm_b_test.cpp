#include "sim/road/algorithm_b.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "networks/input_error.h"
#include "networks/io/tntp.h"
#include "networks/network_builder.h"
#include "sim/road/all_or_nothing.h"
#include "sim/road/assignment.h"
#include "sim/road/link_performance.h"
#include "tests/common/temp_dir.h"

namespace ouflow::sim {
namespace {

std::filesystem::path net_file(const char* folder, const char* prefix) {
  return test::data_dir() / "tntp" / folder / (std::string(prefix) + "_net.tntp");
}

net::Model read(const char* folder, const char* prefix, io::TntpOptions o = {}) {
  return io::read_tntp(io::tntp_siblings(net_file(folder, prefix)), o);
}

// Chicago Sketch's generalized-cost weights, in TNTP units (minutes per cent, per mile).
io::TntpOptions chicago_options() {
  io::TntpOptions o;
  o.toll_factor = 0.02;
  o.distance_factor = 0.04;
  return o;
}

// Everything one solve needs, built in the order the dispatcher builds it.
struct Solver {
  Solver(const net::RoadNetwork& n, const net::TripTable& d, AlgorithmBOptions o = {})
      : perf(n), aon(n, d, o.exec), b(n, aon.od(), perf, o), cost(n.link_count()) {}

  // Relative gap 1 - SPTT / TSTT at the current flows.
  double gap() {
    const auto x = b.flow();
    perf.costs(x, cost);
    const double sptt = aon.sptt(cost);
    const double tstt = perf.total_cost(x);
    return 1.0 - sptt / tstt;
  }
  // Iterates until the gap is at most `target`; returns the iterations it took.
  int solve(double target, int max_iterations = 200) {
    for (int k = 0;; ++k) {
      last_gap = gap();
      if (last_gap <= target || k >= max_iterations) return k;
      b.iterate();
    }
  }
  std::vector<double> flows() const { return {b.flow().begin(), b.flow().end()}; }

  LinkPerformance perf;
  AllOrNothing aon;
  AlgorithmB b;
  std::vector<double> cost;
  double last_gap = 1.0;
};

double flow_on(const net::RoadNetwork& n, std::span<const double> x, std::int64_t from,
               std::int64_t to) {
  for (net::LinkId l : n.links()) {
    if (n.node_external_id()[n.tail()[l]] == from && n.node_external_id()[n.head()[l]] == to) {
      return x[l.value()];
    }
  }
  ADD_FAILURE() << "no link " << from << "->" << to;
  return 0;
}

// Largest violation of inflow + supply = outflow + demand over all nodes (vehicles).
double conservation_error(const net::RoadNetwork& n, const OdStructure& od,
                          std::span<const double> x) {
  std::vector<double> balance(n.node_count(), 0.0);
  for (net::LinkId l : n.links()) {
    balance[n.head()[l].value()] += x[l.value()];
    balance[n.tail()[l].value()] -= x[l.value()];
  }
  for (std::size_t o = 0; o < od.origins.size(); ++o) {
    for (const OdStructure::Destination& d : od.destinations[o]) {
      balance[od.origin_node[o].value()] += d.trips;
      balance[d.node.value()] -= d.trips;
    }
  }
  double worst = 0.0;
  for (double v : balance) worst = std::max(worst, std::abs(v));
  return worst;
}

// Every link within tol * max(best, floor) of the best-known flow.
void expect_best_known_flows(const net::RoadNetwork& n, std::span<const double> x,
                             const std::filesystem::path& flow_file, double tol, double floor) {
  const io::LinkFlows best = io::read_tntp_flow(flow_file, n);
  int off = 0;
  for (net::LinkId l : n.links()) {
    const double b = best.volume[l];
    if (std::abs(x[l.value()] - b) > tol * std::max(b, floor) && ++off <= 5) {
      ADD_FAILURE() << "link " << n.node_external_id()[n.tail()[l]] << "->"
                    << n.node_external_id()[n.head()[l]] << ": " << x[l.value()] << " vs " << b;
    }
  }
  EXPECT_EQ(off, 0);
}

// Braess: 6 trips from 1 to 2. Free flow sends all of them over 1-3-4-2 (cost 10 + 2e-8); at
// equilibrium they split 2/2/2 over the three routes and every route costs 92 minutes (up to
// the 1e-8-minute free-flow terms of links 1-3 and 4-2).
TEST(AlgorithmB, BraessParadox) {
  const net::Model m = read("Braess-Example", "Braess");
  Solver s(m.road, *m.demand);
  s.b.initialize();
  EXPECT_DOUBLE_EQ(flow_on(m.road, s.b.flow(), 1, 3), 6.0);
  EXPECT_DOUBLE_EQ(flow_on(m.road, s.b.flow(), 3, 4), 6.0);
  EXPECT_DOUBLE_EQ(flow_on(m.road, s.b.flow(), 4, 2), 6.0);
  EXPECT_DOUBLE_EQ(flow_on(m.road, s.b.flow(), 1, 4), 0.0);
  EXPECT_LE(s.solve(1e-12), 10);
  const auto x = s.b.flow();
  EXPECT_NEAR(flow_on(m.road, x, 1, 3), 4.0, 1e-6);
  EXPECT_NEAR(flow_on(m.road, x, 1, 4), 2.0, 1e-6);
  EXPECT_NEAR(flow_on(m.road, x, 3, 2), 2.0, 1e-6);
  EXPECT_NEAR(flow_on(m.road, x, 3, 4), 2.0, 1e-6);
  EXPECT_NEAR(flow_on(m.road, x, 4, 2), 4.0, 1e-6);
  s.perf.costs(x, s.cost);
  EXPECT_NEAR(s.aon.sptt(s.cost) / 60.0, 6 * 92.0, 1e-6);
  s.b.validate(1e-12);
}

TEST(AlgorithmB, SiouxFallsMatchesBestKnownFlows) {
  const net::Model m = read("SiouxFalls", "SiouxFalls");
  Solver s(m.road, *m.demand);
  s.b.initialize();
  s.solve(1e-10);
  ASSERT_LE(s.last_gap, 1e-10);
  EXPECT_GE(s.last_gap, -1e-12);
  expect_best_known_flows(m.road, s.b.flow(),
                          test::data_dir() / "tntp/SiouxFalls/SiouxFalls_flow.tntp", 1e-4, 100.0);
  // Beckmann 4,231,335.28711 in the file's time unit (see the data README).
  EXPECT_NEAR(s.perf.beckmann(s.b.flow()) / 60.0, 4231335.28711, 1e-3);
  s.b.validate();
}

// Anaheim has FIRST THRU NODE 39: validate() checks that no bush passes through a zone.
TEST(AlgorithmB, AnaheimMatchesBestKnownFlows) {
  const net::Model m = read("Anaheim", "Anaheim");
  Solver s(m.road, *m.demand);
  s.b.initialize();
  s.solve(1e-10);
  ASSERT_LE(s.last_gap, 1e-10);
  expect_best_known_flows(m.road, s.b.flow(), test::data_dir() / "tntp/Anaheim/Anaheim_flow.tntp",
                          1e-4, 100.0);
  EXPECT_LT(conservation_error(m.road, s.aon.od(), s.b.flow()), 1e-6);
  s.b.validate();
}

TEST(AlgorithmB, BerlinFriedrichshainReachesGap1e10) {
  const net::Model m = read("Berlin-Friedrichshain", "friedrichshain-center");
  Solver s(m.road, *m.demand);
  s.b.initialize();
  s.solve(1e-10);
  EXPECT_LE(s.last_gap, 1e-10);
  EXPECT_LT(conservation_error(m.road, s.aon.od(), s.b.flow()), 1e-6);
  s.b.validate();
}

// Chicago Sketch is solved once to 1e-10 and shared by the assertions below.
struct ChicagoSolution {
  net::Model model;
  std::unique_ptr<Solver> solver;
  int iterations = 0;
};

const ChicagoSolution& chicago() {
  static const ChicagoSolution* solution = [] {
    auto* c = new ChicagoSolution;
    c->model = read("Chicago-Sketch", "ChicagoSketch", chicago_options());
    c->solver = std::make_unique<Solver>(c->model.road, *c->model.demand);
    c->solver->b.initialize();
    c->iterations = c->solver->solve(1e-10);
    return c;
  }();
  return *solution;
}

TEST(AlgorithmB, ChicagoSketchReachesGap1e10) {
  const ChicagoSolution& c = chicago();
  EXPECT_LE(c.solver->last_gap, 1e-10);
  EXPECT_GE(c.solver->last_gap, -1e-12);
  EXPECT_LE(c.iterations, 30);
}

TEST(AlgorithmB, ChicagoSketchBeckmannObjective) {
  const ChicagoSolution& c = chicago();
  // Our costs are in seconds, the best-known objective in minutes.
  const double objective = c.solver->perf.beckmann(c.solver->b.flow()) / 60.0;
  EXPECT_NEAR(objective, 17313018.7387, 1e-9 * 17313018.7387);
}

TEST(AlgorithmB, ChicagoSketchFlowsOnStrictlyIncreasingLinks) {
  const ChicagoSolution& c = chicago();
  const net::RoadNetwork& n = c.model.road;
  const io::LinkFlows best = io::read_tntp_flow(
      test::data_dir() / "tntp/Chicago-Sketch/ChicagoSketch_flow.tntp", n, chicago_options());
  const auto x = c.solver->b.flow();
  int strict = 0, off = 0;
  for (net::LinkId l : n.links()) {
    if (!c.solver->perf.strictly_increasing(l.value())) continue;
    ++strict;
    const double b = best.volume[l];
    if (std::abs(x[l.value()] - b) > 1e-3 * std::max(b, 1.0) && ++off <= 5) {
      ADD_FAILURE() << "link " << n.node_external_id()[n.tail()[l]] << "->"
                    << n.node_external_id()[n.head()[l]] << ": " << x[l.value()] << " vs " << b;
    }
  }
  EXPECT_EQ(strict, 2176);
  EXPECT_EQ(off, 0);
}

TEST(AlgorithmB, ChicagoSketchConservesFlow) {
  const ChicagoSolution& c = chicago();
  EXPECT_LT(conservation_error(c.model.road, c.solver->aon.od(), c.solver->b.flow()), 1e-6);
  c.solver->b.validate(1e-6);
  for (double v : c.solver->b.flow()) EXPECT_GE(v, 0.0);
}

#ifdef _OPENMP
TEST(AlgorithmB, IdenticalBitsForOneTwoAndSevenThreads) {
  const net::Model m = read("Chicago-Sketch", "ChicagoSketch", chicago_options());
  std::vector<std::vector<double>> results;
  for (int threads : {1, 2, 7}) {
    AlgorithmBOptions o;
    o.exec.threads = threads;
    Solver s(m.road, *m.demand, o);
    s.b.initialize();
    for (int k = 0; k < 3; ++k) s.b.iterate();
    results.push_back(s.flows());
  }
  for (std::size_t i = 1; i < results.size(); ++i) {
    ASSERT_EQ(results[i].size(), results[0].size());
    EXPECT_EQ(std::memcmp(results[i].data(), results[0].data(), results[0].size() * sizeof(double)),
              0)
        << "thread run " << i;
  }
}
#endif

// Saving, loading and continuing gives the same bits as continuing in memory.
TEST(AlgorithmB, SaveLoadRoundTripContinuesIdentically) {
  const net::Model m = read("SiouxFalls", "SiouxFalls");
  test::TempDir dir;
  const auto file = dir.path() / "sioux.bushes";
  Solver a(m.road, *m.demand);
  a.b.initialize();
  for (int k = 0; k < 3; ++k) a.b.iterate();
  a.b.save_bushes(file);
  Solver b(m.road, *m.demand);
  EXPECT_FALSE(b.b.load_bushes(file));  // demand unchanged: nothing re-balanced
  const std::vector<double> loaded = b.flows();
  EXPECT_EQ(loaded, a.flows());
  a.b.iterate();
  b.b.iterate();
  EXPECT_EQ(a.flows(), b.flows());
  EXPECT_EQ(a.b.fingerprint(), b.b.fingerprint());
  EXPECT_EQ(a.b.bush_link_count(), b.b.bush_link_count());
}

// A copy of `n` (through NetworkBuilder, as a reader would build it) with one link's capacity
// scaled.
net::RoadNetwork with_capacity_scaled(const net::RoadNetwork& n, net::LinkId changed,
                                      double factor) {
  net::NetworkBuilder b;
  for (net::NodeId v : n.nodes()) {
    net::NodeSpec s;
    s.external_id = n.node_external_id()[v];
    s.x = n.x()[v];
    s.y = n.y()[v];
    s.through_allowed = n.through_allowed()[v] != 0;
    b.add_node(s);
  }
  for (net::LinkId l : n.input_order()) {
    net::LinkSpec s;
    s.external_id = n.link_external_id()[l];
    s.from = n.node_external_id()[n.tail()[l]];
    s.to = n.node_external_id()[n.head()[l]];
    s.length_m = n.length_m()[l];
    s.free_flow_time_s = n.free_flow_time_s()[l];
    s.capacity_vph = n.capacity_vph()[l] * (l == changed ? factor : 1.0);
    s.volume_delay = n.volume_delay()[l];
    s.alpha = n.alpha()[l];
    s.beta = n.beta()[l];
    s.toll = n.toll()[l];
    b.add_link(s);
  }
  for (net::ZoneId z : n.zones()) {
    b.add_zone(net::ZoneSpec{n.zone_external_id()[z], n.node_external_id()[n.zone_centroid()[z]],
                             0.0, 0.0, ""});
  }
  b.set_metadata(n.metadata());
  return b.build();
}

// The link with the largest total congestion delay x * (c(x) - c(0)) among those carrying at
// most half the flow into their head (so that traffic has somewhere else to go).
net::LinkId most_delayed(const net::RoadNetwork& n, const LinkPerformance& perf,
                         std::span<const double> x) {
  std::vector<double> inflow(n.node_count(), 0.0);
  for (net::LinkId l : n.links()) inflow[n.head()[l].value()] += x[l.value()];
  net::LinkId best;
  double worst = -1.0;
  for (net::LinkId l : n.links()) {
    const std::size_t i = l.value();
    if (x[i] > 0.5 * inflow[n.head()[l].value()]) continue;
    const double delay = x[i] * (perf.cost(i, x[i]) - perf.cost(i, 0.0));
    if (delay > worst) {
      worst = delay;
      best = l;
    }
  }
  return best;
}

TEST(AlgorithmB, WarmStartAfterCapacityChangeConvergesFaster) {
  const net::Model m = read("Anaheim", "Anaheim");
  test::TempDir dir;
  const auto file = dir.path() / "anaheim.bushes";
  net::LinkId changed;
  {
    Solver s(m.road, *m.demand);
    s.b.initialize();
    s.solve(1e-10);
    ASSERT_LE(s.last_gap, 1e-10);
    s.b.save_bushes(file);
    changed = most_delayed(m.road, s.perf, s.b.flow());
  }
  const net::RoadNetwork halved = with_capacity_scaled(m.road, changed, 0.5);
  Solver cold(halved, *m.demand);
  cold.b.initialize();
  const int cold_iterations = cold.solve(1e-10);
  ASSERT_LE(cold.last_gap, 1e-10);

  Solver warm(halved, *m.demand);
  EXPECT_FALSE(warm.b.load_bushes(file));  // same demand: flows kept as saved
  warm.b.validate();
  EXPECT_GT(warm.gap(), 1e-8);  // the old equilibrium is not one any more
  const int warm_iterations = warm.solve(1e-10);
  ASSERT_LE(warm.last_gap, 1e-10);
  EXPECT_LE(warm_iterations + 3, cold_iterations)
      << "warm " << warm_iterations << ", cold " << cold_iterations;
  // Both at gap 1e-10: the same objective. Flows on nearly uncongested links are determined
  // only loosely by the gap (their costs hardly change), so they are compared loosely.
  const double objective = cold.perf.beckmann(cold.b.flow());
  EXPECT_NEAR(warm.perf.beckmann(warm.b.flow()), objective, 1e-10 * objective);
  const auto w = warm.b.flow();
  const auto c = cold.b.flow();
  for (std::size_t l = 0; l < w.size(); ++l) {
    EXPECT_NEAR(w[l], c[l], 1e-2 * std::max(c[l], 100.0)) << "link " << l;
  }
}

TEST(AlgorithmB, WarmStartAfterDemandScaleRebalancesFlows) {
  const net::Model m = read("Anaheim", "Anaheim");
  test::TempDir dir;
  const auto file = dir.path() / "anaheim.bushes";
  {
    Solver s(m.road, *m.demand);
    s.b.initialize();
    s.solve(1e-10);
    s.b.save_bushes(file);
  }
  net::TripTable scaled = *m.demand;
  for (net::ZoneId o : m.road.zones()) {
    for (net::ZoneId d : m.road.zones()) scaled.at(o, d) *= 1.05;
  }
  Solver cold(m.road, scaled);
  cold.b.initialize();
  const int cold_iterations = cold.solve(1e-10);
  ASSERT_LE(cold.last_gap, 1e-10);

  Solver warm(m.road, scaled);
  EXPECT_TRUE(warm.b.load_bushes(file));  // every OD pair grew: flows re-balanced
  warm.b.validate(1e-6);
  EXPECT_LT(conservation_error(m.road, warm.aon.od(), warm.b.flow()), 1e-6);
  const int warm_iterations = warm.solve(1e-10);
  ASSERT_LE(warm.last_gap, 1e-10);
  EXPECT_LE(warm_iterations + 3, cold_iterations)
      << "warm " << warm_iterations << ", cold " << cold_iterations;
  const double objective = cold.perf.beckmann(cold.b.flow());
  EXPECT_NEAR(warm.perf.beckmann(warm.b.flow()), objective, 1e-10 * objective);
}

// Bushes kept in memory start exactly where the same bushes read from a file start (bit for bit),
// converge faster than a cold start after the demand changed unevenly, and are refused (nothing
// changed) by another network.
TEST(AlgorithmB, InMemoryBushesWarmStartLikeABushFile) {
  const net::Model m = read("Anaheim", "Anaheim");
  test::TempDir dir;
  const auto file = dir.path() / "anaheim.bushes";
  std::shared_ptr<BushSnapshot> snapshot;
  {
    Solver s(m.road, *m.demand);
    s.b.initialize();
    s.solve(1e-8);
    s.b.save_bushes(file);
    snapshot = s.b.release_bushes();
    EXPECT_THROW(s.b.iterate(), std::logic_error);  // released: not ready any more
  }
  net::TripTable changed = *m.demand;
  for (net::ZoneId o : m.road.zones()) {
    for (net::ZoneId d : m.road.zones())
      changed.at(o, d) *= (o.value() + d.value()) % 3 ? 1.1 : 0.8;
  }
  Solver from_file(m.road, changed);
  EXPECT_TRUE(from_file.b.load_bushes(file));
  Solver from_memory(m.road, changed);
  ASSERT_TRUE(from_memory.b.restore_bushes(*snapshot));
  from_memory.b.validate(1e-6);
  EXPECT_EQ(from_memory.flows(), from_file.flows());
  const int warm_iterations = from_memory.solve(1e-10);
  Solver cold(m.road, changed);
  cold.b.initialize();
  const int cold_iterations = cold.solve(1e-10);
  ASSERT_LE(from_memory.last_gap, 1e-10);
  ASSERT_LE(cold.last_gap, 1e-10);
  EXPECT_LT(warm_iterations, cold_iterations)
      << "warm " << warm_iterations << ", cold " << cold_iterations;
  // The snapshot is copied, not consumed: a second restore works too.
  Solver again(m.road, changed);
  EXPECT_TRUE(again.b.restore_bushes(*snapshot));

  const net::Model other = read("SiouxFalls", "SiouxFalls");
  Solver foreign(other.road, *other.demand);
  EXPECT_FALSE(foreign.b.restore_bushes(*snapshot));
  EXPECT_THROW(foreign.b.iterate(), std::logic_error);  // still uninitialized
}

// The dispatcher: keep_bushes hands the final bushes over, bushes_from starts from them.
TEST(AlgorithmB, AssignKeepsAndReusesBushesInMemory) {
  const net::Model m = read("SiouxFalls", "SiouxFalls");
  AssignmentOptions o;
  o.algorithm = Algorithm::kAlgorithmB;
  o.target_gap = 1e-8;
  o.keep_bushes = true;
  const AssignmentResult first = assign(m.road, *m.demand, o);
  ASSERT_TRUE(first.bushes);
  EXPECT_FALSE(first.warm_bushes);
  net::TripTable more = *m.demand;
  for (net::ZoneId z : m.road.zones()) more.at(z, net::ZoneId{0}) *= 1.2;
  o.bushes_from = first.bushes;
  const AssignmentResult warm = assign(m.road, more, o);
  EXPECT_TRUE(warm.warm_bushes);
  o.bushes_from = nullptr;
  const AssignmentResult cold = assign(m.road, more, o);
  EXPECT_LT(warm.log.size(), cold.log.size());
  for (std::size_t l = 0; l < cold.flow.size(); ++l) {
    EXPECT_NEAR(warm.flow[l], cold.flow[l], 1e-3 * std::max(1.0, cold.flow[l]));
  }
  AssignmentOptions fw;
  fw.algorithm = Algorithm::kFrankWolfe;
  fw.keep_bushes = true;
  EXPECT_THROW(assign(m.road, *m.demand, fw), std::invalid_argument);
}

// Three routes from node 1 to node 2 (minutes): A = 1->2 costs 1 + x; B = 1->3->2 costs b
// (constant, then a free link); C = 1->4->2 costs 3 (likewise). A shift between B and C has a
// zero derivative sum and must move the whole segment flow.
net::RoadNetwork three_routes(double b_minutes) {
  net::NetworkBuilder nb;
  for (std::int64_t v = 1; v <= 4; ++v) {
    net::NodeSpec n;
    n.external_id = v;
    nb.add_node(n);
  }
  auto link = [&](std::int64_t from, std::int64_t to, double minutes, net::VolumeDelay vd) {
    net::LinkSpec l;
    l.external_id = from * 10 + to;
    l.from = from;
    l.to = to;
    l.free_flow_time_s = 60.0 * minutes;
    l.capacity_vph = 1.0;
    l.volume_delay = vd;
    l.alpha = 1.0;
    l.beta = 1.0;
    nb.add_link(l);
  };
  link(1, 2, 1.0, net::VolumeDelay::kBpr);             // A: 1 + x
  link(1, 3, b_minutes, net::VolumeDelay::kConstant);  // B: b, then a free link
  link(3, 2, 0.0, net::VolumeDelay::kConstant);
  link(1, 4, 3.0, net::VolumeDelay::kConstant);  // C: 3, then a free link
  link(4, 2, 0.0, net::VolumeDelay::kConstant);
  for (std::int64_t z = 1; z <= 2; ++z) {
    net::ZoneSpec zs;
    zs.external_id = z;
    zs.centroid = z;
    nb.add_zone(zs);
  }
  return nb.build();
}

TEST(AlgorithmB, ZeroDerivativeSegmentsMoveTheWholeFlow) {
  net::TripTable demand(2);
  demand.at(net::ZoneId{0}, net::ZoneId{1}) = 10.0;
  test::TempDir dir;
  const auto file = dir.path() / "three.bushes";
  const net::RoadNetwork cheap_b = three_routes(2.0);
  {
    Solver s(cheap_b, demand);
    s.b.initialize();
    EXPECT_LE(s.solve(1e-12), 10);
    // A at 2 minutes: x_A = 1, the other 9 on B.
    EXPECT_NEAR(flow_on(cheap_b, s.b.flow(), 1, 2), 1.0, 1e-9);
    EXPECT_NEAR(flow_on(cheap_b, s.b.flow(), 3, 2), 9.0, 1e-9);
    s.b.save_bushes(file);
  }
  // B now costs 5 > C's 3: everything on B moves to C (and A takes one more).
  const net::RoadNetwork dear_b = three_routes(5.0);
  Solver s(dear_b, demand);
  ASSERT_FALSE(s.b.load_bushes(file));
  EXPECT_NEAR(flow_on(dear_b, s.b.flow(), 3, 2), 9.0, 1e-9);
  s.b.iterate();
  EXPECT_EQ(flow_on(dear_b, s.b.flow(), 1, 3), 0.0);
  EXPECT_EQ(flow_on(dear_b, s.b.flow(), 3, 2), 0.0);
  EXPECT_NEAR(flow_on(dear_b, s.b.flow(), 1, 2), 2.0, 1e-9);
  EXPECT_NEAR(flow_on(dear_b, s.b.flow(), 4, 2), 8.0, 1e-9);
  EXPECT_LE(s.gap(), 1e-12);
  s.b.validate(1e-12);
}

std::vector<char> slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const std::filesystem::path& p, const std::vector<char>& bytes) {
  std::ofstream(p, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Loading `file` throws InputError whose message names the file and contains `what`.
void expect_bad_file(AlgorithmB& b, const std::filesystem::path& file, const std::string& what) {
  try {
    b.load_bushes(file);
    ADD_FAILURE() << "no error for " << file;
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
    EXPECT_EQ(e.path(), file);
  }
}

TEST(AlgorithmB, BadBushFilesThrowInputErrorNamingTheFile) {
  const net::Model sioux = read("SiouxFalls", "SiouxFalls");
  const net::Model braess = read("Braess-Example", "Braess");
  test::TempDir dir;
  const auto good = dir.path() / "good.bushes";
  {
    Solver s(sioux.road, *sioux.demand);
    s.b.initialize();
    s.b.iterate();
    s.b.save_bushes(good);
  }
  const std::vector<char> bytes = slurp(good);
  Solver s(sioux.road, *sioux.demand);

  expect_bad_file(s.b, dir.path() / "missing.bushes", "cannot open");
  const auto garbage = dir.write("garbage.bushes", "this is not a bush file at all");
  expect_bad_file(s.b, garbage, "not an ouflow bush file");

  std::vector<char> cut(bytes.begin(),
                        bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2));
  spit(dir.path() / "truncated.bushes", cut);
  expect_bad_file(s.b, dir.path() / "truncated.bushes", "checksum");

  std::vector<char> flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x40;
  spit(dir.path() / "flipped.bushes", flipped);
  expect_bad_file(s.b, dir.path() / "flipped.bushes", "checksum");

  std::vector<char> newer = bytes;
  newer[8] = 99;  // version
  spit(dir.path() / "newer.bushes", newer);
  expect_bad_file(s.b, dir.path() / "newer.bushes", "version");

  // A valid file of another network.
  Solver other(braess.road, *braess.demand);
  expect_bad_file(other.b, good, "another network");

  // The object is unchanged by failed loads: it still needs initialize() or a good file.
  EXPECT_THROW(s.b.iterate(), std::logic_error);
  EXPECT_FALSE(s.b.load_bushes(good));
  s.b.validate();
}

}  // namespace
}  // namespace ouflow::sim
