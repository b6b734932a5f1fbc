// Protobuf network files: exact round trips in both encodings, and bad inputs that must end in an
// InputError naming the file, the line (text) and the field, never in a crash or a wrong model.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "networks/input_error.h"
#include "networks/io/network_pb.h"
#include "networks/io/tntp.h"
#include "networks/model.h"
#include "networks/network_builder.h"
#include "tests/common/seed.h"
#include "tests/common/temp_dir.h"

namespace ouflow {
namespace {

namespace fs = std::filesystem;
using io::PbEncoding;
using ::testing::HasSubstr;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const fs::path& p, std::string_view bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20240611;

// ---------------------------------------------------------------------------------------------
// Networks.

// Six nodes (some without coordinates), one link of every class, parallel links, links read in
// an order that is not sorted by tail, Chinese names, and a demand matrix with empty cells.
net::Model small_model() {
  net::NetworkBuilder b;
  b.set_metadata({.name = "测试网络 small",
                  .toll_factor_s = 6.0,
                  .distance_factor_s_per_m = 0.01,
                  .projection = "EPSG:32651",
                  .first_thru_node = 2});
  const double nan = net::kUnknown;
  b.add_node(
      {.external_id = 60, .lon = nan, .lat = nan, .x = 100.5, .y = -0.0, .through_allowed = false});
  b.add_node({.external_id = 10, .lon = 121.4737, .lat = 31.2304, .x = nan, .y = nan});
  b.add_node({.external_id = 20, .lon = 121.48, .lat = 31.24, .x = 0.1 + 0.2, .y = 1e-300});
  b.add_node({.external_id = 30});  // nothing known
  b.add_node({.external_id = 40, .lon = -180.0, .lat = 90.0, .x = 5e-324, .y = 1e15});
  b.add_node({.external_id = 50, .lon = 0.0, .lat = -0.0, .x = 3.0, .y = 4.0});

  using LC = net::LinkClass;
  auto link = [&](std::int64_t id, std::int64_t from, std::int64_t to, LC c) {
    net::LinkSpec s;
    s.external_id = id, s.from = from, s.to = to, s.link_class = c;
    s.length_m = 100.0 * static_cast<double>(id) + 0.1;
    s.free_flow_time_s = static_cast<double>(id) / 3.0;
    s.capacity_vph = 1800.0 + static_cast<double>(id);
    return s;
  };
  net::LinkSpec l = link(1, 50, 10, LC::kExpressway);
  l.lanes = 3, l.speed_kmh = 120, l.source_type = 7;
  b.add_link(l);
  l = link(2, 10, 20, LC::kNationalRoad);
  l.name = "人民路";
  b.add_link(l);
  l = link(3, 10, 20, LC::kProvincialRoad);  // parallel to 2
  l.volume_delay = net::VolumeDelay::kConstant, l.name = "人民路 辅路";
  b.add_link(l);
  l = link(4, 20, 30, LC::kUrbanExpressway);
  l.toll = 5.5, l.alpha = 0.83, l.beta = 5.5;
  b.add_link(l);
  b.add_link(link(5, 30, 40, LC::kArterial));
  l = link(6, 40, 50, LC::kCollector);
  l.length_m = 5e-324, l.free_flow_time_s = 0.0, l.alpha = 0.0, l.beta = 0.0;
  b.add_link(l);
  b.add_link(link(7, 20, 10, LC::kLocal));
  l = link(8, 60, 10, LC::kConnector);
  l.name = "连接线", l.volume_delay = net::VolumeDelay::kConstant, l.source_type = -3;
  b.add_link(l);
  b.add_link(link(9, 10, 60, LC::kConnector));
  b.add_link(link(10, 30, 20, LC::kTransitOnly));
  b.add_link(link(11, 40, 30, LC::kUnclassified));
  l = link(12, 10, 20, LC::kNationalRoad);  // a third parallel link, same class as 2
  l.name = "人民路";
  b.add_link(l);

  b.add_zone({.external_id = 1, .centroid = 60, .population = 1234.5, .jobs = 0, .name = "中心区"});
  b.add_zone({.external_id = 3, .centroid = 10, .population = 0, .jobs = 77, .name = "东城 East"});
  b.add_zone({.external_id = 2, .centroid = 30, .population = 0, .jobs = 0, .name = ""});

  net::Model m{.road = b.build(), .demand = net::TripTable(3)};
  m.demand->at(net::ZoneId{0}, net::ZoneId{0}) = 1.5;
  m.demand->at(net::ZoneId{0}, net::ZoneId{2}) = 0.1;
  m.demand->at(net::ZoneId{1}, net::ZoneId{0}) = 1e9;
  m.demand->at(net::ZoneId{2}, net::ZoneId{1}) = 1.0 / 3.0;
  return m;
}

// Two nodes, one link, one zone and its demand: small enough to corrupt at every byte.
net::Model tiny_model() {
  net::NetworkBuilder b;
  b.set_metadata({.name = "小",
                  .toll_factor_s = 1.5,
                  .distance_factor_s_per_m = 0,
                  .projection = "local",
                  .first_thru_node = 1});
  b.add_node({.external_id = 1, .lon = net::kUnknown, .lat = 30, .x = 0, .y = 0});
  b.add_node({.external_id = 2, .lon = 120, .lat = 30, .x = 9, .y = 0, .through_allowed = false});
  net::LinkSpec s;
  s.external_id = 9, s.from = 1, s.to = 2, s.length_m = 9, s.free_flow_time_s = 1;
  s.capacity_vph = 600, s.name = "路";
  b.add_link(s);
  b.add_zone({.external_id = 4, .centroid = 2, .population = 10, .jobs = 1, .name = "区"});
  net::Model m{.road = b.build(), .demand = net::TripTable(1)};
  m.demand->at(net::ZoneId{0}, net::ZoneId{0}) = 2;
  return m;
}

std::uint64_t next_below(std::mt19937_64& rng, std::uint64_t n) { return rng() % n; }
double next_unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// A random network of a few thousand links with every kind of value, from a fixed seed.
net::Model random_model(std::uint64_t seed, std::uint32_t nodes, std::uint32_t links,
                        std::uint32_t zones) {
  std::mt19937_64 rng(seed);
  net::NetworkBuilder b;
  b.set_metadata({.name = "random " + std::to_string(seed),
                  .toll_factor_s = next_unit(rng) * 10,
                  .distance_factor_s_per_m = next_unit(rng),
                  .projection = "EPSG:32650",
                  .first_thru_node = static_cast<std::int64_t>(zones) + 1});
  std::vector<std::int64_t> ids(nodes);
  for (std::uint32_t i = 0; i < nodes; ++i) ids[i] = 1000 + 7 * static_cast<std::int64_t>(i);
  std::shuffle(ids.begin(), ids.end(), rng);
  for (std::int64_t id : ids) {
    net::NodeSpec s{.external_id = id};
    if (next_below(rng, 10) != 0) {
      s.lon = 120 + next_unit(rng), s.lat = 30 + next_unit(rng);
      s.x = next_unit(rng) * 1e5, s.y = next_unit(rng) * 1e5;
    }
    s.through_allowed = next_below(rng, 20) != 0;
    b.add_node(s);
  }
  static const char* const kNames[] = {"", "", "中山路", "Ring Road 3", "南京东路 East", "\t\"q\""};
  std::int64_t from = 0, to = 0;
  for (std::uint32_t k = 0; k < links; ++k) {
    if (k == 0 || next_below(rng, 20) != 0) {  // otherwise parallel to the previous link
      from = ids[next_below(rng, nodes)];
      to = ids[next_below(rng, nodes)];
    }
    net::LinkSpec s;
    s.external_id = static_cast<std::int64_t>(next_below(rng, 1u << 30));
    s.from = from, s.to = to;
    s.length_m = next_unit(rng) * 5000;
    s.free_flow_time_s = next_unit(rng) * 600;
    s.capacity_vph = 1 + next_unit(rng) * 8000;
    s.lanes = static_cast<double>(next_below(rng, 5));
    s.speed_kmh = next_below(rng, 4) == 0 ? 0.0 : 20 + next_unit(rng) * 100;
    s.link_class = static_cast<net::LinkClass>(next_below(rng, net::kLinkClassCount));
    s.volume_delay = static_cast<net::VolumeDelay>(next_below(rng, 2));
    s.alpha = next_unit(rng), s.beta = next_unit(rng) * 8;
    s.toll = next_below(rng, 10) == 0 ? next_unit(rng) * 20 : 0.0;
    s.source_type = static_cast<std::int32_t>(next_below(rng, 100)) - 10;
    s.name = kNames[next_below(rng, std::size(kNames))];
    b.add_link(s);
  }
  for (std::uint32_t z = 0; z < zones; ++z) {
    b.add_zone({.external_id = 5 * static_cast<std::int64_t>(z) + 1,
                .centroid = ids[z],
                .population = std::floor(next_unit(rng) * 1e5),
                .jobs = next_unit(rng) * 1e4,
                .name = "区 " + std::to_string(z)});
  }
  net::Model m{.road = b.build(), .demand = net::TripTable(zones)};
  for (net::ZoneId o : m.road.zones()) {
    for (net::ZoneId d : m.road.zones()) {
      if (next_below(rng, 5) == 0) m.demand->at(o, d) = next_unit(rng) * 300;
    }
  }
  return m;
}

void expect_same(const net::Model& read, const net::Model& written) {
  EXPECT_TRUE(read.road == written.road);
  ASSERT_EQ(read.demand.has_value(), written.demand.has_value());
  if (written.demand) {
    EXPECT_TRUE(*read.demand == *written.demand);
  }
}

net::Model round_trip(const net::Model& m, PbEncoding enc, const fs::path& file) {
  io::write_network_pb(file, m, enc);
  return io::read_network_pb(file, enc);
}

// ---------------------------------------------------------------------------------------------
// Round trips.

TEST(ProtobufTest, SmallNetworkRoundTripsThroughBinary) {
  const test::TempDir tmp;
  const net::Model m = small_model();
  const net::Model read = round_trip(m, PbEncoding::kBinary, tmp.path() / "small.pb");
  expect_same(read, m);
  // The comparison means something: links are not stored in input order, some values are NaN.
  EXPECT_NE(read.road.input_order()[0], net::LinkId{0});
  EXPECT_TRUE(std::isnan(read.road.lon()[net::NodeId{0}]));
  EXPECT_TRUE(std::signbit(read.road.y()[net::NodeId{0}]));
  EXPECT_EQ(read.road.link_name()[read.road.input_order()[1]], "人民路");
  EXPECT_EQ(read.road.zone_name()[net::ZoneId{0}], "中心区");
  EXPECT_EQ(read.road.metadata().name, "测试网络 small");
}

TEST(ProtobufTest, SmallNetworkRoundTripsThroughText) {
  const test::TempDir tmp;
  const net::Model m = small_model();
  const fs::path file = tmp.path() / "small.pbtxt";
  expect_same(round_trip(m, PbEncoding::kText, file), m);
  const std::string text = slurp(file);
  EXPECT_THAT(text, HasSubstr("name: \"人民路\""));  // UTF-8 kept readable, not escaped
  EXPECT_THAT(text, HasSubstr("lon: nan"));
  EXPECT_THAT(text, HasSubstr("link_class: LINK_CLASS_TRANSIT_ONLY"));
  EXPECT_THAT(text, HasSubstr("format_version: 1"));
}

TEST(ProtobufTest, EveryLinkClassAndVolumeDelaySurvives) {
  const test::TempDir tmp;
  const net::Model m = small_model();
  const fs::path dir = tmp.path();
  for (PbEncoding enc : {PbEncoding::kBinary, PbEncoding::kText}) {
    const net::Model read = round_trip(m, enc, dir / "classes");
    std::vector<int> seen(net::kLinkClassCount, 0);
    for (net::LinkId l : read.road.links()) {
      ++seen[static_cast<std::size_t>(read.road.link_class()[l])];
    }
    for (std::size_t c = 0; c < net::kLinkClassCount; ++c) EXPECT_GT(seen[c], 0) << c;
    EXPECT_TRUE(read.road.volume_delay() == m.road.volume_delay());
  }
}

TEST(ProtobufTest, ModelWithoutDemandStaysWithoutDemand) {
  const test::TempDir tmp;
  net::Model m = small_model();
  m.demand.reset();
  const fs::path dir = tmp.path();
  expect_same(round_trip(m, PbEncoding::kBinary, dir / "a.pb"), m);
  expect_same(round_trip(m, PbEncoding::kText, dir / "a.pbtxt"), m);
}

TEST(ProtobufTest, EmptyNetworkRoundTrips) {
  const test::TempDir tmp;
  net::Model m{.road = net::NetworkBuilder().build(), .demand = net::TripTable(0)};
  const fs::path dir = tmp.path();
  expect_same(round_trip(m, PbEncoding::kBinary, dir / "empty.pb"), m);
  expect_same(round_trip(m, PbEncoding::kText, dir / "empty.pbtxt"), m);
}

TEST(ProtobufTest, WritingIsDeterministicAndEncodingsConvert) {
  const test::TempDir tmp;
  const net::Model m = small_model();
  const fs::path dir = tmp.path();
  io::write_network_pb(dir / "a.pb", m, PbEncoding::kBinary);
  io::write_network_pb(dir / "a.pbtxt", m, PbEncoding::kText);
  // Read back and written again, each encoding gives the same bytes; text converts to binary.
  io::write_network_pb(dir / "b.pb", io::read_network_pb(dir / "a.pb", PbEncoding::kBinary),
                       PbEncoding::kBinary);
  io::write_network_pb(dir / "b.pbtxt", io::read_network_pb(dir / "a.pbtxt", PbEncoding::kText),
                       PbEncoding::kText);
  io::write_network_pb(dir / "c.pb", io::read_network_pb(dir / "a.pbtxt", PbEncoding::kText),
                       PbEncoding::kBinary);
  EXPECT_EQ(slurp(dir / "a.pb"), slurp(dir / "b.pb"));
  EXPECT_EQ(slurp(dir / "a.pbtxt"), slurp(dir / "b.pbtxt"));
  EXPECT_EQ(slurp(dir / "a.pb"), slurp(dir / "c.pb"));
  // The binary file starts with its format version: field 1, varint 1.
  EXPECT_EQ(slurp(dir / "a.pb").substr(0, 2), std::string("\x08\x01", 2));
}

TEST(ProtobufTest, WritingLeavesOnlyTheTargetFile) {
  const test::TempDir tmp;
  const fs::path dir = tmp.path();
  io::write_network_pb(dir / "a.pb", small_model(), PbEncoding::kBinary);
  io::write_network_pb(dir / "a.pb", small_model(), PbEncoding::kBinary);  // over an old file
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().filename());
  EXPECT_EQ(files, std::vector<fs::path>{"a.pb"});
  // A target that cannot be written is an error, not a partial file.
  EXPECT_THROW(
      io::write_network_pb(dir / "no" / "such" / "a.pb", small_model(), PbEncoding::kBinary),
      std::runtime_error);
}

TEST(ProtobufTest, RandomLargeNetworkRoundTrips) {
  const test::TempDir tmp;
  const test::TestSeed seed(kTestSeed);
  const net::Model m = random_model(seed.value(), 3000, 12000, 150);
  ASSERT_EQ(m.road.link_count(), 12000u);
  const fs::path dir = tmp.path();
  expect_same(round_trip(m, PbEncoding::kBinary, dir / "random.pb"), m);
  expect_same(round_trip(m, PbEncoding::kText, dir / "random.pbtxt"), m);
}

// The research networks read by the TNTP reader: coordinates, first-thru nodes, real demand.
TEST(ProtobufTest, TntpNetworksRoundTrip) {
  const test::TempDir tmp;
  io::TntpOptions chicago;
  chicago.toll_factor = 0.02;
  chicago.distance_factor = 0.04;
  struct Case {
    const char* folder;
    std::string stem;
    io::TntpOptions options;
  };
  for (const Case& c :
       {Case{"SiouxFalls", "SiouxFalls", {}}, Case{"Chicago-Sketch", "ChicagoSketch", chicago}}) {
    SCOPED_TRACE(c.stem);
    const net::Model m = io::read_tntp(
        io::tntp_siblings(test::data_dir() / "tntp" / c.folder / (c.stem + "_net.tntp")),
        c.options);
    ASSERT_TRUE(m.demand.has_value());
    ASSERT_GT(m.road.link_count(), 0u);
    expect_same(round_trip(m, PbEncoding::kBinary, tmp.path() / (c.stem + ".pb")), m);
    expect_same(round_trip(m, PbEncoding::kText, tmp.path() / (c.stem + ".pbtxt")), m);
  }
}

TEST(ProtobufTest, NamesThatAreNotUtf8AreRefusedOnWrite) {
  const test::TempDir tmp;
  net::NetworkBuilder b;
  b.add_node({.external_id = 1});
  b.add_node({.external_id = 2});
  net::LinkSpec s;
  s.external_id = 5, s.from = 1, s.to = 2, s.capacity_vph = 1000, s.name = "\xC4\xE3\xBA\xC3";
  b.add_link(s);  // "你好" in GBK
  const net::Model m{.road = b.build(), .demand = std::nullopt};
  const fs::path file = tmp.path() / "gbk.pb";
  try {
    io::write_network_pb(file, m, PbEncoding::kBinary);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), HasSubstr("link 5"));
    EXPECT_THAT(e.what(), HasSubstr("UTF-8"));
  }
  EXPECT_FALSE(fs::exists(file));
}

