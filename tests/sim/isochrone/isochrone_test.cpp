#include "sim/isochrone/isochrone.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <numbers>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "networks/geo.h"
#include "networks/io/csv.h"
#include "networks/network_builder.h"
#include "sim/isochrone/point_isochrone.h"
#include "tests/common/seed.h"
#include "tests/common/temp_dir.h"

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kCx = 500000, kCy = 5000000;  // EPSG:32633, near 15 E 45.1 N

// A square grid of n x n cells of `cell_m` centred on (kCx, kCy).
GridSpec square_grid(std::int32_t n, double cell_m) {
  GridSpec spec;
  spec.epsg = "EPSG:32633";
  spec.cell_m = cell_m;
  spec.nx = n;
  spec.ny = n;
  spec.min_x_m = kCx - n * cell_m / 2;
  spec.min_y_m = kCy - n * cell_m / 2;
  return spec;
}

bool inside_polygon(const ContourPolygon& p, Point q) {
  if (!point_in_ring(p.exterior, q)) return false;
  for (const Ring& h : p.holes) {
    if (point_in_ring(h, q)) return false;
  }
  return true;
}

bool inside_any(const std::vector<ContourPolygon>& ps, Point q) {
  for (const ContourPolygon& p : ps) {
    if (inside_polygon(p, q)) return true;
  }
  return false;
}

void expect_valid_rings(const std::vector<ContourPolygon>& ps) {
  for (const ContourPolygon& p : ps) {
    ASSERT_GE(p.exterior.size(), 4u);
    EXPECT_EQ(p.exterior.front(), p.exterior.back());
    EXPECT_GT(signed_area_m2(p.exterior), 0);
    for (const Ring& h : p.holes) {
      ASSERT_GE(h.size(), 4u);
      EXPECT_EQ(h.front(), h.back());
      EXPECT_LT(signed_area_m2(h), 0);
      EXPECT_TRUE(point_in_ring(p.exterior, h.front()));
    }
  }
}

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20261129;

