#include "scenarios/inventory.h"

#include "networks/io/json_text.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "networks/geo.h"
#include "networks/network_summary.h"
#include "networks/route_length.h"
#include "scenarios/boundaries.h"

namespace ouflow::scenario {
namespace {

constexpr std::array<std::string_view, 7> kComputed = {
    "railway_km",       "sm_rail_km",         "expressway_km", "urban_expressway_km",
    "national_road_km", "provincial_road_km", "brt_km"};

std::size_t idx(net::LinkClass c) { return static_cast<std::size_t>(c); }
std::size_t idx(TransitMode m) { return static_cast<std::size_t>(m); }

// The stops of the longest pattern (networks/route_length.h) of route `id`; empty when none.
std::vector<net::StopId> longest_pattern(const net::TransitNetwork& t, const std::string& id) {
  const auto r = t.find_route(id);
  if (!r) return {};
  const auto p = net::longest_pattern(t, *r);
  if (!p) return {};
  const auto stops = t.pattern_stops(*p);
  return {stops.begin(), stops.end()};
}

// Whether the segment's midpoint is inside the area (true without an area or coordinates).
bool counts(const Boundaries* area, double lon1, double lat1, double lon2, double lat2) {
  if (area == nullptr) return true;
  if (!std::isfinite(lon1) || !std::isfinite(lat1) || !std::isfinite(lon2) ||
      !std::isfinite(lat2)) {
    return true;
  }
  return area->contains((lon1 + lon2) / 2, (lat1 + lat2) / 2);
}

struct Row {
  std::string indicator;
  std::optional<double> value;
  const PlanTarget* target;  // null: no target
  std::optional<bool> met;
};

std::vector<Row> indicator_rows(const LoadedScenario& s, const Inventory& inv) {
  std::vector<Row> rows;
  std::set<std::string> with_target;
  for (const PlanTarget& t : s.targets) with_target.insert(t.indicator);
  for (std::string_view k : kComputed) {
    if (!with_target.contains(std::string(k))) {
      rows.push_back(Row{std::string(k), indicator_value(inv, k), nullptr, std::nullopt});
    }
  }
  for (const PlanTarget& t : s.targets) {
    Row r{t.indicator, indicator_value(inv, t.indicator), &t, std::nullopt};
    if (r.value) r.met = t.at_most ? *r.value <= t.value : *r.value >= t.value;
    rows.push_back(std::move(r));
  }
  // Computed indicators first in their fixed order, each with its targets; then the others.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    auto rank = [](const Row& r) {
      const auto it = std::find(kComputed.begin(), kComputed.end(), r.indicator);
      return static_cast<std::size_t>(it - kComputed.begin());
    };
    return rank(a) < rank(b);
  });
  return rows;
}

std::string fixed(double v, int digits = 1) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << v;
  return os.str();
}

using io::json_string;
std::string json_number(double v) { return io::json_number(v, 15); }

}  // namespace

double BuiltKm::total() const {
  double km = new_road_km + changed_road_km;
  for (const double x : new_line_km) km += x;
  return km;
}

