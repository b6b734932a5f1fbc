#include "networks/progress.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace ouflow {
namespace {
std::atomic<bool> g_quiet{false};
}

void Progress::set_quiet(bool quiet) { g_quiet = quiet; }
bool Progress::enabled() { return !g_quiet && isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string label, std::uint64_t total)
    : label_(std::move(label)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() { finish(); }

void Progress::update(std::uint64_t done) {
  if (!enabled()) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(200)) {
    return;
  }
  last_ = now;
  shown_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (total_ > 0) {
    const double f = static_cast<double>(done) / static_cast<double>(total_);
    const double left = f > 0 ? elapsed * (1 - f) / f : 0.0;
    std::fprintf(stderr, "\r%s: %llu/%llu (%.0f%%), %.0f s left   ", label_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 100.0 * f, left);
  } else {
    std::fprintf(stderr, "\r%s: %llu, %.0f s   ", label_.c_str(),
                 static_cast<unsigned long long>(done), elapsed);
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (shown_) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "\r%s: done in %.1f s%30s\n", label_.c_str(), elapsed, "");
  }
}

}  // namespace ouflow
