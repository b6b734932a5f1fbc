#include <gtest/gtest.h>

#include <cmath>

#include "networks/input_error.h"
#include "networks/network_builder.h"
#include "networks/network_summary.h"

namespace ouflow::net {
namespace {

NodeSpec node(std::int64_t id, double lon = kUnknown, double lat = kUnknown) {
  NodeSpec s;
  s.external_id = id;
  s.lon = lon;
  s.lat = lat;
  return s;
}

LinkSpec link(std::int64_t id, std::int64_t from, std::int64_t to, double fft = 10.0) {
  LinkSpec s;
  s.external_id = id;
  s.from = from;
  s.to = to;
  s.length_m = 1000.0;
  s.free_flow_time_s = fft;
  s.capacity_vph = 1800.0;
  s.lanes = 1;
  return s;
}

TEST(NetworkBuilder, SortsByTailStablyAndKeepsInputOrder) {
  NetworkBuilder b;
  for (std::int64_t id : {10, 20, 30}) b.add_node(node(id));
  b.add_link(link(1, 30, 10));
  b.add_link(link(2, 10, 20));
  b.add_link(link(3, 10, 20, 5.0));  // parallel to link 2
  b.add_link(link(4, 20, 30));
  b.add_link(link(5, 10, 30));
  const RoadNetwork n = b.build();
  ASSERT_EQ(n.link_count(), 5u);
  // Node 10 (id 0) has links 2, 3, 5 in input order; then 20: 4; then 30: 1.
  std::vector<std::int64_t> ext;
  for (LinkId l : n.links()) ext.push_back(n.link_external_id()[l]);
  EXPECT_EQ(ext, (std::vector<std::int64_t>{2, 3, 5, 4, 1}));
  std::vector<std::int64_t> in_order;
  for (LinkId l : n.input_order()) in_order.push_back(n.link_external_id()[l]);
  EXPECT_EQ(in_order, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(n.out_links(NodeId{0}).size(), 3u);
  // Reverse star of node 20: links 2 and 3 (the parallel pair stays two links).
  const auto in = n.in_links(*n.find_node(20));
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(n.free_flow_time_s()[in[0]], 10.0);
  EXPECT_EQ(n.free_flow_time_s()[in[1]], 5.0);
  EXPECT_EQ(summarize(Model{n, {}}).parallel_links, 1u);
  n.validate();
}

TEST(NetworkBuilder, RejectsBadValuesNamingTheField) {
  NetworkBuilder b;
  b.add_node(node(1));
  b.add_node(node(2));
  auto expect_field = [&](LinkSpec s, const std::string& field) {
    try {
      b.add_link(s);
      ADD_FAILURE() << "accepted bad " << field;
    } catch (const BuildError& e) {
      EXPECT_EQ(e.field(), field) << e.what();
    }
  };
  LinkSpec s = link(1, 1, 2);
  s.capacity_vph = 0;
  expect_field(s, "capacity");
  s.capacity_vph = -5;
  expect_field(s, "capacity");
  s = link(1, 1, 2);
  s.length_m = std::nan("");
  expect_field(s, "length");
  s = link(1, 1, 2);
  s.free_flow_time_s = -1;
  expect_field(s, "free_flow_time");
  s = link(1, 1, 3);
  expect_field(s, "to_node");
  s = link(1, 9, 2);
  expect_field(s, "from_node");
  s = link(1, 1, 2);
  s.beta = std::numeric_limits<double>::infinity();
  expect_field(s, "beta");
  EXPECT_THROW(b.add_node(node(1)), BuildError);
  EXPECT_THROW(b.add_node(node(5, 200, 0)), BuildError);
  EXPECT_THROW(b.add_zone(ZoneSpec{1, 7, 0.0, 0.0, ""}), BuildError);
}

TEST(RoadNetwork, EqualitySeesEveryColumn) {
  auto make = [](double fft, double lon) {
    NetworkBuilder b;
    b.add_node(node(1, lon, 28.0));
    b.add_node(node(2));  // unknown coordinates (NaN) compare equal
    b.add_link(link(1, 1, 2, fft));
    return b.build();
  };
  const RoadNetwork n = make(10.0, 120.0);
  EXPECT_NO_THROW(n.validate());
  EXPECT_EQ(RoadNetwork(n), n);
  EXPECT_EQ(make(10.0, 120.0), n);
  EXPECT_FALSE(make(10.000000000000002, 120.0) == n);
  EXPECT_FALSE(make(10.0, 120.5) == n);
}

}  // namespace
}  // namespace ouflow::net
