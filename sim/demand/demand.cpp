#include "sim/demand/demand.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void check_non_negative(std::span<const double> v, const char* what) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i]) || v[i] < 0.0) {
      throw std::invalid_argument(std::string(what) + "[" + std::to_string(i) +
                                  "] must be finite and >= 0, got " + std::to_string(v[i]));
    }
  }
}

double sum(std::span<const double> v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}

std::size_t check_square(std::span<const double> productions, std::span<const double> attractions,
                         std::span<const double> cost) {
  const std::size_t n = productions.size();
  if (attractions.size() != n || cost.size() != n * n) {
    throw std::invalid_argument(
        "gravity: productions, attractions and the cost matrix disagree on "
        "the zone count");
  }
  check_non_negative(productions, "productions");
  check_non_negative(attractions, "attractions");
  for (double c : cost) {
    // Composite (logsum) costs may be negative; only NaN and -infinity make no sense.
    if (std::isnan(c) || c == -kInf) {
      throw std::invalid_argument("gravity: costs must be finite or +infinity");
    }
  }
  const double p = sum(productions), a = sum(attractions);
  if (std::abs(p - a) > 1e-9 * std::max(1.0, std::max(p, a))) {
    throw std::invalid_argument("gravity: productions total " + std::to_string(p) +
                                " differs from attractions total " + std::to_string(a));
  }
  return n;
}

double mean_cost_of(std::span<const double> trips, std::span<const double> cost) {
  double tc = 0.0, t = 0.0;
  for (std::size_t k = 0; k < trips.size(); ++k) {
    if (trips[k] > 0.0 && std::isfinite(cost[k])) {
      tc += trips[k] * cost[k];
      t += trips[k];
    }
  }
  return t > 0.0 ? tc / t : 0.0;
}

}  // namespace

TripEnds generate_trips(std::span<const double> population, std::span<const double> jobs,
                        const GenerationRates& rates) {
  if (population.size() != jobs.size()) {
    throw std::invalid_argument("generate_trips: population and jobs differ in size");
  }
  check_non_negative(population, "population");
  check_non_negative(jobs, "jobs");
  if (!std::isfinite(rates.trips_per_resident) || rates.trips_per_resident < 0.0 ||
      !std::isfinite(rates.trips_per_job) || rates.trips_per_job < 0.0) {
    throw std::invalid_argument("generate_trips: trip rates must be finite and >= 0");
  }
  TripEnds e;
  e.productions.resize(population.size());
  e.attractions.resize(jobs.size());
  for (std::size_t i = 0; i < population.size(); ++i) {
    e.productions[i] = rates.trips_per_resident * population[i];
    e.attractions[i] = rates.trips_per_job * jobs[i];
  }
  const double p = sum(e.productions), a = sum(e.attractions);
  if (p > 0.0 && a <= 0.0) {
    throw std::invalid_argument("generate_trips: trips are produced but no zone attracts any");
  }
  if (a > 0.0) {
    for (double& x : e.attractions) x *= p / a;
  }
  return e;
}

double Deterrence::operator()(double cost) const {
  if (!std::isfinite(cost)) return 0.0;
  switch (kind) {
    case DeterrenceKind::kExponential:
      return std::exp(-beta * cost);
    case DeterrenceKind::kGamma:
      return std::pow(std::max(cost, c_min), -gamma) * std::exp(-beta * cost);
  }
  return 0.0;
}

