// Isochrones: walking egress from timed seeds (e.g. stops reached by RAPTOR, or the origin) to
// the cells of a regular grid, contours of the travel-time field by marching squares, and the
// outputs (RFC 7946 GeoJSON contours, grid CSV).
//
// The grid lives in a projected metric CRS (e.g. the UTM zone from net::utm_epsg_for): x east
// and y north in metres. Cell (i, j) has its centre at
//   x = min_x_m + (i + 0.5) * cell_m,  y = min_y_m + (j + 0.5) * cell_m,
// with i in [0, nx) and j in [0, ny); cells are stored row by row from the south (j * nx + i).
// Longitude/latitude come from the inverse projection (PROJ) of x/y, only when writing files.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace ouflow::sim {

// The most cells a grid may have (8 bytes each for the times): 40 million, 320 MB.
inline constexpr std::int64_t kMaxGridCells = 40'000'000;

struct GridSpec {
  std::string epsg;  // projected CRS of x/y, e.g. "EPSG:32633"
  double min_x_m = 0;
  double min_y_m = 0;
  double cell_m = 100;
  std::int32_t nx = 0;
  std::int32_t ny = 0;

  double x_m(std::int32_t i) const { return min_x_m + (i + 0.5) * cell_m; }
  double y_m(std::int32_t j) const { return min_y_m + (j + 0.5) * cell_m; }
};

// The grid covering the lon/lat box in the UTM zone of the box centre: the projected box of the
// four corners, rounded outwards to whole cells. Throws std::invalid_argument on a cell size
// that is not positive and finite, or a box that is empty, inverted or not finite.
GridSpec grid_for_lonlat_box(double min_lon, double min_lat, double max_lon, double max_lat,
                             double cell_m);

// A point reached at time_s (seconds after departure) at x/y in the grid's CRS.
struct Seed {
  double x_m = 0;
  double y_m = 0;
  double time_s = 0;
};

struct EgressWalk {
  double walk_speed_mps = 1.3;
  double max_walk_m = 800;  // +infinity: no limit
};

inline constexpr double kUnreachableCell = std::numeric_limits<double>::infinity();

struct TravelTimeGrid {
  GridSpec spec;
  std::vector<double> time_s;  // j * nx + i; kUnreachableCell where no seed is within reach

  double at(std::int32_t i, std::int32_t j) const {
    return time_s[static_cast<std::size_t>(j) * static_cast<std::size_t>(spec.nx) +
                  static_cast<std::size_t>(i)];
  }
};

// time(cell) = min over seeds within max_walk_m (straight line) of
// seed.time_s + distance / walk_speed_mps. Seeds are bucketed on a coarse grid, so the work is
// about cells x seeds-nearby, not cells x seeds. Deterministic (a minimum per cell).
// Throws std::invalid_argument on a bad spec (cell_m <= 0 or not finite, nx or ny <= 0), a bad
// walk (speed <= 0 or not finite, max walk < 0 or NaN) or a seed with a non-finite field.
TravelTimeGrid compute_travel_times(const GridSpec& spec, std::span<const Seed> seeds,
                                    const EgressWalk& walk);

using Point = std::array<double, 2>;  // x, y in metres
// Closed: front() == back().
using Ring = std::vector<Point>;

struct ContourPolygon {
  Ring exterior;            // counter-clockwise
  std::vector<Ring> holes;  // clockwise, each inside `exterior`
};

// Shoelace area: positive for counter-clockwise rings.
double signed_area_m2(const Ring& ring);
// Even-odd test; points on the ring are either side.
bool point_in_ring(const Ring& ring, Point p);

// The region {time <= threshold_s} by marching squares on the cell centres. Cells outside the
// grid count as above the threshold, so every ring closes. Crossings are placed by linear
// interpolation of the times along grid edges (midway when one end is unreachable), always
// strictly between the two cell centres. A saddle square joins its inside corners when the mean
// of its four times is <= threshold_s, and separates them otherwise. Polygons come in the order
// of their first segment (squares scanned row by row from the south).
// Throws std::invalid_argument on a NaN threshold.
std::vector<ContourPolygon> contour_polygons(const TravelTimeGrid& grid, double threshold_s);

// One Feature per entry of `minutes` (in that order), geometry a MultiPolygon in WGS84 lon/lat,
// property "minutes". Written through io::AtomicOutput. Throws std::invalid_argument on a
// threshold that is negative or not finite, std::runtime_error on PROJ or write failure.
void write_isochrone_geojson(const std::filesystem::path& path, const TravelTimeGrid& grid,
                             std::span<const double> minutes);

// CSV with header x_m,y_m,lat,lon,time_min (the cell centre in the grid's projected metres to
// 0.01 m and in WGS84 degrees to 1e-6, the time to 0.001 min); one row per cell in storage
// order; time_min empty where unreachable. Written through io::AtomicOutput.
void write_grid_csv(const std::filesystem::path& path, const TravelTimeGrid& grid);

}  // namespace ouflow::sim
