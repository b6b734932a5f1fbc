#include "sim/road/link_performance.h"

namespace ouflow::sim {

LinkPerformance::LinkPerformance(const net::RoadNetwork& net) {
  const std::size_t m = net.link_count();
  t0_.resize(m), a_.resize(m), beta_.resize(m), inv_cap_.resize(m), fixed_.resize(m);
  b_int_.resize(m);
  const auto& md = net.metadata();
  for (net::LinkId l : net.links()) {
    const std::size_t i = l.value();
    t0_[i] = net.free_flow_time_s()[l];
    const bool bpr = net.volume_delay()[l] == net::VolumeDelay::kBpr;
    a_[i] = bpr ? net.alpha()[l] : 0.0;
    beta_[i] = bpr ? net.beta()[l] : 0.0;
    inv_cap_[i] = 1.0 / net.capacity_vph()[l];
    fixed_[i] = md.toll_factor_s * net.toll()[l] + md.distance_factor_s_per_m * net.length_m()[l];
    const double b = beta_[i];
    b_int_[i] = (b == std::floor(b) && b >= 0 && b <= 5) ? static_cast<int>(b) : -100;
  }
}

void LinkPerformance::costs(std::span<const double> flow, std::span<double> out) const {
  for (std::size_t l = 0; l < t0_.size(); ++l) out[l] = cost(l, flow[l]);
}

void LinkPerformance::times(std::span<const double> flow, std::span<double> out) const {
  for (std::size_t l = 0; l < t0_.size(); ++l) out[l] = time(l, flow[l]);
}

double LinkPerformance::beckmann(std::span<const double> flow) const {
  double s = 0.0;
  for (std::size_t l = 0; l < t0_.size(); ++l) s += beckmann(l, flow[l]);
  return s;
}

double LinkPerformance::total_cost(std::span<const double> flow) const {
  double s = 0.0;
  for (std::size_t l = 0; l < t0_.size(); ++l) s += flow[l] * cost(l, flow[l]);
  return s;
}

}  // namespace ouflow::sim
