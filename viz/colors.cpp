#include "viz/colors.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "networks/transit_network.h"

namespace ouflow::viz {

Rgba lerp(Rgba a, Rgba b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  auto mix = [t](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(std::lround(x + (y - x) * t));
  };
  return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), mix(a.a, b.a)};
}

const std::vector<double>& minutes_breaks() {
  static const std::vector<double> b = {15, 30, 45, 60, 75, 90, 120, 180};
  return b;
}

Rgba minutes_color(double m) {
  static constexpr Rgba kClasses[] = {
      {0, 104, 55, 255},    {49, 163, 84, 255},   {120, 198, 121, 255},
      {194, 230, 153, 255}, {254, 224, 139, 255}, {253, 174, 97, 255},
      {244, 109, 67, 255},  {215, 48, 39, 255},   {120, 28, 80, 255}};
  if (std::isnan(m)) return kMissing;
  const auto& b = minutes_breaks();
  std::size_t k = 0;
  while (k < b.size() && m > b[k]) ++k;
  return kClasses[k];
}

Rgba with_alpha(Rgba c, std::uint8_t a) {
  c.a = a;
  return c;
}

ColorScale::ColorScale(std::vector<std::pair<double, Rgba>> stops, Rgba missing)
    : stops_(std::move(stops)), missing_(missing) {
  if (stops_.empty()) throw std::invalid_argument("colour scale: no stops");
  for (std::size_t i = 1; i < stops_.size(); ++i) {
    if (!(stops_[i].first > stops_[i - 1].first)) {
      throw std::invalid_argument("colour scale: stops must increase");
    }
  }
}

Rgba ColorScale::operator()(double v) const {
  if (std::isnan(v)) return missing_;
  if (v <= stops_.front().first) return stops_.front().second;
  if (v >= stops_.back().first) return stops_.back().second;
  auto it = std::upper_bound(stops_.begin(), stops_.end(), v,
                             [](double x, const auto& s) { return x < s.first; });
  const auto& hi = *it;
  const auto& lo = *(it - 1);
  return lerp(lo.second, hi.second, (v - lo.first) / (hi.first - lo.first));
}

ColorScale vc_scale() {
  return ColorScale({{0.0, {26, 152, 80, 255}},
                     {0.5, {102, 189, 99, 255}},
                     {0.75, {254, 224, 50, 255}},
                     {0.9, {253, 141, 60, 255}},
                     {1.0, {227, 26, 28, 255}},
                     {1.25, {128, 0, 38, 255}}},
                    kMissing);
}

ColorScale speed_scale() {
  return ColorScale({{0.0, {110, 0, 20, 255}},
                     {15.0, {215, 25, 28, 255}},
                     {30.0, {253, 141, 60, 255}},
                     {50.0, {254, 217, 60, 255}},
                     {70.0, {102, 189, 99, 255}},
                     {90.0, {0, 104, 55, 255}}},
                    kMissing);
}

ColorScale diverging_scale(double extent) {
  if (!(extent > 0) || !std::isfinite(extent)) extent = 1.0;
  return ColorScale({{-extent, {178, 24, 43, 255}},
                     {-extent / 2, {239, 138, 98, 255}},
                     {0.0, {215, 215, 215, 255}},
                     {extent / 2, {103, 169, 207, 255}},
                     {extent, {33, 102, 172, 255}}},
                    kMissing);
}

ColorScale sequential_scale(double max) {
  if (!(max > 0) || !std::isfinite(max)) max = 1.0;
  return ColorScale({{0.0, {255, 255, 204, 255}},
                     {max / 3, {161, 218, 180, 255}},
                     {2 * max / 3, {65, 182, 196, 255}},
                     {max, {37, 52, 148, 255}}},
                    kMissing);
}

Rgba link_class_color(net::LinkClass c) {
  using net::LinkClass;
  switch (c) {
    case LinkClass::kExpressway:
      return {196, 60, 40, 255};
    case LinkClass::kNationalRoad:
      return {222, 120, 40, 255};
    case LinkClass::kProvincialRoad:
      return {232, 170, 50, 255};
    case LinkClass::kUrbanExpressway:
      return {200, 90, 120, 255};
    case LinkClass::kArterial:
      return {110, 110, 110, 255};
    case LinkClass::kCollector:
      return {140, 140, 140, 255};
    case LinkClass::kLocal:
      return {175, 175, 175, 255};
    case LinkClass::kConnector:
      return {200, 200, 200, 255};
    case LinkClass::kTransitOnly:
      return {60, 150, 90, 255};
    case LinkClass::kUnclassified:
      return {105, 105, 115, 255};
  }
  return kMissing;
}

float link_class_width(net::LinkClass c) {
  using net::LinkClass;
  switch (c) {
    case LinkClass::kExpressway:
      return 3.5f;
    case LinkClass::kNationalRoad:
    case LinkClass::kUrbanExpressway:
      return 3.0f;
    case LinkClass::kProvincialRoad:
      return 2.5f;
    case LinkClass::kArterial:
      return 2.0f;
    case LinkClass::kCollector:
      return 1.5f;
    case LinkClass::kLocal:
    case LinkClass::kTransitOnly:
    case LinkClass::kUnclassified:
      return 1.2f;
    case LinkClass::kConnector:
      return 0.8f;
  }
  return 1.0f;
}

namespace {
bool is_brt(std::int32_t t) { return t == 702 || t == 701; }  // express / regional bus
}  // namespace

Rgba route_type_color(std::int32_t route_type, std::uint32_t index) {
  if (is_brt(route_type)) return {0, 150, 80, 255};
  if (route_type == 109) return {120, 60, 160, 255};  // suburban railway (S-Bahn)
  switch (net::basic_route_type(route_type)) {
    case 1:
      return {220, 20, 60, 255};  // metro
    case 2:
      return {130, 70, 40, 255};  // rail
    case 0:
      return {240, 120, 0, 255};  // tram
    case 4:
      return {0, 160, 200, 255};  // ferry
    case 5:
    case 6:
    case 7:
      return {100, 100, 100, 255};  // cable
    default:
      break;
  }
  // Blues, purples, greens and pinks only: orange, brown and cyan mean tram, rail and ferry.
  static constexpr Rgba kBus[] = {{31, 120, 180, 255}, {106, 61, 154, 255}, {51, 160, 44, 255},
                                  {227, 26, 110, 255}, {65, 90, 200, 255},  {20, 100, 60, 255},
                                  {150, 60, 130, 255}, {90, 110, 140, 255}};
  return kBus[index % std::size(kBus)];
}

std::string route_type_name(std::int32_t route_type) {
  if (is_brt(route_type)) return "BRT";
  if (route_type == 109) return "suburban rail";
  switch (net::basic_route_type(route_type)) {
    case 0:
      return "tram";
    case 1:
      return "metro";
    case 2:
      return "rail";
    case 3:
    case 11:
      return "bus";
    case 4:
      return "ferry";
    case 5:
    case 6:
    case 7:
      return "cable";
    default:
      return "transit";
  }
}

Rgba band_color(std::size_t k, std::size_t n) {
  static const ColorScale kBands({{0.0, {8, 64, 129, 255}},
                                  {0.35, {43, 140, 190, 255}},
                                  {0.7, {123, 204, 196, 255}},
                                  {1.0, {224, 243, 219, 255}}},
                                 kMissing);
  const double t = n <= 1 ? 0.0 : static_cast<double>(k) / static_cast<double>(n - 1);
  return kBands(t);
}

}  // namespace ouflow::viz
