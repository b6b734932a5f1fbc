// The one place that knows the Protobuf network format (networks/proto/network.proto).
#include "networks/io/network_pb.h"

#include <array>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/text_format.h>

#include "networks/input_error.h"
#include "networks/io/atomic_file.h"
#include "networks/io/text_input.h"
#include "networks/network_builder.h"
#include "proto/network.pb.h"

namespace ouflow::io {
namespace {

namespace fs = std::filesystem;
namespace gp = google::protobuf;

constexpr std::uint32_t kFormatVersion = 1;
constexpr char kGenerator[] = "ouflow";
// Comment lines at the top of every text file.
std::string text_header() {
  return "# ouflow network file: schema networks/proto/network.proto, format version " +
         std::to_string(kFormatVersion) +
         ".\n# After an edit by hand, delete the fingerprint line: it no longer matches the "
         "content.\n";
}

// The schema's enums mirror the model's value for value, so conversion is a cast.
static_assert(static_cast<int>(net::LinkClass::kExpressway) == pb::LINK_CLASS_EXPRESSWAY);
static_assert(static_cast<int>(net::LinkClass::kNationalRoad) == pb::LINK_CLASS_NATIONAL_ROAD);
static_assert(static_cast<int>(net::LinkClass::kProvincialRoad) == pb::LINK_CLASS_PROVINCIAL_ROAD);
static_assert(static_cast<int>(net::LinkClass::kUrbanExpressway) ==
              pb::LINK_CLASS_URBAN_EXPRESSWAY);
static_assert(static_cast<int>(net::LinkClass::kArterial) == pb::LINK_CLASS_ARTERIAL);
static_assert(static_cast<int>(net::LinkClass::kCollector) == pb::LINK_CLASS_COLLECTOR);
static_assert(static_cast<int>(net::LinkClass::kLocal) == pb::LINK_CLASS_LOCAL);
static_assert(static_cast<int>(net::LinkClass::kConnector) == pb::LINK_CLASS_CONNECTOR);
static_assert(static_cast<int>(net::LinkClass::kTransitOnly) == pb::LINK_CLASS_TRANSIT_ONLY);
static_assert(static_cast<int>(net::LinkClass::kUnclassified) == pb::LINK_CLASS_UNCLASSIFIED);
static_assert(net::kLinkClassCount == static_cast<std::size_t>(pb::LinkClass_ARRAYSIZE));
static_assert(static_cast<int>(net::VolumeDelay::kBpr) == pb::VOLUME_DELAY_BPR);
static_assert(static_cast<int>(net::VolumeDelay::kConstant) == pb::VOLUME_DELAY_CONSTANT);
static_assert(pb::VolumeDelay_ARRAYSIZE == 2);

// ---------------------------------------------------------------------------------------------
// Fingerprint: 64-bit FNV-1a over the deterministic binary encoding of the file with
// format_version and fingerprint cleared (see network.proto).

constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

// An output stream that keeps only the FNV-1a hash of what is written to it, so fingerprinting a
// large network needs no second copy of its encoding.
class Fnv1aSink final : public gp::io::ZeroCopyOutputStream {
 public:
  Fnv1aSink() : buffer_(kBufferBytes) {}

  bool Next(void** data, int* size) override {
    absorb();
    *data = buffer_.data();
    *size = static_cast<int>(buffer_.size());
    pending_ = buffer_.size();
    return true;
  }
  void BackUp(int count) override { pending_ -= static_cast<std::size_t>(count); }
  std::int64_t ByteCount() const override {
    return static_cast<std::int64_t>(absorbed_ + pending_);
  }

  std::uint64_t digest() {
    absorb();
    return hash_;
  }

 private:
  static constexpr std::size_t kBufferBytes = 1 << 16;

  void absorb() {
    for (std::size_t i = 0; i < pending_; ++i) {
      hash_ ^= buffer_[i];
      hash_ *= kFnvPrime;
    }
    absorbed_ += pending_;
    pending_ = 0;
  }

  std::vector<unsigned char> buffer_;
  std::size_t pending_ = 0;  // bytes of buffer_ handed out by the last Next() and not backed up
  std::uint64_t absorbed_ = 0;
  std::uint64_t hash_ = kFnvOffsetBasis;
};

// Hash of `file`, whose format_version and fingerprint must be clear. Empty when the encoding
// would exceed protobuf's 2 GiB message limit.
std::optional<std::uint64_t> content_hash(const pb::NetworkFile& file) {
  if (file.ByteSizeLong() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  Fnv1aSink sink;
  {
    gp::io::CodedOutputStream out(&sink);
    out.SetSerializationDeterministic(true);
    file.SerializeWithCachedSizes(&out);
  }
  return sink.digest();
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07u;
    } else {
      return false;  // a continuation byte, an overlong lead (C0, C1) or beyond U+10FFFF
    }
    if (s.size() - i < len) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;  // overlong, out of range, or a UTF-16 surrogate
    }
    i += len;
  }
  return true;
}

// NaN means "unknown"; its sign and payload carry nothing and do not survive the text format.
double canonical_nan(double v) {
  return std::isnan(v) ? std::numeric_limits<double>::quiet_NaN() : v;
}

// ---------------------------------------------------------------------------------------------
// Writing.

class Writer {
 public:
  explicit Writer(const fs::path& path) : path_(path) {}

  void fill(const net::Model& model, pb::NetworkFile& file) const {
    const net::RoadNetwork& road = model.road;
    pb::Network& network = *file.mutable_network();
    fill_metadata(road.metadata(), *network.mutable_metadata());
    fill_nodes(road, *network.mutable_nodes());
    fill_links(road, *network.mutable_links());
    fill_zones(road, *network.mutable_zones());
    if (model.demand) fill_demand(*model.demand, road.zone_count(), *file.mutable_demand());
    if (model.transit) fill_transit(*model.transit, *file.mutable_transit());
  }

 private:
  [[noreturn]] void not_utf8(const std::string& what) const {
    throw std::invalid_argument(path_.string() + ": " + what +
                                " is not valid UTF-8; network files hold UTF-8 text");
  }

  int column_size(std::size_t n) const {
    if (n > static_cast<std::size_t>(INT_MAX)) {
      throw std::runtime_error(path_.string() + ": " + std::to_string(n) +
                               " elements exceed what a protobuf network file can hold");
    }
    return static_cast<int>(n);
  }

