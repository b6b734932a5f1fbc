// Reading polygons from GeoJSON (RFC 7946): a FeatureCollection, Feature or bare geometry of
// Polygon / MultiPolygon (other geometries are skipped). Each ring keeps the feature's numeric
// "minutes" property (isochrones written by `ouflow isochrone`), NaN when absent.
#pragma once

#include <filesystem>

#include "viz/map_data.h"

namespace ouflow::viz {

// Throws InputError naming the file, the line (of a syntax error; 0 for a structural one) and
// the field (e.g. "features[2].geometry.coordinates").
LonLatPolygons read_geojson_polygons(const std::filesystem::path& path);

}  // namespace ouflow::viz
