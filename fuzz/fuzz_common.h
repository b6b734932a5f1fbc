// What the fuzz targets share: a scratch folder per process, the input written there as a file
// or as a folder of files, the readers' fixed inputs, and the one rule for exceptions.
//
// The rule: a reader given bad input throws what it documents, ouflow::InputError or
// std::invalid_argument, and the target catches those. Anything else leaves the target: an
// uncaught exception (std::bad_alloc, std::out_of_range, InvariantError ...) aborts, and
// libFuzzer reports it as a crash, as it does ASan and UBSan reports, leaks, timeouts and inputs
// that need more memory than -rss_limit_mb.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <string_view>

#include "networks/input_error.h"
#include "networks/road_network.h"

namespace ouflow::fuzz {

// A folder of this process's own under the system's temporary folder, removed at exit.
const std::filesystem::path& scratch_dir();

// The input as text (bytes as they are).
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Writes `contents` to scratch_dir()/name (replacing it) and returns the path.
std::filesystem::path write_input(std::string_view name, std::string_view contents);

// A folder of files given as one text: a line "--- NAME" starts the file NAME, up to the next such
// line; the line break before "---" belongs to the separator. Only `names` are kept (another name
// drops its text, as does text before the first separator; a name given twice keeps the last).
// Replaces scratch_dir()/folder with those files and returns the folder.
std::filesystem::path write_folder(std::string_view folder, std::string_view input,
                                   std::initializer_list<std::string_view> names);

// Sioux Falls (tests/data/tntp/SiouxFalls), read once: the network that the node, trips and flow
// files of the TNTP targets and the flow CSV of link_flows refer to.
const net::RoadNetwork& sioux_falls();
std::filesystem::path sioux_falls_net_file();

template <class Read>
void expect_input_errors(Read&& read) {
  try {
    read();
  } catch (const InputError&) {
  } catch (const std::invalid_argument&) {
  }
}

}  // namespace ouflow::fuzz
