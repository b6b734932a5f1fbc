// The plan's indicators of one evaluated run, computed from its model results: the 1-hour
// circles (urban, municipal, provincial), the central-city peak speed, the transit share, network
// totals, accessibility, boardings and the plan inventory. Ids, labels and units:
// sim/evaluation/catalogue.h; definitions: docs/indicators.md.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "networks/geo.h"
#include "networks/road_network.h"
#include "scenarios/inventory.h"
#include "scenarios/zone_roles.h"
#include "sim/demand/feedback.h"
#include "sim/evaluation/catalogue.h"
#include "sim/transit/transit_assignment.h"

namespace ouflow::sim {

struct PlanIndicatorInputs {
  const net::RoadNetwork& road;
  const scenario::ZoneRoles& roles;
  std::span<const double> population, jobs;  // per zone
  std::size_t cbd_zone = 0;
  const FeedbackResult& model;  // costs (minutes), trips by mode, link flows and times
  const TransitLoads& loads;
  std::span<const net::LonLat> central_city;  // the polygon of the speed indicator
  const scenario::Inventory& inventory;
};

struct PlanIndicators {
  IndicatorValues values;
  std::vector<std::string> seats_within_60, externals_within_60;  // place names
  // Per external zone: transit minutes from the best-placed main-centre zone (+inf: none).
  std::vector<std::pair<std::string, double>> rail_minutes_to_external;
  // What the model lacks for an indicator (its value is NaN): docs/indicators.md.
  UnavailableIndicators unavailable;
};

PlanIndicators compute_plan_indicators(const PlanIndicatorInputs& in);

// Jobs reachable within 60 min by `mode` (kCar, kTransit) from each zone.
std::vector<double> jobs_within_60(const FeedbackResult& model, std::span<const double> jobs,
                                   std::size_t mode);

}  // namespace ouflow::sim
