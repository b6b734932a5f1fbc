// RFC 4180 comma-separated values: a streaming reader with exact locations for error messages,
// and a writer that quotes fields only where needed. Shared by the GMNS and GTFS readers.
//
// Reading:
//   - The first non-blank record is the header. Column names are trimmed of spaces and tabs, a
//     UTF-8 byte-order mark before the first one is dropped, and lookups are case-sensitive.
//     A non-empty name given twice is an error.
//   - Fields are separated by commas. A field whose first non-blank character is '"' is quoted:
//     it may hold commas, line breaks and doubled quotes ("" reads as "), and only blanks may
//     follow its closing quote. A quote inside an unquoted field is kept as a literal character.
//   - Records end at LF or CRLF. A line break inside a quoted field is read as a single '\n'.
//   - Lines that are empty or hold only blanks are skipped (outside quoted fields).
//   - A record with fewer or more fields than the header is an error naming the file and the
//     physical line where the record starts; so is a quoted field still open at end of file.
//   - Unquoted fields are returned as written (blanks included); the number parsers trim.
// Writing: LF line ends; a field is quoted when it holds a comma, a quote, CR or LF, or starts or
// ends with a blank; a lone empty field on a row is written as "" so the row is not blank.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "networks/io/text_input.h"

namespace ouflow::io {

class CsvReader {
 public:
  // Opens `path` and reads the header; throws InputError if the file cannot be opened, is
  // empty, or its header is malformed.
  explicit CsvReader(std::filesystem::path path);
  // Reads `contents` (e.g. an entry of a zip archive) as the file `name`, which messages show,
  // e.g. "feed.zip/stops.txt". Throws as above on an empty text or a malformed header.
  CsvReader(std::filesystem::path name, std::string contents);
  // Reads the stream `source` (e.g. an entry of a zip archive read in chunks) as the file `name`.
  // An InputError thrown by the stream buffer reaches the caller of next() unchanged.
  CsvReader(std::filesystem::path name, std::unique_ptr<std::streambuf> source);
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Off by default. When on, a record with fewer fields than the header is not an error: its
  // missing trailing fields read as empty (GTFS feeds often drop trailing empty fields), and
  // padded_fields() tells how many were missing. A record with too many fields stays an error.
  void set_pad_short_records(bool on) { pad_short_records_ = on; }
  // Fields the current record lacked and that were read as empty (0 unless padding is on).
  std::size_t padded_fields() const { return padded_fields_; }

  const std::filesystem::path& path() const { return path_; }
  // Physical line of the header row (1 unless blank lines precede it).
  std::size_t header_line() const { return header_line_; }
  const std::vector<std::string>& header() const { return header_; }
  std::size_t column_count() const { return header_.size(); }

  // Index of the column named exactly `name`.
  std::optional<std::size_t> column(std::string_view name) const;
  // The first of `names` present in the header (for variants such as vdf_alpha / VDF_alpha1).
  std::optional<std::size_t> column_any(std::initializer_list<std::string_view> names) const;
  // As column(), but a missing column throws InputError(path, header line, name, ...).
  std::size_t require_column(std::string_view name) const;
  const std::string& column_name(std::size_t column) const { return header_.at(column); }

  // Reads the next record. Returns false at end of file; throws InputError on a malformed or
  // ragged record. Field views stay valid until the next call.
  bool next();
  // Physical line where the current record starts.
  std::size_t line() const { return record_line_; }
  Location location() const { return {path_, record_line_}; }

  // The unescaped text of a field of the current record.
  std::string_view field(std::size_t column) const;
  // Empty when the column is absent.
  std::string_view field(std::optional<std::size_t> column) const;
  // True when the column is absent or the field holds only blanks.
  bool blank(std::optional<std::size_t> column) const;

  // Number parsing through parse_double / parse_int; errors name this file, the record's line
  // and the column's header name. A blank field is an error.
  double number(std::size_t column) const;
  std::int64_t integer(std::size_t column) const;
  // nullopt when the column is absent or the field is blank.
  std::optional<double> optional_number(std::optional<std::size_t> column) const;
  std::optional<std::int64_t> optional_integer(std::optional<std::size_t> column) const;

 private:
  // Splits the next record into buffer_/fields_. Returns false at end of file.
  bool read_record();
  bool read_physical_line(std::string& line);
  void read_header();

  std::filesystem::path path_;
  std::ifstream file_;
  std::istringstream text_;
  std::unique_ptr<std::streambuf> source_;
  std::unique_ptr<std::istream> source_stream_;
  std::istream* in_ = nullptr;  // file_, text_ or source_stream_
  bool pad_short_records_ = false;
  std::size_t padded_fields_ = 0;
  std::size_t physical_line_ = 0;  // lines consumed so far
  std::size_t header_line_ = 0;
  std::size_t record_line_ = 0;
  std::vector<std::string> header_;
  std::string buffer_;                                       // unescaped text of the record
  std::vector<std::pair<std::size_t, std::size_t>> fields_;  // offset, length into buffer_
  std::string line_;                                         // scratch
};

// Writes one CSV table. With a header, every row must have as many fields as the header
// (std::logic_error otherwise): a table that cannot be read back is never written.
class CsvWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out) {}
  CsvWriter(std::ostream& out, const std::vector<std::string>& header);

  CsvWriter& field(std::string_view text);
  CsvWriter& field(const char* text) { return field(std::string_view(text)); }
  CsvWriter& field(const std::string& text) { return field(std::string_view(text)); }
  // Shortest text that reads back as the same double; NaN writes an empty field.
  CsvWriter& field(double value);
  CsvWriter& field(std::int64_t value);
  // `value` rounded to `decimals` places, trailing zeros trimmed (format_rounded); NaN and
  // infinities write an empty field.
  CsvWriter& rounded(double value, int decimals);
  CsvWriter& field(std::int32_t value) { return field(static_cast<std::int64_t>(value)); }
  CsvWriter& empty_field() { return field(std::string_view()); }
  void end_row();

  // `text` as it appears in a CSV file: quoted and with quotes doubled when needed.
  static std::string escape(std::string_view text);
  static bool needs_quotes(std::string_view text);

 private:
  std::ostream& out_;
  std::size_t expected_fields_ = 0;  // 0: any
  std::size_t fields_in_row_ = 0;
  bool row_only_empty_ = true;
};

}  // namespace ouflow::io
