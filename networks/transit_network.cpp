#include "networks/transit_network.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <string>

#include "networks/input_error.h"

namespace ouflow::net {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, std::int64_t& m, std::int64_t& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

[[noreturn]] void fail(const std::string& what) {
  throw InvariantError("transit network: " + what);
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  }
  return true;
}

// A CSR offset array: size n + 1, starts at 0, never decreases, ends at `total`.
void check_offsets(const std::vector<std::uint32_t>& first, std::size_t n, std::size_t total,
                   const char* name) {
  if (first.size() != n + 1) fail(std::string(name) + " must have one entry per owner plus one");
  if (first.front() != 0 || first.back() != total) {
    fail(std::string(name) + " does not span its column");
  }
  for (std::size_t i = 0; i + 1 < first.size(); ++i) {
    if (first[i] > first[i + 1]) fail(std::string(name) + " decreases at " + std::to_string(i));
  }
}

template <class Id>
void check_id(Id id, std::size_t n, bool allow_invalid, const std::string& what) {
  if (!id.valid()) {
    if (!allow_invalid) fail(what + " is invalid");
    return;
  }
  if (id.value() >= n) fail(what + " is out of range");
}

template <class Id>
std::unordered_map<std::string, Id> index_of(const IdVector<Id, std::string>& ids,
                                             const char* what) {
  std::unordered_map<std::string, Id> index;
  index.reserve(ids.size());
  for (Id i : ids.ids()) {
    if (!index.emplace(ids[i], i).second) {
      fail(std::string(what) + " id '" + ids[i] + "' appears twice");
    }
  }
  return index;
}

template <class Id>
std::optional<Id> find_in(const std::unordered_map<std::string, Id>& index, std::string_view id) {
  const auto it = index.find(std::string(id));
  if (it == index.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || year < 1 || year > 9999) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days_in_month = month == 2 && leap ? 29 : kDays[month - 1];
  if (day > days_in_month) return std::nullopt;
  return from_days(static_cast<std::int32_t>(days_from_civil(year, month, day)));
}

std::optional<Date> Date::from_yyyymmdd(std::int64_t v) {
  if (v < 0 || v > 99991231) return std::nullopt;
  return from_ymd(static_cast<int>(v / 10000), static_cast<int>(v / 100 % 100),
                  static_cast<int>(v % 100));
}

std::int32_t Date::yyyymmdd() const {
  std::int64_t y = 0, m = 0, d = 0;
  civil_from_days(days_, y, m, d);
  return static_cast<std::int32_t>(y * 10000 + m * 100 + d);
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((days_ % 7) + 7 + 3) % 7);
}

bool is_route_color(std::string_view hex) {
  return hex.size() == 6 && std::all_of(hex.begin(), hex.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
         });
}

bool is_valid_route_type(std::int32_t t) {
  return (t >= 0 && t <= 7) || t == 11 || t == 12 || (t >= 100 && t <= 1799);
}

std::int32_t basic_route_type(std::int32_t t) {
  if (t < 100) return t;
  switch (t / 100) {
    case 1:
      return 2;
    case 4:
      return 1;
    case 8:
      return 11;
    case 9:
      return 0;
    case 10:
    case 12:
      return 4;
    case 13:
      return 6;
    case 14:
      return 7;
    default:
      return 3;
  }
}

std::string format_gtfs_time(std::int32_t seconds) {
  const bool negative = seconds < 0;
  const std::int64_t s = negative ? -static_cast<std::int64_t>(seconds) : seconds;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%02lld:%02lld:%02lld", negative ? "-" : "",
                static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                static_cast<long long>(s % 60));
  return buf;
}

