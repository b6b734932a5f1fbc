#include "sim/demand/fixed_point.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ouflow::sim {
namespace {

double dot(std::span<const double> a, std::span<const double> b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Solves the small symmetric positive semi-definite system G g = b by Gaussian elimination with
// partial pivoting; false when a pivot is (relatively) zero.
bool solve(std::vector<double> g, std::vector<double> b, std::size_t m, std::vector<double>& out) {
  double scale = 0.0;
  for (std::size_t i = 0; i < m; ++i) scale = std::max(scale, std::abs(g[i * m + i]));
  if (!(scale > 0.0)) return false;
  for (std::size_t c = 0; c < m; ++c) {
    std::size_t piv = c;
    for (std::size_t r = c + 1; r < m; ++r) {
      if (std::abs(g[r * m + c]) > std::abs(g[piv * m + c])) piv = r;
    }
    if (!(std::abs(g[piv * m + c]) > 1e-12 * scale)) return false;
    if (piv != c) {
      for (std::size_t k = 0; k < m; ++k) std::swap(g[c * m + k], g[piv * m + k]);
      std::swap(b[c], b[piv]);
    }
    for (std::size_t r = c + 1; r < m; ++r) {
      const double f = g[r * m + c] / g[c * m + c];
      for (std::size_t k = c; k < m; ++k) g[r * m + k] -= f * g[c * m + k];
      b[r] -= f * b[c];
    }
  }
  out.assign(m, 0.0);
  for (std::size_t c = m; c-- > 0;) {
    double s = b[c];
    for (std::size_t k = c + 1; k < m; ++k) s -= g[c * m + k] * out[k];
    out[c] = s / g[c * m + c];
  }
  for (double v : out) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

}  // namespace

AndersonMixer::AndersonMixer(std::size_t depth, double mixing, double restart, double lower)
    : depth_(depth), mixing_(mixing), restart_(restart), lower_(lower) {
  if (!(mixing > 0.0 && mixing <= 1.0)) {
    throw std::invalid_argument("anderson: the mixing must be in (0, 1]");
  }
  if (!(restart >= 1.0)) throw std::invalid_argument("anderson: the restart factor must be >= 1");
}

void AndersonMixer::restart() {
  dx_.clear();
  dr_.clear();
  last_x_.clear();
  last_r_.clear();
}

double AndersonMixer::step(std::span<double> x, std::span<const double> fx) {
  if (x.size() != fx.size()) throw std::invalid_argument("anderson: x and F(x) differ in size");
  if (!last_x_.empty() && last_x_.size() != x.size()) restart();
  const std::size_t n = x.size();
  r_.resize(n);
  for (std::size_t i = 0; i < n; ++i) r_[i] = fx[i] - x[i];
  const double norm = std::sqrt(dot(r_, r_));
  if (!last_x_.empty() && norm > restart_ * last_norm_) {
    // The residual grew: the history's linear model does not hold here any more.
    restart();
  }
  if (!last_x_.empty()) {
    std::vector<double> dx(n), dr(n);
    for (std::size_t i = 0; i < n; ++i) {
      dx[i] = x[i] - last_x_[i];
      dr[i] = r_[i] - last_r_[i];
    }
    dx_.push_back(std::move(dx));
    dr_.push_back(std::move(dr));
    if (dx_.size() > depth_) {
      dx_.pop_front();
      dr_.pop_front();
    }
  }
  last_x_.assign(x.begin(), x.end());
  last_r_ = r_;
  last_norm_ = norm;

  const std::size_t m = dr_.size();
  std::vector<double> gamma;
  if (m > 0) {
    std::vector<double> g(m * m), b(m);
    for (std::size_t i = 0; i < m; ++i) {
      b[i] = dot(dr_[i], r_);
      for (std::size_t j = 0; j <= i; ++j) g[i * m + j] = g[j * m + i] = dot(dr_[i], dr_[j]);
    }
    if (!solve(std::move(g), std::move(b), m, gamma)) {
      // Dependent differences: keep only the newest one next time.
      while (dx_.size() > 1) {
        dx_.pop_front();
        dr_.pop_front();
      }
      gamma.clear();
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    double v = x[i] + mixing_ * r_[i];
    for (std::size_t j = 0; j < gamma.size(); ++j) {
      v -= gamma[j] * (dx_[j][i] + mixing_ * dr_[j][i]);
    }
    x[i] = std::max(v, lower_);
  }
  return norm;
}

}  // namespace ouflow::sim
