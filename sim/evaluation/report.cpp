#include "sim/evaluation/report.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"
#include "networks/io/json_text.h"
#include "sim/evaluation/indicators.h"
#include "sim/evaluation/plan_indicators.h"
#include "sim/isochrone/isochrone.h"
#include "sim/road/assignment_output.h"

namespace ouflow::sim {
namespace {

using io::json_number;
using io::json_string;

constexpr double kInf = std::numeric_limits<double>::infinity();

using io::json_rounded;

// Decimals of rounded outputs (docs/outputs.md): flows and people 0.01, minutes 0.001, km/h
// 0.01, V/C 0.0001, percent 0.01, longitude/latitude 1e-6 degrees (about 0.1 m).
constexpr int kFlowDecimals = 2, kMinuteDecimals = 3, kSpeedDecimals = 2, kVcDecimals = 4,
              kPercentDecimals = 2, kCountDecimals = 2, kDegreeDecimals = 6;

std::string fixed(double x, int digits) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << x;
  return os.str();
}

// One row per feedback iteration of both runs: what report.md's convergence table shows, for
// machines (the end-to-end test reads it).
void write_convergence_csv(const std::filesystem::path& file, const ScenarioEvaluation& baseline,
                           const ScenarioEvaluation& scenario) {
  io::AtomicOutput out(file);
  io::CsvWriter w(out.stream(),
                  {"run", "pass", "iteration", "residual", "history", "demand_change",
                   "assignment_gap", "assignment_iterations", "warm_bushes", "share_car",
                   "share_transit", "share_non_motorised", "run_converged"});
  for (const ScenarioEvaluation* e : {&baseline, &scenario}) {
    for (const FeedbackStep& st : e->model.log) {
      w.field(e->name).field(std::int64_t{st.pass}).field(std::int64_t{st.iteration});
      w.field(st.demand_gap).field(std::int64_t{st.history}).field(st.demand_change);
      w.field(st.assignment_gap).field(std::int64_t{st.assignment_iterations});
      w.field(std::int64_t{st.warm_bushes ? 1 : 0});
      for (std::size_t m = 0; m < 3; ++m) {
        if (m < st.shares.size()) {
          w.field(st.shares[m]);
        } else {
          w.empty_field();
        }
      }
      w.field(std::int64_t{e->model.converged ? 1 : 0});
      w.end_row();
    }
  }
  out.commit();
}

// "N of M zones (P % of their population) have no transit path to the CBD ...": the zones
// outside the CBD zone whose transit_to_cbd_status in zones.csv is no_path or over_180_min.
std::string transit_reach_sentence(const ScenarioEvaluation& e) {
  const std::size_t n = e.model.zones;
  if (n == 0 || e.model.cost_min[kTransit].size() != n * n) return "Transit to the CBD: no skim.";
  std::size_t none = 0, over = 0;
  double pop_none = 0.0, pop_over = 0.0, pop = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    if (k == e.cbd_zone) continue;
    const double t = e.model.cost_min[kTransit][k * n + e.cbd_zone];
    const double p = k < e.population.size() ? e.population[k] : 0.0;
    pop += p;
    if (!std::isfinite(t)) {
      ++none;
      pop_none += p;
    } else if (t > kTransitServedMaxMin) {
      ++over;
      pop_over += p;
    }
  }
  auto share = [&](double x) { return fixed(pop > 0.0 ? 100.0 * x / pop : 0.0, 1); };
  std::ostringstream os;
  os << "Transit to the CBD (" << e.name << ", median door-to-door over the peak window): " << none
     << " of " << n - 1 << " zones outside the CBD zone (" << share(pop_none)
     << " % of their population) have no transit path, and " << over << " (" << share(pop_over)
     << " %) take over " << fixed(kTransitServedMaxMin, 0)
     << " min (zones.csv: transit_to_cbd_status no_path / over_180_min).";
  return os.str();
}

}  // namespace

const char* transit_to_cbd_status(double minutes, bool cbd_zone) {
  if (cbd_zone) return "cbd_zone";
  if (!std::isfinite(minutes)) return "no_path";
  return minutes > kTransitServedMaxMin ? "over_180_min" : "served";
}

