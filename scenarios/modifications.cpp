// Applying scenario modifications to the records of a network (see scenarios/scenario.h for the
// model choices). Every value is checked here, before it reaches a builder, so that an error can
// name the file, the line and the field.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "networks/geo.h"
#include "networks/suggest.h"
#include "scenarios/internal/apply.h"
#include "scenarios/road_classes.h"

namespace ouflow::scenario::internal {
namespace {

constexpr const char* kDailyService = "ouflow_daily";
constexpr double kDefaultLineDetour = 1.2;  // track/road over straight-line distance
constexpr double kDefaultDwellS = 30.0;
constexpr double kDefaultRoadDetour = 1.0;
constexpr double kDefaultSnapM = 50.0;
// A new stop or road point farther than this outside the model's extent is taken for a typo
// (swapped or mistyped coordinates), not a plan (scenarios/README.md).
constexpr double kMaxOutsideExtentKm = 50.0;

std::string q(const std::string& s) { return "'" + s + "'"; }

// Checks of single values; `field` is relative to `w`.
double finite(const Where& w, std::string_view field, double v, int index = -1) {
  if (!std::isfinite(v)) w.fail(field, index, "must be a finite number, got " + num(v));
  return v;
}
double positive(const Where& w, std::string_view field, double v, int index = -1) {
  finite(w, field, v, index);
  if (v <= 0) w.fail(field, index, "must be > 0, got " + num(v));
  return v;
}
double non_negative(const Where& w, std::string_view field, double v, int index = -1) {
  finite(w, field, v, index);
  if (v < 0) w.fail(field, index, "must be >= 0, got " + num(v));
  return v;
}
double at_least_one(const Where& w, std::string_view field, double v) {
  finite(w, field, v);
  if (v < 1) w.fail(field, "must be >= 1, got " + num(v));
  return v;
}

std::int32_t to_seconds(double s) {
  return static_cast<std::int32_t>(std::max(1L, std::lround(s)));
}

// Headways, running and dwell times are at most a day: enough for any service, and the transit
// model's int32 clocks cannot overflow however many of them a trip adds up.
constexpr double kMaxDurationS = 86400.0;

// A duration given in the field (`unit_s` seconds per unit): > 0 and at most a day, in seconds.
std::int32_t duration_s(const Where& w, std::string_view field, double v, double unit_s,
                        int index = -1) {
  positive(w, field, v, index);
  if (v * unit_s > kMaxDurationS) {
    w.fail(field, index,
           "must be within (0, " + num(kMaxDurationS / unit_s) + "] (a day), got " + num(v));
  }
  return to_seconds(v * unit_s);
}

// A duration derived from `field` (a speed or a factor): at most a day.
std::int32_t derived_duration_s(const Where& w, std::string_view field, double s,
                                const std::string& what) {
  if (!(s <= kMaxDurationS)) {
    w.fail(field, "gives " + what + " of " + num(std::round(s)) + " s, more than a day (" +
                      num(kMaxDurationS) + " s)");
  }
  return to_seconds(s);
}

void check_lat_lon(const Where& w, double lat, double lon) {
  finite(w, "lat", lat);
  finite(w, "lon", lon);
  if (lat < -90 || lat > 90) w.fail("lat", "must be within [-90, 90], got " + num(lat));
  if (lon < -180 || lon > 180) w.fail("lon", "must be within [-180, 180], got " + num(lon));
}

// The bounding box of every road node and transit stop with coordinates.
struct Extent {
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  bool empty() const { return min_lat > max_lat; }
  void add(double lat, double lon) {
    if (!std::isfinite(lat) || !std::isfinite(lon)) return;
    min_lat = std::min(min_lat, lat), max_lat = std::max(max_lat, lat);
    min_lon = std::min(min_lon, lon), max_lon = std::max(max_lon, lon);
  }
};

Extent extent_of(const EditState& s) {
  Extent e;
  for (const net::NodeSpec& n : s.road.nodes) e.add(n.lat, n.lon);
  if (s.transit) {
    for (const net::StopSpec& st : s.transit->stops) e.add(st.lat, st.lon);
  }
  return e;
}

// Fails when (lat, lon) lies more than kMaxOutsideExtentKm outside `e` (great-circle distance to
// the nearest point of the box); an empty extent accepts anything.
void check_near(const Where& w, std::string_view what, const Extent& e, double lat, double lon) {
  if (e.empty()) return;
  const double clat = std::clamp(lat, e.min_lat, e.max_lat);
  const double clon = std::clamp(lon, e.min_lon, e.max_lon);
  const double km = net::haversine_m(lon, lat, clon, clat) / 1000.0;
  if (!(km > kMaxOutsideExtentKm)) return;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", km);
  w.fail("lat", std::string(what) + " at lat " + num(lat) + ", lon " + num(lon) + " is " + buf +
                    " km outside the model (lat " + num(e.min_lat) + " to " + num(e.max_lat) +
                    ", lon " + num(e.min_lon) + " to " + num(e.max_lon) + "); more than " +
                    num(kMaxOutsideExtentKm) + " km is taken for a typo (lat and lon swapped?)");
}

net::LinkClass link_class_of(pb::RoadClass c) {
  switch (c) {
    case pb::EXPRESSWAY:
      return net::LinkClass::kExpressway;
    case pb::NATIONAL_ROAD:
      return net::LinkClass::kNationalRoad;
    case pb::PROVINCIAL_ROAD:
      return net::LinkClass::kProvincialRoad;
    case pb::URBAN_EXPRESSWAY:
      return net::LinkClass::kUrbanExpressway;
    case pb::ARTERIAL:
      return net::LinkClass::kArterial;
    case pb::COLLECTOR:
      return net::LinkClass::kCollector;
    case pb::LOCAL:
      return net::LinkClass::kLocal;
    case pb::CONNECTOR:
      return net::LinkClass::kConnector;
    case pb::TRANSIT_ONLY:
      return net::LinkClass::kTransitOnly;
    default:
      return net::LinkClass::kUnclassified;
  }
}

std::optional<TransitMode> mode_of(pb::TransitMode m) {
  switch (m) {
    case pb::BUS:
      return TransitMode::kBus;
    case pb::BRT:
      return TransitMode::kBrt;
    case pb::TRAM:
      return TransitMode::kTram;
    case pb::METRO:
      return TransitMode::kMetro;
    case pb::SUBURBAN_RAIL:
      return TransitMode::kSuburbanRail;
    case pb::RAIL:
      return TransitMode::kRail;
    case pb::HIGH_SPEED_RAIL:
      return TransitMode::kHighSpeedRail;
    case pb::FERRY:
      return TransitMode::kFerry;
    case pb::COACH:
      return TransitMode::kCoach;
    default:
      return std::nullopt;
  }
}

void check_status(const Where& w, const std::string& status) {
  static const std::vector<std::string> kStatuses = {"operating", "under_construction", "planned",
                                                     "proposed"};
  if (status.empty() || std::find(kStatuses.begin(), kStatuses.end(), status) != kStatuses.end()) {
    return;
  }
  w.fail("status", "unknown status " + q(status) +
                       "; valid values: operating, under_construction, planned, proposed" +
                       did_you_mean(closest_matches(status, kStatuses)));
}

// ---------------------------------------------------------------------------------------------
// Transit

net::TransitRecords& transit_of(EditState& s) {
  if (!s.transit) s.transit.emplace();
  return *s.transit;
}

bool has_route(const EditState& s, const std::string& id) {
  if (!s.transit) return false;
  return std::any_of(s.transit->routes.begin(), s.transit->routes.end(),
                     [&](const net::RouteSpec& r) { return r.id == id; });
}

const net::RouteSpec& existing_route(const EditState& s, const Where& w, std::string_view field,
                                     const std::string& id, int index = -1) {
  if (id.empty()) w.fail(field, index, "a route id is required");
  if (s.transit) {
    for (const net::RouteSpec& r : s.transit->routes) {
      if (r.id == id) return r;
    }
  }
  std::vector<std::string> ids;
  if (s.transit) {
    for (const net::RouteSpec& r : s.transit->routes) ids.push_back(r.id);
  }
  w.fail(field, index, "unknown transit line " + q(id) + did_you_mean(closest_matches(id, ids)));
}

struct PeriodSeconds {
  std::int32_t start_s, end_s, headway_s;
};

// Checks a list of periods: times "HH:MM", end after start, headway > 0, no overlap.
std::vector<PeriodSeconds> periods_of(const Where& w, std::string_view field,
                                      const google::protobuf::RepeatedPtrField<pb::Period>& ps) {
  if (ps.empty()) w.fail(field, "at least one period is required");
  std::vector<PeriodSeconds> out;
  for (int i = 0; i < ps.size(); ++i) {
    const Where pw = w.at(field, i);
    const pb::Period& p = ps[i];
    const auto start = parse_hh_mm(p.start());
    if (!start) pw.fail("start", "must be a time \"HH:MM\", got " + q(p.start()));
    const auto end = parse_hh_mm(p.end());
    if (!end) pw.fail("end", "must be a time \"HH:MM\", got " + q(p.end()));
    if (*end <= *start) pw.fail("end", "must be after start " + p.start() + ", got " + p.end());
    positive(pw, "headway_min", p.headway_min());
    out.push_back(PeriodSeconds{*start, *end, duration_s(pw, "headway_min", p.headway_min(), 60)});
  }
  std::vector<std::size_t> order(out.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return out[a].start_s < out[b].start_s; });
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (out[order[k]].start_s < out[order[k - 1]].end_s) {
      w.at(field, static_cast<int>(order[k]))
          .fail("start", "periods overlap: " + ps[static_cast<int>(order[k])].start() +
                             " is before the end " + ps[static_cast<int>(order[k - 1])].end() +
                             " of another period");
    }
  }
  return out;
}

