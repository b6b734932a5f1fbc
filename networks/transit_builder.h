// Builds a TransitNetwork from GTFS-like records given by string id, in any order except that a
// record's references must exist when it is added (stops before trips, trips before their
// frequencies; parents may come after their children). build() groups trips into patterns,
// expands exact-times frequencies, splits overtaking trips, lays out the columns and validates.
//
// Every rule is checked here, once, for every reader: a violation throws BuildError naming the
// field by its GTFS column name (stop_id, arrival_time, headway_secs ...); the reader adds file
// and line. add_trip() throws StopTimeError, which also says which of the trip's stop times is at
// fault, so that the reader can name its line.
//
// Blank times: a stop time may leave arrival and departure unset (kNoTime) except at the first and
// last stop of a trip. add_trip() interpolates them linearly in distance along the trip, between
// the nearest timed stops before and after: by shape_dist_traveled when every stop time of the
// trip carries one, else by the great-circle distance between consecutive stops. The result is
// rounded to the nearest second; arrival = departure. If only one of arrival and departure is
// given, the other takes its value.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "networks/ids.h"
#include "networks/network_builder.h"
#include "networks/transit_network.h"

namespace ouflow::net {

inline constexpr std::int32_t kNoTime = std::numeric_limits<std::int32_t>::min();

class StopTimeError : public BuildError {
 public:
  StopTimeError(std::size_t index, std::string field, const std::string& what)
      : BuildError(std::move(field), what), index_(index) {}
  // Index into TripSpec::stop_times.
  std::size_t index() const { return index_; }

 private:
  std::size_t index_;
};

struct AgencySpec {
  std::string id, name, url, timezone;
};

struct StopSpec {
  std::string id, name;
  double lon = kUnknown, lat = kUnknown;  // required for stops, stations and entrances
  std::string parent_id;                  // empty: none
  LocationType location_type = LocationType::kStop;
};

struct RouteSpec {
  std::string id, agency_id, short_name, long_name;
  std::int32_t route_type = 3;
  std::string color = {};  // GTFS route_color: six hex digits "RRGGBB" (no #); empty: none given
};


struct ServiceSpec {
  std::string id;
  std::uint8_t weekdays = 0;  // bit 0 Monday ... bit 6 Sunday
  Date start, end;
};

struct StopTimeSpec {
  std::string stop_id;
  std::int32_t arrival_s = kNoTime, departure_s = kNoTime;
  double shape_dist_traveled = kUnknown;
  std::uint8_t pickup_type = 0, drop_off_type = 0;
};

struct TripSpec {
  std::string id, route_id, service_id, headsign, shape_id;
  std::vector<StopTimeSpec> stop_times;  // in travel order
};

struct ShapePoint {
  double lon = kUnknown, lat = kUnknown;
  double dist_traveled = kUnknown;
};

struct FrequencySpec {
  std::string trip_id;
  std::int32_t start_s = 0, end_s = 0, headway_s = 0;
  bool exact_times = false;
};

struct TransferSpec {
  std::string from_stop_id, to_stop_id;
  TransferType type = TransferType::kRecommended;
  std::int32_t min_transfer_time_s = -1;  // -1: none
};

// A planned line without a timetable: a pattern, running times, dwell times and a headway per
// period. It becomes one frequency-based template trip (id `trip_id`) with one frequency row per
// period, exactly as a GTFS exact_times=0 frequency trip.
struct FrequencyLineSpec {
  std::string trip_id;     // unique among trips
  std::string route_id;    // an existing route
  std::string service_id;  // an existing service
  std::string headsign;
  std::vector<std::string> stop_ids;          // at least 2
  std::vector<std::int32_t> running_times_s;  // stop_ids.size() - 1 values, each > 0
  std::vector<std::int32_t> dwell_times_s;    // empty (no dwell) or stop_ids.size() values >= 0
  struct Period {
    std::int32_t start_s = 0, end_s = 0, headway_s = 0;
  };
  std::vector<Period> periods;  // at least one
};

class TransitBuilder {
 public:
  TransitBuilder() = default;

  AgencyId add_agency(const AgencySpec& spec);
  StopId add_stop(const StopSpec& spec);
  RouteId add_route(const RouteSpec& spec);
  // A calendar.txt row. A service named only by exceptions is created by add_exception().
  ServiceId add_service(const ServiceSpec& spec);
  void add_exception(const std::string& service_id, Date date, ExceptionType type);
  // Points in sequence order.
  ShapeId add_shape(const std::string& id, std::vector<ShapePoint> points);
  // Interpolates blank times and checks the trip; throws StopTimeError or BuildError.
  TripId add_trip(TripSpec spec);
  void add_frequency(const FrequencySpec& spec);
  void add_transfer(const TransferSpec& spec);
  TripId add_frequency_line(const FrequencyLineSpec& spec);

  bool has_agency(const std::string& id) const { return agencies_.contains(id); }
  bool has_stop(const std::string& id) const { return stops_.contains(id); }
  bool has_route(const std::string& id) const { return routes_.contains(id); }
  bool has_trip(const std::string& id) const { return trips_.contains(id); }
  bool has_service(const std::string& id) const { return services_.contains(id); }
  bool has_shape(const std::string& id) const { return shapes_.contains(id); }
  std::uint32_t trip_count() const { return static_cast<std::uint32_t>(trip_specs_.size()); }

  // Number of scheduled trips made from exact_times=1 frequency rows by the last build().
  std::uint32_t expanded_trip_count() const { return expanded_trips_; }
  // Number of patterns the FIFO rule split off by the last build().
  std::uint32_t overtaking_splits() const { return overtaking_splits_; }

  // Lays out the columns, validates and returns the network; the builder is left empty.
  TransitNetwork build();

 private:
  struct Trip {
    TripSpec spec;
    std::vector<StopId> stops;
  };

  TransitColumns c_;
  std::unordered_map<std::string, AgencyId> agencies_;
  std::unordered_map<std::string, StopId> stops_;
  std::unordered_map<std::string, RouteId> routes_;
  std::unordered_map<std::string, ServiceId> services_;
  std::unordered_map<std::string, ShapeId> shapes_;
  std::unordered_map<std::string, TripId> trips_;  // index into trip_specs_
  std::vector<std::string> stop_parent_id_;
  std::vector<ServiceSpec> service_specs_;
  std::vector<bool> service_has_calendar_;  // false: created by an exception only (so far)
  std::map<std::pair<std::uint32_t, std::int32_t>, ExceptionType> exceptions_;  // (service, day)
  std::vector<std::vector<ShapePoint>> shape_points_;
  std::vector<Trip> trip_specs_;
  std::vector<FrequencySpec> frequencies_;
  std::vector<TransferSpec> transfers_;
  std::uint32_t expanded_trips_ = 0, overtaking_splits_ = 0;
};

}  // namespace ouflow::net
