// load_scenario (scenarios/scenario.h): the input is a scenario file, s.pbtxt, in a folder that
// also holds a tiny GMNS network "net" (tests/scenarios/fixture.h's: four nodes, zones 1 and 4),
// written once. Inputs holding '/' or '\' are skipped, so that a fuzzed base or include path
// stays in that folder instead of reading whatever the machine holds; scenario names are looked
// up there too (OUFLOW_SCENARIO_DIR).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "fuzz/fuzz_common.h"
#include "scenarios/scenario.h"

namespace {

void write_tiny_network() {
  using ouflow::fuzz::write_input;
  std::filesystem::create_directories(ouflow::fuzz::scratch_dir() / "net");
  write_input("net/config.csv", "long_length,speed,crs\nmeter,kph,4326\n");
  write_input("net/node.csv",
              "node_id,x_coord,y_coord,zone_id\n"
              "1,0.0,0.0,1\n"
              "2,0.01,0.0,\n"
              "3,0.02,0.0,\n"
              "4,0.02,0.01,4\n");
  write_input("net/link.csv",
              "link_id,from_node_id,to_node_id,length,capacity,free_speed,lanes,facility_type,"
              "directed,name\n"
              "10,1,2,1112,800,45,2,arterial,false,A\n"
              "11,2,3,1112,800,45,2,arterial,false,A\n"
              "12,3,4,1112,600,35,1,collector,false,B\n"
              "13,2,3,1500,1800,100,2,expressway,true,E\n");
  write_input("net/zone.csv", "zone_id,name,population,jobs\n1,West,100,10\n4,North,200,20\n");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  static const bool ready = [] {
    write_tiny_network();
    setenv("OUFLOW_SCENARIO_DIR", fuzz::scratch_dir().c_str(), 1);
    return true;
  }();
  (void)ready;
  const std::string_view text = fuzz::as_text(data, size);
  if (text.find_first_of("/\\") != std::string_view::npos) return 0;
  const auto path = fuzz::write_input("s.pbtxt", text);
  fuzz::expect_input_errors([&] { (void)scenario::load_scenario(path); });
  return 0;
}
