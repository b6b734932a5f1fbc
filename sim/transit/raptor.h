// Round-based public transit routing (RAPTOR, Delling, Pajor, Werneck 2012) over a
// TransitNetwork: earliest arrival with at most K transfers, and range-RAPTOR over a departure
// window (every minute) with travel-time percentiles.
//
// Model:
//   - Round k (1 <= k <= max_transfers + 1) rides exactly one more trip. A trip is used when its
//     service runs on its service day; times are seconds since the query date's midnight.
//   - Trips of earlier service days that run past midnight: a trip of service S running on
//     date - d with times >= 24:00 * d is ridden on the query date at time - 86400 * d (GTFS
//     "25:10:00" of Monday is 1:10 on Tuesday). Each route whose trips reach 24:00 * d is scanned
//     once more per such d, as a separate route with the times shifted (routes where no trip
//     passes midnight get no copy); within a copy the trips keep their FIFO order, and copies of
//     different days may overtake each other since they are separate routes.
//   - Frequency-based patterns (GTFS frequencies.txt with exact_times=0, and planned lines made
//     by TransitBuilder::add_frequency_line) are modelled as Conveyal R5 does, by random schedule
//     offsets: in a draw, each frequency row (template trip, start, end, headway) gets an offset
//     in [0, headway) whole seconds (frequency_offset_s: SplitMix64 of the seed, the draw and the
//     row index, so identical on every platform and for any thread count), and its vehicles leave
//     the first stop at start + offset + j * headway < end; at stop i at that time plus the
//     template's time at i minus its first departure. Within a draw this is a timetable, so
//     range-RAPTOR over the window is exact for that draw. Each template is its own route (its
//     vehicles never overtake each other; those of two templates may); scanning it at a stop
//     finds the earliest catchable vehicle per row by one ceiling division, without materialising
//     vehicles. journey_to() reports such a leg with the template as trip and the vehicle's times.
//     run() uses draw `draw` (0 by default) of the seed.
//   - Sampling: R5 draws new offsets for every departure minute (Monte Carlo iterations per
//     minute). Here a draw fixes the offsets for the whole window and range-RAPTOR sweeps the
//     window with them; run_range(..., draws, seed) repeats that per draw, giving minutes * draws
//     samples. Each sample's offsets are still uniform and independent of its departure minute,
//     so each sample has the same distribution as an R5 sample and the percentiles estimate the
//     same distribution; the cost is that samples of one draw are correlated across minutes
//     (fewer effectively independent samples per draw than R5 for the same count; use more draws
//     for a tight estimate), while the gain is that a draw costs one range-RAPTOR sweep (labels
//     reused across minutes) instead of one search per minute. With no frequency pattern running
//     on the date there is nothing to draw: samples() = minutes().
//   - A trip is caught at a stop when its departure there is >= the time one is ready to board
//     there and its pickup_type is not 1; one may alight where drop_off_type is not 1 (other
//     codes, 2 and 3, count as allowed). The trips of a pattern are scanned in groups of equal
//     pickup/drop-off rules, since the earliest trip dominates only within such a group.
//   - Footpaths (Footpaths below) are walked once after alighting, never chained, and never from
//     the sources (the caller gives every access stop with its access time).
//   - Boarding again at the stop where one alighted needs no time, unless transfers.txt gives a
//     (s, s) row, or a (station, station) row for s's parent station: then its min_transfer_time
//     (transfer_type 3 there forbids boarding after alighting at s).
//
// Labels per round and stop: the arrival (by trip or by walking after a trip), the arrival by
// trip alone (walks start only from these) and the time ready to board in the next round. All
// three are non-increasing in the round, so arrival_s(stop, k) is the earliest arrival with at
// most k trips.
//
// Determinism: single-threaded per object; labels change only on strict improvement, routes are
// scanned in id order, and the frequency offsets depend only on (seed, draw, row). One Raptor
// object per thread (it keeps a pointer to the network and the footpaths, which must outlive
// it; it is copyable).
//
// Speed (Release, one core of the 2-core dev machine, HART Tampa 2018: 2,349 stops, 435,507 stop
// times, 400 m transfer radius, 8 transfers): about 0.4 ms per earliest-arrival query from one
// stop, about 6 ms per origin for a 07:00-09:00 window every minute (a timetable: one draw). The
// previous-day copies add routes only where trips pass midnight. A frequency template costs per
// scanned stop one division per frequency row; each extra draw costs one more window sweep.
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
// The transfers.txt row of an ordered pair (s, t) is the first row of the most specific of
// (s, t), (s, parent station of t), (parent of s, t), (parent of s, parent of t), in this order
// (GTFS: a row naming a station applies to all its stops, unless a row names the stops; only the
// direct parent counts). Between distinct stops s != t:
//   - the pair's row decides: transfer_type 3 (not possible) gives no footpath; a
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
  // From CSR parts (other walking models: sim/network_walk.h). first_out: stop_count + 1 offsets
  // into to/time_s, each stop's targets sorted; self_time_s: one per stop. Not checked.
  static Footpaths from_csr(std::vector<std::uint32_t> first_out, std::vector<net::StopId> to,
                            std::vector<std::int32_t> time_s,
                            std::vector<std::int32_t> self_time_s) {
    Footpaths f;
    f.first_out_ = std::move(first_out), f.to_ = std::move(to), f.time_s_ = std::move(time_s);
    f.self_time_s_ = std::move(self_time_s);
    return f;
  }

  std::uint32_t stop_count() const { return static_cast<std::uint32_t>(self_time_s_.size()); }
  std::uint32_t footpath_count() const { return static_cast<std::uint32_t>(to_.size()); }
  std::span<const net::StopId> targets(net::StopId s) const {
    return {to_.data() + first_out_[s.value()], to_.data() + first_out_[s.value() + 1]};
  }
  std::span<const std::int32_t> times_s(net::StopId s) const {
    return {time_s_.data() + first_out_[s.value()], time_s_.data() + first_out_[s.value() + 1]};
  }
  // Time from alighting at s to being ready to board at s: 0, the time of the pair (s, s)'s row
  // (also a (station, station) row of s's parent), or kNoBoarding.
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

