#include <cstdio>
#include <memory>
#include <string>

#include "apps/commands.h"
#include "networks/progress.h"
#include "scenarios/scenario.h"
#include "sim/scenario_evaluation.h"

namespace ouflow::app {
namespace {

scenario::LoadedScenario load(const std::string& arg) {
  return scenario::load_scenario(scenario::is_scenario_name(arg) ? scenario::find_scenario(arg)
                                                                 : std::filesystem::path(arg));
}

// The root of a scenario's chain of bases: the first file that names a network.
std::filesystem::path root_of(const scenario::LoadedScenario& s) {
  for (const std::filesystem::path& p : s.chain) {
    if (p.extension() == ".pbtxt") return p;
  }
  return s.file;
}

}  // namespace

void add_evaluate_command(CLI::App& app) {
  struct Args {
    std::string scenario = "wenzhou_2025_plan", baseline, out = "ouflow_evaluation";
    int window = 60;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "evaluate",
      "Evaluate a scenario against its baseline: demand model, car and transit assignment, the "
      "plan's indicators (1-hour circles, central-city speed, transit share, inventory)");
  cmd->add_option("scenario", args->scenario,
                  "Scenario file or name (default: the embedded wenzhou_2025_plan)")
      ->capture_default_str();
  cmd->add_option("--baseline", args->baseline,
                  "Baseline scenario (default: the root of the scenario's chain of bases, e.g. "
                  "wenzhou_2020)");
  cmd->add_option("--out", args->out, "Output folder: indicators.json, report.md, CSVs")
      ->capture_default_str();
  cmd->add_option("--window", args->window, "Transit skim window from the peak start, minutes")
      ->check(CLI::Range(1, 240))
      ->capture_default_str();
  cmd->callback([args] {
    const scenario::LoadedScenario scen = load(args->scenario);
    const scenario::LoadedScenario base =
        args->baseline.empty() ? scenario::load_scenario(root_of(scen)) : load(args->baseline);
    sim::EvaluationSettings settings;
    settings.window_min = args->window;
    settings.progress = Progress::enabled();
    if (settings.progress) std::fprintf(stderr, "evaluating baseline %s\n", base.name.c_str());
    const sim::ScenarioEvaluation b = sim::evaluate_scenario(base, settings, std::nullopt);
    if (settings.progress) std::fprintf(stderr, "evaluating scenario %s\n", scen.name.c_str());
    const sim::ScenarioEvaluation s = sim::evaluate_scenario(scen, settings, b.model.calibration);
    const std::vector<sim::ComparisonRow> rows = sim::compare(b, s, scen);
    sim::write_evaluation(args->out, b, s, base, scen, rows);
    std::printf("%-62s %12s %12s %12s %8s %4s\n", "indicator", base.name.c_str(), scen.name.c_str(),
                "change", "target", "met");
    for (const sim::ComparisonRow& r : rows) {
      std::printf("%-62s %12.2f %12.2f %+11.2f%-2s %8s %4s\n",
                  (r.label + " (" + r.unit + ")").c_str(), r.baseline, r.scenario, r.change,
                  r.change_unit == "%" ? "%" : "",
                  r.target ? std::to_string(*r.target).substr(0, 6).c_str() : "",
                  r.met ? (*r.met ? "yes" : "no") : "");
    }
    std::printf("wrote %s/{indicators.json,report.md,link_flows.csv,line_loads.csv,zones.csv}\n",
                args->out.c_str());
  });
}

}  // namespace ouflow::app
