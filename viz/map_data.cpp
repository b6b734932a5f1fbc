#include "viz/map_data.h"

#include "scenarios/scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include "networks/geo.h"
#include "networks/input_error.h"
#include "networks/io/csv.h"
#include "networks/io/gtfs.h"
#include "sim/road/assignment_output.h"
#include "sim/road/link_performance.h"
#include "viz/geojson.h"

namespace ouflow::viz {
namespace {

// Projects lon/lat into the map frame.
class Projector {
 public:
  explicit Projector(std::string frame) : frame_(std::move(frame)) {}
  const std::string& frame() const { return frame_; }

  std::vector<Vec2> project(const std::vector<Vec2>& lonlat, const std::string& layer) const {
    if (lonlat.empty()) return {};
    if (frame_ == "local") {
      throw std::invalid_argument(
          layer +
          ": has lon/lat coordinates but the network has local x/y of unknown reference; "
          "read the network with --node-coordinates wgs84 or give one with lon/lat");
    }
    std::vector<double> lon(lonlat.size()), lat(lonlat.size()), x, y;
    for (std::size_t i = 0; i < lonlat.size(); ++i) lon[i] = lonlat[i].x, lat[i] = lonlat[i].y;
    net::project_wgs84(frame_, lon, lat, x, y);
    std::vector<Vec2> out(lonlat.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = {x[i], y[i]};
    return out;
  }

 private:
  std::string frame_;
};

bool has_lonlat(const net::RoadNetwork& r) {
  for (net::NodeId n : r.nodes()) {
    if (std::isfinite(r.lon()[n]) && std::isfinite(r.lat()[n])) return true;
  }
  return false;
}

bool has_xy(const net::RoadNetwork& r) {
  for (net::NodeId n : r.nodes()) {
    if (std::isfinite(r.x()[n]) && std::isfinite(r.y()[n])) return true;
  }
  return false;
}

std::string frame_for(const net::Model& m) {
  double lon = 0, lat = 0;
  std::size_t n = 0;
  if (has_lonlat(m.road)) {
    for (net::NodeId v : m.road.nodes()) {
      if (std::isfinite(m.road.lon()[v]) && std::isfinite(m.road.lat()[v])) {
        lon += m.road.lon()[v], lat += m.road.lat()[v], ++n;
      }
    }
  } else if (has_xy(m.road)) {
    return m.road.metadata().projection.empty() ? "local" : m.road.metadata().projection;
  } else if (m.transit) {
    const auto& c = m.transit->columns();
    for (net::StopId s : m.transit->stops()) {
      if (std::isfinite(c.stop_lon[s]) && std::isfinite(c.stop_lat[s])) {
        lon += c.stop_lon[s], lat += c.stop_lat[s], ++n;
      }
    }
  }
  if (n == 0) throw std::invalid_argument("nothing to draw: no node or stop has coordinates");
  return net::utm_epsg_for(lon / static_cast<double>(n), lat / static_cast<double>(n));
}

std::vector<Vec2> node_positions(const net::RoadNetwork& r, const Projector& proj) {
  std::vector<Vec2> pos(r.node_count());
  if (has_lonlat(r)) {
    std::vector<Vec2> ll(r.node_count());
    for (net::NodeId n : r.nodes()) ll[n.value()] = {r.lon()[n], r.lat()[n]};
    return proj.project(ll, "network");
  }
  for (net::NodeId n : r.nodes()) pos[n.value()] = {r.x()[n], r.y()[n]};
  return pos;
}

// Free-flow speed from the speed column, else from length and free-flow time.
double free_speed(const net::RoadNetwork& r, net::LinkId l) {
  if (r.speed_kmh()[l] > 0) return r.speed_kmh()[l];
  if (r.free_flow_time_s()[l] > 0) return r.length_m()[l] / r.free_flow_time_s()[l] * 3.6;
  return kNoValue;
}

// Congested speed (km/h) and V/C of every link under `flows`; NaN where undefined.
void apply_flows(const net::RoadNetwork& r, const std::vector<double>& flows,
                 std::vector<double>& speed, std::vector<double>& vc) {
  if (flows.size() != r.link_count()) {
    throw std::invalid_argument("flows: " + std::to_string(flows.size()) + " values for " +
                                std::to_string(r.link_count()) + " links");
  }
  const sim::LinkPerformance perf(r);
  speed.assign(r.link_count(), kNoValue);
  vc.assign(r.link_count(), kNoValue);
  for (net::LinkId l : r.links()) {
    const double x = flows[l.value()];
    const double t = perf.time(l.value(), x);
    if (t > 0 && r.length_m()[l] > 0) speed[l.value()] = r.length_m()[l] / t * 3.6;
    if (r.capacity_vph()[l] > 0) vc[l.value()] = x / r.capacity_vph()[l];
  }
}

// Links keyed by (from, to, k-th parallel link in file order), for matching two scenarios.
std::map<std::tuple<std::int64_t, std::int64_t, int>, net::LinkId> link_keys(
    const net::RoadNetwork& r) {
  std::map<std::tuple<std::int64_t, std::int64_t, int>, net::LinkId> keys;
  std::map<std::pair<std::int64_t, std::int64_t>, int> seen;
  for (net::LinkId l : r.input_order()) {
    const std::int64_t a = r.node_external_id()[r.tail()[l]];
    const std::int64_t b = r.node_external_id()[r.head()[l]];
    keys[{a, b, seen[{a, b}]++}] = l;
  }
  return keys;
}

std::vector<double> zone_values(const net::Model& m, std::string& name) {
  const auto& r = m.road;
  std::vector<double> v(r.zone_count(), kNoValue);
  if (m.demand && m.demand->zone_count() == r.zone_count()) {
    name = "trips produced";
    for (net::ZoneId z : r.zones()) {
      double s = 0;
      for (double x : m.demand->row(z)) s += x;
      v[z.value()] = s;
    }
    return v;
  }
  bool pop = false, jobs = false;
  for (net::ZoneId z : r.zones()) pop |= r.zone_population()[z] > 0, jobs |= r.zone_jobs()[z] > 0;
  name = pop ? "population" : jobs ? "jobs" : "";
  for (net::ZoneId z : r.zones()) {
    v[z.value()] = pop ? r.zone_population()[z] : jobs ? r.zone_jobs()[z] : kNoValue;
  }
  return v;
}

std::optional<Rgba> parse_color(std::string_view hex) {
  if (!hex.empty() && hex.front() == '#') hex.remove_prefix(1);
  if (hex.size() != 6) return std::nullopt;
  unsigned v = 0;
  for (char ch : hex) {
    const int d = ch >= '0' && ch <= '9'   ? ch - '0'
                  : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                  : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                           : -1;
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<unsigned>(d);
  }
  return Rgba{static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>((v >> 8) & 255),
              static_cast<std::uint8_t>(v & 255), 255};
}

// Stations whose names are labelled: rail (rank 1), metro, suburban rail and tram (rank 2).
int station_rank(std::int32_t route_type) {
  switch (net::basic_route_type(route_type)) {
    case 2:
      return 1;
    case 0:
    case 1:
      return 2;
    default:
      return -1;
  }
}

std::string thousands(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  std::string s = buf, out;
  const std::size_t lead = s.size() % 3 == 0 ? 3 : s.size() % 3;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && i >= lead && (i - lead) % 3 == 0 && s[i - 1] != '-') out += ',';
    out += s[i];
  }
  return out;
}

void add_transit(const net::TransitNetwork& t, const Projector& proj, const MapSources& src,
                 MapData& out) {
  const auto& c = t.columns();
  std::vector<Vec2> ll(t.stop_count());
  for (net::StopId s : t.stops()) ll[s.value()] = {c.stop_lon[s], c.stop_lat[s]};
  out.stop_pos = proj.project(ll, "transit stops");

  auto route_name = [&](net::RouteId r) {
    return !c.route_short_name[r].empty()  ? c.route_short_name[r]
           : !c.route_long_name[r].empty() ? c.route_long_name[r]
                                           : c.route_id[r];
  };
  auto load_of = [&](net::RouteId r) -> const LineLoad* {
    const auto it = src.line_loads.find(c.route_id[r]);
    return it == src.line_loads.end() ? nullptr : &it->second;
  };
  std::vector<MapLabel> stations;
  for (net::StopId s : t.stops()) {
    if (!finite(out.stop_pos[s.value()])) continue;
    if (c.stop_location_type[s] != net::LocationType::kStop && t.patterns_at(s).empty()) continue;
    std::map<std::string, double> names;  // name -> boardings of the line (NaN: unknown)
    int rank = -1;
    for (net::PatternId p : t.patterns_at(s)) {
      const net::RouteId r = c.pattern_route[p];
      const LineLoad* load = load_of(r);
      names[route_name(r)] = load ? load->boardings : kNoValue;
      const int k = station_rank(c.route_type[r]);
      if (k >= 0 && (rank < 0 || k < rank)) rank = k;
    }
    std::string routes;
    for (const auto& [n, b] : names) {
      routes += (routes.empty() ? "" : ", ") + n;
      if (!std::isnan(b)) routes += " (" + thousands(b) + " boardings)";
    }
    out.stops.push_back({s.value(), out.stop_pos[s.value()], c.stop_name[s], c.stop_id[s], routes});
    if (src.station_labels && rank >= 0 && !c.stop_name[s].empty()) {
      // One label per name within 1 km (a station served by several lines or platforms).
      bool dup = false;
      for (MapLabel& l : stations) {
        if (l.text == c.stop_name[s] && std::hypot(l.p.x - out.stop_pos[s.value()].x,
                                                   l.p.y - out.stop_pos[s.value()].y) < 1000) {
          l.rank = std::min(l.rank, rank);
          dup = true;
        }
      }
      if (!dup) stations.push_back({out.stop_pos[s.value()], c.stop_name[s], rank, true, true});
    }
  }
  out.labels.insert(out.labels.end(), stations.begin(), stations.end());

  // One polyline per distinct shape (or stop sequence) of each route.
  std::set<std::pair<std::uint32_t, std::uint32_t>> shapes_done;
  std::set<std::vector<std::uint32_t>> sequences_done;
  for (net::PatternId p : t.patterns()) {
    const net::RouteId r = c.pattern_route[p];
    const auto trips = t.pattern_trips(p);
    if (trips.begin() == trips.end()) continue;
    const net::TripId first = *trips.begin();
    MapLine line;
    line.route_type = c.route_type[r];
    line.color = route_type_color(line.route_type, r.value());
    if (auto col = parse_color(c.route_color[r])) line.color = *col;  // the feed's own colour
    if (r.value() < src.route_colors.size()) {
      if (auto col = parse_color(src.route_colors[r.value()])) line.color = *col;
    }
    line.name = route_name(r);
    line.route = r.value();
    if (const LineLoad* load = load_of(r)) {
      line.boardings = load->boardings, line.max_load = load->max_load;
      out.has_line_loads = true;
    }
    const net::ShapeId sh = c.trip_shape[first];
    if (sh.valid() && c.shape_first_point[sh.value() + 1] - c.shape_first_point[sh.value()] >= 2) {
      if (!shapes_done.insert({r.value(), sh.value()}).second) continue;
      std::vector<Vec2> pts;
      for (std::uint32_t k = c.shape_first_point[sh.value()];
           k < c.shape_first_point[sh.value() + 1]; ++k) {
        pts.push_back({c.shape_point_lon[k], c.shape_point_lat[k]});
      }
      line.points = proj.project(pts, "transit shapes");
    } else {
      std::vector<std::uint32_t> seq{r.value()};
      for (net::StopId s : t.pattern_stops(p)) seq.push_back(s.value());
      if (!sequences_done.insert(seq).second) continue;
      for (net::StopId s : t.pattern_stops(p)) {
        if (finite(out.stop_pos[s.value()])) line.points.push_back(out.stop_pos[s.value()]);
      }
    }
    if (line.points.size() >= 2) out.lines.push_back(std::move(line));
  }
  // Buses below trams below rail: rail on top.
  auto rank = [](std::int32_t type) {
    switch (net::basic_route_type(type)) {
      case 1:
      case 2:
        return 2;
      case 0:
        return 1;
      default:
        return 0;
    }
  };
  std::stable_sort(out.lines.begin(), out.lines.end(), [&](const MapLine& a, const MapLine& b) {
    return rank(a.route_type) < rank(b.route_type);
  });
}

// Labels of places at their zones: external cities and county seats (rank 0, with the county's
// English name), other places (rank 2) at the mean centroid of their zones.
void add_place_labels(const std::vector<ZonePlace>& places, MapData& out) {
  if (places.empty()) return;
  std::map<std::int64_t, Vec2> pos;
  for (const MapZone& z : out.zones) pos[z.id] = z.p;
  std::set<std::string> seats;
  for (const ZonePlace& p : places) {
    const auto it = pos.find(p.zone_id);
    if (it == pos.end() || p.place.empty()) continue;
    if (p.region == "external" || p.county_seat) {
      std::string text = p.place;
      if (!p.county_en.empty() && (p.place == p.county_zh || p.region == "external")) {
        text += " " + p.county_en;
      }
      out.labels.push_back({it->second, text, 0, p.region == "external"});
      seats.insert(p.place);
    }
  }
  std::map<std::string, std::pair<Vec2, int>> sum;  // place -> (sum of centroids, count)
  std::vector<std::string> order;
  for (const ZonePlace& p : places) {
    const auto it = pos.find(p.zone_id);
    if (it == pos.end() || p.place.empty() || seats.count(p.place) || p.region == "external") {
      continue;
    }
    auto [e, fresh] = sum.try_emplace(p.place, Vec2{0, 0}, 0);
    if (fresh) order.push_back(p.place);
    e->second.first.x += it->second.x, e->second.first.y += it->second.y, ++e->second.second;
  }
  for (const std::string& name : order) {
    const auto& [v, n] = sum[name];
    out.labels.push_back({{v.x / n, v.y / n}, name, 2, false});
  }
}

MapIsochrone to_isochrone(const LonLatPolygons& poly, const Projector& proj,
                          const std::string& label) {
  MapIsochrone iso;
  iso.label = label;
  std::map<double, IsoBand> bands;  // NaN minutes sort as one band at the end
  for (std::size_t i = 0; i < poly.rings.size(); ++i) {
    const double m = std::isnan(poly.minutes[i]) ? 1e9 : poly.minutes[i];
    IsoBand& b = bands[m];
    b.minutes = poly.minutes[i];
    b.rings.push_back(proj.project(poly.rings[i], label));
  }
  for (auto& [m, b] : bands) iso.bands.push_back(std::move(b));
  return iso;
}

}  // namespace

