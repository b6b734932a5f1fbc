// The subcommands of `ouflow`. Each registers itself on the app and runs one library call.
#pragma once

#include <CLI/CLI.hpp>

namespace ouflow::app {

struct GlobalOptions;  // apps/common_options.h: --threads reaches the library through it

void add_info_command(CLI::App& app);
void add_assign_command(CLI::App& app, const GlobalOptions& global);
void add_isochrone_command(CLI::App& app, const GlobalOptions& global);
void add_convert_command(CLI::App& app);
void add_matrix_command(CLI::App& app, const GlobalOptions& global);
void add_evaluate_command(CLI::App& app, const GlobalOptions& global);
void add_compare_command(CLI::App& app, const GlobalOptions& global);
void add_view_command(CLI::App& app);
void add_batch_command(CLI::App& app, const GlobalOptions& global);

// Thrown by a subcommand that ends with its own exit code (`batch`: 3 when a proposal failed);
// main returns the code.
struct ExitCode {
  int code = 1;
};

}  // namespace ouflow::app
