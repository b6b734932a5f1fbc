#include "networks/transit_mode.h"

#include "networks/transit_network.h"

namespace ouflow::net {

std::string_view to_string(TransitMode m) {
  switch (m) {
    case TransitMode::kBus:
      return "bus";
    case TransitMode::kBrt:
      return "brt";
    case TransitMode::kTram:
      return "tram";
    case TransitMode::kMetro:
      return "metro";
    case TransitMode::kSuburbanRail:
      return "suburban_rail";
    case TransitMode::kRail:
      return "rail";
    case TransitMode::kHighSpeedRail:
      return "high_speed_rail";
    case TransitMode::kFerry:
      return "ferry";
    case TransitMode::kCoach:
      return "coach";
  }
  return "?";
}

std::int32_t route_type_of(TransitMode m) {
  switch (m) {
    case TransitMode::kBus:
      return 3;
    case TransitMode::kBrt:
      return 702;
    case TransitMode::kTram:
      return 0;
    case TransitMode::kMetro:
      return 1;
    case TransitMode::kSuburbanRail:
      return 109;
    case TransitMode::kRail:
      return 2;
    case TransitMode::kHighSpeedRail:
      return 101;
    case TransitMode::kFerry:
      return 4;
    case TransitMode::kCoach:
      return 200;
  }
  return 3;
}

TransitMode mode_of_route_type(std::int32_t t) {
  if (t == 702) return TransitMode::kBrt;
  if (t == 101 || t == 102) return TransitMode::kHighSpeedRail;
  if (t == 109) return TransitMode::kSuburbanRail;
  if (t >= 200 && t < 300) return TransitMode::kCoach;
  switch (basic_route_type(t)) {
    case 0:
      return TransitMode::kTram;
    case 1:
      return TransitMode::kMetro;
    case 2:
      return TransitMode::kRail;
    case 4:
      return TransitMode::kFerry;
    default:
      return TransitMode::kBus;
  }
}

}  // namespace ouflow::net
