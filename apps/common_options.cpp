#include "apps/common_options.h"

#include <map>

#include "networks/progress.h"

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

}  // namespace

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

void GlobalOptions::add_to(CLI::App& app) {
  app.add_option("--threads", threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("-q,--quiet", quiet, "No progress or summaries on stderr");
}

void GlobalOptions::apply() const { Progress::set_quiet(quiet); }

}  // namespace ouflow::app
