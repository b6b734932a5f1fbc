// Loading scenario files: parsing with locations, the chain of bases, demand / study area /
// targets, and building the modified networks (modifications: scenarios/modifications.cpp).
#include "scenarios/scenario.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "networks/geo.h"
#include "networks/io/network_files.h"
#include "networks/io/text_input.h"
#include "networks/network_builder.h"
#include "networks/route_length.h"
#include "networks/suggest.h"
#include "scenarios/internal/apply.h"

namespace ouflow::scenario {
namespace fs = std::filesystem;
namespace gp = google::protobuf;
using internal::num;
using internal::Where;

namespace {

// An InputError whose text carries the column too: "file:line:col: message".
class SyntaxError : public InputError {
 public:
  SyntaxError(const fs::path& file, std::size_t line, std::size_t col, const std::string& what)
      : InputError(file, line, "", what),
        text_(file.string() + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " +
              what) {}
  const char* what() const noexcept override { return text_.c_str(); }

 private:
  std::string text_;
};

class FirstError : public gp::io::ErrorCollector {
 public:
  void AddError(int line, gp::io::ColumnNumber column, const std::string& message) override {
    if (!error) error = std::tuple(line + 1, column + 1, message);
  }
  std::optional<std::tuple<int, int, std::string>> error;
};

// The text between the first two double quotes after `key` in `message` ("" when none).
std::string quoted_after(const std::string& message, std::string_view key) {
  const std::size_t k = message.find(key);
  if (k == std::string::npos) return "";
  const std::size_t a = message.find('"', k + key.size());
  const std::size_t b = a == std::string::npos ? a : message.find('"', a + 1);
  return b == std::string::npos ? "" : message.substr(a + 1, b - a - 1);
}

// protobuf's words for an unknown field or enum value, rewritten in the schema's: the valid
// values (and the closest) of an enum, the closest field names and every field of a message.
// Other messages pass unchanged.
std::string explained(const std::string& message) {
  const gp::FileDescriptor* file = pb::Scenario::descriptor()->file();
  if (message.starts_with("Unknown enumeration value of")) {
    const std::string value = quoted_after(message, "value of");
    const std::string field = quoted_after(message, "for field");
    std::vector<const gp::EnumDescriptor*> enums;
    for (int i = 0; i < file->message_type_count(); ++i) {
      const gp::FieldDescriptor* f = file->message_type(i)->FindFieldByName(field);
      if (f != nullptr && f->enum_type() != nullptr &&
          std::find(enums.begin(), enums.end(), f->enum_type()) == enums.end()) {
        enums.push_back(f->enum_type());
      }
    }
    if (enums.size() != 1) return message;
    std::vector<std::string> names;
    for (int i = 0; i < enums[0]->value_count(); ++i) {
      if (enums[0]->value(i)->number() != 0) names.push_back(enums[0]->value(i)->name());
    }
    return "unknown value '" + value + "' of " + field +
           "; valid values: " + internal::valid_values(enums[0]) +
           did_you_mean(closest_matches(value, names));
  }
  if (message.starts_with("Message type")) {
    const std::string type = quoted_after(message, "Message type");
    const std::string field = quoted_after(message, "no field named");
    const gp::Descriptor* d = file->pool()->FindMessageTypeByName(type);
    if (d == nullptr || field.empty()) return message;
    std::vector<std::string> names;
    std::string list;
    for (int i = 0; i < d->field_count(); ++i) {
      names.push_back(d->field(i)->name());
      list += (list.empty() ? "" : ", ") + d->field(i)->name();
    }
    return d->name() + " has no field '" + field + "'" +
           did_you_mean(closest_matches(field, names)) + " (its fields: " + list + ")";
  }
  return message;
}

std::string read_text(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path, 0, "", "is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "cannot open the scenario file");
  in.close();
  return io::read_text_file(path, std::size_t{16} << 20);  // scenarios are a few KB
}

fs::path resolve(const fs::path& file, const std::string& relative) {
  const fs::path p(relative);
  return p.is_absolute() ? p : file.parent_path() / p;
}

// The names of the .pbtxt files in the folder of `file` (what "did you mean" offers for a
// mistyped file name).
std::vector<std::string> pbtxt_files_beside(const fs::path& file) {
  std::vector<std::string> out;
  std::error_code ec;
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".pbtxt") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<std::string>& known_indicators() {
  static const std::vector<std::string> k = {"railway_km",
                                             "sm_rail_km",
                                             "expressway_km",
                                             "urban_expressway_km",
                                             "national_road_km",
                                             "provincial_road_km",
                                             "brt_km",
                                             "transit_share_pp",
                                             "central_city_speed_pct"};
  return k;
}

void merge_demand(Demand& d, const pb::Demand& p, const Where& w) {
  auto fraction = [&](std::string_view field, double v) {
    if (!std::isfinite(v) || v < 0 || v > 1) w.fail(field, "must be within [0, 1], got " + num(v));
    return v;
  };
  auto non_negative = [&](std::string_view field, double v) {
    if (!std::isfinite(v) || v < 0) w.fail(field, "must be >= 0, got " + num(v));
    return v;
  };
  auto positive = [&](std::string_view field, double v) {
    if (!std::isfinite(v) || v <= 0) w.fail(field, "must be > 0, got " + num(v));
    return v;
  };
  auto time = [&](std::string_view field, const std::string& s) {
    const auto t = internal::parse_hh_mm(s);
    if (!t) w.fail(field, "must be a time \"HH:MM\", got '" + s + "'");
    return *t;
  };
  if (p.has_trips_per_resident()) {
    d.trips_per_resident = non_negative("trips_per_resident", p.trips_per_resident());
  }
  if (p.has_trips_per_job()) d.trips_per_job = non_negative("trips_per_job", p.trips_per_job());
  if (p.has_mean_trip_time_min()) {
    d.mean_trip_time_min = positive("mean_trip_time_min", p.mean_trip_time_min());
  }
  if (p.has_transit_share()) d.transit_share = fraction("transit_share", p.transit_share());
  if (p.has_non_motorised_share()) {
    d.non_motorised_share = fraction("non_motorised_share", p.non_motorised_share());
  }
  if (p.has_peak_start()) d.peak_start_s = time("peak_start", p.peak_start());
  if (p.has_peak_end()) d.peak_end_s = time("peak_end", p.peak_end());
  if (d.peak_start_s && d.peak_end_s && *d.peak_end_s <= *d.peak_start_s) {
    w.fail(p.has_peak_end() ? "peak_end" : "peak_start", "the peak must end after it starts");
  }
  if (p.has_population_factor()) {
    d.population_factor = positive("population_factor", p.population_factor());
  }
  if (p.has_jobs_factor()) d.jobs_factor = positive("jobs_factor", p.jobs_factor());
  if (p.has_trips_file()) {
    const fs::path f = resolve(w.file(), p.trips_file());
    std::error_code ec;
    if (!fs::exists(f, ec)) w.fail("trips_file", "no such file: " + f.string());
    d.trips_file = f;
  }
  if (p.has_seed()) d.seed = p.seed();
}

LatLon lat_lon(const pb::LatLon& p, const Where& w) {
  if (!std::isfinite(p.lat()) || p.lat() < -90 || p.lat() > 90) {
    w.fail("lat", "must be within [-90, 90], got " + num(p.lat()));
  }
  if (!std::isfinite(p.lon()) || p.lon() < -180 || p.lon() > 180) {
    w.fail("lon", "must be within [-180, 180], got " + num(p.lon()));
  }
  return LatLon{p.lat(), p.lon()};
}

void merge_study_area(StudyArea& a, const pb::StudyArea& p, const Where& w) {
  if (p.has_cbd()) a.cbd = lat_lon(p.cbd(), w.at("cbd"));
  if (p.central_city_size() > 0) {
    if (p.central_city_size() < 3) {
      w.fail("central_city",
             "a polygon needs at least 3 points, got " + std::to_string(p.central_city_size()));
    }
    a.central_city.clear();
    for (int i = 0; i < p.central_city_size(); ++i) {
      a.central_city.push_back(lat_lon(p.central_city(i), w.at("central_city", i)));
    }
  }
  if (!p.central_city_name().empty()) a.central_city_name = p.central_city_name();
  if (!p.boundaries().empty()) {
    const fs::path f = resolve(w.file(), p.boundaries());
    std::error_code ec;
    if (!fs::exists(f, ec)) w.fail("boundaries", "no such file: " + f.string());
    a.boundaries = f;
  }
}

PlanTarget target_of(const pb::PlanTarget& p, const Where& w) {
  const auto& k = known_indicators();
  if (std::find(k.begin(), k.end(), p.indicator()) == k.end()) {
    std::string list;
    for (const std::string& s : k) list += (list.empty() ? "" : ", ") + s;
    w.fail("indicator", "unknown indicator '" + p.indicator() + "' (known: " + list + ")" +
                            did_you_mean(closest_matches(p.indicator(), k)));
  }
  if (!std::isfinite(p.value())) w.fail("value", "must be a finite number, got " + num(p.value()));
  if (!p.comparison().empty() && p.comparison() != ">=" && p.comparison() != "<=") {
    w.fail("comparison", "must be \">=\" or \"<=\", got '" + p.comparison() + "'");
  }
  return PlanTarget{p.indicator(), p.value(), p.comparison() == "<=", p.year(), p.source()};
}

LineInfo derived_line(const net::TransitNetwork& t, net::RouteId r) {
  const net::TransitColumns& c = t.columns();
  LineInfo info;
  info.route_id = c.route_id[r];
  info.mode = mode_of_route_type(c.route_type[r]);
  info.name = c.route_short_name[r];
  info.long_name = c.route_long_name[r];
  info.length_km = net::route_length_km(t, r);
  return info;
}

template <class F>
auto rethrow_build_error(const fs::path& file, F&& f) {
  try {
    return f();
  } catch (const net::BuildError& e) {
    throw InputError(file, 0, e.field(), std::string("after the modifications: ") + e.what());
  }
}

// Parses a scenario file into `s`, recording locations in `tree`; SyntaxError on bad text.
void parse_file(const fs::path& path, pb::Scenario& s, gp::TextFormat::ParseInfoTree& tree) {
  const std::string text = read_text(path);
  FirstError errors;
  gp::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text, &s)) {
    if (errors.error) {
      const auto& [line, col, message] = *errors.error;
      throw SyntaxError(path, static_cast<std::size_t>(line), static_cast<std::size_t>(col),
                        explained(message));
    }
    throw InputError(path, 0, "", "not a scenario in protobuf text format");
  }
}

