// A scenario evaluated end to end, in named stages (evaluate.cpp), and a baseline/scenario
// comparison of the plan indicators (docs/indicators.md):
//   1. zones: roles (scenarios/zone_roles.h), population and jobs after growth, the CBD zone;
//   2. transit supply: the timetable's footpaths and its skim (median door-to-door minutes over
//      the peak window, RAPTOR), buses retimed in traffic on demand;
//   3. base-year calibration (only without a given calibration);
//   4. feedback passes: the demand-supply fixed point (sim/demand/feedback.h), one or two passes
//      with the tolerances of FeedbackPlan, all stated in one place;
//   5. transit assignment: line loads on the network as run;
//   6. CBD isochrones by car and transit (sim/isochrone/point_isochrone.h);
//   7. indicators (sim/evaluation/plan_indicators.h) from the catalogue.
// Report writers: sim/evaluation/report.h.
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "networks/transit_network.h"
#include "scenarios/scenario.h"
#include "scenarios/zone_roles.h"
#include "sim/demand/feedback.h"
#include "sim/evaluation/catalogue.h"
#include "sim/isochrone/isochrone.h"
#include "sim/transit/transit_assignment.h"

namespace ouflow::sim {

struct EvaluationSettings {
  // The service day of the transit skims (frequency lines of scenarios run every day).
  net::Date date = net::Date::from_days(20151);  // 2025-03-04, a Tuesday
  std::int32_t window_min = 60;                  // departures from peak_start, every minute
  int max_transfers = 4;
  double walk_speed_mps = 1.3;
  double max_walk_m = 1000.0;  // zone access and egress (straight line)
  double transfer_radius_m = 300.0;
  std::int32_t assignment_step_min = 5;  // transit assignment: one departure every N minutes
  // Bus and coach running times follow the congested car times (sim/evaluation/bus_congestion.h): a
  // second feedback pass on the retimed network. BRT, rail and metro keep their timetables.
  bool buses_in_traffic = true;
  double isochrone_cell_m = 250.0;  // CBD isochrones' grid cell; 0: no isochrones
  bool progress = false;
  Execution exec;  // threads of every parallel stage (results are the same for any count)
};

// The feedback passes of an evaluation and their tolerances, in one place. With buses in
// traffic (two passes) the first pass stops at kFirstPassFactor x the tolerance; the buses are
// then retimed on its congested roads and the second pass goes on from its state to the
// tolerance. The base year's calibrating runs stop at kCalibrationFactor x the pass they stand
// for (the parameters need no tight fixed point). One pass: the tolerance itself.
struct FeedbackPlan {
  static constexpr double kTolerance = kFeedbackTolerance;
  static constexpr double kFirstPassFactor = 30.0;
  static constexpr double kCalibrationFactor = kCalibrationToleranceFactor;
  static constexpr int kMaxIterations = FeedbackPass{}.max_iterations;
  bool two_passes = true;

