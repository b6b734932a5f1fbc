// Argument helpers shared by the transit subcommands (isochrone, matrix): dates and times of day,
// --quiet, loading a feed (GTFS, or ouflow's protobuf holding a transit layer) with its warnings
// on stderr.
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "networks/input_error.h"
#include "networks/io/gtfs.h"
#include "networks/io/network_files.h"
#include "networks/transit_network.h"
#include "scenarios/scenario.h"
#include "sim/transit/network_walk.h"

namespace ouflow::app {

// "YYYY-MM-DD" as a date; throws std::invalid_argument naming `option` otherwise.
inline net::Date parse_date(const std::string& text, const char* option = "--date") {
  int y = 0, mo = 0, d = 0;
  char tail = 0;
  const auto date = std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &mo, &d, &tail) == 3
                        ? net::Date::from_ymd(y, mo, d)
                        : std::nullopt;
  if (!date) {
    throw std::invalid_argument(std::string(option) + ": '" + text + "' is not a date YYYY-MM-DD");
  }
  return *date;
}

// "HH:MM" (hours 0-47, past midnight of the service day) as seconds after midnight.
inline std::int32_t parse_time_of_day(const std::string& text, const char* option = "--depart") {
  int hh = 0, mm = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%2d:%2d%c", &hh, &mm, &tail) != 2 || hh < 0 || hh > 47 || mm < 0 ||
      mm > 59) {
    throw std::invalid_argument(std::string(option) + ": '" + text + "' is not HH:MM");
  }
  return hh * 3600 + mm * 60;
}

// True when -q/--quiet was given (before or after the subcommand).
inline bool quiet(const CLI::App& cmd) {
  const CLI::App* root = &cmd;
  while (root->get_parent() != nullptr) root = root->get_parent();
  return root->count("--quiet") > 0;
}

inline void print_gtfs_warnings(const io::GtfsReport& report) {
  for (const io::Diagnostic& w : report.warnings) {
    std::fprintf(stderr, "ouflow: warning: %s\n", w.to_string().c_str());
  }
  if (report.suppressed_warnings > 0) {
    std::fprintf(stderr, "ouflow: warning: %zu more warnings not shown\n",
                 report.suppressed_warnings);
  }
}

// A GTFS feed (zip or folder; its warnings on stderr unless `quiet_run`), an ouflow .pb /
// .pbtxt file that holds a transit layer, or a scenario (file or name: its transit with the
// scenario's lines). Throws InputError otherwise.
inline net::TransitNetwork load_transit(const std::filesystem::path& path, bool quiet_run) {
  if (const auto scenario_file = scenario::scenario_file_of(path.string())) {
    scenario::LoadedScenario s = scenario::load_scenario(*scenario_file);
    if (!s.model.transit) throw InputError(*scenario_file, 0, "", "has no transit network");
    return std::move(*s.model.transit);
  }
  const io::Format f = io::detect_format(path);
  if (f == io::Format::kGtfs) {
    io::GtfsReport report;
    net::TransitNetwork feed = io::read_gtfs(path, report);
    if (!quiet_run) print_gtfs_warnings(report);
    return feed;
  }
  net::Model model = io::read_model(path, f);
  if (!model.transit) throw InputError(path, 0, "", "holds no transit network");
  return std::move(*model.transit);
}

// "YYYY-MM-DD".
inline std::string format_date(net::Date d) {
  const std::int32_t v = d.yyyymmdd();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v / 10000, v / 100 % 100, v % 100);
  return buf;
}

// A query date on which no service of the feed runs, nor on the day before (whose trips may run
// past midnight), reaches nothing: an error naming the feed's calendar instead of "0 % reached".
inline void check_service_day(const net::TransitNetwork& feed, net::Date d,
                              const std::string& feed_path) {
  if (feed.service_count() == 0 || !feed.services_on(d).empty() ||
      !feed.services_on(d.plus_days(-1)).empty()) {
    return;
  }
  net::Date first = feed.columns().service_start[net::ServiceId{0}];
  net::Date last = feed.columns().service_end[net::ServiceId{0}];
  for (const net::ServiceId s : feed.services()) {
    first = std::min(first, feed.columns().service_start[s]);
    last = std::max(last, feed.columns().service_end[s]);
  }
  throw std::invalid_argument("--date " + format_date(d) + ": no service of " + feed_path +
                              " runs on that day or the day before (its calendar spans " +
                              format_date(first) + " to " + format_date(last) + ")");
}

// --walk-network: the road network whose walkable roads walks follow (sim/network_walk.h), or
// nullopt for an empty path. Throws InputError when no node of a walkable road has lon/lat.
inline std::optional<net::Model> load_walk_network(const std::string& path,
                                                   const io::ReadOptions& options) {
  if (path.empty()) return std::nullopt;
  net::Model model = io::read_model(path, io::detect_format(path), options);
  try {
    const sim::WalkGraph check(model.road);
  } catch (const std::invalid_argument& e) {
    throw InputError(path, 0, "lon", e.what());
  }
  return model;
}

inline const char* kWalkNetworkHelp =
    "walk along this road network (nodes need lon/lat) instead of in straight lines: join it at "
    "the nearest node, follow its roads both ways, no expressways or transit-only links";

}  // namespace ouflow::app
