#include <cstdio>
#include <memory>
#include <string>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "networks/io/atomic_file.h"
#include "networks/progress.h"
#include "scenarios/scenario.h"
#include "sim/evaluation/evaluate.h"
#include "sim/evaluation/report.h"
#ifdef OUFLOW_HAVE_VIZ
#include "viz/report_figures.h"
#endif

namespace ouflow::app {
namespace {

scenario::LoadedScenario load(const std::string& arg) {
  return scenario::load_scenario(scenario::resolve_scenario(arg));
}

void print_rows(const std::string& a, const std::string& b,
                const std::vector<sim::ComparisonRow>& rows) {
  std::printf("%-62s %12s %12s %12s %8s %4s\n", "indicator", a.c_str(), b.c_str(), "change",
              "target", "met");
  for (const sim::ComparisonRow& r : rows) {
    const sim::IndicatorSpec& sp = sim::spec(r.id);
    const std::string label = std::string(sp.label) + " (" + std::string(sp.unit) + ")";
    if (!r.unavailable.empty()) {
      std::printf("%-62s %12s %12s  (not available: %s)\n", label.c_str(), "n/a", "n/a",
                  r.unavailable.c_str());
      continue;
    }
    std::printf("%-62s %12.2f %12.2f %+11.2f%-2s %8s %4s\n", label.c_str(), r.baseline, r.scenario,
                r.change, sim::change_unit(r.id) == "%" ? "%" : "",
                r.target ? std::to_string(*r.target).substr(0, 6).c_str() : "",
                r.met ? (*r.met ? "yes" : "no") : "");
  }
}

// The report's figures, drawn by the viewer offscreen from the CSVs just written. Without the
// viewer or a display, the reason why.
sim::ReportFigures draw_report_figures(const scenario::LoadedScenario& a,
                                       const scenario::LoadedScenario& b, const std::string& out) {
  sim::ReportFigures figures;
#ifdef OUFLOW_HAVE_VIZ
  for (const viz::ReportFigure& f : viz::write_report_figures(a, b, out, &figures.not_drawn)) {
    figures.figures.push_back({f.caption, f.file});
  }
  if (!figures.not_drawn.empty()) {
    std::fprintf(stderr, "warning: figures not drawn: %s\n", figures.not_drawn.c_str());
  }
#else
  (void)a, (void)b, (void)out;
  figures.not_drawn = "this ouflow was built without the viewer (OUFLOW_BUILD_VIZ)";
#endif
  return figures;
}

// Evaluates `a` and `b` on the calibration of a's calibration year (sim::evaluate_baseline);
// writes every output into `out`.
void run_pair(const scenario::LoadedScenario& a, const scenario::LoadedScenario& b,
              const std::string& out, int window, sim::Execution exec) {
  sim::EvaluationSettings settings;
  settings.window_min = window;
  settings.exec = exec;
  settings.progress = Progress::enabled();
  // The calibration year (the root of a's chain) calibrates; a and b run on its calibration.
  const sim::CalibratedBaseline base = sim::evaluate_baseline(a, settings);
  const sim::ScenarioEvaluation& ea = base.evaluation;
  if (settings.progress) std::fprintf(stderr, "evaluating %s\n", b.name.c_str());
  const sim::ScenarioEvaluation eb = sim::evaluate_scenario(b, settings, ea.model.calibration);
  const std::vector<sim::ComparisonRow> rows = sim::compare(ea, eb, b, &base.base_year());
  {
    // The data files together, in place before the figures are drawn from them (the report
    // follows the figures).
    io::OutputSet data(io::OutputSet::Nesting::kIndependent);
    sim::write_evaluation(out, ea, eb, a, b, rows);
    sim::write_changes(out, ea, eb, a, b);
    data.commit();
  }
  const sim::ReportFigures figures = draw_report_figures(a, b, out);
  sim::write_report(out, ea, eb, a, b, rows, figures);
  print_rows(a.name, b.name, rows);
  // What was written: the figures only when they were drawn.
  std::string pngs;
  for (const sim::ReportFigures::Figure& f : figures.figures) {
    pngs += "," + f.file.filename().string();
  }
  std::printf(
      "wrote %s/{indicators.json,report.md,convergence.csv,link_flows.csv,line_loads.csv,"
      "zones.csv,link_changes.{csv,geojson},zone_changes.{csv,geojson},"
      "[baseline_]isochrone_cbd_{car,transit}.geojson%s}\n",
      out.c_str(), pngs.c_str());
}

}  // namespace

void add_compare_command(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string a, b, out = "ouflow_compare";
    int window = 60;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "compare",
      "Paired comparison of two scenarios: both run on the calibration of A's calibration year "
      "(the root of A's chain of bases) with the same seeds, so differences come from the "
      "networks; indicator table, per-link and per-zone changes (CSV and GeoJSON)");
  cmd->footer(
      "Example:\n  ouflow compare wenzhou_2025_plan scenarios/wenzhou/proposals/m3.pbtxt --out "
      "m3_vs_plan");
  cmd->add_option("a", args->a, "Scenario A (file or name)")->required();
  cmd->add_option("b", args->b, "Scenario B (file or name)")->required();
  cmd->add_option("--out", args->out, "Output folder")->capture_default_str();
  cmd->add_option("--window", args->window, "Transit skim window from the peak start, minutes")
      ->check(CLI::Range(1, 240))
      ->capture_default_str();
  cmd->callback([args, &global] {
    run_pair(load(args->a), load(args->b), args->out, args->window, global.execution());
  });
}

void add_evaluate_command(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string scenario = "wenzhou_2025_plan", baseline, out = "ouflow_evaluation";
    int window = 60;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "evaluate",
      "Evaluate a scenario against its baseline: demand model, car and transit assignment, the "
      "plan's indicators (1-hour circles, central-city speed, transit share, inventory)");
  cmd->footer(
      "Examples:\n  ouflow evaluate                      (wenzhou_2025_plan against "
      "wenzhou_2020)\n  ouflow evaluate scenarios/wenzhou/proposals/m3.pbtxt --baseline "
      "wenzhou_2025_plan --out m3_eval");
  cmd->add_option("scenario", args->scenario,
                  "Scenario file or name (default: the embedded wenzhou_2025_plan)")
      ->capture_default_str();
  cmd->add_option("--baseline", args->baseline,
                  "Baseline scenario (default: the root of the scenario's chain of bases, e.g. "
                  "wenzhou_2020). The model is calibrated on the root of the baseline's chain "
                  "whatever the baseline, as in compare and batch");
  cmd->add_option("--out", args->out, "Output folder: indicators.json, report.md, CSVs")
      ->capture_default_str();
  cmd->add_option("--window", args->window, "Transit skim window from the peak start, minutes")
      ->check(CLI::Range(1, 240))
      ->capture_default_str();
  cmd->callback([args, &global] {
    const scenario::LoadedScenario scen = load(args->scenario);
    const scenario::LoadedScenario base =
        args->baseline.empty() ? scenario::load_scenario(scenario::calibration_root(scen))
                               : load(args->baseline);
    run_pair(base, scen, args->out, args->window, global.execution());
  });
}

}  // namespace ouflow::app
