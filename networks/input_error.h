// Errors in input files: every message names the file, the line and, where known, the field.
#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace ouflow {

class InputError : public std::runtime_error {
 public:
  // line 0 means "the file as a whole" (e.g. missing metadata, count mismatch).
  InputError(std::filesystem::path path, std::size_t line, std::string field, std::string what);

  const std::filesystem::path& path() const { return path_; }
  std::size_t line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& detail() const { return detail_; }

 private:
  std::filesystem::path path_;
  std::size_t line_;
  std::string field_;
  std::string detail_;
};

// A violated invariant of an in-memory structure (a bug or a corrupt binary file).
class InvariantError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace ouflow
