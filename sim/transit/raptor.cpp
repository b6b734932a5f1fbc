#include "sim/transit/raptor.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "networks/geo.h"

namespace ouflow::sim {

namespace {

constexpr std::uint32_t kNoPosition = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t kNoTrip = std::numeric_limits<std::uint32_t>::max();
// Metres per degree of latitude on the sphere of kEarthRadiusM, a little under to be safe.
constexpr double kMetresPerDegreeLat = 111194.0;

}  // namespace

std::int32_t walk_time_s(double distance_m, double walk_speed_mps) {
  return static_cast<std::int32_t>(std::ceil(distance_m / walk_speed_mps));
}

Footpaths Footpaths::build(const net::TransitNetwork& net, const WalkParams& params) {
  if (!(params.walk_speed_mps > 0.0)) {
    throw std::invalid_argument("walk_speed_mps must be positive");
  }
  if (!(params.transfer_radius_m >= 0.0)) {
    throw std::invalid_argument("transfer_radius_m must not be negative");
  }
  const auto& c = net.columns();
  const std::uint32_t n = net.stop_count();
  auto has_coordinates = [&](std::uint32_t s) {
    const net::StopId id{s};
    return !std::isnan(c.stop_lon[id]) && !std::isnan(c.stop_lat[id]);
  };
  auto distance_m = [&](std::uint32_t a, std::uint32_t b) {
    const net::StopId x{a}, y{b};
    return net::haversine_m(c.stop_lon[x], c.stop_lat[x], c.stop_lon[y], c.stop_lat[y]);
  };
  // The transfers.txt row deciding each ordered pair (s, t): the first row of the most specific
  // of (s, t), (s, parent of t), (parent of s, t), (parent of s, parent of t) (GTFS: a row
  // naming a station applies to all stops of that station; a row naming the stops themselves
  // takes precedence). Only the direct parent is looked at.
  std::vector<std::uint32_t> first_child(n + 1, 0), child;
  for (std::uint32_t s = 0; s < n; ++s) {
    const net::StopId p = c.stop_parent[net::StopId{s}];
    if (p.valid()) ++first_child[p.value() + 1];
  }
  for (std::uint32_t s = 0; s < n; ++s) first_child[s + 1] += first_child[s];
  child.resize(first_child[n]);
  {
    std::vector<std::uint32_t> fill(first_child.begin(), first_child.end() - 1);
    for (std::uint32_t s = 0; s < n; ++s) {
      const net::StopId p = c.stop_parent[net::StopId{s}];
      if (p.valid()) child[fill[p.value()]++] = s;
    }
  }
  struct Rule {
    std::uint32_t to;
    int level;  // 0 most specific ... 3 station to station
    std::uint32_t row;
    bool operator<(const Rule& o) const { return to != o.to ? to < o.to : level < o.level; }
  };
  std::vector<std::vector<Rule>> rules(n);
  for (std::uint32_t s = 0; s < n; ++s) {
    const net::StopId parent = c.stop_parent[net::StopId{s}];
    for (int from_level = 0; from_level < 2; ++from_level) {
      if (from_level == 1 && !parent.valid()) break;
      const net::StopId f = from_level == 0 ? net::StopId{s} : parent;
      const auto [lo, hi] = net.transfers_from(f);
      for (std::uint32_t r = lo; r < hi; ++r) {
        const std::uint32_t g = c.transfer_to[r].value();
        if (r > lo && c.transfer_to[r - 1].value() == g) continue;  // the first row decides
        rules[s].push_back({g, 2 * from_level, r});
        for (std::uint32_t i = first_child[g]; i < first_child[g + 1]; ++i) {
          rules[s].push_back({child[i], 2 * from_level + 1, r});
        }
      }
    }
    std::sort(rules[s].begin(), rules[s].end());
    rules[s].erase(std::unique(rules[s].begin(), rules[s].end(),
                               [](const Rule& a, const Rule& b) { return a.to == b.to; }),
                   rules[s].end());
  }
  auto has_explicit = [&](std::uint32_t from, std::uint32_t to) {
    return std::binary_search(rules[from].begin(), rules[from].end(), Rule{to, -1, 0},
                              [](const Rule& a, const Rule& b) { return a.to < b.to; });
  };

  std::vector<std::vector<std::pair<std::uint32_t, std::int32_t>>> out(n);
  if (params.transfer_radius_m > 0.0) {
    // Sweep the stops in latitude order; a pair further apart in latitude than the radius is
    // further apart on the sphere too.
    std::vector<std::uint32_t> order;
    for (std::uint32_t s = 0; s < n; ++s) {
      if (has_coordinates(s)) order.push_back(s);
    }
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const double la = c.stop_lat[net::StopId{a}], lb = c.stop_lat[net::StopId{b}];
      return la != lb ? la < lb : a < b;
    });
    const double band_deg = params.transfer_radius_m / kMetresPerDegreeLat;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const double lat_i = c.stop_lat[net::StopId{order[i]}];
      for (std::size_t j = i + 1; j < order.size(); ++j) {
        if (c.stop_lat[net::StopId{order[j]}] - lat_i > band_deg) break;
        const double d = distance_m(order[i], order[j]);
        if (d > params.transfer_radius_m) continue;
        const std::int32_t t = walk_time_s(d, params.walk_speed_mps);
        if (!has_explicit(order[i], order[j])) out[order[i]].emplace_back(order[j], t);
        if (!has_explicit(order[j], order[i])) out[order[j]].emplace_back(order[i], t);
      }
    }
  }

  Footpaths f;
  f.self_time_s_.assign(n, 0);
  for (std::uint32_t s = 0; s < n; ++s) {
    for (const Rule& rule : rules[s]) {
      const std::uint32_t r = rule.row, to = rule.to;
      const bool possible = c.transfer_type[r] != net::TransferType::kNotPossible;
      std::int32_t time_s = c.transfer_min_time_s[r];
      if (to == s) {
        f.self_time_s_[s] = !possible ? kNoBoarding : std::max(time_s, 0);
        continue;
      }
      if (!possible) continue;
      if (time_s < 0) {
        time_s = has_coordinates(s) && has_coordinates(to)
                     ? walk_time_s(distance_m(s, to), params.walk_speed_mps)
                     : 0;
      }
      out[s].emplace_back(to, time_s);
    }
    std::sort(out[s].begin(), out[s].end());
    for (const auto& [to, time_s] : out[s]) {
      f.to_.push_back(net::StopId{to});
      f.time_s_.push_back(time_s);
    }
    f.first_out_.push_back(static_cast<std::uint32_t>(f.to_.size()));
  }
  return f;
}