BuiltKm built_km(const LoadedScenario& base, const LoadedScenario& s) {
  BuiltKm out;
  std::set<std::string> base_lines;
  for (const LineInfo& l : base.lines) base_lines.insert(l.route_id);
  for (const LineInfo& l : s.lines) {
    if (!base_lines.contains(l.route_id)) out.new_line_km[idx(l.mode)] += l.length_km;
  }
  const net::RoadNetwork& br = base.model.road;
  const net::RoadNetwork& r = s.model.road;
  std::set<std::int64_t> base_link_ids(br.link_external_id().begin(), br.link_external_id().end());
  for (const RoadInfo& road : s.roads) {
    if (road.link_ids.empty() || base_link_ids.contains(road.link_ids.front())) continue;
    if (road.link_class == net::LinkClass::kConnector ||
        road.link_class == net::LinkClass::kTransitOnly) {
      continue;
    }
    out.new_road_km += road.length_km;
  }
  // Base links by (external id, from node, to node): lanes, capacity, speed, class.
  using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
  using Attrs = std::tuple<double, double, double, net::LinkClass>;
  std::map<Key, Attrs> before;
  for (net::LinkId l : br.input_order()) {
    before.emplace(
        Key{br.link_external_id()[l], br.node_external_id()[br.tail()[l]],
            br.node_external_id()[br.head()[l]]},
        Attrs{br.lanes()[l], br.capacity_vph()[l], br.speed_kmh()[l], br.link_class()[l]});
  }
  // Changed links, by unordered node pair: the longer direction counts.
  std::map<std::pair<std::int64_t, std::int64_t>, double> changed;
  for (net::LinkId l : r.input_order()) {
    const std::int64_t from = r.node_external_id()[r.tail()[l]];
    const std::int64_t to = r.node_external_id()[r.head()[l]];
    const auto it = before.find(Key{r.link_external_id()[l], from, to});
    if (it == before.end()) continue;
    if (it->second ==
        Attrs{r.lanes()[l], r.capacity_vph()[l], r.speed_kmh()[l], r.link_class()[l]}) {
      continue;
    }
    double& km = changed[{std::min(from, to), std::max(from, to)}];
    km = std::max(km, r.length_m()[l] / 1000.0);
  }
  for (const auto& [pair, km] : changed) out.changed_road_km += km;
  return out;
}

Inventory compute_inventory(const LoadedScenario& s) {
  if (s.study_area.boundaries.empty()) return compute_inventory(s, nullptr);
  const Boundaries area = read_boundaries(s.study_area.boundaries);
  Inventory inv = compute_inventory(s, &area);
  inv.area = s.study_area.boundaries;
  return inv;
}

Inventory compute_inventory(const LoadedScenario& s, const Boundaries* area) {
  Inventory inv;
  const net::RoadNetwork& road = s.model.road;
  // Roads with a stated length: their links are replaced by the stated figure.
  std::unordered_map<std::int64_t, std::size_t> stated_road_of_link;
  for (std::size_t i = 0; i < s.roads.size(); ++i) {
    if (!s.roads[i].length_stated) continue;
    for (std::int64_t l : s.roads[i].link_ids) stated_road_of_link.emplace(l, i);
  }
  std::map<std::size_t, net::LinkClass> stated_class;  // road index -> class of a present link
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::size_t>;
  std::map<Key, std::pair<double, double>> groups;  // (low node, high node, class) -> (fwd, bwd)
  for (net::LinkId l : road.input_order()) {
    const auto st = stated_road_of_link.find(road.link_external_id()[l]);
    if (st != stated_road_of_link.end()) {
      stated_class.emplace(st->second, road.link_class()[l]);
      continue;
    }
    const net::NodeId t = road.tail()[l], h = road.head()[l];
    if (!counts(area, road.lon()[t], road.lat()[t], road.lon()[h], road.lat()[h])) continue;
    const std::uint32_t a = t.value(), b = h.value();
    auto& g = groups[Key{std::min(a, b), std::max(a, b), idx(road.link_class()[l])}];
    (a <= b ? g.first : g.second) += road.length_m()[l];
  }
  for (const auto& [key, g] : groups) {
    inv.centre_line_km[std::get<2>(key)] += std::max(g.first, g.second) / 1000.0;
  }
  for (const auto& [road_index, cls] : stated_class) {
    inv.centre_line_km[idx(cls)] += s.roads[road_index].length_km;
  }

  std::set<std::pair<std::size_t, std::vector<std::string>>> seen;
  for (const LineInfo& line : s.lines) {
    double km = line.length_km;
    if (s.model.transit) {
      const net::TransitColumns& c = s.model.transit->columns();
      const std::vector<net::StopId> stops = longest_pattern(*s.model.transit, line.route_id);
      std::vector<std::string> seq, rev;
      for (net::StopId st : stops) seq.push_back(c.stop_id[st]);
      rev.assign(seq.rbegin(), seq.rend());
      if (!seq.empty() && !seen.emplace(idx(line.mode), std::min(seq, rev)).second) continue;
      if (!line.length_stated && area != nullptr && !stops.empty()) {
        double m = 0.0;
        for (std::size_t i = 1; i < stops.size(); ++i) {
          const double lon1 = c.stop_lon[stops[i - 1]], lat1 = c.stop_lat[stops[i - 1]];
          const double lon2 = c.stop_lon[stops[i]], lat2 = c.stop_lat[stops[i]];
          const double d = net::haversine_m(lon1, lat1, lon2, lat2);
          if (std::isfinite(d) && counts(area, lon1, lat1, lon2, lat2)) m += d;
        }
        km = m / 1000.0;
      }
    }
    inv.route_km[idx(line.mode)] += km;
    ++inv.lines[idx(line.mode)];
  }
  return inv;
}

