#include "sim/transit/transit_assignment.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "networks/geo.h"

namespace ouflow::sim {
namespace {

struct LegLoad {
  std::uint32_t pattern;
  std::uint32_t from_pos, to_pos;  // positions in the pattern's stop list
  double volume;
};

struct OriginResult {
  std::vector<LegLoad> legs;
  double assigned = 0.0, unassigned = 0.0, transfers = 0.0;
};

}  // namespace

TransitLoads assign_transit(const net::TransitNetwork& net, const Footpaths& footpaths,
                            std::span<const ZoneStops> zones, std::span<const double> trips,
                            const TransitAssignmentOptions& options) {
  const std::size_t n = zones.size();
  if (trips.size() != n * n)
    throw std::invalid_argument("assign_transit: trips is not zones x zones");
  const TransitWindow& w = options.window;
  check_window(w, "assign_transit");
  if (w.minutes < 1 || options.step_min < 1) {
    throw std::invalid_argument("assign_transit: minutes and step_min must be >= 1");
  }
  if (w.draws != 1) throw std::invalid_argument("assign_transit: draws must be 1");
  const std::int32_t departures = (w.minutes + options.step_min - 1) / options.step_min;
  const auto& c = net.columns();
  std::vector<OriginResult> per_origin(n);

#pragma omp parallel num_threads(options.exec.count())
  {
    Raptor raptor(net, footpaths);
    std::vector<RaptorSource> sources;
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t oi = 0; oi < static_cast<std::int64_t>(n); ++oi) {
      const std::size_t o = static_cast<std::size_t>(oi);
      OriginResult& out = per_origin[o];
      double row = 0.0;
      for (std::size_t d = 0; d < n; ++d) row += trips[o * n + d];
      if (row <= 0.0) continue;
      for (std::int32_t k = 0; k < departures; ++k) {
        const std::int32_t dep = w.depart_s + k * options.step_min * 60;
        sources.clear();
        for (const RaptorSource& a : zones[o].access) sources.push_back({a.stop, dep + a.time_s});
        if (!sources.empty()) {
          raptor.run(sources, w.date, w.max_transfers, w.seed, 0);
        }
        for (std::size_t d = 0; d < n; ++d) {
          const double t = trips[o * n + d];
          if (t <= 0.0) continue;
          const double v = t / departures;
          std::int64_t best = kUnreachable;
          net::StopId best_stop;
          if (!sources.empty()) {
            for (const auto& [stop, walk] : zones[d].egress) {
              const std::int32_t a = raptor.arrival_s(stop);
              if (a == kUnreachable) continue;
              if (static_cast<std::int64_t>(a) + walk < best) {
                best = static_cast<std::int64_t>(a) + walk;
                best_stop = stop;
              }
            }
          }
          if (best == kUnreachable) {
            out.unassigned += v;
            continue;
          }
          int rides = 0;
          for (const JourneyLeg& leg : raptor.journey_to(best_stop)) {
            if (leg.kind != JourneyLeg::Kind::kTrip) continue;
            ++rides;
            const net::PatternId p = c.trip_pattern[leg.trip];
            const auto stops = net.pattern_stops(p);
            std::uint32_t from = 0;
            while (from < stops.size() && stops[from] != leg.from) ++from;
            std::uint32_t to = from + 1;
            while (to < stops.size() && stops[to] != leg.to) ++to;
            if (to >= stops.size()) {
              throw std::logic_error(
                  "assign_transit: a journey leg's stops are not on its pattern");
            }
            out.legs.push_back({p.value(), from, to, v});
          }
          out.assigned += v;
          if (rides > 1) out.transfers += v * (rides - 1);
        }
      }
    }
  }

  TransitLoads loads;
  loads.route_boardings.assign(net.route_count(), 0.0);
  loads.route_passenger_km.assign(net.route_count(), 0.0);
  loads.route_max_section_load.assign(net.route_count(), 0.0);
  loads.stop_boardings.assign(net.stop_count(), 0.0);
  loads.stop_alightings.assign(net.stop_count(), 0.0);
  loads.section_load.assign(c.pattern_stop.size(), 0.0);
  for (const OriginResult& r : per_origin) {
    loads.assigned_trips += r.assigned;
    loads.unassigned_trips += r.unassigned;
    loads.transfers += r.transfers;
    for (const LegLoad& leg : r.legs) {
      const std::uint32_t first = c.pattern_first_stop[leg.pattern];
      const net::RouteId route = c.pattern_route[net::PatternId{leg.pattern}];
      loads.route_boardings[route.value()] += leg.volume;
      loads.stop_boardings[c.pattern_stop[first + leg.from_pos].value()] += leg.volume;
      loads.stop_alightings[c.pattern_stop[first + leg.to_pos].value()] += leg.volume;
      for (std::uint32_t k = leg.from_pos; k < leg.to_pos; ++k) {
        loads.section_load[first + k] += leg.volume;
      }
    }
  }
  // Passenger-km and peak section load per route.
  for (const net::PatternId p : net.patterns()) {
    const std::uint32_t first = c.pattern_first_stop[p.value()];
    const auto stops = net.pattern_stops(p);
    const net::RouteId route = c.pattern_route[p];
    for (std::size_t k = 0; k + 1 < stops.size(); ++k) {
      const double load = loads.section_load[first + k];
      if (load == 0.0) continue;
      const double km = net::haversine_m(c.stop_lon[stops[k]], c.stop_lat[stops[k]],
                                         c.stop_lon[stops[k + 1]], c.stop_lat[stops[k + 1]]) /
                        1000.0;
      if (std::isfinite(km)) loads.route_passenger_km[route.value()] += load * km;
      loads.route_max_section_load[route.value()] =
          std::max(loads.route_max_section_load[route.value()], load);
    }
  }
  return loads;
}

}  // namespace ouflow::sim
