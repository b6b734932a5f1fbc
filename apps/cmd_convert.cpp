#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "networks/input_error.h"
#include "networks/io/network_files.h"
#include "networks/progress.h"

namespace ouflow::app {

void add_convert_command(CLI::App& app) {
  struct Args {
    std::string in, out, from, to;
    InputOptions input;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "convert", "Convert a network between TNTP, GMNS and protobuf (binary .pb or text .pbtxt)");
  cmd->add_option("IN", args->in,
                  "Input network, or a scenario (file or name): its modified network and transit")
      ->required();
  cmd->add_option("OUT", args->out,
                  "Output: X_net.tntp (writes X_trips/X_node beside it), a GMNS folder, .pb or "
                  ".pbtxt")
      ->required();
  cmd->add_option("--from", args->from, "Input format (default: by extension)")
      ->check(CLI::IsMember({"tntp", "gmns", "pb", "pbtxt", "gtfs"}));
  cmd->add_option("--to", args->to, "Output format (default: by extension)")
      ->check(CLI::IsMember({"tntp", "gmns", "pb", "pbtxt"}));
  args->input.add_to(*cmd);
  cmd->footer(
      "TNTP output uses the same --time-unit/--length-unit/--speed-unit as TNTP input.\n"
      "Examples:\n  ouflow convert tests/data/tntp/SiouxFalls/SiouxFalls_net.tntp sioux.pb\n"
      "  ouflow convert wenzhou_2025_plan plan_gmns/   (a scenario's modified network)");
  cmd->callback([args] {
    const io::ReadOptions options = args->input.read_options();
    const io::Format to =
        args->to.empty() ? io::detect_format(args->out) : *io::parse_format(args->to);
    const net::Model model = load_network_or_scenario(args->in, args->input, args->from);
    // Nothing to write is an error, not an empty file set with exit 0.
    const bool road_format = to == io::Format::kTntp || to == io::Format::kGmns;
    if (model.road.link_count() == 0 && (road_format || !model.transit)) {
      throw InputError(args->in, 0, "",
                       std::string("has no road links") + (model.transit ? "" : " and no transit") +
                           ": nothing to write as " + std::string(io::to_string(to)) +
                           (model.transit ? " (a transit feed converts to .pb or .pbtxt, which "
                                            "hold a transit layer)"
                                          : ""));
    }
    io::write_model(args->out, to, model, options.tntp);
    if (Progress::enabled()) {
      std::cerr << "wrote " << args->out << " (" << io::to_string(to)
                << "): " << model.road.node_count() << " nodes, " << model.road.link_count()
                << " links, " << model.road.zone_count() << " zones\n";
    }
  });
}

}  // namespace ouflow::app
