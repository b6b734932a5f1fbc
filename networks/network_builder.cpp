#include "networks/network_builder.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

namespace ouflow::net {
namespace {

std::string str(double v) {
  std::ostringstream os;
  os.precision(17);
  os << v;
  return os.str();
}

void require_finite(const char* field, double v) {
  if (!std::isfinite(v)) throw BuildError(field, "value " + str(v) + " is not a finite number");
}

void require_non_negative(const char* field, double v) {
  require_finite(field, v);
  if (v < 0) throw BuildError(field, "value " + str(v) + " is negative");
}

void require_finite_or_unknown(const char* field, double v) {
  if (std::isinf(v)) throw BuildError(field, "value " + str(v) + " is not a finite number");
}

}  // namespace

bool NetworkBuilder::has_node(std::int64_t external_id) const {
  return net_.node_index_.contains(external_id);
}

NodeId NetworkBuilder::add_node(const NodeSpec& s) {
  for (auto [field, v] : {std::pair{"lon", s.lon}, {"lat", s.lat}, {"x", s.x}, {"y", s.y}}) {
    require_finite_or_unknown(field, v);
  }
  if (std::isfinite(s.lon) && (s.lon < -180 || s.lon > 180)) {
    throw BuildError("lon", "longitude " + str(s.lon) + " is outside [-180, 180]");
  }
  if (std::isfinite(s.lat) && (s.lat < -90 || s.lat > 90)) {
    throw BuildError("lat", "latitude " + str(s.lat) + " is outside [-90, 90]");
  }
  const NodeId id{net_.node_count()};
  if (!net_.node_index_.emplace(s.external_id, id).second) {
    throw BuildError("node_id", "node " + std::to_string(s.external_id) + " is defined twice");
  }
  net_.node_external_id_.push_back(s.external_id);
  net_.lon_.push_back(s.lon);
  net_.lat_.push_back(s.lat);
  net_.x_.push_back(s.x);
  net_.y_.push_back(s.y);
  net_.through_allowed_.push_back(s.through_allowed ? 1 : 0);
  return id;
}

void NetworkBuilder::add_link(const LinkSpec& s) {
  auto from = net_.find_node(s.from);
  if (!from) throw BuildError("from_node", "unknown node " + std::to_string(s.from));
  auto to = net_.find_node(s.to);
  if (!to) throw BuildError("to_node", "unknown node " + std::to_string(s.to));
  require_non_negative("length", s.length_m);
  require_non_negative("free_flow_time", s.free_flow_time_s);
  require_finite("capacity", s.capacity_vph);
  if (s.capacity_vph <= 0) {
    throw BuildError("capacity", "capacity " + str(s.capacity_vph) + " must be positive");
  }
  require_non_negative("lanes", s.lanes);
  require_non_negative("speed", s.speed_kmh);
  require_non_negative("alpha", s.alpha);
  require_non_negative("beta", s.beta);
  require_non_negative("toll", s.toll);
  links_.push_back(s);
  link_tail_.push_back(*from);
  link_head_.push_back(*to);
}

ZoneId NetworkBuilder::add_zone(const ZoneSpec& s) {
  auto c = net_.find_node(s.centroid);
  if (!c) throw BuildError("centroid", "unknown centroid node " + std::to_string(s.centroid));
  require_non_negative("population", s.population);
  require_non_negative("jobs", s.jobs);
  const ZoneId id{net_.zone_count()};
  if (!net_.zone_index_.emplace(s.external_id, id).second) {
    throw BuildError("zone_id", "zone " + std::to_string(s.external_id) + " is defined twice");
  }
  net_.zone_external_id_.push_back(s.external_id);
  net_.zone_centroid_.push_back(*c);
  net_.zone_population_.push_back(s.population);
  net_.zone_jobs_.push_back(s.jobs);
  net_.zone_name_.push_back(s.name);
  return id;
}

RoadNetwork NetworkBuilder::build() {
  const NetworkMetadata& md = net_.metadata_;
  require_non_negative("toll_factor", md.toll_factor_s);
  require_non_negative("distance_factor", md.distance_factor_s_per_m);
  const std::size_t n = net_.node_count(), m = links_.size();
  if (m >= std::numeric_limits<std::uint32_t>::max()) throw BuildError("", "too many links");

  // Counting sort by tail: stable, so links of one tail keep their input order.
  std::vector<std::uint32_t>& first_out = net_.first_out_;
  first_out.assign(n + 1, 0);
  for (NodeId t : link_tail_) ++first_out[t.value() + 1];
  std::partial_sum(first_out.begin(), first_out.end(), first_out.begin());
  std::vector<std::uint32_t> pos(first_out.begin(), first_out.end() - 1);
  std::vector<std::uint32_t> slot_of_input(m);
  for (std::size_t k = 0; k < m; ++k) slot_of_input[k] = pos[link_tail_[k].value()]++;

  auto& N = net_;
  auto resize = [m](auto& col) { col.resize(m); };
  resize(N.link_tail_), resize(N.link_head_), resize(N.link_external_id_), resize(N.length_m_);
  resize(N.free_flow_time_s_), resize(N.capacity_vph_), resize(N.lanes_), resize(N.speed_kmh_);
  resize(N.link_class_), resize(N.volume_delay_), resize(N.alpha_), resize(N.beta_);
  resize(N.toll_), resize(N.source_type_), resize(N.link_name_);
  N.input_order_.resize(m);
  for (std::size_t k = 0; k < m; ++k) {
    const LinkId l{slot_of_input[k]};
    LinkSpec& s = links_[k];
    N.input_order_[k] = l;
    N.link_tail_[l] = link_tail_[k];
    N.link_head_[l] = link_head_[k];
    N.link_external_id_[l] = s.external_id;
    N.length_m_[l] = s.length_m;
    N.free_flow_time_s_[l] = s.free_flow_time_s;
    N.capacity_vph_[l] = s.capacity_vph;
    N.lanes_[l] = s.lanes;
    N.speed_kmh_[l] = s.speed_kmh;
    N.link_class_[l] = s.link_class;
    N.volume_delay_[l] = s.volume_delay;
    N.alpha_[l] = s.alpha;
    N.beta_[l] = s.beta;
    N.toll_[l] = s.toll;
    N.source_type_[l] = s.source_type;
    N.link_name_[l] = std::move(s.name);
  }

  // Reverse CSR: links grouped by head, ascending link id within a head.
  std::vector<std::uint32_t>& first_in = N.first_in_;
  first_in.assign(n + 1, 0);
  for (NodeId h : N.link_head_) ++first_in[h.value() + 1];
  std::partial_sum(first_in.begin(), first_in.end(), first_in.begin());
  std::vector<std::uint32_t> ipos(first_in.begin(), first_in.end() - 1);
  N.in_link_.assign(m, LinkId{});
  for (LinkId l : N.links()) N.in_link_[ipos[N.link_head_[l].value()]++] = l;

  N.validate();
  RoadNetwork out = std::move(net_);
  net_ = RoadNetwork{};
  links_.clear();
  link_tail_.clear();
  link_head_.clear();
  return out;
}

}  // namespace ouflow::net
