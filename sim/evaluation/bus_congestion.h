// Buses in traffic: the running times of road-bound bus and coach routes follow the congested car
// times of the roads they use; BRT (route type 702, on its own lanes), rail, metro, tram and
// ferries keep their timetables.
//
// Each bus stop is snapped to the nearest road node. A segment between consecutive stops of a
// trip keeps its timetable running time multiplied by
//   congested shortest car time / free-flow shortest car time
// between the two stops' nodes (1 when they snap to the same node or no road path joins them):
// the delay cars see on that stretch at the assigned flows. Dwell times and first departures
// stay; frequency rows stay (templates are retimed like any trip).
#pragma once

#include <span>

#include "networks/road_network.h"
#include "networks/transit_network.h"

namespace ouflow::sim {

struct BusCongestionStats {
  std::size_t trips_retimed = 0;
  double mean_factor = 1.0;  // over retimed segments, weighted by timetable running time
};

// True for route types whose vehicles run in general traffic (bus, coach; not BRT).
bool runs_in_traffic(std::int32_t route_type);

// The network with road-bound bus running times scaled by congestion. `congested_link_time_s`
// by LinkId value (e.g. FeedbackResult::link_time_s). Deterministic.
net::TransitNetwork congest_buses(const net::TransitNetwork& transit, const net::RoadNetwork& road,
                                  std::span<const double> congested_link_time_s,
                                  BusCongestionStats* stats = nullptr);

}  // namespace ouflow::sim
