// Demand model: trip generation, doubly constrained gravity (against a closed-form 2x2 solution
// and the odds-ratio property of the gravity form), Hyman calibration, logit mode choice.
#include "sim/demand/demand.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "tests/common/seed.h"

namespace ouflow::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Generation, RatesAndBalancing) {
  const std::vector<double> pop{1000, 3000, 0}, jobs{500, 500, 1000};
  const TripEnds e = generate_trips(pop, jobs, {.trips_per_resident = 0.1, .trips_per_job = 0.5});
  EXPECT_DOUBLE_EQ(e.productions[0], 100.0);
  EXPECT_DOUBLE_EQ(e.productions[1], 300.0);
  EXPECT_DOUBLE_EQ(e.productions[2], 0.0);
  // Raw attractions 250, 250, 500 (total 1000) scaled to the productions' 400.
  EXPECT_DOUBLE_EQ(e.attractions[0], 100.0);
  EXPECT_DOUBLE_EQ(e.attractions[1], 100.0);
  EXPECT_DOUBLE_EQ(e.attractions[2], 200.0);
}

TEST(Generation, RejectsBadInput) {
  const std::vector<double> ok{1, 2}, neg{1, -2}, nan{1, std::nan("")}, zero{0, 0};
  EXPECT_THROW(generate_trips(neg, ok, {0.1, 0.1}), std::invalid_argument);
  EXPECT_THROW(generate_trips(ok, nan, {0.1, 0.1}), std::invalid_argument);
  EXPECT_THROW(generate_trips(ok, zero, {0.1, 0.1}), std::invalid_argument);
  EXPECT_THROW(generate_trips(ok, std::vector<double>{1}, {0.1, 0.1}), std::invalid_argument);
}

// The 2x2 doubly constrained problem has a closed form: with T11 = x the marginals fix the other
// cells, and the gravity form fixes the odds ratio T11 T22 / (T12 T21) = f11 f22 / (f12 f21) = K,
// a quadratic in x.
TEST(Gravity, TwoByTwoClosedForm) {
  const std::vector<double> P{300, 700}, A{600, 400};
  const std::vector<double> cost{5, 20, 15, 8};
  const Deterrence f{.kind = DeterrenceKind::kExponential, .beta = 0.07};
  const GravityResult r = doubly_constrained_gravity(P, A, cost, f);
  ASSERT_TRUE(r.converged);
  const double K = std::exp(-0.07 * (5 + 8 - 20 - 15));
  const double qa = 1 - K, qb = P[1] - A[0] + K * (P[0] + A[0]), qc = -K * P[0] * A[0];
  const double x1 = (-qb + std::sqrt(qb * qb - 4 * qa * qc)) / (2 * qa);
  const double x2 = (-qb - std::sqrt(qb * qb - 4 * qa * qc)) / (2 * qa);
  const double x = (x1 >= 0 && x1 <= std::min(P[0], A[0])) ? x1 : x2;
  EXPECT_NEAR(r.trips[0], x, 1e-6);
  EXPECT_NEAR(r.trips[1], P[0] - x, 1e-6);
  EXPECT_NEAR(r.trips[2], A[0] - x, 1e-6);
  EXPECT_NEAR(r.trips[3], P[1] - A[0] + x, 1e-6);
  EXPECT_NEAR(r.mean_cost,
              (5 * r.trips[0] + 20 * r.trips[1] + 15 * r.trips[2] + 8 * r.trips[3]) / 1000.0, 1e-9);
}

struct Instance {
  std::size_t n;
  std::vector<double> P, A, cost;
};

Instance random_instance(std::uint64_t seed, std::size_t n, double unreachable_share) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Instance in{n, std::vector<double>(n), std::vector<double>(n), std::vector<double>(n * n)};
  double p = 0, a = 0;
  for (std::size_t i = 0; i < n; ++i) {
    in.P[i] = u(rng) < 0.1 ? 0.0 : 10 + 990 * u(rng);
    in.A[i] = 10 + 990 * u(rng);
    p += in.P[i];
    a += in.A[i];
  }
  for (double& x : in.A) x *= p / a;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      in.cost[i * n + j] = (i != j && u(rng) < unreachable_share) ? kInf : 2 + 60 * u(rng);
    }
  }
  return in;
}

