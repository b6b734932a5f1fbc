// Round-based public transit routing (RAPTOR, Delling, Pajor, Werneck 2012) over a
// TransitNetwork: earliest arrival with at most K transfers, and range-RAPTOR over a departure
// window (every minute) with travel-time percentiles.
//
// Model:
//   - Round k (1 <= k <= max_transfers + 1) rides exactly one more trip. Only scheduled patterns
//     are scanned; frequency-based patterns (exact_times=0) are skipped (their R5-style Monte
//     Carlo offsets are left for later). A trip is used when its service runs on the query date;
//     times are seconds since that service day's midnight (trips of the previous service day that
//     run past midnight are not considered).
//   - A trip is caught at a stop when its departure there is >= the time one is ready to board
//     there and its pickup_type is not 1; one may alight where drop_off_type is not 1 (other
//     codes, 2 and 3, count as allowed). The trips of a pattern are scanned in groups of equal
//     pickup/drop-off rules, since the earliest trip dominates only within such a group.
//   - Footpaths (Footpaths below) are walked once after alighting, never chained, and never from
//     the sources (the caller gives every access stop with its access time).
//   - Boarding again at the stop where one alighted needs no time, unless transfers.txt gives a
//     (s, s) row: then its min_transfer_time (transfer_type 3 there forbids boarding after
//     alighting at s).
//
// Labels per round and stop: the arrival (by trip or by walking after a trip), the arrival by
// trip alone (walks start only from these) and the time ready to board in the next round. All
// three are non-increasing in the round, so arrival_s(stop, k) is the earliest arrival with at
// most k trips.
//
// Determinism: single-threaded per object; labels change only on strict improvement, patterns are
// scanned in id order. One Raptor object per thread (it keeps a pointer to the network and the
// footpaths, which must outlive it; it is copyable).
//
// Speed (Release, one core of the 2-core dev machine, HART Tampa 2018: 2,349 stops, 435,507 stop
// times, 400 m transfer radius, 8 transfers): about 0.4 ms per earliest-arrival query from one
// stop, about 6 ms per origin for a 07:00-09:00 window every minute.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "networks/ids.h"
#include "networks/transit_network.h"

namespace ouflow::sim {

inline constexpr std::int32_t kUnreachable = std::numeric_limits<std::int32_t>::max();

struct WalkParams {
  double walk_speed_mps = 1.3;
  // Straight-line walking between distinct stops within this haversine distance; 0: none.
  double transfer_radius_m = 0.0;
};

// Walking transfers, precomputed once per network and WalkParams, as a CSR stop -> (stop, time).
// Between distinct stops s != t:
//   - a transfers.txt row (s, t) decides: transfer_type 3 (not possible) gives no footpath; a
//     min_transfer_time >= 0 gives that time; otherwise the walking time below (0 when a stop has
//     no coordinates);
//   - without a row: a footpath when the haversine distance d <= transfer_radius_m, taking
//     ceil(d / walk_speed_mps) seconds.
// Footpaths of a stop are sorted by target stop.
class Footpaths {
 public:
  static constexpr std::int32_t kNoBoarding = -1;

  Footpaths() = default;
  static Footpaths build(const net::TransitNetwork& net, const WalkParams& params);

  std::uint32_t stop_count() const { return static_cast<std::uint32_t>(self_time_s_.size()); }
  std::uint32_t footpath_count() const { return static_cast<std::uint32_t>(to_.size()); }
  std::span<const net::StopId> targets(net::StopId s) const {
    return {to_.data() + first_out_[s.value()], to_.data() + first_out_[s.value() + 1]};
  }
  std::span<const std::int32_t> times_s(net::StopId s) const {
    return {time_s_.data() + first_out_[s.value()], time_s_.data() + first_out_[s.value() + 1]};
  }
  // Time from alighting at s to being ready to board at s: 0, a transfers.txt (s, s) time, or
  // kNoBoarding.
  std::int32_t self_time_s(net::StopId s) const { return self_time_s_[s.value()]; }

 private:
  std::vector<std::uint32_t> first_out_{0};
  std::vector<net::StopId> to_;
  std::vector<std::int32_t> time_s_;
  std::vector<std::int32_t> self_time_s_;
};

// Walking time of `distance_m` at `walk_speed_mps`, rounded up to whole seconds.
std::int32_t walk_time_s(double distance_m, double walk_speed_mps);

struct RaptorSource {
  net::StopId stop;
  std::int32_t time_s = 0;  // arrival at the stop (departure + access walk)
};

struct JourneyLeg {
  enum class Kind : std::uint8_t { kTrip, kWalk };
  Kind kind = Kind::kTrip;
  net::TripId trip;  // invalid for walks
  net::StopId from, to;
  std::int32_t depart_s = 0, arrive_s = 0;
};

class Raptor {
 public:
  // Keeps pointers to both; the footpaths must have been built for `net`.
  Raptor(const net::TransitNetwork& net, const Footpaths& footpaths);

  // Earliest arrival from `sources` with at most `max_transfers` transfers (max_transfers + 1
  // trips), on `date`. Throws std::invalid_argument on a bad source stop or max_transfers
  // outside [0, 1000].
  void run(std::span<const RaptorSource> sources, net::Date date, int max_transfers);

