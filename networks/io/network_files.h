// One entry point for every network format: detection by name or extension, reading into a
// net::Model and writing one out.
//
//   tntp    X_net.tntp (+ X_trips.tntp, X_node.tntp beside it)
//   gmns    a folder with node.csv and link.csv (+ demand.csv), or one of those files
//   pb      ouflow's binary protobuf network (.pb)
//   pbtxt   the same schema in protobuf text format (.pbtxt)
//   gtfs    a GTFS feed (read only): a .zip, or a folder holding stops.txt; the model has an
//           empty road network and a transit layer
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "networks/io/gtfs.h"
#include "networks/io/tntp.h"
#include "networks/model.h"

namespace ouflow::io {

enum class Format { kTntp, kGmns, kProtobuf, kProtobufText, kGtfs };

std::string_view to_string(Format f);
std::optional<Format> parse_format(std::string_view name);
// By extension (".tntp", ".pb", ".pbtxt", ".csv", ".zip": GTFS) or, for a folder, GTFS when it
// holds stops.txt and GMNS otherwise.
// Throws InputError when the path says nothing recognisable.
Format detect_format(const std::filesystem::path& path);

struct ReadOptions {
  TntpOptions tntp;
  bool tntp_siblings = true;          // also read X_trips.tntp and X_node.tntp beside X_net.tntp
  GtfsReport* gtfs_report = nullptr;  // where GTFS warnings go (dropped when null)
};

net::Model read_model(const std::filesystem::path& path, Format format,
                      const ReadOptions& options = {});
void write_model(const std::filesystem::path& path, Format format, const net::Model& model,
                 const TntpOptions& tntp = {});

}  // namespace ouflow::io