void ensure_daily_service(net::TransitRecords& t) {
  for (const net::ServiceSpec& s : t.services) {
    if (s.id == kDailyService) return;
  }
  t.services.push_back(net::ServiceSpec{kDailyService, 0x7f, *net::Date::from_ymd(2000, 1, 1),
                                        *net::Date::from_ymd(2099, 12, 31)});
}

void add_transit_line(EditState& s, const pb::AddTransitLine& a, const Where& w) {
  if (a.id().empty()) w.fail("id", "a line id is required");
  if (has_route(s, a.id())) {
    const auto it = s.lines.find(a.id());
    const bool added = it != s.lines.end() && !it->second.file.empty();
    w.fail("id", "transit line " + q(a.id()) + " exists already" +
                     (added ? " (added by " + it->second.file.string() + ":" +
                                  std::to_string(it->second.line) + ")"
                            : " (in the base)"));
  }
  const auto mode = mode_of(a.mode());
  if (!mode) {
    w.fail("mode",
           "a mode is required; valid values: " + valid_values(pb::TransitMode_descriptor()));
  }
  check_status(w, a.status());
  if (!a.color().empty()) {
    const bool hex =
        a.color().size() == 6 && std::all_of(a.color().begin(), a.color().end(), [](char c) {
          return std::isxdigit(static_cast<unsigned char>(c)) != 0;
        });
    if (!hex) w.fail("color", "must be six hex digits \"RRGGBB\", got " + q(a.color()));
  }
  const int n = a.stop_size();
  if (n < 2) w.fail("stop", "a line needs at least 2 stops, got " + std::to_string(n));

  const Extent extent = extent_of(s);
  net::TransitRecords& t = transit_of(s);
  std::unordered_map<std::string, std::size_t> stop_index;
  for (std::size_t i = 0; i < t.stops.size(); ++i) stop_index.emplace(t.stops[i].id, i);
  std::vector<net::StopSpec> new_stops;
  std::vector<std::string> ids;
  std::vector<double> lat(static_cast<std::size_t>(n)), lon(static_cast<std::size_t>(n));
  LineInfo info;
  for (int i = 0; i < n; ++i) {
    const pb::LineStop& st = a.stop(i);
    const Where sw = w.at("stop", i);
    if (st.id().empty()) sw.fail("id", "a stop id is required");
    if (st.has_lat() != st.has_lon()) {
      sw.fail(st.has_lat() ? "lon" : "lat", "a new stop needs both lat and lon");
    }
    if (st.has_lat()) {
      check_lat_lon(sw, st.lat(), st.lon());
      if (stop_index.contains(st.id())) {
        const auto origin = s.stop_origin.find(st.id());
        sw.fail("id",
                "stop " + q(st.id()) + " exists already" +
                    (origin != s.stop_origin.end() ? " (added by " + origin->second + ")" : "") +
                    "; name an existing stop by its id alone, or give a new stop a new id");
      }
      check_near(sw, "new stop " + q(st.id()), extent, st.lat(), st.lon());
      net::StopSpec spec;
      spec.id = st.id();
      spec.name = st.name().empty() ? st.id() : st.name();
      spec.lat = st.lat();
      spec.lon = st.lon();
      stop_index.emplace(spec.id, t.stops.size() + new_stops.size());
      s.stop_origin.emplace(spec.id, sw.file().string() + ":" + std::to_string(sw.line()));
      new_stops.push_back(spec);
      if (!st.approximate().empty()) info.approximate_stops.push_back(st.id());
    } else if (!stop_index.contains(st.id())) {
      std::vector<std::string> known;
      for (const net::StopSpec& x : t.stops) known.push_back(x.id);
      for (const net::StopSpec& x : new_stops) known.push_back(x.id);
      sw.fail("id", "unknown stop " + q(st.id()) + "; a new stop needs lat and lon" +
                        did_you_mean(closest_matches(st.id(), known)));
    }
    const std::size_t k = stop_index.at(st.id());
    const net::StopSpec& spec = k < t.stops.size() ? t.stops[k] : new_stops[k - t.stops.size()];
    if (i > 0 && st.id() == ids.back()) {
      sw.fail("id", "stop " + q(st.id()) + " repeats the stop before it");
    }
    ids.push_back(st.id());
    lat[static_cast<std::size_t>(i)] = spec.lat;
    lon[static_cast<std::size_t>(i)] = spec.lon;
  }

  // Running times, seconds.
  std::vector<std::int32_t> run_s;
  double polyline_m = 0.0;
  std::vector<double> dist_m;
  for (std::size_t i = 1; i < ids.size(); ++i) {
    const double d = net::haversine_m(lon[i - 1], lat[i - 1], lon[i], lat[i]);
    dist_m.push_back(d);
    if (std::isfinite(d)) polyline_m += d;
  }
  if (a.run_time_min_size() > 0) {
    if (a.run_time_min_size() != n - 1) {
      w.fail("run_time_min", "has " + std::to_string(a.run_time_min_size()) +
                                 " values; a line of " + std::to_string(n) + " stops needs " +
                                 std::to_string(n - 1));
    }
    for (int i = 0; i < a.run_time_min_size(); ++i) {
      run_s.push_back(duration_s(w, "run_time_min", a.run_time_min(i), 60, i));
    }
  } else {
    if (!w.written("speed_kmh")) {
      w.fail("speed_kmh", "give run_time_min or speed_kmh");
    }
    const double speed = positive(w, "speed_kmh", a.speed_kmh());
    const double detour = w.written("detour_factor")
                              ? at_least_one(w, "detour_factor", a.detour_factor())
                              : kDefaultLineDetour;
    for (std::size_t i = 0; i < dist_m.size(); ++i) {
      if (!std::isfinite(dist_m[i])) {
        w.at("stop", static_cast<int>(i + 1))
            .fail("id", "stop " + q(ids[i + 1]) +
                            " has no coordinates; give run_time_min instead of speed_kmh");
      }
      run_s.push_back(
          derived_duration_s(w, "speed_kmh", dist_m[i] * detour / (speed / 3.6),
                             "a running time from stop " + q(ids[i]) + " to " + q(ids[i + 1])));
    }
  }
  const double dwell =
      w.written("dwell_s") ? non_negative(w, "dwell_s", a.dwell_s()) : kDefaultDwellS;
  if (dwell > kMaxDurationS) {
    w.fail("dwell_s", "must be within [0, " + num(kMaxDurationS) + "] (a day), got " + num(dwell));
  }
  const std::vector<PeriodSeconds> periods = periods_of(w, "period", a.period());
  if (w.written("vehicle_capacity")) positive(w, "vehicle_capacity", a.vehicle_capacity());
  if (w.written("length_km")) positive(w, "length_km", a.length_km());
  if (!a.status().empty() && a.status() != "operating" && a.status() != "under_construction" &&
      a.status() != "planned" && a.status() != "proposed") {
    w.fail("status",
           "must be operating, under_construction, planned or proposed, got " + q(a.status()));
  }
  const int directions = a.one_direction() ? 1 : 2;
  for (int d = 0; d < directions; ++d) {
    const std::string trip_id = a.id() + ":" + std::to_string(d);
    for (const net::TripSpec& trip : t.trips) {
      if (trip.id == trip_id) {
        w.fail("id", "the trip id " + q(trip_id) + " of this line exists already");
      }
    }
  }

  for (net::StopSpec& st : new_stops) t.stops.push_back(std::move(st));
  net::RouteSpec route;
  route.id = a.id();
  route.short_name = a.name().empty() ? a.id() : a.name();
  route.long_name = a.long_name();
  route.route_type = route_type_of(*mode);
  route.color = a.color();
  t.routes.push_back(route);
  ensure_daily_service(t);
  const auto dwell_s = static_cast<std::int32_t>(std::lround(dwell));
  for (int d = 0; d < directions; ++d) {
    std::vector<std::string> seq = ids;
    std::vector<std::int32_t> run = run_s;
    if (d == 1) {
      std::reverse(seq.begin(), seq.end());
      std::reverse(run.begin(), run.end());
    }
    net::TripSpec trip;
    trip.id = a.id() + ":" + std::to_string(d);
    trip.route_id = a.id();
    trip.service_id = kDailyService;
    trip.headsign = a.stop(d == 0 ? n - 1 : 0).name();
    // The template leaves the first stop at the first period's start (the frequency rows give
    // the real departures); dwell at intermediate stops only.
    std::int32_t clock = periods.front().start_s;
    for (std::size_t i = 0; i < seq.size(); ++i) {
      if (i > 0) clock += run[i - 1];
      net::StopTimeSpec st;
      st.stop_id = seq[i];
      st.arrival_s = clock;
      if (i > 0 && i + 1 < seq.size()) clock += dwell_s;
      st.departure_s = clock;
      trip.stop_times.push_back(std::move(st));
    }
    t.trips.push_back(std::move(trip));
    for (const PeriodSeconds& p : periods) {
      t.frequencies.push_back(net::FrequencySpec{a.id() + ":" + std::to_string(d), p.start_s,
                                                 p.end_s, p.headway_s, false});
    }
  }

  info.route_id = a.id();
  info.mode = *mode;
  info.name = route.short_name;
  info.long_name = a.long_name();
  info.color = a.color();
  info.vehicle_capacity = a.vehicle_capacity();
  info.length_stated = w.written("length_km");
  info.length_km = info.length_stated ? a.length_km() : polyline_m / 1000.0;
  info.status = a.status();
  info.dedicated_lane = a.dedicated_lane();
  info.one_direction = a.one_direction();
  info.source = a.source();
  info.file = w.file();
  info.line = w.line();
  s.lines[a.id()] = std::move(info);
}

