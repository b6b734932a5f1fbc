// read_link_flows (sim/road/assignment_output.h): the input is a link-flow CSV for Sioux Falls'
// network (TNTP flow files, the reader's other format, are fuzz_tntp_flow's).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "sim/road/assignment_output.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const net::RoadNetwork& network = fuzz::sioux_falls();
  const auto path = fuzz::write_input("flows.csv", fuzz::as_text(data, size));
  fuzz::expect_input_errors([&] { (void)sim::read_link_flows(path, network); });
  return 0;
}