// ---------------------------------------------------------------------------------------------
// Bad input.

// The InputError thrown by reading `file`; a test failure when there is none.
InputError read_error(const fs::path& file, PbEncoding enc) {
  try {
    io::read_network_pb(file, enc);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << file << " was read without an error";
  return InputError(file, 0, "", "");
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A text network file to edit line by line; lines are found by their first key ("capacity_vph:").
class TextFile {
 public:
  explicit TextFile(const net::Model& m, const fs::path& dir) : path_(dir / "edited.pbtxt") {
    io::write_network_pb(path_, m, PbEncoding::kText);
    lines_ = split_lines(slurp(path_));
  }

  // Number (1-based) of the n-th line (0-based n) whose text after the indentation starts with
  // `key`.
  std::size_t find(std::string_view key, int n = 0) const {
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const std::size_t indent = lines_[i].find_first_not_of(' ');
      if (indent == std::string::npos) continue;
      if (std::string_view(lines_[i]).substr(indent).starts_with(key) && n-- == 0) return i + 1;
    }
    ADD_FAILURE() << "no line " << key;
    return 0;
  }
  // Replaces the line's text after its indentation; returns the line number.
  std::size_t replace(std::string_view key, const std::string& text, int n = 0) {
    const std::size_t at = find(key, n);
    std::string& line = lines_[at - 1];
    line = line.substr(0, line.find_first_not_of(' ')) + text;
    return at;
  }
  void erase(std::string_view key, int n = 0) {
    lines_.erase(lines_.begin() + static_cast<std::ptrdiff_t>(find(key, n) - 1));
  }
  // The edited text, saved; `keep_fingerprint` false blanks the fingerprint line as a hand editor
  // would (blank, so that later lines keep their numbers).
  const fs::path& save(bool keep_fingerprint = false) {
    if (!keep_fingerprint) lines_[find("fingerprint:") - 1].clear();
    std::string text;
    for (const std::string& line : lines_) text += line + "\n";
    spit(path_, text);
    return path_;
  }
  std::string at(std::size_t line) const {
    return path_.filename().string() + ":" + std::to_string(line);
  }

 private:
  fs::path path_;
  std::vector<std::string> lines_;
};

TEST(ProtobufBadInput, MissingFile) {
  const test::TempDir tmp;
  const fs::path file = tmp.path() / "missing.pb";
  const InputError e = read_error(file, PbEncoding::kBinary);
  EXPECT_THAT(e.what(), HasSubstr("missing.pb"));
  EXPECT_THAT(e.what(), HasSubstr("cannot open"));
}

TEST(ProtobufBadInput, EveryTruncationOfABinaryFileIsAnInputError) {
  const test::TempDir tmp;
  const fs::path dir = tmp.path();
  io::write_network_pb(dir / "full.pb", tiny_model(), PbEncoding::kBinary);
  const std::string bytes = slurp(dir / "full.pb");
  ASSERT_GT(bytes.size(), 100u);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    spit(dir / "cut.pb", std::string_view(bytes).substr(0, n));
    const InputError e = read_error(dir / "cut.pb", PbEncoding::kBinary);
    EXPECT_EQ(e.line(), 0u);
    EXPECT_THAT(e.what(), HasSubstr("cut.pb")) << n;
  }
}

