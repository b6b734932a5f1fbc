// Editing an immutable transit network: copy it out into TransitBuilder records, change them
// (remove a route, change headways or running times, add stops and frequency lines), and build a
// new network.
//
// to_records() lists every table in id order. Trips are listed with their final stop times
// (blank times already interpolated); trips expanded from exact_times=1 frequencies stay
// scheduled trips (their ids "TEMPLATE@HH:MM:SS" are kept), exact_times=0 templates keep their
// frequency rows. Building the records gives a network equal to the original up to the
// numbering of patterns and trips, which follows the records' trip order; building the records of
// that rebuilt network again gives back exactly the same network (tested).
#pragma once

#include <string>
#include <vector>

#include "networks/transit_builder.h"
#include "networks/transit_network.h"

namespace ouflow::net {

struct ExceptionRecord {
  std::string service_id;
  Date date;
  ExceptionType type = ExceptionType::kAdded;
};

struct ShapeRecord {
  std::string id;
  std::vector<ShapePoint> points;
};

struct TransitRecords {
  std::vector<AgencySpec> agencies;
  std::vector<StopSpec> stops;
  std::vector<RouteSpec> routes;
  std::vector<ServiceSpec> services;
  std::vector<ExceptionRecord> exceptions;
  std::vector<ShapeRecord> shapes;
  std::vector<TripSpec> trips;
  std::vector<FrequencySpec> frequencies;  // exact_times = false
  std::vector<TransferSpec> transfers;
};

TransitRecords to_records(const TransitNetwork& transit);
// Throws BuildError (or StopTimeError) when a record breaks a rule of TransitBuilder.
TransitNetwork build_transit(const TransitRecords& records);

}  // namespace ouflow::net
