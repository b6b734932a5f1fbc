// GTFS reader: a zip archive or a folder holding the feed's .txt files (RFC 4180 CSV).
//
// Reads agency, stops (parent stations, location_type), routes (basic and extended route types),
// trips, stop_times, calendar, calendar_dates, frequencies (exact_times 0 and 1), transfers
// (stop-to-stop rows) and shapes into a TransitNetwork (see networks/transit_builder.h for the
// grouping into patterns, interpolation of blank times and expansion of exact-times frequencies).
// A zip whose files sit in one sub-folder is read from that folder.
//
// Strict, throwing ouflow::InputError("feed.zip/stop_times.txt", line, field, message), where the
// data would be wrong: a missing required file (agency, stops, routes, trips, stop_times, and one
// of calendar / calendar_dates) or required column; an unknown stop_id, trip_id, route_id,
// service_id or parent_station; a malformed time ("25:6x:00"), date or number; a bad lat/lon;
// times decreasing along a trip; a first or last stop time without a time; a repeated
// stop_sequence within a trip; a repeated (service_id, date) in calendar_dates; repeated ids; a
// non-positive headway or an empty frequency period; exact_times 0 and 1 mixed on one trip.
//
// Lenient, adding a Diagnostic to the report, where feeds are commonly sloppy: unknown columns,
// records shorter than the header (missing trailing fields read as empty), blank intermediate
// times (interpolated; one summary warning), trips without (enough) stop times (skipped),
// frequencies of skipped trips, unknown shape_id on a trip (shape dropped), stops served by no
// trip, trip- or route-specific transfers (skipped: not supported), unknown agency_id.
// At most kMaxWarningsPerFile warnings are kept per file; the rest are counted.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "networks/transit_network.h"

namespace ouflow::io {

struct Diagnostic {
  std::filesystem::path path;  // e.g. "feed.zip/stop_times.txt"
  std::size_t line = 0;        // 0: the file as a whole
  std::string field;           // empty when none
  std::string message;
  // "path:line: field 'f': message", as InputError formats it.
  std::string to_string() const;
};

struct GtfsReport {
  static constexpr std::size_t kMaxWarningsPerFile = 20;

  std::vector<Diagnostic> warnings;
  std::size_t suppressed_warnings = 0;
  // Data rows read per file.
  std::size_t agency_rows = 0, stop_rows = 0, route_rows = 0, trip_rows = 0, stop_time_rows = 0;
  std::size_t calendar_rows = 0, calendar_date_rows = 0, frequency_rows = 0, transfer_rows = 0;
  std::size_t shape_point_rows = 0;
  // Outcomes.
  std::size_t interpolated_stop_times = 0;  // stop times whose blank times were interpolated
  std::size_t skipped_trips = 0;            // trips without at least 2 stop times
  std::size_t expanded_trips = 0;           // scheduled trips made from exact_times=1 rows
  std::size_t overtaking_splits = 0;        // patterns split off so that trips never overtake
};

net::TransitNetwork read_gtfs(const std::filesystem::path& zip_or_folder, GtfsReport& report);

// True for a .zip file or a folder holding stops.txt.
bool looks_like_gtfs(const std::filesystem::path& path);

}  // namespace ouflow::io