TEST(ProtobufBadInput, GarbageBytesAreAnInputError) {
  const test::TempDir tmp;
  const fs::path file = tmp.path() / "garbage.pb";
  const test::TestSeed seed(kTestSeed);
  std::mt19937_64 rng(seed.value());
  for (std::size_t size : {1u, 2u, 7u, 64u, 1000u, 100000u}) {
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
    spit(file, bytes);
    read_error(file, PbEncoding::kBinary);
  }
  spit(file, "format_version: 1\n");  // a text file given to the binary reader
  read_error(file, PbEncoding::kBinary);
}

TEST(ProtobufBadInput, NoSingleByteCorruptionGoesUnnoticed) {
  const test::TempDir tmp;
  const fs::path dir = tmp.path();
  const net::Model m = tiny_model();
  io::write_network_pb(dir / "full.pb", m, PbEncoding::kBinary);
  expect_same(io::read_network_pb(dir / "full.pb", PbEncoding::kBinary), m);
  const std::string bytes = slurp(dir / "full.pb");
  ASSERT_GT(bytes.size(), 100u);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (int flip : {0x01, 0x80}) {  // a low bit, and a varint continuation bit
      std::string bad = bytes;
      bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ flip);
      spit(dir / "bad.pb", bad);
      // Either the reader notices, or the change did not alter the content.
      try {
        expect_same(io::read_network_pb(dir / "bad.pb", PbEncoding::kBinary), m);
      } catch (const InputError&) {
      }
    }
  }
}

