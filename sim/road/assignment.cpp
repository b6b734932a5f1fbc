#include "sim/road/assignment.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "sim/road/algorithm_b.h"
#include "sim/road/all_or_nothing.h"
#include "sim/road/link_performance.h"

namespace ouflow::sim {
namespace {

constexpr std::array<std::pair<std::string_view, Algorithm>, 6> kNames = {{
    {"aon", Algorithm::kAllOrNothing},
    {"msa", Algorithm::kMsa},
    {"fw", Algorithm::kFrankWolfe},
    {"cfw", Algorithm::kConjugateFw},
    {"bfw", Algorithm::kBiconjugateFw},
    {"b", Algorithm::kAlgorithmB},
}};

using Clock = std::chrono::steady_clock;

// Convergence measures at flows x (costs c = c(x) already evaluated) given SPTT at c.
IterationStats measure(const LinkPerformance& perf, std::span<const double> x,
                       std::span<const double> c, double sptt, double trips) {
  IterationStats s;
  double tstt = 0.0;
  for (std::size_t l = 0; l < x.size(); ++l) tstt += x[l] * c[l];
  s.tstt = tstt;
  s.sptt = sptt;
  s.relative_gap = tstt > 0 ? 1.0 - sptt / tstt : 0.0;
  s.average_excess_cost = trips > 0 ? (tstt - sptt) / trips : 0.0;
  s.beckmann = perf.beckmann(x);
  return s;
}

// The step in [0, 1] minimising the Beckmann objective along x + t d: bisection on its
// derivative sum_a d_a c_a(x_a + t d_a), which increases with t.
double line_search(const LinkPerformance& perf, std::span<const double> x,
                   std::span<const double> d) {
  auto slope = [&](double t) {
    double g = 0.0;
    for (std::size_t l = 0; l < x.size(); ++l) {
      if (d[l] != 0.0) g += d[l] * perf.cost(l, std::max(0.0, x[l] + t * d[l]));
    }
    return g;
  };
  if (slope(1.0) <= 0.0) return 1.0;
  if (slope(0.0) >= 0.0) return 0.0;
  double lo = 0.0, hi = 1.0;
  for (int i = 0; i < 60 && hi - lo > 1e-15; ++i) {
    const double mid = 0.5 * (lo + hi);
    (slope(mid) < 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

// Frank-Wolfe and its conjugate variants (Mitradjieva & Lindberg 2013; Boyles, Lownes and
// Unnikrishnan, Transportation Network Analysis, section 6.2.3): each iteration finds a target
// s (the all-or-nothing flows y, or a conjugate combination of y with earlier targets) and
// moves x towards it by a line search.
class FrankWolfeFamily {
 public:
  FrankWolfeFamily(Algorithm a, const LinkPerformance& perf, std::size_t links)
      : a_(a), perf_(perf), s1_(links), s2_(links), d_(links) {}

  // Moves x given the all-or-nothing flows y at c(x); k counts from 1.
  void step(int k, std::vector<double>& x, std::vector<double>& y) {
    const std::size_t m = x.size();
    if (a_ == Algorithm::kMsa) {
      const double t = 1.0 / (k + 1.0);
      for (std::size_t l = 0; l < m; ++l) x[l] += t * (y[l] - x[l]);
      return;
    }
    std::vector<double>& s = y;  // the target, built in place
    if (a_ == Algorithm::kConjugateFw && k > 1 && tau1_ < 1.0) {
      double num = 0.0, den = 0.0;
      for (std::size_t l = 0; l < m; ++l) {
        const double h = perf_.derivative(l, x[l]);
        if (h == 0.0) continue;
        const double a = h * (s1_[l] - x[l]);
        num += a * (y[l] - x[l]);
        den += a * (y[l] - s1_[l]);
      }
      double alpha = den != 0.0 ? num / den : 0.0;
      alpha = std::clamp(alpha, 0.0, 1.0 - 1e-6);
      for (std::size_t l = 0; l < m; ++l) s[l] = alpha * s1_[l] + (1 - alpha) * y[l];
    } else if (a_ == Algorithm::kBiconjugateFw && k > 2 && tau1_ < 1.0 && tau2_ < 1.0) {
      double num = 0.0, den = 0.0;
      for (std::size_t l = 0; l < m; ++l) {
        const double h = perf_.derivative(l, x[l]);
        if (h == 0.0) continue;
        const double a = h * (tau1_ * s1_[l] - x[l] + (1 - tau1_) * s2_[l]);
        num += a * (y[l] - x[l]);
        den += a * (s2_[l] - s1_[l]);
      }
      double mu = den != 0.0 ? std::max(0.0, -num / den) : 0.0;
      double num2 = 0.0, den2 = 0.0;
      for (std::size_t l = 0; l < m; ++l) {
        const double h = perf_.derivative(l, x[l]);
        if (h == 0.0) continue;
        const double a = h * (s1_[l] - x[l]);
        num2 += a * (y[l] - x[l]);
        den2 += a * (s1_[l] - x[l]);
      }
      if (den != 0.0 && den2 != 0.0) {
        const double nu = std::max(0.0, mu * tau1_ / (1 - tau1_) - num2 / den2);
        const double b0 = 1.0 / (1.0 + nu + mu), b1 = nu * b0, b2 = mu * b0;
        for (std::size_t l = 0; l < m; ++l) s[l] = b0 * y[l] + b1 * s1_[l] + b2 * s2_[l];
      }
    }
    for (std::size_t l = 0; l < m; ++l) d_[l] = s[l] - x[l];
    const double t = line_search(perf_, x, d_);
    for (std::size_t l = 0; l < m; ++l) x[l] = std::max(0.0, x[l] + t * d_[l]);
    s2_.swap(s1_);
    s1_.assign(s.begin(), s.end());
    tau2_ = tau1_;
    tau1_ = t;
  }

 private:
  Algorithm a_;
  const LinkPerformance& perf_;
  std::vector<double> s1_, s2_, d_;  // previous two targets, direction
  double tau1_ = 1.0, tau2_ = 1.0;   // previous two step sizes
};

}  // namespace

std::string_view to_string(Algorithm a) {
  for (auto [n, v] : kNames) {
    if (v == a) return n;
  }
  return "?";
}

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  for (auto [n, v] : kNames) {
    if (n == name) return v;
  }
  if (name == "algorithm-b" || name == "bush") return Algorithm::kAlgorithmB;
  return std::nullopt;
}

AssignmentResult assign(const net::RoadNetwork& net, const net::TripTable& demand,
                        const AssignmentOptions& options) {
  const auto start = Clock::now();
  const std::size_t m = net.link_count();
  const LinkPerformance perf(net);
  AllOrNothing aon(net, demand, options.exec);
  AssignmentResult r;
  r.algorithm = options.algorithm;
  std::vector<double> cost(m), y(m);
  std::vector<double>& x = r.flow;

  std::optional<AlgorithmB> bushes;
  if (options.algorithm == Algorithm::kAlgorithmB) {
    AlgorithmBOptions bo;
    bo.exec = options.exec;
    bushes.emplace(net, aon.od(), perf, bo);
    if (options.warm_start_flows) {
      throw std::invalid_argument(
          "algorithm b starts warm from a bush file (--bushes-in), not from link flows");
    }
    if (options.bushes_from && bushes->restore_bushes(*options.bushes_from)) {
      r.warm_bushes = true;
    } else if (options.bushes_in) {
      bushes->load_bushes(*options.bushes_in);
    } else {
      bushes->initialize();
    }
    x.assign(bushes->flow().begin(), bushes->flow().end());
  } else if (options.bushes_in || options.bushes_out || options.bushes_from ||
             options.keep_bushes) {
    throw std::invalid_argument("bushes belong to algorithm b");
  } else if (options.warm_start_flows) {
    if (options.warm_start_flows->size() != m) {
      throw std::invalid_argument("warm-start flows have " +
                                  std::to_string(options.warm_start_flows->size()) +
                                  " links, the network " + std::to_string(m));
    }
    x = *options.warm_start_flows;
  } else {
    perf.costs(std::vector<double>(m, 0.0), cost);
    x.assign(m, 0.0);
    aon.load(cost, x);
  }

  FrankWolfeFamily fw(options.algorithm, perf, m);
  for (int k = 1;; ++k) {
    perf.costs(x, cost);
    const bool need_aon = options.algorithm != Algorithm::kAlgorithmB &&
                          options.algorithm != Algorithm::kAllOrNothing;
    const double sptt = need_aon ? aon.load(cost, y) : aon.sptt(cost);
    IterationStats s = measure(perf, x, cost, sptt, aon.od().total_trips);
    s.iteration = k;
    s.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.log.push_back(s);
    if (options.on_iteration) options.on_iteration(s);
    if (s.relative_gap <= options.target_gap) {
      r.converged = true;
      break;
    }
    if (options.algorithm == Algorithm::kAllOrNothing || k >= options.max_iterations ||
        s.seconds >= options.max_seconds) {
      break;
    }
    if (bushes) {
      bushes->iterate();
      x.assign(bushes->flow().begin(), bushes->flow().end());
    } else {
      fw.step(k, x, y);
    }
  }
  if (bushes && options.bushes_out) bushes->save_bushes(*options.bushes_out);
  if (bushes && options.keep_bushes) r.bushes = bushes->release_bushes();
  return r;
}

}  // namespace ouflow::sim
