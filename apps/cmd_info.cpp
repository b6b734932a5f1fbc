#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "networks/io/network_files.h"
#include "networks/network_summary.h"

namespace ouflow::app {

void add_info_command(CLI::App& app) {
  struct Args {
    std::vector<std::string> networks;
    std::string from;
    InputOptions input;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "info", "Counts, demand, extent and length by link class of one or more networks");
  cmd->add_option("NET", args->networks,
                  "Network: X_net.tntp, a GMNS folder (node.csv, link.csv), .pb or .pbtxt")
      ->required();
  cmd->add_option("--from", args->from, "Input format (default: by extension)")
      ->check(CLI::IsMember({"tntp", "gmns", "pb", "pbtxt", "gtfs"}));
  args->input.add_to(*cmd);
  cmd->callback([args] {
    const io::ReadOptions options = args->input.read_options();
    for (const std::string& path : args->networks) {
      const io::Format f =
          args->from.empty() ? io::detect_format(path) : *io::parse_format(args->from);
      const net::Model model = io::read_model(path, f, options);
      net::NetworkSummary summary = net::summarize(model);
      if (summary.name.empty()) summary.name = path;
      net::print_summary(std::cout, summary);
    }
  });
}

}  // namespace ouflow::app