double uniform(std::mt19937_64& rng, double lo, double hi) {
  return lo + (hi - lo) * static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

TEST(IsochroneTest, SingleSeedGivesDiscOfExpectedArea) {
  const Seed seed{kCx, kCy, 0};
  const EgressWalk walk{1.3, kInf};
  const auto grid = compute_travel_times(square_grid(120, 50), {&seed, 1}, walk);
  EXPECT_DOUBLE_EQ(grid.at(60, 60), std::hypot(25.0, 25.0) / 1.3);
  const auto polygons = contour_polygons(grid, 30 * 60);
  ASSERT_EQ(polygons.size(), 1u);
  EXPECT_TRUE(polygons[0].holes.empty());
  expect_valid_rings(polygons);
  const double r = 1.3 * 30 * 60;
  EXPECT_NEAR(signed_area_m2(polygons[0].exterior) / (std::numbers::pi * r * r), 1.0, 0.01);
}

TEST(IsochroneTest, TwoFarSeedsGiveTwoPolygons) {
  const std::vector<Seed> seeds = {{kCx - 2000, kCy, 0}, {kCx + 2000, kCy, 300}};
  const auto grid = compute_travel_times(square_grid(100, 60), seeds, {1.3, 1000});
  const auto polygons = contour_polygons(grid, 15 * 60);
  ASSERT_EQ(polygons.size(), 2u);
  expect_valid_rings(polygons);
  EXPECT_TRUE(inside_any(polygons, {kCx - 2000, kCy}));
  EXPECT_TRUE(inside_any(polygons, {kCx + 2000, kCy}));
  EXPECT_FALSE(inside_any(polygons, {kCx, kCy}));
  // The later seed reaches less far: 600 s of walking versus 900 s (capped at 1000 m).
  const double a0 = signed_area_m2(polygons[0].exterior);
  const double a1 = signed_area_m2(polygons[1].exterior);
  EXPECT_NEAR(a0 / (std::numbers::pi * 1000 * 1000), 1.0, 0.03);
  EXPECT_NEAR(a1 / (std::numbers::pi * 780 * 780), 1.0, 0.03);
}

TEST(IsochroneTest, RingOfSeedsGivesPolygonWithHole) {
  std::vector<Seed> seeds;
  for (int k = 0; k < 64; ++k) {
    const double a = 2 * std::numbers::pi * k / 64;
    seeds.push_back({kCx + 2000 * std::cos(a), kCy + 2000 * std::sin(a), 60});
  }
  const auto grid = compute_travel_times(square_grid(120, 50), seeds, {1.3, 600});
  EXPECT_EQ(grid.at(60, 60), kUnreachableCell);
  const auto polygons = contour_polygons(grid, 60 * 60);
  ASSERT_EQ(polygons.size(), 1u);
  ASSERT_EQ(polygons[0].holes.size(), 1u);
  expect_valid_rings(polygons);
  EXPECT_GT(signed_area_m2(polygons[0].exterior), 0);
  EXPECT_LT(signed_area_m2(polygons[0].holes[0]), 0);
  EXPECT_FALSE(inside_any(polygons, {kCx, kCy}));
  EXPECT_TRUE(inside_any(polygons, {kCx + 2000, kCy}));
  // Annulus between about 1400 m and 2600 m.
  const double area = signed_area_m2(polygons[0].exterior) + signed_area_m2(polygons[0].holes[0]);
  EXPECT_NEAR(area / (std::numbers::pi * (2600.0 * 2600 - 1400.0 * 1400)), 1.0, 0.05);
}

TEST(IsochroneTest, CellsInsideContourAreExactlyCellsWithinThreshold) {
  const test::TestSeed rng_seed(kTestSeed);
  std::mt19937_64 rng(rng_seed.value());
  for (int round = 0; round < 5; ++round) {
    std::vector<Seed> seeds;
    for (int k = 0; k < 40; ++k) {
      seeds.push_back({uniform(rng, kCx - 3000, kCx + 3000), uniform(rng, kCy - 3000, kCy + 3000),
                       uniform(rng, 0, 1500)});
    }
    const auto grid = compute_travel_times(square_grid(60, 100), seeds, {1.3, 800});
    for (double minutes : {15.0, 30.0, 45.0}) {
      const double t = minutes * 60;
      const auto polygons = contour_polygons(grid, t);
      expect_valid_rings(polygons);
      for (std::int32_t j = 0; j < grid.spec.ny; ++j) {
        for (std::int32_t i = 0; i < grid.spec.nx; ++i) {
          const Point c{grid.spec.x_m(i), grid.spec.y_m(j)};
          ASSERT_EQ(inside_any(polygons, c), grid.at(i, j) <= t)
              << "cell " << i << "," << j << " time " << grid.at(i, j) << " threshold " << t;
        }
      }
    }
  }
}

TEST(IsochroneTest, SaddleJoinsCornersWhenTheMeanIsWithinThreshold) {
  TravelTimeGrid grid;
  grid.spec = square_grid(2, 100);
  grid.time_s = {0, 1000, 1000, 0};  // inside corners on one diagonal; mean 500
  for (const double t : {400.0, 600.0}) {
    const auto polygons = contour_polygons(grid, t);
    expect_valid_rings(polygons);
    EXPECT_EQ(polygons.size(), t < 500 ? 2u : 1u) << t;
    for (std::int32_t j = 0; j < 2; ++j) {
      for (std::int32_t i = 0; i < 2; ++i) {
        EXPECT_EQ(inside_any(polygons, {grid.spec.x_m(i), grid.spec.y_m(j)}), grid.at(i, j) <= t);
      }
    }
    // Joined: the square's centre is inside; separated: outside.
    EXPECT_EQ(inside_any(polygons, {kCx, kCy}), t > 500) << t;
  }
}

TEST(IsochroneTest, BucketedTimesMatchAllPairs) {
  const test::TestSeed rng_seed(kTestSeed);
  std::mt19937_64 rng(rng_seed.value() + 1);
  for (double max_walk : {0.0, 150.0, 800.0, 5000.0, kInf}) {
    std::vector<Seed> seeds;
    for (int k = 0; k < 200; ++k) {
      seeds.push_back({uniform(rng, kCx - 4000, kCx + 4000), uniform(rng, kCy - 4000, kCy + 4000),
                       uniform(rng, 0, 2000)});
    }
    const EgressWalk walk{1.1, max_walk};
    const auto grid = compute_travel_times(square_grid(40, 130), seeds, walk);
    for (std::int32_t j = 0; j < grid.spec.ny; ++j) {
      for (std::int32_t i = 0; i < grid.spec.nx; ++i) {
        double best = kInf;
        for (const Seed& s : seeds) {
          const double d = std::hypot(s.x_m - grid.spec.x_m(i), s.y_m - grid.spec.y_m(j));
          if (d <= max_walk) best = std::min(best, s.time_s + d / walk.walk_speed_mps);
        }
        ASSERT_EQ(grid.at(i, j), best) << "max walk " << max_walk << " cell " << i << "," << j;
      }
    }
  }
}

// A tiny reader for the nested number arrays of GeoJSON "coordinates".
struct Json {
  std::vector<Json> items;
  double number = 0;
  bool is_array = false;
};

Json parse_array(const std::string& s, std::size_t& k) {
  Json node;
  if (s[k] != '[') {
    const char* begin = s.c_str() + k;
    char* end = nullptr;
    node.number = std::strtod(begin, &end);
    if (end == begin) throw std::runtime_error("bad number at " + std::to_string(k));
    k += static_cast<std::size_t>(end - begin);
    return node;
  }
  node.is_array = true;
  ++k;
  while (s[k] != ']') {
    node.items.push_back(parse_array(s, k));
    if (s[k] == ',') ++k;
  }
  ++k;
  return node;
}

double lonlat_signed_area(const Json& ring) {
  double a = 0;
  for (std::size_t v = 0; v + 1 < ring.items.size(); ++v) {
    a += ring.items[v].items[0].number * ring.items[v + 1].items[1].number -
         ring.items[v + 1].items[0].number * ring.items[v].items[1].number;
  }
  return a / 2;
}

TEST(IsochroneTest, GeoJsonHasOneMultiPolygonFeaturePerThreshold) {
  test::TempDir dir;
  std::vector<Seed> seeds;
  for (int k = 0; k < 64; ++k) {
    const double a = 2 * std::numbers::pi * k / 64;
    seeds.push_back({kCx + 2000 * std::cos(a), kCy + 2000 * std::sin(a), 0});
  }
  seeds.push_back({kCx - 5000, kCy - 5000, 0});
  const auto grid = compute_travel_times(square_grid(150, 80), seeds, {1.3, 600});
  const std::vector<double> minutes = {5, 15, 30};
  const auto path = dir.path() / "iso.geojson";
  write_isochrone_geojson(path, grid, minutes);
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  EXPECT_EQ(text.rfind("{\"type\":\"FeatureCollection\",\"features\":[", 0), 0u);
  std::size_t pos = 0;
  for (double m : minutes) {
    const std::string props =
        "\"properties\":{\"minutes\":" + std::to_string(static_cast<int>(m)) + "}";
    pos = text.find(props, pos);
    ASSERT_NE(pos, std::string::npos) << props;
    const std::string geom = "\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":";
    pos = text.find(geom, pos);
    ASSERT_NE(pos, std::string::npos);
    pos += geom.size();
    const Json multi = parse_array(text, pos);
    ASSERT_TRUE(multi.is_array);
    const auto expected = contour_polygons(grid, m * 60);
    ASSERT_EQ(multi.items.size(), expected.size());
    bool any_hole = false;
    for (std::size_t p = 0; p < multi.items.size(); ++p) {
      const Json& poly = multi.items[p];
      ASSERT_EQ(poly.items.size(), 1 + expected[p].holes.size());
      for (std::size_t r = 0; r < poly.items.size(); ++r) {
        const Json& ring = poly.items[r];
        ASSERT_GE(ring.items.size(), 4u);
        for (const Json& position : ring.items) {
          ASSERT_EQ(position.items.size(), 2u);
          EXPECT_NEAR(position.items[0].number, 15.0, 0.2);   // lon
          EXPECT_NEAR(position.items[1].number, 45.15, 0.2);  // lat
        }
        EXPECT_EQ(ring.items.front().items[0].number, ring.items.back().items[0].number);
        EXPECT_EQ(ring.items.front().items[1].number, ring.items.back().items[1].number);
        if (r == 0) {
          EXPECT_GT(lonlat_signed_area(ring), 0);
        } else {
          any_hole = true;
          EXPECT_LT(lonlat_signed_area(ring), 0);
        }
      }
    }
    if (m == 30) {
      EXPECT_TRUE(any_hole);
    }
  }
  EXPECT_EQ(text.substr(pos), "}}]}\n");
}

TEST(IsochroneTest, GridCsvHasOneRowPerCellAndEmptyUnreachable) {
  test::TempDir dir;
  const Seed seed{kCx, kCy, 120};
  const auto grid = compute_travel_times(square_grid(20, 100), {&seed, 1}, {1.3, 500});
  const auto path = dir.path() / "grid.csv";
  write_grid_csv(path, grid);
  io::CsvReader csv(path);
  EXPECT_EQ(csv.header(), (std::vector<std::string>{"x_m", "y_m", "lat", "lon", "time_min"}));
  std::size_t rows = 0, empty = 0;
  while (csv.next()) {
    const std::int32_t i = static_cast<std::int32_t>(rows % 20);
    const std::int32_t j = static_cast<std::int32_t>(rows / 20);
    EXPECT_NEAR(csv.number(0), grid.spec.x_m(i), 0.005);
    EXPECT_NEAR(csv.number(1), grid.spec.y_m(j), 0.005);
    EXPECT_NEAR(csv.number(2), 45.15, 0.2);
    EXPECT_NEAR(csv.number(3), 15.0, 0.2);
    const double t = grid.at(i, j);
    if (t == kUnreachableCell) {
      EXPECT_TRUE(csv.blank(4));
      ++empty;
    } else {
      EXPECT_NEAR(csv.number(4), t / 60, 0.0005);
    }
    ++rows;
  }
  EXPECT_EQ(rows, 400u);
  EXPECT_GT(empty, 0u);
  EXPECT_LT(empty, 400u);
}

TEST(IsochroneTest, GridForLonLatBoxCoversTheBox) {
  const GridSpec spec = grid_for_lonlat_box(14.9, 45.0, 15.1, 45.2, 100);
  EXPECT_EQ(spec.epsg, "EPSG:32633");
  EXPECT_GT(spec.nx, 150);
  EXPECT_LT(spec.nx, 170);
  EXPECT_GT(spec.ny, 220);
  EXPECT_LT(spec.ny, 230);
}

TEST(IsochroneTest, BadArgumentsThrow) {
  const Seed seed{kCx, kCy, 0};
  GridSpec spec = square_grid(10, 100);
  for (double cell : {0.0, -5.0, std::nan(""), kInf}) {
    spec.cell_m = cell;
    EXPECT_THROW(compute_travel_times(spec, {&seed, 1}, {}), std::invalid_argument) << cell;
  }
  spec = square_grid(10, 100);
  spec.nx = 0;
  EXPECT_THROW(compute_travel_times(spec, {&seed, 1}, {}), std::invalid_argument);
  spec = square_grid(10, 100);
  for (const Seed& bad : {Seed{std::nan(""), kCy, 0}, Seed{kCx, std::nan(""), 0},
                          Seed{kCx, kCy, std::nan("")}, Seed{kCx, kCy, kInf}}) {
    EXPECT_THROW(compute_travel_times(spec, {&bad, 1}, {}), std::invalid_argument);
  }
  EXPECT_THROW(compute_travel_times(spec, {&seed, 1}, {0, 800}), std::invalid_argument);
  EXPECT_THROW(compute_travel_times(spec, {&seed, 1}, {1.3, std::nan("")}), std::invalid_argument);
  EXPECT_THROW(compute_travel_times(spec, {&seed, 1}, {1.3, -1}), std::invalid_argument);
  const auto grid = compute_travel_times(spec, {&seed, 1}, {});
  EXPECT_THROW(contour_polygons(grid, std::nan("")), std::invalid_argument);
  EXPECT_THROW(grid_for_lonlat_box(14.9, 45.0, 15.1, 45.2, 0), std::invalid_argument);
  EXPECT_THROW(grid_for_lonlat_box(15.1, 45.0, 14.9, 45.2, 100), std::invalid_argument);
  test::TempDir dir;
  const std::vector<double> bad_minutes = {15, std::nan("")};
  EXPECT_THROW(write_isochrone_geojson(dir.path() / "x.geojson", grid, bad_minutes),
               std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "x.geojson"));
}

