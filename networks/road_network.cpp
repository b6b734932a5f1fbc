#include "networks/road_network.h"

#include <cmath>

#include "networks/input_error.h"

namespace ouflow::net {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw InvariantError("invalid road network: " + what);
}

template <class T>
bool same_bits(const IdVector<T, double>& a, const IdVector<T, double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double u = a.raw()[i], v = b.raw()[i];
    if (!(u == v || (std::isnan(u) && std::isnan(v)))) return false;
  }
  return true;
}

}  // namespace

std::optional<NodeId> RoadNetwork::find_node(std::int64_t external_id) const {
  auto it = node_index_.find(external_id);
  if (it == node_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<ZoneId> RoadNetwork::find_zone(std::int64_t external_id) const {
  auto it = zone_index_.find(external_id);
  if (it == zone_index_.end()) return std::nullopt;
  return it->second;
}

void RoadNetwork::validate() const {
  const std::size_t n = node_count(), m = link_count(), z = zone_count();
  for (const auto* v : {&lon_, &lat_, &x_, &y_}) {
    if (v->size() != n) fail("node column size differs from node count");
  }
  if (through_allowed_.size() != n) fail("through_allowed size differs from node count");
  if (first_out_.size() != n + 1 || first_in_.size() != n + 1) fail("CSR offsets must have n+1");
  if (first_out_.front() != 0 || first_out_.back() != m) fail("forward CSR offsets do not span m");
  if (first_in_.front() != 0 || first_in_.back() != m) fail("reverse CSR offsets do not span m");
  if (in_link_.size() != m || link_tail_.size() != m) fail("link column size differs");
  for (const auto* v : {&length_m_, &free_flow_time_s_, &capacity_vph_, &lanes_, &speed_kmh_,
                        &alpha_, &beta_, &toll_}) {
    if (v->size() != m) fail("link column size differs from link count");
  }
  if (link_class_.size() != m || volume_delay_.size() != m || source_type_.size() != m ||
      link_name_.size() != m || link_external_id_.size() != m || input_order_.size() != m) {
    fail("link column size differs from link count");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (first_out_[i] > first_out_[i + 1]) fail("forward CSR offsets decrease");
    if (first_in_[i] > first_in_[i + 1]) fail("reverse CSR offsets decrease");
  }
  for (NodeId u : nodes()) {
    for (LinkId l : out_links(u)) {
      if (link_tail_[l] != u) fail("link tail disagrees with the forward CSR");
      if (link_head_[l].value() >= n) fail("link head out of range");
    }
    LinkId prev = LinkId::invalid();
    for (LinkId l : in_links(u)) {
      if (l.value() >= m) fail("reverse CSR link out of range");
      if (link_head_[l] != u) fail("link head disagrees with the reverse CSR");
      if (prev.valid() && !(prev < l)) fail("reverse CSR not sorted by link id");
      prev = l;
    }
  }
  std::vector<char> seen(m, 0);
  for (LinkId l : input_order_) {
    if (l.value() >= m || seen[l.value()]) fail("input order is not a permutation of the links");
    seen[l.value()] = 1;
  }
  for (LinkId l : links()) {
    auto bad = [](double v) { return !std::isfinite(v) || v < 0; };
    auto link_fail = [&](const char* what) {
      fail("link " + std::to_string(link_external_id_[l]) + ": " + what);
    };
    if (bad(length_m_[l])) link_fail("length");
    if (bad(free_flow_time_s_[l])) link_fail("free-flow time");
    if (bad(capacity_vph_[l]) || capacity_vph_[l] == 0) link_fail("capacity");
    if (bad(lanes_[l]) || bad(speed_kmh_[l])) link_fail("lanes or speed");
    if (bad(alpha_[l]) || bad(beta_[l]) || bad(toll_[l])) link_fail("vdf/toll");
  }
  if (zone_external_id_.size() != z || zone_population_.size() != z || zone_jobs_.size() != z ||
      zone_name_.size() != z) {
    fail("zone column size differs from zone count");
  }
  for (ZoneId q : zones()) {
    if (zone_centroid_[q].value() >= n) fail("zone centroid out of range");
    if (!std::isfinite(zone_population_[q]) || zone_population_[q] < 0) fail("zone population");
    if (!std::isfinite(zone_jobs_[q]) || zone_jobs_[q] < 0) fail("zone jobs");
  }
  const auto& md = metadata_;
  if (!std::isfinite(md.toll_factor_s) || md.toll_factor_s < 0 ||
      !std::isfinite(md.distance_factor_s_per_m) || md.distance_factor_s_per_m < 0) {
    fail("generalized-cost factors must be finite and non-negative");
  }
  if (node_index_.size() != n || zone_index_.size() != z) fail("id index size differs");
}

bool RoadNetwork::operator==(const RoadNetwork& o) const {
  return first_out_ == o.first_out_ && first_in_ == o.first_in_ && in_link_ == o.in_link_ &&
         node_external_id_ == o.node_external_id_ && same_bits(lon_, o.lon_) &&
         same_bits(lat_, o.lat_) && same_bits(x_, o.x_) && same_bits(y_, o.y_) &&
         through_allowed_ == o.through_allowed_ && link_tail_ == o.link_tail_ &&
         link_head_ == o.link_head_ && link_external_id_ == o.link_external_id_ &&
         length_m_ == o.length_m_ && free_flow_time_s_ == o.free_flow_time_s_ &&
         capacity_vph_ == o.capacity_vph_ && lanes_ == o.lanes_ && speed_kmh_ == o.speed_kmh_ &&
         link_class_ == o.link_class_ && volume_delay_ == o.volume_delay_ && alpha_ == o.alpha_ &&
         beta_ == o.beta_ && toll_ == o.toll_ && source_type_ == o.source_type_ &&
         link_name_ == o.link_name_ && input_order_ == o.input_order_ &&
         zone_external_id_ == o.zone_external_id_ && zone_centroid_ == o.zone_centroid_ &&
         zone_population_ == o.zone_population_ && zone_jobs_ == o.zone_jobs_ &&
         zone_name_ == o.zone_name_ && metadata_.name == o.metadata_.name &&
         metadata_.toll_factor_s == o.metadata_.toll_factor_s &&
         metadata_.distance_factor_s_per_m == o.metadata_.distance_factor_s_per_m &&
         metadata_.projection == o.metadata_.projection &&
         metadata_.first_thru_node == o.metadata_.first_thru_node;
}

}  // namespace ouflow::net
