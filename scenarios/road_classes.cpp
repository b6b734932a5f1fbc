#include "scenarios/road_classes.h"

#include <array>
#include <stdexcept>

namespace ouflow::scenario {
namespace {

using net::LinkClass;
using net::VolumeDelay;

// Planning values per class; their basis (CJJ 37-2012 design capacities by design speed, JTG
// B01-2014 for highways, arterials cut for signals) is written down in docs/road_classes.md.
// Connectors and transit-only links carry a huge capacity and a constant travel time so that
// they never congest.
constexpr std::array<RoadClassDefaults, 9> kTable{{
    {LinkClass::kExpressway, 2, 100.0, 1800.0, VolumeDelay::kBpr, 0.15, 4.0},
    {LinkClass::kNationalRoad, 2, 60.0, 1200.0, VolumeDelay::kBpr, 0.15, 4.0},
    {LinkClass::kProvincialRoad, 1, 50.0, 1000.0, VolumeDelay::kBpr, 0.15, 4.0},
    {LinkClass::kUrbanExpressway, 2, 80.0, 1600.0, VolumeDelay::kBpr, 0.15, 4.0},
    {LinkClass::kArterial, 2, 45.0, 800.0, VolumeDelay::kBpr, 0.5, 4.0},
    {LinkClass::kCollector, 1, 35.0, 600.0, VolumeDelay::kBpr, 0.5, 4.0},
    {LinkClass::kLocal, 1, 25.0, 400.0, VolumeDelay::kBpr, 0.5, 4.0},
    {LinkClass::kConnector, 1, 30.0, 99999.0, VolumeDelay::kConstant, 0.0, 0.0},
    {LinkClass::kTransitOnly, 1, 40.0, 99999.0, VolumeDelay::kConstant, 0.0, 0.0},
}};

}  // namespace

const RoadClassDefaults& road_class_defaults(net::LinkClass c) {
  for (const RoadClassDefaults& d : kTable) {
    if (d.link_class == c) return d;
  }
  throw std::invalid_argument("road class '" + std::string(net::to_string(c)) +
                              "' has no default attributes");
}

}  // namespace ouflow::scenario