// One leg of a journey. Times are on the query date's clock (seconds since its midnight), also
// for a trip of the previous service day (service_day_s = -86400: its GTFS times are 86400
// more) and for a vehicle of a frequency-based template (trip is the template; depart_s and
// arrive_s are that vehicle's, not the template's stop times).
struct JourneyLeg {
  enum class Kind : std::uint8_t { kTrip, kWalk };
  Kind kind = Kind::kTrip;
  net::TripId trip;  // invalid for walks
  net::StopId from, to;
  std::int32_t depart_s = 0, arrive_s = 0;
  // Start of the trip's service day relative to the query date's midnight: 0, or -86400 * n for
  // a trip of n days before that runs past midnight. 0 for walks.
  std::int32_t service_day_s = 0;
};

// SplitMix64 (Steele, Lea, Flood 2014; the generator of Java's SplittableRandom and the seeding
// generator of xoshiro): the output of one step from state x, i.e. the finaliser applied to
// x + 0x9E3779B97F4A7C15. Pure 64-bit integer arithmetic, identical on every platform.
std::uint64_t splitmix64(std::uint64_t x);

// The schedule offset of frequency row `row` (an index into TransitColumns::frequency_*) in draw
// `draw` of `seed`, uniform in [0, headway_s) whole seconds:
//   splitmix64(splitmix64(seed ^ (draw * 0x9E3779B97F4A7C15)) ^ row) % headway_s.
// (The modulo bias is below headway_s / 2^64, under 1e-14 for any real headway.)
std::int32_t frequency_offset_s(std::uint64_t seed, std::uint32_t draw, std::uint32_t row,
                                std::int32_t headway_s);

class Raptor {
 public:
  // The seed of the frequency offsets when the caller gives none.
  static constexpr std::uint64_t kDefaultSeed = 0x6f75666c6f77ULL;  // "ouflow"

  // Keeps pointers to both; the footpaths must have been built for `net`.
  Raptor(const net::TransitNetwork& net, const Footpaths& footpaths);

  // Earliest arrival from `sources` with at most `max_transfers` transfers (max_transfers + 1
  // trips), on `date`. Throws std::invalid_argument on a bad source stop or max_transfers
  // outside [0, 1000].
  // Frequency-based patterns use the schedule offsets of draw `draw` (by default 0) of `seed`
  // (see the file comment), the same as sample draw * minutes + m of run_range().
  void run(std::span<const RaptorSource> sources, net::Date date, int max_transfers,
           std::uint64_t seed = kDefaultSeed, std::uint32_t draw = 0);

  // Range-RAPTOR: departures first_departure_s + 60 m for m in [0, minutes), each source reached
  // at departure + its time_s. Processes the latest departure first and keeps labels across
  // departures. With frequency-based patterns running on the date, the window is swept once per
  // draw d in [0, draws) of their schedule offsets (see the file comment), giving
  // samples() = minutes * draws; otherwise draws are pointless (a timetable has no randomness)
  // and samples() = minutes. Afterwards travel_time_s(stop, d * minutes + m) is the earliest
  // arrival minus the departure (kUnreachable when not reached), identical to
  // run(..., seed, d) at departure m; the labels (arrival_s, journey_to) are those of draw 0 at
  // the earliest departure. Throws std::invalid_argument on minutes < 0, draws < 1 or more than
  // 2^31 - 1 samples.
  void run_range(std::span<const RaptorSource> sources, net::Date date, int max_transfers,
                 std::int32_t first_departure_s, std::int32_t minutes, std::int32_t draws = 1,
                 std::uint64_t seed = kDefaultSeed);

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

