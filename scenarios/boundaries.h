// Study-area boundaries: the Polygon and MultiPolygon geometries of a GeoJSON file (RFC 7946:
// a FeatureCollection, a Feature or a bare geometry; positions are [lon, lat]), and a
// point-in-area test. The inventory counts only what lies inside (scenarios/inventory.h).
#pragma once

#include <filesystem>
#include <vector>

namespace ouflow::scenario {

struct Boundaries {
  struct Ring {
    std::vector<double> lon, lat;  // not closed (a closing point equal to the first is dropped)
  };
  // Each polygon: its outer ring, then its holes.
  std::vector<std::vector<Ring>> polygons;

  // Inside some polygon's outer ring and in none of its holes (even-odd rule in the lon/lat
  // plane; points exactly on an edge may fall either way).
  bool contains(double lon, double lat) const;
};

// Throws InputError (file, line) on malformed JSON or when there is no polygon at all.
Boundaries read_boundaries(const std::filesystem::path& geojson);

}  // namespace ouflow::scenario
