// The transit layer: an immutable, struct-of-arrays timetable (stops, routes, patterns, trips,
// stop times, frequencies, transfers, services, shapes), laid out for RAPTOR and built once by
// TransitBuilder (networks/transit_builder.h).
//
// Layout (every column is its own array; CSR offsets have one entry more than their owners):
//   - Patterns group trips of one route that visit the same stop sequence and are either all
//     scheduled or all frequency-based. pattern_first_stop/pattern_stop is the CSR pattern ->
//     stops.
//   - Trips are numbered pattern by pattern: the trips of pattern p are the contiguous ids
//     [pattern_first_trip[p], pattern_first_trip[p + 1]), sorted by departure at the first stop
//     (ties: by the later departures, then input order).
//   - FIFO: trips of a scheduled pattern never overtake each other: for consecutive trips a, b of
//     a pattern, arrival and departure of b are >= those of a at every stop. TransitBuilder splits
//     a group whose trips overtake into several patterns (first fit in departure order), so RAPTOR
//     may take the earliest catchable trip of a pattern at any stop.
//   - The stop times of trip t are the contiguous entries [trip_first_stop_time[t],
//     trip_first_stop_time[t + 1]), one per stop of its pattern, in the pattern's order.
//   - Times are seconds since service-day midnight (int32; "25:10:00" is 90600).
//   - Frequency-based trips (GTFS frequencies.txt with exact_times=0, and planned lines added with
//     TransitBuilder::add_frequency_line) are templates: their stop times give the running times,
//     shifted so that the first departure equals the template's; the vehicles leave the first stop
//     every headway_s within [start_s, end_s). frequency_* rows are sorted by (trip, start_s).
//     exact_times=1 rows are expanded into scheduled trips at build time (trip id
//     "TEMPLATE@HH:MM:SS", departures start_s, start_s + headway_s, ... < end_s) and do not stay as
//     frequency rows.
//   - Transfers (GTFS transfers.txt) are sorted by (from stop, to stop); stop_first_transfer is the
//     CSR stop -> transfers. transfer_min_time_s is -1 when the feed gave none.
//   - Services: a weekly calendar (weekday bits, bit 0 = Monday, over [start, end]) and dated
//     exceptions (CSR service -> exceptions sorted by date), which override the calendar.
//   - stop_first_pattern/stop_pattern (CSR stop -> patterns serving it, sorted) is derived by
//     from_columns() and not stored in files.
//
// Small tables (agencies, services, frequencies, transfers) use the same column layout, so that
// the protobuf form maps one column onto one repeated field.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "networks/ids.h"
#include "networks/strong_id.h"

namespace ouflow::net {

// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;  // 1970-01-01
  // nullopt when the date does not exist (month 13, 30 February ...).
  static std::optional<Date> from_ymd(int year, int month, int day);
  // 20240131 -> 2024-01-31; nullopt when not a valid date.
  static std::optional<Date> from_yyyymmdd(std::int64_t yyyymmdd);
  static constexpr Date from_days(std::int32_t days_since_epoch) {
    Date d;
    d.days_ = days_since_epoch;
    return d;
  }

  std::int32_t days_since_epoch() const { return days_; }
  std::int32_t yyyymmdd() const;
  // 0 = Monday ... 6 = Sunday.
  int weekday() const;
  Date plus_days(std::int32_t n) const { return from_days(days_ + n); }

  constexpr auto operator<=>(const Date&) const = default;

 private:
  std::int32_t days_ = 0;
};

enum class LocationType : std::uint8_t {
  kStop = 0,
  kStation = 1,
  kEntrance = 2,
  kGenericNode = 3,
  kBoardingArea = 4,
};

enum class TransferType : std::uint8_t {
  kRecommended = 0,
  kTimed = 1,
  kMinimumTime = 2,
  kNotPossible = 3,
  kInSeat = 4,
  kInSeatNotAllowed = 5,
};

enum class ExceptionType : std::uint8_t { kAdded = 1, kRemoved = 2 };

// A GTFS route_type is valid if it is a basic type (0-7, 11, 12) or an extended one (100-1799,
// the Google "Extended GTFS Route Types").
bool is_valid_route_type(std::int32_t route_type);