TEST(Gravity, RandomInstancesMeetMarginalsAndKeepTheGravityForm) {
  const test::TestSeed first(1);  // instances first, first + 1, ..., first + 19
  for (std::uint64_t seed = first.value(); seed < first.value() + 20; ++seed) {
    const Instance in = random_instance(seed, 25, 0.1);
    for (const Deterrence f :
         {Deterrence{.kind = DeterrenceKind::kExponential, .beta = 0.08},
          Deterrence{.kind = DeterrenceKind::kGamma, .beta = 0.03, .gamma = 0.8, .c_min = 1.0}}) {
      const GravityResult r = doubly_constrained_gravity(in.P, in.A, in.cost, f);
      ASSERT_TRUE(r.converged) << "seed " << seed;
      const std::size_t n = in.n;
      for (std::size_t i = 0; i < n; ++i) {
        double row = 0, col = 0;
        for (std::size_t j = 0; j < n; ++j) {
          row += r.trips[i * n + j];
          col += r.trips[j * n + i];
          if (!std::isfinite(in.cost[i * n + j])) {
            EXPECT_EQ(r.trips[i * n + j], 0.0);
          }
        }
        EXPECT_NEAR(row, in.P[i], 1e-6 * std::max(1.0, in.P[i]));
        EXPECT_NEAR(col, in.A[i], 1e-6 * std::max(1.0, in.A[i]));
      }
      // Odds ratios equal those of the deterrence for every 2x2 block of finite, producing cells.
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = i + 1; k < n; k += 3) {
          if (in.P[i] == 0 || in.P[k] == 0) continue;
          const std::size_t j = (i + 1) % n, l = (k + 2) % n;
          const double c[4] = {in.cost[i * n + j], in.cost[k * n + l], in.cost[i * n + l],
                               in.cost[k * n + j]};
          if (!std::isfinite(c[0] + c[1] + c[2] + c[3])) continue;
          const double model = std::log(r.trips[i * n + j]) + std::log(r.trips[k * n + l]) -
                               std::log(r.trips[i * n + l]) - std::log(r.trips[k * n + j]);
          const double expect =
              std::log(f(c[0])) + std::log(f(c[1])) - std::log(f(c[2])) - std::log(f(c[3]));
          EXPECT_NEAR(model, expect, 1e-9) << "seed " << seed;
        }
      }
    }
  }
}

// A random balanced instance: n zones, productions and attractions in [10, 110) with equal
// totals, costs in [0, 60) min, a share of them unreachable (+infinity).
struct RandomGravity {
  std::size_t n;
  std::vector<double> p, a, c;
};
RandomGravity random_gravity(std::uint64_t seed, std::size_t n, double unreachable_share) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  RandomGravity g{n, std::vector<double>(n), std::vector<double>(n), std::vector<double>(n * n)};
  double sp = 0.0, sa = 0.0;
  for (double& x : g.p) sp += x = 10.0 + 100.0 * u(rng);
  for (double& x : g.a) sa += x = 10.0 + 100.0 * u(rng);
  for (double& x : g.a) x *= sp / sa;
  for (double& x : g.c) {
    const bool unreachable = unreachable_share > 0.0 && u(rng) < unreachable_share;
    x = unreachable ? std::numeric_limits<double>::infinity() : 60.0 * u(rng);
  }
  return g;
}

// Furness runs rows and columns in parallel: the trips are the same bits for 1, 2 and 4 threads.
TEST(Gravity, BitIdenticalForAnyThreadCount) {
  const test::TestSeed seed(7);
  const auto [n, p, a, c] = random_gravity(seed.value(), 150, 0.05);
  const Deterrence f{.kind = DeterrenceKind::kExponential, .beta = 0.1};
  std::vector<std::vector<double>> runs;
  for (int threads : {1, 2, 4}) {
    GravityOptions o;
    o.exec.threads = threads;
    runs.push_back(doubly_constrained_gravity(p, a, c, f, o).trips);
  }
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_EQ(runs[0], runs[2]);
}

// Starting Furness from the balancing factors of a solve at a nearby beta gives the same matrix
// (within the tolerance) in fewer sweeps.
TEST(Gravity, WarmStartFromColumnFactors) {
  const test::TestSeed seed(11);
  const auto [n, p, a, c] = random_gravity(seed.value(), 120, 0.0);
  const GravityResult near =
      doubly_constrained_gravity(p, a, c, {.kind = DeterrenceKind::kExponential, .beta = 0.095});
  ASSERT_EQ(near.column_factors.size(), n);
  const Deterrence f{.kind = DeterrenceKind::kExponential, .beta = 0.1};
  const GravityResult cold = doubly_constrained_gravity(p, a, c, f);
  const GravityResult warm =
      doubly_constrained_gravity(p, a, c, f, {.initial_column_factors = near.column_factors});
  ASSERT_TRUE(cold.converged && warm.converged);
  EXPECT_LT(warm.iterations, cold.iterations);
  for (std::size_t k = 0; k < n * n; ++k) {
    EXPECT_NEAR(warm.trips[k], cold.trips[k], 1e-6 * std::max(1.0, cold.trips[k])) << k;
  }
}

TEST(Gravity, LargeBetaDoesNotUnderflow) {
  const Instance in = random_instance(7, 10, 0.0);
  std::vector<double> far = in.cost;
  for (double& c : far) c += 5000;  // exp(-2 * 5000) underflows without the row shift
  const GravityResult r = doubly_constrained_gravity(in.P, in.A, far, {.beta = 2.0});
  EXPECT_TRUE(r.converged);
  EXPECT_LT(r.max_relative_error, 1e-9);
}