void check_format_version(const pb::Scenario& s, const Where& root) {
  if (!root.written("format_version")) {
    root.fail_here("format_version is required (this ouflow reads format_version 1)");
  }
  if (s.format_version() != kFormatVersion) {
    root.fail("format_version", "unsupported format_version " + std::to_string(s.format_version()) +
                                    "; this ouflow reads 1");
  }
}

// The file a scenario's base names, as written (relative paths resolved); empty when none.
fs::path base_of(const pb::Scenario& s, const fs::path& file) {
  switch (s.base_case()) {
    case pb::Scenario::kBaseScenario:
      return resolve(file, s.base_scenario());
    case pb::Scenario::kBaseNetwork:
      return resolve(file, s.base_network());
    case pb::Scenario::BASE_NOT_SET:
      break;
  }
  return {};
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ea, eb;
  const fs::path ca = fs::weakly_canonical(a, ea), cb = fs::weakly_canonical(b, eb);
  return !ea && !eb && ca == cb;
}

// Applies the file that element `index` of the `include` field at `w` names to `state`: its own
// includes first, then its modifications. `base` is the including scenario's base, which the
// included file must share; `stack` holds the files being loaded; a file is applied once.
void apply_include(internal::EditState& state, const Where& w, int index,
                   const std::string& relative, const fs::path& base, std::vector<fs::path>& stack,
                   LoadedScenario& out) {
  const fs::path file = resolve(w.file(), relative);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    w.fail("include", index,
           "no such scenario file: " + file.string() +
               did_you_mean(closest_matches(file.filename().string(), pbtxt_files_beside(file))));
  }
  const fs::path canonical = fs::weakly_canonical(file);
  if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
    std::string cycle;
    for (const fs::path& p : stack) cycle += p.filename().string() + " -> ";
    w.fail("include", index,
           "the bases and includes form a cycle: " + cycle + canonical.filename().string());
  }
  for (const fs::path& done : out.includes) {
    if (fs::weakly_canonical(done) == canonical) {
      w.fail("include", index,
             canonical.filename().string() +
                 " is included already (each file is applied once; its ids would collide)");
    }
  }
  pb::Scenario s;
  gp::TextFormat::ParseInfoTree tree;
  parse_file(file, s, tree);
  const Where root(file, &tree, pb::Scenario::descriptor(), "", 0);
  check_format_version(s, root);
  if (const fs::path b = base_of(s, file); !b.empty() && !same_file(b, base)) {
    const char* field =
        s.base_case() == pb::Scenario::kBaseScenario ? "base_scenario" : "base_network";
    root.fail(field, "an included proposal must have the base of the scenario including it (" +
                         base.string() + "), not " + b.string());
  }
  for (const char* field : {"demand", "study_area", "target"}) {
    if (root.written(field)) {
      root.fail(field, std::string("an included file contributes modifications only; set ") +
                           field + " in " + w.file().filename().string() + ", which includes it");
    }
  }
  stack.push_back(canonical);
  for (int i = 0; i < s.include_size(); ++i) {
    apply_include(state, root, i, s.include(i), base, stack, out);
  }
  stack.pop_back();
  for (int i = 0; i < s.modification_size(); ++i) {
    internal::apply_modification(state, s.modification(i), root.at("modification", i));
  }
  out.modification_count += static_cast<std::size_t>(s.modification_size());
  out.includes.push_back(file);
}