  void fill_metadata(const net::NetworkMetadata& m, pb::Metadata& out) const {
    if (!is_utf8(m.name)) not_utf8("the network name");
    if (!is_utf8(m.projection)) not_utf8("the projection");
    out.set_name(m.name);
    out.set_toll_factor_s(m.toll_factor_s);
    out.set_distance_factor_s_per_m(m.distance_factor_s_per_m);
    out.set_projection(m.projection);
    out.set_first_thru_node(m.first_thru_node);
  }

  void fill_nodes(const net::RoadNetwork& road, pb::Nodes& out) const {
    const int n = column_size(road.node_count());
    out.mutable_id()->Add(road.node_external_id().begin(), road.node_external_id().end());
    const std::array<
        std::pair<gp::RepeatedField<double>*, const net::IdVector<net::NodeId, double>*>, 4>
        coordinates{{{out.mutable_lon(), &road.lon()},
                     {out.mutable_lat(), &road.lat()},
                     {out.mutable_x(), &road.x()},
                     {out.mutable_y(), &road.y()}}};
    for (const auto& [column, values] : coordinates) {
      column->Reserve(n);
      for (double v : *values) column->AddAlreadyReserved(canonical_nan(v));
    }
    out.mutable_through_allowed()->Reserve(n);
    for (std::uint8_t t : road.through_allowed()) out.mutable_through_allowed()->Add(t != 0);
  }

  void fill_links(const net::RoadNetwork& road, pb::Links& out) const {
    const int m = column_size(road.link_count());
    for (auto* column : {out.mutable_id(), out.mutable_from_node(), out.mutable_to_node()}) {
      column->Reserve(m);
    }
    for (auto* column : {out.mutable_length_m(), out.mutable_free_flow_time_s(),
                         out.mutable_capacity_vph(), out.mutable_lanes(), out.mutable_speed_kmh(),
                         out.mutable_alpha(), out.mutable_beta(), out.mutable_toll()}) {
      column->Reserve(m);
    }
    for (auto* column :
         {out.mutable_link_class(), out.mutable_volume_delay(), out.mutable_source_type()}) {
      column->Reserve(m);
    }
    out.mutable_name()->Reserve(m);
    // Input order, so that the builder reproduces the same link ids and input_order().
    for (net::LinkId l : road.input_order()) {
      out.add_id(road.link_external_id()[l]);
      out.add_from_node(road.node_external_id()[road.tail()[l]]);
      out.add_to_node(road.node_external_id()[road.head()[l]]);
      out.add_length_m(road.length_m()[l]);
      out.add_free_flow_time_s(road.free_flow_time_s()[l]);
      out.add_capacity_vph(road.capacity_vph()[l]);
      out.add_lanes(road.lanes()[l]);
      out.add_speed_kmh(road.speed_kmh()[l]);
      out.add_link_class(static_cast<pb::LinkClass>(road.link_class()[l]));
      out.add_volume_delay(static_cast<pb::VolumeDelay>(road.volume_delay()[l]));
      out.add_alpha(road.alpha()[l]);
      out.add_beta(road.beta()[l]);
      out.add_toll(road.toll()[l]);
      out.add_source_type(road.source_type()[l]);
      const std::string& name = road.link_name()[l];
      if (!is_utf8(name))
        not_utf8("the name of link " + std::to_string(road.link_external_id()[l]));
      out.add_name(name);
    }
  }

  void fill_zones(const net::RoadNetwork& road, pb::Zones& out) const {
    const int z = column_size(road.zone_count());
    out.mutable_id()->Add(road.zone_external_id().begin(), road.zone_external_id().end());
    out.mutable_centroid_node()->Reserve(z);
    for (net::NodeId c : road.zone_centroid()) {
      out.mutable_centroid_node()->AddAlreadyReserved(road.node_external_id()[c]);
    }
    out.mutable_population()->Add(road.zone_population().begin(), road.zone_population().end());
    out.mutable_jobs()->Add(road.zone_jobs().begin(), road.zone_jobs().end());
    out.mutable_name()->Reserve(z);
    for (net::ZoneId q : road.zones()) {
      if (!is_utf8(road.zone_name()[q])) {
        not_utf8("the name of zone " + std::to_string(road.zone_external_id()[q]));
      }
      out.add_name(road.zone_name()[q]);
    }
  }

  void fill_demand(const net::TripTable& trips, std::uint32_t zone_count, pb::Demand& out) const {
    if (trips.zone_count() != zone_count) {
      throw InvariantError("demand has " + std::to_string(trips.zone_count()) +
                           " zones but the road network " + std::to_string(zone_count));
    }
    out.set_zone_count(zone_count);
    const int cells = column_size(trips.nonzero_pairs());
    out.mutable_origin()->Reserve(cells);
    out.mutable_destination()->Reserve(cells);
    out.mutable_trips()->Reserve(cells);
    for (std::uint32_t o = 0; o < zone_count; ++o) {
      const std::span<const double> row = trips.row(net::ZoneId{o});
      for (std::uint32_t d = 0; d < zone_count; ++d) {
        const double v = row[d];
        if (v == 0.0) continue;
        if (!std::isfinite(v) || v < 0) {
          throw std::invalid_argument(path_.string() + ": demand from zone index " +
                                      std::to_string(o) + " to " + std::to_string(d) + " is " +
                                      format_double(v) + "; trips must be finite, not negative");
        }
        out.add_origin(o);
        out.add_destination(d);
        out.add_trips(v);
      }
    }
  }

  // Appends strings to a repeated field, checking that each is UTF-8.
  template <class Column>
  void add_strings(const Column& column, gp::RepeatedPtrField<std::string>& out,
                   const char* what) const {
    out.Reserve(column_size(column.size()));
    for (const std::string& v : column) {
      if (!is_utf8(v)) not_utf8(std::string("a transit ") + what + " ('" + v + "')");
      out.Add(std::string(v));
    }
  }
  template <class Column, class T>
  static void add_all(const Column& column, gp::RepeatedField<T>& out) {
    out.Reserve(static_cast<int>(column.size()));
    for (const auto& v : column) out.Add(static_cast<T>(v));
  }
  template <class Id>
  static std::int32_t index_or_none(Id id) {
    return id.valid() ? static_cast<std::int32_t>(id.value()) : -1;
  }
  static std::uint32_t count(const std::vector<std::uint32_t>& first, std::size_t i) {
    return first[i + 1] - first[i];
  }