void remove_transit_line(EditState& s, const pb::RemoveTransitLine& r, const Where& w) {
  if (r.id_size() == 0) w.fail("id", "at least one line id is required");
  for (int i = 0; i < r.id_size(); ++i) {
    existing_route(s, w, "id", r.id(i), i);
    net::TransitRecords& t = *s.transit;
    const std::string& id = r.id(i);
    std::set<std::string> trips;
    for (const net::TripSpec& trip : t.trips) {
      if (trip.route_id == id) trips.insert(trip.id);
    }
    std::erase_if(t.routes, [&](const net::RouteSpec& x) { return x.id == id; });
    std::erase_if(t.trips, [&](const net::TripSpec& x) { return x.route_id == id; });
    std::erase_if(t.frequencies,
                  [&](const net::FrequencySpec& f) { return trips.contains(f.trip_id); });
    s.lines.erase(id);
  }
}

// The trips of a route that are frequency templates; error when the route has scheduled trips.
std::set<std::string> frequency_trips_of(const net::TransitRecords& t, const std::string& route,
                                         const Where& w) {
  std::set<std::string> with_rows;
  for (const net::FrequencySpec& f : t.frequencies) with_rows.insert(f.trip_id);
  std::set<std::string> out;
  for (const net::TripSpec& trip : t.trips) {
    if (trip.route_id != route) continue;
    if (!with_rows.contains(trip.id)) {
      w.fail("id", "line " + q(route) + " runs scheduled trips (" + q(trip.id) +
                       "); headways can be adjusted on frequency-based lines only");
    }
    out.insert(trip.id);
  }
  return out;
}

