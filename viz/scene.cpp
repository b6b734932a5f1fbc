#include "viz/scene.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <set>
#include <stdexcept>

namespace ouflow::viz {
namespace {

constexpr float kMaxBandPx = 22.0f;
constexpr double kSmallSpeedChangeKmh = 0.5;

Vertex vtx(Vec2 p, Rgba c) { return {static_cast<float>(p.x), static_cast<float>(p.y), c}; }

bool off_screen(Vec2 a, Vec2 b, double pad, int w, int h) {
  return (a.x < -pad && b.x < -pad) || (a.y < -pad && b.y < -pad) ||
         (a.x > w + pad && b.x > w + pad) || (a.y > h + pad && b.y > h + pad);
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

double speed_of(const MapLink& l) {
  return std::isnan(l.speed_kmh) ? l.free_speed_kmh : l.speed_kmh;
}

// The isochrones to draw and, in compare mode, the threshold.
bool compare_isochrones(const MapData& map) { return map.isochrones.size() >= 2; }

double shared_minutes(const MapData& map, const ViewState& s) {
  if (!std::isnan(s.compare_minutes)) return s.compare_minutes;
  double best = kNoValue;
  for (const IsoBand& a : map.isochrones[0].bands) {
    for (const IsoBand& b : map.isochrones[1].bands) {
      if (a.minutes == b.minutes && !(a.minutes <= best)) best = a.minutes;
    }
  }
  return best;
}

const IsoBand* band_at(const MapIsochrone& iso, double minutes) {
  for (const IsoBand& b : iso.bands) {
    if (b.minutes == minutes) return &b;
  }
  return iso.bands.empty() ? nullptr : &iso.bands.back();
}

std::vector<Ring> to_screen(const std::vector<Ring>& rings, const Viewport& v) {
  std::vector<Ring> out(rings.size());
  for (std::size_t i = 0; i < rings.size(); ++i) {
    out[i].reserve(rings[i].size());
    for (Vec2 p : rings[i]) out[i].push_back(v.to_screen(p));
  }
  return out;
}

void add_bands(Triangles& out, const MapIsochrone& iso, const Viewport& v) {
  const std::size_t n = iso.bands.size();
  for (std::size_t k = n; k-- > 0;) {  // largest first, the shorter times on top
    fill_even_odd(out, to_screen(iso.bands[k].rings, v), v.width(), v.height(),
                  with_alpha(band_color(k, n), 150));
  }
}

// A colour per zone (NaN value: none drawn) for the zones layer.
std::vector<Rgba> zone_colors(const MapData& map) {
  const bool change = map.has_compare;
  const bool minutes = !change && is_minutes(map.zone_value_name);
  const ColorScale scale = change ? diverging_scale(zone_scale_max(map, true))
                                  : sequential_scale(zone_scale_max(map, false));
  std::vector<Rgba> out;
  out.reserve(map.zones.size());
  for (const MapZone& z : map.zones) {
    const double v = change ? z.compare_value - z.value : z.value;
    out.push_back(minutes ? minutes_color(v) : scale(v));
  }
  return out;
}

// Fills the zone cells with per-zone colours (alpha 0: not drawn), one quad per run of a row.
void fill_cells(Triangles& out, const ZoneCells& cells, const std::vector<Rgba>& color,
                const Viewport& v) {
  const int w = v.width(), h = v.height();
  for (int j = 0; j < cells.ny; ++j) {
    const double y0 = v.to_screen({0, cells.origin.y + j * cells.cell_m}).y;
    const double y1 = v.to_screen({0, cells.origin.y + (j + 1) * cells.cell_m}).y;
    if (std::max(y0, y1) < 0 || std::min(y0, y1) > h) continue;
    int i = 0;
    while (i < cells.nx) {
      const std::int32_t z = cells.at(i, j);
      int k = i + 1;
      while (k < cells.nx && cells.at(k, j) == z) ++k;
      if (z >= 0 && color[static_cast<std::size_t>(z)].a > 0) {
        const double x0 = v.to_screen({cells.origin.x + i * cells.cell_m, 0}).x;
        const double x1 = v.to_screen({cells.origin.x + k * cells.cell_m, 0}).x;
        if (x1 >= 0 && x0 <= w) {
          const Rgba c = color[static_cast<std::size_t>(z)];
          out.insert(out.end(), {vtx({x0, y0}, c), vtx({x1, y0}, c), vtx({x1, y1}, c),
                                 vtx({x0, y0}, c), vtx({x1, y1}, c), vtx({x0, y1}, c)});
        }
      }
      i = k;
    }
  }
}

// The outline of the cells where `inside` holds: the cell edges between an inside and an
// outside cell, merged along rows and columns.
void outline_cells(Triangles& out, const ZoneCells& cells, const std::vector<std::uint8_t>& inside,
                   const Viewport& v, float width, Rgba c) {
  auto raw = [&](int i, int j) {
    const std::int32_t z = cells.at(i, j);
    return z >= 0 && inside[static_cast<std::size_t>(z)] != 0;
  };
  // A lone cell whose four neighbours all differ takes their side: one-cell specks (slivers
  // of a neighbouring zone) would otherwise be outlined as dots.
  std::vector<std::uint8_t> flag(static_cast<std::size_t>(cells.nx) * cells.ny);
  for (int j = 0; j < cells.ny; ++j) {
    for (int i = 0; i < cells.nx; ++i) {
      const bool r = raw(i, j);
      const bool lone =
          raw(i - 1, j) != r && raw(i + 1, j) != r && raw(i, j - 1) != r && raw(i, j + 1) != r;
      flag[static_cast<std::size_t>(j) * cells.nx + i] = (lone ? !r : r) ? 1 : 0;
    }
  }
  auto in = [&](int i, int j) {
    return i >= 0 && j >= 0 && i < cells.nx && j < cells.ny &&
           flag[static_cast<std::size_t>(j) * cells.nx + i] != 0;
  };
  auto seg = [&](Vec2 a, Vec2 b) {
    const Vec2 sa = v.to_screen(a), sb = v.to_screen(b);
    if (off_screen(sa, sb, width, v.width(), v.height())) return;
    // Extend by half the width so that corners close.
    const double len = std::hypot(sb.x - sa.x, sb.y - sa.y);
    if (!(len > 0)) return;
    const double ex = (sb.x - sa.x) / len * width / 2, ey = (sb.y - sa.y) / len * width / 2;
    add_thick_line(out, {sa.x - ex, sa.y - ey}, {sb.x + ex, sb.y + ey}, width, 0, c);
  };
  const double cm = cells.cell_m;
  for (int j = 0; j <= cells.ny; ++j) {  // horizontal edges below row j
    int start = -1;
    for (int i = 0; i <= cells.nx; ++i) {
      const bool edge = i < cells.nx && in(i, j) != in(i, j - 1);
      if (edge && start < 0) start = i;
      if (!edge && start >= 0) {
        seg({cells.origin.x + start * cm, cells.origin.y + j * cm},
            {cells.origin.x + i * cm, cells.origin.y + j * cm});
        start = -1;
      }
    }
  }
  for (int i = 0; i <= cells.nx; ++i) {  // vertical edges left of column i
    int start = -1;
    for (int j = 0; j <= cells.ny; ++j) {
      const bool edge = j < cells.ny && in(i, j) != in(i - 1, j);
      if (edge && start < 0) start = j;
      if (!edge && start >= 0) {
        seg({cells.origin.x + i * cm, cells.origin.y + start * cm},
            {cells.origin.x + i * cm, cells.origin.y + j * cm});
        start = -1;
      }
    }
  }
}

std::vector<std::uint8_t> in_circle(const MapData& map) {
  std::vector<std::uint8_t> in(map.zones.size(), 0);
  for (std::size_t k = 0; k < map.zones.size(); ++k) {
    in[k] = map.zones[k].cbd_min <= map.circle_minutes ? 1 : 0;
  }
  return in;
}

}  // namespace

bool is_minutes(const std::string& name) {
  return name.size() >= 4 && name.compare(name.size() - 4, 4, "_min") == 0;
}

double line_load(const MapLine& l) { return std::isnan(l.max_load) ? l.boardings : l.max_load; }

double line_load_scale_max(const MapData& map) {
  double m = 0;
  for (const MapLine& l : map.lines) {
    if (line_load(l) > m) m = line_load(l);
  }
  return m > 0 ? nice_ceil(m) : 0;
}

int label_max_rank(const Viewport& view) { return view.scale() * 1000 >= 12 ? 2 : 1; }

std::vector<PlacedLabel> place_labels(const std::vector<ScreenLabel>& c,
                                      const std::function<Vec2(const ScreenLabel&)>& measure,
                                      int width, int height,
                                      const std::vector<PlacedLabel>& blocked) {
  std::vector<std::size_t> order(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return c[a].rank < c[b].rank; });
  std::vector<PlacedLabel> placed = blocked;
  constexpr float kGap = 2;
  auto free = [&](float x, float y, float w, float h) {
    if (x < 0 || y < 0 || x + w > static_cast<float>(width) || y + h > static_cast<float>(height))
      return false;
    for (const PlacedLabel& p : placed) {
      if (x < p.x + p.w + kGap && p.x < x + w + kGap && y < p.y + p.h + kGap && p.y < y + h + kGap)
        return false;
    }
    return true;
  };
  for (std::size_t i : order) {
    const Vec2 size = measure(c[i]);
    const auto w = static_cast<float>(size.x), h = static_cast<float>(size.y);
    const auto ax = static_cast<float>(c[i].anchor.x), ay = static_cast<float>(c[i].anchor.y);
    std::vector<std::pair<float, float>> spots;
    if (c[i].point) {
      spots = {{ax + 7, ay - h / 2},
               {ax - 7 - w, ay - h / 2},
               {ax - w / 2, ay - 7 - h},
               {ax - w / 2, ay + 7}};
    } else {
      spots = {
          {ax - w / 2, ay - h / 2}, {ax - w / 2, ay - h / 2 - h - 4}, {ax - w / 2, ay + h / 2 + 4}};
    }
    for (const auto& [x, y] : spots) {
      if (free(x, y, w, h)) {
        placed.push_back({i, x, y, w, h});
        break;
      }
    }
  }
  placed.erase(placed.begin(), placed.begin() + static_cast<std::ptrdiff_t>(blocked.size()));
  return placed;
}

std::optional<std::size_t> zone_at(const MapData& map, const Viewport& view, Vec2 screen) {
  if (!map.zone_cells.empty()) {
    const std::int32_t z = map.zone_cells.at_point(view.to_map(screen));
    if (z >= 0) return static_cast<std::size_t>(z);
    return std::nullopt;
  }
  std::optional<std::size_t> best;
  double best_d = 8;
  for (std::size_t i = 0; i < map.zones.size(); ++i) {
    const Vec2 p = view.to_screen(map.zones[i].p);
    const double d = std::hypot(p.x - screen.x, p.y - screen.y);
    if (d <= best_d) best_d = d, best = i;
  }
  return best;
}

std::string_view to_string(RoadTheme t) {
  switch (t) {
    case RoadTheme::kClass:
      return "class";
    case RoadTheme::kFlow:
      return "flow";
    case RoadTheme::kVc:
      return "vc";
    case RoadTheme::kSpeed:
      return "speed";
    case RoadTheme::kSpeedChange:
      return "speed-change";
  }
  return "?";
}

std::vector<std::string> layer_names() {
  return {"class",   "flow",  "vc",    "speed",  "speed-change",
          "transit", "loads", "zones", "circle", "isochrone"};
}

ViewState view_state_for_layer(const std::string& name, const MapData& map) {
  ViewState s;
  s.zones = false;
  if (name == "class") {
    s.theme = RoadTheme::kClass;
  } else if (name == "flow" || name == "vc") {
    if (!map.has_flows) {
      throw std::invalid_argument("--layer " + name + " needs --flows or --results");
    }
    s.theme = name == "flow" ? RoadTheme::kFlow : RoadTheme::kVc;
    s.transit = s.stops = false;  // T brings them back
  } else if (name == "speed") {
    s.theme = RoadTheme::kSpeed;  // free-flow speed without flows
    s.transit = s.stops = false;
  } else if (name == "speed-change") {
    if (!map.has_compare) throw std::invalid_argument("--layer speed-change needs --compare");
    s.theme = RoadTheme::kSpeedChange;
    s.transit = s.stops = false;
  } else if (name == "transit") {
    if (map.lines.empty()) throw std::invalid_argument("--layer transit needs a transit layer");
    s.theme = RoadTheme::kClass;
  } else if (name == "loads") {
    if (!map.has_line_loads) {
      throw std::invalid_argument("--layer loads needs line loads (--results with line_loads.csv)");
    }
    s.line_loads = true;
    s.muted_roads = true;
    s.stops = false;
  } else if (name == "zones") {
    if (map.zones.empty()) throw std::invalid_argument("--layer zones: the network has no zones");
    s.zones = true;
    s.muted_roads = true;
    s.transit = s.stops = false;
  } else if (name == "circle") {
    if (!map.has_circle) {
      throw std::invalid_argument(
          "--layer circle needs zone times to the CBD (--results with zones.csv)");
    }
    s.circle = true;
    s.muted_roads = true;
    s.transit = s.stops = false;
  } else if (name == "isochrone") {
    if (map.isochrones.empty()) throw std::invalid_argument("--layer isochrone needs --isochrone");
    s.stops = false;
  } else {
    std::string all;
    for (const auto& n : layer_names()) all += (all.empty() ? "" : ", ") + n;
    throw std::invalid_argument("--layer: unknown layer '" + name + "' (one of " + all + ")");
  }
  return s;
}

void add_thick_line(Triangles& out, Vec2 a, Vec2 b, float width_px, float offset_px, Rgba c) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len = std::hypot(dx, dy);
  if (!(len > 0)) return;
  // Right of the direction of travel on screen (y down): (-dy, dx).
  const double nx = -dy / len, ny = dx / len;
  const double lo = offset_px - width_px / 2.0, hi = offset_px + width_px / 2.0;
  const Vec2 a0{a.x + nx * lo, a.y + ny * lo}, a1{a.x + nx * hi, a.y + ny * hi};
  const Vec2 b0{b.x + nx * lo, b.y + ny * lo}, b1{b.x + nx * hi, b.y + ny * hi};
  out.insert(out.end(), {vtx(a0, c), vtx(b0, c), vtx(b1, c), vtx(a0, c), vtx(b1, c), vtx(a1, c)});
}