GravityResult doubly_constrained_gravity(std::span<const double> productions,
                                         std::span<const double> attractions,
                                         std::span<const double> cost, const Deterrence& f,
                                         const GravityOptions& options) {
  const std::size_t n = check_square(productions, attractions, cost);
  if (!(f.beta >= 0.0) || !(f.gamma >= 0.0) || !(f.c_min > 0.0)) {
    throw std::invalid_argument("gravity: beta and gamma must be >= 0 and c_min > 0");
  }
  // Deterrence relative to each row's cheapest finite cost: f(c_ij) / f(cmin_i) for the
  // exponential part. The balancing factor a_i absorbs the row constant, so the trips are the
  // same, but exp() no longer underflows for large beta * cost.
  std::vector<double> w(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double cmin = kInf;
    for (std::size_t j = 0; j < n; ++j) cmin = std::min(cmin, cost[i * n + j]);
    for (std::size_t j = 0; j < n; ++j) {
      const double c = cost[i * n + j];
      if (!std::isfinite(c)) continue;
      double v = std::exp(-f.beta * (c - cmin));
      if (f.kind == DeterrenceKind::kGamma) v *= std::pow(std::max(c, f.c_min), -f.gamma);
      w[i * n + j] = v;
    }
  }
  // Every producing zone needs an attracting destination it can reach, and vice versa.
  for (std::size_t i = 0; i < n; ++i) {
    if (productions[i] <= 0.0) continue;
    bool ok = false;
    for (std::size_t j = 0; j < n && !ok; ++j) ok = attractions[j] > 0.0 && w[i * n + j] > 0.0;
    if (!ok) {
      throw std::invalid_argument("gravity: zone " + std::to_string(i) +
                                  " produces trips but reaches no zone that attracts any");
    }
  }
  for (std::size_t j = 0; j < n; ++j) {
    if (attractions[j] <= 0.0) continue;
    bool ok = false;
    for (std::size_t i = 0; i < n && !ok; ++i) ok = productions[i] > 0.0 && w[i * n + j] > 0.0;
    if (!ok) {
      throw std::invalid_argument("gravity: zone " + std::to_string(j) +
                                  " attracts trips but no producing zone reaches it");
    }
  }

  // Furness with the row check fused into the next row update: after the columns are balanced,
  // row i totals a_i * sum_j b_j w_ij, and that same sum gives the next a_i. Rows and columns
  // are computed in parallel, each sum by one thread in index order (a transposed copy of w keeps
  // the column sums contiguous): the result is bit-identical for any thread count.
  const std::ptrdiff_t sn = static_cast<std::ptrdiff_t>(n);
  const int threads = options.exec.count();
  std::vector<double> wt(n * n);
#pragma omp parallel for schedule(static) num_threads(threads) default(none) shared(w, wt, n, sn)
  for (std::ptrdiff_t j = 0; j < sn; ++j) {
    for (std::size_t i = 0; i < n; ++i) wt[static_cast<std::size_t>(j) * n + i] = w[i * n + j];
  }
  GravityResult r;
  std::vector<double> a(n, 0.0), b(n, 1.0), row_sum(n, 0.0);
  if (options.initial_column_factors.size() == n) {
    for (std::size_t j = 0; j < n; ++j) {
      const double x = options.initial_column_factors[j];
      if (std::isfinite(x) && x > 0.0) b[j] = x;
    }
  }
  auto row_sums = [&] {
#pragma omp parallel for schedule(static) num_threads(threads) default(none) \
    shared(w, b, row_sum, productions, n, sn)
    for (std::ptrdiff_t si = 0; si < sn; ++si) {
      const auto i = static_cast<std::size_t>(si);
      double s = 0.0;
      if (productions[i] > 0.0) {
        const double* wi = &w[i * n];
        for (std::size_t j = 0; j < n; ++j) s += b[j] * wi[j];
      }
      row_sum[i] = s;
    }
  };
  row_sums();
  for (r.iterations = 1; r.iterations <= options.max_iterations; ++r.iterations) {
    for (std::size_t i = 0; i < n; ++i)
      a[i] = productions[i] > 0.0 ? productions[i] / row_sum[i] : 0.0;
#pragma omp parallel for schedule(static) num_threads(threads) default(none) \
    shared(wt, a, b, attractions, n, sn)
    for (std::ptrdiff_t sj = 0; sj < sn; ++sj) {
      const auto j = static_cast<std::size_t>(sj);
      if (!(attractions[j] > 0.0)) {
        b[j] = 0.0;
        continue;
      }
      const double* wj = &wt[j * n];
      double col = 0.0;
      for (std::size_t i = 0; i < n; ++i) col += a[i] * wj[i];
      b[j] = attractions[j] / col;
    }
    // Columns now hold exactly (up to rounding); measure the rows.
    row_sums();
    double err = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (productions[i] > 0.0) {
        err = std::max(err, std::abs(a[i] * row_sum[i] - productions[i]) / productions[i]);
      }
    }
    r.max_relative_error = err;
    if (err <= options.tolerance) {
      r.converged = true;
      break;
    }
  }
  r.iterations = std::min(r.iterations, options.max_iterations);
  r.column_factors = b;
  r.trips.assign(n * n, 0.0);