void adjust_headway(EditState& s, const pb::AdjustHeadway& a, const Where& w) {
  existing_route(s, w, "id", a.id());
  net::TransitRecords& t = *s.transit;
  const bool by_periods = a.period_size() > 0;
  if (by_periods == a.has_factor()) {
    w.fail(by_periods ? "factor" : "period", "give either period or factor, not both or neither");
  }
  const std::set<std::string> trips = frequency_trips_of(t, a.id(), w);
  if (by_periods) {
    const std::vector<PeriodSeconds> periods = periods_of(w, "period", a.period());
    std::erase_if(t.frequencies,
                  [&](const net::FrequencySpec& f) { return trips.contains(f.trip_id); });
    for (const std::string& trip : trips) {
      for (const PeriodSeconds& p : periods) {
        t.frequencies.push_back(net::FrequencySpec{trip, p.start_s, p.end_s, p.headway_s, false});
      }
    }
  } else {
    const double factor = positive(w, "factor", a.factor());
    for (net::FrequencySpec& f : t.frequencies) {
      if (trips.contains(f.trip_id)) {
        f.headway_s =
            derived_duration_s(w, "factor", static_cast<double>(f.headway_s) * factor, "a headway");
      }
    }
  }
}

void adjust_speed(EditState& s, const pb::AdjustSpeed& a, const Where& w) {
  existing_route(s, w, "id", a.id());
  if (!a.has_factor() && !a.has_dwell_s()) w.fail("factor", "give factor, dwell_s or both");
  const double factor = a.has_factor() ? positive(w, "factor", a.factor()) : 1.0;
  if (a.has_dwell_s() && non_negative(w, "dwell_s", a.dwell_s()) > kMaxDurationS) {
    w.fail("dwell_s",
           "must be within [0, " + num(kMaxDurationS) + "] (a day), got " + num(a.dwell_s()));
  }
  // The new dwell time, when given (0 otherwise).
  const bool new_dwell = a.has_dwell_s();
  const auto dwell = static_cast<std::int32_t>(new_dwell ? std::lround(a.dwell_s()) : 0L);
  for (net::TripSpec& trip : s.transit->trips) {
    if (trip.route_id != a.id()) continue;
    // Running times (arrival minus the departure before) are divided by the factor; dwell times
    // at intermediate stops are replaced when given. The first departure stays.
    std::vector<net::StopTimeSpec>& st = trip.stop_times;
    std::int32_t clock = st.front().departure_s;
    for (std::size_t i = 1; i < st.size(); ++i) {
      const std::int32_t run = st[i].arrival_s - st[i - 1].departure_s;
      const std::int32_t old_dwell = st[i].departure_s - st[i].arrival_s;
      const std::int32_t new_run =
          run > 0
              ? derived_duration_s(w, "factor", static_cast<double>(run) / factor, "a running time")
              : run;
      st[i - 1].departure_s = clock;
      clock += new_run;
      st[i].arrival_s = clock;
      clock += (new_dwell && i + 1 < st.size()) ? dwell : old_dwell;
    }
    st.back().departure_s = clock;
  }
}