void add_disc(Triangles& out, Vec2 centre, float radius_px, Rgba c, int segments) {
  for (int i = 0; i < segments; ++i) {
    const double t0 = 2 * std::numbers::pi * i / segments;
    const double t1 = 2 * std::numbers::pi * (i + 1) / segments;
    out.push_back(vtx(centre, c));
    out.push_back(
        vtx({centre.x + radius_px * std::cos(t0), centre.y + radius_px * std::sin(t0)}, c));
    out.push_back(
        vtx({centre.x + radius_px * std::cos(t1), centre.y + radius_px * std::sin(t1)}, c));
  }
}

void fill_even_odd(Triangles& out, const std::vector<Ring>& rings, int width, int height, Rgba c) {
  if (width <= 0 || height <= 0) return;
  std::vector<std::vector<double>> xs(static_cast<std::size_t>(height));
  for (const Ring& ring : rings) {
    const std::size_t n = ring.size();
    for (std::size_t i = 0; i < n; ++i) {
      const Vec2 p = ring[i], q = ring[(i + 1) % n];
      if (p.y == q.y || !finite(p) || !finite(q)) continue;
      const double y0 = std::min(p.y, q.y), y1 = std::max(p.y, q.y);
      // Rows whose centre j + 0.5 lies in [y0, y1).
      const double first = std::max(0.0, std::ceil(y0 - 0.5));
      const double last = std::min(static_cast<double>(height - 1), std::ceil(y1 - 0.5) - 1);
      for (double j = first; j <= last; ++j) {
        const double yc = j + 0.5;
        xs[static_cast<std::size_t>(j)].push_back(p.x + (yc - p.y) * (q.x - p.x) / (q.y - p.y));
      }
    }
  }
  for (std::size_t j = 0; j < xs.size(); ++j) {
    auto& row = xs[j];
    if (row.size() < 2) continue;
    std::sort(row.begin(), row.end());
    for (std::size_t k = 0; k + 1 < row.size(); k += 2) {
      const double x0 = std::clamp(row[k], 0.0, static_cast<double>(width));
      const double x1 = std::clamp(row[k + 1], 0.0, static_cast<double>(width));
      if (x1 <= x0) continue;
      const double y0 = static_cast<double>(j), y1 = y0 + 1;
      out.insert(out.end(), {vtx({x0, y0}, c), vtx({x1, y0}, c), vtx({x1, y1}, c), vtx({x0, y0}, c),
                             vtx({x1, y1}, c), vtx({x0, y1}, c)});
    }
  }
}