#pragma omp parallel for schedule(static) num_threads(threads) default(none) \
    shared(r, a, b, w, n, sn)
  for (std::ptrdiff_t si = 0; si < sn; ++si) {
    const auto i = static_cast<std::size_t>(si);
    for (std::size_t j = 0; j < n; ++j) r.trips[i * n + j] = a[i] * b[j] * w[i * n + j];
  }
  // Report the larger of the row and column errors of the final matrix.
  double err = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double row = 0.0, column = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      row += r.trips[i * n + j];
      column += r.trips[j * n + i];
    }
    if (productions[i] > 0.0) err = std::max(err, std::abs(row - productions[i]) / productions[i]);
    if (attractions[i] > 0.0)
      err = std::max(err, std::abs(column - attractions[i]) / attractions[i]);
  }
  r.max_relative_error = err;
  r.mean_cost = mean_cost_of(r.trips, cost);
  return r;
}

GravityCalibration calibrate_gravity(std::span<const double> productions,
                                     std::span<const double> attractions,
                                     std::span<const double> cost, Deterrence start,
                                     double target_mean_cost, double relative_tolerance,
                                     const GravityOptions& options,
                                     std::span<const double> measure) {
  if (!measure.empty() && measure.size() != cost.size()) {
    throw std::invalid_argument("calibrate_gravity: the measure matrix differs in size from cost");
  }
  if (!(target_mean_cost > 0.0) || !std::isfinite(target_mean_cost)) {
    throw std::invalid_argument("calibrate_gravity: the target mean cost must be > 0");
  }
  std::vector<double> last_b(options.initial_column_factors.begin(),
                             options.initial_column_factors.end());
  auto model = [&](double beta) {
    Deterrence d = start;
    d.beta = beta;
    GravityOptions o = options;
    o.initial_column_factors = last_b;  // the previous beta's balancing: fewer sweeps
    GravityResult g = doubly_constrained_gravity(productions, attractions, cost, d, o);
    if (g.converged) last_b = g.column_factors;
    if (!measure.empty()) g.mean_cost = mean_cost_of(g.trips, measure);
    return g;
  };
  auto done = [&](double m) {
    return std::abs(m - target_mean_cost) <= relative_tolerance * target_mean_cost;
  };
  GravityCalibration out;
  out.deterrence = start;

  // The mean cost falls as beta rises; beta = 0 gives the largest mean the model can reach.
  GravityResult r0 = model(0.0);
  if (r0.mean_cost < target_mean_cost * (1.0 - relative_tolerance)) {
    throw std::invalid_argument("calibrate_gravity: target mean cost " +
                                std::to_string(target_mean_cost) +
                                " exceeds the mean at beta = 0 (" + std::to_string(r0.mean_cost) +
                                "): the costs cannot produce trips that long");
  }
  // No cap from the cost spread: the row shift keeps each row's cheapest pair at weight 1, so
  // balancing holds far beyond exp()'s range; where it does not (NaN), the bracket shrinks.
  const double beta_max = 1e6;
  auto unattainable = [&](double m, double at) {
    return std::invalid_argument(
        "calibrate_gravity: target mean cost " + std::to_string(target_mean_cost) +
        " is below what the costs allow (the mean falls no lower than about " + std::to_string(m) +
        ", at beta " + std::to_string(at) + ")");
  };
  double lo = 0.0, m_lo = r0.mean_cost;
  double hi = kInf;
  // Hyman's first two points: beta_0 = 1 / target, beta_1 = beta_0 * m(beta_0) / target.
  // (A given start beta replaces beta_0: recalibrating on slightly changed costs starts close.)
  double beta = std::min(start.beta > 0.0 ? start.beta : 1.0 / target_mean_cost, 0.5 * beta_max);
  double prev_beta = 0.0, prev_m = r0.mean_cost;
  bool prev_usable = true;
  GravityResult r;
  for (out.iterations = 1; out.iterations <= 100; ++out.iterations) {
    r = model(beta);
    const double m = r.mean_cost;
    // A balancing that stopped short (max_iterations) close to its marginals still gives a usable
    // mean; one far from them (large beta on sparse costs) or NaN does not: the bracket shrinks.
    const bool usable = std::isfinite(m) && m > 0.0 && r.max_relative_error <= 1e-4;
    if (usable && done(m)) {
      out.converged = true;
      break;
    }
    if (usable && m > target_mean_cost) {
      lo = beta;
      m_lo = m;
    } else {
      hi = beta;  // below the target, or past what balancing can resolve
    }
    double next = kInf;
    if (usable && out.iterations == 1) {
      next = beta * m / target_mean_cost;  // Hyman
    } else if (usable && prev_usable && m != prev_m) {
      next = beta + (target_mean_cost - m) * (beta - prev_beta) / (m - prev_m);  // secant
    }
    // Safeguard: stay strictly inside the bracket, else bisect (or double while unbounded).
    if (!(next > lo && next < hi)) {
      next = std::isfinite(hi) ? 0.5 * (lo + hi) : std::min(2.0 * beta, beta_max);
    }
    // A bracket 1e-4 wide (relative) has no usable beta reaching the target: far finer than any
    // use of beta needs, and every further bisection is another balancing that does not converge.
    if (lo >= beta_max || (std::isfinite(hi) && hi - lo <= 1e-4 * hi)) throw unattainable(m_lo, lo);
    prev_beta = beta;
    prev_m = m;
    prev_usable = usable;
    beta = next;
  }
  if (!out.converged) throw unattainable(m_lo, lo);
  out.iterations = std::min(out.iterations, 100);
  out.deterrence.beta = beta;
  out.result = std::move(r);
  return out;
}

