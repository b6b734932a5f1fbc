// Files of an assignment run, in formats engineers already use. Every file is written to a
// temporary name and renamed into place.
//
//   link flows CSV   from,to,flow,travel_time,cost,volume_capacity — node external ids (TNTP
//                    numbers for TNTP input), one row per link in the input file's order; travel
//                    time and generalized cost in minutes
//   convergence CSV  iteration,relative_gap,average_excess_cost_min,beckmann_veh_min,
//                    tstt_veh_min,sptt_veh_min,seconds
//   skim CSV         origin,destination,cost_min,time_min,distance_km — zone external ids
#pragma once

#include <filesystem>
#include <span>
#include <vector>

#include "networks/road_network.h"
#include "sim/road/assignment.h"
#include "sim/road/skim.h"

namespace ouflow::sim {

void write_link_flows_csv(const std::filesystem::path& path, const net::RoadNetwork& net,
                          std::span<const double> flow);
void write_convergence_csv(const std::filesystem::path& path,
                           const std::vector<IterationStats>& log);
void write_skim_csv(const std::filesystem::path& path, const net::RoadNetwork& net,
                    const Skim& skim);

// Link flows by LinkId value from a link-flow CSV written above (columns from,to,flow) or a TNTP
// flow file (.tntp); rows are matched to links by (from, to), parallel links in file order.
std::vector<double> read_link_flows(const std::filesystem::path& path, const net::RoadNetwork& net);

}  // namespace ouflow::sim
