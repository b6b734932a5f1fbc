// Files of an assignment run, in formats engineers already use. Every file is written to a
// temporary name and renamed into place. Column dictionary: docs/outputs.md.
//
//   link flows CSV   dir_link_id,link_id,from_node,to_node,class,flow_vph,time_min,cost_min,
//                    speed_kmh,vc — one row per directed link in the input file's order; node
//                    external ids (TNTP numbers for TNTP input); dir_link_id is unique per row
//                    (direction_link_ids)
//   convergence CSV  iteration,relative_gap,average_excess_cost_min,beckmann_veh_min,
//                    tstt_veh_min,sptt_veh_min,seconds
//   skim CSV         origin,destination,cost_min,time_min,distance_km — zone external ids
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "networks/road_network.h"
#include "sim/road/assignment.h"
#include "sim/road/skim.h"

namespace ouflow::sim {

// One id per directed link, by LinkId value, unique in the network and stable across scenarios
// that keep the link: the source's link id (GMNS link_id, TNTP row number) with a direction
// suffix. The first link with an id in input order (the as-coded direction) is "<id>_ab"; the
// second, when it runs the other way (the reverse of an undirected GMNS link), "<id>_ba"; any
// other repeat "<id>_<k>" for the k-th link with that id (k >= 2).
std::vector<std::string> direction_link_ids(const net::RoadNetwork& net);

// How numbers are printed: kRounded for reports (flows 0.01 veh/h, minutes 0.001, km/h 0.01,
// V/C 0.0001; docs/outputs.md), kRoundTrip for files compared with equilibrium solutions or read
// back as a warm start (shortest text that reads back as the same double).
enum class NumberFormat { kRounded, kRoundTrip };

void write_link_flows_csv(const std::filesystem::path& path, const net::RoadNetwork& net,
                          std::span<const double> flow, NumberFormat format);
void write_convergence_csv(const std::filesystem::path& path,
                           const std::vector<IterationStats>& log);
void write_skim_csv(const std::filesystem::path& path, const net::RoadNetwork& net,
                    const Skim& skim);

// Link flows by LinkId value from a link-flow CSV written above or a TNTP flow file (.tntp).
// A CSV with dir_link_id is matched by that id (and, when present, from_node/to_node must agree);
// one without it (the older from,to,flow layout, or from_node,to_node) by its end nodes, parallel
// links in file order. The flow column is flow_vph or flow. Every link needs exactly one row.
std::vector<double> read_link_flows(const std::filesystem::path& path, const net::RoadNetwork& net);

}  // namespace ouflow::sim
