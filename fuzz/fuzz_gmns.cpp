// read_gmns (networks/io/gmns.h): the input is a GMNS folder written as one text, each file after
// a line "--- NAME" (fuzz_common.h, write_folder), e.g. "--- node.csv\n...\n--- link.csv\n...".
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "networks/io/gmns.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const auto dir =
      fuzz::write_folder("gmns", fuzz::as_text(data, size),
                         {"node.csv", "link.csv", "config.csv", "zone.csv", "demand.csv"});
  fuzz::expect_input_errors([&] { (void)io::read_gmns(dir); });
  return 0;
}