std::optional<std::pair<double, std::string>> local_unit(const net::RoadNetwork& r) {
  std::vector<double> ratio;
  for (net::LinkId l : r.links()) {
    const net::NodeId a = r.tail()[l], b = r.head()[l];
    const double d = std::hypot(r.x()[b] - r.x()[a], r.y()[b] - r.y()[a]);
    if (d > 0 && std::isfinite(d) && r.length_m()[l] > 0) ratio.push_back(r.length_m()[l] / d);
  }
  if (ratio.empty()) return std::nullopt;
  std::nth_element(ratio.begin(), ratio.begin() + static_cast<std::ptrdiff_t>(ratio.size() / 2),
                   ratio.end());
  const double median = ratio[ratio.size() / 2];
  const std::pair<double, const char*> units[] = {{1.0, "metres"},
                                                  {0.3048, "feet"},
                                                  {0.9144, "yards"},
                                                  {1000.0, "kilometres"},
                                                  {1609.344, "miles"}};
  for (const auto& [m, name] : units) {
    if (median >= 0.9 * m && median <= 1.6 * m) return std::pair<double, std::string>{m, name};
  }
  return std::nullopt;
}

std::int32_t ZoneCells::at_point(Vec2 p) const {
  if (empty() || !finite(p)) return -1;
  const double i = std::floor((p.x - origin.x) / cell_m), j = std::floor((p.y - origin.y) / cell_m);
  if (i < 0 || j < 0 || i >= nx || j >= ny) return -1;
  return at(static_cast<int>(i), static_cast<int>(j));
}

