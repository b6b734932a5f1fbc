#include "sim/transit/network_walk.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <stdexcept>
#include <string>

#include "networks/io/tntp.h"

namespace ouflow::sim {
namespace {

// Metres per degree of latitude on the haversine sphere, a little under to be safe (as raptor).
constexpr double kMetresPerDegreeLat = 111194.0;

bool finite_point(double lon, double lat) { return std::isfinite(lon) && std::isfinite(lat); }

}  // namespace

bool walkable(net::LinkClass c) {
  return c != net::LinkClass::kExpressway && c != net::LinkClass::kTransitOnly;
}

WalkGraph::WalkGraph(const net::RoadNetwork& road) {
  const std::uint32_t n = road.node_count();
  std::vector<std::uint8_t> touched(n, 0);
  first_.assign(n + 1, 0);
  auto usable = [&](net::LinkId l) {
    const double len = road.length_m()[l];
    return walkable(road.link_class()[l]) && std::isfinite(len) && len >= 0.0 &&
           road.tail()[l] != road.head()[l];
  };
  for (const net::LinkId l : road.links()) {
    if (!usable(l)) continue;
    const std::uint32_t a = road.tail()[l].value(), b = road.head()[l].value();
    ++first_[a + 1], ++first_[b + 1];
    touched[a] = touched[b] = 1;
  }
  for (std::uint32_t i = 0; i < n; ++i) first_[i + 1] += first_[i];
  to_.resize(first_[n]);
  length_m_.resize(first_[n]);
  std::vector<std::uint32_t> fill(first_.begin(), first_.end() - 1);
  for (const net::LinkId l : road.links()) {
    if (!usable(l)) continue;
    const std::uint32_t a = road.tail()[l].value(), b = road.head()[l].value();
    const double len = road.length_m()[l];
    to_[fill[a]] = b, length_m_[fill[a]++] = len;
    to_[fill[b]] = a, length_m_[fill[b]++] = len;
  }
  for (std::uint32_t i = 0; i < n; ++i) {
    const net::NodeId id{i};
    if (touched[i] && finite_point(road.lon()[id], road.lat()[id])) snap_node_.push_back(i);
  }
  if (snap_node_.empty()) {
    throw std::invalid_argument(
        std::string("road network: no node of a walkable link has lon/lat (") +
        io::kTntpLonLatHint + ")");
  }
  std::sort(snap_node_.begin(), snap_node_.end(), [&](std::uint32_t a, std::uint32_t b) {
    const double la = road.lat()[net::NodeId{a}], lb = road.lat()[net::NodeId{b}];
    return la != lb ? la < lb : a < b;
  });
  for (const std::uint32_t i : snap_node_) {
    snap_lat_.push_back(road.lat()[net::NodeId{i}]);
    snap_lon_.push_back(road.lon()[net::NodeId{i}]);
  }
}

std::optional<WalkSnap> WalkGraph::snap(double lon, double lat) const {
  if (!finite_point(lon, lat)) return std::nullopt;
  const auto mid = static_cast<std::size_t>(
      std::lower_bound(snap_lat_.begin(), snap_lat_.end(), lat) - snap_lat_.begin());
  WalkSnap best{0, std::numeric_limits<double>::infinity()};
  auto offer = [&](std::size_t k) {
    const double d = net::haversine_m(lon, lat, snap_lon_[k], snap_lat_[k]);
    if (d < best.distance_m || (d == best.distance_m && snap_node_[k] < best.node)) {
      best = {snap_node_[k], d};
    }
  };
  for (std::size_t k = mid; k < snap_lat_.size(); ++k) {
    if ((snap_lat_[k] - lat) * kMetresPerDegreeLat > best.distance_m) break;
    offer(k);
  }
  for (std::size_t k = mid; k-- > 0;) {
    if ((lat - snap_lat_[k]) * kMetresPerDegreeLat > best.distance_m) break;
    offer(k);
  }
  return best;
}

WalkSearch::WalkSearch(const WalkGraph& graph)
    : graph_(&graph), dist_(graph.node_count(), kUnreached), done_(graph.node_count(), 0) {}

std::span<const std::pair<std::uint32_t, double>> WalkSearch::run(std::uint32_t source,
                                                                  double limit_m) {
  for (const std::uint32_t v : touched_) dist_[v] = kUnreached, done_[v] = 0;
  touched_.clear();
  settled_.clear();
  if (!(limit_m >= 0.0) || source >= graph_->node_count()) return {};
  using Entry = std::pair<double, std::uint32_t>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  dist_[source] = 0.0;
  touched_.push_back(source);
  heap.emplace(0.0, source);
  while (!heap.empty()) {
    const auto [d, v] = heap.top();
    heap.pop();
    if (done_[v]) continue;
    done_[v] = 1;
    settled_.emplace_back(v, d);
    const auto to = graph_->neighbours(v);
    const auto len = graph_->lengths_m(v);
    for (std::size_t i = 0; i < to.size(); ++i) {
      const double nd = d + len[i];
      const std::uint32_t w = to[i];
      if (nd > limit_m || done_[w] || !(nd < dist_[w])) continue;
      if (dist_[w] == kUnreached) touched_.push_back(w);
      dist_[w] = nd;
      heap.emplace(nd, w);
    }
  }
  return settled_;
}

double WalkSearch::distance_m(std::uint32_t node) const {
  return node < done_.size() && done_[node] ? dist_[node] : kUnreached;
}

NetworkWalks network_walks(const WalkGraph& graph, std::span<const net::LonLat> origins,
                           std::span<const net::LonLat> targets, double max_walk_m,
                           Execution exec) {
  if (!(max_walk_m >= 0.0)) throw std::invalid_argument("network walks: max walk must be >= 0");
  // Targets by their walk-graph node (CSR, target index order within a node).
  const std::uint32_t nodes = graph.node_count();
  std::vector<std::optional<WalkSnap>> snaps(targets.size());
  const int threads = exec.count();
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(targets.size()); ++i) {
    const auto k = static_cast<std::size_t>(i);
    snaps[k] = graph.snap(targets[k].lon, targets[k].lat);
  }
  std::vector<std::uint32_t> first(nodes + 1, 0), at;
  for (const auto& s : snaps) {
    if (s) ++first[s->node + 1];
  }
  for (std::uint32_t v = 0; v < nodes; ++v) first[v + 1] += first[v];
  at.resize(first[nodes]);
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (std::uint32_t t = 0; t < snaps.size(); ++t) {
      if (snaps[t]) at[fill[snaps[t]->node]++] = t;
    }
  }
  std::vector<std::vector<std::pair<std::uint32_t, double>>> per(origins.size());
