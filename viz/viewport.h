// The map-to-screen transform: a window of width x height pixels looking at the map frame, with
// a centre (map metres) and a scale (pixels per metre). Map y points north, screen y down.
//   screen.x = width / 2 + (x - centre.x) * scale
//   screen.y = height / 2 - (y - centre.y) * scale
#pragma once

#include <string>

#include "viz/geometry.h"

namespace ouflow::viz {

class Viewport {
 public:
  Viewport(int width_px, int height_px);

  int width() const { return width_; }
  int height() const { return height_; }
  Vec2 centre() const { return centre_; }
  double scale() const { return scale_; }  // pixels per metre

  Vec2 to_screen(Vec2 map) const;
  Vec2 to_map(Vec2 screen) const;

  // Centres `box` and picks the largest scale at which it fits inside the window less
  // `margin_px` on every side. An empty box leaves the view unchanged; a box of one point is
  // shown at 1 px per metre.
  void fit(const Box& box, double margin_px);
  // Moves the map with the pointer: the point under screen p goes to p + (dx, dy).
  void pan_px(double dx, double dy);
  // Multiplies the scale by `factor` (> 0) keeping the map point under `screen` fixed.
  void zoom_about(Vec2 screen, double factor);
  // A new window size; the centre and scale stay.
  void resize(int width_px, int height_px);
  // The map box the window shows.
  Box visible() const;

 private:
  int width_, height_;
  Vec2 centre_{};
  double scale_ = 1.0;
};

// "Nice" numbers for legends and scale bars.
// The largest of 1, 2, 5 x 10^k that is <= v (v > 0); 0 for v <= 0 or not finite.
double nice_floor(double v);
// The smallest of 1, 2, 5 x 10^k that is >= v (v > 0); 0 for v <= 0 or not finite.
double nice_ceil(double v);

struct ScaleBar {
  double length_m = 0;  // a nice length
  double length_px = 0;
  std::string label;  // "500 m", "2 km"
};
// The longest nice length that is at most max_px long on screen.
ScaleBar scale_bar(const Viewport& v, double max_px);

}  // namespace ouflow::viz
