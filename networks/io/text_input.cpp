#include "networks/io/text_input.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "networks/input_error.h"

namespace ouflow::io {

LineReader::LineReader(std::filesystem::path path) : path_(std::move(path)) {
  if (std::filesystem::is_directory(path_)) {
    throw InputError(path_, 0, "", "is a directory, expected a file");
  }
  in_.open(path_, std::ios::binary);
  if (!in_) throw InputError(path_, 0, "", std::string("cannot open: ") + std::strerror(errno));
  std::error_code ec;
  size_ = std::filesystem::file_size(path_, ec);
  size_known_ = !ec && std::filesystem::is_regular_file(path_, ec) && !ec;
  if (!size_known_) size_ = 0;
}

bool read_line_bounded(std::istream& in, std::string& line, const std::filesystem::path& path,
                       std::size_t line_number, std::size_t max_bytes) {
  line.clear();
  const std::size_t limit = max_bytes + 1;  // room for the CR of a CRLF line end
  char chunk[1 << 16];
  for (;;) {
    in.getline(chunk, sizeof chunk);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (in.bad()) throw InputError(path, line_number, "", "read error");
    if (in.eof()) {
      line.append(chunk, got);
      if (line.size() > limit) break;
      return got > 0 || !line.empty();
    }
    if (!in.fail()) {  // the delimiter was read (and counted)
      line.append(chunk, got - 1);
      if (line.size() > limit) break;
      return true;
    }
    // The chunk filled up before the end of the line.
    line.append(chunk, got);
    in.clear(in.rdstate() & ~std::ios::failbit);
    if (line.size() > limit) break;
  }
  throw InputError(path, line_number, "",
                   "line is longer than " + std::to_string(max_bytes) +
                       " bytes (is this a text file of the expected format?)");
}

std::string read_text_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path, 0, "", "is a directory, expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", std::string("cannot open: ") + std::strerror(errno));
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw InputError(
          path, 0, "",
          "is larger than " + std::to_string(max_bytes >> 20) + " MiB, the most this reader takes");
    }
  }
  if (in.bad()) throw InputError(path, 0, "", "read error");
  return text;
}

bool LineReader::next(std::string& line) {
  if (!read_line_bounded(in_, line, path_, line_ + 1)) return false;
  ++line_;
  bytes_ += line.size() + 1;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  return true;
}

double parse_double(std::string_view text, const Location& at, std::string_view field) {
  const std::string_view t = trim(text);
  if (t.empty()) throw InputError(at.path, at.line, std::string(field), "missing value");
  double v = 0.0;
  const char* first = t.data();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, t.data() + t.size(), v);
  if (ec == std::errc::result_out_of_range) {
    throw InputError(at.path, at.line, std::string(field),
                     "value '" + std::string(t) + "' is out of range");
  }
  if (ec != std::errc{} || ptr != t.data() + t.size()) {
    throw InputError(at.path, at.line, std::string(field),
                     "'" + std::string(t) + "' is not a number");
  }
  if (!std::isfinite(v)) {
    throw InputError(at.path, at.line, std::string(field),
                     "value '" + std::string(t) + "' is not a finite number");
  }
  return v;
}

std::int64_t parse_int(std::string_view text, const Location& at, std::string_view field) {
  const std::string_view t = trim(text);
  if (t.empty()) throw InputError(at.path, at.line, std::string(field), "missing value");
  std::int64_t v = 0;
  const char* first = t.data();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, t.data() + t.size(), v);
  if (ec == std::errc{} && ptr == t.data() + t.size()) return v;
  // Accept integral values written as decimals ("3.0"), as some TNTP files do.
  double d = 0.0;
  auto [p2, e2] = std::from_chars(first, t.data() + t.size(), d);
  if (e2 == std::errc{} && p2 == t.data() + t.size() && std::isfinite(d) && d == std::floor(d) &&
      std::fabs(d) < 9e15) {
    return static_cast<std::int64_t>(d);
  }
  throw InputError(at.path, at.line, std::string(field),
                   "'" + std::string(t) + "' is not an integer");
}

std::vector<std::string_view> split_whitespace(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string format_double(double v) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ptr);
}

std::string format_rounded(double v, int decimals) {
  decimals = std::clamp(decimals, 0, 9);
  char buf[400];  // the largest double printed in fixed notation has 309 digits
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string s(buf, ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

}  // namespace ouflow::io
