// CsvReader (networks/io/csv.h): the input's first byte picks the source (bit 0: a file, read
// as a stream; else the text in memory) and short-record padding (bit 1); the rest is the CSV.
// Every field of every record is read as text, as a number and as an integer.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz/fuzz_common.h"
#include "networks/io/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ouflow;
  if (size == 0) return 0;
  const bool from_file = (data[0] & 1) != 0;
  const bool pad = (data[0] & 2) != 0;
  const std::string_view text = fuzz::as_text(data + 1, size - 1);
  fuzz::expect_input_errors([&] {
    std::unique_ptr<io::CsvReader> csv =
        from_file ? std::make_unique<io::CsvReader>(fuzz::write_input("in.csv", text))
                  : std::make_unique<io::CsvReader>("in.csv", std::string(text));
    csv->set_pad_short_records(pad);
    (void)csv->column_any({"a", "b"});
    while (csv->next()) {
      for (std::size_t c = 0; c < csv->column_count(); ++c) {
        (void)csv->field(c);
        (void)csv->blank(c);
        fuzz::expect_input_errors([&] { (void)csv->number(c); });
        fuzz::expect_input_errors([&] { (void)csv->integer(c); });
      }
    }
  });
  return 0;
}
