#include "networks/io/csv.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <unordered_set>

#include "networks/input_error.h"

namespace ouflow::io {
namespace {

bool is_blank_char(char c) { return c == ' ' || c == '\t'; }

bool all_blank(std::string_view s) {
  for (char c : s) {
    if (!is_blank_char(c)) return false;
  }
  return true;
}

}  // namespace

CsvReader::CsvReader(std::filesystem::path path) : path_(std::move(path)) {
  if (std::filesystem::is_directory(path_)) {
    throw InputError(path_, 0, "", "is a directory, expected a CSV file");
  }
  file_.open(path_, std::ios::binary);
  if (!file_) throw InputError(path_, 0, "", std::string("cannot open: ") + std::strerror(errno));
  in_ = &file_;
  read_header();
}

CsvReader::CsvReader(std::filesystem::path name, std::string contents)
    : path_(std::move(name)), text_(std::move(contents)), in_(&text_) {
  read_header();
}

CsvReader::CsvReader(std::filesystem::path name, std::unique_ptr<std::streambuf> source)
    : path_(std::move(name)),
      source_(std::move(source)),
      source_stream_(std::make_unique<std::istream>(source_.get())),
      in_(source_stream_.get()) {
  // Let the buffer's own errors (e.g. a corrupt zip entry) through instead of a bare badbit.
  source_stream_->exceptions(std::ios::badbit);
  read_header();
}

void CsvReader::read_header() {
  if (!read_record()) throw InputError(path_, 0, "", "empty file: expected a header row");
  header_line_ = record_line_;
  header_.reserve(fields_.size());
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    header_.emplace_back(trim(field(i)));
  }
  for (const std::string& name : header_) {
    if (!name.empty() && !seen.insert(name).second) {
      throw InputError(path_, header_line_, name, "column appears twice in the header");
    }
  }
  record_line_ = 0;
  buffer_.clear();
  fields_.clear();
}

std::optional<std::size_t> CsvReader::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> CsvReader::column_any(
    std::initializer_list<std::string_view> names) const {
  for (std::string_view name : names) {
    if (auto c = column(name)) return c;
  }
  return std::nullopt;
}

std::size_t CsvReader::require_column(std::string_view name) const {
  if (auto c = column(name)) return *c;
  throw InputError(path_, header_line_, std::string(name), "missing column");
}

bool CsvReader::next() {
  if (!read_record()) return false;
  padded_fields_ = 0;
  if (pad_short_records_ && fields_.size() < header_.size()) {
    padded_fields_ = header_.size() - fields_.size();
    while (fields_.size() < header_.size()) fields_.emplace_back(buffer_.size(), 0);
  }
  if (fields_.size() != header_.size()) {
    throw InputError(path_, record_line_, "",
                     "record has " + std::to_string(fields_.size()) + " fields, the header has " +
                         std::to_string(header_.size()));
  }
  return true;
}

std::string_view CsvReader::field(std::size_t column) const {
  const auto [offset, length] = fields_.at(column);
  return std::string_view(buffer_).substr(offset, length);
}

std::string_view CsvReader::field(std::optional<std::size_t> column) const {
  return column ? field(*column) : std::string_view();
}

bool CsvReader::blank(std::optional<std::size_t> column) const { return all_blank(field(column)); }

double CsvReader::number(std::size_t column) const {
  return parse_double(field(column), location(), header_.at(column));
}

std::int64_t CsvReader::integer(std::size_t column) const {
  return parse_int(field(column), location(), header_.at(column));
}

std::optional<double> CsvReader::optional_number(std::optional<std::size_t> column) const {
  if (blank(column)) return std::nullopt;
  return number(*column);
}

std::optional<std::int64_t> CsvReader::optional_integer(std::optional<std::size_t> column) const {
  if (blank(column)) return std::nullopt;
  return integer(*column);
}

