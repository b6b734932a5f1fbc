// Zone-to-zone skims along least generalized-cost paths: cost, travel time and distance.
#pragma once

#include <span>
#include <vector>

#include "networks/ids.h"
#include "networks/road_network.h"
#include "sim/execution.h"

namespace ouflow::sim {

struct Skim {
  std::size_t zones = 0;
  // Row-major zones x zones; +infinity where no path exists. The diagonal is 0.
  std::vector<double> cost_s, time_s, distance_m;
  double cost(net::ZoneId o, net::ZoneId d) const { return cost_s[o.value() * zones + d.value()]; }
  double time(net::ZoneId o, net::ZoneId d) const { return time_s[o.value() * zones + d.value()]; }
  double distance(net::ZoneId o, net::ZoneId d) const {
    return distance_m[o.value() * zones + d.value()];
  }
};

// Parallel over origins (each writes its own row): identical for any thread count.
Skim compute_skim(const net::RoadNetwork& net, std::span<const double> link_cost_s,
                  std::span<const double> link_time_s, Execution exec = {});

}  // namespace ouflow::sim
