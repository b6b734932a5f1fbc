#include "sim/transit/transit_window.h"

#include <stdexcept>
#include <string>

namespace ouflow::sim {

void check_window(const TransitWindow& w, std::string_view what) {
  const auto fail = [what](const char* message) {
    throw std::invalid_argument(std::string(what) + ": " + message);
  };
  if (w.minutes < 0) fail("window must be >= 0");
  if (w.draws < 1) fail("draws must be >= 1");
  if (w.depart_s < 0 || w.depart_s >= 48 * 3600) {
    fail("departure must be in [00:00, 48:00)");
  }
  if (w.max_transfers < 0 || w.max_transfers > 1000) {
    fail("max transfers must be in [0, 1000]");
  }
}

}  // namespace ouflow::sim