// Zone times from timed points: the least point time plus the straight walk to the centroid,
// within the walk limit. Zone 1's centroid is 1,113 m north of point A (t = 100 s) and 2,226 m
// north of point B (t = 0): at 1.3 m/s A wins (100 + 856 s < 1,712 s); with a 2 km limit B is
// out of reach anyway; zone 2 is farther than any walk.
TEST(ZoneTimesFromPoints, LeastPointTimePlusWalk) {
  net::NetworkBuilder b;
  b.add_node({.external_id = 1, .lon = 0.0, .lat = 0.01});
  b.add_node({.external_id = 2, .lon = 1.0, .lat = 1.0});
  for (const std::int64_t z : {1, 2}) {
    net::ZoneSpec zone;
    zone.external_id = z;
    zone.centroid = z;
    b.add_zone(zone);
  }
  const net::RoadNetwork road = b.build();
  ReachedPoints points;
  points.add(0.0, 0.0, 100.0);  // A
  points.add(0.0, -0.01, 0.0);  // B
  const std::vector<double> t = zone_times_from_points(points, road, {1.3, 2000.0});
  ASSERT_EQ(t.size(), 2u);
  const double a_m = net::haversine_m(0.0, 0.0, 0.0, 0.01);
  EXPECT_NEAR(a_m, 1112.0, 2.0);
  EXPECT_DOUBLE_EQ(t[0], 100.0 + a_m / 1.3);
  EXPECT_TRUE(std::isinf(t[1]));
  // Without A, B is 2,224 m away: beyond the 2 km limit, within a 3 km one.
  ReachedPoints only_b;
  only_b.add(0.0, -0.01, 0.0);
  EXPECT_TRUE(std::isinf(zone_times_from_points(only_b, road, {1.3, 2000.0})[0]));
  EXPECT_DOUBLE_EQ(zone_times_from_points(only_b, road, {1.3, 3000.0})[0],
                   net::haversine_m(0.0, -0.01, 0.0, 0.01) / 1.3);
}

}  // namespace
}  // namespace ouflow::sim
