// read_tntp_net (networks/io/tntp.h) with a node file: the input is the node file of Sioux Falls'
// network, read with local coordinates and again as WGS84 lon/lat (projected to UTM).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "networks/io/tntp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const auto path = fuzz::write_input("x_node.tntp", fuzz::as_text(data, size));
  for (io::TntpCoordinates c : {io::TntpCoordinates::kLocal, io::TntpCoordinates::kWgs84}) {
    io::TntpOptions options;
    options.coordinates = c;
    fuzz::expect_input_errors(
        [&] { (void)io::read_tntp_net(fuzz::sioux_falls_net_file(), path, options); });
  }
  return 0;
}