std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::int32_t frequency_offset_s(std::uint64_t seed, std::uint32_t draw, std::uint32_t row,
                                std::int32_t headway_s) {
  if (headway_s <= 0) throw std::invalid_argument("frequency_offset_s: headway must be positive");
  const std::uint64_t x = splitmix64(splitmix64(seed ^ (draw * 0x9E3779B97F4A7C15ULL)) ^ row);
  return static_cast<std::int32_t>(x % static_cast<std::uint64_t>(headway_s));
}

Raptor::Raptor(const net::TransitNetwork& net, const Footpaths& footpaths)
    : net_(&net),
      footpaths_(&footpaths),
      stop_count_(net.stop_count()),
      trip_count_(net.trip_count()) {
  if (footpaths.stop_count() != stop_count_) {
    throw std::invalid_argument("Raptor: footpaths were built for another network");
  }
  const auto& c = net.columns();
  // The latest time (on its own service day's clock) any vehicle of the route is at a stop.
  auto add_route = [&](net::PatternId p, bool frequency, std::span<const std::uint32_t> trips) {
    std::int64_t latest = 0;
    for (const std::uint32_t t : trips) {
      const std::uint32_t last = c.trip_first_stop_time[t + 1] - 1;
      // A template's own times need not be those of any vehicle: only its rows count.
      std::int64_t x = frequency ? 0 : c.arrival_s[last];
      if (frequency) {
        // The last vehicle leaves the first stop before the latest row end.
        const auto [lo, hi] = net.frequencies_of(net::TripId{t});
        const std::int32_t first_dep = c.departure_s[c.trip_first_stop_time[t]];
        for (std::uint32_t f = lo; f < hi; ++f) {
          x = std::max<std::int64_t>(
              x, std::int64_t{c.frequency_end_s[f]} - 1 + (c.arrival_s[last] - first_dep));
        }
      }
      latest = std::max(latest, x);
    }
    // Day d (the service day d days before the query date) matters when its vehicles are still
    // running at the query date's midnight, i.e. at 24:00 * d or later.
    const auto days = static_cast<std::uint32_t>(latest / 86400);
    max_day_ = std::max(max_day_, days);
    for (std::uint32_t d = 0; d <= days; ++d) {
      route_pattern_.push_back(p.value());
      route_frequency_.push_back(frequency ? 1 : 0);
      route_day_.push_back(static_cast<std::uint8_t>(d));
      route_trip_.insert(route_trip_.end(), trips.begin(), trips.end());
      route_first_trip_.push_back(static_cast<std::uint32_t>(route_trip_.size()));
    }
  };
  // Split each scheduled pattern into routes of trips with equal pickup/drop-off rules (the
  // earliest trip dominates only among those), keeping the pattern's trip order. A frequency
  // pattern gives one route per template: vehicles of one template never overtake each other,
  // those of different templates may.
  route_first_trip_.assign(1, 0);
  for (const net::PatternId p : net.patterns()) {
    if (net.frequency_based(p)) {
      for (const net::TripId t : net.pattern_trips(p)) {
        const std::uint32_t v = t.value();
        add_route(p, true, {&v, 1});
      }
      continue;
    }
    const std::size_t len = net.pattern_stops(p).size();
    std::vector<std::pair<std::vector<std::uint8_t>, std::vector<std::uint32_t>>> groups;
    std::vector<std::uint8_t> rule(len);
    for (const net::TripId t : net.pattern_trips(p)) {
      const std::uint32_t first = c.trip_first_stop_time[t.value()];
      for (std::size_t i = 0; i < len; ++i) {
        rule[i] = static_cast<std::uint8_t>((c.pickup_type[first + i] == 1 ? 2 : 0) |
                                            (c.drop_off_type[first + i] == 1 ? 1 : 0));
      }
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const auto& g) { return g.first == rule; });
      if (it == groups.end()) {
        groups.emplace_back(rule, std::vector<std::uint32_t>{});
        it = groups.end() - 1;
      }
      it->second.push_back(t.value());
    }
    for (const auto& g : groups) add_route(p, false, g.second);
  }
  if (max_day_ > 255) throw std::invalid_argument("Raptor: trips run more than 255 days");
  const auto route_count = static_cast<std::uint32_t>(route_pattern_.size());
  // Every (route, position) of a stop, as a CSR by stop.
  stop_first_occurrence_.assign(stop_count_ + 1, 0);
  for (std::uint32_t r = 0; r < route_count; ++r) {
    for (const net::StopId s : net.pattern_stops(net::PatternId{route_pattern_[r]})) {
      ++stop_first_occurrence_[s.value() + 1];
    }
  }
  for (std::uint32_t s = 0; s < stop_count_; ++s) {
    stop_first_occurrence_[s + 1] += stop_first_occurrence_[s];
  }
  occurrence_.resize(stop_first_occurrence_[stop_count_]);
  std::vector<std::uint32_t> fill(stop_first_occurrence_.begin(), stop_first_occurrence_.end() - 1);
  for (std::uint32_t r = 0; r < route_count; ++r) {
    const auto stops = net.pattern_stops(net::PatternId{route_pattern_[r]});
    for (std::uint32_t i = 0; i < stops.size(); ++i) {
      occurrence_[fill[stops[i].value()]++] = {r, i};
    }
  }
  route_from_.assign(route_count, kNoPosition);
  marked_.assign(stop_count_, 0);
  trip_improved_.assign(stop_count_, 0);
  frequency_offset_s_.assign(net.frequency_count(), 0);
}

