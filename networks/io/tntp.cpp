#include "networks/io/tntp.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "networks/geo.h"
#include "networks/input_error.h"
#include "networks/io/atomic_file.h"
#include "networks/io/link_matcher.h"
#include "networks/io/text_input.h"
#include "networks/network_builder.h"
#include "networks/progress.h"

namespace ouflow::io {
namespace {

namespace fs = std::filesystem;
using net::LinkId;
using net::NodeId;
using net::ZoneId;

// The metadata block: <TAG> value lines up to <END OF METADATA>.
struct Metadata {
  std::map<std::string, std::pair<std::string, std::size_t>> tags;  // value, line
  std::size_t end_line = 0;

  const std::pair<std::string, std::size_t>* find(const std::string& tag) const {
    auto it = tags.find(tag);
    return it == tags.end() ? nullptr : &it->second;
  }
  std::int64_t require_int(const fs::path& path, const std::string& tag) const {
    const auto* v = find(tag);
    if (!v) throw InputError(path, end_line, "<" + tag + ">", "missing metadata");
    return parse_int(v->first, {path, v->second}, "<" + tag + ">");
  }
  std::optional<double> optional_double(const fs::path& path, const std::string& tag) const {
    const auto* v = find(tag);
    if (!v) return std::nullopt;
    return parse_double(v->first, {path, v->second}, "<" + tag + ">");
  }
};

// A value times its unit's factor; a product that overflows is an error naming the value.
double scaled(std::string_view text, const Location& at, std::string_view field, double factor,
              const char* unit) {
  const double v = parse_double(text, at, field);
  const double r = v * factor;
  if (!std::isfinite(r)) {
    throw InputError(
        at.path, at.line, std::string(field),
        "value " + std::string(trim(text)) + " is out of range once converted to " + unit);
  }
  return r;
}

bool is_comment_or_blank(std::string_view line) {
  const std::string_view t = trim(line);
  return t.empty() || t.front() == '~';
}

Metadata read_metadata(LineReader& in) {
  Metadata md;
  std::string line;
  while (in.next(line)) {
    const std::string_view t = trim(line);
    if (is_comment_or_blank(t)) continue;
    if (t.front() != '<') {
      throw InputError(
          in.path(), in.line_number(), "",
          "expected a <TAG> line or <END OF METADATA>, found '" + std::string(t) + "'");
    }
    const auto close = t.find('>');
    if (close == std::string_view::npos) {
      throw InputError(in.path(), in.line_number(), "", "metadata tag without closing '>'");
    }
    std::string tag(trim(t.substr(1, close - 1)));
    std::transform(tag.begin(), tag.end(), tag.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (tag == "END OF METADATA") {
      md.end_line = in.line_number();
      return md;
    }
    std::string_view value = trim(t.substr(close + 1));
    if (const auto tilde = value.find('~'); tilde != std::string_view::npos) {
      value = trim(value.substr(0, tilde));  // <ORIGINAL HEADER>~ ... is a comment
    }
    md.tags[tag] = {std::string(value), in.line_number()};
  }
  throw InputError(in.path(), in.line_number(), "<END OF METADATA>", "missing metadata end");
}

// Data row tokens without the terminating ';' (alone or stuck to the last value).
std::vector<std::string_view> row_tokens(std::string_view line) {
  std::vector<std::string_view> tokens;
  for (std::string_view tok : split_whitespace(line)) {
    while (!tok.empty() && tok.back() == ';') tok.remove_suffix(1);
    if (!tok.empty()) tokens.push_back(tok);
  }
  return tokens;
}

// The shortest link row: 10 one-character fields, 9 separators and an end of line.
constexpr std::uint64_t kMinLinkRowBytes = 20;
// The most zones, nodes or links a file may declare (ids are 32-bit; the largest real networks
// have a few million links).
constexpr std::int64_t kMaxDeclaredCount = 100'000'000;
// Nodes of a network file without a node file that no link names.
constexpr std::int64_t kMaxIsolatedNodes = 1000;

constexpr std::array<const char*, 10> kNetFields = {
    "init_node", "term_node", "capacity", "length", "free_flow_time",
    "b",         "power",     "speed",    "toll",   "link_type"};

struct NodeCoordinates {
  std::vector<std::int64_t> ids;
  std::vector<double> a, b;  // X, Y as read
};

// With `wgs84`, X and Y are longitude and latitude and must lie in [-180, 180] and [-90, 90].
NodeCoordinates read_node_file(const fs::path& path, bool wgs84) {
  LineReader in(path);
  NodeCoordinates nc;
  std::string line;
  bool first = true;
  while (in.next(line)) {
    if (is_comment_or_blank(line)) continue;
    const auto tok = row_tokens(line);
    if (first) {
      first = false;
      // Header "Node X Y ;" (any capitalisation), when the first token is not a number.
      if (!tok.empty() && !std::isdigit(static_cast<unsigned char>(tok[0][0])) &&
          tok[0][0] != '-') {
        continue;
      }
    }
    const Location at{path, in.line_number()};
    if (tok.size() < 3) {
      throw InputError(path, in.line_number(), tok.empty() ? "node" : (tok.size() == 1 ? "x" : "y"),
                       "truncated line: expected node, X, Y");
    }
    nc.ids.push_back(parse_int(tok[0], at, "node"));
    nc.a.push_back(parse_double(tok[1], at, "x"));
    nc.b.push_back(parse_double(tok[2], at, "y"));
    if (wgs84 && (std::fabs(nc.a.back()) > 180 || std::fabs(nc.b.back()) > 90)) {
      const bool lon_bad = std::fabs(nc.a.back()) > 180;
      throw InputError(path, in.line_number(), lon_bad ? "x" : "y",
                       std::string(lon_bad ? "longitude " : "latitude ") +
                           format_double(lon_bad ? nc.a.back() : nc.b.back()) +
                           (lon_bad ? " is outside [-180, 180]" : " is outside [-90, 90]") +
                           " (the coordinates were read as WGS84)");
    }
  }
  return nc;
}

}  // namespace

TntpPaths tntp_siblings(const fs::path& net_file) {
  TntpPaths p{net_file, std::nullopt, std::nullopt};
  const std::string stem = net_file.filename().string();
  const auto pos = stem.rfind("_net");
  if (pos == std::string::npos) return p;
  const std::string base = stem.substr(0, pos);
  const std::string ext = stem.substr(pos + 4);
  const fs::path dir = net_file.parent_path();
  if (fs::path t = dir / (base + "_trips" + ext); fs::exists(t)) p.trips = t;
  if (fs::path n = dir / (base + "_node" + ext); fs::exists(n)) p.nodes = n;
  return p;
}

net::RoadNetwork read_tntp_net(const fs::path& path, const std::optional<fs::path>& node_file,
                               const TntpOptions& options) {
  LineReader in(path);
  const Metadata md = read_metadata(in);
  const std::int64_t zones = md.require_int(path, "NUMBER OF ZONES");
  const std::int64_t nodes = md.require_int(path, "NUMBER OF NODES");
  const std::int64_t links = md.require_int(path, "NUMBER OF LINKS");
  std::int64_t first_thru = 1;
  if (md.find("FIRST THRU NODE")) first_thru = md.require_int(path, "FIRST THRU NODE");
  auto check_count = [&](const char* tag, std::int64_t v, std::int64_t lo) {
    if (v < lo) {
      throw InputError(path, md.find(tag)->second, std::string("<") + tag + ">",
                       "value " + std::to_string(v) + " must be at least " + std::to_string(lo));
    }
  };
  check_count("NUMBER OF ZONES", zones, 0);
  check_count("NUMBER OF NODES", nodes, 1);
  check_count("NUMBER OF LINKS", links, 0);
  if (zones > nodes) {
    throw InputError(
        path, md.find("NUMBER OF ZONES")->second, "<NUMBER OF ZONES>",
        "more zones (" + std::to_string(zones) + ") than nodes (" + std::to_string(nodes) + ")");
  }
  // Declared sizes are checked against what the file can hold before anything is allocated:
  // every link row has 10 fields, so at least kMinLinkRowBytes bytes; without a node file the
  // nodes are 1..<NUMBER OF NODES>, and those the links do not name are isolated, at most
  // kMaxIsolatedNodes of them (zones need nodes too, so this also bounds the zones).
  for (const char* tag : {"NUMBER OF ZONES", "NUMBER OF NODES", "NUMBER OF LINKS"}) {
    if (md.require_int(path, tag) > kMaxDeclaredCount) {
      throw InputError(path, md.find(tag)->second, std::string("<") + tag + ">",
                       "value " + md.find(tag)->first + " is more than the maximum, " +
                           std::to_string(kMaxDeclaredCount));
    }
  }
  const std::uint64_t rest =
      in.file_size() > in.bytes_read() ? in.file_size() - in.bytes_read() : 0;
  if (in.size_known() && static_cast<std::uint64_t>(links) > rest / kMinLinkRowBytes) {
    throw InputError(path, md.find("NUMBER OF LINKS")->second, "<NUMBER OF LINKS>",
                     "value " + std::to_string(links) + " is more than the rest of the file (" +
                         std::to_string(rest) + " bytes) can hold: a link row takes at least " +
                         std::to_string(kMinLinkRowBytes) + " bytes");
  }
  if (!node_file && nodes > 2 * links + kMaxIsolatedNodes) {
    throw InputError(path, md.find("NUMBER OF NODES")->second, "<NUMBER OF NODES>",
                     "value " + std::to_string(nodes) + " is more than " + std::to_string(links) +
                         " links can join (at most 2 x links + " +
                         std::to_string(kMaxIsolatedNodes) + " isolated nodes = " +
                         std::to_string(2 * links + kMaxIsolatedNodes) + " without a node file)");
  }

  const TntpUnits& u = options.units;
  net::NetworkMetadata meta;
  meta.name = path.stem().string();
  if (meta.name.ends_with("_net")) meta.name.resize(meta.name.size() - 4);
  meta.first_thru_node = first_thru;
  const double toll_factor =
      options.toll_factor.value_or(md.optional_double(path, "TOLL FACTOR").value_or(0.0));
  const double distance_factor =
      options.distance_factor.value_or(md.optional_double(path, "DISTANCE FACTOR").value_or(0.0));
  if (toll_factor < 0 || distance_factor < 0) {
    throw InputError(path, 0, toll_factor < 0 ? "<TOLL FACTOR>" : "<DISTANCE FACTOR>",
                     "generalized-cost factor must not be negative");
  }
  meta.toll_factor_s = toll_factor * u.time_s;
  meta.distance_factor_s_per_m = distance_factor * u.time_s / u.length_m;
  for (const auto& [tag, v] : {std::pair{"TOLL FACTOR", meta.toll_factor_s},
                               {"DISTANCE FACTOR", meta.distance_factor_s_per_m}}) {
    if (!std::isfinite(v)) {
      const auto* at = md.find(tag);
      throw InputError(path, at ? at->second : 0, std::string("<") + tag + ">",
                       "value is out of range once converted to seconds" +
                           std::string(at ? "" : " (the value given on the command line)"));
    }
  }

  net::NetworkBuilder b;
  // Nodes: those of the node file, or 1..<NUMBER OF NODES>.
  if (node_file) {
    NodeCoordinates nc = read_node_file(*node_file, options.coordinates == TntpCoordinates::kWgs84);
    if (static_cast<std::int64_t>(nc.ids.size()) != nodes) {
      throw InputError(*node_file, 0, "node",
                       "lists " + std::to_string(nc.ids.size()) + " nodes, but " + path.string() +
                           " says <NUMBER OF NODES> " + std::to_string(nodes));
    }
    std::vector<double> x, y, lon, lat;
    if (options.coordinates == TntpCoordinates::kWgs84) {
      lon = nc.a;
      lat = nc.b;
      double mlon = 0, mlat = 0;
      for (std::size_t i = 0; i < lon.size(); ++i) mlon += lon[i], mlat += lat[i];
      mlon /= static_cast<double>(std::max<std::size_t>(1, lon.size()));
      mlat /= static_cast<double>(std::max<std::size_t>(1, lat.size()));
      meta.projection = net::utm_epsg_for(mlon, mlat);
      net::project_wgs84(meta.projection, lon, lat, x, y);
    } else {
      x = nc.a;
      y = nc.b;
      lon.assign(x.size(), net::kUnknown);
      lat.assign(x.size(), net::kUnknown);
    }
    // Node ids in ascending order so that zones 1..Z get the first node ids.
    std::vector<std::size_t> order(nc.ids.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t i, std::size_t j) { return nc.ids[i] < nc.ids[j]; });
    for (std::size_t i : order) {
      net::NodeSpec s;
      s.external_id = nc.ids[i];
      s.lon = lon[i], s.lat = lat[i], s.x = x[i], s.y = y[i];
      s.through_allowed = s.external_id >= first_thru;
      try {
        b.add_node(s);
      } catch (const net::BuildError& e) {
        throw InputError(*node_file, 0, e.field(), e.what());
      }
    }
  } else {
    for (std::int64_t id = 1; id <= nodes; ++id) {
      net::NodeSpec s;
      s.external_id = id;
      s.through_allowed = id >= first_thru;
      b.add_node(s);
    }
  }
  for (std::int64_t z = 1; z <= zones; ++z) {
    if (!b.has_node(z)) {
      throw InputError(node_file.value_or(path), 0, "node",
                       "zone " + std::to_string(z) + " has no node " + std::to_string(z));
    }
    b.add_zone(net::ZoneSpec{z, z, 0.0, 0.0, ""});
  }
  b.set_metadata(meta);