void write_evaluation(
    const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
    const ScenarioEvaluation& scenario,
    const scenario::LoadedScenario& /*baseline_file: the same signature as the others*/,
    const scenario::LoadedScenario& scenario_file, const std::vector<ComparisonRow>& rows) {
  std::filesystem::create_directories(dir);
  {
    const std::vector<double> minutes{15, 30, 45, 60};
    const std::pair<const ScenarioEvaluation*, const char*> runs[] = {{&scenario, ""},
                                                                      {&baseline, "baseline_"}};
    for (const auto& [ev, prefix] : runs) {
      if (!ev->cbd_car_isochrone.time_s.empty()) {
        write_isochrone_geojson(dir / (std::string(prefix) + "isochrone_cbd_car.geojson"),
                                ev->cbd_car_isochrone, minutes);
      }
      if (!ev->cbd_transit_isochrone.time_s.empty()) {
        write_isochrone_geojson(dir / (std::string(prefix) + "isochrone_cbd_transit.geojson"),
                                ev->cbd_transit_isochrone, minutes);
      }
    }
  }
  {
    io::AtomicOutput out(dir / "indicators.json");
    std::ostream& os = out.stream();
    os << "{\n  \"baseline\": " << json_string(baseline.name)
       << ",\n  \"scenario\": " << json_string(scenario.name) << ",\n  \"indicators\": [\n";
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const ComparisonRow& r = rows[k];
      const IndicatorSpec& sp = spec(r.id);
      os << "    {\"key\": " << json_string(sp.key) << ", \"label\": " << json_string(sp.label)
         << ", \"unit\": " << json_string(sp.unit) << ", \"baseline\": " << json_number(r.baseline)
         << ", \"scenario\": " << json_number(r.scenario)
         << ", \"change\": " << json_number(r.change)
         << ", \"change_unit\": " << json_string(change_unit(r.id))
         << ", \"target\": " << (r.target ? json_number(*r.target) : "null")
         << ", \"met\": " << (r.met ? (*r.met ? "true" : "false") : "null")
         << ", \"available\": " << (r.unavailable.empty() ? "true" : "false");
      if (!r.unavailable.empty()) os << ", \"unavailable_reason\": " << json_string(r.unavailable);
      os << "}" << (k + 1 < rows.size() ? "," : "") << "\n";
    }
    os << "  ]\n}\n";
    out.commit();
  }
  write_convergence_csv(dir / "convergence.csv", baseline, scenario);
  // The assignment's link-flow format, so that `ouflow view SCENARIO --flows` and
  // `ouflow assign --warm-start` read it back.
  write_link_flows_csv(dir / "link_flows.csv", scenario_file.model.road,
                       scenario.model.link_flow_vph, NumberFormat::kRounded);
  {
    io::AtomicOutput out(dir / "line_loads.csv");
    io::CsvWriter w(out.stream(),
                    {"route_id", "name", "mode", "boardings", "passenger_km", "max_section_load"});
    for (std::size_t r = 0; r < scenario_file.lines.size(); ++r) {
      const scenario::LineInfo& li = scenario_file.lines[r];
      w.field(li.route_id).field(li.name).field(std::string(scenario::to_string(li.mode)));
      const bool have = r < scenario.loads.route_boardings.size();
      w.rounded(have ? scenario.loads.route_boardings[r] : 0.0, kCountDecimals)
          .rounded(have ? scenario.loads.route_passenger_km[r] : 0.0, kCountDecimals)
          .rounded(have ? scenario.loads.route_max_section_load[r] : 0.0, kCountDecimals);
      w.end_row();
    }
    out.commit();
  }
  {
    const net::RoadNetwork& road = scenario_file.model.road;
    const std::size_t n = road.zone_count();
    io::AtomicOutput out(dir / "zones.csv");
    io::CsvWriter w(out.stream(),
                    {"zone_id", "name", "population", "jobs", "car_to_cbd_min",
                     "transit_to_cbd_min", "transit_to_cbd_status", "fastest_to_cbd_min",
                     "transit_to_cbd_min_baseline", "jobs_60_car", "jobs_60_transit"});
    const std::size_t c = scenario.cbd_zone;
    const std::vector<double> jc = jobs_within_60(scenario.model, scenario.jobs, kCar);
    const std::vector<double> jt = jobs_within_60(scenario.model, scenario.jobs, kTransit);
    const bool same = baseline.model.zones == n;
    for (const net::ZoneId z : road.zones()) {
      const std::size_t k = z.value();
      w.field(road.zone_external_id()[z])
          .field(scenario.roles.name[k])
          .rounded(scenario.population[k], kCountDecimals)
          .rounded(scenario.jobs[k], kCountDecimals);
      const double car = scenario.model.cost_min[kCar][k * n + c];
      const double transit = scenario.model.cost_min[kTransit][k * n + c];
      w.rounded(car, kMinuteDecimals).rounded(transit, kMinuteDecimals);
      w.field(transit_to_cbd_status(transit, k == c));
      w.rounded(std::min(car, transit), kMinuteDecimals);
      w.rounded(same ? baseline.model.cost_min[kTransit][k * n + c] : kInf, kMinuteDecimals);
      w.rounded(jc[k], kCountDecimals).rounded(jt[k], kCountDecimals);
      w.end_row();
    }
    out.commit();
  }
}

