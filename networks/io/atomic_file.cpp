#include "networks/io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

namespace ouflow::io {
namespace fs = std::filesystem;

namespace {

// The temporaries a signal handler removes: fixed slots, so that the handler neither allocates
// nor follows pointers that another thread may free (unlink is async-signal-safe). Best effort:
// an output that finds no free slot is still removed by its destructor, only not on a signal.
constexpr int kSignalSlots = 256;
constexpr std::size_t kSlotPath = 4096;
struct SignalSlot {
  std::atomic<int> state{0};  // 0 free, 1 being filled, 2 holds a path
  char path[kSlotPath];
};
SignalSlot g_slots[kSignalSlots];

int register_temporary(const fs::path& temp) {
  const std::string& s = temp.native();
  if (s.size() >= kSlotPath) return -1;
  for (int i = 0; i < kSignalSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].path, s.c_str(), s.size() + 1);
      g_slots[i].state.store(2);
      return i;
    }
  }
  return -1;
}

void release_temporary(int slot) {
  if (slot >= 0) g_slots[slot].state.store(0);
}

extern "C" void remove_temporaries_and_reraise(int sig) {
  for (SignalSlot& s : g_slots) {
    if (s.state.load() == 2) ::unlink(s.path);
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

thread_local OutputSet* t_current_set = nullptr;

// "PATH: write failed: CAUSE" with the cause errno gives, when it gives one.
std::runtime_error write_failed(const fs::path& target, int err) {
  return std::runtime_error(target.string() + ": write failed" +
                            (err != 0 ? std::string(": ") + std::strerror(err) : std::string()));
}

}  // namespace

FileBuffer::~FileBuffer() { close(); }

bool FileBuffer::open(const fs::path& path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) return false;
  setp(buffer_, buffer_ + sizeof buffer_);
  return true;
}

bool FileBuffer::flush_buffer() {
  const char* p = pbase();
  while (p < pptr()) {
    const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (error_ == 0) error_ = n < 0 ? errno : EIO;
      setp(buffer_, buffer_ + sizeof buffer_);
      return false;
    }
    p += n;
  }
  setp(buffer_, buffer_ + sizeof buffer_);
  return true;
}