void logit_shares_into(const LogitModel& model, std::span<const double> costs,
                       std::span<double> p) {
  const std::size_t m = model.modes.size();
  if (costs.size() != m || model.asc.size() != m || p.size() != m) {
    throw std::invalid_argument("logit: costs, modes and ASCs differ in count");
  }
  std::fill(p.begin(), p.end(), 0.0);
  double vmax = -kInf;
  for (std::size_t k = 0; k < m; ++k) {
    if (std::isfinite(costs[k])) vmax = std::max(vmax, model.asc[k] - model.theta * costs[k]);
  }
  if (vmax == -kInf) return;
  double s = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    if (!std::isfinite(costs[k])) continue;
    p[k] = std::exp(model.asc[k] - model.theta * costs[k] - vmax);
    s += p[k];
  }
  for (double& x : p) x /= s;
}

std::vector<double> logit_shares(const LogitModel& model, std::span<const double> costs) {
  std::vector<double> p(model.modes.size(), 0.0);
  logit_shares_into(model, costs, p);
  return p;
}

double logsum_cost(const LogitModel& model, std::span<const double> costs) {
  const std::size_t m = model.modes.size();
  if (costs.size() != m || model.asc.size() != m) {
    throw std::invalid_argument("logit: costs, modes and ASCs differ in count");
  }
  double vmax = -kInf;
  for (std::size_t k = 0; k < m; ++k) {
    if (std::isfinite(costs[k])) vmax = std::max(vmax, model.asc[k] - model.theta * costs[k]);
  }
  if (vmax == -kInf) return kInf;
  double s = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    if (std::isfinite(costs[k])) s += std::exp(model.asc[k] - model.theta * costs[k] - vmax);
  }
  return -(vmax + std::log(s)) / model.theta;
}

