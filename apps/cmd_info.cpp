#include <filesystem>
#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "networks/io/network_files.h"
#include "networks/network_summary.h"
#include "scenarios/inventory.h"
#include "scenarios/scenario.h"

namespace ouflow::app {
namespace {

// A scenario unless --from names a network format.
std::optional<std::filesystem::path> as_scenario(const std::string& arg, const std::string& from) {
  if (!from.empty()) return std::nullopt;
  return scenario::scenario_file_of(arg);
}

}  // namespace

void add_info_command(CLI::App& app) {
  struct Args {
    std::vector<std::string> networks;
    std::string from;
    bool json = false;
    InputOptions input;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "info",
      "Counts, demand, extent and length by link class of networks; for a scenario also its "
      "chain of bases and the plan inventory beside the plan's targets");
  cmd->footer(
      "Examples:\n  ouflow info wenzhou_2020\n  ouflow info "
      "tests/data/tntp/SiouxFalls/SiouxFalls_net.tntp --node-coordinates wgs84\n  ouflow info "
      "tests/data/gtfs/sample-feed-1.zip");
  cmd->add_option("NET", args->networks,
                  "Network: X_net.tntp, a GMNS folder (node.csv, link.csv), .pb or .pbtxt; or a "
                  "scenario: a scenario .pbtxt file or a scenario name such as wenzhou_2020 "
                  "(looked up below $OUFLOW_SCENARIO_DIR, default the source tree's scenarios/)")
      ->required();
  cmd->add_option("--from", args->from, "Input format of networks (default: by extension)")
      ->check(CLI::IsMember({"tntp", "gmns", "pb", "pbtxt", "gtfs"}));
  cmd->add_flag("--json", args->json,
                "For scenarios: print the header, inventory and indicators as one JSON object "
                "per scenario");
  args->input.add_to(*cmd);
  cmd->callback([args] {
    for (const std::string& path : args->networks) {
      if (const auto scenario_file = as_scenario(path, args->from)) {
        const scenario::LoadedScenario s = scenario::load_scenario(*scenario_file);
        const scenario::Inventory inv = scenario::compute_inventory(s);
        if (args->json) {
          scenario::print_scenario_json(std::cout, s, inv);
        } else {
          scenario::print_scenario(std::cout, s, inv);
        }
        continue;
      }
      const net::Model model = load_network_or_scenario(path, args->input, args->from);
      net::NetworkSummary summary = net::summarize(model);
      if (summary.name.empty()) summary.name = path;
      net::print_summary(std::cout, summary);
    }
  });
}

}  // namespace ouflow::app
