#include "sim/transit/travel_matrix.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <optional>
#include <stdexcept>

#include "networks/geo.h"
#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"
#include "networks/io/tntp.h"
#include "networks/progress.h"
#include "sim/execution.h"
#include "sim/transit/network_walk.h"
#include "sim/transit/stop_access.h"

namespace ouflow::sim {
namespace {

void check_options(const TransitMatrixOptions& o) {
  if (o.percentiles.empty() || o.percentiles.size() > 5) {
    throw std::invalid_argument("transit matrix: give 1 to 5 percentiles");
  }
  for (const double p : o.percentiles) {
    if (!(p >= 0.0 && p <= 100.0)) {
      throw std::invalid_argument("transit matrix: percentile " + std::to_string(p) +
                                  " is outside [0, 100]");
    }
  }
  check_window(o.window, "transit matrix");
  if (!(o.walk_speed_mps > 0.0) || !std::isfinite(o.walk_speed_mps)) {
    throw std::invalid_argument("transit matrix: walk speed must be positive and finite");
  }
  if (!(o.max_walk_m >= 0.0)) throw std::invalid_argument("transit matrix: max walk must be >= 0");
  if (o.walk_on_network && o.walk_network == nullptr) {
    throw std::invalid_argument("transit matrix: walk_on_network needs walk_network");
  }
}

void check_places(std::span<const LonLat> places, const char* what) {
  for (std::size_t i = 0; i < places.size(); ++i) {
    if (!std::isfinite(places[i].lon) || !std::isfinite(places[i].lat) ||
        std::fabs(places[i].lat) > 90 || std::fabs(places[i].lon) > 180) {
      throw std::invalid_argument(std::string("transit matrix: ") + what + " " + std::to_string(i) +
                                  " has no valid lon/lat");
    }
  }
}

// Stops within max_walk_m of each destination and their walking times, as a CSR destination ->
// (stop, seconds), stops in id order.
struct Egress {
  std::vector<std::uint32_t> first{0};
  std::vector<std::uint32_t> stop;
  std::vector<std::int32_t> walk_s;
};

Egress build_egress(const net::TransitNetwork& net, std::span<const LonLat> places,
                    const TransitMatrixOptions& o) {
  std::vector<std::vector<std::pair<std::uint32_t, std::int32_t>>> per(places.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(o.exec.count())
  for (std::int64_t di = 0; di < static_cast<std::int64_t>(places.size()); ++di) {
    const LonLat p = places[static_cast<std::size_t>(di)];
    auto& out = per[static_cast<std::size_t>(di)];
    for (const StopWalk& w : stops_within(net, p, o.max_walk_m, o.walk_speed_mps)) {
      out.emplace_back(w.stop.value(), w.walk_s);
    }
  }
  Egress e;
  for (const auto& v : per) {
    for (const auto& [s, w] : v) e.stop.push_back(s), e.walk_s.push_back(w);
    e.first.push_back(static_cast<std::uint32_t>(e.stop.size()));
  }
  return e;
}

// Runs the query of one origin and exposes its samples: per sample, the travel time to every
// stop (arrival minus departure, kUnreachable when not reached).
class OriginQuery {
 public:
  OriginQuery(const net::TransitNetwork& net, const Footpaths& footpaths,
              const TransitMatrixOptions& o)
      : raptor_(net, footpaths), o_(o.window), single_(net.stop_count()) {}

  // `sources` carry the access walk only (seconds after the departure).
  void run(std::vector<RaptorSource>& sources) {
    if (o_.minutes == 0) {
      for (RaptorSource& s : sources) s.time_s += o_.depart_s;
      raptor_.run(sources, o_.date, o_.max_transfers, o_.seed);
      for (std::uint32_t s = 0; s < single_.size(); ++s) {
        const std::int32_t a = raptor_.arrival_s(net::StopId{s});
        single_[s] = a == kUnreachable ? kUnreachable : a - o_.depart_s;
      }
      samples_ = 1;
    } else {
      raptor_.run_range(sources, o_.date, o_.max_transfers, o_.depart_s, o_.minutes, o_.draws,
                        o_.seed);
      samples_ = raptor_.samples();
    }
  }
  std::int32_t samples() const { return samples_; }
  std::span<const std::int32_t> sample(std::int32_t i) const {
    if (o_.minutes == 0) return single_;
    return raptor_.travel_times_s_at(i);
  }

 private:
  Raptor raptor_;
  const TransitWindow& o_;
  std::vector<std::int32_t> single_;
  std::int32_t samples_ = 0;
};

// Runs body(origin, query, buffer) for every origin in parallel; each thread owns one
// OriginQuery. The first exception thrown by a body is rethrown after the loop.
template <class Body>
void for_each_origin(const net::TransitNetwork& net, const Footpaths& footpaths,
                     const TransitMatrixOptions& o, std::size_t origins, const Body& body) {
  std::optional<Progress> progress;
  if (o.progress) progress.emplace("transit matrix (origins)", origins);
  std::atomic<std::uint64_t> done{0};
  std::exception_ptr error;
#pragma omp parallel num_threads(o.exec.count())
  {
    std::optional<OriginQuery> query;
    try {
      query.emplace(net, footpaths, o);
    } catch (...) {
#pragma omp critical(ouflow_matrix_error)
      if (!error) error = std::current_exception();
    }
    std::vector<std::int32_t> buffer;
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t oi = 0; oi < static_cast<std::int64_t>(origins); ++oi) {
      if (!query) continue;
      try {
        body(static_cast<std::size_t>(oi), *query, buffer);
      } catch (...) {
#pragma omp critical(ouflow_matrix_error)
        if (!error) error = std::current_exception();
      }
      const auto n = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (progress && thread_id() == 0) progress->update(n);
    }
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace

void travel_time_percentiles_in_place(std::span<std::int32_t> times_s,
                                      std::span<const double> percentiles,
                                      std::span<std::int32_t> out) {
  if (times_s.empty()) throw std::invalid_argument("travel_time_percentiles: no values");
  if (out.size() != percentiles.size() || percentiles.size() > 5) {
    throw std::invalid_argument("travel_time_percentiles: up to 5 percentiles, one output each");
  }
  const std::size_t k = percentiles.size();
  const double n = static_cast<double>(times_s.size());
  std::array<std::size_t, 5> index{}, order{};
  for (std::size_t i = 0; i < k; ++i) {
    const double p = percentiles[i];
    if (!(p >= 0.0 && p <= 100.0)) {
      throw std::invalid_argument("travel_time_percentiles: percentile out of [0, 100]");
    }
    // The nearest rank, exactly as travel_time_percentiles computes it.
    const double rank = std::clamp(std::ceil(p * n / 100.0 - 1e-9), 1.0, n);
    index[i] = static_cast<std::size_t>(rank) - 1;
    order[i] = i;
  }
  const auto [lo_it, hi_it] = std::minmax_element(times_s.begin(), times_s.end());
  if (*lo_it == *hi_it) {  // constant (often: never reached): no selection needed
    std::fill(out.begin(), out.end(), *lo_it);
    return;
  }
  std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k),
            [&](std::size_t a, std::size_t b) { return index[a] < index[b]; });
  // Select ranks in ascending order: after nth_element at r, [r, end) holds exactly the values
  // of rank >= r, so the next (larger) rank is selected within it.
  std::size_t from = 0;
  for (std::size_t j = 0; j < k; ++j) {
    const std::size_t r = index[order[j]];
    const auto first = times_s.begin() + static_cast<std::ptrdiff_t>(from);
    const auto nth = times_s.begin() + static_cast<std::ptrdiff_t>(r);
    if (r > from || j == 0) std::nth_element(first, nth, times_s.end());
    out[order[j]] = *nth;
    from = r;
  }
}

TravelTimeMatrix transit_place_matrix(const net::TransitNetwork& net, const Footpaths& footpaths,
                                      std::span<const LonLat> origins,
                                      std::span<const LonLat> destinations,
                                      const TransitMatrixOptions& options) {
  check_options(options);
  check_places(origins, "origin");
  check_places(destinations, "destination");
  if (footpaths.stop_count() != net.stop_count()) {
    throw std::invalid_argument("transit matrix: footpaths built for another network");
  }
  // Walking along the road network: access, egress and direct walks, precomputed.
  NetworkWalks access, direct_walks;
  Egress egress;
  if (options.walk_on_network) {
    const WalkGraph graph(*options.walk_network);
    const std::vector<LonLat> stops = stop_positions(net);
    access = network_walks(graph, origins, stops, options.max_walk_m, options.exec);
    direct_walks = network_walks(graph, origins, destinations, options.max_walk_m, options.exec);
    const NetworkWalks e =
        network_walks(graph, destinations, stops, options.max_walk_m, options.exec);
    egress.first = e.first;
    egress.stop = e.target;
    for (const double m : e.distance_m) {
      egress.walk_s.push_back(walk_time_s(m, options.walk_speed_mps));
    }
  } else {
    egress = build_egress(net, destinations, options);
  }
  const std::size_t dn = destinations.size(), pn = options.percentiles.size();
  TravelTimeMatrix m;
  m.origins = origins.size(), m.destinations = dn, m.percentiles = pn;
  m.time_s.assign(m.origins * dn * pn, kUnreachable);

  for_each_origin(
      net, footpaths, options, origins.size(),
      [&](std::size_t oi, OriginQuery& query, std::vector<std::int32_t>& buffer) {
        const LonLat o = origins[oi];
        std::vector<RaptorSource> sources;
        if (options.walk_on_network) {
          for (std::uint32_t k = access.first[oi]; k < access.first[oi + 1]; ++k) {
            sources.push_back({net::StopId{access.target[k]},
                               walk_time_s(access.distance_m[k], options.walk_speed_mps)});
          }
        }
        if (!options.walk_on_network) {
          for (const StopWalk& w :
               stops_within(net, o, options.max_walk_m, options.walk_speed_mps)) {
            sources.push_back({w.stop, w.walk_s});
          }
        }
        query.run(sources);
        const auto samples = static_cast<std::size_t>(query.samples());
        buffer.resize(dn * samples);
        // Direct walks, the same for every sample.
        for (std::size_t d = 0; d < dn; ++d) {
          const double walk_m =
              net::haversine_m(o.lon, o.lat, destinations[d].lon, destinations[d].lat);
          const std::int32_t direct = walk_m <= options.max_walk_m
                                          ? walk_time_s(walk_m, options.walk_speed_mps)
                                          : kUnreachable;
          std::fill_n(buffer.begin() + static_cast<std::ptrdiff_t>(d * samples), samples,
                      options.walk_on_network ? kUnreachable : direct);
        }
        if (options.walk_on_network) {
          const NetworkWalks& w = direct_walks;
          for (std::uint32_t k = w.first[oi]; k < w.first[oi + 1]; ++k) {
            std::fill_n(buffer.begin() + static_cast<std::ptrdiff_t>(w.target[k] * samples),
                        samples, walk_time_s(w.distance_m[k], options.walk_speed_mps));
          }
        }
        for (std::size_t i = 0; i < samples; ++i) {
          const std::span<const std::int32_t> t = query.sample(static_cast<std::int32_t>(i));
          for (std::size_t d = 0; d < dn; ++d) {
            std::int32_t best = buffer[d * samples + i];
            for (std::uint32_t e = egress.first[d]; e < egress.first[d + 1]; ++e) {
              const std::int32_t ts = t[egress.stop[e]];
              if (ts != kUnreachable) best = std::min(best, ts + egress.walk_s[e]);
            }
            buffer[d * samples + i] = best;
          }
        }
        for (std::size_t d = 0; d < dn; ++d) {
          travel_time_percentiles_in_place({buffer.data() + d * samples, samples},
                                           options.percentiles,
                                           {m.time_s.data() + (oi * dn + d) * pn, pn});
        }
      });
  return m;
}

TravelTimeMatrix transit_stop_matrix(const net::TransitNetwork& net, const Footpaths& footpaths,
                                     const TransitMatrixOptions& options) {
  check_options(options);
  if (footpaths.stop_count() != net.stop_count()) {
    throw std::invalid_argument("transit matrix: footpaths built for another network");
  }
  const std::size_t n = net.stop_count(), pn = options.percentiles.size();
  TravelTimeMatrix m;
  m.origins = n, m.destinations = n, m.percentiles = pn;
  m.time_s.assign(n * n * pn, kUnreachable);
  for_each_origin(
      net, footpaths, options, n,
      [&](std::size_t oi, OriginQuery& query, std::vector<std::int32_t>& buffer) {
        std::vector<RaptorSource> sources{{net::StopId{static_cast<std::uint32_t>(oi)}, 0}};
        query.run(sources);
        const auto samples = static_cast<std::size_t>(query.samples());
        buffer.resize(n * samples);
        // Transpose to one row of samples per destination.
        for (std::size_t i = 0; i < samples; ++i) {
          const std::span<const std::int32_t> t = query.sample(static_cast<std::int32_t>(i));
          for (std::size_t d = 0; d < n; ++d) buffer[d * samples + i] = t[d];
        }
        for (std::size_t d = 0; d < n; ++d) {
          travel_time_percentiles_in_place({buffer.data() + d * samples, samples},
                                           options.percentiles,
                                           {m.time_s.data() + (oi * n + d) * pn, pn});
        }
      });
  return m;
}

std::vector<LonLat> zone_centroids(const net::RoadNetwork& road) {
  std::vector<LonLat> out;
  out.reserve(road.zone_count());
  for (const net::ZoneId z : road.zones()) {
    const net::NodeId c = road.zone_centroid()[z];
    const double lon = road.lon()[c], lat = road.lat()[c];
    if (std::isnan(lon) || std::isnan(lat)) {
      throw std::invalid_argument("zone " + std::to_string(road.zone_external_id()[z]) +
                                  ": its centroid node " +
                                  std::to_string(road.node_external_id()[c]) + " has no lon/lat (" +
                                  io::kTntpLonLatHint + ")");
    }
    out.push_back({lon, lat});
  }
  return out;
}

namespace {

template <class WriteCells>
void write_long_csv(const std::filesystem::path& path, std::span<const std::string> origin_ids,
                    std::span<const std::string> destination_ids,
                    std::span<const std::string> columns, const WriteCells& cells) {
  io::AtomicOutput out(path);
  std::vector<std::string> header{"origin", "destination"};
  header.insert(header.end(), columns.begin(), columns.end());
  io::CsvWriter csv(out.stream(), header);
  for (std::size_t o = 0; o < origin_ids.size(); ++o) {
    for (std::size_t d = 0; d < destination_ids.size(); ++d) {
      csv.field(origin_ids[o]).field(destination_ids[d]);
      cells(csv, o, d);
      csv.end_row();
    }
  }
  out.commit();
}

}  // namespace

void write_matrix_csv(const std::filesystem::path& path, std::span<const std::string> origin_ids,
                      std::span<const std::string> destination_ids,
                      std::span<const std::string> columns, const TravelTimeMatrix& matrix) {
  if (origin_ids.size() != matrix.origins || destination_ids.size() != matrix.destinations ||
      columns.size() != matrix.percentiles) {
    throw std::invalid_argument("write_matrix_csv: ids or columns do not fit the matrix");
  }
  write_long_csv(path, origin_ids, destination_ids, columns,
                 [&](io::CsvWriter& csv, std::size_t o, std::size_t d) {
                   for (std::size_t p = 0; p < matrix.percentiles; ++p) {
                     const std::int32_t t = matrix.at(o, d, p);
                     if (t == kUnreachable) {
                       csv.empty_field();
                     } else {
                       csv.field(t);
                     }
                   }
                 });
}

void write_matrix_csv(const std::filesystem::path& path, std::span<const std::string> origin_ids,
                      std::span<const std::string> destination_ids, const std::string& column,
                      std::span<const double> values) {
  if (values.size() != origin_ids.size() * destination_ids.size()) {
    throw std::invalid_argument("write_matrix_csv: ids do not fit the matrix");
  }
  write_long_csv(path, origin_ids, destination_ids, {&column, 1},
                 [&](io::CsvWriter& csv, std::size_t o, std::size_t d) {
                   // Seconds to 0.01 s (docs/outputs.md); empty where not reached.
                   csv.rounded(values[o * destination_ids.size() + d], 2);
                 });
}

}  // namespace ouflow::sim
