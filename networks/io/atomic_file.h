// Output files appear whole or not at all: writing goes to a temporary file beside the target,
// which is renamed over the target on commit() and removed if commit() is never reached.
//
// Targets that are not regular files are never replaced:
//   - "-" writes to standard output;
//   - a character device or a FIFO (/dev/null, a named pipe) is written through, in place (there
//     is nothing to replace atomically);
//   - a symbolic link is followed: the file it points to is replaced atomically, the link stays;
//   - a directory, socket or block device is refused (std::runtime_error naming it).
#pragma once

#include <filesystem>
#include <fstream>
#include <ostream>

namespace ouflow::io {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path target, bool binary = false);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  std::ostream& stream() { return *stream_; }
  // Flushes, checks for write errors and renames; throws std::runtime_error on failure.
  void commit();

 private:
  enum class Mode { kReplace, kThrough, kStdout };
  std::filesystem::path target_, temp_;
  Mode mode_ = Mode::kReplace;
  std::ofstream out_;
  std::ostream* stream_ = &out_;
  bool committed_ = false;
};

}  // namespace ouflow::io
