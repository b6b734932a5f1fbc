#include "networks/io/network_files.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "networks/input_error.h"
#include "networks/io/gmns.h"
#include "networks/io/network_pb.h"

namespace ouflow::io {
namespace {
constexpr std::array<std::pair<std::string_view, Format>, 5> kNames = {
    {{"tntp", Format::kTntp},
     {"gmns", Format::kGmns},
     {"pb", Format::kProtobuf},
     {"pbtxt", Format::kProtobufText},
     {"gtfs", Format::kGtfs}}};
}

std::string_view to_string(Format f) {
  for (auto [name, v] : kNames) {
    if (v == f) return name;
  }
  return "?";
}

std::optional<Format> parse_format(std::string_view name) {
  for (auto [n, v] : kNames) {
    if (n == name) return v;
  }
  return std::nullopt;
}

Format detect_format(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::filesystem::is_directory(path)) {
    // A folder named like a file (x.pb) is a mistake, not a GMNS folder to write into.
    if (ext == ".tntp" || ext == ".pb" || ext == ".pbtxt") {
      throw InputError(path, 0, "",
                       "is a folder, but its name says " + ext +
                           " (a file); give a file path, or --from/--to gmns for a GMNS folder");
    }
    return looks_like_gtfs(path) ? Format::kGtfs : Format::kGmns;
  }
  if (ext == ".tntp") return Format::kTntp;
  if (ext == ".pb") return Format::kProtobuf;
  if (ext == ".pbtxt") return Format::kProtobufText;
  if (ext == ".csv") return Format::kGmns;
  if (ext == ".zip") return Format::kGtfs;
  if (ext.empty() && !std::filesystem::exists(path)) return Format::kGmns;  // a folder to write
  throw InputError(path, 0, "",
                   "cannot tell the format from the name; expected .tntp, .pb, .pbtxt, a GMNS "
                   "folder, a GTFS .zip or folder, or --from/--to tntp|gmns|pb|pbtxt");
}

net::Model read_model(const std::filesystem::path& path, Format format,
                      const ReadOptions& options) {
  if (!std::filesystem::exists(path)) throw InputError(path, 0, "", "no such file or folder");
  switch (format) {
    case Format::kTntp: {
      TntpPaths p = options.tntp_siblings ? tntp_siblings(path) : TntpPaths{path, {}, {}};
      return read_tntp(p, options.tntp);
    }
    case Format::kGmns:
      return read_gmns(path);
    case Format::kProtobuf:
      return read_network_pb(path, PbEncoding::kBinary);
    case Format::kProtobufText:
      return read_network_pb(path, PbEncoding::kText);
    case Format::kGtfs: {
      GtfsReport local;
      net::Model model;
      model.transit = read_gtfs(path, options.gtfs_report ? *options.gtfs_report : local);
      return model;
    }
  }
  throw InputError(path, 0, "", "unknown format");
}

void write_model(const std::filesystem::path& path, Format format, const net::Model& model,
                 const TntpOptions& tntp) {
  switch (format) {
    case Format::kTntp:
      write_tntp(path, model, tntp);
      return;
    case Format::kGmns:
      std::filesystem::create_directories(path);
      write_gmns(path, model);
      return;
    case Format::kProtobuf:
      write_network_pb(path, model, PbEncoding::kBinary);
      return;
    case Format::kProtobufText:
      write_network_pb(path, model, PbEncoding::kText);
      return;
    case Format::kGtfs:
      throw std::invalid_argument(path.string() +
                                  ": writing GTFS is not supported; convert to .pb or .pbtxt");
  }
}

}  // namespace ouflow::io
