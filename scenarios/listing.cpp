#include "scenarios/listing.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <ostream>
#include <set>

#include "networks/io/json_text.h"
#include "networks/route_length.h"

namespace ouflow::scenario {
namespace {

constexpr std::int32_t kDefaultPeakStartS = 7 * 3600;
constexpr std::int32_t kDefaultPeakEndS = 8 * 3600;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string number(double v, int digits) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Shortest round-trip text (coordinates as stored).
std::string exact(double v) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

bool keep(std::string_view match, std::string_view id, std::string_view name) {
  return match.empty() || id.find(match) != std::string_view::npos ||
         name.find(match) != std::string_view::npos;
}

std::optional<double> peak_headway_min(const net::TransitNetwork& t, net::RouteId r,
                                       std::int32_t start_s, std::int32_t end_s) {
  const net::TransitColumns& c = t.columns();
  std::optional<std::int32_t> best_s;
  std::size_t busiest = 0;
  for (net::PatternId p : t.patterns()) {
    if (c.pattern_route[p] != r) continue;
    std::size_t departures = 0;
    for (net::TripId trip : t.pattern_trips(p)) {
      const auto [b, e] = t.frequencies_of(trip);
      if (b < e) {
        for (std::uint32_t k = b; k < e; ++k) {
          if (c.frequency_start_s[k] < end_s && c.frequency_end_s[k] > start_s) {
            best_s = std::min(best_s.value_or(c.frequency_headway_s[k]), c.frequency_headway_s[k]);
          }
        }
        continue;
      }
      const auto dep = t.departures_s(trip);
      if (!dep.empty() && dep.front() >= start_s && dep.front() < end_s) ++departures;
    }
    busiest = std::max(busiest, departures);
  }
  if (best_s) return *best_s / 60.0;
  if (busiest > 0) return (end_s - start_s) / 60.0 / static_cast<double>(busiest);
  return std::nullopt;
}

ListingTable lines(const LoadedScenario& s, std::string_view match) {
  ListingTable t{
      {"route_id", "name", "mode", "status", "stops", "length_km", "peak_headway_min", "added_by"},
      {false, false, false, false, true, true, true, false},
      {}};
  if (!s.model.transit) return t;
  const net::TransitNetwork& tn = *s.model.transit;
  const std::int32_t start = s.demand.peak_start_s.value_or(kDefaultPeakStartS);
  const std::int32_t end = s.demand.peak_end_s.value_or(kDefaultPeakEndS);
  for (net::RouteId r : tn.routes()) {
    if (r.value() >= s.lines.size()) break;  // (lines is one per route)
    const LineInfo& l = s.lines[r.value()];
    if (!keep(match, l.route_id, l.name)) continue;
    const auto p = net::longest_pattern(tn, r);
    const std::size_t stops = p ? tn.pattern_stops(*p).size() : 0;
    const auto h = peak_headway_min(tn, r, start, end);
    t.rows.push_back({l.route_id, l.name, upper(to_string(l.mode)), l.status, std::to_string(stops),
                      number(l.length_km, 2), h ? number(*h, 1) : "",
                      l.file.empty() ? "" : l.file.string() + ":" + std::to_string(l.line)});
  }
  return t;
}

ListingTable stops(const LoadedScenario& s, std::string_view match) {
  ListingTable t{
      {"stop_id", "name", "lat", "lon", "routes"}, {false, false, true, true, false}, {}};
  if (!s.model.transit) return t;
  const net::TransitNetwork& tn = *s.model.transit;
  const net::TransitColumns& c = tn.columns();
  for (net::StopId st : tn.stops()) {
    if (!keep(match, c.stop_id[st], c.stop_name[st])) continue;
    std::set<net::RouteId> routes;
    for (net::PatternId p : tn.patterns_at(st)) routes.insert(c.pattern_route[p]);
    std::string list;
    for (net::RouteId r : routes) list += (list.empty() ? "" : " ") + c.route_id[r];
    t.rows.push_back(
        {c.stop_id[st], c.stop_name[st], exact(c.stop_lat[st]), exact(c.stop_lon[st]), list});
  }
  return t;
}

ListingTable links(const LoadedScenario& s, std::string_view match) {
  ListingTable t{{"link_id", "from_node", "to_node", "class", "name", "lanes", "speed_kmh",
                  "capacity_vph", "length_m", "from_lat", "from_lon", "to_lat", "to_lon"},
                 {true, true, true, false, false, true, true, true, true, true, true, true, true},
                 {}};
  const net::RoadNetwork& r = s.model.road;
  for (net::LinkId l : r.input_order()) {
    const std::string id = std::to_string(r.link_external_id()[l]);
    if (!keep(match, id, r.link_name()[l])) continue;
    const net::NodeId a = r.tail()[l], b = r.head()[l];
    t.rows.push_back(
        {id, std::to_string(r.node_external_id()[a]), std::to_string(r.node_external_id()[b]),
         upper(net::to_string(r.link_class()[l])), r.link_name()[l], exact(r.lanes()[l]),
         exact(r.speed_kmh()[l]), exact(r.capacity_vph()[l]), number(r.length_m()[l], 1),
         exact(r.lat()[a]), exact(r.lon()[a]), exact(r.lat()[b]), exact(r.lon()[b])});
  }
  return t;
}

ListingTable roads(const LoadedScenario& s, std::string_view match) {
  ListingTable t{{"name", "links", "classes", "lat", "lon"}, {false, true, false, true, true}, {}};
  const net::RoadNetwork& r = s.model.road;
  struct Road {
    std::size_t links = 0;
    std::set<std::string> classes;
    net::LinkId first;
  };
  std::map<std::string, Road> by_name;
  std::vector<std::string> order;  // names in the order first met
  for (net::LinkId l : r.input_order()) {
    const std::string& name = r.link_name()[l];
    if (name.empty() || !keep(match, name, name)) continue;
    auto [it, added] = by_name.try_emplace(name, Road{0, {}, l});
    if (added) order.push_back(name);
    ++it->second.links;
    it->second.classes.insert(upper(net::to_string(r.link_class()[l])));
  }
  for (const std::string& name : order) {
    const Road& road = by_name.at(name);
    std::string classes;
    for (const std::string& c : road.classes) classes += (classes.empty() ? "" : " ") + c;
    const net::NodeId a = r.tail()[road.first];
    t.rows.push_back(
        {name, std::to_string(road.links), classes, exact(r.lat()[a]), exact(r.lon()[a])});
  }
  return t;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

}  // namespace

ListingTable make_listing(const LoadedScenario& s, Listing what, std::string_view match) {
  switch (what) {
    case Listing::kLines:
      return lines(s, match);
    case Listing::kStops:
      return stops(s, match);
    case Listing::kLinks:
      return links(s, match);
    case Listing::kRoads:
      return roads(s, match);
  }
  return {};
}

void write_csv(std::ostream& os, const ListingTable& t) {
  for (std::size_t i = 0; i < t.header.size(); ++i) os << (i ? "," : "") << t.header[i];
  os << "\n";
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) os << (i ? "," : "") << csv_field(row[i]);
    os << "\n";
  }
}

void write_json(std::ostream& os, const ListingTable& t) {
  os << "[";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    os << (r ? ",\n" : "\n") << "{";
    for (std::size_t i = 0; i < t.header.size(); ++i) {
      os << (i ? "," : "") << io::json_string(t.header[i]) << ":";
      const std::string& v = t.rows[r][i];
      if (t.numeric[i]) {
        os << (v.empty() ? "null" : v);
      } else {
        os << io::json_string(v);
      }
    }
    os << "}";
  }
  os << "\n]\n";
}

}  // namespace ouflow::scenario
