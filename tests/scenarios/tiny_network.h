// The tiny GMNS network of tests/scenarios/fixture.h (its drawing and numbers are there), written
// into `dir`/net. Free of GoogleTest, so that the scenario fuzz target writes the same network.
#pragma once

#include <filesystem>
#include <fstream>

namespace ouflow::test {

inline void write_tiny_network(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "net");
  const auto write = [&](const char* name, const char* text) { std::ofstream(dir / name) << text; };
  write("net/config.csv", "long_length,speed,crs\nmeter,kph,4326\n");
  write("net/node.csv",
        "node_id,x_coord,y_coord,zone_id\n"
        "1,0.0,0.0,1\n"
        "2,0.01,0.0,\n"
        "3,0.02,0.0,\n"
        "4,0.02,0.01,4\n");
  write("net/link.csv",
        "link_id,from_node_id,to_node_id,length,capacity,free_speed,lanes,facility_type,"
        "directed,name\n"
        "10,1,2,1112,800,45,2,arterial,false,A\n"
        "11,2,3,1112,800,45,2,arterial,false,A\n"
        "12,3,4,1112,600,35,1,collector,false,B\n"
        "13,2,3,1500,1800,100,2,expressway,true,E\n");
  write("net/zone.csv", "zone_id,name,population,jobs\n1,West,100,10\n4,North,200,20\n");
}

}  // namespace ouflow::test