// Whether `hex` is a route colour as GTFS writes it: six hex digits "RRGGBB", no '#'.
bool is_route_color(std::string_view hex);
// The basic type (0-7, 11, 12) an extended route type belongs to: 100s rail -> 2, 200s coach -> 3,
// 400s urban rail -> 1, 700s bus -> 3, 800 trolleybus -> 11, 900s tram -> 0, 1000/1200 water -> 4,
// 1300 aerial -> 6, 1400 funicular -> 7, others -> 3. Basic types map to themselves.
std::int32_t basic_route_type(std::int32_t route_type);

// "HH:MM:SS" (hours may exceed 23).
std::string format_gtfs_time(std::int32_t seconds);

// The columns of a transit network; see the file comment for their meaning.
struct TransitColumns {
  // Coordinate reference of stop_x/stop_y ("EPSG:326xx"), or "local" when no stop has lon/lat.
  std::string projection = "local";

  std::vector<std::string> agency_id, agency_name, agency_url, agency_timezone;

  IdVector<StopId, std::string> stop_id, stop_name;
  IdVector<StopId, double> stop_lon, stop_lat;  // WGS84 degrees; NaN when the feed gave none
  IdVector<StopId, double> stop_x, stop_y;      // metres in `projection`; NaN when unknown
  IdVector<StopId, StopId> stop_parent;         // invalid when none
  IdVector<StopId, LocationType> stop_location_type;

  IdVector<RouteId, std::string> route_id, route_short_name, route_long_name;
  IdVector<RouteId, std::string> route_color;  // "RRGGBB" or empty (RouteSpec::color)
  IdVector<RouteId, std::int32_t> route_type;
  IdVector<RouteId, AgencyId> route_agency;  // invalid when the feed names none

  IdVector<ServiceId, std::string> service_id;
  IdVector<ServiceId, std::uint8_t> service_weekdays;  // bit 0 Monday ... bit 6 Sunday
  IdVector<ServiceId, Date> service_start, service_end;
  std::vector<std::uint32_t> service_first_exception{0};
  std::vector<Date> exception_date;
  std::vector<ExceptionType> exception_type;

  IdVector<ShapeId, std::string> shape_id;
  std::vector<std::uint32_t> shape_first_point{0};
  std::vector<double> shape_point_lon, shape_point_lat;
  std::vector<double> shape_point_dist;  // shape_dist_traveled in the feed's unit; NaN if none

  IdVector<PatternId, RouteId> pattern_route;
  IdVector<PatternId, std::uint8_t> pattern_frequency_based;  // 1: all its trips are templates
  std::vector<std::uint32_t> pattern_first_stop{0};
  std::vector<StopId> pattern_stop;
  std::vector<std::uint32_t> pattern_first_trip{0};

  IdVector<TripId, std::string> trip_id, trip_headsign;
  IdVector<TripId, PatternId> trip_pattern;
  IdVector<TripId, ServiceId> trip_service;
  IdVector<TripId, ShapeId> trip_shape;  // invalid when none
  std::vector<std::uint32_t> trip_first_stop_time{0};

  std::vector<std::int32_t> arrival_s, departure_s;
  std::vector<std::uint8_t> pickup_type, drop_off_type;  // GTFS codes 0-3

  std::vector<TripId> frequency_trip;
  std::vector<std::int32_t> frequency_start_s, frequency_end_s, frequency_headway_s;

  std::vector<std::uint32_t> stop_first_transfer{0};  // size stops + 1
  std::vector<StopId> transfer_to;
  std::vector<TransferType> transfer_type;
  std::vector<std::int32_t> transfer_min_time_s;  // -1 when none

  // Derived by TransitNetwork::from_columns().
  std::vector<std::uint32_t> stop_first_pattern{0};
  std::vector<PatternId> stop_pattern;
};

class TransitNetwork {
 public:
  TransitNetwork() = default;

  // Derives the stop -> patterns index, validates and indexes the string ids. Throws
  // InvariantError naming the first violation. This is the trust boundary for binary files.
  static TransitNetwork from_columns(TransitColumns columns);
  const TransitColumns& columns() const { return c_; }

