// The figures `ouflow info` prints about a network: counts, demand, extent, length by class.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "networks/link_class.h"
#include "networks/model.h"

namespace ouflow::net {

struct NetworkSummary {
  std::string name;
  std::size_t nodes = 0, links = 0, zones = 0;
  std::size_t through_blocked_nodes = 0;  // zone nodes below TNTP's <FIRST THRU NODE>
  std::size_t parallel_links = 0;         // links sharing tail and head with an earlier link
  std::size_t self_loops = 0;
  std::size_t nodes_without_links = 0;
  bool has_demand = false;
  double total_demand = 0.0, intrazonal_demand = 0.0;
  std::size_t od_pairs = 0;  // nonzero
  double population = 0.0, jobs = 0.0;
  // Extent; NaN when unknown.
  double min_lon, max_lon, min_lat, max_lat, min_x, max_x, min_y, max_y;
  std::string projection;
  double toll_factor_s = 0.0, distance_factor_s_per_m = 0.0;
  std::array<std::size_t, kLinkClassCount> links_by_class{};
  std::array<double, kLinkClassCount> km_by_class{};
  double total_km = 0.0;
  double lane_km = 0.0;
  // Transit layer (zero when there is none).
  bool has_transit = false;
  std::size_t transit_agencies = 0, transit_stops = 0, transit_stations = 0, transit_routes = 0;
  std::size_t transit_patterns = 0, transit_trips = 0, transit_frequency_trips = 0;
  std::size_t transit_stop_times = 0, transit_frequencies = 0, transit_transfers = 0;
  std::size_t transit_services = 0, transit_shapes = 0;
  std::int32_t transit_first_date = 0, transit_last_date = 0;  // YYYYMMDD of the calendar span
};

NetworkSummary summarize(const Model& model);
void print_summary(std::ostream& os, const NetworkSummary& s);

}  // namespace ouflow::net
