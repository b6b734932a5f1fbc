// Transit assignment: zone-to-zone transit trips loaded onto their earliest-arrival RAPTOR
// journeys, departure by departure over the peak window (an all-or-nothing assignment in time, as
// in Conveyal R5's and OTP's path-based analyses). Gives boardings by route and stop and the load
// on every section (stop to next stop) of every pattern.
//
// For each origin zone with trips and each departure window.depart_s + step_min * 60 * k
// (k < ceil(window.minutes / step_min)), one RAPTOR query from the zone's access stops; for each
// destination, the egress stop with the earliest arrival plus egress walk is chosen (ties: the
// first in the zone's egress list), and trips[o][d] / departures is put on every trip leg of the
// journey to it. Pairs without a transit journey count as unassigned.
//
// Determinism: parallel over origins (OpenMP); each origin's legs are collected separately and
// summed in origin order, so results are bit-identical for any thread count.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "networks/ids.h"
#include "networks/transit_network.h"
#include "sim/execution.h"
#include "sim/transit/raptor.h"
#include "sim/transit/transit_window.h"

namespace ouflow::sim {

// Where a zone meets the transit network: access stops with their walking time from the zone
// (RaptorSource::time_s is that walk in seconds) and egress stops with the walk to the zone.
struct ZoneStops {
  std::vector<RaptorSource> access;
  std::vector<std::pair<net::StopId, std::int32_t>> egress;
};

struct TransitAssignmentOptions {
  // window.minutes is the window's length (>= 1); frequency-line offsets: draw 0 of window.seed
  // (window.draws must be 1).
  TransitWindow window{.date = {}, .depart_s = 7 * 3600, .minutes = 60};
  std::int32_t step_min = 5;  // one departure every step_min minutes of the window
  Execution exec = {};        // threads of the origins' queries
};

struct TransitLoads {
  std::vector<double> route_boardings;     // by RouteId value
  std::vector<double> route_passenger_km;  // straight-line km between consecutive stops
  std::vector<double> route_max_section_load;
  std::vector<double> stop_boardings, stop_alightings;  // by StopId value
  // Load on the section from pattern stop k to k + 1, indexed like TransitColumns::pattern_stop
  // (the entry of a pattern's last stop stays 0).
  std::vector<double> section_load;
  double assigned_trips = 0.0, unassigned_trips = 0.0;
  double transfers = 0.0;  // boardings beyond the first, summed over trips
};

TransitLoads assign_transit(const net::TransitNetwork& net, const Footpaths& footpaths,
                            std::span<const ZoneStops> zones, std::span<const double> trips,
                            const TransitAssignmentOptions& options);

}  // namespace ouflow::sim