double flow_scale_max(const MapData& map) {
  double m = 0;
  for (const auto& l : map.links) {
    if (l.flow_vph > m) m = l.flow_vph;
  }
  if (!(m > 0)) return 0;
  // Up to a round number close above: 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k.
  const double p = std::pow(10.0, std::floor(std::log10(m)));
  for (double f : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
    if (f * p >= m * (1 - 1e-12)) return f * p;
  }
  return 10 * p;
}

double speed_change_extent(const MapData& map) {
  // The 95th percentile of the changes, so that a few outliers do not wash out the palette.
  std::vector<double> d;
  for (const auto& l : map.links) {
    const double v = std::fabs(l.speed_change_kmh());
    if (v > 0.01 && std::isfinite(v)) d.push_back(v);
  }
  if (d.empty()) return 10.0;
  const std::size_t k =
      std::min(d.size() - 1, static_cast<std::size_t>(0.95 * static_cast<double>(d.size())));
  std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(k), d.end());
  return nice_ceil(d[k]);
}

// The 95th percentile of the finite values (a few far zones, e.g. external cities, would wash
// out the palette; values above it take the top colour).
double zone_scale_max(const MapData& map, bool change) {
  std::vector<double> d;
  for (const auto& z : map.zones) {
    const double v = change ? std::fabs(z.compare_value - z.value) : z.value;
    if (std::isfinite(v) && v > 0) d.push_back(v);
  }
  if (d.empty()) return 1.0;
  const std::size_t k =
      std::min(d.size() - 1, static_cast<std::size_t>(0.95 * static_cast<double>(d.size())));
  std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(k), d.end());
  return nice_ceil(d[k]);
}

