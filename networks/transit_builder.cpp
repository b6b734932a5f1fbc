#include "networks/transit_builder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>
#include <utility>

#include "networks/geo.h"

namespace ouflow::net {
namespace {

bool valid_lon_lat(double lon, double lat) {
  return lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

AgencyId TransitBuilder::add_agency(const AgencySpec& spec) {
  const AgencyId id{static_cast<std::uint32_t>(c_.agency_id.size())};
  if (!agencies_.emplace(spec.id, id).second) {
    throw BuildError("agency_id", "agency " + quoted(spec.id) + " appears twice");
  }
  c_.agency_id.push_back(spec.id);
  c_.agency_name.push_back(spec.name);
  c_.agency_url.push_back(spec.url);
  c_.agency_timezone.push_back(spec.timezone);
  return id;
}

StopId TransitBuilder::add_stop(const StopSpec& spec) {
  if (spec.id.empty()) throw BuildError("stop_id", "empty stop id");
  const bool has_coords = !std::isnan(spec.lon) || !std::isnan(spec.lat);
  if (has_coords && !valid_lon_lat(spec.lon, spec.lat)) {
    throw BuildError(
        std::isnan(spec.lat) || !(spec.lat >= -90 && spec.lat <= 90) ? "stop_lat" : "stop_lon",
        "stop " + quoted(spec.id) + ": lon/lat out of range or incomplete");
  }
  if (!has_coords && spec.location_type <= LocationType::kEntrance) {
    throw BuildError("stop_lat", "stop " + quoted(spec.id) +
                                     ": stops, stations and entrances need stop_lat and stop_lon");
  }
  if (static_cast<std::uint8_t>(spec.location_type) > 4) {
    throw BuildError("location_type", "stop " + quoted(spec.id) + ": location_type must be 0-4");
  }
  const StopId id{static_cast<std::uint32_t>(c_.stop_id.size())};
  if (!stops_.emplace(spec.id, id).second) {
    throw BuildError("stop_id", "stop " + quoted(spec.id) + " appears twice");
  }
  c_.stop_id.push_back(spec.id);
  c_.stop_name.push_back(spec.name);
  c_.stop_lon.push_back(has_coords ? spec.lon : kUnknown);
  c_.stop_lat.push_back(has_coords ? spec.lat : kUnknown);
  c_.stop_location_type.push_back(spec.location_type);
  stop_parent_id_.push_back(spec.parent_id);
  return id;
}

RouteId TransitBuilder::add_route(const RouteSpec& spec) {
  if (spec.id.empty()) throw BuildError("route_id", "empty route id");
  if (!is_valid_route_type(spec.route_type)) {
    throw BuildError("route_type", "route " + quoted(spec.id) + ": route_type " +
                                       std::to_string(spec.route_type) +
                                       " is neither a basic (0-7, 11, 12) nor an extended "
                                       "(100-1799) type");
  }
  if (!spec.color.empty() && !is_route_color(spec.color)) {
    throw BuildError("route_color", "route " + quoted(spec.id) + ": route_color " +
                                        quoted(spec.color) + " is not six hex digits RRGGBB");
  }
  AgencyId agency;
  if (!spec.agency_id.empty()) {
    const auto it = agencies_.find(spec.agency_id);
    if (it == agencies_.end()) {
      throw BuildError("agency_id",
                       "route " + quoted(spec.id) + ": unknown agency " + quoted(spec.agency_id));
    }
    agency = it->second;
  } else if (c_.agency_id.size() == 1) {
    agency = AgencyId{0};
  }
  const RouteId id{static_cast<std::uint32_t>(c_.route_id.size())};
  if (!routes_.emplace(spec.id, id).second) {
    throw BuildError("route_id", "route " + quoted(spec.id) + " appears twice");
  }
  c_.route_id.push_back(spec.id);
  c_.route_short_name.push_back(spec.short_name);
  c_.route_long_name.push_back(spec.long_name);
  c_.route_color.push_back(spec.color);
  c_.route_type.push_back(spec.route_type);
  c_.route_agency.push_back(agency);
  return id;
}

ServiceId TransitBuilder::add_service(const ServiceSpec& spec) {
  if (spec.id.empty()) throw BuildError("service_id", "empty service id");
  if (spec.end < spec.start) {
    throw BuildError("end_date", "service " + quoted(spec.id) + ": end_date before start_date");
  }
  if (spec.weekdays > 0x7f) throw BuildError("monday", "weekday bits beyond Sunday");
  const auto it = services_.find(spec.id);
  if (it != services_.end()) {
    const std::uint32_t i = it->second.value();
    if (service_has_calendar_[i]) {
      throw BuildError("service_id", "service " + quoted(spec.id) + " appears twice");
    }
    service_specs_[i] = spec;  // created by an exception first
    service_has_calendar_[i] = true;
    return it->second;
  }
  const ServiceId id{static_cast<std::uint32_t>(service_specs_.size())};
  services_.emplace(spec.id, id);
  service_specs_.push_back(spec);
  service_has_calendar_.push_back(true);
  return id;
}

void TransitBuilder::add_exception(const std::string& service_id, Date date, ExceptionType type) {
  if (service_id.empty()) throw BuildError("service_id", "empty service id");
  if (type != ExceptionType::kAdded && type != ExceptionType::kRemoved) {
    throw BuildError("exception_type", "exception_type must be 1 (added) or 2 (removed)");
  }
  auto it = services_.find(service_id);
  if (it == services_.end()) {
    ServiceSpec spec;
    spec.id = service_id;
    const ServiceId id{static_cast<std::uint32_t>(service_specs_.size())};
    it = services_.emplace(service_id, id).first;
    service_specs_.push_back(spec);
    service_has_calendar_.push_back(false);
  }
  const auto [pos, inserted] =
      exceptions_.emplace(std::pair(it->second.value(), date.days_since_epoch()), type);
  if (!inserted) {
    throw BuildError("date", "service " + quoted(service_id) + " has two exceptions for " +
                                 std::to_string(date.yyyymmdd()));
  }
}

ShapeId TransitBuilder::add_shape(const std::string& id, std::vector<ShapePoint> points) {
  if (id.empty()) throw BuildError("shape_id", "empty shape id");
  for (const ShapePoint& p : points) {
    if (!valid_lon_lat(p.lon, p.lat)) {
      throw BuildError("shape_pt_lat", "shape " + quoted(id) + ": point lon/lat out of range");
    }
  }
  const ShapeId sid{static_cast<std::uint32_t>(shape_points_.size())};
  if (!shapes_.emplace(id, sid).second) {
    throw BuildError("shape_id", "shape " + quoted(id) + " appears twice");
  }
  c_.shape_id.push_back(id);
  shape_points_.push_back(std::move(points));
  return sid;
}

TripId TransitBuilder::add_trip(TripSpec spec) {
  if (spec.id.empty()) throw BuildError("trip_id", "empty trip id");
  if (trips_.contains(spec.id)) throw BuildError("trip_id", "trip " + quoted(spec.id) + " twice");
  if (!routes_.contains(spec.route_id)) {
    throw BuildError("route_id",
                     "trip " + quoted(spec.id) + ": unknown route " + quoted(spec.route_id));
  }
  if (!services_.contains(spec.service_id)) {
    throw BuildError("service_id",
                     "trip " + quoted(spec.id) + ": unknown service " + quoted(spec.service_id));
  }
  if (!spec.shape_id.empty() && !shapes_.contains(spec.shape_id)) {
    throw BuildError("shape_id",
                     "trip " + quoted(spec.id) + ": unknown shape " + quoted(spec.shape_id));
  }
  std::vector<StopTimeSpec>& st = spec.stop_times;
  const std::string trip = "trip " + quoted(spec.id) + ": ";
  if (st.size() < 2) throw BuildError("trip_id", trip + "needs at least 2 stop times");
  std::vector<StopId> stops(st.size());
  for (std::size_t i = 0; i < st.size(); ++i) {
    const auto it = stops_.find(st[i].stop_id);
    if (it == stops_.end()) {
      throw StopTimeError(i, "stop_id", trip + "unknown stop " + quoted(st[i].stop_id));
    }
    stops[i] = it->second;
    if (st[i].pickup_type > 3) throw StopTimeError(i, "pickup_type", trip + "must be 0-3");
    if (st[i].drop_off_type > 3) throw StopTimeError(i, "drop_off_type", trip + "must be 0-3");
    if (st[i].arrival_s == kNoTime) st[i].arrival_s = st[i].departure_s;
    if (st[i].departure_s == kNoTime) st[i].departure_s = st[i].arrival_s;
  }
  if (st.front().arrival_s == kNoTime) {
    throw StopTimeError(0, "arrival_time", trip + "the first stop time of a trip needs a time");
  }
  if (st.back().arrival_s == kNoTime) {
    throw StopTimeError(st.size() - 1, "arrival_time",
                        trip + "the last stop time of a trip needs a time");
  }
  // Distance along the trip, for interpolation.
  const bool by_shape = std::all_of(st.begin(), st.end(), [](const StopTimeSpec& s) {
    return std::isfinite(s.shape_dist_traveled);
  });
  std::vector<double> dist(st.size(), 0.0);
  bool any_blank = false;
  for (const StopTimeSpec& s : st) any_blank = any_blank || s.arrival_s == kNoTime;
  if (any_blank) {
    for (std::size_t i = 1; i < st.size(); ++i) {
      if (by_shape) {
        dist[i] = st[i].shape_dist_traveled;
        if (dist[i] < dist[i - 1]) {
          throw StopTimeError(i, "shape_dist_traveled", trip + "shape_dist_traveled decreases");
        }
      } else {
        const StopId a = stops[i - 1], b = stops[i];
        const double d =
            haversine_m(c_.stop_lon[a], c_.stop_lat[a], c_.stop_lon[b], c_.stop_lat[b]);
        dist[i] = dist[i - 1] + (std::isfinite(d) ? d : 0.0);
      }
    }
    std::size_t prev = 0;
    for (std::size_t i = 1; i < st.size(); ++i) {
      if (st[i].arrival_s != kNoTime) {
        prev = i;
        continue;
      }
      std::size_t next = i + 1;
      while (st[next].arrival_s == kNoTime) ++next;
      const double t0 = st[prev].departure_s, t1 = st[next].arrival_s;
      const double span = dist[next] - dist[prev];
      const double share = span > 0 ? (dist[i] - dist[prev]) / span : 0.0;
      const auto t = static_cast<std::int32_t>(std::lround(t0 + (t1 - t0) * share));
      st[i].arrival_s = st[i].departure_s = t;
    }
  }
  for (std::size_t i = 0; i < st.size(); ++i) {
    if (st[i].departure_s < st[i].arrival_s) {
      throw StopTimeError(i, "departure_time",
                          trip + "departure " + format_gtfs_time(st[i].departure_s) +
                              " is before arrival " + format_gtfs_time(st[i].arrival_s));
    }
    if (i > 0 && st[i].arrival_s < st[i - 1].departure_s) {
      throw StopTimeError(i, "arrival_time",
                          trip + "times must not decrease along a trip: arrival " +
                              format_gtfs_time(st[i].arrival_s) + " after departure " +
                              format_gtfs_time(st[i - 1].departure_s) + " at the stop before");
    }
  }
  const TripId id{static_cast<std::uint32_t>(trip_specs_.size())};
  trips_.emplace(spec.id, id);
  trip_specs_.push_back(Trip{std::move(spec), std::move(stops)});
  return id;
}

void TransitBuilder::add_frequency(const FrequencySpec& spec) {
  const auto it = trips_.find(spec.trip_id);
  if (it == trips_.end()) {
    throw BuildError("trip_id", "frequency of unknown trip " + quoted(spec.trip_id));
  }
  if (spec.headway_s <= 0) {
    throw BuildError("headway_secs",
                     "headway must be positive, not " + std::to_string(spec.headway_s));
  }
  if (spec.start_s < 0 || spec.end_s <= spec.start_s) {
    throw BuildError("end_time", "end_time " + format_gtfs_time(spec.end_s) +
                                     " must be after start_time " + format_gtfs_time(spec.start_s));
  }
  for (const FrequencySpec& f : frequencies_) {
    if (f.trip_id == spec.trip_id && f.exact_times != spec.exact_times) {
      throw BuildError("exact_times",
                       "trip " + quoted(spec.trip_id) + " mixes exact_times 0 and 1");
    }
  }
  frequencies_.push_back(spec);
}

void TransitBuilder::add_transfer(const TransferSpec& spec) {
  if (!stops_.contains(spec.from_stop_id)) {
    throw BuildError("from_stop_id", "unknown stop " + quoted(spec.from_stop_id));
  }
  if (!stops_.contains(spec.to_stop_id)) {
    throw BuildError("to_stop_id", "unknown stop " + quoted(spec.to_stop_id));
  }
  if (static_cast<std::uint8_t>(spec.type) > 5) {
    throw BuildError("transfer_type", "transfer_type must be 0-5");
  }
  if (spec.min_transfer_time_s < -1) {
    throw BuildError("min_transfer_time", "min_transfer_time must not be negative");
  }
  transfers_.push_back(spec);
}

TripId TransitBuilder::add_frequency_line(const FrequencyLineSpec& spec) {
  const std::size_t n = spec.stop_ids.size();
  const std::string line = "frequency line " + quoted(spec.trip_id) + ": ";
  if (n < 2) throw BuildError("stop_ids", line + "needs at least 2 stops");
  if (spec.running_times_s.size() != n - 1) {
    throw BuildError("running_times_s", line + "needs one running time per pair of stops");
  }
  if (!spec.dwell_times_s.empty() && spec.dwell_times_s.size() != n) {
    throw BuildError("dwell_times_s", line + "needs no dwell times or one per stop");
  }
  if (spec.periods.empty()) throw BuildError("periods", line + "needs at least one period");
  for (std::int32_t r : spec.running_times_s) {
    if (r <= 0) throw BuildError("running_times_s", line + "running times must be positive");
  }
  for (std::int32_t d : spec.dwell_times_s) {
    if (d < 0) throw BuildError("dwell_times_s", line + "dwell times must not be negative");
  }
  TripSpec trip;
  trip.id = spec.trip_id;
  trip.route_id = spec.route_id;
  trip.service_id = spec.service_id;
  trip.headsign = spec.headsign;
  std::int32_t t = spec.periods.front().start_s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) t += spec.running_times_s[i - 1];
    StopTimeSpec s;
    s.stop_id = spec.stop_ids[i];
    s.arrival_s = t;
    if (!spec.dwell_times_s.empty()) t += spec.dwell_times_s[i];
    s.departure_s = t;
    trip.stop_times.push_back(std::move(s));
  }
  const TripId id = add_trip(std::move(trip));
  for (const FrequencyLineSpec::Period& p : spec.periods) {
    add_frequency(FrequencySpec{spec.trip_id, p.start_s, p.end_s, p.headway_s, false});
  }
  return id;
}

TransitNetwork TransitBuilder::build() {
  TransitColumns& c = c_;
  // Stops: parents and projection.
  const std::size_t stop_n = c.stop_id.size();
  c.stop_parent.assign(stop_n, StopId::invalid());
  for (StopId s : c.stop_id.ids()) {
    const std::string& parent = stop_parent_id_[s.value()];
    if (parent.empty()) continue;
    const auto it = stops_.find(parent);
    if (it == stops_.end() || it->second == s) {
      throw BuildError("parent_station", "stop " + quoted(c.stop_id[s]) +
                                             ": unknown parent station " + quoted(parent));
    }
    c.stop_parent[s] = it->second;
  }
  double sum_lon = 0, sum_lat = 0;
  std::size_t located = 0;
  for (StopId s : c.stop_id.ids()) {
    if (std::isnan(c.stop_lon[s])) continue;
    sum_lon += c.stop_lon[s];
    sum_lat += c.stop_lat[s];
    ++located;
  }
  if (located > 0) {
    const double n = static_cast<double>(located);
    c.projection = utm_epsg_for(sum_lon / n, sum_lat / n);
    project_wgs84(c.projection, c.stop_lon.raw(), c.stop_lat.raw(), c.stop_x.raw(), c.stop_y.raw());
  } else {
    c.projection = "local";
    c.stop_x.assign(stop_n, kUnknown);
    c.stop_y.assign(stop_n, kUnknown);
  }

  // Services and their exceptions (exceptions_ is ordered by service, then date).
  for (const ServiceSpec& s : service_specs_) {
    c.service_id.push_back(s.id);
    c.service_weekdays.push_back(s.weekdays);
    c.service_start.push_back(s.start);
    c.service_end.push_back(s.end);
  }
  c.service_first_exception.assign(service_specs_.size() + 1, 0);
  for (const auto& [key, type] : exceptions_) {
    ++c.service_first_exception[key.first + 1];
    c.exception_date.push_back(Date::from_days(key.second));
    c.exception_type.push_back(type);
  }
  for (std::size_t i = 0; i < service_specs_.size(); ++i) {
    c.service_first_exception[i + 1] += c.service_first_exception[i];
  }

  // Shapes.
  for (const auto& points : shape_points_) {
    for (const ShapePoint& p : points) {
      c.shape_point_lon.push_back(p.lon);
      c.shape_point_lat.push_back(p.lat);
      c.shape_point_dist.push_back(p.dist_traveled);
    }
    c.shape_first_point.push_back(static_cast<std::uint32_t>(c.shape_point_lon.size()));
  }

  // Trip instances: scheduled trips, frequency templates (exact_times=0) and the scheduled trips
  // expanded from exact_times=1 rows.
  struct Instance {
    std::uint32_t source;  // index into trip_specs_
    std::int32_t offset_s;
    std::string id;
    bool frequency_based;
  };
  std::vector<std::int8_t> exact(trip_specs_.size(), -1);  // -1: no frequency rows
  for (const FrequencySpec& f : frequencies_) exact[trips_.at(f.trip_id).value()] = f.exact_times;
  std::vector<Instance> instances;
  instances.reserve(trip_specs_.size());
  for (std::uint32_t i = 0; i < trip_specs_.size(); ++i) {
    if (exact[i] == 1) continue;  // replaced by its expansion
    instances.push_back(Instance{i, 0, trip_specs_[i].spec.id, exact[i] == 0});
  }
  expanded_trips_ = 0;
  for (const FrequencySpec& f : frequencies_) {
    if (!f.exact_times) continue;
    const std::uint32_t src = trips_.at(f.trip_id).value();
    const std::int32_t first_dep = trip_specs_[src].spec.stop_times.front().departure_s;
    for (std::int32_t t = f.start_s; t < f.end_s; t += f.headway_s) {
      std::string id = f.trip_id + "@" + format_gtfs_time(t);
      if (trips_.contains(id)) {
        throw BuildError("trip_id", "expanding frequency trip " + quoted(f.trip_id) + " gives id " +
                                        quoted(id) + ", which exists");
      }
      instances.push_back(Instance{src, t - first_dep, std::move(id), false});
      ++expanded_trips_;
    }
  }

  // Group by (route, frequency-based, stop sequence), in order of first appearance.
  using Key = std::tuple<std::uint32_t, bool, std::vector<StopId>>;
  std::map<Key, std::uint32_t> group_of;
  std::vector<std::vector<std::uint32_t>> groups;  // instance indices
  std::vector<RouteId> group_route;
  std::vector<bool> group_frequency;
  for (std::uint32_t k = 0; k < instances.size(); ++k) {
    const Trip& trip = trip_specs_[instances[k].source];
    const RouteId route = routes_.at(trip.spec.route_id);
    Key key{route.value(), instances[k].frequency_based, trip.stops};
    const auto [it, inserted] =
        group_of.emplace(std::move(key), static_cast<std::uint32_t>(groups.size()));
    if (inserted) {
      groups.emplace_back();
      group_route.push_back(route);
      group_frequency.push_back(instances[k].frequency_based);
    }
    groups[it->second].push_back(k);
  }
  auto dep = [&](std::uint32_t k, std::size_t i) {
    return trip_specs_[instances[k].source].spec.stop_times[i].departure_s + instances[k].offset_s;
  };
  auto arr = [&](std::uint32_t k, std::size_t i) {
    return trip_specs_[instances[k].source].spec.stop_times[i].arrival_s + instances[k].offset_s;
  };
  // b never overtakes a: b is at or after a at every stop.
  auto follows = [&](std::uint32_t a, std::uint32_t b, std::size_t len) {
    for (std::size_t i = 0; i < len; ++i) {
      if (arr(b, i) < arr(a, i) || dep(b, i) < dep(a, i)) return false;
    }
    return true;
  };

  overtaking_splits_ = 0;
  std::vector<std::uint32_t> template_new_id(trip_specs_.size(), 0);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<std::uint32_t>& members = groups[g];
    const std::size_t len = trip_specs_[instances[members.front()].source].stops.size();
    std::stable_sort(members.begin(), members.end(), [&](std::uint32_t a, std::uint32_t b) {
      for (std::size_t i = 0; i < len; ++i) {
        if (dep(a, i) != dep(b, i)) return dep(a, i) < dep(b, i);
      }
      return false;
    });
    std::vector<std::vector<std::uint32_t>> parts;
    if (group_frequency[g]) {
      parts.push_back(members);
    } else {
      for (std::uint32_t k : members) {
        auto fits = std::find_if(parts.begin(), parts.end(),
                                 [&](const auto& part) { return follows(part.back(), k, len); });
        if (fits == parts.end()) {
          parts.emplace_back();
          fits = parts.end() - 1;
        }
        fits->push_back(k);
      }
      overtaking_splits_ += static_cast<std::uint32_t>(parts.size() - 1);
    }
    const Trip& first = trip_specs_[instances[members.front()].source];
    for (const auto& part : parts) {
      const PatternId p{static_cast<std::uint32_t>(c.pattern_route.size())};
      c.pattern_route.push_back(group_route[g]);
      c.pattern_frequency_based.push_back(group_frequency[g] ? 1 : 0);
      c.pattern_stop.insert(c.pattern_stop.end(), first.stops.begin(), first.stops.end());
      c.pattern_first_stop.push_back(static_cast<std::uint32_t>(c.pattern_stop.size()));
      for (std::uint32_t k : part) {
        const Instance& inst = instances[k];
        const TripSpec& spec = trip_specs_[inst.source].spec;
        if (inst.frequency_based) {
          template_new_id[inst.source] = static_cast<std::uint32_t>(c.trip_id.size());
        }
        c.trip_id.push_back(inst.id);
        c.trip_headsign.push_back(spec.headsign);
        c.trip_pattern.push_back(p);
        c.trip_service.push_back(services_.at(spec.service_id));
        c.trip_shape.push_back(spec.shape_id.empty() ? ShapeId::invalid()
                                                     : shapes_.at(spec.shape_id));
        for (std::size_t i = 0; i < len; ++i) {
          c.arrival_s.push_back(arr(k, i));
          c.departure_s.push_back(dep(k, i));
          c.pickup_type.push_back(spec.stop_times[i].pickup_type);
          c.drop_off_type.push_back(spec.stop_times[i].drop_off_type);
        }
        c.trip_first_stop_time.push_back(static_cast<std::uint32_t>(c.arrival_s.size()));
      }
      c.pattern_first_trip.push_back(static_cast<std::uint32_t>(c.trip_id.size()));
    }
  }

