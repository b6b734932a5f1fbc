#include "networks/io/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace ouflow::io {

AtomicOutput::AtomicOutput(std::filesystem::path target, bool binary)
    : target_(std::move(target)), temp_(target_.string() + ".tmp." + std::to_string(::getpid())) {
  out_.open(temp_, binary ? std::ios::out | std::ios::binary : std::ios::out);
  if (!out_) {
    throw std::runtime_error(target_.string() + ": cannot write: " + std::strerror(errno));
  }
  out_.precision(17);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicOutput::commit() {
  out_.flush();
  if (!out_) throw std::runtime_error(target_.string() + ": write failed");
  out_.close();
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec)
    throw std::runtime_error(target_.string() + ": cannot rename into place: " + ec.message());
  committed_ = true;
}

}  // namespace ouflow::io
