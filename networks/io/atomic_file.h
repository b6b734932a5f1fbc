// Output files appear whole or not at all: writing goes to a temporary file beside the target,
// which is renamed over the target on commit() and removed if commit() is never reached.
//
// Targets that are not regular files are never replaced:
//   - "-" writes to standard output;
//   - a character device or a FIFO (/dev/null, a named pipe) is written through, in place (there
//     is nothing to replace atomically);
//   - a symbolic link is followed: the file it points to is replaced atomically, the link stays;
//   - a directory, socket or block device is refused (std::runtime_error naming it).
//
// A set of files (a GMNS folder, an evaluation folder, the outputs of one `assign`) appears whole
// or not at all too: while an OutputSet is open on a thread, every AtomicOutput committed on that
// thread only checks its temporary; the set renames them all into place on its own commit(), and
// removes them all when it is destroyed uncommitted (an error, an exception). Two outputs of one
// set naming the same file are an error. On SIGINT, SIGTERM or SIGHUP, the temporaries of every
// open output are removed before the process ends (remove_temporaries_on_signals()).
#pragma once

#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

namespace ouflow::io {

class OutputSet;

// A stream buffer over a file descriptor that remembers why a write failed (errno of the first
// failed write(2): "No space left on device", not just "write failed").
class FileBuffer : public std::streambuf {
 public:
  FileBuffer() = default;
  ~FileBuffer() override;
  FileBuffer(const FileBuffer&) = delete;
  FileBuffer& operator=(const FileBuffer&) = delete;
  bool open(const std::filesystem::path& path);  // false with errno set
  bool close();                                  // flushes; false on any failure
  int error() const { return error_; }           // errno of the first failure, 0 if none

 protected:
  int_type overflow(int_type c) override;
  int sync() override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  bool flush_buffer();
  int fd_ = -1;
  int error_ = 0;
  char buffer_[1 << 16];
};

class AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path target, bool binary = false);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  std::ostream& stream() { return *stream_; }
  // Flushes, checks for write errors (naming the cause, e.g. "No space left on device") and
  // renames, or hands the temporary to the open OutputSet; throws std::runtime_error on failure.
  void commit();

 private:
  enum class Mode { kReplace, kThrough, kStdout };
  std::filesystem::path target_, temp_;
  Mode mode_ = Mode::kReplace;
  FileBuffer buffer_;
  std::ostream out_{&buffer_};
  std::ostream* stream_ = &out_;
  bool committed_ = false;
  int signal_slot_ = -1;  // where the signal handler finds temp_
};

// Files written as one: see above. Open one per output set, on the thread that writes it; sets
// nest (an inner set's files join the outer set's commit).
class OutputSet {
 public:
  // kJoin: inside an open set, this set's files are renamed with the enclosing set's.
  // kIndependent: renamed on this set's own commit whatever encloses it (e.g. one proposal's
  // folder of a batch, kept even when another proposal fails).
  enum class Nesting { kJoin, kIndependent };
  explicit OutputSet(Nesting nesting = Nesting::kJoin);
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // Renames every file of the set into place (or hands them to the enclosing set).
  void commit();

  // The set open on this thread, or null.
  static OutputSet* current();

 private:
  friend class AtomicOutput;
  struct File {
    std::filesystem::path temp, target;
    int signal_slot = -1;
  };
  // Throws std::invalid_argument when `target` is already an output of this set (or an outer
  // one).
  void claim(const std::filesystem::path& target);
  void adopt(File f);
  std::vector<std::filesystem::path> claimed_;
  std::vector<File> files_;
  OutputSet* previous_ = nullptr;  // the set open on this thread before this one
  OutputSet* outer_ = nullptr;     // the set that renames this one's files (kJoin), or null
  bool committed_ = false;
};

// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporaries of every output not
// yet in place, then end the process by the same signal (exit status 128 + signal).
void remove_temporaries_on_signals();

}  // namespace ouflow::io
