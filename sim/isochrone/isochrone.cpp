#include "sim/isochrone/isochrone.h"
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "networks/geo.h"
#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"

namespace ouflow::sim {
namespace {

void check_spec(const GridSpec& spec) {
  if (!(spec.cell_m > 0) || !std::isfinite(spec.cell_m)) {
    throw std::invalid_argument("isochrone grid: cell size must be positive and finite");
  }
  if (spec.nx <= 0 || spec.ny <= 0) {
    throw std::invalid_argument("isochrone grid: nx and ny must be positive");
  }
  if (static_cast<std::int64_t>(spec.nx) * spec.ny > kMaxGridCells) {
    throw std::invalid_argument("isochrone grid: more than the limit of cells");
  }
  if (!std::isfinite(spec.min_x_m) || !std::isfinite(spec.min_y_m)) {
    throw std::invalid_argument("isochrone grid: origin must be finite");
  }
}

void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Node of the grid padded by one cell of "outside" on each side.
struct Padded {
  const TravelTimeGrid& grid;
  double time(std::int32_t i, std::int32_t j) const {
    if (i < 0 || j < 0 || i >= grid.spec.nx || j >= grid.spec.ny) return kUnreachableCell;
    return grid.at(i, j);
  }
};

}  // namespace

GridSpec grid_for_lonlat_box(double min_lon, double min_lat, double max_lon, double max_lat,
                             double cell_m) {
  if (!(cell_m > 0) || !std::isfinite(cell_m)) {
    throw std::invalid_argument("isochrone grid: cell size must be positive and finite");
  }
  for (double v : {min_lon, min_lat, max_lon, max_lat}) {
    if (!std::isfinite(v)) throw std::invalid_argument("isochrone grid: box must be finite");
  }
  if (!(min_lon < max_lon) || !(min_lat < max_lat)) {
    throw std::invalid_argument("isochrone grid: box is empty or inverted");
  }
  GridSpec spec;
  spec.epsg = net::utm_epsg_for((min_lon + max_lon) / 2, (min_lat + max_lat) / 2);
  const std::vector<double> lon = {min_lon, max_lon, max_lon, min_lon};
  const std::vector<double> lat = {min_lat, min_lat, max_lat, max_lat};
  std::vector<double> x, y;
  net::project_wgs84(spec.epsg, lon, lat, x, y);
  const auto [x0, x1] = std::minmax_element(x.begin(), x.end());
  const auto [y0, y1] = std::minmax_element(y.begin(), y.end());
  spec.cell_m = cell_m;
  spec.min_x_m = std::floor(*x0 / cell_m) * cell_m;
  spec.min_y_m = std::floor(*y0 / cell_m) * cell_m;
  // Counted in doubles first: a tiny cell over a wide box must be an error, not an overflow or
  // an allocation of gigabytes.
  const double nx = std::max(1.0, std::ceil((*x1 - spec.min_x_m) / cell_m));
  const double ny = std::max(1.0, std::ceil((*y1 - spec.min_y_m) / cell_m));
  if (!(nx * ny <= static_cast<double>(kMaxGridCells))) {
    char what[160];
    std::snprintf(what, sizeof what,
                  "isochrone grid: %.3g x %.3g cells of %g m exceed the limit of %.0f million "
                  "cells; use larger cells",
                  nx, ny, cell_m, static_cast<double>(kMaxGridCells) / 1e6);
    throw std::invalid_argument(what);
  }
  spec.nx = static_cast<std::int32_t>(nx);
  spec.ny = static_cast<std::int32_t>(ny);
  return spec;
}

TravelTimeGrid compute_travel_times(const GridSpec& spec, std::span<const Seed> seeds,
                                    const EgressWalk& walk) {
  check_spec(spec);
  if (!(walk.walk_speed_mps > 0) || !std::isfinite(walk.walk_speed_mps)) {
    throw std::invalid_argument("isochrone: walk speed must be positive and finite");
  }
  if (!(walk.max_walk_m >= 0)) {
    throw std::invalid_argument("isochrone: max walk must be >= 0");
  }
  for (const Seed& s : seeds) {
    if (!std::isfinite(s.x_m) || !std::isfinite(s.y_m) || !std::isfinite(s.time_s)) {
      throw std::invalid_argument("isochrone: seed with a non-finite coordinate or time");
    }
  }
  TravelTimeGrid grid;
  grid.spec = spec;
  const std::size_t nx = static_cast<std::size_t>(spec.nx);
  const std::size_t ny = static_cast<std::size_t>(spec.ny);
  grid.time_s.assign(nx * ny, kUnreachableCell);

  // Buckets over the grid's extent grown by the walk limit (capped to the grid's size when the
  // limit is larger), side at least the walk limit, so a cell needs at most the 3 x 3 buckets
  // around it (more when the side is capped by the bucket count).
  const double width = static_cast<double>(spec.nx) * spec.cell_m;
  const double height = static_cast<double>(spec.ny) * spec.cell_m;
  const double reach = std::min(walk.max_walk_m, std::max(width, height) + 1.0);
  // A walk limit beyond the grid's size: every seed may matter and every bucket is searched.
  const bool unlimited = walk.max_walk_m > reach;
  const double bx0 = spec.min_x_m - reach, by0 = spec.min_y_m - reach;
  const double ext_x = width + 2 * reach, ext_y = height + 2 * reach;
  constexpr double kMaxBucketsPerAxis = 1024;
  const double side =
      std::max({reach, spec.cell_m, ext_x / kMaxBucketsPerAxis, ext_y / kMaxBucketsPerAxis});
  const auto bnx = static_cast<std::int32_t>(std::ceil(ext_x / side)) + 1;
  const auto bny = static_cast<std::int32_t>(std::ceil(ext_y / side)) + 1;
  const auto bucket_of = [&](double v, double v0, std::int32_t n) {
    return std::clamp(static_cast<std::int32_t>(std::floor((v - v0) / side)), 0, n - 1);
  };
  // Counting sort of the seeds (in input order within a bucket) into CSR.
  std::vector<std::size_t> start(static_cast<std::size_t>(bnx) * static_cast<std::size_t>(bny) + 1,
                                 0);
  std::vector<std::size_t> bucket(seeds.size(), SIZE_MAX);
  for (std::size_t k = 0; k < seeds.size(); ++k) {
    const Seed& s = seeds[k];
    if (!unlimited && (s.x_m < bx0 || s.y_m < by0 || s.x_m > bx0 + ext_x || s.y_m > by0 + ext_y)) {
      continue;  // too far from every cell
    }
    bucket[k] =
        static_cast<std::size_t>(bucket_of(s.y_m, by0, bny)) * static_cast<std::size_t>(bnx) +
        static_cast<std::size_t>(bucket_of(s.x_m, bx0, bnx));
    ++start[bucket[k] + 1];
  }
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::vector<std::size_t> fill(start.begin(), start.end() - 1);
  std::vector<std::size_t> order(start.back());
  for (std::size_t k = 0; k < seeds.size(); ++k) {
    if (bucket[k] != SIZE_MAX) order[fill[bucket[k]]++] = k;
  }

  const double max_walk = walk.max_walk_m;
  for (std::int32_t j = 0; j < spec.ny; ++j) {
    const double y = spec.y_m(j);
    const std::int32_t b_y0 = unlimited ? 0 : bucket_of(y - reach, by0, bny);
    const std::int32_t b_y1 = unlimited ? bny - 1 : bucket_of(y + reach, by0, bny);
    for (std::int32_t i = 0; i < spec.nx; ++i) {
      const double x = spec.x_m(i);
      const std::int32_t b_x0 = unlimited ? 0 : bucket_of(x - reach, bx0, bnx);
      const std::int32_t b_x1 = unlimited ? bnx - 1 : bucket_of(x + reach, bx0, bnx);
      double best = kUnreachableCell;
      for (std::int32_t by = b_y0; by <= b_y1; ++by) {
        for (std::int32_t bx = b_x0; bx <= b_x1; ++bx) {
          const std::size_t b = static_cast<std::size_t>(by) * static_cast<std::size_t>(bnx) +
                                static_cast<std::size_t>(bx);
          for (std::size_t o = start[b]; o < start[b + 1]; ++o) {
            const Seed& s = seeds[order[o]];
            const double d = std::hypot(s.x_m - x, s.y_m - y);
            if (d > max_walk) continue;
            best = std::min(best, s.time_s + d / walk.walk_speed_mps);
          }
        }
      }
      grid.time_s[static_cast<std::size_t>(j) * nx + static_cast<std::size_t>(i)] = best;
    }
  }
  return grid;
}

double signed_area_m2(const Ring& ring) {
  double a = 0;
  for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
    a += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  }
  if (!ring.empty() && ring.front() != ring.back()) {
    a += ring.back()[0] * ring.front()[1] - ring.front()[0] * ring.back()[1];
  }
  return a / 2;
}

