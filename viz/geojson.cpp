#include "viz/geojson.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "networks/input_error.h"
#include "networks/io/text_input.h"

namespace ouflow::viz {
namespace {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(std::filesystem::path path) : path_(std::move(path)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw InputError(path_, 0, field, what);
  }

  Vec2 position(const json& j, const std::string& field) const {
    if (!j.is_array() || j.size() < 2 || !j[0].is_number() || !j[1].is_number()) {
      fail(field, "expected a position [lon, lat]");
    }
    const Vec2 p{j[0].get<double>(), j[1].get<double>()};
    if (!(std::fabs(p.x) <= 180.0) || !(std::fabs(p.y) <= 90.0)) {
      fail(field, "position is not WGS84 lon/lat (RFC 7946)");
    }
    return p;
  }

  void polygon(const json& j, const std::string& field, double minutes, LonLatPolygons& out) {
    if (!j.is_array()) fail(field, "expected an array of rings");
    for (std::size_t r = 0; r < j.size(); ++r) {
      const std::string rf = field + "[" + std::to_string(r) + "]";
      if (!j[r].is_array()) fail(rf, "expected a ring (array of positions)");
      if (j[r].size() < 4) fail(rf, "a ring needs at least 4 positions");
      std::vector<Vec2> ring;
      ring.reserve(j[r].size());
      for (std::size_t k = 0; k < j[r].size(); ++k) {
        ring.push_back(position(j[r][k], rf + "[" + std::to_string(k) + "]"));
      }
      out.rings.push_back(std::move(ring));
      out.minutes.push_back(minutes);
    }
  }

  void geometry(const json& g, const std::string& field, double minutes, LonLatPolygons& out) {
    if (g.is_null()) return;  // a Feature without geometry
    if (!g.is_object() || !g.contains("type") || !g["type"].is_string()) {
      fail(field + ".type", "expected a geometry object with a type");
    }
    const std::string type = g["type"].get<std::string>();
    if (type == "GeometryCollection") {
      if (!g.contains("geometries") || !g["geometries"].is_array()) {
        fail(field + ".geometries", "expected an array");
      }
      for (std::size_t i = 0; i < g["geometries"].size(); ++i) {
        geometry(g["geometries"][i], field + ".geometries[" + std::to_string(i) + "]", minutes,
                 out);
      }
      return;
    }
    if (type != "Polygon" && type != "MultiPolygon") return;  // points and lines: not drawn
    if (!g.contains("coordinates")) fail(field + ".coordinates", "missing");
    const json& c = g["coordinates"];
    const std::string cf = field + ".coordinates";
    if (type == "Polygon") {
      polygon(c, cf, minutes, out);
    } else {
      if (!c.is_array()) fail(cf, "expected an array of polygons");
      for (std::size_t p = 0; p < c.size(); ++p) {
        polygon(c[p], cf + "[" + std::to_string(p) + "]", minutes, out);
      }
    }
  }

  void feature(const json& f, const std::string& field, LonLatPolygons& out) {
    if (!f.is_object()) fail(field, "expected a Feature object");
    double minutes = kNoValue;
    if (f.contains("properties") && f["properties"].is_object() &&
        f["properties"].contains("minutes")) {
      const json& m = f["properties"]["minutes"];
      if (!m.is_number()) fail(field + ".properties.minutes", "expected a number");
      minutes = m.get<double>();
    }
    if (!f.contains("geometry")) fail(field + ".geometry", "missing");
    geometry(f["geometry"], field + ".geometry", minutes, out);
  }

 private:
  std::filesystem::path path_;
};

}  // namespace

LonLatPolygons read_geojson_polygons(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "cannot open the file");
  in.close();
  const std::string s = io::read_text_file(path);
  json doc;
  try {
    doc = json::parse(s);
  } catch (const json::parse_error& e) {
    // Line of the byte where parsing failed.
    std::size_t line = 1;
    const std::size_t end = std::min(e.byte, s.size());
    for (std::size_t i = 0; i + 1 < end; ++i) line += s[i] == '\n';
    // nlohmann's text without its "[json.exception.parse_error.101] " prefix.
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    throw InputError(path, line, "", "not valid JSON (" + what + ")");
  } catch (const json::exception& e) {
    // E.g. "number overflow parsing '1e400'": no byte offset, so the line of the quoted text.
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    std::size_t line = 0;
    const auto q1 = what.find('\''), q2 = what.rfind('\'');
    if (q1 != std::string::npos && q2 > q1 + 1) {
      if (const auto at = s.find(what.substr(q1 + 1, q2 - q1 - 1)); at != std::string::npos) {
        line = 1 + static_cast<std::size_t>(std::count(s.begin(), s.begin() + at, '\n'));
      }
    }
    throw InputError(path, line, "", "not valid JSON (" + what + ")");
  }
  Reader r(path);
  LonLatPolygons out;
  if (!doc.is_object() || !doc.contains("type") || !doc["type"].is_string()) {
    r.fail("type", "expected a GeoJSON object with a type");
  }
  const std::string type = doc["type"].get<std::string>();
  if (type == "FeatureCollection") {
    if (!doc.contains("features") || !doc["features"].is_array()) {
      r.fail("features", "expected an array");
    }
    for (std::size_t i = 0; i < doc["features"].size(); ++i) {
      r.feature(doc["features"][i], "features[" + std::to_string(i) + "]", out);
    }
  } else if (type == "Feature") {
    r.feature(doc, "feature", out);
  } else {
    r.geometry(doc, "geometry", kNoValue, out);
  }
  return out;
}

}  // namespace ouflow::viz
