// Private to ouflow::scenarios: the editable state of a scenario while its modifications are
// applied (records of the road and transit networks, line and road infos), and the function that
// applies one modification. Only scenarios/*.cpp include this (it pulls in the generated code).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "networks/network_edit.h"
#include "networks/transit_edit.h"
#include "proto/scenario.pb.h"
#include "scenarios/internal/where.h"
#include "scenarios/scenario.h"

namespace ouflow::scenario::internal {

struct EditState {
  net::RoadRecords road;
  std::optional<net::TransitRecords> transit;  // nullopt: no transit layer (yet)
  std::map<std::string, LineInfo> lines;       // by route id
  std::vector<RoadInfo> roads;
  std::map<std::string, std::string> stop_origin;  // stop id -> "file:line" that added it
};

// Checks `m` and applies it to `state`; throws InputError naming `where`'s file, line and field.
void apply_modification(EditState& state, const pb::Modification& m, const Where& where);

// "HH:MM" (hours may exceed 23) to seconds; nullopt when malformed.
std::optional<std::int32_t> parse_hh_mm(const std::string& s);
// The names of an enum's values, "BUS, BRT, ..." (without the *_UNSPECIFIED zero).
std::string valid_values(const google::protobuf::EnumDescriptor* e);
// Shortest text of a double that reads back the same ("0", "1.5", "nan").
std::string num(double v);

}  // namespace ouflow::scenario::internal
