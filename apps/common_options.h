// Options shared by subcommands: how to read TNTP (units, coordinates, cost weights), and the
// process-wide --threads / --quiet.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "networks/io/network_files.h"
#include "sim/execution.h"

namespace ouflow::app {

struct InputOptions {
  std::string time_unit = "min";
  std::string length_unit = "mi";
  std::string speed_unit = "mph";
  std::string coordinates = "local";
  std::optional<double> toll_factor, distance_factor;
  bool no_siblings = false;

  void add_to(CLI::App& cmd);
  // Throws CLI::ValidationError on bad values (checked by CLI11 already, but defensive).
  io::ReadOptions read_options() const;
};

// Global options. The thread count is passed to the library explicitly (sim::Execution in the
// options of every parallel computation), not set on OpenMP's process-wide state.
struct GlobalOptions {
  int threads = 0;  // 0: all cores
  bool quiet = false;
  void add_to(CLI::App& app);
  void apply() const;
  sim::Execution execution() const { return {.threads = threads}; }
};

}  // namespace ouflow::app