ZoneCells nearest_centroid_cells(const std::vector<Vec2>& centroids, const std::vector<Ring>& clip,
                                 int max_cells) {
  ZoneCells out;
  std::vector<std::size_t> valid;
  for (std::size_t k = 0; k < centroids.size(); ++k) {
    if (finite(centroids[k])) valid.push_back(k);
  }
  if (valid.size() < 2 || max_cells < 2) return out;
  // Buckets of centroids for the nearest-neighbour searches.
  Box cb;
  for (std::size_t k : valid) cb.add(centroids[k]);
  const double span = std::max({cb.width(), cb.height(), 1.0});
  const double bucket = span / std::max(1.0, std::sqrt(static_cast<double>(valid.size())));
  const int bx = static_cast<int>(cb.width() / bucket) + 1,
            by = static_cast<int>(cb.height() / bucket) + 1;
  std::vector<std::vector<std::size_t>> buckets(static_cast<std::size_t>(bx) * by);
  auto bucket_of = [&](Vec2 p, int& i, int& j) {
    i = static_cast<int>(std::floor((p.x - cb.min_x) / bucket));
    j = static_cast<int>(std::floor((p.y - cb.min_y) / bucket));
  };
  for (std::size_t k : valid) {
    int i = 0, j = 0;
    bucket_of(centroids[k], i, j);
    buckets[static_cast<std::size_t>(j) * bx + i].push_back(k);
  }
  // Nearest centroid to p within `reach` (excluding `self`), by rings of buckets.
  auto nearest = [&](Vec2 p, double reach, std::size_t self, double& best_d) {
    std::size_t best = centroids.size();
    best_d = reach;
    int ci = 0, cj = 0;
    bucket_of(p, ci, cj);
    const int rad = static_cast<int>(std::ceil(reach / bucket));
    for (int j = std::max(0, cj - rad); j <= std::min(by - 1, cj + rad); ++j) {
      for (int i = std::max(0, ci - rad); i <= std::min(bx - 1, ci + rad); ++i) {
        for (std::size_t k : buckets[static_cast<std::size_t>(j) * bx + i]) {
          if (k == self) continue;
          const double d = std::hypot(centroids[k].x - p.x, centroids[k].y - p.y);
          if (d < best_d || (d == best_d && k < best)) best_d = d, best = k;
        }
      }
    }
    return best;
  };
  std::vector<double> nn;
  for (std::size_t k : valid) {
    double d = 0;
    if (nearest(centroids[k], 2 * span, k, d) < centroids.size() && d > 0) nn.push_back(d);
  }
  if (nn.empty()) return out;
  std::nth_element(nn.begin(), nn.begin() + static_cast<std::ptrdiff_t>(nn.size() / 2), nn.end());
  const double reach = 2 * nn[nn.size() / 2];

  Box area;
  for (const Ring& r : clip) {
    for (Vec2 p : r) area.add(p);
  }
  if (area.empty()) {
    area = cb;
    area.add({cb.min_x - reach, cb.min_y - reach}), area.add({cb.max_x + reach, cb.max_y + reach});
  }
  out.cell_m = std::max(area.width(), area.height()) / max_cells;
  if (!(out.cell_m > 0)) return out;
  out.origin = {area.min_x, area.min_y};
  out.nx = static_cast<int>(std::ceil(area.width() / out.cell_m));
  out.ny = static_cast<int>(std::ceil(area.height() / out.cell_m));
  out.nx = std::max(out.nx, 1), out.ny = std::max(out.ny, 1);
  out.zone.assign(static_cast<std::size_t>(out.nx) * out.ny, -1);
  std::vector<double> xs;
  for (int j = 0; j < out.ny; ++j) {
    const double y = out.origin.y + (j + 0.5) * out.cell_m;
    // Inside the clip rings (even-odd) along this row: spans between sorted crossings.
    xs.clear();
    if (!clip.empty()) {
      for (const Ring& r : clip) {
        for (std::size_t k = 0; k < r.size(); ++k) {
          const Vec2 a = r[k], b = r[(k + 1) % r.size()];
          if ((a.y <= y) != (b.y <= y)) xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
        }
      }
      std::sort(xs.begin(), xs.end());
    }
    std::size_t span_k = 0;
    for (int i = 0; i < out.nx; ++i) {
      const double x = out.origin.x + (i + 0.5) * out.cell_m;
      if (!clip.empty()) {
        while (span_k < xs.size() && xs[span_k] <= x) ++span_k;
        if (span_k % 2 == 0) continue;  // an even number of crossings to the left: outside
      }
      double d = 0;
      const std::size_t k = nearest({x, y}, reach, centroids.size(), d);
      if (k < centroids.size())
        out.zone[static_cast<std::size_t>(j) * out.nx + i] = static_cast<std::int32_t>(k);
    }
  }
  return out;
}