void Raptor::prepare(std::span<const RaptorSource> sources, net::Date date, int max_transfers) {
  if (max_transfers < 0 || max_transfers > 1000) {
    throw std::invalid_argument("Raptor: max_transfers must be in [0, 1000]");
  }
  for (const RaptorSource& src : sources) {
    if (!src.stop.valid() || src.stop.value() >= stop_count_) {
      throw std::invalid_argument("Raptor: bad source stop");
    }
  }
  if (!have_date_ || date != date_) {
    const auto& trip_service = net_->columns().trip_service;
    trip_active_.assign(static_cast<std::size_t>(max_day_ + 1) * trip_count_, 0);
    for (std::uint32_t d = 0; d <= max_day_; ++d) {
      const auto active = net_->active_services(date.plus_days(-static_cast<std::int32_t>(d)));
      for (const net::TripId t : net_->trips()) {
        trip_active_[static_cast<std::size_t>(d) * trip_count_ + t.value()] =
            active[trip_service[t]];
      }
    }
    date_ = date;
    have_date_ = true;
    frequency_active_ = false;
    for (std::uint32_t r = 0; r < route_pattern_.size(); ++r) {
      if (route_frequency_[r] && route_active(r)) frequency_active_ = true;
    }
  }
  rounds_ = max_transfers + 1;
  reset_labels();
  minutes_ = 0;
  samples_ = 0;
  travel_time_s_.clear();
}

