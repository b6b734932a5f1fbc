// The one place that knows the Protobuf network format (networks/proto/network.proto).
#include "networks/io/network_pb.h"

#include <array>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
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