Box MapData::bounds() const {
  if (!focus.empty()) return focus;
  Box b;
  if (fit_to_boundaries) {
    for (const auto& r : boundaries) {
      for (Vec2 p : r) b.add(p);
    }
    if (!b.empty()) return b;
  }
  for (const auto& l : links) b.add(l.a), b.add(l.b);
  for (const auto& s : stops) b.add(s.p);
  for (const auto& l : lines) {
    for (Vec2 p : l.points) b.add(p);
  }
  for (const auto& z : zones) b.add(z.p);
  if (b.empty()) {
    for (const auto& r : boundaries) {
      for (Vec2 p : r) b.add(p);
    }
    for (const auto& iso : isochrones) {
      for (const auto& band : iso.bands) {
        for (const auto& r : band.rings) {
          for (Vec2 p : r) b.add(p);
        }
      }
    }
  }
  return b;
}

MapData build_map_data(const net::Model& model, const MapSources& src) {
  MapData out;
  out.title = src.title;
  const Projector proj(frame_for(model));
  out.frame = proj.frame();
  const auto& r = model.road;
  out.node_pos = node_positions(r, proj);
  if (out.frame == "local") {
    // Scale local x/y to metres when the link lengths tell their unit.
    if (const auto unit = local_unit(r)) {
      for (Vec2& p : out.node_pos) p = {p.x * unit->first, p.y * unit->first};
      out.frame_note = "local x/y in " + unit->second + " (told from link lengths)";
    } else {
      out.metric = false;
      out.frame_note = "local x/y of unknown unit";
    }
  } else {
    out.frame_note = "coordinates: " + out.frame;
  }

  std::vector<double> speed, vc;
  if (!src.flows.empty()) {
    apply_flows(r, src.flows, speed, vc);
    out.has_flows = true;
  }
  const std::vector<std::string> dir_ids = sim::direction_link_ids(r);
  for (net::LinkId l : r.links()) {
    const Vec2 a = out.node_pos[r.tail()[l].value()], b = out.node_pos[r.head()[l].value()];
    if (!finite(a) || !finite(b)) continue;
    MapLink m;
    m.id = l.value();
    m.a = a, m.b = b;
    m.link_class = r.link_class()[l];
    m.from = r.node_external_id()[r.tail()[l]];
    m.to = r.node_external_id()[r.head()[l]];
    m.link_id = dir_ids[l.value()];
    m.name = r.link_name()[l];
    m.capacity_vph = r.capacity_vph()[l];
    m.length_m = r.length_m()[l];
    m.free_speed_kmh = free_speed(r, l);
    if (out.has_flows) {
      m.flow_vph = src.flows[l.value()];
      m.speed_kmh = speed[l.value()];
      m.vc = vc[l.value()];
    }
    out.links.push_back(m);
  }

  std::vector<double> zv = zone_values(model, out.zone_value_name);
  if (!src.zone_values.empty()) {
    out.zone_value_name = src.zone_value_name;
    for (net::ZoneId z : r.zones()) {
      const auto it = src.zone_values.find(r.zone_external_id()[z]);
      zv[z.value()] = it == src.zone_values.end() ? kNoValue : it->second;
    }
  }
  for (net::ZoneId z : r.zones()) {
    const Vec2 p = out.node_pos[r.zone_centroid()[z].value()];
    if (finite(p))
      out.zones.push_back({r.zone_external_id()[z], p, zv[z.value()], kNoValue, kNoValue, {}});
  }

  for (MapZone& z : out.zones) {
    if (auto it = src.cbd_minutes.find(z.id); it != src.cbd_minutes.end()) {
      z.cbd_min = it->second;
      out.has_circle |= std::isfinite(z.cbd_min);
    }
    if (auto it = src.zone_names.find(z.id); it != src.zone_names.end()) z.name = it->second;
    if (z.name.empty()) {
      if (auto zid = r.find_zone(z.id)) z.name = r.zone_name()[*zid];
    }
  }
  out.circle_basis = src.cbd_basis;
  if (src.cbd_lonlat) {
    out.cbd = proj.project({*src.cbd_lonlat}, "CBD").front();
  } else if (out.has_circle) {
    const MapZone* best = nullptr;
    for (const MapZone& z : out.zones) {
      if (std::isfinite(z.cbd_min) && (!best || z.cbd_min < best->cbd_min)) best = &z;
    }
    out.cbd = best->p;
  }
  add_place_labels(src.places, out);
  for (const MapLabel& l : src.lonlat_labels) {
    MapLabel m = l;
    m.p = proj.project({l.p}, "labels").front();
    out.labels.push_back(std::move(m));
  }

  if (model.transit) add_transit(*model.transit, proj, src, out);

  if (src.compare) {
    out.has_compare = true;
    const auto& rb = src.compare->road;
    std::vector<double> speed_b(rb.link_count(), kNoValue), vc_b;
    if (!src.compare_flows.empty()) {
      apply_flows(rb, src.compare_flows, speed_b, vc_b);
    } else {
      for (net::LinkId l : rb.links()) speed_b[l.value()] = free_speed(rb, l);
    }
    const auto keys_a = link_keys(r);
    const auto keys_b = link_keys(rb);
    std::vector<double> by_a(r.link_count(), kNoValue);
    for (const auto& [key, la] : keys_a) {
      auto it = keys_b.find(key);
      if (it != keys_b.end()) by_a[la.value()] = speed_b[it->second.value()];
    }
    for (MapLink& m : out.links) m.compare_speed_kmh = by_a[m.id];
    std::string name_b;
    const std::vector<double> zb = zone_values(*src.compare, name_b);
    for (MapZone& z : out.zones) {
      if (auto zid = rb.find_zone(z.id)) z.compare_value = zb[zid->value()];
    }
  }

  if (src.boundaries) {
    for (const auto& ring : src.boundaries->rings) {
      out.boundaries.push_back(proj.project(ring, "boundaries"));
    }
  }
  if (out.zones.size() >= 2) {
    std::vector<Vec2> centroids;
    for (const MapZone& z : out.zones) centroids.push_back(z.p);
    out.zone_cells = nearest_centroid_cells(centroids, out.boundaries);
  }
  if (src.isochrone) out.isochrones.push_back(to_isochrone(*src.isochrone, proj, "isochrone"));
  if (src.compare_isochrone) {
    if (!src.isochrone) {
      throw std::invalid_argument("--compare-isochrone needs --isochrone (the first scenario's)");
    }
    out.isochrones.push_back(to_isochrone(*src.compare_isochrone, proj, "compare isochrone"));
  }
  if (out.bounds().empty()) {
    throw std::invalid_argument("nothing to draw: no link, stop, zone or polygon has coordinates");
  }
  return out;
}

