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
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  zone = std::clamp(zone, 1, 60);
  return "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
}

void project_wgs84(const std::string& epsg, std::span<const double> lon,
                   std::span<const double> lat, std::vector<double>& x, std::vector<double>& y) {
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
  x.assign(lon.size(), std::nan(""));
  y.assign(lon.size(), std::nan(""));
  for (std::size_t i = 0; i < lon.size(); ++i) {
    if (std::isnan(lon[i]) || std::isnan(lat[i])) continue;
    PJ_COORD c = proj_coord(lon[i], lat[i], 0, 0);
    PJ_COORD p = proj_trans(pj.get(), PJ_FWD, c);
    x[i] = p.xy.x;
    y[i] = p.xy.y;
  }
}

}  // namespace ouflow::net
