// Anderson acceleration against fixed points known in closed form: a linear contraction (the
// solution of (I - A) x = b by elimination), a stiff negative feedback where plain iteration
// diverges, the clip bound, and the restart when the residual grows.
#include "sim/demand/fixed_point.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "tests/common/seed.h"

namespace ouflow::sim {
namespace {

double norm(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

// Solves (I - A) x = b by Gauss-Jordan elimination (the oracle).
std::vector<double> solve_fixed_point(const std::vector<double>& a, const std::vector<double>& b,
                                      std::size_t n) {
  std::vector<double> m(n * (n + 1));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) m[i * (n + 1) + j] = (i == j ? 1.0 : 0.0) - a[i * n + j];
    m[i * (n + 1) + n] = b[i];
  }
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::abs(m[r * (n + 1) + c]) > std::abs(m[p * (n + 1) + c])) p = r;
    }
    for (std::size_t k = 0; k <= n; ++k) std::swap(m[c * (n + 1) + k], m[p * (n + 1) + k]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = m[r * (n + 1) + c] / m[c * (n + 1) + c];
      for (std::size_t k = c; k <= n; ++k) m[r * (n + 1) + k] -= f * m[c * (n + 1) + k];
    }
  }
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = m[i * (n + 1) + n] / m[i * (n + 1) + i];
  return x;
}

// A random map F(x) = A x + b with spectral radius < 1 (row sums of |A| below 0.9) and some
// eigenvalues near -0.9 and +0.9: slow for damped iteration.
struct Linear {
  std::size_t n = 30;
  std::vector<double> a, b;
  explicit Linear(std::uint64_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    a.assign(n * n, 0.0);
    b.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      double row = 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        a[i * n + j] = u(rng);
        row += std::abs(a[i * n + j]);
      }
      for (std::size_t j = 0; j < n; ++j) a[i * n + j] *= 0.9 / row;
      b[i] = 10.0 + u(rng);
    }
  }
  std::vector<double> operator()(const std::vector<double>& x) const {
    std::vector<double> y(b);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) y[i] += a[i * n + j] * x[j];
    }
    return y;
  }
};

TEST(Anderson, FindsTheFixedPointOfALinearMap) {
  const test::TestSeed first(1);  // maps first, first + 1, first + 2
  for (std::uint64_t seed = first.value(); seed < first.value() + 3; ++seed) {
    const Linear f(seed);
    const std::vector<double> exact = solve_fixed_point(f.a, f.b, f.n);
    AndersonMixer mixer(f.n, 1.0, 1e9, -1e300);  // full depth, no damping: GMRES-like
    std::vector<double> x(f.n, 0.0);
    int it = 0;
    for (; it < 100; ++it) {
      const std::vector<double> fx = f(x);
      std::vector<double> r(f.n);
      for (std::size_t i = 0; i < f.n; ++i) r[i] = fx[i] - x[i];
      if (norm(r) < 1e-10) break;
      mixer.step(x, fx);
    }
    // Exact arithmetic needs at most n + 1 steps; rounding allows a few more.
    EXPECT_LE(it, static_cast<int>(f.n) + 5) << "seed " << seed;
    for (std::size_t i = 0; i < f.n; ++i) EXPECT_NEAR(x[i], exact[i], 1e-8) << "seed " << seed;
  }
}

TEST(Anderson, ConvergesOnAStiffNegativeFeedbackWherePlainIterationDiverges) {
  // F(x) = c - g x per component with gains up to 12: x = F(x) oscillates with growing amplitude
  // (|1 + g| > 2 for the damped step w = 0.2 when g > 9), the fixed point is c / (1 + g).
  const std::vector<double> gain{0.5, 3.0, 12.0}, c{100.0, 80.0, 300.0};
  auto f = [&](const std::vector<double>& x) {
    std::vector<double> y(3);
    for (std::size_t i = 0; i < 3; ++i) y[i] = c[i] - gain[i] * x[i];
    return y;
  };
  std::vector<double> plain{1.0, 1.0, 1.0};
  for (int it = 0; it < 30; ++it) plain = f(plain);
  EXPECT_GT(std::abs(plain[2]), 1e6);  // diverged

  AndersonMixer mixer(5, 0.2, 2.0);
  std::vector<double> x{1.0, 1.0, 1.0};
  for (int it = 0; it < 30; ++it) mixer.step(x, f(x));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(x[i], c[i] / (1.0 + gain[i]), 1e-6);
}

TEST(Anderson, IteratesStayAtOrAboveTheBound) {
  // F(x) = -5 for every x: the fixed point is outside the bound; the clipped iterates sit on it.
  AndersonMixer mixer(3, 1.0, 2.0, 0.0);
  std::vector<double> x{4.0, 2.0};
  for (int it = 0; it < 10; ++it) {
    mixer.step(x, std::vector<double>{-5.0, -5.0});
    for (double v : x) EXPECT_GE(v, 0.0);
  }
  EXPECT_EQ(x, (std::vector<double>{0.0, 0.0}));
}

TEST(Anderson, RestartsWhenTheResidualGrows) {
  AndersonMixer mixer(5, 0.5, 2.0);
  std::vector<double> x{0.0};
  mixer.step(x, std::vector<double>{1.0});  // residual 1
  EXPECT_EQ(mixer.history(), 0u);
  mixer.step(x, std::vector<double>{x[0] + 0.9});  // residual 0.9: kept
  EXPECT_EQ(mixer.history(), 1u);
  mixer.step(x, std::vector<double>{x[0] + 5.0});  // residual 5 > 2 x 0.9: restart
  EXPECT_EQ(mixer.history(), 0u);
}

TEST(Anderson, RejectsBadParametersAndSizes) {
  EXPECT_THROW(AndersonMixer(3, 0.0), std::invalid_argument);
  EXPECT_THROW(AndersonMixer(3, 1.5), std::invalid_argument);
  EXPECT_THROW(AndersonMixer(3, 0.5, 0.5), std::invalid_argument);
  AndersonMixer mixer;
  std::vector<double> x{1.0, 2.0};
  EXPECT_THROW(mixer.step(x, std::vector<double>{1.0}), std::invalid_argument);
}

}  // namespace
}  // namespace ouflow::sim