namespace {

net::Model read_network_or_scenario(const std::filesystem::path& p, const io::ReadOptions& options,
                                    std::optional<scenario::LoadedScenario>* loaded) {
  const auto file = scenario::scenario_file_of(p.string());
  if (!file) return io::read_model(p, io::detect_format(p), options);
  scenario::LoadedScenario s = scenario::load_scenario(*file);
  net::Model m = std::move(s.model);
  if (loaded) *loaded = std::move(s);
  return m;
}

}  // namespace

std::map<std::int64_t, double> read_zone_values(const std::filesystem::path& path,
                                                std::string& column) {
  io::CsvReader csv(path);
  const std::size_t id = csv.require_column("zone_id");
  if (column.empty()) {
    if (csv.column_count() < 2) {
      throw InputError(path, csv.header_line(), "zone_id", "needs a value column beside zone_id");
    }
    column = csv.column_name(id == 0 ? 1 : 0);
  }
  const std::size_t v = csv.require_column(column);
  std::map<std::int64_t, double> out;
  while (csv.next()) {
    const auto x = csv.optional_number(v);
    out[csv.integer(id)] = x ? *x : kNoValue;
  }
  return out;
}

std::map<std::string, LineLoadRow> read_line_loads(const std::filesystem::path& path) {
  io::CsvReader csv(path);
  const std::size_t id = csv.require_column("route_id");
  const auto max_load = csv.column("max_section_load");
  const auto boardings = csv.column("boardings");
  if (!max_load && !boardings) {
    throw InputError(path, csv.header_line(), "max_section_load",
                     "missing column (needs max_section_load or boardings)");
  }
  std::map<std::string, LineLoadRow> out;
  while (csv.next()) {
    const std::string route(csv.field(id));
    if (route.empty()) throw InputError(path, csv.line(), "route_id", "empty");
    LineLoadRow row;
    row.line = csv.line();
    if (max_load) row.load.max_load = csv.optional_number(max_load).value_or(kNoValue);
    if (boardings) row.load.boardings = csv.optional_number(boardings).value_or(kNoValue);
    if (!out.emplace(route, row).second) {
      throw InputError(path, csv.line(), "route_id", "'" + route + "' appears twice");
    }
  }
  return out;
}

