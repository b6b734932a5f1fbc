#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "networks/input_error.h"
#include "networks/io/network_files.h"
#include "networks/io/tntp.h"
#include "networks/progress.h"
#include "sim/road/assignment.h"
#include "sim/road/assignment_output.h"
#include "sim/road/link_performance.h"
#include "sim/road/skim.h"

namespace ouflow::app {

void add_assign_command(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string net, trips, from, algorithm = "b";
    double gap = 1e-8;
    int max_iterations = 10000;
    double max_seconds = 1e30;
    std::string flows_out, tntp_flows_out, log_out, skim_out, warm_start, bushes_in, bushes_out;
    InputOptions input;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "assign", "Static user-equilibrium road assignment (Algorithm B, Frank-Wolfe family, MSA)");
  cmd->footer(
      "Example:\n  ouflow assign --net tests/data/tntp/SiouxFalls/SiouxFalls_net.tntp --gap 1e-8 "
      "--flows-out flows.csv");
  add_network_option(*cmd, args->net, "The road network and its demand")->required();
  cmd->add_option("--trips", args->trips,
                  "TNTP trips file (default: X_trips.tntp beside X_net.tntp, or the demand "
                  "inside a GMNS/protobuf network)");
  cmd->add_option("--from", args->from, "Network format (default: by extension)")
      ->check(CLI::IsMember({"tntp", "gmns", "pb", "pbtxt"}));
  cmd->add_option("--algorithm", args->algorithm,
                  "b (Algorithm B, bush-based), bfw, cfw, fw, msa or aon")
      ->check(CLI::IsMember({"b", "bfw", "cfw", "fw", "msa", "aon"}))
      ->capture_default_str();
  cmd->add_option("--gap", args->gap, "Target relative gap 1 - SPTT/TSTT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-iterations", args->max_iterations, "Iteration limit")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-seconds", args->max_seconds, "Wall-clock limit")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--flows-out", args->flows_out,
                  "Link flows CSV: dir_link_id,link_id,from_node,to_node,class,flow_vph,time_min,"
                  "cost_min,speed_kmh,vc (full precision; docs/outputs.md)");
  cmd->add_option("--tntp-flows-out", args->tntp_flows_out, "Link flows in TNTP _flow format");
  cmd->add_option("--log-out", args->log_out, "Convergence log CSV, one row per iteration");
  cmd->add_option("--skim-out", args->skim_out,
                  "Zone-to-zone skim CSV at equilibrium: cost, time (min), distance (km)");
  cmd->add_option("--warm-start", args->warm_start,
                  "Start from link flows (CSV from --flows-out, or TNTP _flow); Frank-Wolfe family")
      ->check(CLI::ExistingFile);
  cmd->add_option("--bushes-in", args->bushes_in, "Algorithm B: start from a saved bush file")
      ->check(CLI::ExistingFile);
  cmd->add_option("--bushes-out", args->bushes_out, "Algorithm B: save the final bushes");
  args->input.add_to(*cmd);
  cmd->callback([args, &global] {
    const io::ReadOptions options = args->input.read_options();
    net::Model model = load_network_or_scenario(args->net, args->input, args->from);
    if (!args->trips.empty()) {
      model.demand = io::read_tntp_trips(args->trips, model.road);
    }
    if (!model.demand) {
      throw InputError(args->net, 0, "", "no demand: give --trips or a network with demand");
    }
    sim::AssignmentOptions o;
    o.algorithm = *sim::parse_algorithm(args->algorithm);
    o.target_gap = args->gap;
    o.max_iterations = args->max_iterations;
    o.max_seconds = args->max_seconds;
    o.exec = global.execution();
    if (!args->warm_start.empty()) {
      o.warm_start_flows = sim::read_link_flows(args->warm_start, model.road);
    }
    if (!args->bushes_in.empty()) o.bushes_in = args->bushes_in;
    if (!args->bushes_out.empty()) o.bushes_out = args->bushes_out;
    const bool show = Progress::enabled();
    o.on_iteration = [show](const sim::IterationStats& s) {
      if (!show) return;
      std::fprintf(stderr, "iter %5d  gap %.3e  aec %.3e min  beckmann %.10g  %.2f s\n",
                   s.iteration, s.relative_gap, s.average_excess_cost / 60.0, s.beckmann / 60.0,
                   s.seconds);
    };
    const sim::AssignmentResult r = sim::assign(model.road, *model.demand, o);
    if (!args->flows_out.empty())
      sim::write_link_flows_csv(args->flows_out, model.road, r.flow, sim::NumberFormat::kRoundTrip);
    if (!args->tntp_flows_out.empty()) {
      const sim::LinkPerformance perf(model.road);
      io::LinkFlows lf;
      lf.volume = net::IdVector<net::LinkId, double>(r.flow);
      lf.cost_s.resize(r.flow.size());
      for (std::size_t l = 0; l < r.flow.size(); ++l) lf.cost_s.raw()[l] = perf.cost(l, r.flow[l]);
      io::write_tntp_flow(args->tntp_flows_out, model.road, lf, options.tntp);
    }
    if (!args->log_out.empty()) sim::write_convergence_csv(args->log_out, r.log);
    if (!args->skim_out.empty()) {
      const sim::LinkPerformance perf(model.road);
      std::vector<double> cost(r.flow.size()), time(r.flow.size());
      perf.costs(r.flow, cost);
      perf.times(r.flow, time);
      sim::write_skim_csv(args->skim_out, model.road,
                          sim::compute_skim(model.road, cost, time, o.exec));
    }
    const sim::IterationStats& s = r.last();
    std::printf("%s: %s %d iterations, relative gap %.3e, objective %.10g veh-min, %.3f s\n",
                r.converged ? "converged" : "stopped",
                std::string(sim::to_string(r.algorithm)).c_str(), s.iteration, s.relative_gap,
                s.beckmann / 60.0, s.seconds);
  });
}

}  // namespace ouflow::app
