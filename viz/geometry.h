// Plain 2-D geometry of the visualizer: points in a metric map frame (x east, y north, metres)
// or on the screen (x right, y down, pixels), boxes, and point-to-segment distance.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace ouflow::viz {

struct Vec2 {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Vec2&, const Vec2&) = default;
};

inline bool finite(Vec2 p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// An axis-aligned box; empty until a finite point is added.
struct Box {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const { return !(min_x <= max_x && min_y <= max_y); }
  void add(Vec2 p) {
    if (!finite(p)) return;
    min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
  }
  void add_box(const Box& b) {
    if (b.empty()) return;
    add(Vec2{b.min_x, b.min_y}), add(Vec2{b.max_x, b.max_y});
  }
  double width() const { return empty() ? 0.0 : max_x - min_x; }
  double height() const { return empty() ? 0.0 : max_y - min_y; }
};

// A closed ring (the last point joins the first; a repeated first point is harmless).
using Ring = std::vector<Vec2>;

// Distance from p to the segment [a, b].
inline double distance_to_segment(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

}  // namespace ouflow::viz
