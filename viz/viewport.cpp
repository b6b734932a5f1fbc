#include "viz/viewport.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ouflow::viz {

Viewport::Viewport(int width_px, int height_px) : width_(width_px), height_(height_px) {
  if (width_px <= 0 || height_px <= 0) throw std::invalid_argument("viewport: size must be > 0");
}

Vec2 Viewport::to_screen(Vec2 m) const {
  return {width_ / 2.0 + (m.x - centre_.x) * scale_, height_ / 2.0 - (m.y - centre_.y) * scale_};
}

Vec2 Viewport::to_map(Vec2 s) const {
  return {centre_.x + (s.x - width_ / 2.0) / scale_, centre_.y - (s.y - height_ / 2.0) / scale_};
}

void Viewport::fit(const Box& box, double margin_px) {
  if (box.empty()) return;
  centre_ = {(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
  const double w = std::max(1.0, width_ - 2 * margin_px);
  const double h = std::max(1.0, height_ - 2 * margin_px);
  double s = std::numeric_limits<double>::infinity();
  if (box.width() > 0) s = std::min(s, w / box.width());
  if (box.height() > 0) s = std::min(s, h / box.height());
  scale_ = std::isfinite(s) ? s : 1.0;
}

void Viewport::pan_px(double dx, double dy) {
  centre_.x -= dx / scale_;
  centre_.y += dy / scale_;
}

void Viewport::zoom_about(Vec2 screen, double factor) {
  if (!(factor > 0) || !std::isfinite(factor)) return;
  const Vec2 q = to_map(screen);
  scale_ *= factor;
  centre_.x = q.x - (screen.x - width_ / 2.0) / scale_;
  centre_.y = q.y + (screen.y - height_ / 2.0) / scale_;
}

void Viewport::resize(int width_px, int height_px) {
  if (width_px <= 0 || height_px <= 0) return;
  width_ = width_px, height_ = height_px;
}

Box Viewport::visible() const {
  Box b;
  b.add(to_map({0, 0}));
  b.add(to_map({static_cast<double>(width_), static_cast<double>(height_)}));
  return b;
}

double nice_floor(double v) {
  if (!(v > 0) || !std::isfinite(v)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {5.0, 2.0, 1.0}) {
    if (m * p <= v * (1 + 1e-12)) return m * p;
  }
  return p / 2;  // rounding at a decade boundary
}

double nice_ceil(double v) {
  if (!(v > 0) || !std::isfinite(v)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * p >= v * (1 - 1e-12)) return m * p;
  }
  return 10 * p;
}

ScaleBar scale_bar(const Viewport& v, double max_px) {
  ScaleBar b;
  b.length_m = nice_floor(max_px / v.scale());
  b.length_px = b.length_m * v.scale();
  char buf[32];
  if (b.length_m >= 1000) {
    std::snprintf(buf, sizeof buf, "%g km", b.length_m / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%g m", b.length_m);
  }
  b.label = buf;
  return b;
}

}  // namespace ouflow::viz