  std::string line;
  std::int64_t count = 0;
  Progress progress("reading " + path.filename().string(), in.file_size());
  while (in.next(line)) {
    if ((in.line_number() & 0x3fff) == 0) progress.update(in.bytes_read());
    if (is_comment_or_blank(line)) continue;
    const Location at{path, in.line_number()};
    const auto tok = row_tokens(line);
    if (tok.size() < kNetFields.size()) {
      throw InputError(path, in.line_number(), kNetFields[tok.size()],
                       "truncated line: expected 10 fields, found " + std::to_string(tok.size()));
    }
    if (tok.size() > kNetFields.size()) {
      throw InputError(path, in.line_number(), "",
                       "expected 10 fields, found " + std::to_string(tok.size()));
    }
    ++count;
    net::LinkSpec s;
    s.external_id = count;
    s.from = parse_int(tok[0], at, kNetFields[0]);
    s.to = parse_int(tok[1], at, kNetFields[1]);
    s.capacity_vph = parse_double(tok[2], at, kNetFields[2]);
    s.length_m = scaled(tok[3], at, kNetFields[3], u.length_m, "metres");
    s.free_flow_time_s = scaled(tok[4], at, kNetFields[4], u.time_s, "seconds");
    s.alpha = parse_double(tok[5], at, kNetFields[5]);
    s.beta = parse_double(tok[6], at, kNetFields[6]);
    s.speed_kmh = scaled(tok[7], at, kNetFields[7], u.speed_kmh, "km/h");
    s.toll = parse_double(tok[8], at, kNetFields[8]);
    const std::int64_t type = parse_int(tok[9], at, kNetFields[9]);
    if (type < INT32_MIN || type > INT32_MAX) {
      throw InputError(path, in.line_number(), kNetFields[9], "link type out of range");
    }
    s.source_type = static_cast<std::int32_t>(type);
    for (auto [id, field] : {std::pair{s.from, kNetFields[0]}, {s.to, kNetFields[1]}}) {
      if (!b.has_node(id)) {
        throw InputError(path, in.line_number(), field,
                         "unknown node " + std::to_string(id) +
                             (node_file ? " (not in " + node_file->string() + ")"
                                        : " (outside 1.." + std::to_string(nodes) + ")"));
      }
    }
    // Links at a zone that carries no through traffic are its connectors.
    const bool zone_end =
        (s.from < first_thru && s.from <= zones) || (s.to < first_thru && s.to <= zones);
    s.link_class = zone_end ? net::LinkClass::kConnector : net::LinkClass::kUnclassified;
    try {
      b.add_link(s);
    } catch (const net::BuildError& e) {
      // Builder fields are the model's names; report the TNTP column instead.
      std::string field = e.field();
      if (field == "alpha") field = "b";
      if (field == "beta") field = "power";
      throw InputError(path, in.line_number(), field, e.what());
    }
  }
  if (count != links) {
    throw InputError(
        path, md.find("NUMBER OF LINKS")->second, "<NUMBER OF LINKS>",
        "metadata says " + std::to_string(links) + " links, the file has " + std::to_string(count));
  }
  return b.build();
}

net::TripTable read_tntp_trips(const fs::path& path, const net::RoadNetwork& network) {
  LineReader in(path);
  const Metadata md = read_metadata(in);
  const std::int64_t zones = md.require_int(path, "NUMBER OF ZONES");
  if (zones != network.zone_count()) {
    throw InputError(path, md.find("NUMBER OF ZONES")->second, "<NUMBER OF ZONES>",
                     "trips file has " + std::to_string(zones) + " zones, the network " +
                         std::to_string(network.zone_count()));
  }
  const std::optional<double> total = md.optional_double(path, "TOTAL OD FLOW");
  net::TripTable table(network.zone_count());
  std::optional<ZoneId> origin;
  std::string line;
  Progress progress("reading " + path.filename().string(), in.file_size());
  auto zone_of = [&](std::int64_t id, std::size_t ln, const char* field) {
    auto z = network.find_zone(id);
    if (!z) throw InputError(path, ln, field, "unknown zone " + std::to_string(id));
    return *z;
  };
  while (in.next(line)) {
    if ((in.line_number() & 0x3fff) == 0) progress.update(in.bytes_read());
    if (is_comment_or_blank(line)) continue;
    const Location at{path, in.line_number()};
    std::string_view t = trim(line);
    if (t.starts_with("Origin") || t.starts_with("origin") || t.starts_with("ORIGIN")) {
      origin = zone_of(parse_int(t.substr(6), at, "origin"), in.line_number(), "origin");
      continue;
    }
    if (!origin) throw InputError(path, in.line_number(), "origin", "demand before any 'Origin'");
    while (!t.empty()) {
      const auto semi = t.find(';');
      std::string_view pair = trim(t.substr(0, semi));
      t = semi == std::string_view::npos ? std::string_view{} : trim(t.substr(semi + 1));
      if (pair.empty()) continue;
      const auto colon = pair.find(':');
      if (colon == std::string_view::npos) {
        throw InputError(path, in.line_number(), "destination",
                         "expected 'destination : trips', found '" + std::string(pair) + "'");
      }
      const ZoneId d = zone_of(parse_int(pair.substr(0, colon), at, "destination"),
                               in.line_number(), "destination");
      const double v = parse_double(pair.substr(colon + 1), at, "trips");
      if (v < 0) {
        throw InputError(path, in.line_number(), "trips", "negative demand " + format_double(v));
      }
      table.at(*origin, d) += v;
    }
  }
  if (total) {
    const double sum = table.total();
    if (std::fabs(sum - *total) > 1e-6 * std::max(1.0, std::fabs(*total))) {
      throw InputError(
          path, md.find("TOTAL OD FLOW")->second, "<TOTAL OD FLOW>",
          "metadata says " + format_double(*total) + ", the trips add up to " + format_double(sum));
    }
  }
  return table;
}

net::Model read_tntp(const TntpPaths& paths, const TntpOptions& options) {
  net::Model m{read_tntp_net(paths.net, paths.nodes, options), std::nullopt};
  if (paths.trips) m.demand = read_tntp_trips(*paths.trips, m.road);
  return m;
}

LinkFlows read_tntp_flow(const fs::path& path, const net::RoadNetwork& network,
                         const TntpOptions& options) {
  LineReader in(path);
  LinkMatcher matcher(network);
  LinkFlows f{net::IdVector<LinkId, double>(network.link_count(), std::nan("")),
              net::IdVector<LinkId, double>(network.link_count(), std::nan(""))};
  std::string line;
  std::size_t rows = 0;
  bool first = true;
  while (in.next(line)) {
    if (is_comment_or_blank(line)) continue;
    const auto tok = row_tokens(line);
    if (first) {
      first = false;
      if (!tok.empty() && !std::isdigit(static_cast<unsigned char>(tok[0][0]))) continue;
    }
    const Location at{path, in.line_number()};
    static constexpr std::array<const char*, 4> kFields = {"from", "to", "volume", "cost"};
    if (tok.size() < 4) {
      throw InputError(path, in.line_number(), kFields[tok.size()], "truncated line");
    }
    const std::pair key{parse_int(tok[0], at, "from"), parse_int(tok[1], at, "to")};
    const double volume = parse_double(tok[2], at, "volume");
    const double cost_s = scaled(tok[3], at, "cost", options.units.time_s, "seconds");
    const std::optional<LinkId> match = matcher.next(key.first, key.second);
    if (!match) {
      throw InputError(path, in.line_number(), "from",
                       "no " + std::string(matcher.seen(key.first, key.second) ? "further " : "") +
                           "link " + std::to_string(key.first) + " -> " +
                           std::to_string(key.second) + " in the network");
    }
    if (volume < 0) throw InputError(path, in.line_number(), "volume", "negative volume");
    const LinkId l = *match;
    f.volume[l] = volume;
    f.cost_s[l] = cost_s;
    ++rows;
  }
  if (rows != network.link_count()) {
    throw InputError(path, in.line_number(), "",
                     "has " + std::to_string(rows) + " link rows, the network " +
                         std::to_string(network.link_count()) + " links");
  }
  return f;
}

namespace {

// TNTP node numbers for writing; see write_tntp.
net::IdVector<NodeId, std::int64_t> tntp_numbering(const net::RoadNetwork& net) {
  const auto& ext = net.node_external_id();
  const std::int64_t n = net.node_count();
  bool identity = true;
  for (NodeId v : net.nodes()) identity = identity && ext[v] >= 1 && ext[v] <= n;
  for (ZoneId z : net.zones()) {
    identity = identity && net.zone_external_id()[z] == z.value() + 1 &&
               ext[net.zone_centroid()[z]] == z.value() + 1;
  }
  if (identity) return ext;
  net::IdVector<NodeId, std::int64_t> num(net.node_count(), 0);
  std::int64_t next = 1;
  for (ZoneId z : net.zones()) {
    std::int64_t& c = num[net.zone_centroid()[z]];
    if (c != 0) throw std::runtime_error("TNTP needs one centroid node per zone");
    c = next++;
  }
  std::vector<NodeId> rest;
  for (NodeId v : net.nodes()) {
    if (num[v] == 0) rest.push_back(v);
  }
  std::stable_sort(rest.begin(), rest.end(), [&](NodeId a, NodeId b) { return ext[a] < ext[b]; });
  for (NodeId v : rest) num[v] = next++;
  return num;
}

std::string tntp_name(const fs::path& net_file, const char* kind) {
  std::string stem = net_file.filename().string();
  const auto pos = stem.rfind("_net");
  if (pos != std::string::npos) return stem.substr(0, pos) + kind + stem.substr(pos + 4);
  return net_file.stem().string() + kind + ".tntp";
}

}  // namespace

void write_tntp(const fs::path& net_file, const net::Model& model, const TntpOptions& options) {
  const net::RoadNetwork& net = model.road;
  const TntpUnits& u = options.units;
  const auto num = tntp_numbering(net);
  // <FIRST THRU NODE>: the zones are 1..Z; Z+1 when none of their nodes carries through traffic.
  std::int64_t first_thru = 1;
  bool any_blocked = false, all_zone_nodes_blocked = net.zone_count() > 0;
  for (NodeId v : net.nodes()) {
    const bool blocked = net.through_allowed()[v] == 0;
    const bool zone_node = num[v] <= net.zone_count();
    any_blocked = any_blocked || blocked;
    if (blocked && !zone_node) {
      throw std::runtime_error("cannot write TNTP: node " +
                               std::to_string(net.node_external_id()[v]) +
                               " blocks through traffic but is not a zone");
    }
    if (zone_node && !blocked) all_zone_nodes_blocked = false;
  }
  if (any_blocked) {
    if (!all_zone_nodes_blocked) {
      throw std::runtime_error("cannot write TNTP: only some zone nodes block through traffic");
    }
    first_thru = net.zone_count() + 1;
  }
  {
    AtomicOutput out(net_file);
    auto& os = out.stream();
    os << "<NUMBER OF ZONES> " << net.zone_count() << "\n"
       << "<NUMBER OF NODES> " << net.node_count() << "\n"
       << "<FIRST THRU NODE> " << first_thru << "\n"
       << "<NUMBER OF LINKS> " << net.link_count() << "\n";
    const auto& md = net.metadata();
    if (md.toll_factor_s != 0)
      os << "<TOLL FACTOR> " << format_double(md.toll_factor_s / u.time_s) << "\n";
    if (md.distance_factor_s_per_m != 0) {
      os << "<DISTANCE FACTOR> "
         << format_double(md.distance_factor_s_per_m * u.length_m / u.time_s) << "\n";
    }
    os << "<END OF METADATA>\n\n\n"
       << "~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\ttoll\t"
          "link_type\t;\n";
    for (LinkId l : net.input_order()) {
      os << '\t' << num[net.tail()[l]] << '\t' << num[net.head()[l]] << '\t'
         << format_double(net.capacity_vph()[l]) << '\t'
         << format_double(net.length_m()[l] / u.length_m) << '\t'
         << format_double(net.free_flow_time_s()[l] / u.time_s) << '\t'
         << format_double(net.alpha()[l]) << '\t' << format_double(net.beta()[l]) << '\t'
         << format_double(net.speed_kmh()[l] / u.speed_kmh) << '\t' << format_double(net.toll()[l])
         << '\t' << net.source_type()[l] << "\t;\n";
    }
    out.commit();
  }
  const fs::path dir = net_file.parent_path();
  if (model.demand) {
    const net::TripTable& t = *model.demand;
    AtomicOutput out(dir / tntp_name(net_file, "_trips"));
    auto& os = out.stream();
    os << "<NUMBER OF ZONES> " << t.zone_count() << "\n"
       << "<TOTAL OD FLOW> " << format_double(t.total()) << "\n"
       << "<END OF METADATA>\n\n";
    for (ZoneId o : net.zones()) {
      os << "\nOrigin\t" << num[net.zone_centroid()[o]] << "\n";
      int k = 0;
      for (ZoneId d : net.zones()) {
        if (t(o, d) == 0) continue;
        os << "  " << num[net.zone_centroid()[d]] << " : " << format_double(t(o, d)) << ";";
        if (++k % 5 == 0) os << "\n";
      }
      if (k % 5 != 0) os << "\n";
    }
    out.commit();
  }
  bool has_coords = false;
  for (NodeId v : net.nodes()) has_coords = has_coords || !std::isnan(net.x()[v]);
  if (has_coords) {
    AtomicOutput out(dir / tntp_name(net_file, "_node"));
    auto& os = out.stream();
    const bool wgs = options.coordinates == TntpCoordinates::kWgs84;
    os << "Node\tX\tY\t;\n";
    std::vector<NodeId> order(net.nodes().begin(), net.nodes().end());
    std::sort(order.begin(), order.end(), [&](NodeId a, NodeId b) { return num[a] < num[b]; });
    for (NodeId v : order) {
      os << num[v] << '\t' << format_double(wgs ? net.lon()[v] : net.x()[v]) << '\t'
         << format_double(wgs ? net.lat()[v] : net.y()[v]) << "\t;\n";
    }
    out.commit();
  }
}

void write_tntp_flow(const fs::path& flow_file, const net::RoadNetwork& net, const LinkFlows& flows,
                     const TntpOptions& options) {
  const auto num = tntp_numbering(net);
  AtomicOutput out(flow_file);
  auto& os = out.stream();
  os << "From \tTo \tVolume \tCost \n";
  for (LinkId l : net.input_order()) {
    os << num[net.tail()[l]] << " \t" << num[net.head()[l]] << " \t"
       << format_double(flows.volume[l]) << " \t"
       << format_double(flows.cost_s[l] / options.units.time_s) << " \n";
  }
  out.commit();
}

}  // namespace ouflow::io
