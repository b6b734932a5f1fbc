// Anderson acceleration of a fixed-point iteration x = F(x) (Anderson 1965; Walker & Ni 2011,
// "Anderson acceleration for fixed-point iterations", SIAM J. Numer. Anal. 49): the next iterate
// combines the last few iterates and their residuals r = F(x) - x so that the combined residual
// is least in the 2-norm, then takes a damped step along it:
//   gamma = argmin || r_k - sum_j gamma_j (r_{j+1} - r_j) ||,
//   x_{k+1} = x_k + w r_k - sum_j gamma_j ((x_{j+1} - x_j) + w (r_{j+1} - r_j)).
// With no history it is the damped step x + w r. For a linear map it finds the fixed point in
// the span of the history (GMRES-like); for a stiff negative feedback (the demand of a
// four-step model against congestion: more car trips, slower roads, fewer car trips), where
// plain or averaged iteration oscillates or creeps, it estimates the feedback's gain from the
// history.
//
// Safeguards: iterates are clipped to a lower bound (demands stay >= 0); the history restarts
// when the residual grows markedly (the local linear model failed) or the least-squares problem is
// ill-conditioned. Sums run serially in index order: bit-identical results on any machine
// for the same inputs.
#pragma once

#include <cstddef>
#include <deque>
#include <span>
#include <vector>

namespace ouflow::sim {

class AndersonMixer {
 public:
  // depth: iterate differences kept (m); mixing: the damping w in (0, 1]; restart: the history
  // is dropped when the residual's norm exceeds restart x the previous one (>= 1); lower: the
  // clip bound.
  explicit AndersonMixer(std::size_t depth = 5, double mixing = 0.2, double restart = 2.0,
                         double lower = 0.0);

  // x: the current iterate, replaced by the next; fx: F(x). Returns ||F(x) - x||_2.
  double step(std::span<double> x, std::span<const double> fx);

  // Forgets the history (the next step is a damped one).
  void restart();

  std::size_t history() const { return dx_.size(); }

 private:
  std::size_t depth_;
  double mixing_, restart_, lower_;
  std::deque<std::vector<double>> dx_, dr_;
  std::vector<double> last_x_, last_r_, r_;
  double last_norm_ = 0.0;
};

}  // namespace ouflow::sim