  std::uint32_t agency_count() const { return size32(c_.agency_id.size()); }
  std::uint32_t stop_count() const { return size32(c_.stop_id.size()); }
  std::uint32_t route_count() const { return size32(c_.route_id.size()); }
  std::uint32_t service_count() const { return size32(c_.service_id.size()); }
  std::uint32_t shape_count() const { return size32(c_.shape_id.size()); }
  std::uint32_t pattern_count() const { return size32(c_.pattern_route.size()); }
  std::uint32_t trip_count() const { return size32(c_.trip_id.size()); }
  std::uint32_t stop_time_count() const { return size32(c_.arrival_s.size()); }
  std::uint32_t frequency_count() const { return size32(c_.frequency_trip.size()); }
  std::uint32_t transfer_count() const { return size32(c_.transfer_to.size()); }

  IdRange<StopId> stops() const { return c_.stop_id.ids(); }
  IdRange<RouteId> routes() const { return c_.route_id.ids(); }
  IdRange<PatternId> patterns() const { return c_.pattern_route.ids(); }
  IdRange<TripId> trips() const { return c_.trip_id.ids(); }
  IdRange<ServiceId> services() const { return c_.service_id.ids(); }

  std::optional<StopId> find_stop(std::string_view gtfs_id) const;
  std::optional<RouteId> find_route(std::string_view gtfs_id) const;
  std::optional<TripId> find_trip(std::string_view gtfs_id) const;
  std::optional<ServiceId> find_service(std::string_view gtfs_id) const;

  // Pattern structure.
  std::span<const StopId> pattern_stops(PatternId p) const {
    return span_of(c_.pattern_stop, c_.pattern_first_stop, p.value());
  }
  IdRange<TripId> pattern_trips(PatternId p) const {
    return {c_.pattern_first_trip[p.value()], c_.pattern_first_trip[p.value() + 1]};
  }
  bool frequency_based(PatternId p) const { return c_.pattern_frequency_based[p] != 0; }
  std::span<const PatternId> patterns_at(StopId s) const {
    return span_of(c_.stop_pattern, c_.stop_first_pattern, s.value());
  }

  // Stop times of a trip, in the order of its pattern's stops.
  std::span<const std::int32_t> arrivals_s(TripId t) const {
    return span_of(c_.arrival_s, c_.trip_first_stop_time, t.value());
  }
  std::span<const std::int32_t> departures_s(TripId t) const {
    return span_of(c_.departure_s, c_.trip_first_stop_time, t.value());
  }

  // Frequency rows [begin, end) of a template trip (empty for scheduled trips).
  std::pair<std::uint32_t, std::uint32_t> frequencies_of(TripId t) const;
  // Transfer rows [begin, end) leaving stop s.
  std::pair<std::uint32_t, std::uint32_t> transfers_from(StopId s) const {
    return {c_.stop_first_transfer[s.value()], c_.stop_first_transfer[s.value() + 1]};
  }

  // Services.
  bool runs_on(ServiceId s, Date d) const;
  // The services running on `d`, in id order.
  std::vector<ServiceId> services_on(Date d) const;
  // One flag per service (indexable by ServiceId), for filtering trips in a query.
  IdVector<ServiceId, std::uint8_t> active_services(Date d) const;

  // Checks every structural invariant; throws InvariantError naming the first violation.
  void validate() const;

  // Exact equality of every column (doubles bit for bit, so NaN equals NaN).
  bool operator==(const TransitNetwork& o) const;

 private:
  static std::uint32_t size32(std::size_t n) { return static_cast<std::uint32_t>(n); }
  template <class T>
  static std::span<const T> span_of(const std::vector<T>& v,
                                    const std::vector<std::uint32_t>& first, std::uint32_t i) {
    return {v.data() + first[i], v.data() + first[i + 1]};
  }

  TransitColumns c_;
  std::unordered_map<std::string, StopId> stop_index_;
  std::unordered_map<std::string, RouteId> route_index_;
  std::unordered_map<std::string, TripId> trip_index_;
  std::unordered_map<std::string, ServiceId> service_index_;
};

}  // namespace ouflow::net