ModeSplit split_modes(const LogitModel& model, std::span<const double> trips,
                      std::span<const std::span<const double>> mode_costs) {
  const std::size_t m = model.modes.size();
  if (mode_costs.size() != m) throw std::invalid_argument("split_modes: one cost matrix per mode");
  for (auto c : mode_costs) {
    if (c.size() != trips.size()) {
      throw std::invalid_argument("split_modes: cost and trip matrices differ in size");
    }
  }
  if (!(model.theta > 0.0)) throw std::invalid_argument("logit: theta must be > 0");
  ModeSplit s;
  s.trips.assign(m, std::vector<double>(trips.size(), 0.0));
  s.totals.assign(m, 0.0);
  s.shares.assign(m, 0.0);
  std::vector<double> costs(m), p(m);
  double total = 0.0;
  for (std::size_t k = 0; k < trips.size(); ++k) {
    if (trips[k] == 0.0) continue;
    for (std::size_t q = 0; q < m; ++q) costs[q] = mode_costs[q][k];
    logit_shares_into(model, costs, p);
    for (std::size_t q = 0; q < m; ++q) {
      s.trips[q][k] = trips[k] * p[q];
      s.totals[q] += s.trips[q][k];
    }
  }
  for (double t : s.totals) total += t;
  if (total > 0.0) {
    for (std::size_t q = 0; q < m; ++q) s.shares[q] = s.totals[q] / total;
  }
  return s;
}

LogitCalibration calibrate_logit(LogitModel start, std::span<const double> trips,
                                 std::span<const std::span<const double>> mode_costs,
                                 std::span<const double> target_shares, double tolerance,
                                 int max_iterations) {
  const std::size_t m = start.modes.size();
  if (target_shares.size() != m)
    throw std::invalid_argument("calibrate_logit: one target per mode");
  double t = 0.0;
  for (std::size_t q = 0; q < m; ++q) {
    const double x = target_shares[q];
    if (!(x >= 0.0 && x < 1.0) || (q == 0 && x == 0.0)) {
      throw std::invalid_argument(
          "calibrate_logit: target shares must lie in [0, 1), the reference mode's in (0, 1)");
    }
    t += x;
  }
  if (std::abs(t - 1.0) > 1e-9)
    throw std::invalid_argument("calibrate_logit: targets must sum to 1");
  LogitCalibration out;
  out.model = std::move(start);
  for (out.iterations = 0; out.iterations <= max_iterations; ++out.iterations) {
    out.split = split_modes(out.model, trips, mode_costs);
    double err = 0.0;
    for (std::size_t q = 0; q < m; ++q) {
      if (target_shares[q] > 0.0 && out.split.shares[q] == 0.0) {
        throw std::invalid_argument("calibrate_logit: mode " + out.model.modes[q] +
                                    " has a target share but is never available");
      }
      if (target_shares[q] == 0.0 && out.split.shares[q] > 0.0) {
        throw std::invalid_argument("calibrate_logit: mode " + out.model.modes[q] +
                                    " has a target share of 0 but is available");
      }
      err = std::max(err, std::abs(out.split.shares[q] - target_shares[q]));
    }
    out.max_share_error = err;
    if (err <= tolerance) {
      out.converged = true;
      break;
    }
    if (out.iterations == max_iterations) break;
    const double ref = std::log(target_shares[0] / out.split.shares[0]);
    for (std::size_t q = 1; q < m; ++q) {
      if (target_shares[q] == 0.0) continue;  // never available: nothing to fit
      out.model.asc[q] += std::log(target_shares[q] / out.split.shares[q]) - ref;
    }
  }
  return out;
}

}  // namespace ouflow::sim