std::map<std::int64_t, double> read_cbd_minutes(const std::filesystem::path& path,
                                                std::string& basis) {
  io::CsvReader csv(path);
  const std::size_t id = csv.require_column("zone_id");
  const auto fastest = csv.column("fastest_to_cbd_min");
  const auto car = csv.column("car_to_cbd_min");
  const auto transit = csv.column("transit_to_cbd_min");
  basis = fastest          ? "fastest mode"
          : car && transit ? "faster of car and transit"
          : car            ? "car"
          : transit        ? "transit"
                           : "";
  std::map<std::int64_t, double> out;
  if (basis.empty()) return out;
  while (csv.next()) {
    double v = kNoValue;
    if (fastest) {
      v = csv.optional_number(fastest).value_or(kNoValue);
    } else {
      for (auto col : {car, transit}) {
        if (!col) continue;
        const double x = csv.optional_number(col).value_or(kNoValue);
        if (std::isfinite(x) && !(v <= x)) v = x;
      }
    }
    out[csv.integer(id)] = v;
  }
  return out;
}

std::map<std::int64_t, std::string> read_zone_names(const std::filesystem::path& path) {
  io::CsvReader csv(path);
  const std::size_t id = csv.require_column("zone_id");
  const auto name = csv.column("name");
  std::map<std::int64_t, std::string> out;
  if (!name) return out;
  while (csv.next()) out[csv.integer(id)] = std::string(csv.field(name));
  return out;
}