  FeedbackPass evaluation(int pass) const;
  FeedbackPass calibration(int pass) const;
};

using scenario::ZoneRoles;

// A road link across scenarios: its external id and end nodes' external ids.
struct LinkKey {
  std::int64_t id = 0, from = 0, to = 0;
  auto operator<=>(const LinkKey&) const = default;
};
LinkKey link_key(const net::RoadNetwork& road, net::LinkId l);

struct ScenarioEvaluation {
  std::string name;
  ZoneRoles roles;
  std::size_t cbd_zone = 0;
  std::vector<double> population, jobs;  // after the scenario's growth factors
  std::vector<double> transit_time_min;  // zones x zones, +infinity where not served
  FeedbackResult model;
  TransitLoads loads;
  IndicatorValues indicators;         // by IndicatorId (sim/evaluation/catalogue.h)
  UnavailableIndicators unavailable;  // NaN in `indicators`, each with what the model lacks
  std::vector<std::string> seats_within_60, externals_within_60;
  // Per external zone: transit minutes from the best-placed main-centre zone (+inf: none).
  std::vector<std::pair<std::string, double>> rail_minutes_to_external;
  // What a warm start of another scenario needs: the zones' external ids, the links' keys (by
  // LinkId value), the transit network the skim was computed on, and whether the skim was reused.
  std::vector<std::int64_t> zone_ids;
  std::vector<LinkKey> link_keys;
  std::optional<net::TransitNetwork> transit_network;
  bool transit_skim_reused = false;
  std::vector<double> timetable_skim_min;  // the transit skim before buses were retimed
  double bus_delay_factor = 1.0;  // mean congested / free-flow running time of buses in traffic
  // The link flows (by LinkId value) the buses were retimed on: the first pass's; a warm-started
  // proposal retimes its buses on these (mapped by link key). Empty: buses not retimed.
  std::vector<double> bus_timing_flow_vph;
  // Travel-time grids from the CBD (peak hour): car on congested times, transit median over the
  // window; empty when not computed.
  TravelTimeGrid cbd_car_isochrone, cbd_transit_isochrone;
};

// Evaluates `s`; `calibration` is the baseline's (absent: `s` is the base year and is calibrated).
// `warm_start`: a finished evaluation of a scenario with the same zones, with the same settings
// (typically the base of a proposal): the demand-supply feedback starts from its state (link
// flows matched by LinkKey, new links empty; demand; bushes when the road graph is the same) and
// runs one pass, buses retimed on the flows the base retimed its buses on; with timetabled buses
// and an equal transit network its transit skim is reused. The result equals a cold evaluation
// within the feedback tolerance (docs/indicators.md). Ignored when zones differ or no
// calibration is given.
ScenarioEvaluation evaluate_scenario(const scenario::LoadedScenario& s,
                                     const EvaluationSettings& settings,
                                     const std::optional<Calibration>& calibration,
                                     const ScenarioEvaluation* warm_start = nullptr);

// The one calibration rule of evaluate, compare and batch: the model is calibrated on the
// calibration year — the root of the baseline's chain of bases (scenario::calibration_root), the
// year whose observed shares and trip time it is fitted to — and every other run (the baseline,
// the scenario, each proposal) uses that calibration. So the same proposal gives the same numbers
// in every command.
struct CalibratedBaseline {
  ScenarioEvaluation evaluation;  // the baseline's, on the calibration year's calibration
  // The calibration year's own evaluation when it is not the baseline; the plan's base year, from
  // which targets on changes are judged.
  std::optional<ScenarioEvaluation> calibration_year;
  const ScenarioEvaluation& base_year() const {
    return calibration_year ? *calibration_year : evaluation;
  }
};
CalibratedBaseline evaluate_baseline(const scenario::LoadedScenario& baseline,
                                     const EvaluationSettings& settings);

// One row of the comparison table: an indicator of the catalogue in both runs.
struct ComparisonRow {
  IndicatorId id{};
  double baseline = 0.0, scenario = 0.0;
  double change = 0.0;           // as the catalogue states it (change_unit(id))
  std::optional<double> target;  // the plan's target for the change (or the value)
  std::optional<bool> met;
  // Not empty: the indicator is not available in one of the runs (its values NaN), and why.
  std::string unavailable;
};

// Every indicator of the catalogue in catalogue order, with the scenario file's targets; one
// that either run cannot compute is a row marked unavailable, with the reason. A target
// on a change (central-city speed +3 %, transit share +2 pp) is judged from `base_year` (the
// calibration year; default: the baseline), a target on a value on the scenario's value.
std::vector<ComparisonRow> compare(const ScenarioEvaluation& baseline,
                                   const ScenarioEvaluation& scenario,
                                   const scenario::LoadedScenario& scenario_file,
                                   const ScenarioEvaluation* base_year = nullptr);

}  // namespace ouflow::sim