  void fill_transit(const net::TransitNetwork& n, pb::Transit& out) const {
    const net::TransitColumns& c = n.columns();
    if (!is_utf8(c.projection)) not_utf8("the transit projection");
    out.set_projection(c.projection);
    pb::Agencies& agencies = *out.mutable_agencies();
    add_strings(c.agency_id, *agencies.mutable_id(), "agency id");
    add_strings(c.agency_name, *agencies.mutable_name(), "agency name");
    add_strings(c.agency_url, *agencies.mutable_url(), "agency url");
    add_strings(c.agency_timezone, *agencies.mutable_timezone(), "agency timezone");

    pb::Stops& stops = *out.mutable_stops();
    add_strings(c.stop_id, *stops.mutable_id(), "stop id");
    add_strings(c.stop_name, *stops.mutable_name(), "stop name");
    for (net::StopId s : n.stops()) {
      stops.add_lon(canonical_nan(c.stop_lon[s]));
      stops.add_lat(canonical_nan(c.stop_lat[s]));
      stops.add_x(canonical_nan(c.stop_x[s]));
      stops.add_y(canonical_nan(c.stop_y[s]));
      stops.add_parent(index_or_none(c.stop_parent[s]));
      stops.add_location_type(static_cast<std::uint32_t>(c.stop_location_type[s]));
    }

    pb::Routes& routes = *out.mutable_routes();
    add_strings(c.route_id, *routes.mutable_id(), "route id");
    add_strings(c.route_short_name, *routes.mutable_short_name(), "route short name");
    add_strings(c.route_long_name, *routes.mutable_long_name(), "route long name");
    add_strings(c.route_color, *routes.mutable_color(), "route color");
    add_all(c.route_type, *routes.mutable_route_type());
    for (net::AgencyId a : c.route_agency) routes.add_agency(index_or_none(a));

    pb::Services& services = *out.mutable_services();
    add_strings(c.service_id, *services.mutable_id(), "service id");
    add_all(c.service_weekdays, *services.mutable_weekdays());
    for (std::size_t i = 0; i < c.service_id.size(); ++i) {
      const net::ServiceId s{static_cast<std::uint32_t>(i)};
      services.add_start_date(c.service_start[s].yyyymmdd());
      services.add_end_date(c.service_end[s].yyyymmdd());
      services.add_exception_count(count(c.service_first_exception, i));
    }
    pb::ServiceExceptions& exceptions = *out.mutable_service_exceptions();
    for (std::size_t k = 0; k < c.exception_date.size(); ++k) {
      exceptions.add_date(c.exception_date[k].yyyymmdd());
      exceptions.add_type(static_cast<std::uint32_t>(c.exception_type[k]));
    }

    pb::Shapes& shapes = *out.mutable_shapes();
    add_strings(c.shape_id, *shapes.mutable_id(), "shape id");
    for (std::size_t i = 0; i < c.shape_id.size(); ++i) {
      shapes.add_point_count(count(c.shape_first_point, i));
    }
    pb::ShapePoints& points = *out.mutable_shape_points();
    for (std::size_t k = 0; k < c.shape_point_lon.size(); ++k) {
      points.add_lon(canonical_nan(c.shape_point_lon[k]));
      points.add_lat(canonical_nan(c.shape_point_lat[k]));
      points.add_dist_traveled(canonical_nan(c.shape_point_dist[k]));
    }

    pb::Patterns& patterns = *out.mutable_patterns();
    for (net::PatternId p : n.patterns()) {
      patterns.add_route(c.pattern_route[p].value());
      patterns.add_frequency_based(c.pattern_frequency_based[p] != 0);
      patterns.add_stop_count(count(c.pattern_first_stop, p.value()));
      patterns.add_trip_count(count(c.pattern_first_trip, p.value()));
    }
    pb::PatternStops& pattern_stops = *out.mutable_pattern_stops();
    for (net::StopId s : c.pattern_stop) pattern_stops.add_stop(s.value());

    pb::Trips& trips = *out.mutable_trips();
    add_strings(c.trip_id, *trips.mutable_id(), "trip id");
    add_strings(c.trip_headsign, *trips.mutable_headsign(), "trip headsign");
    for (net::TripId t : n.trips()) {
      trips.add_service(c.trip_service[t].value());
      trips.add_shape(index_or_none(c.trip_shape[t]));
    }

    pb::StopTimes& times = *out.mutable_stop_times();
    column_size(c.arrival_s.size());
    add_all(c.arrival_s, *times.mutable_arrival_s());
    add_all(c.departure_s, *times.mutable_departure_s());
    add_all(c.pickup_type, *times.mutable_pickup_type());
    add_all(c.drop_off_type, *times.mutable_drop_off_type());

    pb::Frequencies& freqs = *out.mutable_frequencies();
    for (net::TripId t : c.frequency_trip) freqs.add_trip(t.value());
    add_all(c.frequency_start_s, *freqs.mutable_start_s());
    add_all(c.frequency_end_s, *freqs.mutable_end_s());
    add_all(c.frequency_headway_s, *freqs.mutable_headway_s());

    pb::Transfers& transfers = *out.mutable_transfers();
    for (net::StopId s : n.stops()) {
      const auto [lo, hi] = n.transfers_from(s);
      for (std::uint32_t k = lo; k < hi; ++k) {
        transfers.add_from_stop(s.value());
        transfers.add_to_stop(c.transfer_to[k].value());
        transfers.add_type(static_cast<std::uint32_t>(c.transfer_type[k]));
        transfers.add_min_transfer_time_s(c.transfer_min_time_s[k]);
      }
    }
  }

  const fs::path& path_;
};

// ---------------------------------------------------------------------------------------------
// Reading.

// The groups of columns, for error locations and field names ("links.capacity_vph").
enum class Group { kFile, kMetadata, kNodes, kLinks, kZones, kDemand };
constexpr std::size_t kGroupCount = 6;

std::string group_prefix(Group g) {
  switch (g) {
    case Group::kFile:
      return "";
    case Group::kMetadata:
      return "metadata.";
    case Group::kNodes:
      return "nodes.";
    case Group::kLinks:
      return "links.";
    case Group::kZones:
      return "zones.";
    case Group::kDemand:
      return "demand.";
  }
  return "";
}

// Turns a place in the parsed message into a line of the file for error messages: the line of a
// value in a text file, 0 in a binary file.
class Locator {
 public:
  Locator(const fs::path& path, const gp::TextFormat::ParseInfoTree* root) : path_(path) {
    if (root == nullptr) return;
    const gp::Descriptor* file = pb::NetworkFile::descriptor();
    const gp::Descriptor* network = pb::Network::descriptor();
    set(Group::kFile, root, 0);
    const gp::TextFormat::ParseInfoTree* net_tree =
        nested(root, file, pb::NetworkFile::kNetworkFieldNumber);
    for (auto [g, number] : {std::pair{Group::kMetadata, pb::Network::kMetadataFieldNumber},
                             {Group::kNodes, pb::Network::kNodesFieldNumber},
                             {Group::kLinks, pb::Network::kLinksFieldNumber},
                             {Group::kZones, pb::Network::kZonesFieldNumber}}) {
      set(g, nested(net_tree, network, number), line_of(net_tree, network, number));
    }
    set(Group::kDemand, nested(root, file, pb::NetworkFile::kDemandFieldNumber),
        line_of(root, file, pb::NetworkFile::kDemandFieldNumber));
  }

