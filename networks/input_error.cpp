#include "networks/input_error.h"

namespace ouflow {
namespace {

std::string format(const std::filesystem::path& path, std::size_t line, const std::string& field,
                   const std::string& what) {
  // Appends only: GCC 12 warns falsely (-Wrestrict) on chains of operator+ here.
  std::string s = path.string();
  if (line > 0) s.append(":").append(std::to_string(line));
  s.append(": ");
  if (!field.empty()) s.append("field '").append(field).append("': ");
  s.append(what);
  return s;
}

}  // namespace

InputError::InputError(std::filesystem::path path, std::size_t line, std::string field,
                       std::string what)
    : std::runtime_error(format(path, line, field, what)),
      path_(std::move(path)),
      line_(line),
      field_(std::move(field)),
      detail_(std::move(what)) {}

}  // namespace ouflow