std::optional<double> indicator_value(const Inventory& inv, std::string_view k) {
  using net::LinkClass;
  if (k == "railway_km") {
    return inv.route_km[idx(TransitMode::kRail)] + inv.route_km[idx(TransitMode::kHighSpeedRail)];
  }
  if (k == "sm_rail_km") {
    return inv.route_km[idx(TransitMode::kSuburbanRail)] + inv.route_km[idx(TransitMode::kMetro)];
  }
  if (k == "expressway_km") return inv.centre_line_km[idx(LinkClass::kExpressway)];
  if (k == "urban_expressway_km") return inv.centre_line_km[idx(LinkClass::kUrbanExpressway)];
  if (k == "national_road_km") return inv.centre_line_km[idx(LinkClass::kNationalRoad)];
  if (k == "provincial_road_km") return inv.centre_line_km[idx(LinkClass::kProvincialRoad)];
  if (k == "brt_km") return inv.route_km[idx(TransitMode::kBrt)];
  return std::nullopt;
}

void print_scenario(std::ostream& os, const LoadedScenario& s, const Inventory& inv) {
  os << "scenario " << s.name;
  if (!s.title.empty()) os << ": " << s.title;
  os << "\n  file: " << s.file.string() << "\n";
  if (s.year != 0) os << "  year: " << s.year << "\n";
  os << "  chain:";
  for (std::size_t i = 0; i < s.chain.size(); ++i) {
    os << (i == 0 ? " " : " -> ") << s.chain[i].filename().string();
  }
  if (!s.includes.empty()) {
    os << "\n  includes:";
    for (std::size_t i = 0; i < s.includes.size(); ++i) {
      os << (i == 0 ? " " : ", ") << s.includes[i].filename().string();
    }
  }
  os << "\n  modifications: " << s.modification_count << " (" << s.roads.size()
     << " roads added along the chain)\n";
  std::size_t approximate = 0;
  for (const LineInfo& l : s.lines) approximate += l.approximate_stops.size();
  if (approximate > 0) os << "  stops placed by a rule (approximate): " << approximate << "\n";

  net::NetworkSummary summary = net::summarize(s.model);
  summary.name = "model of " + s.name;
  net::print_summary(os, summary);

  if (!inv.area.empty()) {
    os << "inventory inside " << inv.area.filename().string()
       << " (links and line sections whose midpoint lies inside; stated lengths as stated)\n";
  }
  os << "inventory: road centre-line km by class\n";
  for (std::size_t c = 0; c < net::kLinkClassCount; ++c) {
    if (inv.centre_line_km[c] <= 0) continue;
    os << "  " << std::left << std::setw(20) << net::to_string(static_cast<net::LinkClass>(c))
       << std::right << std::setw(10) << fixed(inv.centre_line_km[c]) << "\n";
  }
  os << "inventory: transit route km by mode (lines)\n";
  for (std::size_t m = 0; m < kTransitModeCount; ++m) {
    if (inv.lines[m] == 0) continue;
    os << "  " << std::left << std::setw(20) << to_string(static_cast<TransitMode>(m)) << std::right
       << std::setw(10) << fixed(inv.route_km[m]) << "  (" << inv.lines[m] << ")\n";
  }
  os << "plan indicators\n  " << std::left << std::setw(24) << "indicator" << std::right
     << std::setw(10) << "value" << std::setw(20) << "target" << std::setw(6) << "met"
     << "  source\n";
  for (const Row& r : indicator_rows(s, inv)) {
    std::string target = "-";
    if (r.target != nullptr) {
      target = (r.target->at_most ? "<= " : ">= ") + fixed(r.target->value);
      if (r.target->year != 0) target += " (" + std::to_string(r.target->year) + ")";
    }
    os << "  " << std::left << std::setw(24) << r.indicator << std::right << std::setw(10)
       << (r.value ? fixed(*r.value, 2) : std::string("n/a")) << std::setw(20) << target
       << std::setw(6) << (r.met ? (*r.met ? "yes" : "no") : "-");
    if (r.target != nullptr && !r.target->source.empty()) os << "  " << r.target->source;
    os << "\n";
  }
}