  const fs::path& path() const { return path_; }

  // Line of element `index` of field `number` of `msg` (of the field itself when it is not
  // repeated). Falls back to the first value of the field, then to the start of the group.
  std::size_t line(Group g, const gp::Message& msg, int number, int index) const {
    const gp::TextFormat::ParseInfoTree* tree = trees_[static_cast<std::size_t>(g)];
    if (tree == nullptr) return group_line_[static_cast<std::size_t>(g)];
    const gp::FieldDescriptor* field = msg.GetDescriptor()->FindFieldByNumber(number);
    std::size_t found = 0;
    if (!field->is_repeated()) {
      found = to_line(tree->GetLocation(field, -1));
    } else {
      // The parser records one location per "name: value" entry; a list "name: [a, b, c]" gets
      // one for all its values. Element lines are exact only with one entry per value, which is
      // how the writer prints.
      const int size = msg.GetReflection()->FieldSize(msg, field);
      const bool one_per_value = size > 0 && tree->GetLocation(field, size - 1).line >= 0 &&
                                 tree->GetLocation(field, size).line < 0;
      const int at = one_per_value && index >= 0 && index < size ? index : 0;
      found = to_line(tree->GetLocation(field, at));
    }
    return found > 0 ? found : group_line_[static_cast<std::size_t>(g)];
  }

  [[noreturn]] void fail(Group g, const gp::Message& msg, int number, int index,
                         const std::string& what) const {
    const gp::FieldDescriptor* field = msg.GetDescriptor()->FindFieldByNumber(number);
    throw InputError(path_, line(g, msg, number, index), group_prefix(g) + field->name(), what);
  }

 private:
  static std::size_t to_line(const gp::TextFormat::ParseLocation& at) {
    return at.line < 0 ? 0 : static_cast<std::size_t>(at.line) + 1;
  }
  static std::size_t line_of(const gp::TextFormat::ParseInfoTree* tree, const gp::Descriptor* d,
                             int number) {
    return tree == nullptr ? 0 : to_line(tree->GetLocation(d->FindFieldByNumber(number), -1));
  }
  static const gp::TextFormat::ParseInfoTree* nested(const gp::TextFormat::ParseInfoTree* tree,
                                                     const gp::Descriptor* d, int number) {
    return tree == nullptr ? nullptr : tree->GetTreeForNested(d->FindFieldByNumber(number), -1);
  }
  void set(Group g, const gp::TextFormat::ParseInfoTree* tree, std::size_t line) {
    trees_[static_cast<std::size_t>(g)] = tree;
    group_line_[static_cast<std::size_t>(g)] = line;
  }

  const fs::path& path_;
  std::array<const gp::TextFormat::ParseInfoTree*, kGroupCount> trees_{};
  std::array<std::size_t, kGroupCount> group_line_{};
};

std::string read_whole_file(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path, 0, "", "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", std::string("cannot open: ") + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw InputError(path, 0, "", "cannot determine the file size");
  if (size > INT_MAX) {
    throw InputError(path, 0, "",
                     "the file has " + std::to_string(size) +
                         " bytes; a protobuf network file holds at most 2 GiB (2147483647 bytes)");
  }
  in.seekg(0);
  std::string data(static_cast<std::size_t>(size), '\0');
  in.read(data.data(), size);
  if (in.gcount() != size) throw InputError(path, 0, "", "read error");
  return data;
}

void parse_binary(const fs::path& path, const std::string& data, pb::NetworkFile& file) {
  bool parsed = false;
  {
    // The InputError below is the report; protobuf's own log line (e.g. about a string that is
    // not UTF-8) would only repeat it on stderr.
    const gp::LogSilencer quiet;
    parsed = file.ParseFromArray(data.data(), static_cast<int>(data.size()));
  }
  if (!parsed) {
    throw InputError(path, 0, "",
                     "not a binary ouflow network file, or a truncated or corrupt one: the "
                     "protobuf encoding does not parse (cut short, damaged, or a name that is "
                     "not UTF-8)");
  }
}

// Keeps the first error the text parser reports, with its line and column.
class FirstErrorCollector final : public gp::io::ErrorCollector {
 public:
  void AddError(int line, gp::io::ColumnNumber column, const std::string& message) override {
    if (!error_.empty()) return;
    line_ = line < 0 ? 0 : static_cast<std::size_t>(line) + 1;
    column_ = column < 0 ? 0 : column + 1;
    error_ = message;
  }

  bool has_error() const { return !error_.empty(); }
  std::size_t line() const { return line_; }
  std::string detail() const { return "column " + std::to_string(column_) + ": " + error_; }

 private:
  std::size_t line_ = 0;
  int column_ = 0;
  std::string error_;
};

void parse_text(const fs::path& path, const std::string& data, pb::NetworkFile& file,
                gp::TextFormat::ParseInfoTree& locations) {
  FirstErrorCollector errors;
  gp::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&locations);
  if (!parser.ParseFromString(data, &file)) {
    if (errors.has_error()) throw InputError(path, errors.line(), "", errors.detail());
    throw InputError(path, 0, "", "the text does not parse as an ouflow network file");
  }
}

// Strings of a binary file were checked by the protobuf parser; those of a text file were not.
void check_text_strings(const pb::NetworkFile& file, const Locator& at) {
  auto check = [&](Group g, const gp::Message& msg, int number, int index, const std::string& s) {
    if (!is_utf8(s)) at.fail(g, msg, number, index, "the text is not valid UTF-8");
  };
  check(Group::kFile, file, pb::NetworkFile::kGeneratorFieldNumber, -1, file.generator());
  const pb::Metadata& meta = file.network().metadata();
  check(Group::kMetadata, meta, pb::Metadata::kNameFieldNumber, -1, meta.name());
  check(Group::kMetadata, meta, pb::Metadata::kProjectionFieldNumber, -1, meta.projection());
  const pb::Links& links = file.network().links();
  for (int i = 0; i < links.name_size(); ++i) {
    check(Group::kLinks, links, pb::Links::kNameFieldNumber, i, links.name(i));
  }
  const pb::Zones& zones = file.network().zones();
  for (int i = 0; i < zones.name_size(); ++i) {
    check(Group::kZones, zones, pb::Zones::kNameFieldNumber, i, zones.name(i));
  }
}

