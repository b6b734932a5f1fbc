#include "sim/evaluation/bus_congestion.h"

#include <cmath>
#include <map>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include "networks/transit_edit.h"
#include "scenarios/scenario.h"
#include "sim/road/car_times.h"
#include "sim/road/shortest_path.h"

namespace ouflow::sim {

bool runs_in_traffic(std::int32_t route_type) {
  const scenario::TransitMode m = scenario::mode_of_route_type(route_type);
  return m == scenario::TransitMode::kBus || m == scenario::TransitMode::kCoach;
}

net::TransitNetwork congest_buses(const net::TransitNetwork& transit, const net::RoadNetwork& road,
                                  std::span<const double> congested_link_time_s,
                                  BusCongestionStats* stats) {
  if (congested_link_time_s.size() != road.link_count()) {
    throw std::invalid_argument("congest_buses: one congested time per road link");
  }
  net::TransitRecords r = net::to_records(transit);
  std::unordered_map<std::string, bool> in_traffic;
  for (const net::RouteSpec& route : r.routes)
    in_traffic[route.id] = runs_in_traffic(route.route_type);
  std::unordered_map<std::string, std::size_t> stop_index;
  for (std::size_t i = 0; i < r.stops.size(); ++i) stop_index[r.stops[i].id] = i;
  // Stop -> nearest road node (cached), and per (from node, to node) the factor.
  std::vector<std::optional<net::NodeId>> node(r.stops.size());
  std::vector<std::uint8_t> snapped(r.stops.size(), 0);
  auto node_of = [&](const std::string& stop_id) -> std::optional<net::NodeId> {
    const std::size_t i = stop_index.at(stop_id);
    if (!snapped[i]) {
      snapped[i] = 1;
      if (std::isfinite(r.stops[i].lon) && std::isfinite(r.stops[i].lat)) {
        node[i] = nearest_node(road, r.stops[i].lon, r.stops[i].lat);
      }
    }
    return node[i];
  };
  const std::vector<double> free_flow = car_link_times_s(road);
  Dijkstra free_tree(road), congested_tree(road);
  std::map<std::uint32_t, std::pair<std::vector<double>, std::vector<double>>> from;  // by node
  auto factor = [&](net::NodeId a, net::NodeId b) {
    if (a == b) return 1.0;
    auto it = from.find(a.value());
    if (it == from.end()) {
      free_tree.run(a, free_flow);
      congested_tree.run(a, congested_link_time_s);
      std::vector<double> f(road.node_count()), c(road.node_count());
      for (const net::NodeId n : road.nodes()) {
        f[n.value()] = free_tree.distance(n);
        c[n.value()] = congested_tree.distance(n);
      }
      it = from.emplace(a.value(), std::pair{std::move(f), std::move(c)}).first;
    }
    const double f = it->second.first[b.value()], c = it->second.second[b.value()];
    if (!(f > 0.0) || !std::isfinite(f) || !std::isfinite(c)) return 1.0;
    return std::max(1.0, c / f);
  };
  double weighted = 0.0, runs = 0.0;
  std::size_t retimed = 0;
  for (net::TripSpec& trip : r.trips) {
    if (!in_traffic[trip.route_id] || trip.stop_times.size() < 2) continue;
    std::vector<net::StopTimeSpec>& st = trip.stop_times;
    std::int32_t clock = st.front().departure_s;
    for (std::size_t i = 1; i < st.size(); ++i) {
      const std::int32_t run = st[i].arrival_s - st[i - 1].departure_s;
      const std::int32_t dwell = st[i].departure_s - st[i].arrival_s;
      const auto a = node_of(st[i - 1].stop_id), b = node_of(st[i].stop_id);
      const double k = (a && b) ? factor(*a, *b) : 1.0;
      const auto new_run = static_cast<std::int32_t>(std::lround(run * k));
      weighted += run * k;
      runs += run;
      st[i - 1].departure_s = clock;
      clock += new_run;
      st[i].arrival_s = clock;
      clock += dwell;
    }
    st.back().departure_s = clock;
    ++retimed;
  }
  if (stats != nullptr) {
    stats->trips_retimed = retimed;
    stats->mean_factor = runs > 0.0 ? weighted / runs : 1.0;
  }
  return net::build_transit(r);
}

}  // namespace ouflow::sim
