// Progress of long work on stderr: shown only on a terminal, only after the work has run for a
// second, at most a few updates a second; silent when stderr is piped or when quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ouflow {

class Progress {
 public:
  Progress(std::string label, std::uint64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Thread-safe only from one thread at a time; call it from the serial part of a loop.
  void update(std::uint64_t done);
  void finish();

  // Process-wide switch set by --quiet.
  static void set_quiet(bool quiet);
  static bool enabled();

 private:
  std::string label_;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point start_, last_;
  bool shown_ = false;
  bool finished_ = false;
};

}  // namespace ouflow
