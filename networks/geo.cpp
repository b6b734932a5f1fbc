#include "networks/geo.h"

#include <proj.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <stdexcept>

namespace ouflow::net {

double haversine_m(double lon1, double lat1, double lon2, double lat2) {
  constexpr double r = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * r) * std::cos(lat2 * r) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(a)));
}

std::string utm_epsg_for(double lon, double lat) {
  // Clamped before the conversion to int: a longitude far outside [-180, 180] (or NaN) gives
  // zone 1 or 60 rather than undefined behaviour.
  const double z = std::floor((lon + 180.0) / 6.0) + 1.0;
  const int zone = z >= 60.0 ? 60 : z >= 1.0 ? static_cast<int>(z) : 1;
  return "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
}

namespace {

// Applies the WGS84 <-> `epsg` transformation (lon/lat axis order) in `direction`.
void transform(const std::string& epsg, PJ_DIRECTION direction, std::span<const double> a,
               std::span<const double> b, std::vector<double>& out_a, std::vector<double>& out_b) {
  std::unique_ptr<PJ_CONTEXT, decltype(&proj_context_destroy)> ctx(proj_context_create(),
                                                                   &proj_context_destroy);
  proj_log_level(ctx.get(), PJ_LOG_NONE);
  std::unique_ptr<PJ, decltype(&proj_destroy)> raw(
      proj_create_crs_to_crs(ctx.get(), "EPSG:4326", epsg.c_str(), nullptr), &proj_destroy);
  if (!raw) throw std::runtime_error("PROJ cannot transform EPSG:4326 to " + epsg);
  // Normalise to lon/lat axis order whatever the CRS definitions say.
  std::unique_ptr<PJ, decltype(&proj_destroy)> pj(
      proj_normalize_for_visualization(ctx.get(), raw.get()), &proj_destroy);
  if (!pj) throw std::runtime_error("PROJ cannot normalise the transformation to " + epsg);
  out_a.assign(a.size(), std::nan(""));
  out_b.assign(a.size(), std::nan(""));
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    const PJ_COORD p = proj_trans(pj.get(), direction, proj_coord(a[i], b[i], 0, 0));
    out_a[i] = p.xy.x;
    out_b[i] = p.xy.y;
  }
}

}  // namespace

void project_wgs84(const std::string& epsg, std::span<const double> lon,
                   std::span<const double> lat, std::vector<double>& x, std::vector<double>& y) {
  transform(epsg, PJ_FWD, lon, lat, x, y);
}

void unproject_to_wgs84(const std::string& epsg, std::span<const double> x,
                        std::span<const double> y, std::vector<double>& lon,
                        std::vector<double>& lat) {
  transform(epsg, PJ_INV, x, y, lon, lat);
}

}  // namespace ouflow::net