// ---------------------------------------------------------------------------------------------
// Roads

std::unordered_map<std::int64_t, std::size_t> node_index(const net::RoadRecords& r) {
  std::unordered_map<std::int64_t, std::size_t> idx;
  for (std::size_t i = 0; i < r.nodes.size(); ++i) idx.emplace(r.nodes[i].external_id, i);
  return idx;
}

// The record indices of the links a selector names; error when it names none or an unknown id.
std::vector<std::size_t> select_links(const net::RoadRecords& r, const pb::RoadSelector& sel,
                                      const Where& w) {
  const Where sw = w.at("select");
  if (!w.written("select") || (sel.link_size() == 0 && sel.name().empty())) {
    w.fail("select", "select links by link id or by name");
  }
  std::vector<char> chosen(r.links.size(), 0);
  for (int i = 0; i < sel.link_size(); ++i) {
    bool found = false;
    for (std::size_t k = 0; k < r.links.size(); ++k) {
      if (r.links[k].external_id == sel.link(i)) chosen[k] = 1, found = true;
    }
    if (!found) {
      std::vector<std::int64_t> ids;
      for (const net::LinkSpec& l : r.links) ids.push_back(l.external_id);
      sw.fail("link", i,
              "unknown link " + std::to_string(sel.link(i)) +
                  did_you_mean(nearest_ids(sel.link(i), ids)));
    }
  }
  if (!sel.name().empty()) {
    bool found = false;
    for (std::size_t k = 0; k < r.links.size(); ++k) {
      if (r.links[k].name == sel.name()) chosen[k] = 1, found = true;
    }
    if (!found) {
      std::vector<std::string> names;
      for (const net::LinkSpec& l : r.links) names.push_back(l.name);
      sw.fail("name", "no link is named " + q(sel.name()) +
                          " (names match exactly; `ouflow info SCENARIO --roads` lists them)" +
                          did_you_mean(closest_matches(sel.name(), names)));
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    if (chosen[k]) out.push_back(k);
  }
  return out;
}

void set_node_xy(const net::RoadRecords& r, net::NodeSpec& n) {
  if (r.metadata.projection.rfind("EPSG:", 0) != 0) return;  // local or unknown: x/y unknown
  std::vector<double> x, y;
  const double lon[1] = {n.lon}, lat[1] = {n.lat};
  net::project_wgs84(r.metadata.projection, lon, lat, x, y);
  n.x = x[0];
  n.y = y[0];
}

void add_road(EditState& s, const pb::AddRoad& a, const Where& w) {
  net::RoadRecords& r = s.road;
  const net::LinkClass cls = link_class_of(a.road_class());
  if (cls == net::LinkClass::kUnclassified) {
    w.fail("road_class",
           "a road class is required; valid values: " + valid_values(pb::RoadClass_descriptor()));
  }
  check_status(w, a.status());
  const RoadClassDefaults& def = road_class_defaults(cls);
  // Lanes: the class default when not written; written values must be >= 1.
  const int lanes = w.written("lanes") ? a.lanes() : def.lanes;
  if (lanes < 1) w.fail("lanes", "must be >= 1, got " + std::to_string(lanes));
  const double speed = a.has_speed_kmh() ? positive(w, "speed_kmh", a.speed_kmh()) : def.speed_kmh;
  const double cap_lane = a.has_capacity_per_lane()
                              ? positive(w, "capacity_per_lane", a.capacity_per_lane())
                              : def.capacity_per_lane;
  const double detour = w.written("detour_factor")
                            ? at_least_one(w, "detour_factor", a.detour_factor())
                            : kDefaultRoadDetour;
  const double snap_m = w.written("snap_m") ? non_negative(w, "snap_m", a.snap_m()) : kDefaultSnapM;
  if (a.has_length_km()) positive(w, "length_km", a.length_km());
  if (a.point_size() < 2) {
    w.fail("point", "a road needs at least 2 points, got " + std::to_string(a.point_size()));
  }

  const Extent extent = extent_of(s);
  auto index = node_index(r);
  std::int64_t next_node = 1, next_link = 1;
  for (const net::NodeSpec& n : r.nodes) next_node = std::max(next_node, n.external_id + 1);
  for (const net::LinkSpec& l : r.links) next_link = std::max(next_link, l.external_id + 1);

  std::vector<std::size_t> path;  // node record indices
  for (int i = 0; i < a.point_size(); ++i) {
    const pb::RoadPoint& p = a.point(i);
    const Where pw = w.at("point", i);
    std::size_t k = 0;
    if (p.has_node()) {
      if (p.has_lat() || p.has_lon()) pw.fail("node", "give node or lat/lon, not both");
      const auto it = index.find(p.node());
      if (it == index.end()) {
        std::vector<std::int64_t> ids;
        for (const net::NodeSpec& n : r.nodes) ids.push_back(n.external_id);
        pw.fail("node", "unknown node " + std::to_string(p.node()) +
                            did_you_mean(nearest_ids(p.node(), ids)));
      }
      k = it->second;
      if (!std::isfinite(r.nodes[k].lat) || !std::isfinite(r.nodes[k].lon)) {
        pw.fail("node", "node " + std::to_string(p.node()) +
                            " has no lat/lon, so the road's length is unknown");
      }
    } else {
      if (!p.has_lat() || !p.has_lon())
        pw.fail(p.has_lat() ? "lon" : "lat", "give node, or lat and lon");
      check_lat_lon(pw, p.lat(), p.lon());
      check_near(pw, "the point", extent, p.lat(), p.lon());
      // Snap to the nearest node within snap_m (ties: the first in node order). Zone nodes that
      // carry no through traffic are not snapped to: a road through them would be unusable.
      double best = std::numeric_limits<double>::infinity();
      std::size_t best_k = r.nodes.size();
      for (std::size_t j = 0; j < r.nodes.size(); ++j) {
        if (!r.nodes[j].through_allowed) continue;
        const double d = net::haversine_m(p.lon(), p.lat(), r.nodes[j].lon, r.nodes[j].lat);
        if (std::isfinite(d) && d <= snap_m && d < best) best = d, best_k = j;
      }
      if (best_k < r.nodes.size()) {
        k = best_k;
      } else {
        net::NodeSpec n;
        n.external_id = next_node++;
        n.lat = p.lat();
        n.lon = p.lon();
        set_node_xy(r, n);
        k = r.nodes.size();
        index.emplace(n.external_id, k);
        r.nodes.push_back(n);
      }
    }
    if (!path.empty() && path.back() == k) {
      pw.fail(p.has_node() ? "node" : "lat",
              "is the same node (" + std::to_string(r.nodes[k].external_id) +
                  ") as the point before, after snapping within " + num(snap_m) + " m");
    }
    path.push_back(k);
  }

  RoadInfo info;
  info.name = a.name();
  info.link_class = cls;
  info.lanes = lanes;
  info.one_way = a.one_way();
  info.status = a.status();
  info.source = a.source();
  info.file = w.file();
  info.line = w.line();
  double total_m = 0.0;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const net::NodeSpec& from = r.nodes[path[i - 1]];
    const net::NodeSpec& to = r.nodes[path[i]];
    const double length_m = net::haversine_m(from.lon, from.lat, to.lon, to.lat) * detour;
    total_m += length_m;
    net::LinkSpec l;
    l.external_id = next_link++;
    l.from = from.external_id;
    l.to = to.external_id;
    l.length_m = length_m;
    l.free_flow_time_s = length_m / (speed / 3.6);
    l.capacity_vph = cap_lane * lanes;
    l.lanes = lanes;
    l.speed_kmh = speed;
    l.link_class = cls;
    l.volume_delay = def.volume_delay;
    l.alpha = def.alpha;
    l.beta = def.beta;
    l.name = a.name();
    info.link_ids.push_back(l.external_id);
    r.links.push_back(l);
    if (!a.one_way()) {
      std::swap(l.from, l.to);
      r.links.push_back(l);
    }
  }
  info.length_stated = a.has_length_km();
  info.length_km = info.length_stated ? a.length_km() : total_m / 1000.0;
  s.roads.push_back(std::move(info));
}

