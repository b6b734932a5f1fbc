// Zone-to-zone demand (trips per hour, or per the period of the source), dense row-major.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "networks/ids.h"

namespace ouflow::net {

class TripTable {
 public:
  TripTable() = default;
  explicit TripTable(std::size_t zone_count) : n_(zone_count), v_(zone_count * zone_count, 0.0) {}

  std::size_t zone_count() const { return n_; }
  double& at(ZoneId o, ZoneId d) { return v_[o.value() * n_ + d.value()]; }
  double operator()(ZoneId o, ZoneId d) const { return v_[o.value() * n_ + d.value()]; }
  std::span<const double> row(ZoneId o) const { return {v_.data() + o.value() * n_, n_}; }

  // Sums in a fixed order (row by row), so the result does not depend on threads.
  double total() const;
  double intrazonal() const;
  std::size_t nonzero_pairs() const;

  bool operator==(const TripTable&) const = default;

 private:
  std::size_t n_ = 0;
  std::vector<double> v_;
};

}  // namespace ouflow::net
