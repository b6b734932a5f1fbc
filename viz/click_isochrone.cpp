#include "viz/click_isochrone.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "sim/isochrone/isochrone.h"
#include "sim/isochrone/point_isochrone.h"
#include "sim/road/shortest_path.h"
#include "sim/transit/raptor.h"
#include "sim/transit/stop_access.h"

namespace ouflow::viz {
namespace {

constexpr int kMaxCells = 300;  // per side of the grid

MapIsochrone contour(const std::vector<sim::Seed>& seeds, const IsochroneRequest& r,
                     double max_walk_m, double min_cell_m, std::string label) {
  MapIsochrone iso;
  iso.label = std::move(label);
  const double max_s = *std::max_element(r.minutes.begin(), r.minutes.end()) * 60;
  Box box;
  for (const sim::Seed& s : seeds) {
    if (s.time_s <= max_s) box.add(Vec2{s.x_m, s.y_m});
  }
  if (box.empty()) return iso;
  const double reach = std::max(0.0, std::min(max_walk_m, max_s * r.walk_speed_mps));
  const double side = std::max(box.width(), box.height()) + 2 * reach;
  const double cell = std::max(min_cell_m, side / kMaxCells);
  sim::GridSpec spec;
  spec.epsg = "map";
  spec.cell_m = cell;
  spec.min_x_m = box.min_x - reach - 2 * cell;
  spec.min_y_m = box.min_y - reach - 2 * cell;
  spec.nx = static_cast<std::int32_t>(std::ceil((box.width() + 2 * reach) / cell)) + 4;
  spec.ny = static_cast<std::int32_t>(std::ceil((box.height() + 2 * reach) / cell)) + 4;
  const sim::TravelTimeGrid grid =
      sim::compute_travel_times(spec, seeds, sim::EgressWalk{r.walk_speed_mps, max_walk_m});
  std::vector<double> minutes = r.minutes;
  std::sort(minutes.begin(), minutes.end());
  for (double m : minutes) {
    IsoBand band;
    band.minutes = m;
    for (const sim::ContourPolygon& poly : sim::contour_polygons(grid, m * 60)) {
      auto add = [&band](const sim::Ring& ring) {
        Ring out;
        out.reserve(ring.size());
        for (const auto& p : ring) out.push_back({p[0], p[1]});
        band.rings.push_back(std::move(out));
      };
      add(poly.exterior);
      for (const auto& h : poly.holes) add(h);
    }
    iso.bands.push_back(std::move(band));
  }
  return iso;
}

}  // namespace

std::optional<net::Date> busiest_date(const net::TransitNetwork& t, int days) {
  const auto& c = t.columns();
  if (t.service_count() == 0) return std::nullopt;
  net::Date start = c.service_start[net::ServiceId{0}];
  for (net::ServiceId s : t.services()) start = std::min(start, c.service_start[s]);
  for (std::uint32_t e = 0; e < c.exception_date.size(); ++e) {
    start = std::min(start, c.exception_date[e]);
  }
  std::vector<std::size_t> trips_of(t.service_count(), 0);
  for (net::TripId trip : t.trips()) ++trips_of[c.trip_service[trip].value()];
  std::optional<net::Date> best;
  std::size_t best_n = 0;
  for (int d = 0; d < days; ++d) {
    const net::Date date = start.plus_days(d);
    std::size_t n = 0;
    for (net::ServiceId s : t.services_on(date)) n += trips_of[s.value()];
    if (n > best_n) best_n = n, best = date;
  }
  return best;
}

IsochroneEngine::IsochroneEngine(std::shared_ptr<const net::Model> model, const MapData& map,
                                 std::vector<double> link_time_s)
    : model_(std::move(model)),
      node_pos_(map.node_pos),
      stop_pos_(map.stop_pos),
      link_time_s_(std::move(link_time_s)),
      congested_(!link_time_s_.empty()) {
  const auto& r = model_->road;
  if (link_time_s_.empty()) {
    link_time_s_.resize(r.link_count());
    for (net::LinkId l : r.links()) link_time_s_[l.value()] = r.free_flow_time_s()[l];
  }
  if (link_time_s_.size() != r.link_count()) {
    throw std::invalid_argument("isochrone: link times do not match the network");
  }
}

bool IsochroneEngine::has_transit() const {
  return model_->transit && model_->transit->stop_count() > 0 &&
         stop_pos_.size() == model_->transit->stop_count();
}

std::shared_ptr<const sim::Footpaths> IsochroneEngine::footpaths(double walk_speed_mps,
                                                                 double transfer_radius_m) const {
  if (!has_transit()) throw std::invalid_argument("isochrone: no transit layer");
  const std::lock_guard<std::mutex> lock(footpaths_mutex_);
  auto& slot = footpaths_[{walk_speed_mps, transfer_radius_m}];
  if (!slot) {
    slot = std::make_shared<const sim::Footpaths>(sim::Footpaths::build(
        *model_->transit, sim::WalkParams{walk_speed_mps, transfer_radius_m}));
  }
  return slot;
}

std::size_t IsochroneEngine::footpaths_built() const {
  const std::lock_guard<std::mutex> lock(footpaths_mutex_);
  return footpaths_.size();
}

MapIsochrone IsochroneEngine::compute(const IsochroneRequest& r) const {
  if (r.minutes.empty()) throw std::invalid_argument("isochrone: no thresholds");
  if (!(r.walk_speed_mps > 0.0) || !std::isfinite(r.walk_speed_mps)) {
    throw std::invalid_argument("isochrone: walk speed must be positive and finite");
  }
  if (!(r.max_walk_m >= 0.0) || !(r.transfer_radius_m >= 0.0)) {
    throw std::invalid_argument("isochrone: max walk and transfer radius must be >= 0");
  }
  const double max_s = *std::max_element(r.minutes.begin(), r.minutes.end()) * 60;
  std::vector<sim::Seed> seeds{{r.origin.x, r.origin.y, 0.0}};
  if (r.mode == IsoMode::kTransit) {
    if (!has_transit()) throw std::invalid_argument("isochrone: no transit layer");
    const net::TransitNetwork& t = *model_->transit;
    // Access: the straight walk in the map frame to every stop within max_walk_m.
    std::vector<sim::StopWalk> access;
    for (net::StopId s : t.stops()) {
      const Vec2 p = stop_pos_[s.value()];
      if (!finite(p)) continue;
      const double d = std::hypot(p.x - r.origin.x, p.y - r.origin.y);
      if (d <= r.max_walk_m) access.push_back({s, d, sim::walk_time_s(d, r.walk_speed_mps)});
    }
    const std::shared_ptr<const sim::Footpaths> foot =
        footpaths(r.walk_speed_mps, r.transfer_radius_m);
    sim::Raptor raptor(t, *foot);
    sim::TransitReachOptions o;
    o.window = {
        .date = r.date, .depart_s = r.depart_s, .minutes = 0, .max_transfers = r.max_transfers};
    // Only the stops' times are used: the viewer contours them in the map frame, so the
    // reached points' lon/lat (the origin's unknown here) are not needed.
    const sim::TransitReach reach =
        sim::transit_reach_from_point(raptor, net::LonLat{std::nan(""), std::nan("")}, access, o);
    for (net::StopId s : t.stops()) {
      const std::int32_t a = reach.stop_times[0][s.value()];
      const Vec2 p = stop_pos_[s.value()];
      if (a == sim::kUnreachable || !finite(p) || a > max_s) continue;
      seeds.push_back({p.x, p.y, static_cast<double>(a)});
    }
    char label[64];
    std::snprintf(label, sizeof label, "transit, %s", net::format_gtfs_time(r.depart_s).c_str());
    return contour(seeds, r, r.max_walk_m, 50.0, label);
  }

  const auto& road = model_->road;
  if (road.link_count() == 0) throw std::invalid_argument("isochrone: no road links");
  std::optional<net::NodeId> origin;
  double best = std::numeric_limits<double>::infinity();
  for (net::NodeId n : road.nodes()) {
    const Vec2 p = node_pos_[n.value()];
    if (!finite(p) || road.out_links(n).begin() == road.out_links(n).end()) continue;
    const double d = std::hypot(p.x - r.origin.x, p.y - r.origin.y);
    if (d < best) best = d, origin = n;
  }
  if (!origin) throw std::invalid_argument("isochrone: no road node has coordinates");
  sim::Dijkstra dij(road);
  dij.run(*origin, link_time_s_);
  // Seeds along every link from a reached tail, about every cell, timed by linear interpolation.
  Box extent;
  for (const Vec2& p : node_pos_) extent.add(p);
  const double cell = std::max(10.0, std::max(extent.width(), extent.height()) / kMaxCells / 2);
  const double access_s = best / r.walk_speed_mps;  // walk from the click to the nearest node
  seeds.front().time_s = 0;
  for (net::LinkId l : road.links()) {
    const net::NodeId tail = road.tail()[l];
    const double t0 = dij.distance(tail) + access_s;
    if (!(t0 <= max_s)) continue;
    const Vec2 a = node_pos_[tail.value()], b = node_pos_[road.head()[l].value()];
    if (!finite(a) || !finite(b)) continue;
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const int steps = std::max(1, static_cast<int>(std::ceil(len / cell)));
    for (int k = 0; k <= steps; ++k) {
      const double f = static_cast<double>(k) / steps;
      const double t = t0 + f * link_time_s_[l.value()];
      if (t > max_s) break;
      seeds.push_back({a.x + f * (b.x - a.x), a.y + f * (b.y - a.y), t});
    }
  }
  // Egress on foot from the road: at least 200 m, so that the bands read as areas.
  return contour(seeds, r, std::max(2 * cell, 200.0), cell,
                 congested_ ? "car, congested" : "car, free flow");
}

AsyncIsochrone::~AsyncIsochrone() {
  if (running_.valid()) running_.wait();
}

void AsyncIsochrone::request(const IsochroneRequest& r) {
  if (running_.valid()) {
    pending_ = r;
    return;
  }
  auto engine = engine_;
  running_ = std::async(std::launch::async, [engine, r] { return engine->compute(r); });
}

std::optional<MapIsochrone> AsyncIsochrone::poll(std::string* error) {
  if (!running_.valid() ||
      running_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return std::nullopt;
  }
  std::optional<MapIsochrone> out;
  try {
    out = running_.get();
  } catch (const std::exception& e) {
    if (error) *error = e.what();
  }
  if (pending_) {
    const IsochroneRequest next = *pending_;
    pending_.reset();
    request(next);
  }
  return out;
}

}  // namespace ouflow::viz
