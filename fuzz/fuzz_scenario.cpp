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
#include "tests/scenarios/tiny_network.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  static const bool ready = [] {
    test::write_tiny_network(fuzz::scratch_dir());
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
