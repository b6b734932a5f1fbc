// Output files appear whole or not at all: writing goes to a temporary file beside the target,
// which is renamed over the target on commit() and removed if commit() is never reached.
#pragma once

#include <filesystem>
#include <fstream>

namespace ouflow::io {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path target, bool binary = false);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  std::ostream& stream() { return out_; }
  // Flushes, checks for write errors and renames; throws std::runtime_error on failure.
  void commit();

 private:
  std::filesystem::path target_, temp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace ouflow::io