FileBuffer::int_type FileBuffer::overflow(int_type c) {
  if (fd_ < 0 || !flush_buffer()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize FileBuffer::xsputn(const char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    if (pptr() == epptr() && (fd_ < 0 || !flush_buffer())) return done;
    const std::streamsize room = std::min<std::streamsize>(epptr() - pptr(), n - done);
    std::memcpy(pptr(), s + done, static_cast<std::size_t>(room));
    pbump(static_cast<int>(room));
    done += room;
  }
  return done;
}

int FileBuffer::sync() { return fd_ >= 0 && flush_buffer() ? 0 : -1; }

bool FileBuffer::close() {
  if (fd_ < 0) return error_ == 0;
  const bool flushed = flush_buffer();
  if (::close(fd_) != 0 && error_ == 0) error_ = errno;
  fd_ = -1;
  return flushed && error_ == 0;
}

void remove_temporaries_on_signals() {
  struct sigaction sa {};
  sa.sa_handler = remove_temporaries_and_reraise;
  sigemptyset(&sa.sa_mask);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

AtomicOutput::AtomicOutput(fs::path target, bool binary) : target_(std::move(target)) {
  (void)binary;  // POSIX: text and binary are the same bytes
  if (target_ == "-") {
    mode_ = Mode::kStdout;
    stream_ = &std::cout;
    std::cout.precision(17);
    return;
  }
  std::error_code ec;
  fs::path path = target_;
  // Follow symbolic links to the file they name (which may not exist yet: a dangling link).
  for (int hops = 0; fs::is_symlink(fs::symlink_status(path, ec)); ++hops) {
    const fs::path to = fs::read_symlink(path, ec);
    if (ec || hops == 40) {
      throw std::runtime_error(target_.string() + ": cannot follow the link" +
                               (ec ? ": " + ec.message() : std::string(": too many levels")));
    }
    path = to.is_absolute() ? to : path.parent_path() / to;
  }
  const fs::file_status st = fs::status(path, ec);
  switch (st.type()) {
    case fs::file_type::not_found:
    case fs::file_type::regular:
      break;
    case fs::file_type::character:
    case fs::file_type::fifo:
      mode_ = Mode::kThrough;
      break;
    default:
      throw std::runtime_error(target_.string() +
                               ": not a regular file (a directory, socket or block device); "
                               "give a file path, or - for standard output");
  }
  bool opened = false;
  if (mode_ == Mode::kThrough) {
    opened = buffer_.open(path);
  } else {
    if (OutputSet* set = OutputSet::current()) set->claim(path);
    temp_ = path.string() + ".tmp." + std::to_string(::getpid());
    signal_slot_ = register_temporary(temp_);
    opened = buffer_.open(temp_);
  }
  if (!opened) {
    const int err = errno;
    release_temporary(signal_slot_);
    signal_slot_ = -1;
    throw std::runtime_error(target_.string() + ": cannot write: " + std::strerror(err));
  }
  target_ = path;
  out_.precision(17);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_ && mode_ == Mode::kReplace) {
    buffer_.close();
    std::error_code ec;
    fs::remove(temp_, ec);
    release_temporary(signal_slot_);
  }
}

void AtomicOutput::commit() {
  if (mode_ == Mode::kStdout) {
    std::cout.flush();
    if (!std::cout) throw write_failed("standard output", 0);
    committed_ = true;
    return;
  }
  if (!out_ || !buffer_.close()) throw write_failed(target_, buffer_.error());
  if (mode_ == Mode::kReplace) {
    if (OutputSet* set = OutputSet::current()) {
      set->adopt({temp_, target_, signal_slot_});  // renamed with the set
    } else {
      std::error_code ec;
      fs::rename(temp_, target_, ec);
      if (ec) {
        throw std::runtime_error(target_.string() + ": cannot rename into place: " + ec.message());
      }
      release_temporary(signal_slot_);
    }
  }
  committed_ = true;
}

OutputSet::OutputSet(Nesting nesting)
    : previous_(t_current_set), outer_(nesting == Nesting::kJoin ? t_current_set : nullptr) {
  t_current_set = this;
}

OutputSet::~OutputSet() {
  t_current_set = previous_;
  if (committed_) return;
  for (const File& f : files_) {
    std::error_code ec;
    fs::remove(f.temp, ec);
    release_temporary(f.signal_slot);
  }
}

OutputSet* OutputSet::current() { return t_current_set; }

void OutputSet::claim(const fs::path& target) {
  std::error_code ec;
  fs::path key = fs::weakly_canonical(target, ec);
  if (ec) key = fs::absolute(target, ec).lexically_normal();
  for (const OutputSet* s = this; s != nullptr; s = s->outer_) {
    if (std::find(s->claimed_.begin(), s->claimed_.end(), key) != s->claimed_.end()) {
      throw std::invalid_argument(
          target.string() + ": two outputs of this run name the same file; give each its own");
    }
  }
  claimed_.push_back(std::move(key));
}

void OutputSet::adopt(File f) { files_.push_back(std::move(f)); }

void OutputSet::commit() {
  if (outer_ != nullptr) {  // the enclosing set renames them
    for (File& f : files_) outer_->adopt(std::move(f));
    for (fs::path& p : claimed_) outer_->claimed_.push_back(std::move(p));
    files_.clear();
    committed_ = true;
    return;
  }
  for (std::size_t i = 0; i < files_.size(); ++i) {
    std::error_code ec;
    fs::rename(files_[i].temp, files_[i].target, ec);
    if (ec) {
      files_.erase(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(i));
      throw std::runtime_error(files_[0].target.string() +
                               ": cannot rename into place: " + ec.message());
    }
    release_temporary(files_[i].signal_slot);
  }
  files_.clear();
  committed_ = true;
}

}  // namespace ouflow::io
