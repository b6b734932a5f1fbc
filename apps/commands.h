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

}  // namespace ouflow::app
