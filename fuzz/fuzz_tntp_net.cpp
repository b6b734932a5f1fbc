// read_tntp_net (networks/io/tntp.h): the input is an X_net.tntp file, read without a node file.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "networks/io/tntp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const auto path = fuzz::write_input("x_net.tntp", fuzz::as_text(data, size));
  fuzz::expect_input_errors([&] { (void)io::read_tntp_net(path, std::nullopt); });
  return 0;
}
