// ouflow: the command. Parses arguments, runs one subcommand, maps errors to exit codes:
// 0 success, 2 bad arguments or bad input (file:line: field: what), 1 anything else.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "apps/commands.h"
#include "apps/common_options.h"
#include "networks/input_error.h"
#include "networks/io/atomic_file.h"
#include "networks/suggest.h"

namespace {

// OpenMP threads sleep at barriers instead of spinning, unless the user chose otherwise: on two
// shared cores the default spin-waiting made `ouflow evaluate` take 168 s instead of 43-50 s
// (docs/performance.md). The OpenMP runtime reads OMP_WAIT_POLICY when it is loaded, before
// main, so the setting takes effect by running this program once more with it set (once: the
// variable is then set).
void sleep_at_openmp_barriers(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (::setenv("OMP_WAIT_POLICY", "passive", 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // execv failed (no /proc): run on with the runtime's default policy.
}

// The first argument that is not a global option: it must name a subcommand. An unknown one is
// an error with the nearest names (CLI11 alone would say "A subcommand is required", or print the
// main help and exit 0 for `ouflow typo --help`). Returns false after printing the error.
bool known_subcommand(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads") {
      ++i;  // its value
      continue;
    }
    if (a.starts_with("-")) continue;
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) {
      if (!sub->get_name().empty()) names.push_back(sub->get_name());  // not option groups
    }
    if (std::find(names.begin(), names.end(), a) != names.end()) return true;
    std::string near, all;
    for (const std::string& n : names) all += (all.empty() ? "" : ", ") + n;
    for (const std::string& n : ouflow::closest_matches(a, names)) {
      near += (near.empty() ? "" : " or ") + n;
    }
    std::cerr << "ouflow: error: unknown command '" << a << "'"
              << (near.empty() ? "" : "; did you mean " + near + "?") << "\ncommands: " << all
              << " (ouflow --help)\n";
    return false;
  }
  return true;
}

// An option the parsed subcommand does not have: CLI11's message plus the nearest option names.
void suggest_options(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands()) {  // the parsed one
    std::vector<std::string> names;
    for (const CLI::Option* o : sub->get_options()) {
      for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
    }
    for (const CLI::App* group : sub->get_subcommands({})) {  // option groups
      if (!group->get_name().empty()) continue;
      for (const CLI::Option* o : group->get_options()) {
        for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
      }
    }
    std::vector<std::string> extras = sub->remaining();
    for (const std::string& e : app.remaining()) extras.push_back(e);  // fallen through
    for (const std::string& extra : extras) {
      if (!extra.starts_with("--")) continue;
      const std::string name = extra.substr(0, extra.find('='));
      const auto near = ouflow::closest_matches(name, names);
      if (near.empty()) continue;
      std::string list;
      for (const std::string& n : near) list += (list.empty() ? "" : " or ") + n;
      std::cerr << "ouflow " << sub->get_name() << ": unknown option " << name << "; did you mean "
                << list << "? (ouflow " << sub->get_name() << " --help)\n";
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  sleep_at_openmp_barriers(argv);
  CLI::App app{
      "ouflow — traffic and transit network simulator for transport engineers.\n"
      "Road and transit networks from TNTP, GMNS, GTFS, protobuf and scenario files; assignment,\n"
      "transit routing, isochrones, travel-time matrices, plan evaluation, and a map viewer."};
  app.set_version_flag("--version", std::string("ouflow ") + OUFLOW_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options (--threads, --quiet) may follow the subcommand too
  ouflow::app::GlobalOptions global;
  global.add_to(app);
  ouflow::app::add_info_command(app);
  ouflow::app::add_convert_command(app);
  ouflow::app::add_assign_command(app, global);
  ouflow::app::add_isochrone_command(app, global);
  ouflow::app::add_matrix_command(app, global);
  ouflow::app::add_evaluate_command(app, global);
  ouflow::app::add_compare_command(app, global);
  ouflow::app::add_view_command(app);
  ouflow::app::add_batch_command(app, global);
  app.parse_complete_callback([&app, &global] {
    ouflow::app::check_finite_numbers(app);
    global.apply();
  });
  if (!known_subcommand(app, argc, argv)) return 2;
  // Interrupted, no temporary is left behind; failed, no output of the run is left half-made:
  // every file the command writes is renamed into place only when it ends well.
  ouflow::io::remove_temporaries_on_signals();
  try {
    ouflow::io::OutputSet outputs;
    int code = 0;
    try {
      app.parse(argc, argv);
    } catch (const ouflow::app::ExitCode& e) {  // a command's own exit code: its outputs stand
      code = e.code;
    }
    outputs.commit();
    if (code != 0) return code;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ExtrasError& e) {
    app.exit(e);
    suggest_options(app);
    return 2;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const ouflow::InputError& e) {
    std::cerr << "ouflow: error: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {  // arguments that do not fit the input
    std::cerr << "ouflow: error: " << e.what() << "\n";
    return 2;
  } catch (const std::filesystem::filesystem_error& e) {  // e.g. a symlink loop: the path, exit 2
    std::cerr << "ouflow: error: "
              << (e.path1().empty() ? std::string(e.what())
                                    : e.path1().string() + ": " + e.code().message())
              << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ouflow: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