  // After run_range(): the departure minutes of the window, and the number of travel-time
  // samples per stop (minutes() times the number of draws of the frequency offsets; minutes()
  // when no frequency-based pattern runs). Sample i is departure minute i % minutes() of draw
  // i / minutes().
  std::int32_t minutes() const { return minutes_; }
  std::int32_t samples() const { return samples_; }
  // Travel time of sample i in [0, samples()) (kUnreachable when not reached).
  std::int32_t travel_time_s(net::StopId s, std::int32_t sample) const {
    return travel_time_s_[static_cast<std::size_t>(sample) * stop_count_ + s.value()];
  }
  std::span<const std::int32_t> travel_times_s_at(std::int32_t sample) const {
    return {travel_time_s_.data() + static_cast<std::size_t>(sample) * stop_count_, stop_count_};
  }

 private:
  enum class From : std::uint8_t { kNone, kSource, kTrip, kWalk };
  struct Label {
    // Arrival (trip or walk) and where it came from.
    std::int32_t arrival_s = kUnreachable;
    From arrival_from = From::kNone;
    std::uint32_t walk_from = 0;  // for kWalk: the stop walked from (its trip label, same round)
    // Arrival by trip: the trip (a template for a frequency vehicle), where it was boarded, the
    // round it was ridden in and the days its service day lies before the query date.
    std::int32_t trip_arrival_s = kUnreachable;
    net::TripId trip;
    std::uint32_t board_stop = 0;
    std::int32_t board_s = 0;
    std::uint16_t trip_round = 0;
    std::uint8_t trip_day = 0;
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
  void reset_labels();
  void set_draw(std::uint64_t seed, std::uint32_t draw);
  void seed_sources(std::span<const RaptorSource> sources, std::int32_t offset_s);
  void run_rounds();
  void scan_round(int k);
  void scan_scheduled(int k, std::uint32_t r);
  void scan_frequency(int k, std::uint32_t r);
  void improve_by_trip(int k, std::uint32_t s, std::int32_t a, std::uint8_t day, std::uint32_t trip,
                       std::uint32_t board_stop, std::int32_t board_s);
  void walk_round(int k);
  void append_trip_legs(int round, std::uint32_t s, std::vector<JourneyLeg>& legs) const;
  void append_ready_legs(int round, std::uint32_t s, std::vector<JourneyLeg>& legs) const;
  bool route_active(std::uint32_t r) const;

  const net::TransitNetwork* net_;
  const Footpaths* footpaths_;
  std::uint32_t stop_count_ = 0;
  std::uint32_t trip_count_ = 0;
  int rounds_ = 0;
  std::int32_t minutes_ = 0;
  std::int32_t samples_ = 0;

  bool have_date_ = false;
  net::Date date_;
  // Days back a service day's trips may still run into the query date (times >= 24:00 * days).
  std::uint32_t max_day_ = 0;
  // By day d in [0, max_day_] and TripId value: the trip's service runs on date_ - d.
  std::vector<std::uint8_t> trip_active_;
  bool frequency_active_ = false;  // some frequency route runs for date_
  // Routes: (1) the trips of a scheduled pattern with equal pickup/drop-off rules, as a CSR
  // route -> trips (in the pattern's order); (2) one per frequency template trip (its vehicles
  // never overtake each other); each also once per earlier service day d whose trips reach
  // 24:00 * d. route_day_ is that d.
  std::vector<std::uint32_t> route_pattern_;
  std::vector<std::uint8_t> route_frequency_;
  std::vector<std::uint8_t> route_day_;
  std::vector<std::uint32_t> route_first_trip_;
  std::vector<std::uint32_t> route_trip_;
  // CSR stop -> (route, position).
  std::vector<std::uint32_t> stop_first_occurrence_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> occurrence_;
  // Schedule offset of each frequency row in the current draw.
  std::vector<std::int32_t> frequency_offset_s_;

  std::vector<Label> labels_;         // (rounds_ + 1) x stop_count_
  std::vector<std::uint8_t> marked_;  // ready label improved in the previous round
  std::vector<std::uint32_t> marked_list_;
  std::vector<std::uint8_t> trip_improved_;  // trip label improved in this round
  std::vector<std::uint32_t> trip_improved_list_;
  std::vector<std::uint32_t> route_from_;  // first marked position per route, or max
  std::vector<std::uint32_t> route_list_;
  std::vector<std::int32_t> travel_time_s_;  // samples_ x stop_count_
};

// Percentiles of a travel-time distribution by the nearest-rank method: the value of rank
// ceil(p / 100 * n) (at least 1) in ascending order, kUnreachable values sorting last. So the
// 50th percentile of {600, 900, kUnreachable} is 900, and the 95th is kUnreachable. Each p must
// be in [0, 100]; up to 5 percentiles are the intended use. Throws std::invalid_argument on a
// percentile out of range or an empty distribution.
std::vector<std::int32_t> travel_time_percentiles(std::span<const std::int32_t> times_s,
                                                  std::span<const double> percentiles);

}  // namespace ouflow::sim
