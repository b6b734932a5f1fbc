// Link performance functions for static assignment: travel time, generalized cost, its
// derivative and the Beckmann integral of every link as a function of its flow.
//
//   BPR:       t(x) = t0 * (1 + alpha * (x / capacity)^beta)
//   constant:  t(x) = t0
//   cost:      c(x) = t(x) + fixed,  fixed = toll_factor_s * toll + distance_factor_s_per_m *
//   length Beckmann:  B(x) = integral_0^x c(w) dw = x * (t0 + fixed) + t0 * alpha * capacity *
//                     (x / capacity)^(beta + 1) / (beta + 1)
// All in seconds (cost) and vehicles (flow). Attributes are copied into flat arrays once, so the
// hot loops read four doubles per link.
#pragma once

#include <cmath>
#include <span>
#include <vector>

#include "networks/ids.h"
#include "networks/road_network.h"

namespace ouflow::sim {

class LinkPerformance {
 public:
  explicit LinkPerformance(const net::RoadNetwork& net);

  std::size_t link_count() const { return t0_.size(); }

  double time(std::size_t l, double x) const { return t0_[l] * (1.0 + a_[l] * ratio_pow(l, x)); }
  double cost(std::size_t l, double x) const { return time(l, x) + fixed_[l]; }
  // dc/dx; 0 for constant links and for beta == 0.
  double derivative(std::size_t l, double x) const {
    const double b = beta_[l];
    if (a_[l] == 0.0 || b == 0.0) return 0.0;
    const double r = x * inv_cap_[l];
    if (r <= 0.0) return b == 1.0 ? t0_[l] * a_[l] * inv_cap_[l] : 0.0;
    return t0_[l] * a_[l] * b * inv_cap_[l] * power(r, b - 1.0, b_int_[l] - 1);
  }
  double beckmann(std::size_t l, double x) const {
    const double b = beta_[l];
    const double r = x * inv_cap_[l];
    const double cap = 1.0 / inv_cap_[l];
    return x * (t0_[l] + fixed_[l]) +
           t0_[l] * a_[l] * cap * power(r, b + 1.0, b_int_[l] + 1) / (b + 1.0);
  }
  double fixed_cost(std::size_t l) const { return fixed_[l]; }
  double free_flow_time(std::size_t l) const { return t0_[l]; }
  // Cost strictly increases with flow (alpha > 0, beta > 0, t0 > 0).
  bool strictly_increasing(std::size_t l) const { return a_[l] > 0 && beta_[l] > 0 && t0_[l] > 0; }

  // out[l] = cost(l, flow[l]) for every link.
  void costs(std::span<const double> flow, std::span<double> out) const;
  void times(std::span<const double> flow, std::span<double> out) const;
  // Sum over links, serially in link order (so the value does not depend on threads).
  double beckmann(std::span<const double> flow) const;
  double total_cost(std::span<const double> flow) const;  // TSTT = sum x * c(x)

 private:
  // r^b with b an integer fast path (b_int >= 0) and std::pow otherwise.
  static double power(double r, double b, int b_int) {
    if (r <= 0.0) return b == 0.0 ? 1.0 : 0.0;
    switch (b_int) {
      case 0:
        return 1.0;
      case 1:
        return r;
      case 2:
        return r * r;
      case 3:
        return r * r * r;
      case 4: {
        const double s = r * r;
        return s * s;
      }
      case 5: {
        const double s = r * r;
        return s * s * r;
      }
      default:
        return std::pow(r, b);
    }
  }
  double ratio_pow(std::size_t l, double x) const {
    return power(x * inv_cap_[l], beta_[l], b_int_[l]);
  }

  std::vector<double> t0_, a_, beta_, inv_cap_, fixed_;
  std::vector<int> b_int_;  // beta when it is a small integer, else -100
};

}  // namespace ouflow::sim
