#include "fuzz/fuzz_common.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "networks/io/tntp.h"

namespace ouflow::fuzz {

namespace fs = std::filesystem;

namespace {

fs::path make_scratch_dir() {
  std::string pattern = (fs::temp_directory_path() / "ouflow_fuzz_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("fuzz: cannot create a folder like " + pattern);
  }
  return pattern;
}

void remove_scratch_dir() {
  std::error_code ec;
  fs::remove_all(scratch_dir(), ec);
}

}  // namespace

const fs::path& scratch_dir() {
  static const fs::path dir = make_scratch_dir();
  // Registered once `dir` is made, so that it runs before `dir` is destroyed.
  static const bool removed_at_exit = std::atexit(remove_scratch_dir) == 0;
  (void)removed_at_exit;
  return dir;
}

fs::path write_input(std::string_view name, std::string_view contents) {
  fs::path path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (!out) throw std::runtime_error("fuzz: cannot write " + path.string());
  return path;
}

fs::path write_folder(std::string_view folder, std::string_view input,
                      std::initializer_list<std::string_view> names) {
  const fs::path dir = scratch_dir() / folder;
  fs::remove_all(dir);
  fs::create_directories(dir);
  constexpr std::string_view kSeparator = "--- ";
  std::size_t pos = 0;
  // The text before the first separator is dropped.
  if (input.substr(0, kSeparator.size()) != kSeparator) {
    const std::size_t next = input.find(std::string("\n").append(kSeparator));
    pos = next == std::string_view::npos ? input.size() : next + 1;
  }
  while (pos < input.size()) {
    const std::size_t name_begin = pos + kSeparator.size();
    const std::size_t name_end = std::min(input.find('\n', name_begin), input.size());
    const std::string_view name = input.substr(name_begin, name_end - name_begin);
    const std::size_t body_begin = std::min(name_end + 1, input.size());
    std::size_t next = input.find(std::string("\n").append(kSeparator), body_begin);
    if (next == std::string_view::npos) next = input.size();
    for (std::string_view kept : names) {
      if (name == kept) {
        std::ofstream out(dir / kept, std::ios::binary | std::ios::trunc);
        const std::string_view body = input.substr(body_begin, next - body_begin);
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
        if (!out) throw std::runtime_error("fuzz: cannot write in " + dir.string());
      }
    }
    pos = next == input.size() ? next : next + 1;
  }
  return dir;
}

fs::path sioux_falls_net_file() {
  return fs::path(OUFLOW_FUZZ_DATA_DIR) / "tntp/SiouxFalls/SiouxFalls_net.tntp";
}

const net::RoadNetwork& sioux_falls() {
  static const net::RoadNetwork network = io::read_tntp_net(sioux_falls_net_file(), std::nullopt);
  return network;
}

}  // namespace ouflow::fuzz