SceneLayers build_scene(const MapData& map, const Viewport& view, const ViewState& state,
                        const std::vector<MapIsochrone>& clicked) {
  SceneLayers s;
  const int w = view.width(), h = view.height();
  if (state.boundaries && !map.boundaries.empty()) {
    fill_even_odd(s.backdrop, to_screen(map.boundaries, view), w, h, {232, 229, 220, 255});
    for (const Ring& r : map.boundaries) {
      for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        const Vec2 a = view.to_screen(r[i]), b = view.to_screen(r[i + 1]);
        if (!off_screen(a, b, 2, w, h))
          add_thick_line(s.backdrop, a, b, 1.2f, 0, {160, 150, 140, 255});
      }
    }
  }

  if (state.isochrones) {
    if (compare_isochrones(map)) {
      const double m = shared_minutes(map, state);
      const IsoBand* a = band_at(map.isochrones[0], m);
      const IsoBand* b = band_at(map.isochrones[1], m);
      if (a) fill_even_odd(s.isochrones, to_screen(a->rings, view), w, h, kIsoA);
      if (b) fill_even_odd(s.isochrones, to_screen(b->rings, view), w, h, kIsoB);
    } else if (!map.isochrones.empty()) {
      add_bands(s.isochrones, map.isochrones[0], view);
    }
    if (!clicked.empty()) add_bands(s.isochrones, clicked.front(), view);
  }

  const bool cells = !map.zone_cells.empty();
  if (state.zones && !map.zones.empty()) {
    const std::vector<Rgba> colors = zone_colors(map);
    if (cells) {
      std::vector<Rgba> fill(colors.size());
      for (std::size_t k = 0; k < colors.size(); ++k) fill[k] = with_alpha(colors[k], 215);
      fill_cells(s.zones, map.zone_cells, fill, view);
    } else {
      for (std::size_t k = 0; k < map.zones.size(); ++k) {
        const Vec2 p = view.to_screen(map.zones[k].p);
        if (off_screen(p, p, 8, w, h)) continue;
        add_disc(s.zones, p, 6.0f, {80, 80, 80, 200});
        add_disc(s.zones, p, 5.0f, colors[k]);
      }
    }
  }
  if (state.circle && map.has_circle) {
    const std::vector<std::uint8_t> in = in_circle(map);
    if (cells) {
      if (!state.zones) {  // over zone shading, the edge alone
        std::vector<Rgba> fill(map.zones.size(), Rgba{0, 0, 0, 0});
        for (std::size_t k = 0; k < in.size(); ++k) {
          if (in[k]) fill[k] = kCircleFill;
        }
        fill_cells(s.zones, map.zone_cells, fill, view);
      }
      outline_cells(s.marks, map.zone_cells, in, view, 2.5f, kCircleEdge);
    } else {
      for (std::size_t k = 0; k < map.zones.size(); ++k) {
        const Vec2 p = view.to_screen(map.zones[k].p);
        if (in[k] && !off_screen(p, p, 8, w, h)) add_disc(s.marks, p, 8.0f, kCircleFill);
      }
    }
  }
  if ((state.circle || state.zones) && map.cbd) {
    const Vec2 p = view.to_screen(*map.cbd);
    if (!off_screen(p, p, 10, w, h)) {
      add_disc(s.marks, p, 7.0f, {255, 255, 255, 255}, 16);
      add_disc(s.marks, p, 5.0f, kCbd, 16);
      s.labels.push_back({p, "CBD", -1, true});
    }
  }

  const bool loads = state.transit && state.line_loads && map.has_line_loads;
  if (state.roads && state.muted_roads) {
    for (const MapLink& l : map.links) {  // muted under the line loads
      const Vec2 a = view.to_screen(l.a), b = view.to_screen(l.b);
      if (!off_screen(a, b, 2, w, h)) add_thick_line(s.roads, a, b, 1.0f, 0, {70, 70, 70, 70});
    }
  } else if (state.roads) {
    const ColorScale vc = vc_scale(), speed = speed_scale();
    const ColorScale diff = diverging_scale(speed_change_extent(map));
    const double fmax = flow_scale_max(map);
    for (const MapLink& l : map.links) {
      const Vec2 a = view.to_screen(l.a), b = view.to_screen(l.b);
      if (off_screen(a, b, kMaxBandPx, w, h)) continue;
      switch (state.theme) {
        case RoadTheme::kClass:
          add_thick_line(s.roads, a, b, link_class_width(l.link_class), 0,
                         link_class_color(l.link_class));
          break;
        case RoadTheme::kFlow: {
          const float width =
              fmax > 0 && l.flow_vph > 0
                  ? std::max(0.6f, static_cast<float>(kMaxBandPx * l.flow_vph / fmax))
                  : 0.0f;
          add_thick_line(s.roads, a, b, 0.8f, 0, {190, 190, 190, 255});
          if (width > 0) add_thick_line(s.roads, a, b, width, width / 2 + 0.5f, vc(l.vc));
          break;
        }
        case RoadTheme::kVc:
          add_thick_line(s.roads, a, b, 2.5f, 1.5f, vc(l.vc));
          break;
        case RoadTheme::kSpeed:
          add_thick_line(s.roads, a, b, 2.5f, 1.5f, speed(speed_of(l)));
          break;
        case RoadTheme::kSpeedChange: {
          // Links that hardly change thin, so that the changes stand out.
          const double d = l.speed_change_kmh();
          if (std::fabs(d) < kSmallSpeedChangeKmh) {
            add_thick_line(s.roads, a, b, 1.0f, 0.5f, diff(0));
          } else {
            add_thick_line(s.roads, a, b, 2.5f, 1.5f, diff(d));
          }
          break;
        }
      }
    }
  }

  if (loads) {
    const double lmax = line_load_scale_max(map);
    std::vector<std::pair<float, const MapLine*>> order;
    for (const MapLine& line : map.lines) {
      const double v = line_load(line);
      const float width =
          v > 0 && lmax > 0 ? std::max(1.5f, static_cast<float>(kMaxBandPx * v / lmax)) : 1.0f;
      order.push_back({width, &line});
    }
    // Widest first, so that thin lines stay visible on top.
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [width, line] : order) {
      // Buses in one colour (per-route colours would read as modes), the rest in theirs.
      const Rgba base = route_type_name(line->route_type) == "bus" ? kBusLoad : line->color;
      const Rgba c = width > 1.0f ? with_alpha(base, 200) : Rgba{150, 150, 150, 160};
      for (std::size_t i = 0; i + 1 < line->points.size(); ++i) {
        const Vec2 a = view.to_screen(line->points[i]), b = view.to_screen(line->points[i + 1]);
        if (off_screen(a, b, width, w, h)) continue;
        add_thick_line(s.transit, a, b, width, 0, c);
      }
    }
  } else if (state.transit) {
    for (const MapLine& line : map.lines) {
      const int basic = net::basic_route_type(line.route_type);
      const float width = basic == 3 || basic == 11 ? 2.4f : 4.0f;
      for (std::size_t i = 0; i + 1 < line.points.size(); ++i) {
        const Vec2 a = view.to_screen(line.points[i]), b = view.to_screen(line.points[i + 1]);
        if (off_screen(a, b, width, w, h)) continue;
        add_thick_line(s.transit, a, b, width, 0, line.color);
        add_disc(s.transit, b, width / 2, line.color, 6);  // round joints
      }
    }
  }
  if (state.stops) {
    std::vector<Vec2> on_screen;
    for (const MapStop& st : map.stops) {
      const Vec2 p = view.to_screen(st.p);
      if (!off_screen(p, p, 4, w, h)) on_screen.push_back(p);
    }
    // Zoomed out over many stops: small dots that leave the lines readable; zoomed in: rings.
    const bool crowded = static_cast<double>(on_screen.size()) > w * static_cast<double>(h) / 4000;
    for (Vec2 p : on_screen) {
      if (crowded) {
        add_disc(s.stops, p, 1.3f, {50, 50, 50, 170}, 6);
      } else {
        add_disc(s.stops, p, 3.2f, {40, 40, 40, 255}, 10);
        add_disc(s.stops, p, 2.0f, {255, 255, 255, 255}, 10);
      }
    }
  }
  if (state.labels) {
    const int max_rank = label_max_rank(view);
    for (const MapLabel& l : map.labels) {
      if (l.rank > max_rank || (l.station && !state.transit)) continue;
      const Vec2 p = view.to_screen(l.p);
      if (off_screen(p, p, 0, w, h)) continue;
      s.labels.push_back({p, l.text, l.rank, l.point});
    }
  }
  return s;
}

