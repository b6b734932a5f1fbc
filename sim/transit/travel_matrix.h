// Transit travel-time matrices: place-to-place (e.g. zone centroids) and stop-to-stop, for one
// departure or a departure window with travel-time percentiles; and their CSV files.
//
// Model (walking without a street network, as sim/transit/raptor.h; with walk_on_network every
// "straight-line walk" and "distance" below is the network walk of sim/network_walk.h instead):
//   - Access: from the origin, a straight-line (haversine) walk at walk_speed_mps to every stop
//     within max_walk_m, taking walk_time_s(distance) (whole seconds, rounded up).
//   - Egress: from every stop reached (by transit, by a footpath after a trip, or on foot from the
//     origin) to the destination when it lies within max_walk_m, again walk_time_s(distance).
//     So two places within max_walk_m of one stop are connected on foot through it, as the
//     isochrone grid connects them.
//   - Direct walk: origin -> destination when within max_walk_m (so an origin reaches itself in
//     0 s).
//   - The travel time of one departure is the least of these over all stops, minus nothing: it
//     is the arrival at the destination minus the departure time.
//   - A window of W minutes has departures depart_s + 60 m (m in [0, W)), each run as RAPTOR
//     would run it alone (range-RAPTOR), times `draws` draws of the frequency-based lines'
//     offsets (sim::Raptor::run_range). The percentiles (nearest rank, travel_time_percentiles)
//     are taken over these samples per destination, unreachable samples counting as the longest.
//     With window 0, the one departure is the only sample and every percentile equals it.
//   - Stop-to-stop: the origin is the stop itself at the departure (no access walk; footpaths
//     start only after a trip, as in RAPTOR), the destination its arrival at the stop.
//
// Results are whole seconds (int32), kUnreachable where no sample reaches within the percentile.
// Parallel over origins (OpenMP): one Raptor per thread, each origin writes only its own rows, so
// the matrix is bit-identical for any thread count.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "networks/geo.h"
#include "networks/road_network.h"
#include "networks/transit_network.h"
#include "sim/execution.h"
#include "sim/transit/raptor.h"
#include "sim/transit/transit_window.h"

namespace ouflow::sim {

using net::LonLat;  // WGS84 degrees

struct TransitMatrixOptions {
  TransitWindow window;                 // date, departures, transfers, draws, seed
  std::vector<double> percentiles{50};  // each in [0, 100]; 1 to 5 of them
  double walk_speed_mps = 1.3;  // access, egress and direct walks (footpaths: sim::Footpaths)
  double max_walk_m = 800;      // longest access, egress or direct walk
  bool progress = false;        // show progress on stderr (ouflow::Progress: terminal only)
  // Place matrices: access, egress and direct walks follow the roads of *walk_network
  // (sim/network_walk.h: join at the nearest walkable node, expressways and transit-only links
  // not walkable, max_walk_m along the way) instead of straight lines. The footpaths stay the
  // caller's (sim::build_network_footpaths for the same model). walk_network must then be set.
  bool walk_on_network = false;
  const net::RoadNetwork* walk_network = nullptr;
  Execution exec = {};  // threads of the origins' queries and of the access and egress walks
};

struct TravelTimeMatrix {
  std::size_t origins = 0, destinations = 0, percentiles = 0;
  // ((o * destinations) + d) * percentiles + p; kUnreachable where not reached.
  std::vector<std::int32_t> time_s;

  std::int32_t at(std::size_t o, std::size_t d, std::size_t p = 0) const {
    return time_s[(o * destinations + d) * percentiles + p];
  }
};

// Place-to-place matrix. `footpaths` must have been built for `net` (its walk speed and
// transfer radius govern transfers). Throws std::invalid_argument on bad options (percentiles
// count or range, a bad window (check_window), walk speed <= 0, max walk < 0 or NaN) or a place
// with non-finite coordinates.
TravelTimeMatrix transit_place_matrix(const net::TransitNetwork& net, const Footpaths& footpaths,
                                      std::span<const LonLat> origins,
                                      std::span<const LonLat> destinations,
                                      const TransitMatrixOptions& options);

// Stop-to-stop matrix over every stop of `net` (stop ids in order), as origins and destinations.
TravelTimeMatrix transit_stop_matrix(const net::TransitNetwork& net, const Footpaths& footpaths,
                                     const TransitMatrixOptions& options);

// The centroid node's lon/lat of every zone, in zone id order. Throws std::invalid_argument
// naming the first zone whose centroid has no lon/lat.
std::vector<LonLat> zone_centroids(const net::RoadNetwork& road);

// Percentiles exactly as travel_time_percentiles(), into `out` (percentiles.size() values),
// reordering `times_s` in place and allocating nothing: the matrices' inner loop.
void travel_time_percentiles_in_place(std::span<std::int32_t> times_s,
                                      std::span<const double> percentiles,
                                      std::span<std::int32_t> out);

// Long-format CSV: header origin,destination,<columns...>, one row per (origin, destination)
// pair, origins major, in the order given; an empty cell where unreachable. Written through
// io::AtomicOutput. `columns` names the matrix's percentiles (columns.size() == percentiles).
void write_matrix_csv(const std::filesystem::path& path, std::span<const std::string> origin_ids,
                      std::span<const std::string> destination_ids,
                      std::span<const std::string> columns, const TravelTimeMatrix& matrix);
// One column of doubles (row-major origins x destinations), empty where +infinity.
void write_matrix_csv(const std::filesystem::path& path, std::span<const std::string> origin_ids,
                      std::span<const std::string> destination_ids, const std::string& column,
                      std::span<const double> values);

}  // namespace ouflow::sim
