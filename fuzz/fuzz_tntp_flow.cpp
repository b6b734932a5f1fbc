// read_tntp_flow (networks/io/tntp.h): the input is a flow file for Sioux Falls' network.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "networks/io/tntp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const net::RoadNetwork& network = fuzz::sioux_falls();
  const auto path = fuzz::write_input("x_flow.tntp", fuzz::as_text(data, size));
  fuzz::expect_input_errors([&] { (void)io::read_tntp_flow(path, network); });
  return 0;
}