TEST(ProtobufBadInput, TextSyntaxErrorNamesTheLine) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  const std::size_t line = t.replace("capacity_vph:", "capacity_vph: : 1800", 2);
  const InputError e = read_error(t.save(true), PbEncoding::kText);
  EXPECT_EQ(e.line(), line);
  EXPECT_THAT(e.what(), HasSubstr(t.at(line) + ": column"));
}

TEST(ProtobufBadInput, UnknownTextFieldNamesTheLine) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  const std::size_t line = t.replace("capacity_vph:", "capacity: 1800", 1);
  const InputError e = read_error(t.save(true), PbEncoding::kText);
  EXPECT_THAT(e.what(), HasSubstr(t.at(line) + ":"));
  EXPECT_THAT(e.what(), HasSubstr("capacity"));
}

TEST(ProtobufBadInput, VersionTooNew) {
  const test::TempDir tmp;
  const fs::path dir = tmp.path();
  TextFile t(small_model(), dir);
  const std::size_t line = t.replace("format_version:", "format_version: 2");
  InputError e = read_error(t.save(true), PbEncoding::kText);
  EXPECT_EQ(e.field(), "format_version");
  EXPECT_THAT(e.what(), HasSubstr(t.at(line) + ": field 'format_version'"));
  EXPECT_THAT(e.what(), HasSubstr("newer"));

  // The binary file starts with 08 01; the fingerprint leaves the version out, so the version
  // check is what fires.
  io::write_network_pb(dir / "v.pb", small_model(), PbEncoding::kBinary);
  std::string bytes = slurp(dir / "v.pb");
  bytes[1] = 7;
  spit(dir / "v.pb", bytes);
  e = read_error(dir / "v.pb", PbEncoding::kBinary);
  EXPECT_EQ(e.field(), "format_version");
  EXPECT_THAT(e.what(), HasSubstr("format version 7 is newer"));
}

