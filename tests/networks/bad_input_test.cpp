// The catalogue of bad TNTP inputs: each ends in an InputError naming file, line and field.
// (GMNS and protobuf bad inputs are tested beside their readers.)
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "networks/input_error.h"
#include "networks/io/csv.h"
#include "networks/io/text_input.h"
#include "networks/io/tntp.h"
#include "tests/common/temp_dir.h"

namespace ouflow::io {
namespace {

const std::string kHeader =
    "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 4\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 3\n"
    "<END OF METADATA>\n\n~ init term cap len fft b power speed toll type ;\n";
// Lines 8, 9, 10.
const std::string kGoodLinks =
    "1 3 100 1 1 0.15 4 0 0 1 ;\n3 2 100 1 2 0.15 4 0 0 1 ;\n1 4 100 1 3 0.15 4 0 0 1 ;\n";

struct BadNet {
  const char* name;
  std::string text;
  std::string where;  // expected "file:line" suffix, e.g. ":9"
  std::string field;
};

std::string with_link2(const std::string& row) {
  return kHeader + "1 3 100 1 1 0.15 4 0 0 1 ;\n" + row + "\n1 4 100 1 3 0.15 4 0 0 1 ;\n";
}

TEST(BadInput, TntpNetCatalogue) {
  const BadNet cases[] = {
      {"truncated_line", with_link2("3 2 100 1 2 0.15"), ":9", "power"},
      {"letters_in_number", with_link2("3 2 1o0 1 2 0.15 4 0 0 1 ;"), ":9", "capacity"},
      {"nan", with_link2("3 2 100 NaN 2 0.15 4 0 0 1 ;"), ":9", "length"},
      {"infinity", with_link2("3 2 100 1 inf 0.15 4 0 0 1 ;"), ":9", "free_flow_time"},
      {"negative_capacity", with_link2("3 2 -100 1 2 0.15 4 0 0 1 ;"), ":9", "capacity"},
      {"zero_capacity", with_link2("3 2 0 1 2 0.15 4 0 0 1 ;"), ":9", "capacity"},
      {"negative_time", with_link2("3 2 100 1 -2 0.15 4 0 0 1 ;"), ":9", "free_flow_time"},
      {"negative_b", with_link2("3 2 100 1 2 -0.15 4 0 0 1 ;"), ":9", "b"},
      {"unknown_node", with_link2("3 7 100 1 2 0.15 4 0 0 1 ;"), ":9", "term_node"},
      {"node_zero", with_link2("0 2 100 1 2 0.15 4 0 0 1 ;"), ":9", "init_node"},
      {"too_many_fields", with_link2("3 2 100 1 2 0.15 4 0 0 1 9 ;"), ":9", ""},
      {"link_count_differs", kHeader + "1 3 100 1 1 0.15 4 0 0 1 ;\n", ":4", "<NUMBER OF LINKS>"},
      {"missing_links_metadata",
       "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 4\n<END OF METADATA>\n" + kGoodLinks, ":3",
       "<NUMBER OF LINKS>"},
      {"missing_metadata_end", "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 4\n<NUMBER OF LINKS> 3\n",
       ":3", "<END OF METADATA>"},
      {"metadata_not_a_number",
       "<NUMBER OF ZONES> two\n<NUMBER OF NODES> 4\n<NUMBER OF LINKS> 3\n<END OF METADATA>\n" +
           kGoodLinks,
       ":1", "<NUMBER OF ZONES>"},
      // Finite as written, infinite once converted to metres, seconds or km/h.
      {"length_overflows_in_metres", with_link2("3 2 100 1e308 2 0.15 4 0 0 1 ;"), ":9", "length"},
      {"time_overflows_in_seconds", with_link2("3 2 100 1 1e307 0.15 4 0 0 1 ;"), ":9",
       "free_flow_time"},
      {"speed_overflows_in_kmh", with_link2("3 2 100 1 2 0.15 4 1.5e308 0 1 ;"), ":9", "speed"},
      {"toll_factor_overflows",
       "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 4\n<NUMBER OF LINKS> 3\n<TOLL FACTOR> 1e308\n"
       "<END OF METADATA>\n" +
           kGoodLinks,
       ":4", "<TOLL FACTOR>"},
      {"more_zones_than_nodes",
       "<NUMBER OF ZONES> 5\n<NUMBER OF NODES> 4\n<NUMBER OF LINKS> 3\n<END OF METADATA>\n" +
           kGoodLinks,
       ":1", "<NUMBER OF ZONES>"},
  };
  test::TempDir dir;
  for (const BadNet& c : cases) {
    SCOPED_TRACE(c.name);
    const auto path = dir.write(std::string(c.name) + "_net.tntp", c.text);
    try {
      read_tntp_net(path, std::nullopt);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(path.string() + c.where + ":"), std::string::npos) << msg;
      EXPECT_EQ(e.field(), c.field) << msg;
    }
  }
}

TEST(BadInput, TntpTripsCatalogue) {
  test::TempDir dir;
  const auto net_path = dir.write("ok_net.tntp", kHeader + kGoodLinks);
  const net::RoadNetwork net = read_tntp_net(net_path, std::nullopt);
  const std::string head = "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 30\n<END OF METADATA>\n";
  struct BadTrips {
    const char* name;
    std::string text;
    std::string where, field;
  };
  const BadTrips cases[] = {
      {"unknown_zone", head + "Origin 1\n 2 : 10; 3 : 20;\n", ":5", "destination"},
      {"unknown_origin", head + "Origin 9\n 2 : 30;\n", ":4", "origin"},
      {"negative", head + "Origin 1\n 2 : -30;\n", ":5", "trips"},
      {"nan", head + "Origin 1\n 2 : nan;\n", ":5", "trips"},
      {"letters", head + "Origin 1\n 2 : 3x;\n", ":5", "trips"},
      {"no_colon", head + "Origin 1\n 2  30;\n", ":5", "destination"},
      {"before_origin", head + " 2 : 30;\n", ":4", "origin"},
      {"total_differs", head + "Origin 1\n 2 : 10;\n", ":2", "<TOTAL OD FLOW>"},
      {"zone_count_differs", "<NUMBER OF ZONES> 3\n<END OF METADATA>\n", ":1", "<NUMBER OF ZONES>"},
      {"missing_zones", "<TOTAL OD FLOW> 30\n<END OF METADATA>\n", ":2", "<NUMBER OF ZONES>"},
  };
  for (const BadTrips& c : cases) {
    SCOPED_TRACE(c.name);
    const auto path = dir.write(std::string(c.name) + "_trips.tntp", c.text);
    try {
      read_tntp_trips(path, net);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(path.string() + c.where + ":"), std::string::npos) << msg;
      EXPECT_EQ(e.field(), c.field) << msg;
    }
  }
  // The good file reads: 10 + 20 trips.
  const auto good = dir.write("good_trips.tntp", head + "Origin 1\n 2 : 10;\nOrigin 2\n1:20\n");
  EXPECT_DOUBLE_EQ(read_tntp_trips(good, net).total(), 30.0);
}

