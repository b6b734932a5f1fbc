#include "networks/io/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

namespace ouflow::io {
namespace fs = std::filesystem;

AtomicOutput::AtomicOutput(fs::path target, bool binary) : target_(std::move(target)) {
  const auto mode = binary ? std::ios::out | std::ios::binary : std::ios::out;
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
  if (mode_ == Mode::kThrough) {
    out_.open(path, mode);
  } else {
    temp_ = path.string() + ".tmp." + std::to_string(::getpid());
    out_.open(temp_, mode);
  }
  if (!out_) {
    throw std::runtime_error(target_.string() + ": cannot write: " + std::strerror(errno));
  }
  target_ = path;
  out_.precision(17);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_ && mode_ == Mode::kReplace) {
    out_.close();
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicOutput::commit() {
  stream_->flush();
  if (!*stream_) throw std::runtime_error(target_.string() + ": write failed");
  if (mode_ == Mode::kReplace) {
    out_.close();
    std::error_code ec;
    fs::rename(temp_, target_, ec);
    if (ec) {
      throw std::runtime_error(target_.string() + ": cannot rename into place: " + ec.message());
    }
  } else if (mode_ == Mode::kThrough) {
    out_.close();
    if (!out_) throw std::runtime_error(target_.string() + ": write failed");
  }
  committed_ = true;
}

}  // namespace ouflow::io
