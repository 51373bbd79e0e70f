// edasim schema: print the scenario format as a JSON Schema, for TOML
// editors (docs/scenario/editors.md says how to wire one up).
#include <iostream>

#include "sim/report/scenario_schema.hpp"
#include "tools/edasim/commands.hpp"

namespace edasim::cli {

int schema(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: edasim schema\n\n"
                 "Prints a JSON Schema (draft 2020-12) of the scenario format, with each key's\n"
                 "description, unit and range, for TOML editors to complete and check\n"
                 "scenarios with. Save it beside your scenarios and point the editor at it.\n";
    return exit_ok;
  }
  if (!args.empty()) {
    std::cerr << "edasim schema: takes no arguments, got '" << args[0] << "'\n";
    return exit_bad_input;
  }
  std::cout << report::scenario_schema();
  return exit_ok;
}

}  // namespace edasim::cli
