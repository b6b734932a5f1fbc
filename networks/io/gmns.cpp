#include "networks/io/gmns.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "networks/geo.h"
#include "networks/input_error.h"
#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"
#include "networks/io/text_input.h"
#include "networks/network_builder.h"

namespace ouflow::io {
namespace {

namespace fs = std::filesystem;

constexpr double kMetresPerMile = 1609.344;
constexpr double kMetresPerFoot = 0.3048;
constexpr double kKmhPerMph = 1.609344;
constexpr double kSecondsPerMinute = 60.0;

std::string lower(std::string_view s) {
  std::string out(trim(s));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

template <std::size_t N>
bool one_of(const std::string& s, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// Free-flow time implied by length and speed; nullopt when it cannot be derived.
std::optional<double> derived_free_flow_time_s(double length_m, double speed_kmh) {
  if (speed_kmh > 0) return length_m * 3.6 / speed_kmh;
  if (length_m == 0) return 0.0;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// config.csv

enum class CrsKind { kDetect, kWgs84, kPlanar };

struct Config {
  std::string dataset_name;
  double metres_per_length_unit = 1.0;
  double kmh_per_speed_unit = 1.0;
  CrsKind crs = CrsKind::kDetect;
  std::string planar_projection = "local";
  double toll_factor_s = 0.0;
  double distance_factor_s_per_m = 0.0;
  std::int64_t first_thru_node = 1;
};

Config read_config(const fs::path& file) {
  Config cfg;
  if (!fs::exists(file)) return cfg;
  CsvReader r(file);
  if (!r.next()) return cfg;  // header only: defaults
  const auto c_name = r.column("dataset_name");
  const auto c_long = r.column("long_length");
  const auto c_speed = r.column("speed");
  const auto c_crs = r.column("crs");

  cfg.dataset_name = std::string(r.field(c_name));

  const std::string long_length = lower(r.field(c_long));
  bool miles_or_feet = false;
  if (long_length.empty() || one_of(long_length, std::array<std::string_view, 5>{
                                                     "m", "meter", "meters", "metre", "metres"})) {
    cfg.metres_per_length_unit = 1.0;
  } else if (one_of(long_length, std::array<std::string_view, 5>{"km", "kilometer", "kilometers",
                                                                 "kilometre", "kilometres"})) {
    cfg.metres_per_length_unit = 1000.0;
  } else if (one_of(long_length, std::array<std::string_view, 3>{"mi", "mile", "miles"})) {
    cfg.metres_per_length_unit = kMetresPerMile;
    miles_or_feet = true;
  } else if (one_of(long_length, std::array<std::string_view, 3>{"ft", "foot", "feet"})) {
    cfg.metres_per_length_unit = kMetresPerFoot;
    miles_or_feet = true;
  } else {
    throw InputError(file, r.line(), "long_length",
                     "unknown length unit '" + std::string(trim(r.field(c_long))) +
                         "' (expected m, km, mi or ft)");
  }

  const std::string speed = lower(r.field(c_speed));
  if (speed.empty()) {
    cfg.kmh_per_speed_unit = miles_or_feet ? kKmhPerMph : 1.0;
  } else if (one_of(speed, std::array<std::string_view, 7>{"kph", "km/h", "kmh", "kmph", "km/hr",
                                                           "kilometers per hour",
                                                           "kilometres per hour"})) {
    cfg.kmh_per_speed_unit = 1.0;
  } else if (one_of(speed,
                    std::array<std::string_view, 4>{"mph", "mi/h", "mi/hr", "miles per hour"})) {
    cfg.kmh_per_speed_unit = kKmhPerMph;
  } else if (one_of(speed, std::array<std::string_view, 4>{"m/s", "mps", "meters per second",
                                                           "metres per second"})) {
    cfg.kmh_per_speed_unit = 3.6;
  } else {
    throw InputError(file, r.line(), "speed",
                     "unknown speed unit '" + std::string(trim(r.field(c_speed))) +
                         "' (expected kph, mph or m/s)");
  }

  const std::string crs(trim(r.field(c_crs)));
  const std::string crs_lower = lower(crs);
  if (crs.empty()) {
    cfg.crs = CrsKind::kDetect;
  } else if (one_of(crs_lower,
                    std::array<std::string_view, 4>{"4326", "epsg:4326", "wgs84", "wgs 84"})) {
    cfg.crs = CrsKind::kWgs84;
  } else if (crs_lower == "local") {
    cfg.crs = CrsKind::kPlanar;
    cfg.planar_projection = "local";
  } else {
    cfg.crs = CrsKind::kPlanar;
    const bool digits =
        std::all_of(crs.begin(), crs.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    if (digits) {
      cfg.planar_projection = "EPSG:" + crs;
    } else if (crs_lower.starts_with("epsg:")) {
      cfg.planar_projection = "EPSG:" + crs.substr(5);
    } else {
      cfg.planar_projection = crs;
    }
  }

  if (auto v = r.optional_number(r.column("toll_factor_s"))) cfg.toll_factor_s = *v;
  if (auto v = r.optional_number(r.column("distance_factor_s_per_m"))) {
    cfg.distance_factor_s_per_m = *v;
  }
  if (auto v = r.optional_integer(r.column("first_thru_node"))) cfg.first_thru_node = *v;
  if (r.next()) throw InputError(file, r.line(), "", "config.csv must hold a single row");
  return cfg;
}

// ---------------------------------------------------------------------------------------------
// node.csv, zone.csv

struct NodeRow {
  net::NodeSpec spec;
  std::optional<std::int64_t> zone_id;
  std::size_t line = 0;
};

bool known(double v) { return !std::isnan(v); }

std::vector<NodeRow> read_node_rows(const fs::path& file, const Config& cfg,
                                    std::string& projection) {
  CsvReader r(file);
  const std::size_t c_id = r.require_column("node_id");
  const std::size_t c_x = r.require_column("x_coord");
  const std::size_t c_y = r.require_column("y_coord");
  const auto c_zone = r.column("zone_id");
  const auto c_through = r.column("through_allowed");

  std::vector<NodeRow> rows;
  while (r.next()) {
    NodeRow row;
    row.line = r.line();
    row.spec.external_id = r.integer(c_id);
    if (!(r.blank(c_x) && r.blank(c_y))) {
      row.spec.x = r.number(c_x);
      row.spec.y = r.number(c_y);
    }
    row.zone_id = r.optional_integer(c_zone);
    if (auto t = r.optional_integer(c_through)) {
      if (*t != 0 && *t != 1) {
        throw InputError(file, r.line(), "through_allowed", "expected 0 or 1");
      }
      row.spec.through_allowed = *t == 1;
    }
    rows.push_back(std::move(row));
  }

  bool geographic = false;
  if (cfg.crs == CrsKind::kWgs84) {
    geographic = true;
    for (const NodeRow& n : rows) {
      if (!known(n.spec.x)) continue;
      if (n.spec.x < -180 || n.spec.x > 180) {
        throw InputError(file, n.line, "x_coord",
                         "longitude " + format_double(n.spec.x) + " is outside [-180, 180]");
      }
      if (n.spec.y < -90 || n.spec.y > 90) {
        throw InputError(file, n.line, "y_coord",
                         "latitude " + format_double(n.spec.y) + " is outside [-90, 90]");
      }
    }
  } else if (cfg.crs == CrsKind::kDetect) {
    bool any = false, all_in_range = true;
    for (const NodeRow& n : rows) {
      if (!known(n.spec.x)) continue;
      any = true;
      if (n.spec.x < -180 || n.spec.x > 180 || n.spec.y < -90 || n.spec.y > 90) {
        all_in_range = false;
      }
    }
    geographic = any && all_in_range;
  }

  if (!geographic) {
    projection = cfg.crs == CrsKind::kPlanar ? cfg.planar_projection : "local";
    return rows;
  }

  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
  std::vector<double> lon(rows.size()), lat(rows.size());
  bool any = false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    net::NodeSpec& s = rows[i].spec;
    s.lon = s.x;
    s.lat = s.y;
    lon[i] = s.lon;
    lat[i] = s.lat;
    if (!known(s.lon)) continue;
    any = true;
    min_lon = std::min(min_lon, s.lon), max_lon = std::max(max_lon, s.lon);
    min_lat = std::min(min_lat, s.lat), max_lat = std::max(max_lat, s.lat);
  }
  if (!any) {
    projection = "local";
    return rows;
  }
  projection = net::utm_epsg_for((min_lon + max_lon) / 2, (min_lat + max_lat) / 2);
  std::vector<double> x, y;
  try {
    net::project_wgs84(projection, lon, lat, x, y);
  } catch (const std::runtime_error& e) {
    throw InputError(file, 0, "", e.what());
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].spec.x = x[i];
    rows[i].spec.y = y[i];
  }
  return rows;
}

std::string node_field(const std::string& builder_field) {
  if (builder_field == "lon" || builder_field == "x") return "x_coord";
  if (builder_field == "lat" || builder_field == "y") return "y_coord";
  return builder_field;
}

struct ZoneRow {
  std::string name;
  double population = 0.0;
  double jobs = 0.0;
  std::size_t line = 0;
};

std::unordered_map<std::int64_t, ZoneRow> read_zone_rows(const fs::path& file) {
  std::unordered_map<std::int64_t, ZoneRow> zones;
  if (!fs::exists(file)) return zones;
  CsvReader r(file);
  const std::size_t c_id = r.require_column("zone_id");
  const auto c_name = r.column("name");
  const auto c_population = r.column("population");
  const auto c_jobs = r.column("jobs");
  while (r.next()) {
    const std::int64_t id = r.integer(c_id);
    ZoneRow z;
    z.line = r.line();
    z.name = std::string(r.field(c_name));
    z.population = r.optional_number(c_population).value_or(0.0);
    z.jobs = r.optional_number(c_jobs).value_or(0.0);
    auto [it, inserted] = zones.emplace(id, std::move(z));
    if (!inserted) {
      throw InputError(file, r.line(), "zone_id",
                       "zone " + std::to_string(id) + " is defined twice (first on line " +
                           std::to_string(it->second.line) + ")");
    }
  }
  return zones;
}

// ---------------------------------------------------------------------------------------------
// link.csv

bool parse_directed(std::string_view text, const CsvReader& r) {
  const std::string v = lower(text);
  if (v == "1" || v == "true" || v == "t" || v == "yes" || v == "y") return true;
  if (v == "0" || v == "false" || v == "f" || v == "no" || v == "n") return false;
  throw InputError(r.path(), r.line(), "directed",
                   "'" + std::string(trim(text)) + "' is not a boolean (true/false, 1/0)");
}

struct LinkColumns {
  std::size_t id, from, to, length, capacity;
  std::optional<std::size_t> directed, lanes, speed, facility, link_type, toll, name, vdf_type,
      alpha, beta, fftt;
};

LinkColumns link_columns(const CsvReader& r) {
  LinkColumns c{};
  c.id = r.require_column("link_id");
  c.from = r.require_column("from_node_id");
  c.to = r.require_column("to_node_id");
  c.length = r.require_column("length");
  c.capacity = r.require_column("capacity");
  c.directed = r.column("directed");
  c.lanes = r.column("lanes");
  c.speed = r.column("free_speed");
  c.facility = r.column_any({"facility_type", "link_type_name"});
  c.link_type = r.column("link_type");
  c.toll = r.column("toll");
  c.name = r.column("name");
  c.vdf_type = r.column("vdf_type");
  c.alpha = r.column_any({"vdf_alpha", "VDF_alpha1", "VDF_alpha", "alpha"});
  c.beta = r.column_any({"vdf_beta", "VDF_beta1", "VDF_beta", "beta"});
  c.fftt = r.column_any({"vdf_fftt", "VDF_fftt1", "VDF_fftt"});
  if (!c.speed && !c.fftt) r.require_column("free_speed");
  return c;
}

// The link.csv column a builder field came from.
std::string link_field(const std::string& builder_field, const CsvReader& r, const LinkColumns& c) {
  auto name_of = [&](std::optional<std::size_t> col, const char* fallback) {
    return col ? r.column_name(*col) : std::string(fallback);
  };
  if (builder_field == "from_node") return "from_node_id";
  if (builder_field == "to_node") return "to_node_id";
  if (builder_field == "speed") return "free_speed";
  if (builder_field == "free_flow_time") return c.fftt ? r.column_name(*c.fftt) : "free_speed";
  if (builder_field == "alpha") return name_of(c.alpha, "vdf_alpha");
  if (builder_field == "beta") return name_of(c.beta, "vdf_beta");
  return builder_field;  // length, capacity, lanes, toll
}

void read_links(const fs::path& file, const Config& cfg, net::NetworkBuilder& b) {
  CsvReader r(file);
  const LinkColumns c = link_columns(r);
  std::unordered_map<std::int64_t, std::size_t> line_of_link;
  while (r.next()) {
    net::LinkSpec s;
    s.external_id = r.integer(c.id);
    if (auto [it, inserted] = line_of_link.emplace(s.external_id, r.line()); !inserted) {
      throw InputError(file, r.line(), "link_id",
                       "link " + std::to_string(s.external_id) +
                           " is defined twice (first on line " + std::to_string(it->second) + ")");
    }
    s.from = r.integer(c.from);
    s.to = r.integer(c.to);
    const bool directed = r.blank(c.directed) || parse_directed(r.field(c.directed), r);
    // A value finite as written may overflow once converted: an error naming the value.
    auto converted = [&](std::size_t col, double written, double result, const char* unit) {
      if (!std::isfinite(result)) {
        throw InputError(
            file, r.line(), r.column_name(col),
            "value " + format_double(written) + " is out of range once converted to " + unit);
      }
      return result;
    };
    const double length = r.number(c.length);
    s.length_m = converted(c.length, length, length * cfg.metres_per_length_unit, "metres");
    s.lanes = r.optional_number(c.lanes).value_or(0.0);
    const double capacity = r.number(c.capacity);
    if (capacity <= 0) {
      throw InputError(
          file, r.line(), "capacity",
          "value " + format_double(capacity) + " must be positive (vehicles per hour per lane)");
    }
    s.capacity_vph = converted(c.capacity, capacity, s.lanes > 0 ? capacity * s.lanes : capacity,
                               "vehicles per hour (capacity per lane times lanes)");
    const double speed = r.optional_number(c.speed).value_or(0.0);
    if (c.speed) s.speed_kmh = converted(*c.speed, speed, speed * cfg.kmh_per_speed_unit, "km/h");
    if (s.speed_kmh < 0) {
      throw InputError(file, r.line(), "free_speed",
                       "value " + format_double(s.speed_kmh) + " is negative");
    }
    if (auto minutes = r.optional_number(c.fftt)) {
      s.free_flow_time_s = converted(*c.fftt, *minutes, *minutes * kSecondsPerMinute, "seconds");
    } else if (auto t = derived_free_flow_time_s(s.length_m, s.speed_kmh)) {
      s.free_flow_time_s = *t;
    } else {
      throw InputError(file, r.line(), "free_speed",
                       "missing value: a link of positive length needs free_speed or " +
                           (c.fftt ? r.column_name(*c.fftt) : std::string("vdf_fftt")));
    }
    s.link_class = link_class_from_facility_type(r.field(c.facility));
    if (auto t = r.optional_integer(c.link_type)) {
      if (*t < std::numeric_limits<std::int32_t>::min() ||
          *t > std::numeric_limits<std::int32_t>::max()) {
        throw InputError(file, r.line(), "link_type", "value is out of range");
      }
      s.source_type = static_cast<std::int32_t>(*t);
    }
    s.toll = r.optional_number(c.toll).value_or(0.0);
    s.name = std::string(r.field(c.name));
    if (!r.blank(c.vdf_type)) {
      auto f = net::parse_volume_delay(trim(r.field(c.vdf_type)));
      if (!f) {
        throw InputError(file, r.line(), "vdf_type",
                         "unknown volume-delay function '" +
                             std::string(trim(r.field(c.vdf_type))) +
                             "' (expected bpr or constant)");
      }
      s.volume_delay = *f;
    }
    if (auto v = r.optional_number(c.alpha)) s.alpha = *v;
    if (auto v = r.optional_number(c.beta)) s.beta = *v;

    try {
      b.add_link(s);
      if (!directed) {
        std::swap(s.from, s.to);
        b.add_link(s);
      }
    } catch (const net::BuildError& e) {
      throw InputError(file, r.line(), link_field(e.field(), r, c), e.what());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// demand.csv

net::TripTable read_demand(const fs::path& file, const net::RoadNetwork& road) {
  CsvReader r(file);
  const std::size_t c_o = r.require_column("o_zone_id");
  const std::size_t c_d = r.require_column("d_zone_id");
  const std::size_t c_v = r.require_column("volume");
  net::TripTable trips(road.zone_count());
  auto zone = [&](std::size_t col) {
    const std::int64_t id = r.integer(col);
    auto z = road.find_zone(id);
    if (!z) {
      throw InputError(file, r.line(), r.column_name(col), "unknown zone " + std::to_string(id));
    }
    return *z;
  };
  while (r.next()) {
    const net::ZoneId o = zone(c_o), d = zone(c_d);
    const double v = r.number(c_v);
    if (v < 0) {
      throw InputError(file, r.line(), "volume", "value " + format_double(v) + " is negative");
    }
    trips.at(o, d) += v;
  }
  return trips;
}

// ---------------------------------------------------------------------------------------------
// Writing

[[noreturn]] void unwritable(const fs::path& dir, const std::string& what) {
  throw std::invalid_argument("write_gmns: " + dir.string() + ": " + what);
}

bool same_attributes(const net::RoadNetwork& n, net::LinkId a, net::LinkId b) {
  return n.length_m()[a] == n.length_m()[b] && n.free_flow_time_s()[a] == n.free_flow_time_s()[b] &&
         n.capacity_vph()[a] == n.capacity_vph()[b] && n.lanes()[a] == n.lanes()[b] &&
         n.speed_kmh()[a] == n.speed_kmh()[b] && n.link_class()[a] == n.link_class()[b] &&
         n.volume_delay()[a] == n.volume_delay()[b] && n.alpha()[a] == n.alpha()[b] &&
         n.beta()[a] == n.beta()[b] && n.toll()[a] == n.toll()[b] &&
         n.source_type()[a] == n.source_type()[b] && n.link_name()[a] == n.link_name()[b];
}

// Links a and b (a read just before b) are the two directions of one undirected GMNS link.
bool undirected_pair(const net::RoadNetwork& n, net::LinkId a, net::LinkId b) {
  return n.link_external_id()[a] == n.link_external_id()[b] && n.tail()[a] == n.head()[b] &&
         n.head()[a] == n.tail()[b] && same_attributes(n, a, b);
}

void write_config(const fs::path& file, const net::RoadNetwork& net, const std::string& crs) {
  AtomicOutput out(file);
  CsvWriter w(out.stream(),
              {"dataset_name", "short_length", "long_length", "speed", "crs", "version_number",
               "toll_factor_s", "distance_factor_s_per_m", "first_thru_node"});
  const net::NetworkMetadata& m = net.metadata();
  w.field(m.name).field("meter").field("meter").field("kph").field(crs).field("0.95");
  w.field(m.toll_factor_s).field(m.distance_factor_s_per_m).field(m.first_thru_node);
  w.end_row();
  out.commit();
}

void write_nodes(const fs::path& file, const net::RoadNetwork& net, bool geographic) {
  net::IdVector<net::NodeId, std::optional<std::int64_t>> zone_of(net.node_count());
  for (net::ZoneId z : net.zones()) zone_of[net.zone_centroid()[z]] = net.zone_external_id()[z];
  const bool through_column =
      std::any_of(net.through_allowed().raw().begin(), net.through_allowed().raw().end(),
                  [](std::uint8_t t) { return t == 0; });

  std::vector<std::string> header = {"node_id", "x_coord", "y_coord", "zone_id", "node_type"};
  if (through_column) header.emplace_back("through_allowed");
  AtomicOutput out(file);
  CsvWriter w(out.stream(), header);
  for (net::NodeId n : net.nodes()) {
    w.field(net.node_external_id()[n]);
    if (geographic) {
      w.field(net.lon()[n]).field(net.lat()[n]);
    } else if (known(net.x()[n]) && known(net.y()[n])) {
      w.field(net.x()[n]).field(net.y()[n]);
    } else {
      w.empty_field().empty_field();
    }
    if (zone_of[n]) {
      w.field(*zone_of[n]).field("centroid");
    } else {
      w.empty_field().empty_field();
    }
    if (through_column) w.field(std::int64_t{net.through_allowed()[n]});
    w.end_row();
  }
  out.commit();
}

void write_zones(const fs::path& file, const net::RoadNetwork& net) {
  AtomicOutput out(file);
  CsvWriter w(out.stream(), {"zone_id", "name", "population", "jobs"});
  for (net::ZoneId z : net.zones()) {
    w.field(net.zone_external_id()[z]).field(net.zone_name()[z]);
    w.field(net.zone_population()[z]).field(net.zone_jobs()[z]);
    w.end_row();
  }
  out.commit();
}

void write_link_row(CsvWriter& w, const net::RoadNetwork& net, net::LinkId l, bool directed) {
  const double lanes = net.lanes()[l], speed = net.speed_kmh()[l];
  w.field(net.link_external_id()[l]);
  w.field(net.node_external_id()[net.tail()[l]]).field(net.node_external_id()[net.head()[l]]);
  w.field(directed ? "true" : "false");
  w.field(net.length_m()[l]);
  if (lanes > 0) {
    w.field(lanes).field(speed > 0 ? format_double(speed) : std::string());
    w.field(net.capacity_vph()[l] / lanes);
  } else {
    w.empty_field().field(speed > 0 ? format_double(speed) : std::string());
    w.field(net.capacity_vph()[l]);
  }
  w.field(net::to_string(net.link_class()[l]));
  if (net.source_type()[l] != 0) {
    w.field(net.source_type()[l]);
  } else {
    w.empty_field();
  }
  w.field(net.toll()[l]).field(net.link_name()[l]);
  w.field(net::to_string(net.volume_delay()[l]));
  w.field(net.alpha()[l]).field(net.beta()[l]);
  const double t = net.free_flow_time_s()[l];
  const auto derived = derived_free_flow_time_s(net.length_m()[l], speed);
  if (derived && *derived == t) {
    w.empty_field();
  } else {
    w.field(t / kSecondsPerMinute);
  }
  w.end_row();
}

struct LinkRow {
  net::LinkId link;
  bool directed;
};

// The rows of link.csv in input order, undirected pairs merged; throws when a link id would
// appear twice.
std::vector<LinkRow> plan_link_rows(const fs::path& dir, const net::RoadNetwork& net) {
  const std::vector<net::LinkId>& order = net.input_order();
  std::vector<LinkRow> rows;
  rows.reserve(order.size());
  std::unordered_map<std::int64_t, std::size_t> seen;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const net::LinkId l = order[k];
    const bool pair = k + 1 < order.size() && undirected_pair(net, l, order[k + 1]);
    const std::int64_t id = net.link_external_id()[l];
    if (!seen.emplace(id, rows.size()).second) {
      unwritable(dir, "link id " + std::to_string(id) +
                          " is used by more than one link (GMNS link_id is a primary key)");
    }
    rows.push_back({l, !pair});
    if (pair) ++k;
  }
  return rows;
}

void write_links(const fs::path& file, const net::RoadNetwork& net,
                 const std::vector<LinkRow>& rows) {
  AtomicOutput out(file);
  CsvWriter w(out.stream(), {"link_id", "from_node_id", "to_node_id", "directed", "length", "lanes",
                             "free_speed", "capacity", "facility_type", "link_type", "toll", "name",
                             "vdf_type", "vdf_alpha", "vdf_beta", "vdf_fftt"});
  for (const LinkRow& row : rows) write_link_row(w, net, row.link, row.directed);
  out.commit();
}

void write_demand(const fs::path& file, const net::RoadNetwork& net, const net::TripTable& trips) {
  AtomicOutput out(file);
  CsvWriter w(out.stream(), {"o_zone_id", "d_zone_id", "volume"});
  for (net::ZoneId o : net.zones()) {
    for (net::ZoneId d : net.zones()) {
      const double v = trips(o, d);
      if (v == 0) continue;
      w.field(net.zone_external_id()[o]).field(net.zone_external_id()[d]).field(v);
      w.end_row();
    }
  }
  out.commit();
}

void remove_stale(const fs::path& file) {
  std::error_code ec;
  fs::remove(file, ec);
  if (ec) throw std::runtime_error(file.string() + ": cannot remove: " + ec.message());
}

}  // namespace

net::LinkClass link_class_from_facility_type(std::string_view facility_type) {
  std::string key = lower(facility_type);
  std::replace(key.begin(), key.end(), ' ', '_');
  std::replace(key.begin(), key.end(), '-', '_');
  if (auto c = net::parse_link_class(key)) return *c;
  if (key.ends_with("_link")) {
    key.resize(key.size() - 5);
    if (auto c = net::parse_link_class(key)) return *c;
  }
  using net::LinkClass;
  static const std::unordered_map<std::string, LinkClass> kNames = {
      {"motorway", LinkClass::kExpressway},
      {"freeway", LinkClass::kExpressway},
      {"trunk", LinkClass::kNationalRoad},
      {"primary", LinkClass::kArterial},
      {"major_arterial", LinkClass::kArterial},
      {"minor_arterial", LinkClass::kArterial},
      {"principal_arterial", LinkClass::kArterial},
      {"secondary", LinkClass::kCollector},
      {"major_collector", LinkClass::kCollector},
      {"minor_collector", LinkClass::kCollector},
      {"tertiary", LinkClass::kLocal},
      {"residential", LinkClass::kLocal},
      {"living_street", LinkClass::kLocal},
      {"service", LinkClass::kLocal},
      {"centroid_connector", LinkClass::kConnector},
      {"zone_connector", LinkClass::kConnector},
      {"busway", LinkClass::kTransitOnly},
      {"brt", LinkClass::kTransitOnly},
      {"bus_only", LinkClass::kTransitOnly},
      {"rail", LinkClass::kTransitOnly},
      {"railway", LinkClass::kTransitOnly},
      {"subway", LinkClass::kTransitOnly},
      {"tram", LinkClass::kTransitOnly},
      {"light_rail", LinkClass::kTransitOnly},
  };
  auto it = kNames.find(key);
  return it == kNames.end() ? LinkClass::kUnclassified : it->second;
}

net::Model read_gmns(const std::filesystem::path& dir_or_file) {
  std::error_code ec;
  if (!fs::exists(dir_or_file, ec)) {
    throw InputError(dir_or_file, 0, "", "no such file or directory");
  }
  fs::path dir = dir_or_file;
  if (!fs::is_directory(dir)) dir = dir.has_parent_path() ? dir.parent_path() : fs::path(".");

  const Config cfg = read_config(dir / "config.csv");
  const fs::path node_file = dir / "node.csv";
  const fs::path zone_file = dir / "zone.csv";

  net::NetworkBuilder b;
  net::NetworkMetadata meta;
  meta.name = cfg.dataset_name;
  meta.toll_factor_s = cfg.toll_factor_s;
  meta.distance_factor_s_per_m = cfg.distance_factor_s_per_m;
  meta.first_thru_node = cfg.first_thru_node;
  const std::vector<NodeRow> nodes = read_node_rows(node_file, cfg, meta.projection);
  b.set_metadata(std::move(meta));
  for (const NodeRow& n : nodes) {
    try {
      b.add_node(n.spec);
    } catch (const net::BuildError& e) {
      throw InputError(node_file, n.line, node_field(e.field()), e.what());
    }
  }

  const std::unordered_map<std::int64_t, ZoneRow> zone_rows = read_zone_rows(zone_file);
  for (const NodeRow& n : nodes) {
    const std::int64_t id = n.spec.external_id;
    auto listed = zone_rows.find(id);
    if (!(n.zone_id && *n.zone_id == id) && listed == zone_rows.end()) continue;
    net::ZoneSpec z;
    z.external_id = id;
    z.centroid = id;
    if (listed != zone_rows.end()) {
      z.name = listed->second.name;
      z.population = listed->second.population;
      z.jobs = listed->second.jobs;
    }
    try {
      b.add_zone(z);
    } catch (const net::BuildError& e) {
      if (listed != zone_rows.end()) {
        throw InputError(zone_file, listed->second.line, e.field(), e.what());
      }
      throw InputError(node_file, n.line, "zone_id", e.what());
    }
  }

  const fs::path link_file = dir / "link.csv";
  read_links(link_file, cfg, b);

  net::Model model;
  try {
    model.road = b.build();
  } catch (const net::BuildError& e) {
    throw InputError(link_file, 0, e.field(), e.what());
  }

  const fs::path demand_file = dir / "demand.csv";
  if (fs::exists(demand_file)) model.demand = read_demand(demand_file, model.road);
  return model;
}

void write_gmns(const std::filesystem::path& dir, const net::Model& model) {
  const net::RoadNetwork& net = model.road;

  // Everything GMNS cannot hold is refused before any file is touched.
  net::IdVector<net::NodeId, std::uint8_t> has_zone(net.node_count(), 0);
  for (net::ZoneId z : net.zones()) {
    const net::NodeId c = net.zone_centroid()[z];
    if (net.zone_external_id()[z] != net.node_external_id()[c]) {
      unwritable(dir, "zone " + std::to_string(net.zone_external_id()[z]) + " has centroid node " +
                          std::to_string(net.node_external_id()[c]) +
                          "; GMNS identifies a zone by its centroid node id");
    }
    if (has_zone[c]) {
      unwritable(dir, "node " + std::to_string(net.node_external_id()[c]) +
                          " is the centroid of two zones");
    }
    has_zone[c] = 1;
  }
  if (model.demand && model.demand->zone_count() != net.zone_count()) {
    unwritable(dir, "the trip table has " + std::to_string(model.demand->zone_count()) +
                        " zones, the network " + std::to_string(net.zone_count()));
  }
  const std::vector<LinkRow> link_rows = plan_link_rows(dir, net);

  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir.string() + ": cannot create directory: " + ec.message());

  bool geographic = net.node_count() > 0;
  for (net::NodeId n : net.nodes()) {
    if (!known(net.lon()[n]) || !known(net.lat()[n])) geographic = false;
  }
  const std::string crs = geographic                          ? std::string("EPSG:4326")
                          : net.metadata().projection.empty() ? std::string("local")
                                                              : net.metadata().projection;

  write_config(dir / "config.csv", net, crs);
  write_nodes(dir / "node.csv", net, geographic);
  write_links(dir / "link.csv", net, link_rows);
  if (net.zone_count() > 0) {
    write_zones(dir / "zone.csv", net);
  } else {
    remove_stale(dir / "zone.csv");
  }
  if (model.demand) {
    write_demand(dir / "demand.csv", net, *model.demand);
  } else {
    remove_stale(dir / "demand.csv");
  }
}

}  // namespace ouflow::io