// Format version first, then the fingerprint: nothing else is looked at before both pass.
void check_header(pb::NetworkFile& file, PbEncoding enc, const Locator& at) {
  const std::uint32_t version = file.format_version();
  if (version == 0) {
    at.fail(Group::kFile, file, pb::NetworkFile::kFormatVersionFieldNumber, -1,
            "missing: this is not an ouflow network file");
  }
  if (version > kFormatVersion) {
    at.fail(Group::kFile, file, pb::NetworkFile::kFormatVersionFieldNumber, -1,
            "format version " + std::to_string(version) + " is newer than this ouflow reads (" +
                std::to_string(kFormatVersion) + "); use a newer ouflow");
  }
  if (enc == PbEncoding::kText) check_text_strings(file, at);
  if (!file.has_fingerprint()) {
    if (enc == PbEncoding::kText) return;  // hand-written or hand-edited text
    at.fail(Group::kFile, file, pb::NetworkFile::kFingerprintFieldNumber, -1,
            "missing: a binary network file carries the fingerprint of its content");
  }
  const std::uint64_t stated = file.fingerprint();
  file.clear_format_version();
  file.clear_fingerprint();
  const std::optional<std::uint64_t> actual = content_hash(file);
  file.set_format_version(version);
  file.set_fingerprint(stated);
  if (!actual) {
    throw InputError(at.path(), 0, "", "the content exceeds protobuf's 2 GiB message limit");
  }
  if (*actual != stated) {
    at.fail(
        Group::kFile, file, pb::NetworkFile::kFingerprintFieldNumber, -1,
        "the file states " + std::to_string(stated) + " but its content hashes to " +
            std::to_string(*actual) + ": the file is corrupt or was edited" +
            (enc == PbEncoding::kText ? " (after a hand edit, delete the fingerprint line)" : ""));
  }
}

// Every repeated field of a group is a column with one value per node, link, zone or cell.
void check_columns(Group g, const gp::Message& msg, const Locator& at) {
  const gp::Descriptor* d = msg.GetDescriptor();
  const gp::Reflection* r = msg.GetReflection();
  const gp::FieldDescriptor* reference = nullptr;
  int n = 0;
  for (int i = 0; i < d->field_count(); ++i) {
    const gp::FieldDescriptor* column = d->field(i);
    if (!column->is_repeated()) continue;
    const int k = r->FieldSize(msg, column);
    if (reference == nullptr) {
      reference = column;
      n = k;
    } else if (k != n) {
      at.fail(g, msg, column->number(), k > n ? n : 0,
              std::to_string(k) + (k == 1 ? " value" : " values") + " but " + group_prefix(g) +
                  reference->name() + " has " + std::to_string(n) +
                  "; every column needs one value per element");
    }
  }
}

// The column of a group that a NetworkBuilder field name refers to; the id column for names the
// builder may add later.
int node_column(std::string_view f) {
  if (f == "lon") return pb::Nodes::kLonFieldNumber;
  if (f == "lat") return pb::Nodes::kLatFieldNumber;
  if (f == "x") return pb::Nodes::kXFieldNumber;
  if (f == "y") return pb::Nodes::kYFieldNumber;
  return pb::Nodes::kIdFieldNumber;
}

int link_column(std::string_view f) {
  if (f == "from_node") return pb::Links::kFromNodeFieldNumber;
  if (f == "to_node") return pb::Links::kToNodeFieldNumber;
  if (f == "length") return pb::Links::kLengthMFieldNumber;
  if (f == "free_flow_time") return pb::Links::kFreeFlowTimeSFieldNumber;
  if (f == "capacity") return pb::Links::kCapacityVphFieldNumber;
  if (f == "lanes") return pb::Links::kLanesFieldNumber;
  if (f == "speed") return pb::Links::kSpeedKmhFieldNumber;
  if (f == "alpha") return pb::Links::kAlphaFieldNumber;
  if (f == "beta") return pb::Links::kBetaFieldNumber;
  if (f == "toll") return pb::Links::kTollFieldNumber;
  return pb::Links::kIdFieldNumber;
}

int zone_column(std::string_view f) {
  if (f == "centroid") return pb::Zones::kCentroidNodeFieldNumber;
  if (f == "population") return pb::Zones::kPopulationFieldNumber;
  if (f == "jobs") return pb::Zones::kJobsFieldNumber;
  return pb::Zones::kIdFieldNumber;
}

std::string element(const char* kind, int index, std::int64_t external_id) {
  return std::string(kind) + " at index " + std::to_string(index) + " (id " +
         std::to_string(external_id) + "): ";
}

void read_metadata(const pb::Metadata& m, net::NetworkBuilder& b, const Locator& at) {
  for (int number :
       {pb::Metadata::kTollFactorSFieldNumber, pb::Metadata::kDistanceFactorSPerMFieldNumber}) {
    const double v = number == pb::Metadata::kTollFactorSFieldNumber ? m.toll_factor_s()
                                                                     : m.distance_factor_s_per_m();
    if (!std::isfinite(v)) {
      at.fail(Group::kMetadata, m, number, -1,
              "value " + format_double(v) + " is not a finite number");
    }
  }
  net::NetworkMetadata meta;
  meta.name = m.name();
  meta.toll_factor_s = m.toll_factor_s();
  meta.distance_factor_s_per_m = m.distance_factor_s_per_m();
  meta.projection = m.projection();
  meta.first_thru_node = m.first_thru_node();
  b.set_metadata(std::move(meta));
}

void read_nodes(const pb::Nodes& nodes, net::NetworkBuilder& b, const Locator& at) {
  for (int i = 0; i < nodes.id_size(); ++i) {
    net::NodeSpec s;
    s.external_id = nodes.id(i);
    s.lon = nodes.lon(i);
    s.lat = nodes.lat(i);
    s.x = nodes.x(i);
    s.y = nodes.y(i);
    s.through_allowed = nodes.through_allowed(i);
    try {
      b.add_node(s);
    } catch (const net::BuildError& e) {
      at.fail(Group::kNodes, nodes, node_column(e.field()), i,
              element("node", i, s.external_id) + e.what());
    }
  }
}

