// Plan indicators computed from model results: the central-city peak speed (VKT / VHT inside a
// polygon), shares of trips and of population within a travel-time threshold (the 1-hour
// circles), and cumulative-opportunity accessibility (jobs reachable within a threshold).
// Definitions and their link to the plan's wording: docs/indicators.md.
//
// Matrices are dense, row-major zones x zones; times are seconds, +infinity when unreachable.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "networks/geo.h"
#include "networks/road_network.h"

namespace ouflow::sim {

using net::LonLat;

// Even-odd rule; the ring is not closed (its last vertex joins the first). Points exactly on an
// edge may fall either way (measure zero for link midpoints).
bool point_in_polygon(LonLat p, std::span<const LonLat> ring);

// Road links counted by the area indicators: those whose midpoint (mean of its end nodes'
// lon/lat) lies inside `ring`, except centroid connectors and transit-only links. A network
// without lon/lat counts nothing.
std::vector<std::uint8_t> links_inside(const net::RoadNetwork& net, std::span<const LonLat> ring);

struct AreaSpeed {
  double vkt_km = 0.0;     // vehicle-km in the period (flow in veh/h x length x hours)
  double vht_h = 0.0;      // vehicle-hours
  double speed_kmh = 0.0;  // VKT / VHT: the flow-weighted harmonic mean speed; 0 without flow
  std::uint32_t links = 0;
};

// Over the links flagged in `inside`, with hourly flows and congested travel times (seconds).
AreaSpeed area_speed(const net::RoadNetwork& net, std::span<const double> flow_vph,
                     std::span<const double> time_s, std::span<const std::uint8_t> inside);

// Relative change in percent: 100 * (scenario - baseline) / baseline; 0 when both are 0.
double percent_change(double baseline, double scenario);

struct ShareWithin {
  double within = 0.0, total = 0.0;
  double share = 0.0;  // within / total (0 when total is 0)
};

// Trips (zones x zones) whose time is <= threshold_s, among pairs with both ends in `area`
// (empty span: all zones).
ShareWithin trips_within(std::span<const double> trips, std::span<const double> time_s,
                         std::size_t zones, double threshold_s,
                         std::span<const std::uint8_t> area = {});

// Population of zones (in `area`, empty: all) whose time to `destination` is <= threshold_s.
ShareWithin population_within(std::span<const double> population, std::span<const double> time_s,
                              std::size_t zones, std::size_t destination, double threshold_s,
                              std::span<const std::uint8_t> area = {});

// Population-weighted mean of the jobs reachable within threshold_s (origin row i reaches
// destination j when time_s[i][j] <= threshold), over origins in `area` (empty: all).
double jobs_accessible(std::span<const double> population, std::span<const double> jobs,
                       std::span<const double> time_s, std::size_t zones, double threshold_s,
                       std::span<const std::uint8_t> area = {});

// Trip-weighted mean time of the pairs with a finite time (seconds); 0 without trips.
double mean_time(std::span<const double> trips, std::span<const double> time_s);

}  // namespace ouflow::sim