void write_report(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                  const ScenarioEvaluation& scenario, const scenario::LoadedScenario& baseline_file,
                  const scenario::LoadedScenario& scenario_file,
                  const std::vector<ComparisonRow>& rows,
                  const std::optional<ReportFigures>& figures) {
  std::filesystem::create_directories(dir);
  {
    io::AtomicOutput out(dir / "report.md");
    std::ostream& os = out.stream();
    os << "# ouflow evaluation: " << scenario_file.name << " against " << baseline_file.name
       << "\n\n"
       << scenario_file.title << "\n\n"
       << "| indicator | baseline | scenario | change | plan target | met |\n"
       << "|---|---:|---:|---:|---:|:---:|\n";
    std::string not_available;
    for (const ComparisonRow& r : rows) {
      const IndicatorSpec& sp = spec(r.id);
      if (!r.unavailable.empty()) {
        os << "| " << sp.label << " (" << sp.unit << ") | n/a | n/a | | | |\n";
        not_available += "- " + std::string(sp.label) + ": " + r.unavailable + "\n";
        continue;
      }
      os << "| " << sp.label << " (" << sp.unit << ") | " << fixed(r.baseline, 2) << " | "
         << fixed(r.scenario, 2) << " | " << (r.change >= 0 ? "+" : "") << fixed(r.change, 2) << " "
         << change_unit(r.id) << " | " << (r.target ? fixed(*r.target, 1) : "") << " | "
         << (r.met ? (*r.met ? "yes" : "no") : "") << " |\n";
    }
    if (!not_available.empty()) {
      os << "\nNot available (n/a), and what the model lacks for them:\n\n" << not_available;
    }
    os << "\nCounty seats within 60 min of the CBD (" << scenario_file.name << "):";
    for (const std::string& s : scenario.seats_within_60) os << " " << s;
    os << "\n\n" << transit_reach_sentence(scenario);
    os << "\n\nExternal cities within 60 min of the CBD (" << scenario_file.name << "):";
    for (const std::string& s : scenario.externals_within_60) os << " " << s;
    os << "\n\nRail (transit) minutes to external cities from the main centre's best-placed zone, "
       << baseline_file.name << " -> " << scenario_file.name << ":";
    for (std::size_t k = 0; k < scenario.rail_minutes_to_external.size(); ++k) {
      const auto& [name, t] = scenario.rail_minutes_to_external[k];
      const double tb = k < baseline.rail_minutes_to_external.size()
                            ? baseline.rail_minutes_to_external[k].second
                            : kInf;
      os << " " << name << " " << (std::isfinite(tb) ? fixed(tb, 0) : "-") << " -> "
         << (std::isfinite(t) ? fixed(t, 0) : "-") << ";";
    }
    os << "\n\nDefinitions: docs/indicators.md.\n\n## Model\n\n"
       << "Calibrated on " << scenario.model.calibration.fitted_on
       << " (the calibration year: the root of " << baseline_file.name
       << "'s chain of bases; every run uses its calibration, and targets on changes count from "
          "it): gravity beta "
       << fixed(scenario.model.calibration.deterrence.beta, 4)
       << " per min (exponential, on the composite time); logit theta "
       << fixed(scenario.model.calibration.logit.theta, 3) << " per min, constants";
    for (std::size_t m = 0; m < scenario.model.calibration.logit.modes.size(); ++m) {
      os << " " << scenario.model.calibration.logit.modes[m] << " "
         << fixed(scenario.model.calibration.logit.asc[m], 3);
    }
    os << ".\n\nBuses in traffic (bus and coach running times times congested / free-flow car "
          "time; BRT, rail and metro keep their timetables), mean factor: "
       << baseline.name << " " << fixed(baseline.bus_delay_factor, 3) << ", " << scenario.name
       << " " << fixed(scenario.bus_delay_factor, 3)
       << ".\n\nDemand-supply feedback (Anderson-accelerated fixed point of the demand, depth 10, "
          "damping 0.15; residual = sum |response - demand| / sum demand; car assignment by "
          "Algorithm B from the last iteration's bushes; pass 2 after the buses were retimed, "
          "from pass 1's state; the same table as convergence.csv):\n\n"
       << "| run | pass | iteration | residual | history | assignment gap | assignment iterations "
          "| "
          "car | transit | non-motorised |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto* e : {&baseline, &scenario}) {
      for (const FeedbackStep& st : e->model.log) {
        os << "| " << e->name << " | " << st.pass << " | " << st.iteration << " | "
           << fixed(st.demand_gap, 5) << " | " << st.history << " | " << fixed(st.assignment_gap, 6)
           << " | " << st.assignment_iterations << " |";
        for (double sh : st.shares) os << " " << fixed(100.0 * sh, 2) << " % |";
        os << (st.gravity_target_missed ? " (target mean out of reach: beta kept)" : "") << "\n";
      }
    }
    os << "\nConverged: " << baseline.name << (baseline.model.converged ? " yes" : " no") << ", "
       << scenario.name << (scenario.model.converged ? " yes" : " no") << ".\n";
    if (figures) {
      os << "\n## Figures\n\n";
      for (const ReportFigures::Figure& f : figures->figures) {
        os << "![" << f.caption << "](" << f.file.filename().string() << ")\n\n";
      }
      if (!figures->not_drawn.empty()) {
        os << "_Figures not drawn: " << figures->not_drawn
           << " (run under `xvfb-run -a` on a server)._\n";
      }
    }
    out.commit();
  }
}

