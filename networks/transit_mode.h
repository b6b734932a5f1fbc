// The transit modes ouflow tells apart (for inventories, reports, capacity and the viewer's
// colours), and their mapping to GTFS route types (basic and extended).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ouflow::net {

enum class TransitMode : std::uint8_t {
  kBus,
  kBrt,
  kTram,
  kMetro,
  kSuburbanRail,
  kRail,
  kHighSpeedRail,
  kFerry,
  kCoach,
};
inline constexpr std::size_t kTransitModeCount = 9;
std::string_view to_string(TransitMode m);
// GTFS route_type of a mode: BUS 3, BRT 702 (extended "Express Bus Service": GTFS has no BRT
// type, and 702 keeps BRT apart from ordinary buses in the model), TRAM 0, METRO 1,
// SUBURBAN_RAIL 109 (extended "Suburban Railway"), RAIL 2, HIGH_SPEED_RAIL 101, FERRY 4,
// COACH 200.
std::int32_t route_type_of(TransitMode m);
// The inverse for routes of base network files: 702 -> BRT, 101/102 -> high-speed rail,
// 109 -> suburban rail, 200-299 -> coach, then by basic type (0 tram, 1 metro, 2 rail,
// 4 ferry, others bus).
TransitMode mode_of_route_type(std::int32_t route_type);

}  // namespace ouflow::net