void read_links(const pb::Links& links, net::NetworkBuilder& b, const Locator& at) {
  net::LinkSpec s;
  for (int i = 0; i < links.id_size(); ++i) {
    s.external_id = links.id(i);
    const int link_class = links.link_class(i);
    if (!pb::LinkClass_IsValid(link_class)) {
      at.fail(Group::kLinks, links, pb::Links::kLinkClassFieldNumber, i,
              element("link", i, s.external_id) + "link class " + std::to_string(link_class) +
                  " is not one of the " + std::to_string(net::kLinkClassCount) + " classes");
    }
    const int volume_delay = links.volume_delay(i);
    if (!pb::VolumeDelay_IsValid(volume_delay)) {
      at.fail(Group::kLinks, links, pb::Links::kVolumeDelayFieldNumber, i,
              element("link", i, s.external_id) + "volume-delay function " +
                  std::to_string(volume_delay) + " is unknown");
    }
    s.from = links.from_node(i);
    s.to = links.to_node(i);
    s.length_m = links.length_m(i);
    s.free_flow_time_s = links.free_flow_time_s(i);
    s.capacity_vph = links.capacity_vph(i);
    s.lanes = links.lanes(i);
    s.speed_kmh = links.speed_kmh(i);
    s.link_class = static_cast<net::LinkClass>(link_class);
    s.volume_delay = static_cast<net::VolumeDelay>(volume_delay);
    s.alpha = links.alpha(i);
    s.beta = links.beta(i);
    s.toll = links.toll(i);
    s.source_type = links.source_type(i);
    s.name = links.name(i);
    try {
      b.add_link(s);
    } catch (const net::BuildError& e) {
      at.fail(Group::kLinks, links, link_column(e.field()), i,
              element("link", i, s.external_id) + e.what());
    }
  }
}

void read_zones(const pb::Zones& zones, net::NetworkBuilder& b, const Locator& at) {
  for (int i = 0; i < zones.id_size(); ++i) {
    net::ZoneSpec s;
    s.external_id = zones.id(i);
    s.centroid = zones.centroid_node(i);
    s.population = zones.population(i);
    s.jobs = zones.jobs(i);
    s.name = zones.name(i);
    try {
      b.add_zone(s);
    } catch (const net::BuildError& e) {
      at.fail(Group::kZones, zones, zone_column(e.field()), i,
              element("zone", i, s.external_id) + e.what());
    }
  }
}

net::TripTable read_demand(const pb::Demand& d, std::uint32_t zone_count, const Locator& at) {
  if (d.zone_count() != zone_count) {
    at.fail(Group::kDemand, d, pb::Demand::kZoneCountFieldNumber, -1,
            "demand for " + std::to_string(d.zone_count()) + " zones, but the network has " +
                std::to_string(zone_count));
  }
  check_columns(Group::kDemand, d, at);
  net::TripTable trips(zone_count);
  std::uint64_t previous = 0;
  for (int i = 0; i < d.origin_size(); ++i) {
    const std::uint32_t o = d.origin(i), dest = d.destination(i);
    const double v = d.trips(i);
    const std::string cell = "cell " + std::to_string(i) + " (origin " + std::to_string(o) +
                             ", destination " + std::to_string(dest) + "): ";
    if (o >= zone_count) {
      at.fail(Group::kDemand, d, pb::Demand::kOriginFieldNumber, i,
              cell + "zone index out of range (zones: " + std::to_string(zone_count) + ")");
    }
    if (dest >= zone_count) {
      at.fail(Group::kDemand, d, pb::Demand::kDestinationFieldNumber, i,
              cell + "zone index out of range (zones: " + std::to_string(zone_count) + ")");
    }
    const std::uint64_t key = std::uint64_t{o} * zone_count + dest;
    if (i > 0 && key <= previous) {
      at.fail(Group::kDemand, d, pb::Demand::kOriginFieldNumber, i,
              cell +
                  "cells must be strictly increasing in row-major order (repeated or out of "
                  "order)");
    }
    previous = key;
    if (!std::isfinite(v) || v < 0) {
      at.fail(Group::kDemand, d, pb::Demand::kTripsFieldNumber, i,
              cell + "trips " + format_double(v) + " must be finite and not negative");
    }
    trips.at(net::ZoneId{o}, net::ZoneId{dest}) = v;
  }
  return trips;
}

// ---------------------------------------------------------------------------------------------
// The transit layer. Errors name the column as "transit.<group>.<column>"; the line is 0 (the
// file as a whole) because the text locator covers the road groups only.

class TransitReader {
 public:
  TransitReader(const pb::Transit& t, const fs::path& path) : t_(t), path_(path) {}

