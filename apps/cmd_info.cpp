#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "networks/io/network_files.h"
#include "networks/network_summary.h"
#include "scenarios/inventory.h"
#include "scenarios/listing.h"
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
    bool lines = false, stops = false, links = false, roads = false;
    std::string match;
    InputOptions input;
  };
  auto args = std::make_shared<Args>();
  const auto listing_of = [](const Args& a) -> std::optional<scenario::Listing> {
    if (a.lines) return scenario::Listing::kLines;
    if (a.stops) return scenario::Listing::kStops;
    if (a.links) return scenario::Listing::kLinks;
    if (a.roads) return scenario::Listing::kRoads;
    return std::nullopt;
  };
  auto* cmd = app.add_subcommand(
      "info",
      "Counts, demand, extent and length by link class of networks; for a scenario also its "
      "chain of bases and the plan inventory beside the plan's targets");
  cmd->footer(
      "Examples:\n  ouflow info wenzhou_2020\n  ouflow info "
      "tests/data/tntp/SiouxFalls/SiouxFalls_net.tntp --node-coordinates wgs84\n  ouflow info "
      "tests/data/gtfs/sample-feed-1.zip\n"
      "  ouflow info wenzhou_2025_plan --lines --match S   (lines whose id or name contains S)\n"
      "  ouflow info wenzhou_2025_plan --roads > roads.csv   (names modify_road can select)\n"
      "Lists (--lines, --stops, --links, --roads) are CSV on stdout, one row per item; columns "
      "are described in scenarios/listing.h and scenarios/README.md.");
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
  auto* lines = cmd->add_flag(
      "--lines", args->lines,
      "For scenarios: list the transit lines as CSV (route_id, name, mode, status, stops, "
      "length_km, peak_headway_min, added_by) instead of the report");
  auto* stops = cmd->add_flag("--stops", args->stops,
                              "For scenarios: list the stops as CSV (stop_id, name, lat, lon, "
                              "routes serving it)");
  auto* links = cmd->add_flag("--links", args->links,
                              "For scenarios: list the road links as CSV (link_id, from_node, "
                              "to_node, class, name, lanes, speed_kmh, capacity_vph, length_m, "
                              "lat/lon of both ends)");
  auto* roads = cmd->add_flag(
      "--roads", args->roads,
      "For scenarios: list the road names (what modify_road/close_road select by name) as CSV "
      "(name, links, classes, lat, lon)");
  lines->excludes(stops, links, roads);
  stops->excludes(links, roads);
  links->excludes(roads);
  cmd->add_option("--match", args->match,
                  "With a list: keep the rows whose id or name contains this text");
  args->input.add_to(*cmd);
  cmd->callback([args, listing_of] {
    for (const std::string& path : args->networks) {
      if (const auto scenario_file = as_scenario(path, args->from)) {
        const scenario::LoadedScenario s = scenario::load_scenario(*scenario_file);
        if (const auto list = listing_of(*args)) {
          const scenario::ListingTable t = scenario::make_listing(s, *list, args->match);
          if (args->json) {
            scenario::write_json(std::cout, t);
          } else {
            scenario::write_csv(std::cout, t);
          }
          continue;
        }
        const scenario::Inventory inv = scenario::compute_inventory(s);
        if (args->json) {
          scenario::print_scenario_json(std::cout, s, inv);
        } else {
          scenario::print_scenario(std::cout, s, inv);
        }
        continue;
      }
      if (listing_of(*args)) {
        throw std::invalid_argument(
            "--lines, --stops, --links and --roads list a scenario's "
            "model, and " +
            path +
            " is not a scenario (a scenario with "
            "base_network: \"" +
            path + "\" lists it)");
      }
      const net::Model model = load_network_or_scenario(path, args->input, args->from);
      net::NetworkSummary summary = net::summarize(model);
      if (summary.name.empty()) summary.name = path;
      net::print_summary(std::cout, summary);
    }
  });
}

}  // namespace ouflow::app