void add_results(MapSources& src, const net::Model& model, const std::filesystem::path& dir,
                 const std::string& zone_column) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw InputError(dir, 0, "--results", "not a folder (an `ouflow evaluate --out` folder)");
  }
  auto need = [&](const char* name) {
    const auto p = dir / name;
    if (!std::filesystem::exists(p, ec)) {
      throw InputError(p, 0, name, "missing: --results needs an `ouflow evaluate` output folder");
    }
    return p;
  };
  const auto flows = need("link_flows.csv");
  const auto zones = need("zones.csv");
  const auto loads = need("line_loads.csv");
  if (src.flows.empty()) src.flows = sim::read_link_flows(flows, model.road);
  if (src.zone_values.empty()) {
    std::string column = zone_column.empty() ? "transit_to_cbd_min" : zone_column;
    src.zone_values = read_zone_values(zones, column);
    src.zone_value_name = column;
  }
  src.cbd_minutes = read_cbd_minutes(zones, src.cbd_basis);
  src.zone_names = read_zone_names(zones);
  std::set<std::string> routes;
  if (model.transit) {
    for (net::RouteId r : model.transit->routes())
      routes.insert(model.transit->columns().route_id[r]);
  }
  for (const auto& [id, row] : read_line_loads(loads)) {
    if (!routes.count(id)) {
      throw InputError(loads, row.line, "route_id",
                       "'" + id + "' is not a route of the network's transit layer");
    }
    src.line_loads[id] = row.load;
  }
}

MapSources scenario_sources(const scenario::LoadedScenario& s) {
  MapSources src;
  src.title = s.title.empty() ? s.name : s.title;
  if (!s.study_area.boundaries.empty()) {
    src.boundaries = read_geojson_polygons(s.study_area.boundaries);
  }
  if (s.study_area.cbd) src.cbd_lonlat = Vec2{s.study_area.cbd->lon, s.study_area.cbd->lat};
  for (const auto& l : s.lines) src.route_colors.push_back(l.color);
  if (const auto attr = scenario::zone_attributes_file(s.base_network); !attr.empty()) {
    src.places = scenario::read_zone_attributes(attr);
  }
  return src;
}

