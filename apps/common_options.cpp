#include "apps/common_options.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "networks/progress.h"
#include "scenarios/scenario.h"

namespace ouflow::app {
namespace {

const std::map<std::string, double> kTimeUnits = {{"s", 1.0}, {"min", 60.0}, {"h", 3600.0}};
const std::map<std::string, double> kLengthUnits = {
    {"m", 1.0}, {"km", 1000.0}, {"mi", 1609.344}, {"ft", 0.3048}};
const std::map<std::string, double> kSpeedUnits = {
    {"kmh", 1.0}, {"mph", 1.609344}, {"ms", 3.6}, {"ftmin", 0.3048 * 60 / 1000.0}};

template <class Map>
std::vector<std::string> keys(const Map& m) {
  std::vector<std::string> k;
  for (const auto& [name, v] : m) k.push_back(name);
  return k;
}

// "A,B" or "A,B,C" as numbers; nullopt when the text is not exactly `count` finite numbers.
std::optional<std::vector<double>> numbers(const std::string& text, std::size_t count) {
  std::vector<double> v;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string part = text.substr(start, comma == std::string::npos ? comma : comma - start);
    try {
      std::size_t used = 0;
      const double x = std::stod(part, &used);
      if (used != part.size() || !std::isfinite(x)) return std::nullopt;
      v.push_back(x);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (v.size() != count) return std::nullopt;
  return v;
}

net::LonLat checked_lat_lon(double lat, double lon, const std::string& text,
                            const std::string& option) {
  if (std::fabs(lat) <= 90 && std::fabs(lon) <= 180) return {lon, lat};
  if (std::fabs(lon) <= 90 && std::fabs(lat) <= 180) {
    const std::size_t comma = text.find(',');  // the two numbers as given, swapped
    const std::size_t end = text.find(',', comma + 1);
    throw std::invalid_argument(
        option + ": '" + text +
        "' is not LAT,LON (latitude first, within +-90); as LON,LAT it "
        "would be LAT,LON " +
        text.substr(comma + 1, end == std::string::npos ? end : end - comma - 1) + "," +
        text.substr(0, comma));
  }
  throw std::invalid_argument(option + ": '" + text + "' is not a WGS84 LAT,LON");
}

// The median free-flow speed of the links with a length and a time, km/h; NaN when none has.
double median_free_flow_kmh(const net::RoadNetwork& road) {
  std::vector<double> v;
  for (const net::LinkId l : road.links()) {
    if (road.link_class()[l] == net::LinkClass::kConnector) continue;
    const double m = road.length_m()[l], s = road.free_flow_time_s()[l];
    if (m > 0 && s > 0 && std::isfinite(m) && std::isfinite(s)) v.push_back(m / s * 3.6);
  }
  if (v.empty()) return std::nan("");
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

// Road links whose lengths and times say a median free-flow speed outside what roads have mean
// the length or time unit was wrong (TNTP files do not say theirs): a warning naming the units
// that would fit, not an error (toy networks may have any numbers).
void warn_implausible_speeds(const net::RoadNetwork& road, const std::string& path,
                             io::Format format, const InputOptions& units) {
  constexpr double kSlowest = 3.0, kFastest = 200.0;  // km/h, a median over a road network
  const double median = median_free_flow_kmh(road);
  if (!std::isfinite(median) || (median >= kSlowest && median <= kFastest)) return;
  std::string hint;
  if (format == io::Format::kTntp) {
    const double per_length = kLengthUnits.at(units.length_unit);
    const double per_time = kTimeUnits.at(units.time_unit);
    for (const auto& [length, metres] : kLengthUnits) {
      for (const auto& [time, seconds] : kTimeUnits) {
        const double alt = median / per_length * metres * per_time / seconds;
        if (alt < 15.0 || alt > 130.0) continue;
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s--length-unit %s --time-unit %s: %.0f km/h",
                      hint.empty() ? "; units that would fit: " : ", ", length.c_str(),
                      time.c_str(), alt);
        hint += buf;
      }
    }
    if (hint.empty()) hint = "; check --length-unit and --time-unit";
  }
  std::fprintf(stderr,
               "ouflow: warning: %s: the links' lengths and free-flow times give a median speed "
               "of %.3g km/h, outside %g-%g km/h%s%s\n",
               path.c_str(), median, kSlowest, kFastest,
               format == io::Format::kTntp ? (" (read with --length-unit " + units.length_unit +
                                              ", --time-unit " + units.time_unit + ")")
                                                 .c_str()
                                           : "",
               hint.c_str());
}

}  // namespace

CLI::Option* add_network_option(CLI::App& cmd, std::string& net, const std::string& what) {
  return cmd.add_option(
      "net,--net", net,
      what +
          ": a network (TNTP _net.tntp, GMNS folder, .pb or .pbtxt) or a scenario (a "
          "scenario .pbtxt or a name such as wenzhou_2025_plan), positional or --net");
}

net::Model load_network_or_scenario(const std::string& arg, const InputOptions& input,
                                    const std::string& format) {
  if (format.empty()) {
    if (const auto file = scenario::scenario_file_of(arg)) {
      return scenario::load_scenario(*file).model;
    }
  }
  std::optional<io::Format> f = format.empty() ? io::detect_format(arg) : io::parse_format(format);
  if (!f) throw std::invalid_argument("--from: unknown network format '" + format + "'");
  net::Model model = io::read_model(arg, *f, input.read_options());
  warn_implausible_speeds(model.road, arg, *f, input);
  return model;
}

net::LonLat parse_lat_lon(const std::string& text, const std::string& option) {
  const auto v = numbers(text, 2);
  if (!v) throw std::invalid_argument(option + ": '" + text + "' is not LAT,LON (WGS84 degrees)");
  return checked_lat_lon((*v)[0], (*v)[1], text, option);
}

std::pair<net::LonLat, double> parse_lat_lon_km(const std::string& text,
                                                const std::string& option) {
  const auto v = numbers(text, 3);
  if (!v) throw std::invalid_argument(option + ": '" + text + "' is not LAT,LON,KM");
  if (!((*v)[2] > 0)) throw std::invalid_argument(option + ": KM must be > 0 in '" + text + "'");
  return {checked_lat_lon((*v)[0], (*v)[1], text, option), (*v)[2]};
}

CLI::Option* add_mode_option(CLI::App& cmd, std::string& mode, const std::string& what) {
  return cmd
      .add_option("--mode", mode,
                  what +
                      ": car or transit (default: transit when a transit feed is given, "
                      "car otherwise)")
      ->check(CLI::IsMember({"car", "transit"}));
}

std::string resolve_mode(const std::string& mode, bool feed_given) {
  if (!mode.empty()) return mode;
  return feed_given ? "transit" : "car";
}

void InputOptions::add_to(CLI::App& cmd) {
  auto* g = cmd.add_option_group("TNTP input");
  g->add_option("--time-unit", time_unit, "Time unit of TNTP free-flow times and costs")
      ->check(CLI::IsMember(keys(kTimeUnits)))
      ->capture_default_str();
  g->add_option("--length-unit", length_unit, "Length unit of TNTP link lengths")
      ->check(CLI::IsMember(keys(kLengthUnits)))
      ->capture_default_str();
  g->add_option("--speed-unit", speed_unit, "Speed unit of the TNTP speed column")
      ->check(CLI::IsMember(keys(kSpeedUnits)))
      ->capture_default_str();
  g->add_option("--node-coordinates", coordinates,
                "TNTP node file X/Y: 'local' planar coordinates or 'wgs84' lon/lat")
      ->check(CLI::IsMember({"local", "wgs84"}))
      ->capture_default_str();
  g->add_option("--toll-factor", toll_factor,
                "Generalized cost: time units per toll unit (overrides <TOLL FACTOR>)")
      ->check(CLI::NonNegativeNumber);
  g->add_option("--distance-factor", distance_factor,
                "Generalized cost: time units per length unit (overrides <DISTANCE FACTOR>)")
      ->check(CLI::NonNegativeNumber);
  g->add_flag("--no-siblings", no_siblings,
              "Do not read X_trips.tntp and X_node.tntp beside X_net.tntp");
}

io::ReadOptions InputOptions::read_options() const {
  io::ReadOptions r;
  r.tntp.units.time_s = kTimeUnits.at(time_unit);
  r.tntp.units.length_m = kLengthUnits.at(length_unit);
  r.tntp.units.speed_kmh = kSpeedUnits.at(speed_unit);
  r.tntp.coordinates =
      coordinates == "wgs84" ? io::TntpCoordinates::kWgs84 : io::TntpCoordinates::kLocal;
  r.tntp.toll_factor = toll_factor;
  r.tntp.distance_factor = distance_factor;
  r.tntp_siblings = !no_siblings;
  return r;
}

namespace {

// The options of `app` and of its option groups (unnamed subcommands).
void collect_options(const CLI::App& app, std::vector<const CLI::Option*>& out) {
  for (const CLI::Option* o : app.get_options()) out.push_back(o);
  for (const CLI::App* group : app.get_subcommands({})) {
    if (group->get_name().empty()) collect_options(*group, out);
  }
}

}  // namespace

void check_finite_numbers(const CLI::App& app) {
  std::vector<const CLI::Option*> options;
  collect_options(app, options);
  for (const CLI::App* sub : app.get_subcommands()) collect_options(*sub, options);
  for (const CLI::Option* o : options) {
    for (const std::string& value : o->results()) {
      std::size_t start = 0;
      while (start <= value.size()) {  // a list such as 5,50,95 piece by piece
        const std::size_t comma = value.find(',', start);
        const std::string piece =
            value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        char* end = nullptr;
        const double v = std::strtod(piece.c_str(), &end);
        if (!piece.empty() && end == piece.c_str() + piece.size() && !std::isfinite(v)) {
          throw CLI::ValidationError(o->get_name(), "'" + value + "' is not a finite number");
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
}

void GlobalOptions::add_to(CLI::App& app) {
  app.add_option("--threads", threads,
                 "Worker threads (default: all cores; at most " + std::to_string(kMaxThreads) + ")")
      ->check(CLI::Range(0, kMaxThreads));
  app.add_flag("-q,--quiet", quiet, "No progress or summaries on stderr");
}

void GlobalOptions::apply() const { Progress::set_quiet(quiet); }

}  // namespace ouflow::app
