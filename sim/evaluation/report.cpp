#include "sim/evaluation/report.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>

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

void number_or_empty(io::CsvWriter& w, double x) {
  if (std::isfinite(x)) {
    w.field(x);
  } else {
    w.empty_field();
  }
}

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

}  // namespace

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
         << ", \"met\": " << (r.met ? (*r.met ? "true" : "false") : "null") << "}"
         << (k + 1 < rows.size() ? "," : "") << "\n";
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
      w.field(have ? scenario.loads.route_boardings[r] : 0.0)
          .field(have ? scenario.loads.route_passenger_km[r] : 0.0)
          .field(have ? scenario.loads.route_max_section_load[r] : 0.0);
      w.end_row();
    }
    out.commit();
  }
  {
    const net::RoadNetwork& road = scenario_file.model.road;
    const std::size_t n = road.zone_count();
    io::AtomicOutput out(dir / "zones.csv");
    io::CsvWriter w(
        out.stream(),
        {"zone_id", "name", "population", "jobs", "car_to_cbd_min", "transit_to_cbd_min",
         "fastest_to_cbd_min", "baseline_transit_to_cbd_min", "jobs_60_car", "jobs_60_transit"});
    const std::size_t c = scenario.cbd_zone;
    const std::vector<double> jc = jobs_within_60(scenario.model, scenario.jobs, kCar);
    const std::vector<double> jt = jobs_within_60(scenario.model, scenario.jobs, kTransit);
    const bool same = baseline.model.zones == n;
    for (const net::ZoneId z : road.zones()) {
      const std::size_t k = z.value();
      w.field(road.zone_external_id()[z])
          .field(scenario.roles.name[k])
          .field(scenario.population[k])
          .field(scenario.jobs[k]);
      const double car = scenario.model.cost_min[kCar][k * n + c];
      const double transit = scenario.model.cost_min[kTransit][k * n + c];
      number_or_empty(w, car);
      number_or_empty(w, transit);
      number_or_empty(w, std::min(car, transit));
      number_or_empty(w, same ? baseline.model.cost_min[kTransit][k * n + c] : kInf);
      w.field(jc[k]).field(jt[k]);
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
    for (const ComparisonRow& r : rows) {
      const IndicatorSpec& sp = spec(r.id);
      os << "| " << sp.label << " (" << sp.unit << ") | " << fixed(r.baseline, 2) << " | "
         << fixed(r.scenario, 2) << " | " << (r.change >= 0 ? "+" : "") << fixed(r.change, 2) << " "
         << change_unit(r.id) << " | " << (r.target ? fixed(*r.target, 1) : "") << " | "
         << (r.met ? (*r.met ? "yes" : "no") : "") << " |\n";
    }
    os << "\nCounty seats within 60 min of the CBD (" << scenario_file.name << "):";
    for (const std::string& s : scenario.seats_within_60) os << " " << s;
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

LinkKey key_of(const net::RoadNetwork& r, net::LinkId l) { return link_key(r, l); }

double speed_kmh(const net::RoadNetwork& r, net::LinkId l, double time_s) {
  return time_s > 0.0 ? r.length_m()[l] / time_s * 3.6 : 0.0;
}

}  // namespace

void write_changes(const std::filesystem::path& dir, const ScenarioEvaluation& baseline,
                   const ScenarioEvaluation& scenario,
                   const scenario::LoadedScenario& baseline_file,
                   const scenario::LoadedScenario& scenario_file) {
  std::filesystem::create_directories(dir);
  const net::RoadNetwork& ra = baseline_file.model.road;
  const net::RoadNetwork& rb = scenario_file.model.road;
  std::map<LinkKey, net::LinkId> in_a;
  for (const net::LinkId l : ra.links()) in_a.emplace(key_of(ra, l), l);
  {
    io::AtomicOutput csv(dir / "link_changes.csv");
    io::AtomicOutput geo(dir / "link_changes.geojson");
    io::CsvWriter w(csv.stream(), {"link_id", "from_node", "to_node", "class", "flow_a", "flow_b",
                                   "flow_change", "speed_a", "speed_b", "speed_change_pct"});
    std::ostream& g = geo.stream();
    g << std::setprecision(9) << "{\"type\": \"FeatureCollection\", \"features\": [";
    bool first = true;
    for (const net::LinkId l : rb.input_order()) {
      if (rb.link_class()[l] == net::LinkClass::kConnector) continue;
      const LinkKey k = key_of(rb, l);
      const auto it = in_a.find(k);
      const double fb = scenario.model.link_flow_vph[l.value()];
      const double sb = speed_kmh(rb, l, scenario.model.link_time_s[l.value()]);
      const double fa = it == in_a.end() ? 0.0 : baseline.model.link_flow_vph[it->second.value()];
      const double sa =
          it == in_a.end()
              ? kInf
              : speed_kmh(ra, it->second, baseline.model.link_time_s[it->second.value()]);
      const double dpct = std::isfinite(sa) ? percent_change(sa, sb) : kInf;
      w.field(k.id).field(k.from).field(k.to).field(
          std::string(net::to_string(rb.link_class()[l])));
      w.field(fa).field(fb).field(fb - fa);
      number_or_empty(w, sa);
      w.field(sb);
      number_or_empty(w, dpct);
      w.end_row();
      const net::NodeId a = rb.tail()[l], b = rb.head()[l];
      if (std::isnan(rb.lon()[a]) || std::isnan(rb.lon()[b])) continue;
      g << (first ? "\n" : ",\n") << "{\"type\": \"Feature\", \"geometry\": {\"type\": "
        << "\"LineString\", \"coordinates\": [[" << rb.lon()[a] << ", " << rb.lat()[a] << "], ["
        << rb.lon()[b] << ", " << rb.lat()[b] << "]]}, \"properties\": {\"link_id\": " << k.id
        << ", \"new\": " << (it == in_a.end() ? "true" : "false")
        << ", \"flow_a\": " << json_number(fa) << ", \"flow_b\": " << json_number(fb)
        << ", \"speed_a\": " << json_number(sa) << ", \"speed_b\": " << json_number(sb)
        << ", \"speed_change_pct\": " << json_number(dpct) << "}}";
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
    io::CsvWriter w(csv.stream(),
                    {"zone_id", "name", "population_b", "transit_to_cbd_a", "transit_to_cbd_b",
                     "car_to_cbd_a", "car_to_cbd_b", "jobs_60_transit_a", "jobs_60_transit_b"});
    std::ostream& g = geo.stream();
    g << std::setprecision(9) << "{\"type\": \"FeatureCollection\", \"features\": [";
    bool first = true;
    const std::size_t ca = baseline.cbd_zone, cb = scenario.cbd_zone;
    for (const net::ZoneId z : rb.zones()) {
      const std::size_t k = z.value();
      const auto za = ra.find_zone(rb.zone_external_id()[z]);
      const std::size_t ka = za ? za->value() : 0;
      const double ta = za ? baseline.model.cost_min[kTransit][ka * na + ca] : kInf;
      const double tb = scenario.model.cost_min[kTransit][k * nb + cb];
      const double qa = za ? baseline.model.cost_min[kCar][ka * na + ca] : kInf;
      const double qb = scenario.model.cost_min[kCar][k * nb + cb];
      const double aa = za ? ja[ka] : kInf;
      w.field(rb.zone_external_id()[z]).field(scenario.roles.name[k]).field(scenario.population[k]);
      number_or_empty(w, ta);
      number_or_empty(w, tb);
      number_or_empty(w, qa);
      number_or_empty(w, qb);
      number_or_empty(w, aa);
      w.field(jb[k]);
      w.end_row();
      const net::NodeId c = rb.zone_centroid()[z];
      if (std::isnan(rb.lon()[c])) continue;
      g << (first ? "\n" : ",\n") << "{\"type\": \"Feature\", \"geometry\": {\"type\": "
        << "\"Point\", \"coordinates\": [" << rb.lon()[c] << ", " << rb.lat()[c]
        << "]}, \"properties\": {\"zone_id\": " << rb.zone_external_id()[z]
        << ", \"name\": " << json_string(scenario.roles.name[k])
        << ", \"transit_to_cbd_a\": " << json_number(ta)
        << ", \"transit_to_cbd_b\": " << json_number(tb)
        << ", \"car_to_cbd_a\": " << json_number(qa) << ", \"car_to_cbd_b\": " << json_number(qb)
        << ", \"jobs_60_transit_a\": " << json_number(aa)
        << ", \"jobs_60_transit_b\": " << json_number(jb[k]) << "}}";
      first = false;
    }
    g << "\n]}\n";
    csv.commit();
    geo.commit();
  }
}

}  // namespace ouflow::sim