LoadedMap load_map(const ViewFiles& f, const io::ReadOptions& options) {
  std::optional<scenario::LoadedScenario> scen;
  auto model = std::make_shared<net::Model>(read_network_or_scenario(f.network, options, &scen));
  if (!f.gtfs.empty()) {
    io::GtfsReport report;
    model->transit = io::read_gtfs(f.gtfs, report);
  }
  MapSources src;
  if (scen) {
    src = scenario_sources(*scen);
    if (!f.boundaries.empty()) src.boundaries.reset();
  } else {
    if (const auto attr = scenario::zone_attributes_file(f.network); !attr.empty()) {
      src.places = scenario::read_zone_attributes(attr);
    }
  }
  src.title = f.title.empty() ? f.network.filename().string() : f.title;
  if (scen && f.title.empty()) src.title = scen->title.empty() ? scen->name : scen->title;
  if (!f.flows.empty()) {
    src.flows = sim::read_link_flows(f.flows, model->road);
    if (f.title.empty()) src.title += " + " + f.flows.filename().string();
  }
  net::Model compare;
  if (!f.compare.empty()) {
    compare = read_network_or_scenario(f.compare, options, nullptr);
    src.compare = &compare;
    if (!f.compare_flows.empty())
      src.compare_flows = sim::read_link_flows(f.compare_flows, compare.road);
    if (f.title.empty()) src.title += "  vs  " + f.compare.filename().string();
  } else if (!f.compare_flows.empty()) {
    throw std::invalid_argument("--compare-flows needs --compare");
  }
  if (!f.zone_values.empty()) {
    std::string column = f.zone_column;
    src.zone_values = read_zone_values(f.zone_values, column);
    src.zone_value_name = column;
  }
  if (!f.isochrone.empty()) src.isochrone = read_geojson_polygons(f.isochrone);
  if (!f.compare_isochrone.empty())
    src.compare_isochrone = read_geojson_polygons(f.compare_isochrone);
  if (!f.boundaries.empty()) src.boundaries = read_geojson_polygons(f.boundaries);
  if (!f.results.empty()) {
    add_results(src, *model, f.results, f.zone_column);
    if (f.title.empty()) src.title += " + " + f.results.filename().string();
  }
  LoadedMap out;
  out.map = build_map_data(*model, src);
  out.map.fit_to_boundaries = scen.has_value() && f.boundaries.empty();
  if (f.focus_lonlat) {
    const Vec2 c = Projector(out.map.frame).project({*f.focus_lonlat}, "--focus").front();
    const double h = f.focus_km * 500;
    out.map.focus.add({c.x - h, c.y - h}), out.map.focus.add({c.x + h, c.y + h});
  }
  out.model = std::move(model);
  return out;
}

namespace {
std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}
}  // namespace

std::string describe_link(const MapLink& l) {
  // The ids a scenario or an output names: the road name (select { name }), the per-direction
  // link id of link_flows.csv and link_changes (dir_link_id), the end nodes.
  std::string s = (l.name.empty() ? "" : l.name + ", ") +
                  std::string(net::to_string(l.link_class)) + "\nlink " + l.link_id + ", nodes " +
                  std::to_string(l.from) + " -> " + std::to_string(l.to);
  s += "\ncapacity " + fmt("%.0f", l.capacity_vph) + " veh/h, length " +
       fmt("%.2f", l.length_m / 1000) + " km";
  if (!std::isnan(l.flow_vph)) {
    s += "\nflow " + fmt("%.0f", l.flow_vph) + " veh/h, V/C " + fmt("%.2f", l.vc);
  }
  if (!std::isnan(l.speed_kmh)) {
    s += "\nspeed " + fmt("%.0f", l.speed_kmh) + " km/h (free flow " +
         fmt("%.0f", l.free_speed_kmh) + ")";
  } else if (!std::isnan(l.free_speed_kmh)) {
    s += "\nfree-flow speed " + fmt("%.0f", l.free_speed_kmh) + " km/h";
  }
  if (!std::isnan(l.compare_speed_kmh)) {
    s += "\ncompare: speed " + fmt("%.0f", l.compare_speed_kmh) + " km/h (" +
         fmt("%+.1f", l.speed_change_kmh()) + ")";
  }
  return s;
}

std::string describe_stop(const MapStop& s) {
  return s.name + (s.stop_id.empty() ? "" : " (stop " + s.stop_id + ")") +
         (s.routes.empty() ? "" : "\nlines: " + s.routes);
}

std::string describe_zone(const MapData& map, const MapZone& z) {
  std::string s = "zone " + std::to_string(z.id) + (z.name.empty() ? "" : " " + z.name);
  if (!std::isnan(z.value)) {
    s += "\n" + (map.zone_value_name.empty() ? std::string("value") : map.zone_value_name) + " " +
         fmt("%.1f", z.value);
  }
  if (!std::isnan(z.cbd_min)) {
    s += "\nto the CBD " + fmt("%.0f", z.cbd_min) + " min (" + map.circle_basis + ")";
  }
  return s;
}

}  // namespace ouflow::viz
