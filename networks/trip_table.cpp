#include "networks/trip_table.h"

namespace ouflow::net {

double TripTable::total() const {
  double s = 0.0;
  for (double v : v_) s += v;
  return s;
}

double TripTable::intrazonal() const {
  double s = 0.0;
  for (std::size_t i = 0; i < n_; ++i) s += v_[i * n_ + i];
  return s;
}

std::size_t TripTable::nonzero_pairs() const {
  std::size_t k = 0;
  for (double v : v_) k += v != 0.0;
  return k;
}

}  // namespace ouflow::net