LoadedScenario load_file(const fs::path& path, std::vector<fs::path>& stack) {
  pb::Scenario s;
  gp::TextFormat::ParseInfoTree tree;
  parse_file(path, s, tree);
  const Where root(path, &tree, pb::Scenario::descriptor(), "", 0);
  check_format_version(s, root);

  LoadedScenario out;
  switch (s.base_case()) {
    case pb::Scenario::kBaseScenario: {
      const fs::path base = resolve(path, s.base_scenario());
      std::error_code ec;
      if (!fs::is_regular_file(base, ec)) {
        root.fail("base_scenario", "no such scenario file: " + base.string() +
                                       did_you_mean(closest_matches(base.filename().string(),
                                                                    pbtxt_files_beside(base))));
      }
      const fs::path canonical = fs::weakly_canonical(base);
      if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
        std::string cycle;
        for (const fs::path& p : stack) cycle += p.filename().string() + " -> ";
        root.fail("base_scenario",
                  "the bases form a cycle: " + cycle + canonical.filename().string());
      }
      stack.push_back(canonical);
      out = load_file(base, stack);
      stack.pop_back();
      break;
    }
    case pb::Scenario::kBaseNetwork: {
      const fs::path base = resolve(path, s.base_network());
      std::error_code ec;
      if (!fs::exists(base, ec)) root.fail("base_network", "no such network: " + base.string());
      out.model = io::read_model(base, io::detect_format(base));
      out.base_network = base;
      out.chain.push_back(base);
      if (out.model.transit) {
        for (net::RouteId r : out.model.transit->routes()) {
          out.lines.push_back(derived_line(*out.model.transit, r));
        }
      }
      break;
    }
    case pb::Scenario::BASE_NOT_SET:
      root.fail_here("a scenario needs a base: base_network or base_scenario");
  }

  out.file = path;
  out.chain.push_back(path);
  out.name = s.name().empty() ? path.stem().string() : s.name();
  out.title = s.title();
  out.description = s.description();
  if (root.written("year")) out.year = s.year();
  if (s.has_demand()) merge_demand(out.demand, s.demand(), root.at("demand"));
  if (s.has_study_area()) merge_study_area(out.study_area, s.study_area(), root.at("study_area"));
  for (int i = 0; i < s.target_size(); ++i) {
    out.targets.push_back(target_of(s.target(i), root.at("target", i)));
  }
  if (s.modification_size() == 0 && s.include_size() == 0) return out;

  internal::EditState state;
  state.road = net::to_records(out.model.road);
  if (out.model.transit) state.transit = net::to_records(*out.model.transit);
  for (LineInfo& l : out.lines) state.lines.emplace(l.route_id, std::move(l));
  state.roads = std::move(out.roads);
  if (s.include_size() > 0) {
    // `stack` ends with this file (pushed by the caller), so an include of it is a cycle.
    const fs::path base = base_of(s, path);
    for (int i = 0; i < s.include_size(); ++i) {
      apply_include(state, root, i, s.include(i), base, stack, out);
    }
  }
  for (int i = 0; i < s.modification_size(); ++i) {
    internal::apply_modification(state, s.modification(i), root.at("modification", i));
  }
  out.modification_count += static_cast<std::size_t>(s.modification_size());

  out.model.road = rethrow_build_error(path, [&] { return net::build_network(state.road); });
  if (state.transit) {
    out.model.transit =
        rethrow_build_error(path, [&] { return net::build_transit(*state.transit); });
  }
  out.lines.clear();
  if (out.model.transit) {
    for (net::RouteId r : out.model.transit->routes()) {
      const auto it = state.lines.find(out.model.transit->columns().route_id[r]);
      out.lines.push_back(it != state.lines.end() ? it->second
                                                  : derived_line(*out.model.transit, r));
    }
  }
  out.roads = std::move(state.roads);
  return out;
}

}  // namespace

