// read_gtfs (networks/io/gtfs.h): the input is a GTFS feed as a zip archive.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "networks/io/gtfs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const auto path = fuzz::write_input("feed.zip", fuzz::as_text(data, size));
  io::GtfsReport report;
  fuzz::expect_input_errors([&] { (void)io::read_gtfs(path, report); });
  return 0;
}
