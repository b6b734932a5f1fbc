// The seed of a randomised test: a fixed default, so that every run draws the same instances,
// overridable by the environment to try others:
//
//   OUFLOW_TEST_SEED=12345 ctest --preset ci -R RaptorReference
//
// While a TestSeed lives, every failure message of the test names the seed in force (as the line
// `OUFLOW_TEST_SEED=<n>`, a gtest trace), and the test's XML report records it (property
// ouflow_test_seed), so a failure can be reproduced by setting it.
//
//   TEST(Dijkstra, MatchesBellmanFord) {
//     const test::TestSeed seed(20240611);  // this file's default
//     Rng rng(seed.value() + 1);            // tests of one file may offset it
//     ...
//   }
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace ouflow::test {

// OUFLOW_TEST_SEED when set (a decimal unsigned integer), else `default_seed`.
inline std::uint64_t test_seed(std::uint64_t default_seed) {
  const char* env = std::getenv("OUFLOW_TEST_SEED");
  if (env == nullptr || *env == '\0') return default_seed;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(env, &end, 10);
  if (*end != '\0') {
    ADD_FAILURE() << "OUFLOW_TEST_SEED='" << env << "' is not a decimal unsigned integer";
    return default_seed;
  }
  return v;
}

class TestSeed {
 public:
  // The trace names the caller's line (std::source_location would do, but clang 14 cannot build
  // libstdc++ 12's: the builtins below are what it uses in GCC and clang alike).
  explicit TestSeed(std::uint64_t default_seed, const char* file = __builtin_FILE(),
                    int line = __builtin_LINE())
      : value_(test_seed(default_seed)),
        trace_(file, line, "OUFLOW_TEST_SEED=" + std::to_string(value_)) {
    ::testing::Test::RecordProperty("ouflow_test_seed", std::to_string(value_));
  }
  TestSeed(const TestSeed&) = delete;
  TestSeed& operator=(const TestSeed&) = delete;

  std::uint64_t value() const { return value_; }

 private:
  std::uint64_t value_;
  ::testing::ScopedTrace trace_;
};

}  // namespace ouflow::test
