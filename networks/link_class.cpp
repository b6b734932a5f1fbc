#include "networks/link_class.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace ouflow::net {
namespace {

constexpr std::array<std::string_view, kLinkClassCount> kClassNames = {
    "expressway", "national_road", "provincial_road", "urban_expressway", "arterial",
    "collector",  "local",         "connector",       "transit_only",     "unclassified"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string_view to_string(LinkClass c) { return kClassNames.at(static_cast<std::size_t>(c)); }

std::optional<LinkClass> parse_link_class(std::string_view s) {
  const std::string l = lower(s);
  for (std::size_t i = 0; i < kClassNames.size(); ++i) {
    if (l == kClassNames[i]) return static_cast<LinkClass>(i);
  }
  return std::nullopt;
}

std::string_view to_string(VolumeDelay f) {
  switch (f) {
    case VolumeDelay::kBpr:
      return "bpr";
    case VolumeDelay::kConstant:
      return "constant";
  }
  return "bpr";
}

std::optional<VolumeDelay> parse_volume_delay(std::string_view s) {
  const std::string l = lower(s);
  if (l == "bpr") return VolumeDelay::kBpr;
  if (l == "constant") return VolumeDelay::kConstant;
  return std::nullopt;
}

}  // namespace ouflow::net