bool point_in_ring(const Ring& ring, Point p) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t k = 0, l = n - 1; k < n; l = k++) {
    const Point& a = ring[k];
    const Point& b = ring[l];
    if ((a[1] > p[1]) != (b[1] > p[1]) &&
        p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

std::vector<ContourPolygon> contour_polygons(const TravelTimeGrid& grid, double threshold_s) {
  check_spec(grid.spec);
  if (std::isnan(threshold_s)) throw std::invalid_argument("isochrone: NaN threshold");
  const GridSpec& spec = grid.spec;
  const Padded node{grid};
  const auto in = [&](std::int32_t i, std::int32_t j) { return node.time(i, j) <= threshold_s; };
  // Padded node (i, j), i in [-1, nx], j in [-1, ny]; edge ids: 2 * node + 0 for the edge to
  // (i + 1, j), 2 * node + 1 for the edge to (i, j + 1).
  const std::int64_t pw = spec.nx + 2;
  const auto node_id = [&](std::int32_t i, std::int32_t j) {
    return (static_cast<std::int64_t>(j) + 1) * pw + (static_cast<std::int64_t>(i) + 1);
  };
  // Crossing on the edge between a and b (one in, one out), strictly between them.
  const auto crossing = [&](std::int32_t ai, std::int32_t aj, std::int32_t bi, std::int32_t bj) {
    double ta = node.time(ai, aj), tb = node.time(bi, bj);
    Point pa{spec.x_m(ai), spec.y_m(aj)}, pb{spec.x_m(bi), spec.y_m(bj)};
    if (!(ta <= threshold_s)) {
      std::swap(ta, tb);
      std::swap(pa, pb);
    }
    double f = 0.5;
    if (std::isfinite(tb) && std::isfinite(ta) && tb > ta) f = (threshold_s - ta) / (tb - ta);
    f = std::clamp(f, 1e-3, 1 - 1e-3);
    return Point{pa[0] + f * (pb[0] - pa[0]), pa[1] + f * (pb[1] - pa[1])};
  };

  struct Segment {
    std::int64_t from_edge, to_edge;
    Point from;
  };
  std::vector<Segment> segments;
  for (std::int32_t j = -1; j < spec.ny; ++j) {
    for (std::int32_t i = -1; i < spec.nx; ++i) {
      // Corners counter-clockwise from the south-west; edge k joins corner k and k + 1.
      const std::int32_t ci[4] = {i, i + 1, i + 1, i};
      const std::int32_t cj[4] = {j, j, j + 1, j + 1};
      bool c[4];
      int count = 0;
      for (int k = 0; k < 4; ++k) count += (c[k] = in(ci[k], cj[k])) ? 1 : 0;
      if (count == 0 || count == 4) continue;
      const std::int64_t edge_id[4] = {2 * node_id(i, j), 2 * node_id(i + 1, j) + 1,
                                       2 * node_id(i, j + 1), 2 * node_id(i, j) + 1};
      int leave[2], enter[2], nl = 0, ne = 0;  // in -> out and out -> in edges, in ccw order
      for (int k = 0; k < 4; ++k) {
        if (c[k] && !c[(k + 1) % 4]) leave[nl++] = k;
        if (!c[k] && c[(k + 1) % 4]) enter[ne++] = k;
      }
      const auto add = [&](int from, int to) {
        const int f2 = (from + 1) % 4;
        segments.push_back(
            {edge_id[from], edge_id[to], crossing(ci[from], cj[from], ci[f2], cj[f2])});
      };
      if (nl == 1) {
        add(leave[0], enter[0]);
        continue;
      }
      // Saddle: joined inside corners pair each leaving edge with the next entering edge
      // counter-clockwise, separated ones with the previous.
      double mean = 0;
      for (int k = 0; k < 4; ++k) mean += node.time(ci[k], cj[k]) / 4;
      const bool joined = mean <= threshold_s;
      for (int l = 0; l < 2; ++l) {
        const int next = (leave[l] + 1) % 4, prev = (leave[l] + 3) % 4;
        add(leave[l], joined ? next : prev);
      }
    }
  }

  std::unordered_map<std::int64_t, std::size_t> by_start;
  by_start.reserve(segments.size());
  for (std::size_t s = 0; s < segments.size(); ++s) by_start.emplace(segments[s].from_edge, s);
  std::vector<bool> used(segments.size(), false);
  std::vector<Ring> outer, holes;
  std::vector<double> outer_area;
  for (std::size_t s0 = 0; s0 < segments.size(); ++s0) {
    if (used[s0]) continue;
    Ring ring;
    std::size_t s = s0;
    while (!used[s]) {
      used[s] = true;
      ring.push_back(segments[s].from);
      const auto it = by_start.find(segments[s].to_edge);
      if (it == by_start.end()) throw std::logic_error("isochrone: open contour");
      s = it->second;
    }
    ring.push_back(ring.front());
    const double a = signed_area_m2(ring);
    if (a > 0) {
      outer.push_back(std::move(ring));
      outer_area.push_back(a);
    } else {
      holes.push_back(std::move(ring));
    }
  }
  std::vector<ContourPolygon> polygons(outer.size());
  for (std::size_t k = 0; k < outer.size(); ++k) polygons[k].exterior = std::move(outer[k]);
  for (Ring& h : holes) {
    std::size_t best = SIZE_MAX;
    for (std::size_t k = 0; k < polygons.size(); ++k) {
      if (point_in_ring(polygons[k].exterior, h.front()) &&
          (best == SIZE_MAX || outer_area[k] < outer_area[best])) {
        best = k;
      }
    }
    if (best == SIZE_MAX) throw std::logic_error("isochrone: hole outside every ring");
    polygons[best].holes.push_back(std::move(h));
  }
  return polygons;
}

void write_isochrone_geojson(const std::filesystem::path& path, const TravelTimeGrid& grid,
                             std::span<const double> minutes) {
  for (double m : minutes) {
    if (!std::isfinite(m) || m < 0) {
      throw std::invalid_argument("isochrone: minutes must be finite and >= 0");
    }
  }
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (std::size_t f = 0; f < minutes.size(); ++f) {
    const auto polygons = contour_polygons(grid, minutes[f] * 60.0);
    std::vector<double> x, y, lon, lat;
    for (const ContourPolygon& p : polygons) {
      for (const Point& q : p.exterior) x.push_back(q[0]), y.push_back(q[1]);
      for (const Ring& h : p.holes) {
        for (const Point& q : h) x.push_back(q[0]), y.push_back(q[1]);
      }
    }
    net::unproject_to_wgs84(grid.spec.epsg, x, y, lon, lat);
    std::size_t k = 0;
    const auto ring_text = [&](const Ring& r) {
      out += '[';
      for (std::size_t v = 0; v < r.size(); ++v, ++k) {
        if (v) out += ',';
        out += '[';
        append_number(out, lon[k]);
        out += ',';
        append_number(out, lat[k]);
        out += ']';
      }
      out += ']';
    };
    if (f) out += ',';
    out += "{\"type\":\"Feature\",\"properties\":{\"minutes\":";
    append_number(out, minutes[f]);
    out += "},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[";
    for (std::size_t p = 0; p < polygons.size(); ++p) {
      if (p) out += ',';
      out += '[';
      ring_text(polygons[p].exterior);
      for (const Ring& h : polygons[p].holes) {
        out += ',';
        ring_text(h);
      }
      out += ']';
    }
    out += "]}}";
  }
  out += "]}\n";
  io::AtomicOutput file(path);
  file.stream() << out;
  file.commit();
}

void write_grid_csv(const std::filesystem::path& path, const TravelTimeGrid& grid) {
  check_spec(grid.spec);
  const GridSpec& spec = grid.spec;
  std::vector<double> x, y, lon, lat;
  x.reserve(grid.time_s.size());
  y.reserve(grid.time_s.size());
  for (std::int32_t j = 0; j < spec.ny; ++j) {
    for (std::int32_t i = 0; i < spec.nx; ++i) {
      x.push_back(spec.x_m(i));
      y.push_back(spec.y_m(j));
    }
  }
  net::unproject_to_wgs84(spec.epsg, x, y, lon, lat);
  io::AtomicOutput file(path);
  io::CsvWriter csv(file.stream(), {"x_m", "y_m", "lat", "lon", "time_min"});
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double t = grid.time_s[k];  // +infinity (empty) where not reached
    csv.rounded(x[k], 2).rounded(y[k], 2).rounded(lat[k], 6).rounded(lon[k], 6);
    csv.rounded(t / 60.0, 3);
    csv.end_row();
  }
  file.commit();
}

}  // namespace ouflow::sim
