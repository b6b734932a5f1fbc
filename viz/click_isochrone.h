// Isochrones from a point of the map, as the viewer computes them on click: by transit (RAPTOR
// over the model's transit layer at a chosen date and departure, walking access and egress) or
// by car at free flow (Dijkstra from the nearest node, congested times when flows are given),
// contoured into bands on a grid in the map frame. SFML-free; AsyncIsochrone runs one in a
// worker thread so that the frame loop never waits.
#pragma once

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "networks/model.h"
#include "networks/transit_network.h"
#include "sim/isochrone/point_isochrone.h"
#include "sim/transit/raptor.h"
#include "viz/map_data.h"

namespace ouflow::viz {

enum class IsoMode : std::uint8_t { kTransit, kCar };

// Defaults: `ouflow isochrone`'s (sim::PointIsochroneDefaults).
struct IsochroneRequest {
  Vec2 origin;  // map frame metres
  IsoMode mode = IsoMode::kCar;
  net::Date date;
  std::int32_t depart_s = 8 * 3600;  // transit: the single departure
  std::vector<double> minutes{15, 30, 45, 60};
  double walk_speed_mps = sim::PointIsochroneDefaults::kWalkSpeedMps;
  double max_walk_m = sim::PointIsochroneDefaults::kMaxWalkM;  // transit access and egress
  double transfer_radius_m = sim::PointIsochroneDefaults::kTransferRadiusM;  // transit
  int max_transfers = sim::PointIsochroneDefaults::kMaxTransfers;            // transit
};

// The date from which `days` consecutive days are tried, the day with the most trips running
// (ties: the earliest). Nullopt when the feed has no service.
std::optional<net::Date> busiest_date(const net::TransitNetwork& t, int days = 14);

class IsochroneEngine {
 public:
  // Keeps the model and copies the node and stop positions of `map` (same model).
  IsochroneEngine(std::shared_ptr<const net::Model> model, const MapData& map,
                  std::vector<double> link_time_s = {});

  bool has_transit() const;
  // Thread-safe (const; every call has its own workspaces). Throws std::invalid_argument when
  // the mode is not available (no transit layer, no road links) or a parameter is out of range.
  // By transit: the reach of sim::transit_reach_from_point() from the stops within max_walk_m
  // of the click (straight lines in the map frame), at one departure.
  MapIsochrone compute(const IsochroneRequest& r) const;

  // The transit layer's footpaths for this walk speed and transfer radius: built on first use,
  // then kept for the engine's life (thread-safe). Requires has_transit().
  std::shared_ptr<const sim::Footpaths> footpaths(double walk_speed_mps,
                                                  double transfer_radius_m) const;
  std::size_t footpaths_built() const;

 private:
  std::shared_ptr<const net::Model> model_;
  std::vector<Vec2> node_pos_, stop_pos_;
  std::vector<double> link_time_s_;  // by LinkId value
  bool congested_ = false;           // link times given (from flows), not free flow
  mutable std::mutex footpaths_mutex_;
  mutable std::map<std::pair<double, double>, std::shared_ptr<const sim::Footpaths>> footpaths_;
};

class AsyncIsochrone {
 public:
  explicit AsyncIsochrone(std::shared_ptr<const IsochroneEngine> engine)
      : engine_(std::move(engine)) {}
  ~AsyncIsochrone();
  AsyncIsochrone(const AsyncIsochrone&) = delete;
  AsyncIsochrone& operator=(const AsyncIsochrone&) = delete;

  // Starts at once when idle; otherwise the request waits (replacing any waiting one) and
  // starts when the running one ends.
  void request(const IsochroneRequest& r);
  // Never blocks. A finished result once (then empty until the next one); an error as text.
  std::optional<MapIsochrone> poll(std::string* error = nullptr);
  bool busy() const { return running_.valid() || pending_.has_value(); }

 private:
  std::shared_ptr<const IsochroneEngine> engine_;
  std::future<MapIsochrone> running_;
  std::optional<IsochroneRequest> pending_;
};

}  // namespace ouflow::viz
