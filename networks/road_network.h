// The road network: an immutable directed graph in CSR form (forward and reverse), one array per
// attribute, built once by NetworkBuilder and checked by validate().
//
// Units: length in metres, time in seconds, capacity in vehicles per hour (all lanes), speed in
// km/h, toll in the source's money unit. Generalized cost of a link, in seconds:
//   c = t(x) + toll_factor_s * toll + distance_factor_s_per_m * length_m.
// Links are stored sorted by tail node (stable: links of one tail keep their input order).
// input_order() gives the links in the order of the file they came from, so that writers keep
// parallel links (same tail and head) apart and in place.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "networks/ids.h"
#include "networks/link_class.h"
#include "networks/strong_id.h"

namespace ouflow::net {

struct NetworkMetadata {
  std::string name;
  // Generalized cost weights (seconds per toll unit, seconds per metre).
  double toll_factor_s = 0.0;
  double distance_factor_s_per_m = 0.0;
  // Coordinate reference of x/y: an EPSG code such as "EPSG:32651" when projected from WGS84,
  // or "local" when the source gave planar coordinates of unknown reference (TNTP node files).
  std::string projection = "local";
  // TNTP's <FIRST THRU NODE> as read (1 when every node carries through traffic).
  std::int64_t first_thru_node = 1;
};

class RoadNetwork {
 public:
  RoadNetwork() = default;

  std::uint32_t node_count() const { return static_cast<std::uint32_t>(node_external_id_.size()); }
  std::uint32_t link_count() const { return static_cast<std::uint32_t>(link_head_.size()); }
  std::uint32_t zone_count() const { return static_cast<std::uint32_t>(zone_centroid_.size()); }

  IdRange<NodeId> nodes() const { return node_external_id_.ids(); }
  IdRange<LinkId> links() const { return link_head_.ids(); }
  IdRange<ZoneId> zones() const { return zone_centroid_.ids(); }

  // Forward star: links leaving `n`, as a contiguous id range.
  IdRange<LinkId> out_links(NodeId n) const {
    return {first_out_[n.value()], first_out_[n.value() + 1]};
  }
  // Backward star: links entering `n` (ids, sorted by link id).
  std::span<const LinkId> in_links(NodeId n) const {
    return {in_link_.data() + first_in_[n.value()], in_link_.data() + first_in_[n.value() + 1]};
  }
  // Raw CSR arrays (n + 1 offsets) for algorithms that want them.
  const std::vector<std::uint32_t>& first_out() const { return first_out_; }
  const std::vector<std::uint32_t>& first_in() const { return first_in_; }
  const std::vector<LinkId>& in_link() const { return in_link_; }

  // Nodes.
  const IdVector<NodeId, std::int64_t>& node_external_id() const { return node_external_id_; }
  const IdVector<NodeId, double>& lon() const { return lon_; }  // NaN when unknown
  const IdVector<NodeId, double>& lat() const { return lat_; }  // NaN when unknown
  const IdVector<NodeId, double>& x() const { return x_; }      // metres; NaN when unknown
  const IdVector<NodeId, double>& y() const { return y_; }
  // 1 where paths may pass through the node; 0 for zone nodes below TNTP's <FIRST THRU NODE>,
  // which may only start or end a path.
  const IdVector<NodeId, std::uint8_t>& through_allowed() const { return through_allowed_; }
  std::optional<NodeId> find_node(std::int64_t external_id) const;

  // Links.
  const IdVector<LinkId, NodeId>& tail() const { return link_tail_; }
  const IdVector<LinkId, NodeId>& head() const { return link_head_; }
  const IdVector<LinkId, std::int64_t>& link_external_id() const { return link_external_id_; }
  const IdVector<LinkId, double>& length_m() const { return length_m_; }
  const IdVector<LinkId, double>& free_flow_time_s() const { return free_flow_time_s_; }
  const IdVector<LinkId, double>& capacity_vph() const { return capacity_vph_; }
  const IdVector<LinkId, double>& lanes() const { return lanes_; }          // 0 when unknown
  const IdVector<LinkId, double>& speed_kmh() const { return speed_kmh_; }  // 0 when unknown
  const IdVector<LinkId, LinkClass>& link_class() const { return link_class_; }
  const IdVector<LinkId, VolumeDelay>& volume_delay() const { return volume_delay_; }
  const IdVector<LinkId, double>& alpha() const { return alpha_; }
  const IdVector<LinkId, double>& beta() const { return beta_; }
  const IdVector<LinkId, double>& toll() const { return toll_; }
  // The source's own link type number (TNTP link_type, GMNS link_type); 0 when none.
  const IdVector<LinkId, std::int32_t>& source_type() const { return source_type_; }
  const IdVector<LinkId, std::string>& link_name() const { return link_name_; }
  // Links in the order of the input file; input_order()[k] is the k-th link read.
  const std::vector<LinkId>& input_order() const { return input_order_; }

  // Zones.
  const IdVector<ZoneId, std::int64_t>& zone_external_id() const { return zone_external_id_; }
  const IdVector<ZoneId, NodeId>& zone_centroid() const { return zone_centroid_; }
  const IdVector<ZoneId, double>& zone_population() const { return zone_population_; }
  const IdVector<ZoneId, double>& zone_jobs() const { return zone_jobs_; }
  const IdVector<ZoneId, std::string>& zone_name() const { return zone_name_; }
  std::optional<ZoneId> find_zone(std::int64_t external_id) const;

  const NetworkMetadata& metadata() const { return metadata_; }

  // Generalized cost of a link at free flow, in seconds.
  double free_flow_cost_s(LinkId l) const {
    return free_flow_time_s_[l] + metadata_.toll_factor_s * toll_[l] +
           metadata_.distance_factor_s_per_m * length_m_[l];
  }

  // Checks every structural invariant and attribute range; throws InvariantError naming the
  // first violation. Called by NetworkBuilder::build() and by readers of binary files.
  void validate() const;

  bool operator==(const RoadNetwork& o) const;

 private:
  friend class NetworkBuilder;

  std::vector<std::uint32_t> first_out_{0};
  std::vector<std::uint32_t> first_in_{0};
  std::vector<LinkId> in_link_;

  IdVector<NodeId, std::int64_t> node_external_id_;
  IdVector<NodeId, double> lon_, lat_, x_, y_;
  IdVector<NodeId, std::uint8_t> through_allowed_;

  IdVector<LinkId, NodeId> link_tail_, link_head_;
  IdVector<LinkId, std::int64_t> link_external_id_;
  IdVector<LinkId, double> length_m_, free_flow_time_s_, capacity_vph_, lanes_, speed_kmh_;
  IdVector<LinkId, LinkClass> link_class_;
  IdVector<LinkId, VolumeDelay> volume_delay_;
  IdVector<LinkId, double> alpha_, beta_, toll_;
  IdVector<LinkId, std::int32_t> source_type_;
  IdVector<LinkId, std::string> link_name_;
  std::vector<LinkId> input_order_;

  IdVector<ZoneId, std::int64_t> zone_external_id_;
  IdVector<ZoneId, NodeId> zone_centroid_;
  IdVector<ZoneId, double> zone_population_, zone_jobs_;
  IdVector<ZoneId, std::string> zone_name_;

  NetworkMetadata metadata_;

  std::unordered_map<std::int64_t, NodeId> node_index_;
  std::unordered_map<std::int64_t, ZoneId> zone_index_;
};

}  // namespace ouflow::net