TransitNetwork TransitNetwork::from_columns(TransitColumns columns) {
  TransitNetwork n;
  n.c_ = std::move(columns);
  TransitColumns& c = n.c_;
  // Derive stop -> patterns (sorted by stop, then pattern; a stop visited twice counts once).
  const std::size_t stops = c.stop_id.size();
  if (c.pattern_first_stop.size() != c.pattern_route.size() + 1 ||
      c.pattern_first_stop.back() != c.pattern_stop.size()) {
    fail("pattern_first_stop does not match the patterns");
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  // (stop, pattern)
  pairs.reserve(c.pattern_stop.size());
  for (std::uint32_t p = 0; p < c.pattern_route.size(); ++p) {
    for (std::uint32_t k = c.pattern_first_stop[p]; k < c.pattern_first_stop[p + 1]; ++k) {
      const StopId s = c.pattern_stop.at(k);
      if (!s.valid() || s.value() >= stops) fail("pattern stop out of range");
      pairs.emplace_back(s.value(), p);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  c.stop_first_pattern.assign(stops + 1, 0);
  c.stop_pattern.clear();
  c.stop_pattern.reserve(pairs.size());
  for (const auto& [s, p] : pairs) {
    ++c.stop_first_pattern[s + 1];
    c.stop_pattern.emplace_back(p);
  }
  for (std::size_t i = 0; i < stops; ++i) c.stop_first_pattern[i + 1] += c.stop_first_pattern[i];
  n.validate();
  n.stop_index_ = index_of(c.stop_id, "stop");
  n.route_index_ = index_of(c.route_id, "route");
  n.trip_index_ = index_of(c.trip_id, "trip");
  n.service_index_ = index_of(c.service_id, "service");
  index_of(c.shape_id, "shape");
  return n;
}

std::optional<StopId> TransitNetwork::find_stop(std::string_view id) const {
  return find_in(stop_index_, id);
}
std::optional<RouteId> TransitNetwork::find_route(std::string_view id) const {
  return find_in(route_index_, id);
}
std::optional<TripId> TransitNetwork::find_trip(std::string_view id) const {
  return find_in(trip_index_, id);
}
std::optional<ServiceId> TransitNetwork::find_service(std::string_view id) const {
  return find_in(service_index_, id);
}

std::pair<std::uint32_t, std::uint32_t> TransitNetwork::frequencies_of(TripId t) const {
  const auto [lo, hi] = std::equal_range(c_.frequency_trip.begin(), c_.frequency_trip.end(), t);
  return {static_cast<std::uint32_t>(lo - c_.frequency_trip.begin()),
          static_cast<std::uint32_t>(hi - c_.frequency_trip.begin())};
}

bool TransitNetwork::runs_on(ServiceId s, Date d) const {
  const auto first = c_.exception_date.begin() + c_.service_first_exception[s.value()];
  const auto last = c_.exception_date.begin() + c_.service_first_exception[s.value() + 1];
  const auto it = std::lower_bound(first, last, d);
  if (it != last && *it == d) {
    return c_.exception_type[static_cast<std::size_t>(it - c_.exception_date.begin())] ==
           ExceptionType::kAdded;
  }
  if (d < c_.service_start[s] || d > c_.service_end[s]) return false;
  return (c_.service_weekdays[s] >> d.weekday() & 1u) != 0;
}

std::vector<ServiceId> TransitNetwork::services_on(Date d) const {
  std::vector<ServiceId> out;
  for (ServiceId s : services()) {
    if (runs_on(s, d)) out.push_back(s);
  }
  return out;
}

IdVector<ServiceId, std::uint8_t> TransitNetwork::active_services(Date d) const {
  IdVector<ServiceId, std::uint8_t> out(c_.service_id.size(), 0);
  for (ServiceId s : services()) out[s] = runs_on(s, d) ? 1 : 0;
  return out;
}

void TransitNetwork::validate() const {
  const TransitColumns& c = c_;
  const std::size_t agencies = c.agency_id.size();
  if (c.agency_name.size() != agencies || c.agency_url.size() != agencies ||
      c.agency_timezone.size() != agencies) {
    fail("agency column sizes differ");
  }
  const std::size_t stops = c.stop_id.size();
  if (c.stop_name.size() != stops || c.stop_lon.size() != stops || c.stop_lat.size() != stops ||
      c.stop_x.size() != stops || c.stop_y.size() != stops || c.stop_parent.size() != stops ||
      c.stop_location_type.size() != stops) {
    fail("stop column sizes differ");
  }
  for (StopId s : c.stop_id.ids()) {
    const std::string at = "stop '" + c.stop_id[s] + "'";
    if (static_cast<std::uint8_t>(c.stop_location_type[s]) > 4) fail(at + ": bad location_type");
    const double lon = c.stop_lon[s], lat = c.stop_lat[s];
    if (std::isnan(lon) != std::isnan(lat)) fail(at + ": lon and lat must both be known or not");
    if (!std::isnan(lon) && (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90))) {
      fail(at + ": lon/lat out of range");
    }
    if (std::isnan(lon) && c.stop_location_type[s] <= LocationType::kEntrance) {
      fail(at + ": stops, stations and entrances need lon/lat");
    }
    check_id(c.stop_parent[s], stops, true, at + ": parent");
    if (c.stop_parent[s] == s) fail(at + ": is its own parent");
  }
  const std::size_t routes = c.route_id.size();
  if (c.route_short_name.size() != routes || c.route_long_name.size() != routes ||
      c.route_color.size() != routes || c.route_type.size() != routes ||
      c.route_agency.size() != routes) {
    fail("route column sizes differ");
  }
  for (RouteId r : c.route_id.ids()) {
    if (!is_valid_route_type(c.route_type[r])) fail("route '" + c.route_id[r] + "': route_type");
    if (!c.route_color[r].empty() && !is_route_color(c.route_color[r])) {
      fail("route '" + c.route_id[r] + "': route_color");
    }
    check_id(c.route_agency[r], agencies, true, "route '" + c.route_id[r] + "': agency");
  }
  const std::size_t services = c.service_id.size();
  if (c.service_weekdays.size() != services || c.service_start.size() != services ||
      c.service_end.size() != services) {
    fail("service column sizes differ");
  }
  check_offsets(c.service_first_exception, services, c.exception_date.size(),
                "service_first_exception");
  if (c.exception_type.size() != c.exception_date.size()) fail("exception column sizes differ");
  for (std::size_t s = 0; s < services; ++s) {
    if (c.service_weekdays[ServiceId{static_cast<std::uint32_t>(s)}] > 0x7f) {
      fail("service weekdays beyond 7 bits");
    }
    for (std::uint32_t k = c.service_first_exception[s]; k < c.service_first_exception[s + 1];
         ++k) {
      if (k > c.service_first_exception[s] && !(c.exception_date[k - 1] < c.exception_date[k])) {
        fail("exceptions of service '" + c.service_id[ServiceId{static_cast<std::uint32_t>(s)}] +
             "' not strictly increasing by date");
      }
      if (c.exception_type[k] != ExceptionType::kAdded &&
          c.exception_type[k] != ExceptionType::kRemoved) {
        fail("bad exception type");
      }
    }
  }
  const std::size_t shapes = c.shape_id.size();
  check_offsets(c.shape_first_point, shapes, c.shape_point_lon.size(), "shape_first_point");
  if (c.shape_point_lat.size() != c.shape_point_lon.size() ||
      c.shape_point_dist.size() != c.shape_point_lon.size()) {
    fail("shape point column sizes differ");
  }
  const std::size_t patterns = c.pattern_route.size();
  const std::size_t trips = c.trip_id.size();
  if (c.pattern_frequency_based.size() != patterns) fail("pattern column sizes differ");
  check_offsets(c.pattern_first_stop, patterns, c.pattern_stop.size(), "pattern_first_stop");
  check_offsets(c.pattern_first_trip, patterns, trips, "pattern_first_trip");
  if (c.trip_headsign.size() != trips || c.trip_pattern.size() != trips ||
      c.trip_service.size() != trips || c.trip_shape.size() != trips) {
    fail("trip column sizes differ");
  }
  const std::size_t stop_times = c.arrival_s.size();
  check_offsets(c.trip_first_stop_time, trips, stop_times, "trip_first_stop_time");
  if (c.departure_s.size() != stop_times || c.pickup_type.size() != stop_times ||
      c.drop_off_type.size() != stop_times) {
    fail("stop time column sizes differ");
  }
  for (std::uint32_t p = 0; p < patterns; ++p) {
    const PatternId pid{p};
    check_id(c.pattern_route[pid], routes, false, "pattern route");
    if (c.pattern_frequency_based[pid] > 1) fail("pattern_frequency_based is not 0 or 1");
    const std::uint32_t len = c.pattern_first_stop[p + 1] - c.pattern_first_stop[p];
    if (len < 2) fail("pattern " + std::to_string(p) + " has fewer than 2 stops");
    for (std::uint32_t k = c.pattern_first_stop[p]; k < c.pattern_first_stop[p + 1]; ++k) {
      check_id(c.pattern_stop[k], stops, false, "pattern stop");
    }
    if (c.pattern_first_trip[p] == c.pattern_first_trip[p + 1]) {
      fail("pattern " + std::to_string(p) + " has no trips");
    }
    const TripId* prev = nullptr;
    TripId prev_storage;
    for (std::uint32_t t = c.pattern_first_trip[p]; t < c.pattern_first_trip[p + 1]; ++t) {
      const TripId tid{t};
      const std::string at = "trip '" + c.trip_id[tid] + "'";
      if (c.trip_pattern[tid] != pid) fail(at + ": trip_pattern does not match its pattern");
      check_id(c.trip_service[tid], services, false, at + ": service");
      check_id(c.trip_shape[tid], shapes, true, at + ": shape");
      const std::uint32_t b = c.trip_first_stop_time[t], e = c.trip_first_stop_time[t + 1];
      if (e - b != len) fail(at + ": stop time count differs from its pattern's stop count");
      for (std::uint32_t k = b; k < e; ++k) {
        if (c.departure_s[k] < c.arrival_s[k]) fail(at + ": departs before it arrives");
        if (k > b && c.arrival_s[k] < c.departure_s[k - 1]) fail(at + ": times decrease");
        if (c.pickup_type[k] > 3 || c.drop_off_type[k] > 3) fail(at + ": bad pickup/drop-off");
      }
      if (prev != nullptr) {
        const std::uint32_t pb = c.trip_first_stop_time[prev->value()];
        if (c.departure_s[b] < c.departure_s[pb]) fail(at + ": trips not sorted by departure");
        if (c.pattern_frequency_based[pid] == 0) {
          for (std::uint32_t i = 0; i < len; ++i) {
            if (c.arrival_s[b + i] < c.arrival_s[pb + i] ||
                c.departure_s[b + i] < c.departure_s[pb + i]) {
              fail(at + ": overtakes the trip before it in its pattern (FIFO)");
            }
          }
        }
      }
      prev_storage = tid;
      prev = &prev_storage;
    }
  }
  const std::size_t freqs = c.frequency_trip.size();
  if (c.frequency_start_s.size() != freqs || c.frequency_end_s.size() != freqs ||
      c.frequency_headway_s.size() != freqs) {
    fail("frequency column sizes differ");
  }
  for (std::size_t f = 0; f < freqs; ++f) {
    check_id(c.frequency_trip[f], trips, false, "frequency trip");
    if (c.pattern_frequency_based[c.trip_pattern[c.frequency_trip[f]]] == 0) {
      fail("frequency row on a trip of a scheduled pattern");
    }
    if (c.frequency_headway_s[f] <= 0) fail("frequency headway must be positive");
    if (c.frequency_end_s[f] <= c.frequency_start_s[f] || c.frequency_start_s[f] < 0) {
      fail("frequency period must have 0 <= start < end");
    }
    if (f > 0 && std::pair(c.frequency_trip[f], c.frequency_start_s[f]) <
                     std::pair(c.frequency_trip[f - 1], c.frequency_start_s[f - 1])) {
      fail("frequency rows not sorted by (trip, start)");
    }
  }
  for (std::uint32_t p = 0; p < patterns; ++p) {
    if (c.pattern_frequency_based[PatternId{p}] == 0) continue;
    for (std::uint32_t t = c.pattern_first_trip[p]; t < c.pattern_first_trip[p + 1]; ++t) {
      if (!std::binary_search(c.frequency_trip.begin(), c.frequency_trip.end(), TripId{t})) {
        fail("template trip '" + c.trip_id[TripId{t}] + "' has no frequency rows");
      }
    }
  }
  check_offsets(c.stop_first_transfer, stops, c.transfer_to.size(), "stop_first_transfer");
  if (c.transfer_type.size() != c.transfer_to.size() ||
      c.transfer_min_time_s.size() != c.transfer_to.size()) {
    fail("transfer column sizes differ");
  }
  for (std::size_t s = 0; s < stops; ++s) {
    for (std::uint32_t k = c.stop_first_transfer[s]; k < c.stop_first_transfer[s + 1]; ++k) {
      check_id(c.transfer_to[k], stops, false, "transfer to_stop");
      if (k > c.stop_first_transfer[s] && c.transfer_to[k] < c.transfer_to[k - 1]) {
        fail("transfers not sorted by to_stop");
      }
      if (static_cast<std::uint8_t>(c.transfer_type[k]) > 5) fail("bad transfer_type");
      if (c.transfer_min_time_s[k] < -1) fail("min_transfer_time below -1");
    }
  }
  check_offsets(c.stop_first_pattern, stops, c.stop_pattern.size(), "stop_first_pattern");
  for (std::size_t s = 0; s < stops; ++s) {
    for (std::uint32_t k = c.stop_first_pattern[s]; k < c.stop_first_pattern[s + 1]; ++k) {
      check_id(c.stop_pattern[k], patterns, false, "stop pattern");
      if (k > c.stop_first_pattern[s] && !(c.stop_pattern[k - 1] < c.stop_pattern[k])) {
        fail("stop patterns not strictly increasing");
      }
    }
  }
}

bool TransitNetwork::operator==(const TransitNetwork& o) const {
  const TransitColumns& a = c_;
  const TransitColumns& b = o.c_;
  return a.projection == b.projection && a.agency_id == b.agency_id &&
         a.agency_name == b.agency_name && a.agency_url == b.agency_url &&
         a.agency_timezone == b.agency_timezone && a.stop_id == b.stop_id &&
         a.stop_name == b.stop_name && same_bits(a.stop_lon.raw(), b.stop_lon.raw()) &&
         same_bits(a.stop_lat.raw(), b.stop_lat.raw()) &&
         same_bits(a.stop_x.raw(), b.stop_x.raw()) && same_bits(a.stop_y.raw(), b.stop_y.raw()) &&
         a.stop_parent == b.stop_parent && a.stop_location_type == b.stop_location_type &&
         a.route_id == b.route_id && a.route_short_name == b.route_short_name &&
         a.route_long_name == b.route_long_name && a.route_color == b.route_color &&
         a.route_type == b.route_type && a.route_agency == b.route_agency &&
         a.service_id == b.service_id && a.service_weekdays == b.service_weekdays &&
         a.service_start == b.service_start && a.service_end == b.service_end &&
         a.service_first_exception == b.service_first_exception &&
         a.exception_date == b.exception_date && a.exception_type == b.exception_type &&
         a.shape_id == b.shape_id && a.shape_first_point == b.shape_first_point &&
         same_bits(a.shape_point_lon, b.shape_point_lon) &&
         same_bits(a.shape_point_lat, b.shape_point_lat) &&
         same_bits(a.shape_point_dist, b.shape_point_dist) && a.pattern_route == b.pattern_route &&
         a.pattern_frequency_based == b.pattern_frequency_based &&
         a.pattern_first_stop == b.pattern_first_stop && a.pattern_stop == b.pattern_stop &&
         a.pattern_first_trip == b.pattern_first_trip && a.trip_id == b.trip_id &&
         a.trip_headsign == b.trip_headsign && a.trip_pattern == b.trip_pattern &&
         a.trip_service == b.trip_service && a.trip_shape == b.trip_shape &&
         a.trip_first_stop_time == b.trip_first_stop_time && a.arrival_s == b.arrival_s &&
         a.departure_s == b.departure_s && a.pickup_type == b.pickup_type &&
         a.drop_off_type == b.drop_off_type && a.frequency_trip == b.frequency_trip &&
         a.frequency_start_s == b.frequency_start_s && a.frequency_end_s == b.frequency_end_s &&
         a.frequency_headway_s == b.frequency_headway_s &&
         a.stop_first_transfer == b.stop_first_transfer && a.transfer_to == b.transfer_to &&
         a.transfer_type == b.transfer_type && a.transfer_min_time_s == b.transfer_min_time_s &&
         a.stop_first_pattern == b.stop_first_pattern && a.stop_pattern == b.stop_pattern;
}

}  // namespace ouflow::net
