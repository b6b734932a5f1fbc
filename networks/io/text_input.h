// Line-oriented reading of text inputs with exact locations for error messages, and strict
// number parsing (no NaN, no infinity, no trailing letters).
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace ouflow::io {

// The longest line (or CSV record) the readers accept, end of line excluded: longer lines are an
// InputError naming the file and line rather than an unbounded allocation (e.g. /dev/zero).
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

// std::getline with a bound: reads the next line of `in` into `line` without its '\n'. Returns
// false at end of input with nothing read; throws InputError(path, line_number, "", ...) when the
// line is longer than `max_bytes`.
bool read_line_bounded(std::istream& in, std::string& line, const std::filesystem::path& path,
                       std::size_t line_number, std::size_t max_bytes = kMaxLineBytes);

// The whole of a text file read at once (scenario, GeoJSON): at most `max_bytes`, else an
// InputError naming the file; also for files that never end, such as /dev/zero.
inline constexpr std::size_t kMaxWholeFileBytes = std::size_t{256} << 20;
std::string read_text_file(const std::filesystem::path& path,
                           std::size_t max_bytes = kMaxWholeFileBytes);

class LineReader {
 public:
  // Throws InputError when the file cannot be opened.
  explicit LineReader(std::filesystem::path path);

  // Reads the next line without its end-of-line (LF or CRLF) and, on the first line, without a
  // UTF-8 byte-order mark. Returns false at end of file.
  bool next(std::string& line);
  std::size_t line_number() const { return line_; }
  std::uint64_t bytes_read() const { return bytes_; }
  std::uint64_t file_size() const { return size_; }
  // False for pipes and devices, whose file_size() is 0.
  bool size_known() const { return size_known_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::ifstream in_;
  std::size_t line_ = 0;
  std::uint64_t bytes_ = 0, size_ = 0;
  bool size_known_ = false;
};

// Where a value came from, for messages: "file:line: field 'capacity': ...".
struct Location {
  const std::filesystem::path& path;
  std::size_t line;
};

double parse_double(std::string_view text, const Location& at, std::string_view field);
std::int64_t parse_int(std::string_view text, const Location& at, std::string_view field);

// Splits on runs of spaces and tabs; empty tokens are dropped.
std::vector<std::string_view> split_whitespace(std::string_view s);
std::string_view trim(std::string_view s);

// Shortest text that reads back as the same double.
std::string format_double(double v);
// `v` rounded to `decimals` places (0-9), trailing zeros and a trailing point dropped, "-0"
// written as "0": 12.3456 -> "12.35" (2), 3.0 -> "3", 1e6 -> "1000000". For output files whose
// readers want sensible precision, not round-trip text; `v` must be finite.
std::string format_rounded(double v, int decimals);

}  // namespace ouflow::io
