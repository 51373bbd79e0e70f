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

}  // namespace edasim::cli