TEST(ProtobufBadInput, VersionMissing) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  t.erase("format_version:");
  const InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "format_version");
  EXPECT_THAT(e.what(), HasSubstr("not an ouflow network file"));
}

TEST(ProtobufBadInput, FingerprintMismatchAfterEditingOneValue) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  t.replace("capacity_vph:", "capacity_vph: 1801", 3);
  const std::size_t line = t.find("fingerprint:");
  const InputError e = read_error(t.save(true), PbEncoding::kText);
  EXPECT_EQ(e.field(), "fingerprint");
  EXPECT_THAT(e.what(), HasSubstr(t.at(line) + ": field 'fingerprint'"));
  EXPECT_THAT(e.what(), HasSubstr("corrupt or was edited"));
}

TEST(ProtobufBadInput, HandEditedTextWithoutFingerprintIsRead) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  t.replace("capacity_vph:", "capacity_vph: 2500", 0);
  const net::Model m = io::read_network_pb(t.save(), PbEncoding::kText);
  EXPECT_EQ(m.road.capacity_vph()[m.road.input_order()[0]], 2500.0);
}

TEST(ProtobufBadInput, BinaryFileWithoutFingerprint) {
  const test::TempDir tmp;
  const fs::path file = tmp.path() / "nofp.pb";
  spit(file, std::string("\x08\x01", 2));
  const InputError e = read_error(file, PbEncoding::kBinary);
  EXPECT_EQ(e.field(), "fingerprint");
  EXPECT_THAT(e.what(), HasSubstr("missing"));
}

