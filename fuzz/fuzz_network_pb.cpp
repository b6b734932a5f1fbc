// read_network_pb (networks/io/network_pb.h), binary encoding: the input is a network.pb file.
// A binary file must carry the fingerprint of its content, so most mutations stop there;
// fuzz_network_pbtxt, whose files may drop the fingerprint, reaches the content rules.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "networks/io/network_pb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const auto path = fuzz::write_input("network.pb", fuzz::as_text(data, size));
  fuzz::expect_input_errors([&] { (void)io::read_network_pb(path, io::PbEncoding::kBinary); });
  return 0;
}
