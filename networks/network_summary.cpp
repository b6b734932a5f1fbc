#include "networks/network_summary.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>
#include <vector>

namespace ouflow::net {
namespace {

void extent(const IdVector<NodeId, double>& v, double& lo, double& hi) {
  lo = std::numeric_limits<double>::infinity();
  hi = -lo;
  for (double a : v) {
    if (std::isnan(a)) continue;
    lo = std::min(lo, a);
    hi = std::max(hi, a);
  }
  if (lo > hi) lo = hi = std::nan("");
}

std::string fixed(double v, int digits) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << v;
  return os.str();
}

void summarize_transit(const TransitNetwork& t, NetworkSummary& s) {
  const TransitColumns& c = t.columns();
  s.has_transit = true;
  s.transit_agencies = t.agency_count();
  s.transit_stops = t.stop_count();
  for (StopId v : t.stops()) {
    s.transit_stations += c.stop_location_type[v] == LocationType::kStation;
  }
  s.transit_routes = t.route_count();
  s.transit_patterns = t.pattern_count();
  s.transit_trips = t.trip_count();
  for (PatternId p : t.patterns()) {
    if (t.frequency_based(p)) s.transit_frequency_trips += t.pattern_trips(p).size();
  }
  s.transit_stop_times = t.stop_time_count();
  s.transit_frequencies = t.frequency_count();
  s.transit_transfers = t.transfer_count();
  s.transit_services = t.service_count();
  s.transit_shapes = t.shape_count();
  bool any = false;
  Date first, last;
  auto take = [&](Date d) {
    if (!any || d < first) first = d;
    if (!any || last < d) last = d;
    any = true;
  };
  for (ServiceId v : t.services()) {
    if (c.service_weekdays[v] != 0) {
      take(c.service_start[v]);
      take(c.service_end[v]);
    }
  }
  for (Date d : c.exception_date) take(d);
  if (any) {
    s.transit_first_date = first.yyyymmdd();
    s.transit_last_date = last.yyyymmdd();
  }
}

}  // namespace

NetworkSummary summarize(const Model& model) {
  const RoadNetwork& net = model.road;
  NetworkSummary s;
  if (model.transit) summarize_transit(*model.transit, s);
  s.name = net.metadata().name;
  s.nodes = net.node_count();
  s.links = net.link_count();
  s.zones = net.zone_count();
  s.projection = net.metadata().projection;
  s.toll_factor_s = net.metadata().toll_factor_s;
  s.distance_factor_s_per_m = net.metadata().distance_factor_s_per_m;
  for (NodeId v : net.nodes()) {
    s.through_blocked_nodes += net.through_allowed()[v] == 0;
    s.nodes_without_links += net.out_links(v).size() == 0 && net.in_links(v).empty();
    // Parallel links: out-links of v with a head already seen among v's out-links.
    std::vector<NodeId> heads;
    for (LinkId l : net.out_links(v)) heads.push_back(net.head()[l]);
    std::sort(heads.begin(), heads.end());
    for (std::size_t i = 1; i < heads.size(); ++i) s.parallel_links += heads[i] == heads[i - 1];
  }
  for (LinkId l : net.links()) {
    const auto c = static_cast<std::size_t>(net.link_class()[l]);
    s.self_loops += net.tail()[l] == net.head()[l];
    s.links_by_class[c] += 1;
    s.km_by_class[c] += net.length_m()[l] / 1000.0;
    s.total_km += net.length_m()[l] / 1000.0;
    s.lane_km += net.length_m()[l] / 1000.0 * net.lanes()[l];
  }
  for (ZoneId z : net.zones()) {
    s.population += net.zone_population()[z];
    s.jobs += net.zone_jobs()[z];
  }
  extent(net.lon(), s.min_lon, s.max_lon);
  extent(net.lat(), s.min_lat, s.max_lat);
  extent(net.x(), s.min_x, s.max_x);
  extent(net.y(), s.min_y, s.max_y);
  if (model.demand) {
    s.has_demand = true;
    s.total_demand = model.demand->total();
    s.intrazonal_demand = model.demand->intrazonal();
    s.od_pairs = model.demand->nonzero_pairs();
  }
  return s;
}

