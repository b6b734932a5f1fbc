// A tiny GMNS network on the equator, written inline, and helpers to write scenarios beside it.
//
//   zone 1                                   zone 4
//   node 1 (0,0) -- 2 (0.01,0) -- 3 (0.02,0) -- 4 (0.02 lon, 0.01 lat)
//
// On the equator 0.01 degree (of longitude or latitude) is kEarthRadiusM * 0.01 * pi / 180 =
// 1111.95 m. Links (two-way unless said): 10: 1-2 arterial "A" (1112 m, 2 lanes, 800 veh/h/lane,
// 45 km/h); 11: 2-3 arterial "A" (1112 m); 12: 3-4 collector "B" (1112 m, 1 lane, 600);
// 13: 2->3 one-way expressway "E" (1500 m, 2 lanes, 1800). Zones 1 (population 100, jobs 10) and
// 4 (population 200, jobs 20).
#pragma once

#include <cmath>
#include <numbers>
#include <string>

#include "networks/geo.h"
#include "tests/common/temp_dir.h"
#include "tests/scenarios/tiny_network.h"

namespace ouflow::test {

inline constexpr double kDeg001M = net::kEarthRadiusM * 0.01 * std::numbers::pi / 180.0;

inline void write_tiny_network(const TempDir& dir) { write_tiny_network(dir.path()); }

// The body of a calibratable scenario on the tiny network (after its name and year): demand with
// a mean door-to-door time of 8 min, inside what the network allows (9.0 at beta 0), a study area
// around the network, and bus B1 over s1..s4 at 20 km/h every 5 minutes.
inline constexpr const char* kTinyScenarioBody =
    "demand { trips_per_resident: 0.2 trips_per_job: 1 mean_trip_time_min: 8 "
    "transit_share: 0.3 non_motorised_share: 0.2 peak_start: \"07:00\" peak_end: \"08:00\" }\n"
    "study_area { cbd { lat: 0.01 lon: 0.02 } central_city { lat: -0.01 lon: -0.01 } "
    "central_city { lat: -0.01 lon: 0.03 } central_city { lat: 0.02 lon: 0.03 } "
    "central_city { lat: 0.02 lon: -0.01 } }\n"
    "modification { add_transit_line { id: \"B1\" mode: BUS speed_kmh: 20 "
    "stop { id: \"s1\" lat: 0 lon: 0 } stop { id: \"s2\" lat: 0 lon: 0.01 } "
    "stop { id: \"s3\" lat: 0 lon: 0.02 } stop { id: \"s4\" lat: 0.01 lon: 0.02 } "
    "period { start: \"05:00\" end: \"23:00\" headway_min: 5 } vehicle_capacity: 80 } }\n";

// A scenario on the tiny network; `body` follows the header lines
//   1 format_version: 1
//   2 base_network: "net"
// so the first line of `body` is line 3.
inline std::filesystem::path write_scenario(const TempDir& dir, const std::string& name,
                                            const std::string& body) {
  return dir.write(name, "format_version: 1\nbase_network: \"net\"\n" + body);
}

}  // namespace ouflow::test