TEST(Gravity, UnreachableProducerIsAnError) {
  const std::vector<double> P{10, 10}, A{0, 20};
  const std::vector<double> cost{0, kInf, 3, 0};  // zone 0 reaches only itself, which attracts 0
  EXPECT_THROW(doubly_constrained_gravity(P, A, cost, {}), std::invalid_argument);
  EXPECT_THROW(
      doubly_constrained_gravity(std::vector<double>{10, 10}, std::vector<double>{5, 5}, cost, {}),
      std::invalid_argument);  // totals differ
}

TEST(Gravity, HymanCalibrationHitsTheTargetMean) {
  const Instance in = random_instance(11, 30, 0.05);
  const GravityResult free = doubly_constrained_gravity(in.P, in.A, in.cost, {.beta = 0.0});
  for (double target : {0.5 * free.mean_cost, 0.8 * free.mean_cost, 0.95 * free.mean_cost}) {
    const GravityCalibration c = calibrate_gravity(in.P, in.A, in.cost, {}, target, 1e-7);
    ASSERT_TRUE(c.converged) << target;
    EXPECT_NEAR(c.result.mean_cost, target, 1e-7 * target);
    EXPECT_GT(c.deterrence.beta, 0.0);
    EXPECT_LT(c.iterations, 30);
    // Monotone: a larger beta gives shorter trips.
    Deterrence more = c.deterrence;
    more.beta *= 1.2;
    EXPECT_LT(doubly_constrained_gravity(in.P, in.A, in.cost, more).mean_cost, target);
  }
  EXPECT_THROW(calibrate_gravity(in.P, in.A, in.cost, {}, 2.0 * free.mean_cost),
               std::invalid_argument);
  EXPECT_THROW(calibrate_gravity(in.P, in.A, in.cost, {}, 0.5), std::invalid_argument);
}

TEST(Logit, HandComputedSharesAndLogsum) {
  const LogitModel m{.modes = {"car", "transit"}, .asc = {0.0, -0.5}, .theta = 0.1};
  const std::vector<double> costs{20, 30};
  const auto p = logit_shares(m, costs);
  const double v1 = -2.0, v2 = -0.5 - 3.0;
  EXPECT_NEAR(p[0], std::exp(v1) / (std::exp(v1) + std::exp(v2)), 1e-15);
  EXPECT_NEAR(p[0] + p[1], 1.0, 1e-15);
  EXPECT_NEAR(logsum_cost(m, costs), -std::log(std::exp(v1) + std::exp(v2)) / 0.1, 1e-12);
  // The logsum is below the cheapest perceived cost (choice has value).
  EXPECT_LT(logsum_cost(m, costs), 20.0);
  // Unavailable mode, nothing available, and costs far beyond exp()'s range.
  EXPECT_EQ(logit_shares(m, std::vector<double>{kInf, 30})[1], 1.0);
  EXPECT_EQ(logit_shares(m, std::vector<double>{kInf, kInf})[0], 0.0);
  EXPECT_EQ(logsum_cost(m, std::vector<double>{kInf, kInf}), kInf);
  const auto big = logit_shares(m, std::vector<double>{1e5, 1e5 + 10});
  EXPECT_NEAR(big[0] + big[1], 1.0, 1e-15);
  EXPECT_NEAR(big[1], 1.0 / (1.0 + std::exp(1.5)), 1e-12);
}

TEST(Logit, CalibrationMatchesTargetShares) {
  const test::TestSeed seed(3);
  const Instance in = random_instance(seed.value(), 20, 0.0);
  const GravityResult g = doubly_constrained_gravity(in.P, in.A, in.cost, {.beta = 0.05});
  std::mt19937 rng(seed.value() + 2);
  std::uniform_real_distribution<double> u(0.5, 2.0);
  std::vector<double> transit(in.cost.size()), walk(in.cost.size());
  for (std::size_t k = 0; k < in.cost.size(); ++k) {
    transit[k] = in.cost[k] * u(rng) + 10;
    walk[k] = in.cost[k] * 4 * u(rng);
    if (in.cost[k] > 40) walk[k] = kInf;  // too far to walk
  }
  const std::vector<std::span<const double>> costs{in.cost, transit, walk};
  const std::vector<double> target{0.55, 0.35, 0.10};
  const LogitCalibration c =
      calibrate_logit({.modes = {"car", "transit", "walk"}, .asc = {0, 0, 0}, .theta = 0.08},
                      g.trips, costs, target);
  ASSERT_TRUE(c.converged);
  for (std::size_t q = 0; q < 3; ++q) EXPECT_NEAR(c.split.shares[q], target[q], 1e-9);
  double total = 0;
  for (double t : g.trips) total += t;
  double split_total = 0;
  for (const auto& m : c.split.trips) {
    for (double t : m) split_total += t;
  }
  EXPECT_NEAR(split_total, total, 1e-9 * total);
  EXPECT_EQ(c.model.asc[0], 0.0);  // the reference mode keeps its constant
  // Walk is unavailable on long pairs: none of those trips walk.
  for (std::size_t k = 0; k < walk.size(); ++k) {
    if (!std::isfinite(walk[k])) {
      EXPECT_EQ(c.split.trips[2][k], 0.0);
    }
  }
}

}  // namespace
}  // namespace ouflow::sim
