// The road class table: default lanes, free-flow speed, capacity per lane and volume-delay
// parameters of each functional class, used when a scenario adds or reclassifies a road and by
// the Wenzhou network data. Sources and reasoning: docs/road_classes.md.
//
// Units: lanes per direction, km/h, vehicles (pcu) per hour per lane.
#pragma once

#include "networks/link_class.h"

namespace ouflow::scenario {

struct RoadClassDefaults {
  net::LinkClass link_class;
  int lanes;                 // per direction; connectors and transit-only links: 1
  double speed_kmh;          // free-flow speed
  double capacity_per_lane;  // veh/h/lane; 99999 for links that must not congest
  net::VolumeDelay volume_delay;
  double alpha, beta;  // BPR parameters (unused with VolumeDelay::kConstant)
};

// The defaults of `c`; throws std::invalid_argument for LinkClass::kUnclassified, which has none.
const RoadClassDefaults& road_class_defaults(net::LinkClass c);

}  // namespace ouflow::scenario