TEST(BadInput, TntpNodeAndFlowFiles) {
  test::TempDir dir;
  const auto net_path = dir.write("ok_net.tntp", kHeader + kGoodLinks);
  {
    const auto nodes =
        dir.write("short_node.tntp", "Node X Y ;\n1 0 0 ;\n2 1 0 ;\n3 1 ;\n4 2 2;\n");
    try {
      read_tntp_net(net_path, nodes);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("short_node.tntp:4:"), std::string::npos) << e.what();
      EXPECT_EQ(e.field(), "y");
    }
    const auto missing = dir.write("few_node.tntp", "Node X Y ;\n1 0 0 ;\n2 1 0 ;\n3 1 1;\n");
    EXPECT_THROW(read_tntp_net(net_path, missing), InputError);
    const auto lat = dir.write("lat_node.tntp", "1 0 0\n2 1 0\n3 1 95\n4 2 2\n");
    TntpOptions wgs;
    wgs.coordinates = TntpCoordinates::kWgs84;
    try {
      read_tntp_net(net_path, lat, wgs);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("lat_node.tntp:3:"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("latitude 95"), std::string::npos) << e.what();
      EXPECT_EQ(e.field(), "y");
    }
  }
  const net::RoadNetwork net = read_tntp_net(net_path, std::nullopt);
  const auto flow =
      dir.write("bad_flow.tntp", "From To Volume Cost\n1 3 5 1\n3 2 5 1\n2 1 5 1\n1 4 5 1\n");
  try {
    read_tntp_flow(flow, net);
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad_flow.tntp:4:"), std::string::npos) << e.what();
  }
  const auto short_flow = dir.write("short_flow.tntp", "From To Volume Cost\n1 3 5 1\n");
  EXPECT_THROW(read_tntp_flow(short_flow, net), InputError);
  EXPECT_THROW(read_tntp_net(dir.path() / "absent_net.tntp", std::nullopt), InputError);
}

