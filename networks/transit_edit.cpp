#include "networks/transit_edit.h"

namespace ouflow::net {

TransitRecords to_records(const TransitNetwork& transit) {
  const TransitColumns& c = transit.columns();
  TransitRecords r;
  for (std::size_t i = 0; i < c.agency_id.size(); ++i) {
    r.agencies.push_back(
        AgencySpec{c.agency_id[i], c.agency_name[i], c.agency_url[i], c.agency_timezone[i]});
  }
  for (StopId s : transit.stops()) {
    StopSpec spec;
    spec.id = c.stop_id[s];
    spec.name = c.stop_name[s];
    spec.lon = c.stop_lon[s];
    spec.lat = c.stop_lat[s];
    if (c.stop_parent[s] != StopId::invalid()) spec.parent_id = c.stop_id[c.stop_parent[s]];
    spec.location_type = c.stop_location_type[s];
    r.stops.push_back(std::move(spec));
  }
  for (RouteId rt : transit.routes()) {
    RouteSpec spec;
    spec.id = c.route_id[rt];
    if (c.route_agency[rt] != AgencyId::invalid()) {
      spec.agency_id = c.agency_id[c.route_agency[rt].value()];
    }
    spec.short_name = c.route_short_name[rt];
    spec.long_name = c.route_long_name[rt];
    spec.color = c.route_color[rt];
    spec.route_type = c.route_type[rt];
    r.routes.push_back(std::move(spec));
  }
  for (ServiceId s : transit.services()) {
    r.services.push_back(
        ServiceSpec{c.service_id[s], c.service_weekdays[s], c.service_start[s], c.service_end[s]});
    for (std::uint32_t e = c.service_first_exception[s.value()];
         e < c.service_first_exception[s.value() + 1]; ++e) {
      r.exceptions.push_back(
          ExceptionRecord{c.service_id[s], c.exception_date[e], c.exception_type[e]});
    }
  }
  for (ShapeId sh : c.shape_id.ids()) {
    ShapeRecord rec;
    rec.id = c.shape_id[sh];
    for (std::uint32_t p = c.shape_first_point[sh.value()]; p < c.shape_first_point[sh.value() + 1];
         ++p) {
      rec.points.push_back(
          ShapePoint{c.shape_point_lon[p], c.shape_point_lat[p], c.shape_point_dist[p]});
    }
    r.shapes.push_back(std::move(rec));
  }
  for (TripId t : transit.trips()) {
    TripSpec spec;
    spec.id = c.trip_id[t];
    const PatternId p = c.trip_pattern[t];
    spec.route_id = c.route_id[c.pattern_route[p]];
    spec.service_id = c.service_id[c.trip_service[t]];
    spec.headsign = c.trip_headsign[t];
    if (c.trip_shape[t] != ShapeId::invalid()) spec.shape_id = c.shape_id[c.trip_shape[t]];
    const auto stops = transit.pattern_stops(p);
    const std::uint32_t first = c.trip_first_stop_time[t.value()];
    for (std::size_t i = 0; i < stops.size(); ++i) {
      StopTimeSpec st;
      st.stop_id = c.stop_id[stops[i]];
      st.arrival_s = c.arrival_s[first + i];
      st.departure_s = c.departure_s[first + i];
      st.pickup_type = c.pickup_type[first + i];
      st.drop_off_type = c.drop_off_type[first + i];
      spec.stop_times.push_back(std::move(st));
    }
    r.trips.push_back(std::move(spec));
  }
  for (std::size_t f = 0; f < c.frequency_trip.size(); ++f) {
    r.frequencies.push_back(FrequencySpec{c.trip_id[c.frequency_trip[f]], c.frequency_start_s[f],
                                          c.frequency_end_s[f], c.frequency_headway_s[f], false});
  }
  for (StopId s : transit.stops()) {
    const auto [begin, end] = transit.transfers_from(s);
    for (std::uint32_t k = begin; k < end; ++k) {
      r.transfers.push_back(TransferSpec{c.stop_id[s], c.stop_id[c.transfer_to[k]],
                                         c.transfer_type[k], c.transfer_min_time_s[k]});
    }
  }
  return r;
}

TransitNetwork build_transit(const TransitRecords& records) {
  TransitBuilder b;
  for (const AgencySpec& a : records.agencies) b.add_agency(a);
  for (const StopSpec& s : records.stops) b.add_stop(s);
  for (const RouteSpec& rt : records.routes) b.add_route(rt);
  for (const ServiceSpec& s : records.services) b.add_service(s);
  for (const ExceptionRecord& e : records.exceptions) b.add_exception(e.service_id, e.date, e.type);
  for (const ShapeRecord& sh : records.shapes) b.add_shape(sh.id, sh.points);
  for (const TripSpec& t : records.trips) b.add_trip(t);
  for (const FrequencySpec& f : records.frequencies) b.add_frequency(f);
  for (const TransferSpec& t : records.transfers) b.add_transfer(t);
  return b.build();
}

}  // namespace ouflow::net