bool Raptor::route_active(std::uint32_t r) const {
  const std::size_t base = static_cast<std::size_t>(route_day_[r]) * trip_count_;
  for (std::uint32_t x = route_first_trip_[r]; x < route_first_trip_[r + 1]; ++x) {
    if (trip_active_[base + route_trip_[x]]) return true;
  }
  return false;
}

void Raptor::reset_labels() {
  labels_.assign(static_cast<std::size_t>(rounds_ + 1) * stop_count_, Label{});
  for (const std::uint32_t s : marked_list_) marked_[s] = 0;
  marked_list_.clear();
}

void Raptor::set_draw(std::uint64_t seed, std::uint32_t draw) {
  const auto& c = net_->columns();
  for (std::uint32_t f = 0; f < frequency_offset_s_.size(); ++f) {
    frequency_offset_s_[f] = frequency_offset_s(seed, draw, f, c.frequency_headway_s[f]);
  }
}

void Raptor::seed_sources(std::span<const RaptorSource> sources, std::int32_t offset_s) {
  for (const RaptorSource& src : sources) {
    const std::uint32_t s = src.stop.value();
    const std::int32_t x = src.time_s + offset_s;
    Label& l = label(0, s);
    if (x < l.arrival_s) {
      l.arrival_s = x;
      l.arrival_from = From::kSource;
    }
    if (x < l.ready_s) {
      l.ready_s = x;
      l.ready_from = From::kSource;
      if (!marked_[s]) {
        marked_[s] = 1;
        marked_list_.push_back(s);
      }
    }
  }
}

void Raptor::run(std::span<const RaptorSource> sources, net::Date date, int max_transfers,
                 std::uint64_t seed, std::uint32_t draw) {
  prepare(sources, date, max_transfers);
  if (frequency_active_) set_draw(seed, draw);
  seed_sources(sources, 0);
  run_rounds();
}

void Raptor::run_range(std::span<const RaptorSource> sources, net::Date date, int max_transfers,
                       std::int32_t first_departure_s, std::int32_t minutes, std::int32_t draws,
                       std::uint64_t seed) {
  if (minutes < 0) throw std::invalid_argument("Raptor: minutes must not be negative");
  if (draws < 1) throw std::invalid_argument("Raptor: draws must be at least 1");
  prepare(sources, date, max_transfers);
  // A timetable has no randomness: one draw says it all.
  const std::int32_t n_draws = frequency_active_ ? draws : 1;
  const std::int64_t samples = std::int64_t{minutes} * n_draws;
  if (samples > std::numeric_limits<std::int32_t>::max()) {
    throw std::invalid_argument("Raptor: minutes * draws is too large");
  }
  minutes_ = minutes;
  samples_ = static_cast<std::int32_t>(samples);
  travel_time_s_.assign(static_cast<std::size_t>(samples) * stop_count_, kUnreachable);
  // The last draw first, so that the labels left are those of draw 0 (as run() would give).
  for (std::int32_t d = n_draws - 1; d >= 0; --d) {
    if (frequency_active_) set_draw(seed, static_cast<std::uint32_t>(d));
    if (d != n_draws - 1) reset_labels();
    for (std::int32_t m = minutes - 1; m >= 0; --m) {
      const std::int32_t departure_s = first_departure_s + 60 * m;
      seed_sources(sources, departure_s);
      run_rounds();
      std::int32_t* out =
          travel_time_s_.data() + (static_cast<std::size_t>(d) * static_cast<std::size_t>(minutes) +
                                   static_cast<std::size_t>(m)) *
                                      stop_count_;
      for (std::uint32_t s = 0; s < stop_count_; ++s) {
        const std::int32_t a = label(rounds_, s).arrival_s;
        out[s] = a == kUnreachable ? kUnreachable : a - departure_s;
      }
    }
  }
}