  // Range-RAPTOR: departures first_departure_s + 60 m for m in [0, minutes), each source reached
  // at departure + its time_s. Processes the latest departure first and keeps labels across
  // departures. Afterwards travel_time_s(stop, m) is the earliest arrival minus the departure
  // (kUnreachable when not reached), identical to run() at each departure; the labels (arrival_s,
  // journey_to) are those of the earliest departure.
  void run_range(std::span<const RaptorSource> sources, net::Date date, int max_transfers,
                 std::int32_t first_departure_s, std::int32_t minutes);

  const net::TransitNetwork& network() const { return *net_; }
  int rounds() const { return rounds_; }  // trips allowed by the last query (max_transfers + 1)

  // Earliest arrival with any number of trips up to the limit; kUnreachable when not reached.
  std::int32_t arrival_s(net::StopId s) const { return arrival_s(s, rounds_); }
  // Earliest arrival with at most `trips` trips (0 <= trips <= rounds()); kUnreachable before
  // any query.
  std::int32_t arrival_s(net::StopId s, int trips) const {
    return labels_.empty() ? kUnreachable : label(trips, s).arrival_s;
  }
  // The legs of an earliest-arrival journey (with at most rounds() trips) to `s`, in travel
  // order; empty when `s` is a source reached first by access or not reached.
  std::vector<JourneyLeg> journey_to(net::StopId s) const;

  // After run_range(): minutes() values per stop.
  std::int32_t minutes() const { return minutes_; }
  std::int32_t travel_time_s(net::StopId s, std::int32_t minute) const {
    return travel_time_s_[static_cast<std::size_t>(minute) * stop_count_ + s.value()];
  }
  std::span<const std::int32_t> travel_times_s_at(std::int32_t minute) const {
    return {travel_time_s_.data() + static_cast<std::size_t>(minute) * stop_count_, stop_count_};
  }

 private:
  enum class From : std::uint8_t { kNone, kSource, kTrip, kWalk };
  struct Label {
    // Arrival (trip or walk) and where it came from.
    std::int32_t arrival_s = kUnreachable;
    From arrival_from = From::kNone;
    std::uint32_t walk_from = 0;  // for kWalk: the stop walked from (its trip label, same round)
    // Arrival by trip: the trip, where it was boarded, and the round it was ridden in.
    std::int32_t trip_arrival_s = kUnreachable;
    net::TripId trip;
    std::uint32_t board_stop = 0;
    std::int32_t board_s = 0;
    std::uint16_t trip_round = 0;
    // Ready to board in the next round.
    std::int32_t ready_s = kUnreachable;
    From ready_from = From::kNone;
    std::uint32_t ready_walk_from = 0;
  };

  const Label& label(int round, net::StopId s) const {
    return labels_[static_cast<std::size_t>(round) * stop_count_ + s.value()];
  }
  Label& label(int round, std::uint32_t s) {
    return labels_[static_cast<std::size_t>(round) * stop_count_ + s];
  }
  void prepare(std::span<const RaptorSource> sources, net::Date date, int max_transfers);
  void seed_sources(std::span<const RaptorSource> sources, std::int32_t offset_s);
  void run_rounds();
  void scan_round(int k);
  void walk_round(int k);
  void append_trip_legs(int round, std::uint32_t s, std::vector<JourneyLeg>& legs) const;
  void append_ready_legs(int round, std::uint32_t s, std::vector<JourneyLeg>& legs) const;

  const net::TransitNetwork* net_;
  const Footpaths* footpaths_;
  std::uint32_t stop_count_ = 0;
  int rounds_ = 0;
  std::int32_t minutes_ = 0;

  bool have_date_ = false;
  net::Date date_;
  std::vector<std::uint8_t> trip_active_;  // by TripId value, for date_
  // Routes: the trips of a scheduled pattern with equal pickup/drop-off rules, as a CSR route ->
  // trips (in the pattern's order).
  std::vector<std::uint32_t> route_pattern_;
  std::vector<std::uint32_t> route_first_trip_;
  std::vector<std::uint32_t> route_trip_;
  // CSR stop -> (route, position).
  std::vector<std::uint32_t> stop_first_occurrence_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> occurrence_;

  std::vector<Label> labels_;         // (rounds_ + 1) x stop_count_
  std::vector<std::uint8_t> marked_;  // ready label improved in the previous round
  std::vector<std::uint32_t> marked_list_;
  std::vector<std::uint8_t> trip_improved_;  // trip label improved in this round
  std::vector<std::uint32_t> trip_improved_list_;
  std::vector<std::uint32_t> route_from_;  // first marked position per route, or max
  std::vector<std::uint32_t> route_list_;
  std::vector<std::int32_t> travel_time_s_;  // minutes_ x stop_count_
};

// Percentiles of a travel-time distribution by the nearest-rank method: the value of rank
// ceil(p / 100 * n) (at least 1) in ascending order, kUnreachable values sorting last. So the
// 50th percentile of {600, 900, kUnreachable} is 900, and the 95th is kUnreachable. Each p must
// be in [0, 100]; up to 5 percentiles are the intended use. Throws std::invalid_argument on a
// percentile out of range or an empty distribution.
std::vector<std::int32_t> travel_time_percentiles(std::span<const std::int32_t> times_s,
                                                  std::span<const double> percentiles);

}  // namespace ouflow::sim