bool CsvReader::read_physical_line(std::string& line) {
  if (!read_line_bounded(*in_, line, path_, physical_line_ + 1)) return false;
  ++physical_line_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (physical_line_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  return true;
}

bool CsvReader::read_record() {
  buffer_.clear();
  fields_.clear();
  do {
    if (!read_physical_line(line_)) return false;
  } while (all_blank(line_));
  record_line_ = physical_line_;

  // Name of the field being read, for messages (empty while reading the header).
  auto current_field = [this]() -> std::string {
    return fields_.size() < header_.size() ? header_[fields_.size()] : std::string();
  };

  std::size_t pos = 0;  // start of the next field in line_
  for (;;) {
    const std::size_t start = buffer_.size();
    std::size_t p = pos;
    while (p < line_.size() && is_blank_char(line_[p])) ++p;
    if (p < line_.size() && line_[p] == '"') {
      ++p;
      for (;;) {
        if (p >= line_.size()) {
          // The quoted field continues on the next physical line.
          buffer_.push_back('\n');
          if (buffer_.size() > kMaxLineBytes) {
            throw InputError(path_, record_line_, current_field(),
                             "record is longer than " + std::to_string(kMaxLineBytes) +
                                 " bytes (is a quoted field left open?)");
          }
          if (!read_physical_line(line_)) {
            throw InputError(path_, record_line_, current_field(),
                             "quoted field is not closed before the end of the file");
          }
          p = 0;
          continue;
        }
        const char c = line_[p];
        if (c == '"') {
          if (p + 1 < line_.size() && line_[p + 1] == '"') {
            buffer_.push_back('"');
            p += 2;
            continue;
          }
          ++p;  // closing quote
          break;
        }
        buffer_.push_back(c);
        ++p;
      }
      while (p < line_.size() && is_blank_char(line_[p])) ++p;
      if (p < line_.size() && line_[p] != ',') {
        throw InputError(path_, physical_line_, current_field(),
                         std::string("unexpected character '") + line_[p] +
                             "' after the closing quote of a field");
      }
    } else {
      std::size_t end = line_.find(',', pos);
      if (end == std::string::npos) end = line_.size();
      buffer_.append(line_, pos, end - pos);
      p = end;
    }
    fields_.emplace_back(start, buffer_.size() - start);
    if (p >= line_.size()) break;
    pos = p + 1;  // past the comma; a comma at the end of the line leaves one empty field
  }
  return true;
}

CsvWriter::CsvWriter(std::ostream& out, const std::vector<std::string>& header) : out_(out) {
  for (const std::string& name : header) field(name);
  end_row();
  expected_fields_ = header.size();
}

bool CsvWriter::needs_quotes(std::string_view text) {
  if (text.empty()) return false;
  if (is_blank_char(text.front()) || is_blank_char(text.back())) return true;
  return text.find_first_of(",\"\r\n") != std::string_view::npos;
}

std::string CsvWriter::escape(std::string_view text) {
  if (!needs_quotes(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

CsvWriter& CsvWriter::field(std::string_view text) {
  if (fields_in_row_ > 0) out_ << ',';
  out_ << escape(text);
  ++fields_in_row_;
  if (!text.empty()) row_only_empty_ = false;
  return *this;
}

CsvWriter& CsvWriter::field(double value) {
  if (std::isnan(value)) return field(std::string_view());  // unknown
  return field(format_double(value));
}

CsvWriter& CsvWriter::rounded(double value, int decimals) {
  if (!std::isfinite(value)) return field(std::string_view());
  return field(format_rounded(value, decimals));
}

CsvWriter& CsvWriter::field(std::int64_t value) { return field(std::to_string(value)); }

void CsvWriter::end_row() {
  if (expected_fields_ > 0 && fields_in_row_ != expected_fields_) {
    throw std::logic_error("CSV row has " + std::to_string(fields_in_row_) +
                           " fields, the header has " + std::to_string(expected_fields_));
  }
  // A row of one empty field would be a blank line, which readers skip.
  if (fields_in_row_ == 1 && row_only_empty_) out_ << "\"\"";
  out_ << '\n';
  fields_in_row_ = 0;
  row_only_empty_ = true;
}

}  // namespace ouflow::io