TEST(ProtobufBadInput, MismatchedColumnLengths) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  t.erase("lat:", 3);
  const InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "nodes.lat");
  EXPECT_THAT(e.what(), HasSubstr("5 values but nodes.id has 6"));
  EXPECT_THAT(e.what(), HasSubstr(t.at(t.find("lat:"))));
}

TEST(ProtobufBadInput, ExtraValueInALinkColumn) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  const std::size_t line = t.find("toll:", 11);
  t.replace("toll:", "toll: 0\n    toll: 0", 11);
  const InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "links.toll");
  EXPECT_THAT(e.what(), HasSubstr("13 values but links.id has 12"));
  EXPECT_THAT(e.what(), HasSubstr(t.at(line + 1)));  // the first value too many
}

TEST(ProtobufBadInput, NegativeCapacityNamesFieldLineAndLink) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  const std::size_t line = t.replace("capacity_vph:", "capacity_vph: -5", 4);
  const InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.line(), line);
  EXPECT_EQ(e.field(), "links.capacity_vph");
  EXPECT_THAT(e.what(), HasSubstr(t.at(line) + ": field 'links.capacity_vph'"));
  EXPECT_THAT(e.what(), HasSubstr("link at index 4 (id 5)"));
  EXPECT_THAT(e.what(), HasSubstr("capacity -5 must be positive"));
}