namespace {

double speed_kmh(const net::RoadNetwork& r, net::LinkId l, double time_s) {
  return time_s > 0.0 ? r.length_m()[l] / time_s * 3.6 : kInf;
}

// A link's values in one run; absent (new links in the baseline): every value NaN.
struct LinkState {
  double flow_vph = std::nan(""), time_min = std::nan(""), speed_kmh = std::nan(""),
         vc = std::nan("");
};

LinkState link_state(const net::RoadNetwork& r, const ScenarioEvaluation& e, net::LinkId l) {
  const std::size_t i = l.value();
  const double t = e.model.link_time_s[i];
  return {e.model.link_flow_vph[i], t / 60.0, speed_kmh(r, l, t),
          e.model.link_flow_vph[i] / r.capacity_vph()[l]};
}

std::string json_field(const char* name, const std::string& value) {
  return std::string(", \"") + name + "\": " + value;
}

}  // namespace

void write_changes(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                   const ScenarioEvaluation& scenario,
                   const scenario::LoadedScenario& baseline_file,
                   const scenario::LoadedScenario& scenario_file) {
  std::filesystem::create_directories(dir);
  const net::RoadNetwork& ra = baseline_file.model.road;
  const net::RoadNetwork& rb = scenario_file.model.road;
  // Links are matched by direction id and end nodes (a link whose id now joins other nodes is
  // new).
  const std::vector<std::string> ids_a = direction_link_ids(ra), ids_b = direction_link_ids(rb);
  std::map<std::tuple<std::string, std::int64_t, std::int64_t>, net::LinkId> in_a;
  for (const net::LinkId l : ra.links()) {
    in_a.emplace(std::tuple{ids_a[l.value()], ra.node_external_id()[ra.tail()[l]],
                            ra.node_external_id()[ra.head()[l]]},
                 l);
  }
  {
    io::AtomicOutput csv(dir / "link_changes.csv");
    io::AtomicOutput geo(dir / "link_changes.geojson");
    io::CsvWriter w(
        csv.stream(),
        {"dir_link_id", "link_id", "from_node", "to_node", "class", "new", "flow_vph_baseline",
         "flow_vph_scenario", "flow_vph_change", "vc_baseline", "vc_scenario", "time_min_baseline",
         "time_min_scenario", "speed_kmh_baseline", "speed_kmh_scenario", "speed_kmh_change_pct"});
    std::ostream& g = geo.stream();
    g << "{\"type\": \"FeatureCollection\", \"features\": [";
    bool first = true;
    for (const net::LinkId l : rb.input_order()) {
      if (rb.link_class()[l] == net::LinkClass::kConnector) continue;
      const std::int64_t from = rb.node_external_id()[rb.tail()[l]],
                         to = rb.node_external_id()[rb.head()[l]];
      const std::string& id = ids_b[l.value()];
      const auto it = in_a.find(std::tuple{id, from, to});
      const bool is_new = it == in_a.end();
      const LinkState b = link_state(rb, scenario, l);
      const LinkState a = is_new ? LinkState{} : link_state(ra, baseline, it->second);
      const double flow_change = b.flow_vph - (is_new ? 0.0 : a.flow_vph);
      const double speed_pct = std::isfinite(a.speed_kmh) && std::isfinite(b.speed_kmh)
                                   ? percent_change(a.speed_kmh, b.speed_kmh)
                                   : kInf;
      const std::string cls(net::to_string(rb.link_class()[l]));
      w.field(id).field(rb.link_external_id()[l]).field(from).field(to).field(cls);
      w.field(std::int64_t{is_new ? 1 : 0});
      w.rounded(a.flow_vph, kFlowDecimals)
          .rounded(b.flow_vph, kFlowDecimals)
          .rounded(flow_change, kFlowDecimals);
      w.rounded(a.vc, kVcDecimals).rounded(b.vc, kVcDecimals);
      w.rounded(a.time_min, kMinuteDecimals).rounded(b.time_min, kMinuteDecimals);
      w.rounded(a.speed_kmh, kSpeedDecimals).rounded(b.speed_kmh, kSpeedDecimals);
      w.rounded(speed_pct, kPercentDecimals);
      w.end_row();
      const net::NodeId na = rb.tail()[l], nb = rb.head()[l];
      if (std::isnan(rb.lon()[na]) || std::isnan(rb.lon()[nb])) continue;
      g << (first ? "\n" : ",\n") << "{\"type\": \"Feature\", \"id\": " << json_string(id)
        << ", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [["
        << json_rounded(rb.lon()[na], kDegreeDecimals) << ", "
        << json_rounded(rb.lat()[na], kDegreeDecimals) << "], ["
        << json_rounded(rb.lon()[nb], kDegreeDecimals) << ", "
        << json_rounded(rb.lat()[nb], kDegreeDecimals) << "]]}, \"properties\": {"
        << "\"dir_link_id\": " << json_string(id)
        << json_field("link_id", std::to_string(rb.link_external_id()[l]))
        << json_field("from_node", std::to_string(from))
        << json_field("to_node", std::to_string(to)) << json_field("class", json_string(cls))
        << json_field("new", is_new ? "true" : "false")
        << json_field("flow_vph_baseline", json_rounded(a.flow_vph, kFlowDecimals))
        << json_field("flow_vph_scenario", json_rounded(b.flow_vph, kFlowDecimals))
        << json_field("flow_vph_change", json_rounded(flow_change, kFlowDecimals))
        << json_field("vc_baseline", json_rounded(a.vc, kVcDecimals))
        << json_field("vc_scenario", json_rounded(b.vc, kVcDecimals))
        << json_field("time_min_baseline", json_rounded(a.time_min, kMinuteDecimals))
        << json_field("time_min_scenario", json_rounded(b.time_min, kMinuteDecimals))
        << json_field("speed_kmh_baseline", json_rounded(a.speed_kmh, kSpeedDecimals))
        << json_field("speed_kmh_scenario", json_rounded(b.speed_kmh, kSpeedDecimals))
        << json_field("speed_kmh_change_pct", json_rounded(speed_pct, kPercentDecimals)) << "}}";
      first = false;
    }
    g << "\n]}\n";
    csv.commit();
    geo.commit();
  }
  {
    const std::size_t nb = rb.zone_count(), na = ra.zone_count();
    const std::vector<double> ja = jobs_within_60(baseline.model, baseline.jobs, kTransit),
                              jb = jobs_within_60(scenario.model, scenario.jobs, kTransit);
    io::AtomicOutput csv(dir / "zone_changes.csv");
    io::AtomicOutput geo(dir / "zone_changes.geojson");
    static const std::vector<std::string> kColumns{"zone_id",
                                                   "name",
                                                   "population_baseline",
                                                   "population_scenario",
                                                   "transit_to_cbd_min_baseline",
                                                   "transit_to_cbd_min_scenario",
                                                   "transit_to_cbd_min_change",
                                                   "transit_to_cbd_status_baseline",
                                                   "transit_to_cbd_status_scenario",
                                                   "car_to_cbd_min_baseline",
                                                   "car_to_cbd_min_scenario",
                                                   "car_to_cbd_min_change",
                                                   "jobs_60_transit_baseline",
                                                   "jobs_60_transit_scenario",
                                                   "jobs_60_transit_change"};
    io::CsvWriter w(csv.stream(), kColumns);
    std::ostream& g = geo.stream();
    g << "{\"type\": \"FeatureCollection\", \"features\": [";
    bool first = true;
    const std::size_t ca = baseline.cbd_zone, cb = scenario.cbd_zone;
    for (const net::ZoneId z : rb.zones()) {
      const std::size_t k = z.value();
      const auto za = ra.find_zone(rb.zone_external_id()[z]);
      const std::size_t ka = za ? za->value() : 0;
      const double nan = std::nan("");
      const double pa = za && ka < baseline.population.size() ? baseline.population[ka] : nan;
      const double ta = za ? baseline.model.cost_min[kTransit][ka * na + ca] : kInf;
      const double tb = scenario.model.cost_min[kTransit][k * nb + cb];
      const double qa = za ? baseline.model.cost_min[kCar][ka * na + ca] : kInf;
      const double qb = scenario.model.cost_min[kCar][k * nb + cb];
      const double aa = za ? ja[ka] : kInf;
      // The values of the row, in kColumns' order from population_baseline on: numbers with
      // their decimals, or a status (decimals < 0).
      const std::string sa = za ? transit_to_cbd_status(ta, ka == ca) : "",
                        sb = transit_to_cbd_status(tb, k == cb);
      const std::pair<double, int> numbers[] = {{pa, kCountDecimals},
                                                {scenario.population[k], kCountDecimals},
                                                {ta, kMinuteDecimals},
                                                {tb, kMinuteDecimals},
                                                {tb - ta, kMinuteDecimals},
                                                {nan, -1},
                                                {nan, -1},
                                                {qa, kMinuteDecimals},
                                                {qb, kMinuteDecimals},
                                                {qb - qa, kMinuteDecimals},
                                                {aa, kCountDecimals},
                                                {jb[k], kCountDecimals},
                                                {jb[k] - aa, kCountDecimals}};
      w.field(rb.zone_external_id()[z]).field(scenario.roles.name[k]);
      std::string props = "\"zone_id\": " + std::to_string(rb.zone_external_id()[z]) +
                          json_field("name", json_string(scenario.roles.name[k]));
      for (std::size_t c = 0; c < std::size(numbers); ++c) {
        const char* name = kColumns[c + 2].c_str();
        const auto [x, decimals] = numbers[c];
        if (decimals >= 0) {
          w.rounded(x, decimals);
          props += json_field(name, json_rounded(x, decimals));
        } else {
          const std::string& status = c == 5 ? sa : sb;
          w.field(status);
          props += json_field(name, status.empty() ? "null" : json_string(status));
        }
      }
      w.end_row();
      const net::NodeId c = rb.zone_centroid()[z];
      if (std::isnan(rb.lon()[c])) continue;
      g << (first ? "\n" : ",\n") << "{\"type\": \"Feature\", \"id\": " << rb.zone_external_id()[z]
        << ", \"geometry\": {\"type\": \"Point\", \"coordinates\": ["
        << json_rounded(rb.lon()[c], kDegreeDecimals) << ", "
        << json_rounded(rb.lat()[c], kDegreeDecimals) << "]}, \"properties\": {" << props << "}}";
      first = false;
    }
    g << "\n]}\n";
    csv.commit();
    geo.commit();
  }
}

}  // namespace ouflow::sim
