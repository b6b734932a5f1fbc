#include "networks/io/tntp.h"

#include <gtest/gtest.h>

#include <cmath>

#include "networks/network_summary.h"
#include "tests/common/temp_dir.h"

namespace ouflow::io {
namespace {

using net::LinkId;
using net::NodeId;
using test::data_dir;

struct Expected {
  const char* folder;
  const char* prefix;
  std::uint32_t zones, nodes, links;
  std::int64_t first_thru;
  double total_demand;
};

// The metadata of each network (headers and <TOTAL OD FLOW>, see tests/data/tntp/README.md).
const Expected kNetworks[] = {
    {"SiouxFalls", "SiouxFalls", 24, 24, 76, 1, 360600.0},
    {"Braess-Example", "Braess", 2, 4, 5, 1, 6.0},
    {"Anaheim", "Anaheim", 38, 416, 914, 39, 104694.4},
    {"Chicago-Sketch", "ChicagoSketch", 387, 933, 2950, 1, 1260907.44},
    {"Berlin-Friedrichshain", "friedrichshain-center", 23, 224, 523, 24, 11205.1},
};

std::filesystem::path net_path(const Expected& e) {
  return data_dir() / "tntp" / e.folder / (std::string(e.prefix) + "_net.tntp");
}

TEST(Tntp, ReadsEveryBundledNetworkExactly) {
  for (const Expected& e : kNetworks) {
    SCOPED_TRACE(e.folder);
    const net::Model m = read_tntp(tntp_siblings(net_path(e)));
    EXPECT_EQ(m.road.zone_count(), e.zones);
    EXPECT_EQ(m.road.node_count(), e.nodes);
    EXPECT_EQ(m.road.link_count(), e.links);
    EXPECT_EQ(m.road.metadata().first_thru_node, e.first_thru);
    ASSERT_TRUE(m.demand.has_value());
    EXPECT_NEAR(m.demand->total(), e.total_demand, 1e-6 * e.total_demand);
    std::size_t blocked = 0;
    for (NodeId v : m.road.nodes()) blocked += m.road.through_allowed()[v] == 0;
    EXPECT_EQ(blocked, static_cast<std::size_t>(e.first_thru - 1));
    m.road.validate();
  }
}

TEST(Tntp, ChicagoSketchIntrazonalDemandAndCostWeights) {
  TntpOptions o;
  o.toll_factor = 0.02;
  o.distance_factor = 0.04;
  const net::Model m = read_tntp(tntp_siblings(net_path(kNetworks[3])), o);
  EXPECT_NEAR(m.demand->intrazonal(), 123414.0, 0.5);
  // Link 1 -> 547 is a connector with free-flow time 0 and length 0.86267 miles: its cost is
  // the distance term alone, 0.04 min/mile * 0.86267 miles.
  const LinkId first = m.road.input_order().front();
  EXPECT_NEAR(m.road.free_flow_cost_s(first) / 60.0, 0.04 * 0.86267, 1e-15);
  EXPECT_NEAR(m.road.length_m()[first], 0.86267 * 1609.344, 1e-9);
}

// The published equilibrium costs of the _flow files follow from our reading of capacity, length,
// free-flow time, B and power: an independent check of every column we read.
TEST(Tntp, FlowFileCostsMatchBprOfOurAttributes) {
  struct Case {
    const Expected* e;
    const char* flow;
    double distance_factor;
  };
  for (const Case& c : {Case{&kNetworks[0], "SiouxFalls_flow.tntp", 0.0},
                        Case{&kNetworks[2], "Anaheim_flow.tntp", 0.0},
                        Case{&kNetworks[3], "ChicagoSketch_flow.tntp", 0.04}}) {
    SCOPED_TRACE(c.flow);
    TntpOptions o;
    o.distance_factor = c.distance_factor;
    const net::RoadNetwork n = read_tntp_net(net_path(*c.e), std::nullopt, o);
    const LinkFlows f = read_tntp_flow(data_dir() / "tntp" / c.e->folder / c.flow, n, o);
    double worst = 0.0;
    for (LinkId l : n.links()) {
      const double x = f.volume[l];
      const double t = n.free_flow_time_s()[l] *
                       (1 + n.alpha()[l] * std::pow(x / n.capacity_vph()[l], n.beta()[l]));
      const double cost = t + n.metadata().distance_factor_s_per_m * n.length_m()[l];
      worst = std::max(worst, std::fabs(cost - f.cost_s[l]) / std::max(1.0, f.cost_s[l]));
    }
    EXPECT_LT(worst, 1e-9);
  }
}

TEST(Tntp, RoundTripKeepsEveryValue) {
  test::TempDir dir;
  for (const Expected& e : kNetworks) {
    SCOPED_TRACE(e.folder);
    TntpOptions o;
    o.toll_factor = 0.02;
    o.distance_factor = 0.04;
    const net::Model a = read_tntp(tntp_siblings(net_path(e)), o);
    const auto out = dir.path() / (std::string(e.prefix) + "_net.tntp");
    write_tntp(out, a, o);
    const net::Model b = read_tntp(tntp_siblings(out), TntpOptions{});
    ASSERT_EQ(a.road.link_count(), b.road.link_count());
    EXPECT_EQ(a.road.tail(), b.road.tail());
    EXPECT_EQ(a.road.head(), b.road.head());
    EXPECT_EQ(a.road.capacity_vph(), b.road.capacity_vph());
    EXPECT_EQ(a.road.alpha(), b.road.alpha());
    EXPECT_EQ(a.road.beta(), b.road.beta());
    EXPECT_EQ(a.road.source_type(), b.road.source_type());
    EXPECT_EQ(a.road.through_allowed(), b.road.through_allowed());
    for (LinkId l : a.road.links()) {
      // Unit conversion (x 60, / 60) may move the last bit.
      EXPECT_NEAR(a.road.free_flow_time_s()[l], b.road.free_flow_time_s()[l],
                  1e-15 * a.road.free_flow_time_s()[l]);
      EXPECT_NEAR(a.road.length_m()[l], b.road.length_m()[l], 1e-15 * a.road.length_m()[l]);
    }
    EXPECT_NEAR(b.road.metadata().distance_factor_s_per_m,
                a.road.metadata().distance_factor_s_per_m, 1e-18);
    EXPECT_EQ(*a.demand, *b.demand);
    for (NodeId v : a.road.nodes()) {  // NaN where the network has no node file
      const double xa = a.road.x()[v], xb = b.road.x()[v];
      EXPECT_TRUE(xa == xb || (std::isnan(xa) && std::isnan(xb))) << v;
    }
  }
}

TEST(Tntp, WritesFlowsInFileOrderWithParallelLinks) {
  test::TempDir dir;
  const auto net = dir.write("p_net.tntp",
                             "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 3\n<FIRST THRU NODE> 3\n"
                             "<NUMBER OF LINKS> 4\n<END OF METADATA>\n"
                             "~ init term cap len fft b power speed toll type ;\n"
                             "1 3 100 1 1 0.15 4 0 0 1 ;\n"
                             "3 2 100 1 2 0.15 4 0 0 1 ;\n"
                             "3 2 50 1 3 0.15 4 0 0 1 ;\n"
                             "1 3 100 1 1 0.15 4 0 0 1;\n");
  const net::RoadNetwork n = read_tntp_net(net, std::nullopt);
  EXPECT_EQ(n.through_allowed()[*n.find_node(1)], 0);
  EXPECT_EQ(n.through_allowed()[*n.find_node(3)], 1);
  EXPECT_EQ(n.link_class()[n.input_order()[0]], net::LinkClass::kConnector);
  LinkFlows f{net::IdVector<LinkId, double>(4), net::IdVector<LinkId, double>(4)};
  for (std::size_t k = 0; k < 4; ++k) {
    f.volume[n.input_order()[k]] = 10.0 * static_cast<double>(k + 1);
    f.cost_s[n.input_order()[k]] = 60.0 * static_cast<double>(k + 1);
  }
  const auto flow = dir.path() / "p_flow.tntp";
  write_tntp_flow(flow, n, f);
  const LinkFlows g = read_tntp_flow(flow, n);
  EXPECT_EQ(g.volume, f.volume);
  EXPECT_EQ(g.cost_s, f.cost_s);
}

}  // namespace
}  // namespace ouflow::io