#pragma omp parallel num_threads(threads)
  {
    WalkSearch search(graph);
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(origins.size()); ++i) {
      const net::LonLat p = origins[static_cast<std::size_t>(i)];
      auto& out = per[static_cast<std::size_t>(i)];
      const std::optional<WalkSnap> o = graph.snap(p.lon, p.lat);
      if (!o) continue;
      auto identical = [&](std::uint32_t t) {
        return targets[t].lon == p.lon && targets[t].lat == p.lat;
      };
      const double limit = max_walk_m - o->distance_m;
      if (!(limit >= 0.0)) {  // too far from the network: only targets at the very point
        for (std::uint32_t k = first[o->node]; k < first[o->node + 1]; ++k) {
          if (identical(at[k])) out.emplace_back(at[k], 0.0);
        }
      }
      for (const auto& [v, d] : search.run(o->node, limit)) {
        for (std::uint32_t k = first[v]; k < first[v + 1]; ++k) {
          const std::uint32_t t = at[k];
          if (identical(t)) {
            out.emplace_back(t, 0.0);
            continue;
          }
          const double total = o->distance_m + d + snaps[t]->distance_m;
          if (total <= max_walk_m) out.emplace_back(t, total);
        }
      }
      std::sort(out.begin(), out.end());
    }
  }
  NetworkWalks w;
  for (const auto& v : per) {
    for (const auto& [t, d] : v) w.target.push_back(t), w.distance_m.push_back(d);
    w.first.push_back(static_cast<std::uint32_t>(w.target.size()));
  }
  return w;
}

std::vector<net::LonLat> stop_positions(const net::TransitNetwork& net) {
  const auto& c = net.columns();
  std::vector<net::LonLat> out;
  out.reserve(net.stop_count());
  for (const net::StopId s : net.stops()) out.push_back({c.stop_lon[s], c.stop_lat[s]});
  return out;
}

Footpaths build_network_footpaths(const net::TransitNetwork& net, const net::RoadNetwork& road,
                                  const WalkParams& params, Execution exec) {
  // The transfers.txt rows, the self times and the checks of WalkParams, as Footpaths::build.
  const Footpaths rows =
      Footpaths::build(net, WalkParams{params.walk_speed_mps, /*transfer_radius_m=*/0.0});
  const auto& c = net.columns();
  const std::uint32_t n = net.stop_count();
  // Whether a transfers.txt row decides the ordered pair (s, t) (see Footpaths).
  auto has_row = [&](std::uint32_t s, std::uint32_t t) {
    const net::StopId sp = c.stop_parent[net::StopId{s}], tp = c.stop_parent[net::StopId{t}];
    for (const net::StopId f : {net::StopId{s}, sp}) {
      if (!f.valid()) continue;
      const auto [lo, hi] = net.transfers_from(f);
      for (std::uint32_t r = lo; r < hi; ++r) {
        const net::StopId g = c.transfer_to[r];
        if (g.value() == t || (tp.valid() && g == tp)) return true;
      }
    }
    return false;
  };
  NetworkWalks walks;
  if (params.transfer_radius_m > 0.0) {
    const WalkGraph graph(road);
    const std::vector<net::LonLat> pos = stop_positions(net);
    walks = network_walks(graph, pos, pos, params.transfer_radius_m, exec);
  } else {
    walks.first.assign(n + 1, 0);
  }
  std::vector<std::uint32_t> first_out{0};
  std::vector<net::StopId> to;
  std::vector<std::int32_t> time_s, self_time_s(n);
  std::vector<std::pair<std::uint32_t, std::int32_t>> out;
  for (std::uint32_t s = 0; s < n; ++s) {
    const net::StopId id{s};
    out.clear();
    const auto targets = rows.targets(id);
    const auto times = rows.times_s(id);
    for (std::size_t i = 0; i < targets.size(); ++i) out.emplace_back(targets[i].value(), times[i]);
    for (std::uint32_t k = walks.first[s]; k < walks.first[s + 1]; ++k) {
      const std::uint32_t t = walks.target[k];
      if (t == s || has_row(s, t)) continue;
      out.emplace_back(t, walk_time_s(walks.distance_m[k], params.walk_speed_mps));
    }
    std::sort(out.begin(), out.end());
    for (const auto& [t, w] : out) to.push_back(net::StopId{t}), time_s.push_back(w);
    first_out.push_back(static_cast<std::uint32_t>(to.size()));
    self_time_s[s] = rows.self_time_s(id);
  }
  return Footpaths::from_csr(std::move(first_out), std::move(to), std::move(time_s),
                             std::move(self_time_s));
}

}  // namespace ouflow::sim
