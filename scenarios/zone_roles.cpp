#include "scenarios/zone_roles.h"

#include "networks/io/csv.h"

namespace ouflow::scenario {

std::filesystem::path zone_attributes_file(const std::filesystem::path& base_network) {
  std::error_code ec;
  const std::filesystem::path dir =
      std::filesystem::is_directory(base_network, ec) ? base_network : base_network.parent_path();
  std::filesystem::path file = dir / "zone_attributes.csv";
  if (!std::filesystem::exists(file, ec)) return {};
  return file;
}

std::vector<ZoneAttributes> read_zone_attributes(const std::filesystem::path& file) {
  io::CsvReader csv(file);
  const std::size_t id = csv.require_column("zone_id");
  const std::size_t region = csv.require_column("region");
  const auto place = csv.column("place");
  const auto county_zh = csv.column("county_zh"), county_en = csv.column("county_en");
  const auto seat = csv.column("is_county_seat");
  std::vector<ZoneAttributes> out;
  while (csv.next()) {
    ZoneAttributes a;
    a.zone_id = csv.integer(id);
    a.region = std::string(csv.field(region));
    a.place = std::string(csv.field(place));
    a.county_zh = std::string(csv.field(county_zh));
    a.county_en = std::string(csv.field(county_en));
    a.county_seat = csv.field(seat) == "1";
    out.push_back(std::move(a));
  }
  return out;
}

ZoneRoles read_zone_roles(const net::RoadNetwork& road, const std::filesystem::path& base_network) {
  const std::size_t n = road.zone_count();
  ZoneRoles r;
  r.main_centre.assign(n, 1);
  r.county_seat.assign(n, 0);
  r.external.assign(n, 0);
  r.name.resize(n);
  for (const net::ZoneId z : road.zones()) {
    r.name[z.value()] = std::to_string(road.zone_external_id()[z]);
  }
  r.source = zone_attributes_file(base_network);
  if (r.source.empty()) return r;
  for (const ZoneAttributes& a : read_zone_attributes(r.source)) {
    const auto z = road.find_zone(a.zone_id);
    if (!z) continue;  // attributes of zones a scenario does not have
    const std::size_t k = z->value();
    r.main_centre[k] = a.region == "main_centre" ? 1 : 0;
    r.external[k] = a.region == "external" ? 1 : 0;
    r.county_seat[k] = a.county_seat ? 1 : 0;
    r.name[k] = a.place.empty() ? a.county_zh + " " + r.name[k] : a.place;
  }
  return r;
}

}  // namespace ouflow::scenario
