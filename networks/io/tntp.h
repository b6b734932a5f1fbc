// TNTP, the research format of "Transportation Networks for Research" (Bar-Gera; Stabler et al.):
// _net (links), _trips (demand), _node (coordinates) and _flow (a link-flow solution) files.
//
// TNTP does not state its units; each network's README does. The reader converts to the model's
// units (metres, seconds, km/h) with TntpUnits, whose defaults are minutes and miles (Sioux Falls,
// Chicago Sketch; use feet for Anaheim). Writing converts back with the same units.
//
// Zones are nodes 1..Z (zone k's centroid is node k). Nodes with id < <FIRST THRU NODE> carry
// no through traffic (RoadNetwork::through_allowed() is 0 for them). The optional metadata tags
// <TOLL FACTOR> and <DISTANCE FACTOR> (time units per toll unit / per length unit) set the
// generalized-cost weights; TntpOptions can set or override them (e.g. Chicago Sketch: 0.02, 0.04).
#pragma once

#include <filesystem>
#include <optional>

#include "networks/ids.h"
#include "networks/model.h"
#include "networks/road_network.h"
#include "networks/trip_table.h"

namespace ouflow::io {

struct TntpUnits {
  double time_s = 60.0;         // seconds per time unit of free-flow times and costs
  double length_m = 1609.344;   // metres per length unit
  double speed_kmh = 1.609344;  // km/h per speed unit
};

enum class TntpCoordinates {
  kLocal,  // node X/Y are planar coordinates of unknown reference: stored as x/y
  kWgs84,  // node X/Y are longitude/latitude: stored as lon/lat and projected to UTM x/y
};

// What to say when a TNTP network's nodes have no lon/lat: the node file's X/Y are lon/lat only
// when read as WGS84. The same words wherever the need arises (a command's option, or a scenario
// whose base_network is TNTP and cannot take options).
inline constexpr const char* kTntpLonLatHint =
    "TNTP node coordinates are lon/lat only when read as WGS84: give --node-coordinates wgs84, or "
    "for a scenario's base_network convert it first with `ouflow convert X_net.tntp net.pb "
    "--node-coordinates wgs84`";

struct TntpOptions {
  TntpUnits units;
  TntpCoordinates coordinates = TntpCoordinates::kLocal;
  std::optional<double> toll_factor;      // time units per toll unit; overrides <TOLL FACTOR>
  std::optional<double> distance_factor;  // time units per length unit; overrides the tag
};

struct TntpPaths {
  std::filesystem::path net;
  std::optional<std::filesystem::path> trips;
  std::optional<std::filesystem::path> nodes;
};

// For "dir/X_net.tntp", the siblings "dir/X_trips.tntp" and "dir/X_node.tntp" that exist.
TntpPaths tntp_siblings(const std::filesystem::path& net_file);

// Reads the network (with coordinates from `nodes` when given) and the demand when given.
net::Model read_tntp(const TntpPaths& paths, const TntpOptions& options = {});
net::RoadNetwork read_tntp_net(const std::filesystem::path& net_file,
                               const std::optional<std::filesystem::path>& node_file,
                               const TntpOptions& options = {});
net::TripTable read_tntp_trips(const std::filesystem::path& trips_file,
                               const net::RoadNetwork& network);

// A link-flow solution, per link: volume (vehicles) and generalized cost (seconds).
struct LinkFlows {
  net::IdVector<net::LinkId, double> volume;
  net::IdVector<net::LinkId, double> cost_s;
};
// Rows are matched to links by (from, to); parallel links in file order.
LinkFlows read_tntp_flow(const std::filesystem::path& flow_file, const net::RoadNetwork& network,
                         const TntpOptions& options = {});

// Writes X_net.tntp and, when the model has them, X_trips.tntp and X_node.tntp beside it.
// Node ids are kept when they already follow TNTP's rules (nodes 1..N, zone k at node k);
// otherwise zone centroids are renumbered 1..Z and the other nodes Z+1.. in external-id order.
void write_tntp(const std::filesystem::path& net_file, const net::Model& model,
                const TntpOptions& options = {});
void write_tntp_flow(const std::filesystem::path& flow_file, const net::RoadNetwork& network,
                     const LinkFlows& flows, const TntpOptions& options = {});

}  // namespace ouflow::io
