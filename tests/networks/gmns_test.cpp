#include "networks/io/gmns.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "networks/geo.h"
#include "networks/input_error.h"
#include "networks/network_builder.h"
#include "tests/common/seed.h"

namespace ouflow::io {
namespace {

namespace fs = std::filesystem;
using net::LinkClass;
using net::LinkId;
using net::NodeId;
using net::ZoneId;

class GmnsTest : public ::testing::Test {
 protected:
  GmnsTest() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() / ("ouflow_gmns_test_" + std::to_string(::getpid()) + "_" +
                                         info->test_suite_name() + "_" + info->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~GmnsTest() override { fs::remove_all(root_); }

  // Writes `text` to root_/sub/name exactly and returns the directory.
  fs::path put(const std::string& sub, const std::string& name, const std::string& text) {
    const fs::path dir = root_ / sub;
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir;
  }

  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  fs::path root_;
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError thrown";
  return "";
}

// The tiny network of most tests, in local metres (x > 180, so not taken for lon/lat).
//
//   zone 1         (10, 0.5 min)       (11, undirected)       (12)          zone 2
//   node 1 (1000,2000) ----> node 3 (1500,2000) <===> node 4 (2500,2000) ----> node 2 (3000,2000)
constexpr const char* kNodes =
    "node_id,x_coord,y_coord,zone_id,node_type\n"
    "1,1000,2000,1,centroid\n"
    "2,3000,2000,2,centroid\n"
    "3,1500,2000,,\n"
    "4,2500,2000,2,\n";  // lies in zone 2 but is not its centroid
constexpr const char* kLinks =
    "link_id,from_node_id,to_node_id,directed,length,lanes,free_speed,capacity,facility_type,"
    "link_type,toll,name,VDF_alpha1,VDF_beta1,VDF_fftt1\n"
    "10,1,3,true,500,1,30,600,centroid connector,9,,\"Zone 1, access\",,,0.5\n"
    "11,3,4,false,1000,2,60,1800,motorway,1,2.5,G15,0.15,4,\n"
    "12,4,2,1,500,,36,1500,Connector,,,,0.2,5.5,\n";
constexpr const char* kDemand =
    "o_zone_id,d_zone_id,volume\n"
    "1,2,100\n"
    "2,1,50.5\n"
    "1,2,10\n";

// Where two networks differ, for failure messages ("" when equal). Capacity and free-flow time
// are compared within `rel_tol` (relative); every other column bit for bit.
std::string first_difference(const net::RoadNetwork& a, const net::RoadNetwork& b,
                             double rel_tol = 0.0) {
  if (a.node_count() != b.node_count() || a.link_count() != b.link_count() ||
      a.zone_count() != b.zone_count()) {
    return "counts differ";
  }
  auto bits = [](double u, double v) { return u == v || (std::isnan(u) && std::isnan(v)); };
  for (NodeId v : a.nodes()) {
    if (a.node_external_id()[v] != b.node_external_id()[v]) return "node ids";
    if (!bits(a.x()[v], b.x()[v]) || !bits(a.y()[v], b.y()[v])) return "node x/y";
    if (!bits(a.lon()[v], b.lon()[v]) || !bits(a.lat()[v], b.lat()[v])) return "node lon/lat";
    if (a.through_allowed()[v] != b.through_allowed()[v]) return "through_allowed";
  }
  for (LinkId l : a.links()) {
    std::ostringstream who;
    who.precision(17);
    who << "link " << a.link_external_id()[l] << " (slot " << l << "): ";
    auto num = [&](const char* what, double u, double v, double tol) {
      if (u == v || std::fabs(u - v) <= tol * std::fabs(u)) return std::string();
      who << what << " " << u << " vs " << v;
      return who.str();
    };
    for (const std::string& d :
         {num("length", a.length_m()[l], b.length_m()[l], 0),
          num("fftt", a.free_flow_time_s()[l], b.free_flow_time_s()[l], rel_tol),
          num("capacity", a.capacity_vph()[l], b.capacity_vph()[l], rel_tol),
          num("lanes", a.lanes()[l], b.lanes()[l], 0),
          num("speed", a.speed_kmh()[l], b.speed_kmh()[l], 0),
          num("alpha", a.alpha()[l], b.alpha()[l], 0), num("beta", a.beta()[l], b.beta()[l], 0),
          num("toll", a.toll()[l], b.toll()[l], 0)}) {
      if (!d.empty()) return d;
    }
    if (a.tail()[l] != b.tail()[l] || a.head()[l] != b.head()[l]) return who.str() + "ends";
    if (a.link_external_id()[l] != b.link_external_id()[l]) return who.str() + "id";
    if (a.link_class()[l] != b.link_class()[l]) return who.str() + "class";
    if (a.volume_delay()[l] != b.volume_delay()[l]) return who.str() + "vdf";
    if (a.source_type()[l] != b.source_type()[l]) return who.str() + "source_type";
    if (a.link_name()[l] != b.link_name()[l]) return who.str() + "name";
  }
  if (a.input_order() != b.input_order()) return "input order";
  if (a.first_out() != b.first_out() || a.first_in() != b.first_in() ||
      a.in_link() != b.in_link()) {
    return "CSR";
  }
  if (a.zone_external_id() != b.zone_external_id() || a.zone_centroid() != b.zone_centroid() ||
      a.zone_population() != b.zone_population() || a.zone_jobs() != b.zone_jobs() ||
      a.zone_name() != b.zone_name()) {
    return "zones";
  }
  const net::NetworkMetadata &m = a.metadata(), &o = b.metadata();
  if (m.name != o.name || m.toll_factor_s != o.toll_factor_s ||
      m.distance_factor_s_per_m != o.distance_factor_s_per_m || m.projection != o.projection ||
      m.first_thru_node != o.first_thru_node) {
    return "metadata";
  }
  return "";
}

// The k-th link of the file (input order).
LinkId nth(const net::RoadNetwork& n, std::size_t k) { return n.input_order().at(k); }
std::int64_t tail_id(const net::RoadNetwork& n, LinkId l) {
  return n.node_external_id()[n.tail()[l]];
}
std::int64_t head_id(const net::RoadNetwork& n, LinkId l) {
  return n.node_external_id()[n.head()[l]];
}

TEST_F(GmnsTest, ReadsTinyNetworkWithEveryAttribute) {
  put("tiny", "node.csv", kNodes);
  put("tiny", "link.csv", kLinks);
  const fs::path dir = put("tiny", "demand.csv", kDemand);
  const net::Model m = read_gmns(dir);
  const net::RoadNetwork& n = m.road;
  ASSERT_NO_THROW(n.validate());

  ASSERT_EQ(n.node_count(), 4u);
  EXPECT_EQ(n.metadata().projection, "local");
  EXPECT_EQ(n.metadata().name, "");
  const NodeId n3 = *n.find_node(3);
  EXPECT_EQ(n.x()[n3], 1500.0);
  EXPECT_EQ(n.y()[n3], 2000.0);
  EXPECT_TRUE(std::isnan(n.lon()[n3]));
  EXPECT_TRUE(std::isnan(n.lat()[n3]));
  EXPECT_EQ(n.through_allowed()[n3], 1);

  // Zones: nodes 1 and 2 (zone_id == node_id); node 4 only lies in zone 2.
  ASSERT_EQ(n.zone_count(), 2u);
  EXPECT_EQ(n.zone_external_id()[ZoneId{0}], 1);
  EXPECT_EQ(n.zone_external_id()[ZoneId{1}], 2);
  EXPECT_EQ(n.zone_centroid()[ZoneId{0}], *n.find_node(1));
  EXPECT_EQ(n.zone_centroid()[ZoneId{1}], *n.find_node(2));

  ASSERT_EQ(n.link_count(), 4u);  // link 11 is undirected: two links
  const LinkId l10 = nth(n, 0), l11 = nth(n, 1), l11r = nth(n, 2), l12 = nth(n, 3);

  EXPECT_EQ(n.link_external_id()[l10], 10);
  EXPECT_EQ(tail_id(n, l10), 1);
  EXPECT_EQ(head_id(n, l10), 3);
  EXPECT_EQ(n.length_m()[l10], 500.0);
  EXPECT_EQ(n.lanes()[l10], 1.0);
  EXPECT_EQ(n.speed_kmh()[l10], 30.0);
  EXPECT_EQ(n.free_flow_time_s()[l10], 30.0);  // VDF_fftt1 = 0.5 min wins over 500 m at 30 km/h
  EXPECT_EQ(n.capacity_vph()[l10], 600.0);
  EXPECT_EQ(n.link_class()[l10], LinkClass::kConnector);
  EXPECT_EQ(n.source_type()[l10], 9);
  EXPECT_EQ(n.toll()[l10], 0.0);
  EXPECT_EQ(n.link_name()[l10], "Zone 1, access");
  EXPECT_EQ(n.alpha()[l10], 0.15);  // defaults
  EXPECT_EQ(n.beta()[l10], 4.0);
  EXPECT_EQ(n.volume_delay()[l10], net::VolumeDelay::kBpr);

  for (LinkId l : {l11, l11r}) {
    EXPECT_EQ(n.link_external_id()[l], 11);
    EXPECT_EQ(n.length_m()[l], 1000.0);
    EXPECT_EQ(n.lanes()[l], 2.0);
    EXPECT_EQ(n.speed_kmh()[l], 60.0);
    EXPECT_EQ(n.free_flow_time_s()[l], 60.0);  // 1000 m at 60 km/h
    EXPECT_EQ(n.capacity_vph()[l], 3600.0);    // 1800 per lane, 2 lanes
    EXPECT_EQ(n.link_class()[l], LinkClass::kExpressway);
    EXPECT_EQ(n.source_type()[l], 1);
    EXPECT_EQ(n.toll()[l], 2.5);
    EXPECT_EQ(n.link_name()[l], "G15");
  }
  EXPECT_EQ(tail_id(n, l11), 3);
  EXPECT_EQ(head_id(n, l11), 4);
  EXPECT_EQ(tail_id(n, l11r), 4);
  EXPECT_EQ(head_id(n, l11r), 3);

  EXPECT_EQ(n.link_external_id()[l12], 12);
  EXPECT_EQ(tail_id(n, l12), 4);
  EXPECT_EQ(head_id(n, l12), 2);
  EXPECT_EQ(n.lanes()[l12], 0.0);              // unknown
  EXPECT_EQ(n.capacity_vph()[l12], 1500.0);    // no lanes: taken as the link's capacity
  EXPECT_EQ(n.free_flow_time_s()[l12], 50.0);  // 500 m at 36 km/h
  EXPECT_EQ(n.link_class()[l12], LinkClass::kConnector);
  EXPECT_EQ(n.source_type()[l12], 0);
  EXPECT_EQ(n.link_name()[l12], "");
  EXPECT_EQ(n.alpha()[l12], 0.2);
  EXPECT_EQ(n.beta()[l12], 5.5);

  ASSERT_TRUE(m.demand.has_value());
  const net::TripTable& t = *m.demand;
  ASSERT_EQ(t.zone_count(), 2u);
  EXPECT_EQ(t(ZoneId{0}, ZoneId{1}), 110.0);  // two rows of the pair add up
  EXPECT_EQ(t(ZoneId{1}, ZoneId{0}), 50.5);
  EXPECT_EQ(t(ZoneId{0}, ZoneId{0}), 0.0);
  EXPECT_EQ(t.total(), 160.5);
}

TEST_F(GmnsTest, AcceptsThePathOfNodeOrLinkFile) {
  put("tiny", "node.csv", kNodes);
  const fs::path dir = put("tiny", "link.csv", kLinks);
  const net::Model a = read_gmns(dir / "link.csv");
  const net::Model b = read_gmns(dir / "node.csv");
  EXPECT_TRUE(a.road == b.road);
  EXPECT_EQ(a.road.link_count(), 4u);
  EXPECT_FALSE(a.demand.has_value());
  EXPECT_NE(error_of([&] { read_gmns(root_ / "nowhere"); }).find("no such file"),
            std::string::npos);
}

TEST_F(GmnsTest, UndirectedLinkIsDoubledAndWrittenBackAsOneRow) {
  put("in", "node.csv", "node_id,x_coord,y_coord\n1,500,500\n2,1500,500\n");
  const fs::path in = put("in", "link.csv",
                          "link_id,from_node_id,to_node_id,directed,length,free_speed,capacity\n"
                          "7,1,2,false,1000,50,900\n"
                          "8,2,1,TRUE,1000,50,900\n");
  const net::Model m = read_gmns(in);
  const net::RoadNetwork& n = m.road;
  ASSERT_EQ(n.link_count(), 3u);
  EXPECT_EQ(n.link_external_id()[nth(n, 0)], 7);
  EXPECT_EQ(n.link_external_id()[nth(n, 1)], 7);
  EXPECT_EQ(n.link_external_id()[nth(n, 2)], 8);
  EXPECT_EQ(tail_id(n, nth(n, 0)), 1);
  EXPECT_EQ(tail_id(n, nth(n, 1)), 2);
  EXPECT_EQ(n.out_links(*n.find_node(1)).size(), 1u);
  EXPECT_EQ(n.out_links(*n.find_node(2)).size(), 2u);
  EXPECT_EQ(n.free_flow_time_s()[nth(n, 1)], 72.0);  // 1000 m at 50 km/h

  const fs::path out = root_ / "out";
  write_gmns(out, m);
  const std::string text = slurp(out / "link.csv");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);  // header + 2 rows
  EXPECT_NE(text.find("\n7,1,2,false,"), std::string::npos) << text;
  EXPECT_NE(text.find("\n8,2,1,true,"), std::string::npos) << text;
  EXPECT_TRUE(read_gmns(out).road == n);
}

TEST_F(GmnsTest, WriteReadRoundTripIsBitwiseEqual) {
  put("tiny", "node.csv", kNodes);
  put("tiny", "link.csv", kLinks);
  const net::Model a = read_gmns(put("tiny", "demand.csv", kDemand));
  const fs::path out = root_ / "out";
  write_gmns(out, a);
  for (const char* f : {"config.csv", "node.csv", "link.csv", "zone.csv", "demand.csv"}) {
    EXPECT_TRUE(fs::exists(out / f)) << f;
  }
  const net::Model b = read_gmns(out);
  EXPECT_EQ(first_difference(a.road, b.road), "");
  EXPECT_TRUE(a.road == b.road);
  ASSERT_TRUE(b.demand.has_value());
  EXPECT_TRUE(*a.demand == *b.demand);

  // Writing what was read gives the same bytes: the output is stable.
  const fs::path again = root_ / "again";
  write_gmns(again, b);
  for (const char* f : {"config.csv", "node.csv", "link.csv", "zone.csv", "demand.csv"}) {
    EXPECT_EQ(slurp(out / f), slurp(again / f)) << f;
  }
}

// A deterministic generator (no std distributions: their output differs between libraries).
struct Lcg {
  std::uint64_t s;
  std::uint64_t next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return s >> 11;
  }
  double uniform(double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(next()) / static_cast<double>(1ULL << 53);
  }
};

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20240601;

// Every column of an arbitrary network (not read from GMNS) survives writing and reading.
TEST_F(GmnsTest, RoundTripOfArbitraryValuesKeepsEveryColumn) {
  const test::TestSeed seed(kTestSeed);
  Lcg rng{seed.value()};
  net::NetworkBuilder b;
  net::NetworkMetadata meta;
  meta.name = "synthetic, \"quoted\"";
  meta.toll_factor_s = 7.25;
  meta.distance_factor_s_per_m = 0.0125;
  meta.projection = "EPSG:32651";
  meta.first_thru_node = 3;
  b.set_metadata(meta);
  constexpr int kNodeCount = 40;
  for (int i = 1; i <= kNodeCount; ++i) {
    net::NodeSpec s;
    s.external_id = i * 10;
    if (i != 5) {  // node 50 has unknown coordinates
      s.x = rng.uniform(250000, 260000);
      s.y = rng.uniform(3090000, 3100000);
    }
    s.through_allowed = i > 2;
    b.add_node(s);
  }
  b.add_zone({10, 10, 1234.5, 678.25, "Lucheng, \"old town\""});
  b.add_zone({20, 20, 0.0, 0.0, ""});
  for (int k = 0; k < 300; ++k) {
    net::LinkSpec s;
    s.external_id = 1000 + k;
    s.from = 10 * static_cast<std::int64_t>(1 + rng.next() % kNodeCount);
    s.to = 10 * static_cast<std::int64_t>(1 + rng.next() % kNodeCount);
    s.length_m = rng.uniform(0, 5000);
    s.lanes = static_cast<double>(rng.next() % 7);  // 0: unknown
    s.capacity_vph = rng.uniform(100, 9000);
    s.speed_kmh = k % 5 == 0 ? 0.0 : rng.uniform(5, 120);
    s.free_flow_time_s =
        k % 3 == 0 && s.speed_kmh > 0 ? s.length_m * 3.6 / s.speed_kmh : rng.uniform(1, 900);
    s.link_class = static_cast<LinkClass>(rng.next() % net::kLinkClassCount);
    s.volume_delay = k % 4 == 0 ? net::VolumeDelay::kConstant : net::VolumeDelay::kBpr;
    s.alpha = rng.uniform(0, 1);
    s.beta = rng.uniform(1, 8);
    s.toll = k % 2 == 0 ? 0.0 : rng.uniform(0, 50);
    s.source_type = static_cast<std::int32_t>(rng.next() % 5);
    s.name = k % 7 == 0 ? "name with, comma\nand \"quotes\"" : " padded ";
    b.add_link(s);
  }
  net::Model a;
  a.road = b.build();
  a.demand = net::TripTable(2);
  a.demand->at(ZoneId{0}, ZoneId{1}) = rng.uniform(0, 1000);
  a.demand->at(ZoneId{1}, ZoneId{1}) = 0.1;

  const fs::path out = root_ / "out";
  write_gmns(out, a);
  const net::Model c = read_gmns(out);
  EXPECT_EQ(c.road.metadata().projection, "EPSG:32651");  // planar: crs written as is
  EXPECT_EQ(c.road.metadata().name, meta.name);
  EXPECT_EQ(c.road.through_allowed()[*c.road.find_node(10)], 0);
  EXPECT_TRUE(std::isnan(c.road.x()[*c.road.find_node(50)]));
  EXPECT_EQ(c.road.zone_name()[ZoneId{0}], "Lucheng, \"old town\"");
  EXPECT_EQ(c.road.zone_population()[ZoneId{0}], 1234.5);
  // Capacity per lane (read back x lanes) and free-flow minutes (x 60) cannot always give back
  // the same double: some doubles are no double times 3 (or 5, 6, 7, 60). These two columns are
  // compared within 1e-12 (relative), every other column bit for bit.
  EXPECT_EQ(first_difference(a.road, c.road, 1e-12), "");
  ASSERT_TRUE(c.demand.has_value());
  EXPECT_TRUE(*a.demand == *c.demand);
}

TEST_F(GmnsTest, Wgs84CoordinatesAreDetectedAndProjected) {
  // Wenzhou: 120.70E 28.00N lies in UTM zone 51N.
  const fs::path dir = put("wz", "node.csv",
                           "node_id,x_coord,y_coord\n"
                           "1,120.70,28.00\n"
                           "2,120.75,28.03\n"
                           "3,120.66,27.98\n");
  put("wz", "link.csv",
      "link_id,from_node_id,to_node_id,length,free_speed,capacity,lanes\n"
      "1,1,2,6000,80,1900,3\n"
      "2,3,1,4500,60,1700,2\n");
  const net::Model m = read_gmns(dir);
  const net::RoadNetwork& n = m.road;
  EXPECT_EQ(n.metadata().projection, "EPSG:32651");
  const NodeId a = *n.find_node(1), b = *n.find_node(2), c = *n.find_node(3);
  EXPECT_EQ(n.lon()[a], 120.70);
  EXPECT_EQ(n.lat()[a], 28.00);
  for (NodeId v : {a, b, c}) {
    EXPECT_TRUE(std::isfinite(n.x()[v]));
    EXPECT_TRUE(std::isfinite(n.y()[v]));
  }
  EXPECT_NEAR(n.y()[a], 3.1e6, 2e4);  // about 28 degrees north of the equator
  for (auto [u, v] : {std::pair{a, b}, std::pair{c, a}, std::pair{b, c}}) {
    const double planar = std::hypot(n.x()[u] - n.x()[v], n.y()[u] - n.y()[v]);
    const double great_circle = net::haversine_m(n.lon()[u], n.lat()[u], n.lon()[v], n.lat()[v]);
    EXPECT_NEAR(planar / great_circle, 1.0, 0.005);
  }

  // Written as lon/lat; reading projects them again to the same bits.
  write_gmns(root_ / "out", m);
  EXPECT_NE(slurp(root_ / "out" / "config.csv").find("EPSG:4326"), std::string::npos);
  EXPECT_TRUE(read_gmns(root_ / "out").road == n);
}

TEST_F(GmnsTest, ConfigCrsOverridesDetection) {
  // Small planar coordinates would look like lon/lat without crs "local".
  put("local", "node.csv", "node_id,x_coord,y_coord\n1,0,0\n2,30,40\n");
  put("local", "link.csv",
      "link_id,from_node_id,to_node_id,length,free_speed,capacity\n1,1,2,50,36,900\n");
  EXPECT_EQ(read_gmns(root_ / "local").road.metadata().projection, "EPSG:32633");
  put("local", "config.csv", "crs\nlocal\n");
  const net::RoadNetwork n = read_gmns(root_ / "local").road;
  EXPECT_EQ(n.metadata().projection, "local");
  EXPECT_EQ(n.x()[*n.find_node(2)], 30.0);
  EXPECT_TRUE(std::isnan(n.lon()[*n.find_node(2)]));

  put("local", "config.csv", "crs\n32651\n");
  EXPECT_EQ(read_gmns(root_ / "local").road.metadata().projection, "EPSG:32651");

  put("geo", "config.csv", "crs\nEPSG:4326\n");
  put("geo", "node.csv", "node_id,x_coord,y_coord\n1,120.7,28\n2,1200.7,28\n");
  put("geo", "link.csv",
      "link_id,from_node_id,to_node_id,length,free_speed,capacity\n1,1,2,50,36,900\n");
  const std::string msg = error_of([&] { read_gmns(root_ / "geo"); });
  EXPECT_NE(msg.find("node.csv:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'x_coord'"), std::string::npos) << msg;
}

TEST_F(GmnsTest, ReadsDtaliteStyleFixtureWithConfigUnits) {
  const fs::path dir = fs::path(OUFLOW_TEST_DATA_DIR) / "gmns" / "dtalite_style";
  const net::Model m = read_gmns(dir);
  const net::RoadNetwork& n = m.road;
  EXPECT_EQ(n.metadata().name, "lima_style_tiny");
  EXPECT_EQ(n.metadata().projection, "EPSG:32616");  // 84.1 W
  ASSERT_EQ(n.node_count(), 4u);
  ASSERT_EQ(n.zone_count(), 2u);  // node 101 lies in zone 1 but is not a centroid
  EXPECT_EQ(n.zone_centroid()[*n.find_zone(2)], *n.find_node(2));
  ASSERT_EQ(n.link_count(), 3u);

  const LinkId l1 = nth(n, 0), l2 = nth(n, 1), l3 = nth(n, 2);
  EXPECT_EQ(n.link_name()[l1], "Elm St, west");
  EXPECT_DOUBLE_EQ(n.length_m()[l1], 0.25 * 1609.344);  // miles
  EXPECT_DOUBLE_EQ(n.speed_kmh()[l1], 25 * 1.609344);   // mph
  EXPECT_DOUBLE_EQ(n.free_flow_time_s()[l1], 36.0);     // a quarter mile at 25 mph
  EXPECT_EQ(n.capacity_vph()[l1], 1800.0);
  EXPECT_EQ(n.link_class()[l1], LinkClass::kConnector);
  EXPECT_EQ(n.source_type()[l1], 99);
  EXPECT_EQ(n.capacity_vph()[l2], 3200.0);  // 1600 per lane, 2 lanes
  EXPECT_EQ(n.link_class()[l2], LinkClass::kArterial);
  EXPECT_DOUBLE_EQ(n.free_flow_time_s()[l2], 60.0);  // half a mile at 30 mph
  EXPECT_EQ(n.alpha()[l3], 0.2);                     // VDF_alpha1
  EXPECT_EQ(n.beta()[l3], 5.0);                      // VDF_beta1
  EXPECT_EQ(n.link_class()[l3], LinkClass::kCollector);
  ASSERT_TRUE(m.demand.has_value());
  EXPECT_EQ((*m.demand)(*n.find_zone(1), *n.find_zone(2)), 120.0);
  EXPECT_EQ((*m.demand)(*n.find_zone(2), *n.find_zone(1)), 0.0);

  // Written back in metres and km/h; the values read again are the same doubles.
  write_gmns(root_ / "out", m);
  const net::Model b = read_gmns(root_ / "out");
  EXPECT_TRUE(b.road == n);
  EXPECT_TRUE(*b.demand == *m.demand);
}

// Values finite as written but infinite once converted (here from miles and mph) are errors
// naming the value, not "value inf".
TEST_F(GmnsTest, ValuesThatOverflowOnceConvertedAreErrors) {
  const fs::path fixture = fs::path(OUFLOW_TEST_DATA_DIR) / "gmns" / "dtalite_style";
  std::ifstream in(fixture / "link.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string links = ss.str();
  struct Case {
    std::string from, to, field;
  };
  for (const Case& c : {Case{",1,0.25,1,1800,25,", ",1,1e308,1,1800,25,", "length"},
                        Case{",1,0.25,1,1800,25,", ",1,0.25,1,1800,1.5e308,", "free_speed"},
                        Case{",1,0.25,1,1800,25,", ",1,0.25,1e10,1e300,25,", "capacity"}}) {
    SCOPED_TRACE(c.field);
    std::string text = links;
    ASSERT_NE(text.find(c.from), std::string::npos);
    text.replace(text.find(c.from), c.from.size(), c.to);
    put("o", "link.csv", text);
    for (const char* f : {"config.csv", "node.csv"}) {
      fs::copy_file(fixture / f, root_ / "o" / f, fs::copy_options::overwrite_existing);
    }
    const std::string msg = error_of([&] { read_gmns(root_ / "o"); });
    EXPECT_NE(msg.find("link.csv:2: field '" + c.field + "': value "), std::string::npos) << msg;
    EXPECT_NE(msg.find("out of range once converted"), std::string::npos) << msg;
  }
}

TEST_F(GmnsTest, ZoneFileListsCentroidsAndNames) {
  put("z", "node.csv", "node_id,x_coord,y_coord,zone_id\n1,500,500,\n2,1500,500,9\n3,900,900,\n");
  put("z", "link.csv",
      "link_id,from_node_id,to_node_id,length,free_speed,capacity\n1,1,2,1000,50,900\n");
  put("z", "zone.csv",
      "zone_id,name,boundary\n"
      "3,\"Harbour, east\",\"POLYGON ((0 0, 1 0, 1 1, 0 0))\"\n"
      "250173531022,polygon only,\n");
  const net::RoadNetwork n = read_gmns(root_ / "z").road;
  ASSERT_EQ(n.zone_count(), 1u);  // node 3 from zone.csv; zone 2503... has no node
  EXPECT_EQ(n.zone_external_id()[ZoneId{0}], 3);
  EXPECT_EQ(n.zone_centroid()[ZoneId{0}], *n.find_node(3));
  EXPECT_EQ(n.zone_name()[ZoneId{0}], "Harbour, east");
}

TEST_F(GmnsTest, StaleDemandAndZoneFilesAreRemoved) {
  put("tiny", "node.csv", kNodes);
  put("tiny", "link.csv", kLinks);
  const net::Model with = read_gmns(put("tiny", "demand.csv", kDemand));
  const fs::path out = root_ / "out";
  write_gmns(out, with);
  ASSERT_TRUE(fs::exists(out / "demand.csv"));

  net::Model without = with;
  without.demand.reset();
  write_gmns(out, without);
  EXPECT_FALSE(fs::exists(out / "demand.csv"));
  EXPECT_FALSE(read_gmns(out).demand.has_value());

  put("plain", "node.csv", "node_id,x_coord,y_coord\n1,500,500\n2,1500,500\n");
  const net::Model no_zones =
      read_gmns(put("plain", "link.csv",
                    "link_id,from_node_id,to_node_id,length,free_speed,capacity\n1,1,2,9,9,9\n"));
  write_gmns(out, no_zones);
  EXPECT_FALSE(fs::exists(out / "zone.csv"));
  EXPECT_TRUE(read_gmns(out).road == no_zones.road);
}

TEST_F(GmnsTest, WriterRefusesWhatGmnsCannotHold) {
  net::NetworkBuilder b;
  b.add_node({1, net::kUnknown, net::kUnknown, 0.0, 0.0, true});
  b.add_node({2, net::kUnknown, net::kUnknown, 100.0, 0.0, true});
  b.add_zone({7, 1, 0.0, 0.0, ""});  // zone 7 on node 1
  net::Model m;
  m.road = b.build();
  EXPECT_THROW(write_gmns(root_ / "out", m), std::invalid_argument);
  EXPECT_FALSE(fs::exists(root_ / "out" / "node.csv"));

  net::NetworkBuilder d;
  d.add_node({1, net::kUnknown, net::kUnknown, 0.0, 0.0, true});
  d.add_node({2, net::kUnknown, net::kUnknown, 100.0, 0.0, true});
  net::LinkSpec s;
  s.external_id = 5;
  s.from = 1;
  s.to = 2;
  s.capacity_vph = 100;
  d.add_link(s);
  d.add_link(s);  // the same id twice, same direction: not an undirected pair
  net::Model dup;
  dup.road = d.build();
  EXPECT_THROW(write_gmns(root_ / "out", dup), std::invalid_argument);
}

TEST(GmnsFacilityType, MapsCommonNamesOntoLinkClasses) {
  const std::vector<std::pair<const char*, LinkClass>> cases = {
      {"motorway", LinkClass::kExpressway},
      {"Freeway", LinkClass::kExpressway},
      {"expressway", LinkClass::kExpressway},
      {"motorway_link", LinkClass::kExpressway},
      {"trunk", LinkClass::kNationalRoad},
      {"primary", LinkClass::kArterial},
      {"Minor Arterial", LinkClass::kArterial},
      {"secondary", LinkClass::kCollector},
      {"tertiary", LinkClass::kLocal},
      {"residential", LinkClass::kLocal},
      {"connector", LinkClass::kConnector},
      {"centroid connector", LinkClass::kConnector},
      {"busway", LinkClass::kTransitOnly},
      {"urban expressway", LinkClass::kUrbanExpressway},
      {"", LinkClass::kUnclassified},
      {"hot", LinkClass::kUnclassified},
      {"unclassified", LinkClass::kUnclassified},
  };
  for (const auto& [name, expected] : cases) {
    EXPECT_EQ(link_class_from_facility_type(name), expected) << name;
  }
  // The names printed by to_string(LinkClass) round-trip.
  for (std::size_t i = 0; i < net::kLinkClassCount; ++i) {
    const auto c = static_cast<LinkClass>(i);
    EXPECT_EQ(link_class_from_facility_type(net::to_string(c)), c) << net::to_string(c);
  }
}

// Bad inputs: each error names the file, the line and the column.
struct BadLink {
  const char* name;
  const char* link_csv;
  const char* where;  // "link.csv:LINE"
  const char* field;
  const char* detail;
};

class GmnsBadLinkTest : public GmnsTest, public ::testing::WithParamInterface<BadLink> {};

constexpr const char* kHeader =
    "link_id,from_node_id,to_node_id,directed,length,lanes,free_speed,capacity\n";
constexpr const char* kGoodRow = "1,1,2,true,100,1,50,900\n";

const BadLink kBadLinks[] = {
    {"MissingCapacityColumn", "link_id,from_node_id,to_node_id,length,free_speed\n1,1,2,100,50\n",
     "link.csv:1", "field 'capacity'", "missing column"},
    {"MissingSpeedAndTimeColumns", "link_id,from_node_id,to_node_id,length,capacity\n1,1,2,1,9\n",
     "link.csv:1", "field 'free_speed'", "missing column"},
    {"LettersInNumber", "@,2,1,2,true,12a,1,50,900\n", "link.csv:3", "field 'length'",
     "not a number"},
    {"NaNCapacity", "@,2,1,2,true,100,1,50,NaN\n", "link.csv:3", "field 'capacity'",
     "not a finite number"},
    {"NegativeCapacity", "@,2,1,2,true,100,1,50,-1800\n", "link.csv:3", "field 'capacity'",
     "must be positive"},
    {"ZeroCapacity", "@,2,1,2,true,100,2,50,0\n", "link.csv:3", "field 'capacity'",
     "must be positive"},
    {"UnknownToNode", "@,2,1,99,true,100,1,50,900\n", "link.csv:3", "field 'to_node_id'",
     "unknown node 99"},
    {"UnknownFromNode", "@,2,98,1,true,100,1,50,900\n", "link.csv:3", "field 'from_node_id'",
     "unknown node 98"},
    {"DuplicateLinkId", "@,1,2,1,true,100,1,50,900\n", "link.csv:3", "field 'link_id'",
     "defined twice"},
    {"BadDirected", "@,2,2,1,maybe,100,1,50,900\n", "link.csv:3", "field 'directed'",
     "not a boolean"},
    {"NegativeLength", "@,2,2,1,true,-5,1,50,900\n", "link.csv:3", "field 'length'", "negative"},
    {"NegativeLanes", "@,2,2,1,true,5,-1,50,900\n", "link.csv:3", "field 'lanes'", "negative"},
    {"NegativeSpeed", "@,2,2,1,true,5,1,-50,900\n", "link.csv:3", "field 'free_speed'", "negative"},
    {"NoSpeedNoTime", "@,2,2,1,true,5,1,,900\n", "link.csv:3", "field 'free_speed'",
     "missing value"},
    {"MissingNodeId", "@,2,,1,true,5,1,50,900\n", "link.csv:3", "field 'from_node_id'",
     "missing value"},
    {"RaggedRow", "@,2,2,1,true,5,1,50\n", "link.csv:3", "fields", "the header has 8"},
    {"UnterminatedQuote", "@,2,2,1,true,\"5,1,50,900\n", "link.csv:3", "field 'length'",
     "not closed"},
};

TEST_P(GmnsBadLinkTest, NamesFileLineAndField) {
  const BadLink& bad = GetParam();
  std::string links = bad.link_csv;
  if (links.front() == '@') links = std::string(kHeader) + kGoodRow + links.substr(2);
  put("bad", "node.csv", "node_id,x_coord,y_coord\n1,500,500\n2,1500,500\n");
  const fs::path dir = put("bad", "link.csv", links);
  const std::string msg = error_of([&] { read_gmns(dir); });
  EXPECT_NE(msg.find(bad.where), std::string::npos) << msg;
  EXPECT_NE(msg.find(bad.field), std::string::npos) << msg;
  EXPECT_NE(msg.find(bad.detail), std::string::npos) << msg;
}

INSTANTIATE_TEST_SUITE_P(Gmns, GmnsBadLinkTest, ::testing::ValuesIn(kBadLinks),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST_F(GmnsTest, BadNodeDemandAndConfigFilesNameFileLineAndField) {
  const std::string links =
      "link_id,from_node_id,to_node_id,length,free_speed,capacity\n1,1,2,100,50,900\n";
  put("dupnode", "node.csv", "node_id,x_coord,y_coord\n1,500,500\n1,1500,500\n");
  std::string msg = error_of([&] { read_gmns(put("dupnode", "link.csv", links)); });
  EXPECT_NE(msg.find("node.csv:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'node_id'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("defined twice"), std::string::npos) << msg;

  put("xletters", "node.csv", "node_id,x_coord,y_coord\n1,5O0,500\n2,1500,500\n");
  msg = error_of([&] { read_gmns(put("xletters", "link.csv", links)); });
  EXPECT_NE(msg.find("node.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'x_coord'"), std::string::npos) << msg;

  put("demand", "node.csv", "node_id,x_coord,y_coord,zone_id\n1,500,500,1\n2,1500,500,2\n");
  put("demand", "link.csv", links);
  msg = error_of([&] {
    read_gmns(put("demand", "demand.csv", "o_zone_id,d_zone_id,volume\n1,2,5\n2,77,1\n"));
  });
  EXPECT_NE(msg.find("demand.csv:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'd_zone_id'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown zone 77"), std::string::npos) << msg;
  msg = error_of(
      [&] { read_gmns(put("demand", "demand.csv", "o_zone_id,d_zone_id,volume\n1,2,-5\n")); });
  EXPECT_NE(msg.find("demand.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'volume'"), std::string::npos) << msg;

  put("cfg", "node.csv", "node_id,x_coord,y_coord\n1,500,500\n2,1500,500\n");
  put("cfg", "link.csv", links);
  msg = error_of([&] { read_gmns(put("cfg", "config.csv", "long_length,speed\nfurlong,kph\n")); });
  EXPECT_NE(msg.find("config.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'long_length'"), std::string::npos) << msg;
}

}  // namespace
}  // namespace ouflow::io
