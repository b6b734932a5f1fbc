// Private to ouflow::scenarios: a place in a parsed scenario file (the file, the parse-location
// tree of one message, and the field path leading to it), for errors naming file, line and field.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "networks/input_error.h"

namespace ouflow::scenario::internal {

class Where {
 public:
  using Tree = google::protobuf::TextFormat::ParseInfoTree;

  Where(const std::filesystem::path& file, const Tree* tree,
        const google::protobuf::Descriptor* descriptor, std::string path, std::size_t line)
      : file_(&file), tree_(tree), d_(descriptor), path_(std::move(path)), line_(line) {}

  const std::filesystem::path& file() const { return *file_; }
  // Line (1-based) where this message starts; 0 for the file as a whole.
  std::size_t line() const { return line_; }

  // The nested message `field` (element `index` of a repeated field, -1 otherwise).
  Where at(std::string_view field, int index = -1) const {
    const auto* f = field_of(field);
    const Tree* nested = tree_ == nullptr ? nullptr : tree_->GetTreeForNested(f, index);
    const std::size_t l = line_of(field, index);
    return Where(*file_, nested, f->message_type(), field_path(field, index), l > 0 ? l : line_);
  }

  // Whether the field was written in the file (even with its default value).
  bool written(std::string_view field) const {
    return tree_ != nullptr &&
           tree_->GetLocation(field_of(field), field_of(field)->is_repeated() ? 0 : -1).line >= 0;
  }

  // Line of the field's value; element `index` of a repeated field (falls back to the first
  // element, as a list "f: [a, b]" records one location), else this message's line.
  std::size_t line_of(std::string_view field, int index = -1) const {
    if (tree_ == nullptr) return line_;
    const auto* f = field_of(field);
    auto at = tree_->GetLocation(f, f->is_repeated() ? (index < 0 ? 0 : index) : -1);
    if (at.line < 0 && f->is_repeated()) at = tree_->GetLocation(f, 0);
    return at.line < 0 ? line_ : static_cast<std::size_t>(at.line) + 1;
  }

  std::string field_path(std::string_view field, int index = -1) const {
    std::string p = path_;
    if (!p.empty()) p += '.';
    p += field;
    if (index >= 0) p += "[" + std::to_string(index) + "]";
    return p;
  }

  [[noreturn]] void fail(std::string_view field, const std::string& what) const {
    throw InputError(*file_, line_of(field), field_path(field), what);
  }
  [[noreturn]] void fail(std::string_view field, int index, const std::string& what) const {
    throw InputError(*file_, line_of(field, index), field_path(field, index), what);
  }
  // An error about this message as a whole.
  [[noreturn]] void fail_here(const std::string& what) const {
    throw InputError(*file_, line_, path_, what);
  }

 private:
  const google::protobuf::FieldDescriptor* field_of(std::string_view name) const {
    const auto* f = d_->FindFieldByName(std::string(name));
    if (f == nullptr) {
      throw InvariantError("scenario schema has no field '" + std::string(name) + "' in " +
                           d_->full_name());
    }
    return f;
  }

  const std::filesystem::path* file_;
  const Tree* tree_;
  const google::protobuf::Descriptor* d_;
  std::string path_;
  std::size_t line_;
};

}  // namespace ouflow::scenario::internal
