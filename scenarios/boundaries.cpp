#include "scenarios/boundaries.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>

#include "networks/input_error.h"
#include "networks/io/text_input.h"

namespace ouflow::scenario {
namespace {

// A minimal JSON reader: enough of RFC 8259 for GeoJSON (strings are kept raw, escapes are only
// skipped, since only member names and numbers matter here).
// An object's members are JsonMember, not std::pair<std::string, Json>: clang 14 (the tsan
// preset) cannot instantiate that pair inside Json with libstdc++ 12 (its conditionally explicit
// constructors ask whether the still incomplete Json is default constructible).
struct JsonMember;

struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  double number = 0.0;
  std::size_t line = 0;  // where the value starts, for messages
  std::string text;
  std::vector<Json> items;          // array
  std::vector<JsonMember> members;  // object
  const Json* member(const std::string& name) const;
};

struct JsonMember {
  std::string key;
  Json value;
};

const Json* Json::member(const std::string& name) const {
  for (const JsonMember& m : members) {
    if (m.key == name) return &m.value;
  }
  return nullptr;
}

class Reader {
 public:
  Reader(const std::filesystem::path& path, std::string text) : path_(path), s_(std::move(text)) {}

  Json document() {
    Json v = value(0);
    skip_space();
    if (i_ != s_.size()) fail("unexpected text after the JSON value");
    return v;
  }

  [[noreturn]] void fail(const std::string& what) const { fail_at(line_, what); }
  [[noreturn]] void fail_at(std::size_t line, const std::string& what) const {
    throw InputError(path_, line, "", what);
  }

