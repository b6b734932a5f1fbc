// Colours and colour scales of the map: road classes, transit modes, sequential scales for
// V/C, speed and zone values, a diverging scale for differences, isochrone bands.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "networks/link_class.h"

namespace ouflow::viz {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

// Component-wise linear interpolation, t clamped to [0, 1].
Rgba lerp(Rgba a, Rgba b, double t);
Rgba with_alpha(Rgba c, std::uint8_t a);

// Piecewise-linear colour scale over increasing stops; values outside take the end colours,
// NaN takes `missing`.
class ColorScale {
 public:
  ColorScale() = default;
  ColorScale(std::vector<std::pair<double, Rgba>> stops, Rgba missing);
  Rgba operator()(double v) const;
  double min() const { return stops_.front().first; }
  double max() const { return stops_.back().first; }
  const std::vector<std::pair<double, Rgba>>& stops() const { return stops_; }

 private:
  std::vector<std::pair<double, Rgba>> stops_;
  Rgba missing_;
};

inline constexpr Rgba kBackground{246, 245, 241, 255};
inline constexpr Rgba kMissing{170, 170, 170, 255};
inline constexpr Rgba kText{30, 30, 30, 255};

// Volume/capacity: green below 0.5, yellow at 0.75, orange at 0.9, red at 1.0, dark red 1.25+.
ColorScale vc_scale();
// Congested speed, km/h: dark red at 0, red 15, orange 30, yellow 50, green 70, dark green 90+.
ColorScale speed_scale();
// Differences: red (negative) - light grey (0) - blue (positive), over [-extent, extent].
ColorScale diverging_scale(double extent);
// Zone values: light yellow (0) to dark blue (max).
ColorScale sequential_scale(double max);

// Minutes in classes (dark green <= 15, then 30, 45, 60 (light green), 75, 90, 120, 180,
// dark purple beyond): a value on a class boundary takes the lower class.
Rgba minutes_color(double minutes);
const std::vector<double>& minutes_breaks();
// The 1-hour circle: its fill over zones, its outline, the CBD marker.
inline constexpr Rgba kCircleFill{49, 130, 189, 95};
inline constexpr Rgba kCircleEdge{8, 48, 107, 255};
inline constexpr Rgba kCbd{200, 30, 30, 255};
// Buses in the line-loads layer.
inline constexpr Rgba kBusLoad{70, 100, 150, 255};

Rgba link_class_color(net::LinkClass c);
// Screen width in pixels of a road of this class in the class layer.
float link_class_width(net::LinkClass c);
// Colour of a transit route by GTFS route_type (basic or extended): metro red, suburban rail
// purple, rail brown, tram orange, BRT/express bus green, ferry cyan, bus blue shades
// (`index` varies the shade so that neighbouring bus routes differ).
Rgba route_type_color(std::int32_t route_type, std::uint32_t index);
// "metro", "rail", "tram", "bus", "BRT", "ferry", "cable", "transit"
std::string route_type_name(std::int32_t route_type);
// Isochrone band k of n (0 = the shortest time): dark to light.
Rgba band_color(std::size_t k, std::size_t n);
// Compare mode: the first scenario's isochrone (blue), the second's (red); where both cover a
// place, blending shows purple.
inline constexpr Rgba kIsoA{33, 102, 172, 120};
inline constexpr Rgba kIsoB{214, 47, 39, 120};

}  // namespace ouflow::viz
