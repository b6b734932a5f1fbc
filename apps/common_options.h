// Options shared by subcommands, so that the same thing is asked the same way everywhere:
// how to read TNTP (units, coordinates, cost weights), the network argument (positional or
// --net, a file or a scenario), a point (LAT,LON), the routing mode, and the process-wide
// --threads / --quiet.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "networks/geo.h"
#include "networks/model.h"

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

// The network a command works on: given positionally or as --net (both spellings in every
// command), a network file or folder (TNTP, GMNS, .pb/.pbtxt) or a scenario (a .pbtxt scenario
// file or a name such as wenzhou_2025_plan): its modified network and transit layer.
CLI::Option* add_network_option(CLI::App& cmd, std::string& net, const std::string& what);

// Reads `arg` as a scenario (unless `format` names a network format) or a network.
// A network read with implausible speeds for its units (a median free-flow speed outside
// 3-200 km/h) gets a warning on stderr naming the units that would fit.
net::Model load_network_or_scenario(const std::string& arg, const InputOptions& input,
                                    const std::string& format = "");

// A point given as LAT,LON in WGS84 degrees (the order of GPS readers and web maps), in every
// command. Throws std::invalid_argument naming `option`; a pair that only fits as LON,LAT says so.
net::LonLat parse_lat_lon(const std::string& text, const std::string& option);
// LAT,LON,KM: a point and a size in km (> 0).
std::pair<net::LonLat, double> parse_lat_lon_km(const std::string& text, const std::string& option);

// --mode car|transit with one default everywhere: transit when a transit feed is at hand (a
// --gtfs feed, or a scenario with lines), car otherwise.
CLI::Option* add_mode_option(CLI::App& cmd, std::string& mode, const std::string& what);
std::string resolve_mode(const std::string& mode, bool feed_given);

// Global options. The thread count is passed to the library explicitly (sim::Execution in the
// options of every parallel computation), not set on OpenMP's process-wide state.
// NaN and infinities are not numbers any option takes: after parsing, every option value (and
// every element of a comma list) that reads as a non-finite number is a CLI::ValidationError
// naming the option (strtod reads "nan", "inf", and "1e400" as infinite).
void check_finite_numbers(const CLI::App& app);

// More threads than this is a mistake (the OpenMP runtime failed at 100000).
inline constexpr int kMaxThreads = 1024;

struct GlobalOptions {
  int threads = 0;  // 0: all cores
  bool quiet = false;
  void add_to(CLI::App& app);
  void apply() const;
  sim::Execution execution() const { return {.threads = threads}; }
};

}  // namespace ouflow::app
