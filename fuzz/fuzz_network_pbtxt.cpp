// read_network_pb (networks/io/network_pb.h), text encoding: the input is a network.pbtxt file.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "networks/io/network_pb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const auto path = fuzz::write_input("network.pbtxt", fuzz::as_text(data, size));
  fuzz::expect_input_errors([&] { (void)io::read_network_pb(path, io::PbEncoding::kText); });
  return 0;
}