Legend legend_for(const MapData& map, const ViewState& state,
                  const std::vector<MapIsochrone>& clicked) {
  Legend g;
  using K = LegendItem::Kind;
  const bool loads = state.transit && state.line_loads && map.has_line_loads;
  if (state.roads && !state.muted_roads && !map.links.empty()) {
    switch (state.theme) {
      case RoadTheme::kClass: {
        g.title = "Roads by class";
        std::set<net::LinkClass> present;
        for (const auto& l : map.links) present.insert(l.link_class);
        for (net::LinkClass c : present) {
          g.items.push_back({K::kLine, link_class_color(c), std::max(3.0f, link_class_width(c)),
                             std::string(net::to_string(c))});
        }
        break;
      }
      case RoadTheme::kFlow: {
        g.title = "Flow (veh/h), colour V/C";
        const double fmax = flow_scale_max(map);
        for (double f : {fmax, fmax / 2, fmax / 5}) {
          g.items.push_back({K::kLine,
                             {90, 90, 90, 255},
                             static_cast<float>(kMaxBandPx * f / fmax),
                             fmt("%.0f veh/h", f)});
        }
        [[fallthrough]];
      }
      case RoadTheme::kVc: {
        if (g.title.empty()) g.title = "Volume / capacity";
        const ColorScale vc = vc_scale();
        for (double v : {0.25, 0.5, 0.75, 0.9, 1.0, 1.25}) {
          g.items.push_back(
              {K::kSwatch, vc(v), 10, (v == 1.25 ? "V/C >= " : "V/C ") + fmt("%.2f", v)});
        }
        break;
      }
      case RoadTheme::kSpeed: {
        g.title = map.has_flows ? "Congested speed (km/h)" : "Free-flow speed (km/h)";
        const ColorScale sp = speed_scale();
        for (double v : {10.0, 20.0, 30.0, 50.0, 70.0, 90.0}) {
          g.items.push_back({K::kSwatch, sp(v), 10, (v == 90 ? ">= " : "") + fmt("%.0f km/h", v)});
        }
        break;
      }
      case RoadTheme::kSpeedChange: {
        g.title = "Speed change B - A (km/h)";
        const double e = speed_change_extent(map);
        const ColorScale d = diverging_scale(e);
        for (double v : {-e, -e / 2, 0.0, e / 2, e}) {
          g.items.push_back({K::kSwatch, d(v), 10,
                             (v == -e  ? "<= "
                              : v == e ? ">= "
                                       : "") +
                                 fmt(v == 0 ? "%g km/h" : "%+g km/h", v)});
        }
        break;
      }
    }
  }
  if (loads) {
    const double lmax = line_load_scale_max(map);
    g.title = "Transit line loads";
    const bool section = std::any_of(map.lines.begin(), map.lines.end(),
                                     [](const MapLine& l) { return !std::isnan(l.max_load); });
    for (double f : {lmax, lmax / 2, lmax / 5}) {
      g.items.push_back({K::kLine,
                         {90, 90, 90, 255},
                         static_cast<float>(kMaxBandPx * f / lmax),
                         fmt("%.0f", f) + (section ? " pax/h (max section)" : " boardings/h")});
    }
  }
  if (state.transit && !map.lines.empty()) {
    // One row per mode; "a colour per line" when its lines differ (GTFS or scenario colours).
    std::map<std::string, std::set<std::uint32_t>> colours;
    for (const MapLine& l : map.lines) {
      const Rgba c = l.color;
      colours[route_type_name(l.route_type)].insert(static_cast<std::uint32_t>(c.r) << 16 |
                                                    static_cast<std::uint32_t>(c.g) << 8 | c.b);
    }
    std::set<std::string> seen;
    for (const MapLine& l : map.lines) {
      const std::string name = route_type_name(l.route_type);
      if (!seen.insert(name).second) continue;
      const int basic = net::basic_route_type(l.route_type);
      const bool thin = basic == 3 || basic == 11, bus = name == "bus";
      const bool many = colours[name].size() > 1 && !(loads && bus);
      g.items.push_back(
          {K::kLine, loads && bus ? kBusLoad : l.color, thin ? 2.5f : 4.0f,
           name + (many ? (bus ? " (a colour per route)" : " (a colour per line)") : "")});
    }
  }
  if (state.stops && !map.stops.empty()) {
    g.items.push_back({K::kDisc, {40, 40, 40, 255}, 5, "stop"});
  }
  if (state.zones && !map.zones.empty() && !map.has_compare && is_minutes(map.zone_value_name)) {
    if (g.title.empty() || g.title == "Transit") {
      g.title = map.zone_value_name;
    } else {
      g.items.push_back({K::kSwatch, {0, 0, 0, 0}, 0, map.zone_value_name});
    }
    const auto& b = minutes_breaks();
    for (std::size_t k = 0; k <= b.size(); ++k) {
      const std::string label = k == 0          ? fmt("<= %.0f min", b[0])
                                : k == b.size() ? fmt("> %.0f min", b.back())
                                                : fmt("%.0f", b[k - 1]) + fmt("-%.0f min", b[k]);
      g.items.push_back(
          {K::kSwatch, minutes_color(k == b.size() ? b.back() + 1 : b[k] - 0.5), 10, label});
    }
    g.items.push_back({K::kSwatch, kMissing, 10, "no value"});
  } else if (state.zones && !map.zones.empty()) {
    const bool change = map.has_compare;
    const double m = zone_scale_max(map, change);
    const ColorScale sc = change ? diverging_scale(m) : sequential_scale(m);
    const std::string name = map.zone_value_name.empty() ? "zone" : map.zone_value_name;
    for (double v : change ? std::vector<double>{-m, 0, m} : std::vector<double>{0, m / 2, m}) {
      g.items.push_back(
          {map.zone_cells.empty() ? K::kDisc : K::kSwatch, sc(v), 10,
           (change ? "change in " : "") + name + " " + fmt(change ? "%+.0f" : "%.0f", v)});
    }
  }
  if (state.circle && map.has_circle) {
    if (g.title.empty()) g.title = "1-hour circle";
    const std::string basis = map.circle_basis.empty() ? "" : " (" + map.circle_basis + ")";
    if (!state.zones || map.zone_cells.empty()) {
      g.items.push_back(
          {K::kSwatch, kCircleFill, 10, fmt("<= %g min to the CBD", map.circle_minutes) + basis});
    }
    if (!map.zone_cells.empty()) {
      g.items.push_back({K::kLine, kCircleEdge, 2.5f,
                         "edge of the 1-hour circle" + (state.zones ? basis : std::string())});
    }
  }
  if ((state.circle || state.zones) && map.cbd) g.items.push_back({K::kDisc, kCbd, 5, "CBD"});
  if (state.isochrones) {
    if (compare_isochrones(map)) {
      const double m = shared_minutes(map, state);
      const std::string t = std::isnan(m) ? "" : fmt(" (%g min)", m);
      g.items.push_back({K::kSwatch, kIsoA, 10, "A reaches" + t});
      g.items.push_back({K::kSwatch, kIsoB, 10, "B reaches" + t});
      // Blending B over A over the background, as drawn.
      const auto over = [](Rgba top, Rgba bottom) {
        return lerp(bottom, with_alpha(top, 255), top.a / 255.0);
      };
      g.items.push_back({K::kSwatch, over(kIsoB, over(kIsoA, kBackground)), 10, "both reach"});
    } else {
      const MapIsochrone* iso = !clicked.empty()          ? &clicked.front()
                                : !map.isochrones.empty() ? &map.isochrones.front()
                                                          : nullptr;
      if (iso) {
        for (std::size_t k = 0; k < iso->bands.size(); ++k) {
          const double m = iso->bands[k].minutes;
          g.items.push_back({K::kSwatch, with_alpha(band_color(k, iso->bands.size()), 200), 10,
                             std::isnan(m) ? iso->label : fmt("<= %g min", m)});
        }
      }
    }
  }
  if (g.title.empty()) g.title = !map.lines.empty() && state.transit ? "Transit" : "Legend";
  return g;
}