TEST(ProtobufBadInput, NanWhereANumberIsRequired) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  const std::size_t line = t.replace("free_flow_time_s:", "free_flow_time_s: nan", 2);
  const InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.line(), line);
  EXPECT_EQ(e.field(), "links.free_flow_time_s");
  EXPECT_THAT(e.what(), HasSubstr("not a finite number"));
}

TEST(ProtobufBadInput, UnknownNodeInALink) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  const std::size_t line = t.replace("to_node:", "to_node: 999", 6);
  const InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.line(), line);
  EXPECT_EQ(e.field(), "links.to_node");
  EXPECT_THAT(e.what(), HasSubstr("link at index 6 (id 7): unknown node 999"));
}

TEST(ProtobufBadInput, UnknownCentroidAndDuplicateNode) {
  const test::TempDir tmp;
  const fs::path dir = tmp.path();
  TextFile t(small_model(), dir);
  std::size_t line = t.replace("centroid_node:", "centroid_node: 7", 1);
  InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "zones.centroid_node");
  EXPECT_THAT(e.what(), HasSubstr(t.at(line)));

  TextFile u(small_model(), dir);
  line = u.replace("id:", "id: 10", 0);  // the first node id, 60, becomes the second's
  e = read_error(u.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "nodes.id");
  EXPECT_THAT(e.what(), HasSubstr("node 10 is defined twice"));
  EXPECT_THAT(e.what(), HasSubstr("node at index 1"));
}