  net::TransitNetwork read() {
    for (const gp::Message* m : std::initializer_list<const gp::Message*>{
             &t_.agencies(), &t_.stops(), &t_.routes(), &t_.services(), &t_.service_exceptions(),
             &t_.shapes(), &t_.shape_points(), &t_.patterns(), &t_.pattern_stops(), &t_.trips(),
             &t_.stop_times(), &t_.frequencies(), &t_.transfers()}) {
      check_group(*m);
    }
    net::TransitColumns c;
    c.projection = utf8(t_.projection(), "projection");
    const pb::Agencies& agencies = t_.agencies();
    c.agency_id = strings(agencies.id(), "agencies.id");
    c.agency_name = strings(agencies.name(), "agencies.name");
    c.agency_url = strings(agencies.url(), "agencies.url");
    c.agency_timezone = strings(agencies.timezone(), "agencies.timezone");

    const pb::Stops& stops = t_.stops();
    const auto stop_n = static_cast<std::uint32_t>(stops.id_size());
    c.stop_id = net::IdVector<net::StopId, std::string>(strings(stops.id(), "stops.id"));
    c.stop_name = net::IdVector<net::StopId, std::string>(strings(stops.name(), "stops.name"));
    c.stop_lon = net::IdVector<net::StopId, double>({stops.lon().begin(), stops.lon().end()});
    c.stop_lat = net::IdVector<net::StopId, double>({stops.lat().begin(), stops.lat().end()});
    c.stop_x = net::IdVector<net::StopId, double>({stops.x().begin(), stops.x().end()});
    c.stop_y = net::IdVector<net::StopId, double>({stops.y().begin(), stops.y().end()});
    for (int i = 0; i < stops.id_size(); ++i) {
      c.stop_parent.push_back(optional_index<net::StopId>(stops.parent(i), stop_n, "stops.parent"));
      c.stop_location_type.push_back(
          static_cast<net::LocationType>(small(stops.location_type(i), 4, "stops.location_type")));
    }

    const pb::Routes& routes = t_.routes();
    const auto route_n = static_cast<std::uint32_t>(routes.id_size());
    c.route_id = net::IdVector<net::RouteId, std::string>(strings(routes.id(), "routes.id"));
    c.route_short_name =
        net::IdVector<net::RouteId, std::string>(strings(routes.short_name(), "routes.short_name"));
    c.route_long_name =
        net::IdVector<net::RouteId, std::string>(strings(routes.long_name(), "routes.long_name"));
    // Files written before route colours have none: empty for every route.
    c.route_color =
        routes.color_size() == 0
            ? net::IdVector<net::RouteId, std::string>(
                  std::vector<std::string>(static_cast<std::size_t>(route_n)))
            : net::IdVector<net::RouteId, std::string>(strings(routes.color(), "routes.color"));
    c.route_type = net::IdVector<net::RouteId, std::int32_t>(
        {routes.route_type().begin(), routes.route_type().end()});
    for (int i = 0; i < routes.id_size(); ++i) {
      c.route_agency.push_back(optional_index<net::AgencyId>(
          routes.agency(i), static_cast<std::uint32_t>(c.agency_id.size()), "routes.agency"));
    }

    const pb::Services& services = t_.services();
    const auto service_n = static_cast<std::uint32_t>(services.id_size());
    c.service_id =
        net::IdVector<net::ServiceId, std::string>(strings(services.id(), "services.id"));
    for (int i = 0; i < services.id_size(); ++i) {
      c.service_weekdays.push_back(
          static_cast<std::uint8_t>(small(services.weekdays(i), 0x7f, "services.weekdays")));
      c.service_start.push_back(date(services.start_date(i), "services.start_date"));
      c.service_end.push_back(date(services.end_date(i), "services.end_date"));
    }
    c.service_first_exception = offsets(services.exception_count(), "services.exception_count",
                                        t_.service_exceptions().date_size());
    for (int k = 0; k < t_.service_exceptions().date_size(); ++k) {
      c.exception_date.push_back(date(t_.service_exceptions().date(k), "service_exceptions.date"));
      const std::uint32_t type = t_.service_exceptions().type(k);
      if (type != 1 && type != 2) fail("service_exceptions.type", "must be 1 or 2");
      c.exception_type.push_back(static_cast<net::ExceptionType>(type));
    }

    const pb::Shapes& shapes = t_.shapes();
    c.shape_id = net::IdVector<net::ShapeId, std::string>(strings(shapes.id(), "shapes.id"));
    c.shape_first_point =
        offsets(shapes.point_count(), "shapes.point_count", t_.shape_points().lon_size());
    const pb::ShapePoints& points = t_.shape_points();
    c.shape_point_lon.assign(points.lon().begin(), points.lon().end());
    c.shape_point_lat.assign(points.lat().begin(), points.lat().end());
    c.shape_point_dist.assign(points.dist_traveled().begin(), points.dist_traveled().end());

    const pb::Patterns& patterns = t_.patterns();
    const pb::Trips& trips = t_.trips();
    c.pattern_first_stop =
        offsets(patterns.stop_count(), "patterns.stop_count", t_.pattern_stops().stop_size());
    c.pattern_first_trip = offsets(patterns.trip_count(), "patterns.trip_count", trips.id_size());
    for (int p = 0; p < patterns.route_size(); ++p) {
      c.pattern_route.push_back(index<net::RouteId>(patterns.route(p), route_n, "patterns.route"));
      c.pattern_frequency_based.push_back(patterns.frequency_based(p) ? 1 : 0);
    }
    for (std::uint32_t s : t_.pattern_stops().stop()) {
      c.pattern_stop.push_back(index<net::StopId>(s, stop_n, "pattern_stops.stop"));
    }

    c.trip_id = net::IdVector<net::TripId, std::string>(strings(trips.id(), "trips.id"));
    c.trip_headsign =
        net::IdVector<net::TripId, std::string>(strings(trips.headsign(), "trips.headsign"));
    for (int i = 0; i < trips.id_size(); ++i) {
      c.trip_service.push_back(index<net::ServiceId>(trips.service(i), service_n, "trips.service"));
      c.trip_shape.push_back(optional_index<net::ShapeId>(
          trips.shape(i), static_cast<std::uint32_t>(c.shape_id.size()), "trips.shape"));
    }
    std::uint64_t stop_time_total = 0;
    for (std::uint32_t p = 0; p + 1 < c.pattern_first_trip.size(); ++p) {
      const std::uint32_t len = c.pattern_first_stop[p + 1] - c.pattern_first_stop[p];
      for (std::uint32_t t = c.pattern_first_trip[p]; t < c.pattern_first_trip[p + 1]; ++t) {
        c.trip_pattern.emplace_back(p);
        stop_time_total += len;
        c.trip_first_stop_time.push_back(static_cast<std::uint32_t>(stop_time_total));
      }
    }
    const pb::StopTimes& times = t_.stop_times();
    if (stop_time_total != static_cast<std::uint64_t>(times.arrival_s_size())) {
      fail("stop_times.arrival_s", std::to_string(times.arrival_s_size()) +
                                       " stop times, but the patterns' trips need " +
                                       std::to_string(stop_time_total));
    }
    c.arrival_s.assign(times.arrival_s().begin(), times.arrival_s().end());
    c.departure_s.assign(times.departure_s().begin(), times.departure_s().end());
    for (int k = 0; k < times.pickup_type_size(); ++k) {
      c.pickup_type.push_back(
          static_cast<std::uint8_t>(small(times.pickup_type(k), 3, "stop_times.pickup_type")));
      c.drop_off_type.push_back(
          static_cast<std::uint8_t>(small(times.drop_off_type(k), 3, "stop_times.drop_off_type")));
    }

    const pb::Frequencies& freqs = t_.frequencies();
    const auto trip_n = static_cast<std::uint32_t>(trips.id_size());
    for (int f = 0; f < freqs.trip_size(); ++f) {
      c.frequency_trip.push_back(index<net::TripId>(freqs.trip(f), trip_n, "frequencies.trip"));
    }
    c.frequency_start_s.assign(freqs.start_s().begin(), freqs.start_s().end());
    c.frequency_end_s.assign(freqs.end_s().begin(), freqs.end_s().end());
    c.frequency_headway_s.assign(freqs.headway_s().begin(), freqs.headway_s().end());

    const pb::Transfers& transfers = t_.transfers();
    c.stop_first_transfer.assign(stop_n + 1, 0);
    for (int k = 0; k < transfers.from_stop_size(); ++k) {
      const net::StopId from =
          index<net::StopId>(transfers.from_stop(k), stop_n, "transfers.from_stop");
      if (k > 0 && transfers.from_stop(k) < transfers.from_stop(k - 1)) {
        fail("transfers.from_stop", "rows must be sorted by from_stop");
      }
      ++c.stop_first_transfer[from.value() + 1];
      c.transfer_to.push_back(
          index<net::StopId>(transfers.to_stop(k), stop_n, "transfers.to_stop"));
      c.transfer_type.push_back(
          static_cast<net::TransferType>(small(transfers.type(k), 5, "transfers.type")));
      c.transfer_min_time_s.push_back(transfers.min_transfer_time_s(k));
    }
    for (std::uint32_t s = 0; s < stop_n; ++s) {
      c.stop_first_transfer[s + 1] += c.stop_first_transfer[s];
    }
    try {
      return net::TransitNetwork::from_columns(std::move(c));
    } catch (const InvariantError& e) {
      throw InputError(path_, 0, "transit", e.what());
    }
  }