LoadedScenario load_scenario(const fs::path& path) {
  std::vector<fs::path> stack;
  std::error_code ec;
  if (fs::exists(path, ec)) stack.push_back(fs::weakly_canonical(path));
  return load_file(path, stack);
}

fs::path scenario_dir() {
  if (const char* env = std::getenv("OUFLOW_SCENARIO_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return OUFLOW_SCENARIO_DIR;
}

bool is_scenario_name(std::string_view arg) {
  if (arg.empty() || arg == "." || arg == "..") return false;
  if (arg.find('/') != std::string_view::npos || arg.find('\\') != std::string_view::npos) {
    return false;
  }
  return fs::path(arg).extension().empty();
}

fs::path find_scenario(std::string_view name) {
  const fs::path dir = scenario_dir();
  const std::string file = std::string(name) + ".pbtxt";
  std::vector<fs::path> found;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    for (const auto& e :
         fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec)) {
      if (e.is_regular_file(ec) && e.path().filename() == file) found.push_back(e.path());
    }
  }
  std::sort(found.begin(), found.end());
  if (found.empty()) {
    std::vector<std::string> names;
    if (fs::is_directory(dir, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(
               dir, fs::directory_options::skip_permission_denied, ec)) {
        if (e.is_regular_file(ec) && e.path().extension() == ".pbtxt") {
          names.push_back(e.path().stem().string());
        }
      }
    }
    std::sort(names.begin(), names.end());
    throw InputError(dir, 0, "",
                     "no scenario named '" + std::string(name) + "' (looked for " + file +
                         " below this folder; set OUFLOW_SCENARIO_DIR to look elsewhere)" +
                         did_you_mean(closest_matches(name, names)));
  }
  if (found.size() > 1) {
    std::string list;
    for (const fs::path& p : found) list += "\n  " + p.string();
    throw InputError(
        dir, 0, "",
        "the scenario name '" + std::string(name) + "' is ambiguous; give a path:" + list);
  }
  return found.front();
}

