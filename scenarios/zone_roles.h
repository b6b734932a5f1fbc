// Zone roles of a scenario's network: which zones form the main centre, which hold a county seat,
// which stand for external cities, and their place names. Read once, here, from the optional
// zone_attributes.csv beside the base network; the evaluation and the viewer both use it.
//
// zone_attributes.csv: zone_id and region required (region main_centre | southern_subcentre |
// western_pole | external | other); place, county_zh, county_en, is_county_seat (0/1) optional.
// Rows of zones the network does not have are ignored.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "networks/road_network.h"

namespace ouflow::scenario {

// One row of zone_attributes.csv.
struct ZoneAttributes {
  std::int64_t zone_id = 0;
  std::string place, county_zh, county_en, region;
  bool county_seat = false;
};

// zone_attributes.csv beside `base_network` (a folder, or a file in it); empty when there is none.
std::filesystem::path zone_attributes_file(const std::filesystem::path& base_network);

// Throws InputError (file, line, column) on a missing column or a malformed zone id.
std::vector<ZoneAttributes> read_zone_attributes(const std::filesystem::path& file);

struct ZoneRoles {
  // Per zone (by ZoneId value): 1 when in the main centre / a county seat / an external city.
  std::vector<std::uint8_t> main_centre, county_seat, external;
  std::vector<std::string> name;  // place, else "county_zh zone_id", else the zone id
  std::filesystem::path source;   // the attributes file; empty when none
};

// The roles of `road`'s zones from zone_attributes.csv beside `base_network`. Without the file
// every zone is in the main centre, none is a seat or external.
ZoneRoles read_zone_roles(const net::RoadNetwork& road, const std::filesystem::path& base_network);

}  // namespace ouflow::scenario