// Declared sizes are checked before anything is allocated: a small file declaring billions of
// nodes or links is an error naming the metadata line, not gigabytes and minutes of work. (ctest
// runs this test again as BadInput.TntpHugeDeclaredSizes_bounded, with a 20 s timeout.)
TEST(BadInput, TntpHugeDeclaredSizes) {
  test::TempDir dir;
  std::string links;
  for (int i = 0; i < 200; ++i) links += "1 3 100 1 1 0.15 4 0 0 1 ;\n";  // about 5 KB
  struct Huge {
    const char* name;
    std::string metadata;
    std::string field;
    std::string where;
  };
  const Huge cases[] = {
      {"nodes", "<NUMBER OF ZONES> 1\n<NUMBER OF NODES> 2147483647\n<NUMBER OF LINKS> 200\n",
       "<NUMBER OF NODES>", ":2:"},
      {"zones_and_nodes",
       "<NUMBER OF ZONES> 100000000\n<NUMBER OF NODES> 100000000\n<NUMBER OF LINKS> 200\n",
       "<NUMBER OF NODES>", ":2:"},
      {"links", "<NUMBER OF ZONES> 1\n<NUMBER OF NODES> 4\n<NUMBER OF LINKS> 9000000000\n",
       "<NUMBER OF LINKS>", ":3:"},
      {"links_in_file", "<NUMBER OF ZONES> 1\n<NUMBER OF NODES> 4\n<NUMBER OF LINKS> 9000\n",
       "<NUMBER OF LINKS>", ":3:"},
  };
  // From a pipe, whose size is unknown, the maximum and the links still bound the nodes.
  if (const auto fifo = dir.path() / "fifo_net.tntp"; mkfifo(fifo.c_str(), 0600) == 0) {
    std::signal(SIGPIPE, SIG_IGN);  // the reader may stop before the writer is done
    std::thread writer([&] {
      std::ofstream out(fifo);
      out << cases[0].metadata << "<END OF METADATA>\n" << links;
    });
    try {
      read_tntp_net(fifo, std::nullopt);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "<NUMBER OF NODES>") << e.what();
    }
    writer.join();
  }
  for (const Huge& c : cases) {
    SCOPED_TRACE(c.name);
    const auto path =
        dir.write(std::string(c.name) + "_net.tntp", c.metadata + "<END OF METADATA>\n" + links);
    try {
      read_tntp_net(path, std::nullopt);
      ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(path.string() + c.where), std::string::npos) << e.what();
      EXPECT_EQ(e.field(), c.field) << e.what();
    }
  }
}

// Lines are read with a bound: a file without line ends (or /dev/zero) is an error at line 1.
TEST(BadInput, LongLines) {
  test::TempDir dir;
  const auto path = dir.write("long_net.tntp", std::string(kMaxLineBytes + 10, 'x'));
  try {
    read_tntp_net(path, std::nullopt);
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("long_net.tntp:1:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("longer than"), std::string::npos) << e.what();
  }
  // A line of exactly the limit (and one across the internal chunks) still reads.
  const auto ok = dir.write("ok.txt", std::string(kMaxLineBytes, 'y') + "\r\nz");
  LineReader in(ok);
  std::string line;
  ASSERT_TRUE(in.next(line));
  EXPECT_EQ(line.size(), kMaxLineBytes);
  ASSERT_TRUE(in.next(line));
  EXPECT_EQ(line, "z");
  EXPECT_FALSE(in.next(line));
  if (std::filesystem::exists("/dev/zero")) {
    EXPECT_THROW(read_tntp_net("/dev/zero", std::nullopt), InputError);
    EXPECT_THROW(CsvReader("/dev/zero"), InputError);
  }
  // A quoted CSV field left open does not grow without bound either.
  std::string open_quote = "a,b\n1,\"";
  for (std::size_t i = 0; i < kMaxLineBytes / 1000 + 10; ++i)
    open_quote += std::string(999, 'q') + "\n";
  const auto csv = dir.write("open.csv", open_quote);
  try {
    CsvReader r(csv);
    while (r.next()) {
    }
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("open.csv:2:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ouflow::io
