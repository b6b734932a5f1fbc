// The subcommands of `ouflow`. Each registers itself on the app and runs one library call.
#pragma once

#include <CLI/CLI.hpp>

namespace ouflow::app {

void add_info_command(CLI::App& app);
void add_assign_command(CLI::App& app);
void add_isochrone_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_matrix_command(CLI::App& app);
void add_evaluate_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_view_command(CLI::App& app);
void add_batch_command(CLI::App& app);

// Thrown by a subcommand that ends with its own exit code (`batch`: 3 when a proposal failed);
// main returns the code.
struct ExitCode {
  int code = 1;
};

}  // namespace ouflow::app