TEST(ProtobufBadInput, LinkClassOutOfRange) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  const std::size_t line = t.replace("link_class:", "link_class: 42", 5);
  const InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.line(), line);
  EXPECT_EQ(e.field(), "links.link_class");
  EXPECT_THAT(e.what(), HasSubstr("link class 42 is not one of the 10 classes"));
}

TEST(ProtobufBadInput, DemandCellsOutOfRangeOrOrder) {
  const test::TempDir tmp;
  const fs::path dir = tmp.path();
  TextFile t(small_model(), dir);
  std::size_t line = t.replace("destination:", "destination: 3", 1);
  InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "demand.destination");
  EXPECT_THAT(e.what(), HasSubstr(t.at(line)));
  EXPECT_THAT(e.what(), HasSubstr("out of range"));

  TextFile u(small_model(), dir);  // cell (0, 0) repeated
  u.replace("destination:", "destination: 0", 1);
  line = u.find("origin:", 1);
  e = read_error(u.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "demand.origin");
  EXPECT_THAT(e.what(), HasSubstr(u.at(line)));
  EXPECT_THAT(e.what(), HasSubstr("strictly increasing"));

  TextFile v(small_model(), dir);
  line = v.replace("trips:", "trips: -1", 2);
  e = read_error(v.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "demand.trips");
  EXPECT_THAT(e.what(), HasSubstr(v.at(line)));

  TextFile w(small_model(), dir);
  line = w.replace("zone_count:", "zone_count: 4");
  e = read_error(w.save(), PbEncoding::kText);
  EXPECT_EQ(e.field(), "demand.zone_count");
  EXPECT_THAT(e.what(), HasSubstr(w.at(line)));
}

TEST(ProtobufBadInput, TextThatIsNotUtf8) {
  const test::TempDir tmp;
  TextFile t(small_model(), tmp.path());
  const std::size_t line = t.replace("name:", "name: \"\xC4\xE3\xBA\xC3\"", 1);
  const InputError e = read_error(t.save(), PbEncoding::kText);
  EXPECT_EQ(e.line(), line);
  EXPECT_THAT(e.what(), HasSubstr("UTF-8"));
}

TEST(ProtobufBadInput, ListSyntaxStillLocatesTheColumn) {
  const test::TempDir tmp;
  // Hand-written text may give a column as a list; errors then point at the list.
  const fs::path file = tmp.path() / "list.pbtxt";
  spit(file,
       "format_version: 1\n"
       "network {\n"
       "  nodes { id: [1, 2] through_allowed: [true, true]\n"
       "          lon: [nan, nan] lat: [nan, nan] x: [0, 1] y: [0, 0] }\n"
       "  links {\n"
       "    id: [7, 8] from_node: [1, 2] to_node: [2, 1]\n"
       "    length_m: [1, 1] free_flow_time_s: [1, 1]\n"
       "    capacity_vph: [100,\n"
       "                   -100]\n"
       "    lanes: [0, 0] speed_kmh: [0, 0] link_class: [LINK_CLASS_LOCAL, LINK_CLASS_LOCAL]\n"
       "    volume_delay: [VOLUME_DELAY_BPR, VOLUME_DELAY_BPR] alpha: [0.15, 0.15]\n"
       "    beta: [4, 4] toll: [0, 0] source_type: [0, 0] name: [\"\", \"\"]\n"
       "  }\n"
       "}\n");
  const InputError e = read_error(file, PbEncoding::kText);
  EXPECT_EQ(e.line(), 8u);
  EXPECT_EQ(e.field(), "links.capacity_vph");
  EXPECT_THAT(e.what(), HasSubstr("link at index 1 (id 8)"));
}

}  // namespace
}  // namespace ouflow