void Raptor::run_rounds() {
  for (int k = 1; k <= rounds_; ++k) {
    // Labels are non-increasing in the round: round k starts from round k - 1.
    for (std::uint32_t s = 0; s < stop_count_; ++s) {
      const Label& prev = label(k - 1, s);
      Label& cur = label(k, s);
      if (prev.arrival_s < cur.arrival_s) {
        cur.arrival_s = prev.arrival_s;
        cur.arrival_from = prev.arrival_from;
        cur.walk_from = prev.walk_from;
      }
      if (prev.trip_arrival_s < cur.trip_arrival_s) {
        cur.trip_arrival_s = prev.trip_arrival_s;
        cur.trip = prev.trip;
        cur.board_stop = prev.board_stop;
        cur.board_s = prev.board_s;
        cur.trip_round = prev.trip_round;
        cur.trip_day = prev.trip_day;
      }
      if (prev.ready_s < cur.ready_s) {
        cur.ready_s = prev.ready_s;
        cur.ready_from = prev.ready_from;
        cur.ready_walk_from = prev.ready_walk_from;
      }
    }
    if (marked_list_.empty()) continue;
    scan_round(k);
    walk_round(k);
  }
  for (const std::uint32_t s : marked_list_) marked_[s] = 0;
  marked_list_.clear();
}

void Raptor::scan_round(int k) {
  // Routes through the stops marked in round k - 1, from the first marked position.
  route_list_.clear();
  for (const std::uint32_t s : marked_list_) {
    marked_[s] = 0;
    for (std::uint32_t o = stop_first_occurrence_[s]; o < stop_first_occurrence_[s + 1]; ++o) {
      const auto [r, pos] = occurrence_[o];
      if (route_from_[r] == kNoPosition) route_list_.push_back(r);
      route_from_[r] = std::min(route_from_[r], pos);
    }
  }
  marked_list_.clear();
  std::sort(route_list_.begin(), route_list_.end());
  for (const std::uint32_t r : route_list_) {
    if (route_frequency_[r]) {
      scan_frequency(k, r);
    } else {
      scan_scheduled(k, r);
    }
    route_from_[r] = kNoPosition;
  }
}

// Alighting at s at time a (query-date clock) from `trip`, boarded at board_stop at board_s.
void Raptor::improve_by_trip(int k, std::uint32_t s, std::int32_t a, std::uint8_t day,
                             std::uint32_t trip, std::uint32_t board_stop, std::int32_t board_s) {
  Label& l = label(k, s);
  if (a >= l.trip_arrival_s) return;
  l.trip_arrival_s = a;
  l.trip = net::TripId{trip};
  l.board_stop = board_stop;
  l.board_s = board_s;
  l.trip_round = static_cast<std::uint16_t>(k);
  l.trip_day = day;
  if (!trip_improved_[s]) {
    trip_improved_[s] = 1;
    trip_improved_list_.push_back(s);
  }
  if (a < l.arrival_s) {
    l.arrival_s = a;
    l.arrival_from = From::kTrip;
  }
  const std::int32_t self_s = footpaths_->self_time_s(net::StopId{s});
  if (self_s != Footpaths::kNoBoarding && a + self_s < l.ready_s) {
    l.ready_s = a + self_s;
    l.ready_from = From::kTrip;
    if (!marked_[s]) {
      marked_[s] = 1;
      marked_list_.push_back(s);
    }
  }
}

