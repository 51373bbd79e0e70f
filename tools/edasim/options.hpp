// Parsing a subcommand's arguments with CLI11, the same way for every
// command: --help prints and exits 0, a usage error prints and exits 2.
#pragma once

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "tools/edasim/commands.hpp"
#include "tools/edasim/processes.hpp"

namespace edasim::cli {

// Returns the exit code to stop with, or nullopt to go on.
inline std::optional<int> parse(CLI::App& app, const std::vector<std::string>& args) {
  // CLI11 takes a vector in reverse order.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    std::cout << app.help();
    return exit_ok;
  } catch (const CLI::ParseError& e) {
    std::cerr << "edasim " << app.get_name() << ": " << e.what() << "\n"
              << "Run 'edasim " << app.get_name() << " --help' for usage.\n";
    return exit_bad_input;
  }
  return std::nullopt;
}

// The options every command that runs replications takes (compare, plan):
// --threads, --seed, --out, --set and --quiet, into `options` and `sets`;
// the command adds its own --replications, whose bounds and default differ.
inline void add_replicated_run_options(CLI::App& app, CompareOptions& options,
                                       std::vector<std::string>& sets,
                                       const std::string& out_default) {
  app.add_option("--threads,-j", options.threads,
                 "Threads to run replications on (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  app.add_option("--seed", options.seed, "Seed, instead of the scenario's");
  app.add_option("--out", options.out, "Report directory (default " + out_default + ")");
  app.add_option("--set", sets, "Override a scenario value: KEY=VALUE, KEY a dotted path")
      ->take_all();
  app.add_flag("--quiet,-q", options.quiet, "Print nothing but errors");
  app.footer("MPI: " + mpi_support() +
             ". Under mpirun or srun, the runs are spread over the processes, each on its "
             "--threads; rank 0 writes the same reports one process would (docs/mpi.md).");
}

}  // namespace edasim::cli