void modify_road(EditState& s, const pb::ModifyRoad& m, const Where& w) {
  net::RoadRecords& r = s.road;
  const std::vector<std::size_t> links = select_links(r, m.select(), w);
  if (!m.has_lanes() && !m.has_capacity_vph() && !m.has_speed_kmh() &&
      m.road_class() == pb::CLASS_UNSPECIFIED) {
    w.fail_here("modify_road changes nothing: give lanes, capacity_vph, speed_kmh or road_class");
  }
  if (m.has_lanes() && m.lanes() < 1) {
    w.fail("lanes", "must be >= 1, got " + std::to_string(m.lanes()));
  }
  if (m.has_capacity_vph()) positive(w, "capacity_vph", m.capacity_vph());
  if (m.has_speed_kmh()) positive(w, "speed_kmh", m.speed_kmh());
  for (std::size_t k : links) {
    net::LinkSpec& l = r.links[k];
    if (m.road_class() != pb::CLASS_UNSPECIFIED) {
      // Reclassifying changes the class and its volume-delay curve; capacity and speed stay
      // unless given (they describe the physical road).
      const RoadClassDefaults& def = road_class_defaults(link_class_of(m.road_class()));
      l.link_class = def.link_class;
      l.volume_delay = def.volume_delay;
      l.alpha = def.alpha;
      l.beta = def.beta;
    }
    if (m.has_lanes()) {
      if (!m.has_capacity_vph()) {
        if (l.lanes <= 0) {
          w.fail("lanes", "link " + std::to_string(l.external_id) +
                              " has no lane count to scale its capacity from; give capacity_vph");
        }
        l.capacity_vph = l.capacity_vph * m.lanes() / l.lanes;  // capacity per lane stays
      }
      l.lanes = m.lanes();
    }
    if (m.has_capacity_vph()) l.capacity_vph = m.capacity_vph();
    if (m.has_speed_kmh()) {
      l.speed_kmh = m.speed_kmh();
      l.free_flow_time_s = l.length_m / (m.speed_kmh() / 3.6);
    }
  }
}