void Raptor::scan_scheduled(int k, std::uint32_t r) {
  const auto& c = net_->columns();
  const auto& first_st = c.trip_first_stop_time;
  const std::uint32_t from = route_from_[r];
  const auto stops = net_->pattern_stops(net::PatternId{route_pattern_[r]});
  const std::uint32_t* trips = route_trip_.data();
  const std::uint32_t first_trip = route_first_trip_[r];
  const std::uint32_t end_trip = route_first_trip_[r + 1];
  const std::uint8_t day = route_day_[r];
  // The trips of the service day `day` days back run on the query date's clock `shift` earlier.
  const std::int32_t shift = 86400 * static_cast<std::int32_t>(day);
  const std::uint8_t* active = trip_active_.data() + static_cast<std::size_t>(day) * trip_count_;
  std::uint32_t j = kNoTrip, board_stop = 0;  // j: index into route_trip_
  std::int32_t board_s = 0;
  for (std::uint32_t i = from; i < stops.size(); ++i) {
    const std::uint32_t s = stops[i].value();
    if (j != kNoTrip) {
      const std::uint32_t st = first_st[trips[j]] + i;
      if (c.drop_off_type[st] != 1) {
        improve_by_trip(k, s, c.arrival_s[st] - shift, day, trips[j], board_stop, board_s);
      }
    }
    // Catch an earlier trip here?
    const std::int32_t ready_s = label(k - 1, s).ready_s;
    if (ready_s == kUnreachable) continue;
    // On the trips' own clock (no overflow: times and shifts are far below 2^31 / 2).
    const std::int64_t ready_own = std::int64_t{ready_s} + shift;
    if (j != kNoTrip && ready_own > c.departure_s[first_st[trips[j]] + i]) continue;
    const std::uint32_t limit = j == kNoTrip ? end_trip : j;
    // FIFO: departures at position i are non-decreasing over the route's trips.
    std::uint32_t lo = first_trip, hi = limit;
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      if (c.departure_s[first_st[trips[mid]] + i] < ready_own) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (std::uint32_t x = lo; x < limit; ++x) {
      const std::uint32_t st = first_st[trips[x]] + i;
      if (!active[trips[x]] || c.pickup_type[st] == 1) continue;
      j = x;
      board_stop = s;
      board_s = c.departure_s[st] - shift;
      break;
    }
  }
}

// A frequency template's vehicles leave the first stop at t0 = start + offset + n * headway <
// end for each of its rows (offset: the row's draw), and are at stop i at t0 + (the template's
// time at i - its departure at the first stop). Vehicles never overtake each other, so the
// earliest catchable one dominates, as for a scheduled route; it is found per row in O(1).
void Raptor::scan_frequency(int k, std::uint32_t r) {
  const auto& c = net_->columns();
  const std::uint32_t from = route_from_[r];
  const std::uint32_t trip = route_trip_[route_first_trip_[r]];
  const std::uint8_t day = route_day_[r];
  if (!trip_active_[static_cast<std::size_t>(day) * trip_count_ + trip]) return;
  const std::int64_t shift = 86400 * std::int64_t{day};
  const auto stops = net_->pattern_stops(net::PatternId{route_pattern_[r]});
  const std::uint32_t first = c.trip_first_stop_time[trip];
  const std::int64_t dep0 = c.departure_s[first];
  const auto [row_lo, row_hi] = net_->frequencies_of(net::TripId{trip});
  constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::max();
  std::int64_t t0 = kNone;  // the vehicle ridden: its departure from the first stop, own clock
  std::uint32_t board_stop = 0;
  std::int32_t board_s = 0;
  for (std::uint32_t i = from; i < stops.size(); ++i) {
    const std::uint32_t s = stops[i].value();
    const std::uint32_t st = first + i;
    if (t0 != kNone && c.drop_off_type[st] != 1) {
      const auto a = static_cast<std::int32_t>(t0 + (c.arrival_s[st] - dep0) - shift);
      improve_by_trip(k, s, a, day, trip, board_stop, board_s);
    }
    const std::int32_t ready_s = label(k - 1, s).ready_s;
    if (ready_s == kUnreachable || c.pickup_type[st] == 1) continue;
    // Earliest vehicle with t0 + (departure at i - dep0) >= ready, i.e. t0 >= need.
    const std::int64_t need = std::int64_t{ready_s} + shift - (c.departure_s[st] - dep0);
    std::int64_t best = t0;
    for (std::uint32_t f = row_lo; f < row_hi; ++f) {
      const std::int64_t start = std::int64_t{c.frequency_start_s[f]} + frequency_offset_s_[f];
      const std::int64_t h = c.frequency_headway_s[f];
      const std::int64_t n = need <= start ? 0 : (need - start + h - 1) / h;
      const std::int64_t x = start + n * h;
      if (x < c.frequency_end_s[f] && x < best) best = x;
    }
    if (best < t0) {
      t0 = best;
      board_stop = s;
      board_s = static_cast<std::int32_t>(best + (c.departure_s[st] - dep0) - shift);
    }
  }
}