void print_scenario_json(std::ostream& os, const LoadedScenario& s, const Inventory& inv) {
  os << "{\"name\":" << json_string(s.name) << ",\"title\":" << json_string(s.title)
     << ",\"file\":" << json_string(s.file.string()) << ",\"year\":" << s.year << ",\"chain\":[";
  for (std::size_t i = 0; i < s.chain.size(); ++i) {
    os << (i ? "," : "") << json_string(s.chain[i].string());
  }
  os << "],\"includes\":[";
  for (std::size_t i = 0; i < s.includes.size(); ++i) {
    os << (i ? "," : "") << json_string(s.includes[i].string());
  }
  os << "],\"area\":" << json_string(inv.area.string())
     << ",\"modifications\":" << s.modification_count << ",\"nodes\":" << s.model.road.node_count()
     << ",\"links\":" << s.model.road.link_count() << ",\"zones\":" << s.model.road.zone_count()
     << ",\"transit_routes\":" << (s.model.transit ? s.model.transit->route_count() : 0)
     << ",\"centre_line_km\":{";
  bool first = true;
  for (std::size_t c = 0; c < net::kLinkClassCount; ++c) {
    if (inv.centre_line_km[c] <= 0) continue;
    os << (first ? "" : ",") << json_string(net::to_string(static_cast<net::LinkClass>(c))) << ":"
       << json_number(inv.centre_line_km[c]);
    first = false;
  }
  os << "},\"route_km\":{";
  first = true;
  for (std::size_t m = 0; m < kTransitModeCount; ++m) {
    if (inv.lines[m] == 0) continue;
    os << (first ? "" : ",") << json_string(to_string(static_cast<TransitMode>(m)))
       << ":{\"km\":" << json_number(inv.route_km[m]) << ",\"lines\":" << inv.lines[m] << "}";
    first = false;
  }
  os << "},\"indicators\":[";
  first = true;
  for (const Row& r : indicator_rows(s, inv)) {
    os << (first ? "" : ",") << "{\"indicator\":" << json_string(r.indicator)
       << ",\"value\":" << (r.value ? json_number(*r.value) : "null");
    if (r.target != nullptr) {
      os << ",\"target\":" << json_number(r.target->value)
         << ",\"comparison\":" << json_string(r.target->at_most ? "<=" : ">=")
         << ",\"target_year\":" << r.target->year
         << ",\"source\":" << json_string(r.target->source);
    }
    os << ",\"met\":" << (r.met ? (*r.met ? "true" : "false") : "null") << "}";
    first = false;
  }
  os << "]}\n";
}

}  // namespace ouflow::scenario