void close_road(EditState& s, const pb::CloseRoad& c, const Where& w) {
  net::RoadRecords& r = s.road;
  const std::vector<std::size_t> links = select_links(r, c.select(), w);
  // Road access of zone centroids before and after: a zone that could leave and reach its
  // centroid by road before must still be able to.
  auto access = [&r]() {
    std::unordered_map<std::int64_t, std::pair<int, int>> out_in;
    for (const net::LinkSpec& l : r.links) {
      ++out_in[l.from].first;
      ++out_in[l.to].second;
    }
    return out_in;
  };
  const auto before = access();
  std::vector<char> drop(r.links.size(), 0);
  for (std::size_t k : links) drop[k] = 1;
  std::vector<net::LinkSpec> kept;
  for (std::size_t k = 0; k < r.links.size(); ++k) {
    if (!drop[k]) kept.push_back(std::move(r.links[k]));
  }
  r.links = std::move(kept);
  const auto after = access();
  for (const net::ZoneSpec& z : r.zones) {
    const auto b = before.find(z.centroid);
    if (b == before.end() || b->second.first == 0 || b->second.second == 0) continue;
    const auto a = after.find(z.centroid);
    if (a == after.end() || a->second.first == 0 || a->second.second == 0) {
      w.fail("select", "closing these links cuts zone " + std::to_string(z.external_id) +
                           (z.name.empty() ? "" : " (" + z.name + ")") + " off the road network");
    }
  }
}