void Raptor::walk_round(int k) {
  for (const std::uint32_t s : trip_improved_list_) {
    trip_improved_[s] = 0;
    const std::int32_t a = label(k, s).trip_arrival_s;
    const net::StopId sid{s};
    const auto targets = footpaths_->targets(sid);
    const auto times = footpaths_->times_s(sid);
    for (std::size_t j = 0; j < targets.size(); ++j) {
      const std::uint32_t t = targets[j].value();
      const std::int32_t x = a + times[j];
      Label& l = label(k, t);
      if (x < l.arrival_s) {
        l.arrival_s = x;
        l.arrival_from = From::kWalk;
        l.walk_from = s;
      }
      if (x < l.ready_s) {
        l.ready_s = x;
        l.ready_from = From::kWalk;
        l.ready_walk_from = s;
        if (!marked_[t]) {
          marked_[t] = 1;
          marked_list_.push_back(t);
        }
      }
    }
  }
  trip_improved_list_.clear();
}

void Raptor::append_ready_legs(int round, std::uint32_t s, std::vector<JourneyLeg>& legs) const {
  const Label& l = label(round, net::StopId{s});
  if (l.ready_from == From::kTrip) {
    append_trip_legs(round, s, legs);
  } else if (l.ready_from == From::kWalk) {
    const std::uint32_t r = l.ready_walk_from;
    append_trip_legs(round, r, legs);
    legs.push_back({JourneyLeg::Kind::kWalk, net::TripId::invalid(), net::StopId{r}, net::StopId{s},
                    label(round, net::StopId{r}).trip_arrival_s, l.ready_s, 0});
  }
}

void Raptor::append_trip_legs(int round, std::uint32_t s, std::vector<JourneyLeg>& legs) const {
  const Label& l = label(round, net::StopId{s});
  if (l.trip_arrival_s == kUnreachable) return;
  append_ready_legs(l.trip_round - 1, l.board_stop, legs);
  legs.push_back({JourneyLeg::Kind::kTrip, l.trip, net::StopId{l.board_stop}, net::StopId{s},
                  l.board_s, l.trip_arrival_s, -86400 * static_cast<std::int32_t>(l.trip_day)});
}

std::vector<JourneyLeg> Raptor::journey_to(net::StopId s) const {
  std::vector<JourneyLeg> legs;
  if (!s.valid() || s.value() >= stop_count_ || labels_.empty()) return legs;
  const Label& l = label(rounds_, s);
  if (l.arrival_from == From::kTrip) {
    append_trip_legs(rounds_, s.value(), legs);
  } else if (l.arrival_from == From::kWalk) {
    const std::uint32_t r = l.walk_from;
    append_trip_legs(rounds_, r, legs);
    legs.push_back({JourneyLeg::Kind::kWalk, net::TripId::invalid(), net::StopId{r}, s,
                    label(rounds_, net::StopId{r}).trip_arrival_s, l.arrival_s, 0});
  }
  return legs;
}

std::vector<std::int32_t> travel_time_percentiles(std::span<const std::int32_t> times_s,
                                                  std::span<const double> percentiles) {
  if (times_s.empty()) throw std::invalid_argument("travel_time_percentiles: no values");
  std::vector<std::int32_t> sorted(times_s.begin(), times_s.end());
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(sorted.size());
  std::vector<std::int32_t> out;
  out.reserve(percentiles.size());
  for (const double p : percentiles) {
    if (!(p >= 0.0 && p <= 100.0)) {
      throw std::invalid_argument("travel_time_percentiles: percentile out of [0, 100]");
    }
    // Nearest rank; the small slack keeps p * n / 100 == 3.0000000001 at rank 3.
    double rank = std::ceil(p * n / 100.0 - 1e-9);
    rank = std::clamp(rank, 1.0, n);
    out.push_back(sorted[static_cast<std::size_t>(rank) - 1]);
  }
  return out;
}

}  // namespace ouflow::sim