 private:
  void skip_space() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) {
      line_ += s_[i_] == '\n';
      ++i_;
    }
  }
  void expect(char c) {
    skip_space();
    if (i_ >= s_.size() || s_[i_] != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') ++i_;
      if (i_ < s_.size()) {
        line_ += s_[i_] == '\n';
        out += s_[i_++];
      }
    }
    if (i_ >= s_.size()) fail("unterminated string");
    ++i_;
    return out;
  }
  Json value(int depth) {
    if (depth > 64) fail("nesting too deep");
    skip_space();
    if (i_ >= s_.size()) fail("unexpected end of file");
    Json v;
    v.line = line_;
    const char c = s_[i_];
    if (c == '{') {
      v.kind = Json::Kind::kObject;
      ++i_;
      skip_space();
      if (i_ < s_.size() && s_[i_] == '}') return ++i_, v;
      while (true) {
        std::string key = string();
        expect(':');
        v.members.push_back({std::move(key), value(depth + 1)});
        skip_space();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.kind = Json::Kind::kArray;
      ++i_;
      skip_space();
      if (i_ < s_.size() && s_[i_] == ']') return ++i_, v;
      while (true) {
        v.items.push_back(value(depth + 1));
        skip_space();
        if (i_ < s_.size() && s_[i_] == ',') {
          ++i_;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.kind = Json::Kind::kString;
      v.text = string();
      return v;
    }
    for (const char* word : {"true", "false", "null"}) {
      const std::string w(word);
      if (s_.compare(i_, w.size(), w) == 0) {
        i_ += w.size();
        v.kind = w == "null" ? Json::Kind::kNull : Json::Kind::kBool;
        return v;
      }
    }
    // A JSON number: '-'? digits, then strtod; no NaN, infinity, hex or overflow.
    const char* begin = s_.c_str() + i_;
    if (!(c == '-' || (c >= '0' && c <= '9'))) fail("expected a JSON value");
    char* end = nullptr;
    v.number = std::strtod(begin, &end);
    if (end == begin) fail("expected a JSON value");
    const std::string text(begin, static_cast<std::size_t>(end - begin));
    if (text.find_first_of("xXnN") != std::string::npos)
      fail("'" + text + "' is not a JSON number");
    if (!std::isfinite(v.number)) {
      fail("number " + text + " is out of range (not a finite double)");
    }
    i_ += static_cast<std::size_t>(end - begin);
    v.kind = Json::Kind::kNumber;
    return v;
  }

  const std::filesystem::path& path_;
  std::string s_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;  // line of s_[i_]
};

Boundaries::Ring ring_of(const Json& positions, const Reader& r) {
  Boundaries::Ring ring;
  for (const Json& p : positions.items) {
    if (p.kind != Json::Kind::kArray || p.items.size() < 2 ||
        p.items[0].kind != Json::Kind::kNumber || p.items[1].kind != Json::Kind::kNumber) {
      r.fail_at(p.line, "a polygon position must be [lon, lat]");
    }
    if (std::fabs(p.items[0].number) > 180 || std::fabs(p.items[1].number) > 90) {
      r.fail_at(p.line, "position [" + io::format_double(p.items[0].number) + ", " +
                            io::format_double(p.items[1].number) +
                            "] is not WGS84 lon/lat (RFC 7946): lon in [-180, 180], lat in "
                            "[-90, 90]");
    }
    ring.lon.push_back(p.items[0].number);
    ring.lat.push_back(p.items[1].number);
  }
  if (ring.lon.size() > 1 && ring.lon.front() == ring.lon.back() &&
      ring.lat.front() == ring.lat.back()) {
    ring.lon.pop_back();
    ring.lat.pop_back();
  }
  if (ring.lon.size() < 3) {
    r.fail_at(positions.line, "a polygon ring needs at least 3 distinct positions");
  }
  return ring;
}

void collect(const Json& v, Boundaries& b, const Reader& r) {
  if (v.kind != Json::Kind::kObject) return;
  const Json* type = v.member("type");
  if (type == nullptr || type->kind != Json::Kind::kString) return;
  if (type->text == "FeatureCollection") {
    if (const Json* f = v.member("features")) {
      for (const Json& x : f->items) collect(x, b, r);
    }
  } else if (type->text == "Feature") {
    if (const Json* g = v.member("geometry")) collect(*g, b, r);
  } else if (type->text == "GeometryCollection") {
    if (const Json* g = v.member("geometries")) {
      for (const Json& x : g->items) collect(x, b, r);
    }
  } else if (type->text == "Polygon" || type->text == "MultiPolygon") {
    const Json* c = v.member("coordinates");
    if (c == nullptr || c->kind != Json::Kind::kArray)
      r.fail_at(v.line, "a polygon needs coordinates");
    auto polygon = [&](const Json& rings) {
      std::vector<Boundaries::Ring> p;
      for (const Json& ring : rings.items) p.push_back(ring_of(ring, r));
      if (!p.empty()) b.polygons.push_back(std::move(p));
    };
    if (type->text == "Polygon") {
      polygon(*c);
    } else {
      for (const Json& p : c->items) polygon(p);
    }
  }
}

bool in_ring(const Boundaries::Ring& ring, double lon, double lat) {
  bool inside = false;
  const std::size_t n = ring.lon.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const double xi = ring.lon[i], yi = ring.lat[i], xj = ring.lon[j], yj = ring.lat[j];
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

}  // namespace

bool Boundaries::contains(double lon, double lat) const {
  for (const auto& p : polygons) {
    if (!in_ring(p.front(), lon, lat)) continue;
    bool in_hole = false;
    for (std::size_t h = 1; h < p.size() && !in_hole; ++h) in_hole = in_ring(p[h], lon, lat);
    if (!in_hole) return true;
  }
  return false;
}

Boundaries read_boundaries(const std::filesystem::path& geojson) {
  std::ifstream in(geojson, std::ios::binary);
  if (!in) throw InputError(geojson, 0, "", "cannot open the boundaries file");
  in.close();
  Reader reader(geojson, io::read_text_file(geojson));
  const Json doc = reader.document();
  Boundaries b;
  collect(doc, b, reader);
  if (b.polygons.empty()) {
    throw InputError(geojson, 0, "", "no Polygon or MultiPolygon geometry in this GeoJSON file");
  }
  return b;
}

}  // namespace ouflow::scenario