std::optional<std::size_t> link_at(const MapData& map, const Viewport& view, Vec2 screen,
                                   double tol_px) {
  std::optional<std::size_t> best;
  double best_d = tol_px + 1;
  for (std::size_t i = 0; i < map.links.size(); ++i) {
    const Vec2 a = view.to_screen(map.links[i].a), b = view.to_screen(map.links[i].b);
    if (off_screen(a, b, tol_px, view.width(), view.height())) continue;
    double d = distance_to_segment(screen, a, b);
    if (d > tol_px) continue;
    // Of the two directions of a road, the one whose right-hand side (where its flow band is
    // drawn) holds the pointer.
    const double cross = (b.x - a.x) * (screen.y - a.y) - (b.y - a.y) * (screen.x - a.x);
    if (cross > 0) d -= 0.5;
    if (d < best_d) best_d = d, best = i;
  }
  return best;
}

std::optional<std::size_t> stop_at(const MapData& map, const Viewport& view, Vec2 screen,
                                   double tol_px) {
  std::optional<std::size_t> best;
  double best_d = tol_px;
  for (std::size_t i = 0; i < map.stops.size(); ++i) {
    const Vec2 p = view.to_screen(map.stops[i].p);
    const double d = std::hypot(p.x - screen.x, p.y - screen.y);
    if (d <= best_d) best_d = d, best = i;
  }
  return best;
}

}  // namespace ouflow::viz