void change_zone(EditState& s, const pb::ChangeZone& c, const Where& w) {
  if (!w.written("zone")) w.fail("zone", "a zone id is required");
  net::ZoneSpec* zone = nullptr;
  for (net::ZoneSpec& z : s.road.zones) {
    if (z.external_id == c.zone()) zone = &z;
  }
  if (zone == nullptr) {
    std::vector<std::int64_t> ids;
    for (const net::ZoneSpec& z : s.road.zones) ids.push_back(z.external_id);
    w.fail("zone",
           "unknown zone " + std::to_string(c.zone()) + did_you_mean(nearest_ids(c.zone(), ids)));
  }
  if (c.has_population() && c.has_population_factor()) {
    w.fail("population_factor", "give population or population_factor, not both");
  }
  if (c.has_jobs() && c.has_jobs_factor()) {
    w.fail("jobs_factor", "give jobs or jobs_factor, not both");
  }
  if (!c.has_population() && !c.has_population_factor() && !c.has_jobs() && !c.has_jobs_factor()) {
    w.fail_here("change_zone changes nothing: give population, jobs or a factor");
  }
  if (c.has_population()) zone->population = non_negative(w, "population", c.population());
  if (c.has_population_factor()) {
    zone->population *= non_negative(w, "population_factor", c.population_factor());
  }
  if (c.has_jobs()) zone->jobs = non_negative(w, "jobs", c.jobs());
  if (c.has_jobs_factor()) zone->jobs *= non_negative(w, "jobs_factor", c.jobs_factor());
}

}  // namespace

std::optional<std::int32_t> parse_hh_mm(const std::string& s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || s.size() - colon != 3) return std::nullopt;
  std::int32_t h = 0, m = 0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  auto r1 = std::from_chars(b, b + colon, h);
  auto r2 = std::from_chars(b + colon + 1, e, m);
  if (r1.ec != std::errc{} || r1.ptr != b + colon || r2.ec != std::errc{} || r2.ptr != e) {
    return std::nullopt;
  }
  if (h < 0 || h > 47 || m < 0 || m > 59 || !std::isdigit(static_cast<unsigned char>(s[0]))) {
    return std::nullopt;
  }
  return h * 3600 + m * 60;
}

std::string valid_values(const google::protobuf::EnumDescriptor* e) {
  std::string out;
  for (int i = 0; i < e->value_count(); ++i) {
    const std::string& name = e->value(i)->name();
    if (e->value(i)->number() == 0 && name.ends_with("_UNSPECIFIED")) continue;
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

std::string num(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

void apply_modification(EditState& s, const pb::Modification& m, const Where& w) {
  switch (m.kind_case()) {
    case pb::Modification::kAddTransitLine:
      return add_transit_line(s, m.add_transit_line(), w.at("add_transit_line"));
    case pb::Modification::kRemoveTransitLine:
      return remove_transit_line(s, m.remove_transit_line(), w.at("remove_transit_line"));
    case pb::Modification::kAdjustHeadway:
      return adjust_headway(s, m.adjust_headway(), w.at("adjust_headway"));
    case pb::Modification::kAdjustSpeed:
      return adjust_speed(s, m.adjust_speed(), w.at("adjust_speed"));
    case pb::Modification::kAddRoad:
      return add_road(s, m.add_road(), w.at("add_road"));
    case pb::Modification::kModifyRoad:
      return modify_road(s, m.modify_road(), w.at("modify_road"));
    case pb::Modification::kCloseRoad:
      return close_road(s, m.close_road(), w.at("close_road"));
    case pb::Modification::kChangeZone:
      return change_zone(s, m.change_zone(), w.at("change_zone"));
    case pb::Modification::KIND_NOT_SET:
      break;
  }
  w.fail_here(
      "a modification needs one of add_transit_line, remove_transit_line, "
      "adjust_headway, adjust_speed, add_road, modify_road, close_road, change_zone");
}

}  // namespace ouflow::scenario::internal