void print_summary(std::ostream& os, const NetworkSummary& s) {
  auto row = [&os](const std::string& k, const std::string& v) {
    os << "  " << std::left << std::setw(24) << k << v << "\n";
  };
  os << s.name << "\n";
  if (s.nodes > 0 || !s.has_transit) {  // a GTFS feed alone has no road part to show
    row("nodes", std::to_string(s.nodes));
    row("links", std::to_string(s.links) + " (" + std::to_string(s.parallel_links) + " parallel, " +
                     std::to_string(s.self_loops) + " self-loops)");
    row("zones", std::to_string(s.zones));
    row("no-through zone nodes", std::to_string(s.through_blocked_nodes));
    if (s.nodes_without_links > 0) row("isolated nodes", std::to_string(s.nodes_without_links));
    if (s.has_demand) {
      row("total demand", fixed(s.total_demand, 2) + " trips (" + fixed(s.intrazonal_demand, 2) +
                              " intrazonal, " + std::to_string(s.od_pairs) + " OD pairs)");
    } else {
      row("total demand", "none read");
    }
    if (s.population > 0 || s.jobs > 0) {
      row("population / jobs", fixed(s.population, 0) + " / " + fixed(s.jobs, 0));
    }
    if (!std::isnan(s.min_lon)) {
      row("extent lon/lat", "[" + fixed(s.min_lon, 5) + ", " + fixed(s.max_lon, 5) + "] x [" +
                                fixed(s.min_lat, 5) + ", " + fixed(s.max_lat, 5) + "]");
    }
    if (!std::isnan(s.min_x)) {
      row("extent x/y (" + s.projection + ")", "[" + fixed(s.min_x, 1) + ", " + fixed(s.max_x, 1) +
                                                   "] x [" + fixed(s.min_y, 1) + ", " +
                                                   fixed(s.max_y, 1) + "]");
    } else {
      row("extent", "no coordinates");
    }
    if (s.toll_factor_s != 0 || s.distance_factor_s_per_m != 0) {
      row("generalized cost", "time + " + fixed(s.toll_factor_s, 4) + " s/toll unit + " +
                                  fixed(s.distance_factor_s_per_m * 1000.0, 4) + " s/km");
    }
    row("length", fixed(s.total_km, 1) + " km" +
                      (s.lane_km > 0 ? " (" + fixed(s.lane_km, 1) + " lane-km)" : std::string()));
    os << "  links by class:\n";
    for (std::size_t c = 0; c < kLinkClassCount; ++c) {
      if (s.links_by_class[c] == 0) continue;
      os << "    " << std::left << std::setw(18) << to_string(static_cast<LinkClass>(c))
         << std::right << std::setw(8) << s.links_by_class[c] << " links " << std::setw(12)
         << fixed(s.km_by_class[c], 1) << " km\n";
    }
  }
  if (!s.has_transit) return;
  os << "  transit:\n";
  row("  agencies", std::to_string(s.transit_agencies));
  row("  stops",
      std::to_string(s.transit_stops) + " (" + std::to_string(s.transit_stations) + " stations)");
  row("  routes", std::to_string(s.transit_routes));
  row("  patterns", std::to_string(s.transit_patterns));
  row("  trips", std::to_string(s.transit_trips) + " (" +
                     std::to_string(s.transit_frequency_trips) + " frequency-based)");
  row("  stop times", std::to_string(s.transit_stop_times));
  row("  frequencies", std::to_string(s.transit_frequencies));
  row("  transfers", std::to_string(s.transit_transfers));
  row("  services", std::to_string(s.transit_services));
  row("  shapes", std::to_string(s.transit_shapes));
  if (s.transit_first_date != 0) {
    row("  service dates",
        std::to_string(s.transit_first_date) + " .. " + std::to_string(s.transit_last_date));
  }
}

}  // namespace ouflow::net