 private:
  [[noreturn]] void fail(const std::string& column, const std::string& what) const {
    throw InputError(path_, 0, "transit." + column, what);
  }

  // Every repeated field of a group has the same length.
  void check_group(const gp::Message& msg) const {
    const gp::Descriptor* d = msg.GetDescriptor();
    const gp::Reflection* r = msg.GetReflection();
    int n = -1;
    std::string reference;
    for (int i = 0; i < d->field_count(); ++i) {
      const gp::FieldDescriptor* column = d->field(i);
      const int k = r->FieldSize(msg, column);
      if (n < 0) {
        n = k;
        reference = column->name();
      } else if (k != n) {
        fail(d->name() + "." + column->name(), std::to_string(k) + " values but " + reference +
                                                   " has " + std::to_string(n) +
                                                   "; every column needs one value per element");
      }
    }
  }

  std::string utf8(const std::string& s, const std::string& column) const {
    if (!is_utf8(s)) fail(column, "the text is not valid UTF-8");
    return s;
  }
  std::vector<std::string> strings(const gp::RepeatedPtrField<std::string>& field,
                                   const std::string& column) const {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(field.size()));
    for (const std::string& s : field) out.push_back(utf8(s, column));
    return out;
  }
  std::uint32_t small(std::uint32_t v, std::uint32_t max, const std::string& column) const {
    if (v > max) fail(column, "value " + std::to_string(v) + " above " + std::to_string(max));
    return v;
  }
  template <class Id>
  Id index(std::uint32_t v, std::uint32_t n, const std::string& column) const {
    if (v >= n) {
      fail(column, "index " + std::to_string(v) + " out of range (" + std::to_string(n) + ")");
    }
    return Id{v};
  }
  template <class Id>
  Id optional_index(std::int32_t v, std::uint32_t n, const std::string& column) const {
    if (v == -1) return Id::invalid();
    if (v < 0) fail(column, "index " + std::to_string(v) + " is neither -1 nor an index");
    return index<Id>(static_cast<std::uint32_t>(v), n, column);
  }
  net::Date date(std::int32_t v, const std::string& column) const {
    const std::optional<net::Date> d = net::Date::from_yyyymmdd(v);
    if (!d) fail(column, std::to_string(v) + " is not a date YYYYMMDD");
    return *d;
  }
  std::vector<std::uint32_t> offsets(const gp::RepeatedField<std::uint32_t>& counts,
                                     const std::string& column, int total) const {
    std::vector<std::uint32_t> first{0};
    std::uint64_t sum = 0;
    for (std::uint32_t k : counts) {
      sum += k;
      if (sum > static_cast<std::uint64_t>(total)) break;
      first.push_back(static_cast<std::uint32_t>(sum));
    }
    if (sum != static_cast<std::uint64_t>(total)) {
      fail(column, "the counts add up to " + std::to_string(sum) + ", but there are " +
                       std::to_string(total) + " rows");
    }
    return first;
  }

  const pb::Transit& t_;
  const fs::path& path_;
};

net::Model to_model(const pb::NetworkFile& file, const Locator& at) {
  const pb::Network& network = file.network();
  check_columns(Group::kNodes, network.nodes(), at);
  check_columns(Group::kLinks, network.links(), at);
  check_columns(Group::kZones, network.zones(), at);
  net::NetworkBuilder builder;
  read_metadata(network.metadata(), builder, at);
  read_nodes(network.nodes(), builder, at);
  read_links(network.links(), builder, at);
  read_zones(network.zones(), builder, at);
  net::Model model;
  try {
    model.road = builder.build();
  } catch (const net::BuildError& e) {
    throw InputError(at.path(), 0, e.field(), e.what());
  } catch (const InvariantError& e) {
    throw InputError(at.path(), 0, "", e.what());
  }
  if (file.has_demand()) model.demand = read_demand(file.demand(), model.road.zone_count(), at);
  if (file.has_transit()) model.transit = TransitReader(file.transit(), at.path()).read();
  return model;
}

}  // namespace

void write_network_pb(const fs::path& path, const net::Model& model, PbEncoding enc) {
  gp::Arena arena;
  pb::NetworkFile& file = *gp::Arena::CreateMessage<pb::NetworkFile>(&arena);
  Writer(path).fill(model, file);
  file.set_generator(kGenerator);
  const std::optional<std::uint64_t> fingerprint = content_hash(file);
  if (!fingerprint) {
    throw std::runtime_error(path.string() +
                             ": the network exceeds protobuf's 2 GiB message limit");
  }
  file.set_format_version(kFormatVersion);
  file.set_fingerprint(*fingerprint);

  AtomicOutput out(path, enc == PbEncoding::kBinary);
  if (enc == PbEncoding::kText) out.stream() << text_header();
  bool ok = false;
  {
    gp::io::OstreamOutputStream stream(&out.stream());
    if (enc == PbEncoding::kBinary) {
      gp::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      ok = file.SerializeToCodedStream(&coded) && !coded.HadError();
    } else {
      gp::TextFormat::Printer printer;
      printer.SetUseUtf8StringEscaping(true);  // names stay readable: "人民路", not "\344\272\272"
      ok = printer.Print(file, &stream);
    }
  }
  if (!ok) throw std::runtime_error(path.string() + ": write failed");
  out.commit();
}

net::Model read_network_pb(const fs::path& path, PbEncoding enc) {
  gp::Arena arena;
  pb::NetworkFile& file = *gp::Arena::CreateMessage<pb::NetworkFile>(&arena);
  std::unique_ptr<gp::TextFormat::ParseInfoTree> locations;
  {
    const std::string data = read_whole_file(path);
    if (enc == PbEncoding::kBinary) {
      parse_binary(path, data, file);
    } else {
      locations = std::make_unique<gp::TextFormat::ParseInfoTree>();
      parse_text(path, data, file, *locations);
    }
  }
  const Locator at(path, locations.get());
  check_header(file, enc, at);
  return to_model(file, at);
}

}  // namespace ouflow::io
