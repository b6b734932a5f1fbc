// read_gtfs (networks/io/gtfs.h): the input is a GTFS feed folder written as one text, each file
// after a line "--- NAME" (fuzz_common.h, write_folder), e.g. "--- stops.txt\n...". Reaches the
// feed's rules faster than fuzz_gtfs_zip, whose mutations mostly break the archive.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"
#include "networks/io/gtfs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  const auto dir = fuzz::write_folder(
      "feed", fuzz::as_text(data, size),
      {"agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt", "calendar.txt",
       "calendar_dates.txt", "frequencies.txt", "transfers.txt", "shapes.txt"});
  io::GtfsReport report;
  fuzz::expect_input_errors([&] { (void)io::read_gtfs(dir, report); });
  return 0;
}
