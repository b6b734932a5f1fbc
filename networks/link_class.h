// Functional classes of road links and the volume-delay functions links may use.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ouflow::net {

// The numeric values are stored in files (networks/proto/network.proto): new classes are
// appended at the end (and kLinkClassCount raised), existing ones are never renumbered.
enum class LinkClass : std::uint8_t {
  kExpressway,       // 高速公路: national/provincial expressways (G15, G1513, S26 ...)
  kNationalRoad,     // 国道: national trunk roads (G104, G228, G322, G330 ...)
  kProvincialRoad,   // 省道
  kUrbanExpressway,  // 城市快速路
  kArterial,         // 主干路
  kCollector,        // 次干路
  kLocal,            // 支路
  kConnector,        // zone centroid connector
  kTransitOnly,      // bus/BRT lanes, rail rights of way: no cars
  kUnclassified,     // the source said nothing (e.g. TNTP research networks)
};
inline constexpr std::size_t kLinkClassCount = 10;
static_assert(static_cast<std::size_t>(LinkClass::kUnclassified) + 1 == kLinkClassCount);

std::string_view to_string(LinkClass c);
// Accepts the names printed by to_string ("urban_expressway"), case-insensitive.
std::optional<LinkClass> parse_link_class(std::string_view s);

// Volume-delay function family of a link. Parameters alpha and beta belong to the family:
//   kBpr: t(x) = t0 * (1 + alpha * (x / capacity)^beta)
//   kConstant: t(x) = t0 (transit-only links, connectors that should not congest)
// Stored in files too: append only.
enum class VolumeDelay : std::uint8_t { kBpr, kConstant };
std::string_view to_string(VolumeDelay f);
std::optional<VolumeDelay> parse_volume_delay(std::string_view s);

}  // namespace ouflow::net