bool looks_like_scenario(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos) continue;
    const std::string_view v = std::string_view(line).substr(b);
    for (std::string_view key : {"base_network", "base_scenario"}) {
      if (v.starts_with(key)) {
        const std::size_t c = v.find_first_not_of(" \t", key.size());
        if (c != std::string_view::npos && v[c] == ':') return true;
      }
    }
  }
  return false;
}

fs::path resolve_scenario(std::string_view arg) {
  std::error_code ec;
  const fs::path p(arg);
  // A name is a scenario's when no such file exists; a path the file system cannot resolve
  // (ec set, e.g. a symlink loop) is left to the reader, which names it and the reason.
  if (is_scenario_name(arg) && !fs::exists(p, ec) && !ec) return find_scenario(arg);
  return p;
}

std::optional<fs::path> scenario_file_of(std::string_view arg) {
  std::error_code ec;
  const fs::path p(arg);
  // A name is a scenario's when no such file exists; a path the file system cannot resolve
  // (ec set, e.g. a symlink loop) is left to the reader, which names it and the reason.
  if (is_scenario_name(arg) && !fs::exists(p, ec) && !ec) return find_scenario(arg);
  if (p.extension() == ".pbtxt" && fs::is_regular_file(p, ec) && looks_like_scenario(p)) return p;
  return std::nullopt;
}

fs::path calibration_root(const LoadedScenario& s) {
  for (const fs::path& p : s.chain) {
    if (p.extension() == ".pbtxt") return p;
  }
  return s.file;
}

}  // namespace ouflow::scenario
