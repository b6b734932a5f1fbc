// The departures a transit query runs over: a service date, the (first) departure, a window of
// minutes, the transfer limit and the frequency-line offset draws. One struct held by the travel
// matrices (sim/transit/travel_matrix.h), the transit assignment
// (sim/transit/transit_assignment.h) and the reach from a point
// (sim/isochrone/point_isochrone.h), so that one set of settings drives them all.
#pragma once

#include <cstdint>
#include <string_view>

#include "networks/transit_network.h"
#include "sim/transit/raptor.h"

namespace ouflow::sim {

struct TransitWindow {
  net::Date date;
  std::int32_t depart_s = 0;  // (first) departure, seconds after the service day's midnight
  // 0: the single departure depart_s; else departures depart_s + 60 m for m in [0, minutes)
  // (the transit assignment takes one every step_min minutes of them instead).
  std::int32_t minutes = 0;
  int max_transfers = 8;
  std::int32_t draws = 1;  // draws of frequency-line offsets per departure (Raptor::run_range)
  std::uint64_t seed = Raptor::kDefaultSeed;
};

// Throws std::invalid_argument, its message starting with `what`, unless minutes >= 0,
// draws >= 1, depart_s in [0, 48 h) and max_transfers in [0, 1000].
void check_window(const TransitWindow& w, std::string_view what);

}  // namespace ouflow::sim
