// Geodesy: great-circle distance and the projection of WGS84 coordinates to a local metric
// plane (UTM, through PROJ).
#pragma once

#include <span>
#include <string>
#include <vector>

namespace ouflow::net {

inline constexpr double kEarthRadiusM = 6371008.8;  // mean radius (IUGG)

// A WGS84 position in degrees.
struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
};

double haversine_m(double lon1, double lat1, double lon2, double lat2);

// EPSG code of the UTM zone holding (lon, lat), e.g. "EPSG:32651" for Wenzhou.
std::string utm_epsg_for(double lon, double lat);

// Projects lon/lat (degrees) to x/y (metres) in `epsg`. NaN inputs give NaN outputs.
// Throws std::runtime_error if PROJ cannot build the transformation.
void project_wgs84(const std::string& epsg, std::span<const double> lon,
                   std::span<const double> lat, std::vector<double>& x, std::vector<double>& y);

// The inverse: x/y (metres) in `epsg` back to lon/lat (degrees). NaN inputs give NaN outputs.
void unproject_to_wgs84(const std::string& epsg, std::span<const double> x,
                        std::span<const double> y, std::vector<double>& lon,
                        std::vector<double>& lat);

}  // namespace ouflow::net