  // Frequency rows of the templates, sorted by (trip, start).
  std::vector<std::tuple<std::uint32_t, std::int32_t, std::int32_t, std::int32_t>> rows;
  for (const FrequencySpec& f : frequencies_) {
    if (f.exact_times) continue;
    rows.emplace_back(template_new_id[trips_.at(f.trip_id).value()], f.start_s, f.end_s,
                      f.headway_s);
  }
  std::stable_sort(rows.begin(), rows.end());
  for (const auto& [trip, start, end, headway] : rows) {
    c.frequency_trip.emplace_back(trip);
    c.frequency_start_s.push_back(start);
    c.frequency_end_s.push_back(end);
    c.frequency_headway_s.push_back(headway);
  }

  // Transfers, sorted by (from, to), input order kept among equals.
  std::vector<std::uint32_t> order(transfers_.size());
  std::iota(order.begin(), order.end(), 0u);
  auto endpoints = [&](std::uint32_t i) {
    return std::pair(stops_.at(transfers_[i].from_stop_id), stops_.at(transfers_[i].to_stop_id));
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return endpoints(a) < endpoints(b); });
  c.stop_first_transfer.assign(stop_n + 1, 0);
  for (std::uint32_t i : order) {
    const auto [from, to] = endpoints(i);
    ++c.stop_first_transfer[from.value() + 1];
    c.transfer_to.push_back(to);
    c.transfer_type.push_back(transfers_[i].type);
    c.transfer_min_time_s.push_back(transfers_[i].min_transfer_time_s);
  }
  for (std::size_t s = 0; s < stop_n; ++s) c.stop_first_transfer[s + 1] += c.stop_first_transfer[s];

  TransitColumns columns = std::move(c_);
  const std::uint32_t expanded = expanded_trips_, splits = overtaking_splits_;
  *this = TransitBuilder();
  expanded_trips_ = expanded;
  overtaking_splits_ = splits;
  return TransitNetwork::from_columns(std::move(columns));
}

}  // namespace ouflow::net
