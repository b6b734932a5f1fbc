// Builds a RoadNetwork: nodes, links and zones are added by external id in any order; build()
// sorts links by tail (stable), lays out the forward and reverse CSR and validates the result.
//
// Every attribute rule (finite numbers, positive capacity, known endpoints ...) is checked here,
// once, for all readers: a violation throws BuildError naming the field, and the reader adds
// the file and line. Field names are the builder's: from_node, to_node, length, free_flow_time,
// capacity, lanes, speed, alpha, beta, toll, node_id, lon, lat, x, y, zone_id, centroid,
// population, jobs, toll_factor, distance_factor; readers map them to their own column names.
// Link external ids may repeat (TNTP numbers links by row; GMNS's writer checks uniqueness).
#pragma once

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "networks/ids.h"
#include "networks/link_class.h"
#include "networks/road_network.h"

namespace ouflow::net {

class BuildError : public std::invalid_argument {
 public:
  BuildError(std::string field, const std::string& what)
      : std::invalid_argument(what), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

inline constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

struct NodeSpec {
  std::int64_t external_id = 0;
  double lon = kUnknown, lat = kUnknown;  // WGS84 degrees
  double x = kUnknown, y = kUnknown;      // projected metres
  bool through_allowed = true;
};

struct LinkSpec {
  std::int64_t external_id = 0;
  std::int64_t from = 0, to = 0;  // external node ids
  double length_m = 0.0;
  double free_flow_time_s = 0.0;
  double capacity_vph = 0.0;  // all lanes
  double lanes = 0.0;         // 0: unknown
  double speed_kmh = 0.0;     // 0: unknown
  LinkClass link_class = LinkClass::kUnclassified;
  VolumeDelay volume_delay = VolumeDelay::kBpr;
  double alpha = 0.15, beta = 4.0;
  double toll = 0.0;
  std::int32_t source_type = 0;
  std::string name;
};

struct ZoneSpec {
  std::int64_t external_id = 0;
  std::int64_t centroid = 0;  // external node id
  double population = 0.0;
  double jobs = 0.0;
  std::string name;
};

class NetworkBuilder {
 public:
  NetworkBuilder() = default;

  // Throws BuildError on a duplicate id or a bad value.
  NodeId add_node(const NodeSpec& spec);
  void add_link(const LinkSpec& spec);
  ZoneId add_zone(const ZoneSpec& spec);
  void set_metadata(NetworkMetadata m) { net_.metadata_ = std::move(m); }
  NetworkMetadata& metadata() { return net_.metadata_; }

  bool has_node(std::int64_t external_id) const;
  std::uint32_t node_count() const { return net_.node_count(); }
  std::uint32_t link_count() const { return static_cast<std::uint32_t>(links_.size()); }

  // Lays out the CSR, validates and returns the network; the builder is left empty.
  RoadNetwork build();

 private:
  RoadNetwork net_;
  std::vector<LinkSpec> links_;
  std::vector<NodeId> link_tail_, link_head_;
};

}  // namespace ouflow::net
