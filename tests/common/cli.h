// Running the `ouflow` binary from a test, as a user does: arguments, exit code, stdout, stderr.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/common/temp_dir.h"

namespace ouflow::test {

struct CommandResult {
  int code;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `env` is prefixed to the command line (e.g. "OUFLOW_SCENARIO_DIR=..."); output goes through
// files in `dir`.
inline CommandResult run_ouflow(const std::string& args, const TempDir& dir,
                                const std::string& env = "") {
  const auto out = dir.path() / "stdout.txt", err = dir.path() / "stderr.txt";
  const std::string cmd = env + " " + std::string(OUFLOW_BINARY) + " " + args + " >" +
                          out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace ouflow::test
