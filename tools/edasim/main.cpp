// edasim: the command line. Thin by design: it parses arguments and hands
// over to the library; every subcommand lives in its own file.
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "sim/report/json_reference.hpp"
#include "tools/edasim/commands.hpp"
#include "tools/edasim/processes.hpp"

namespace {

constexpr const char* usage = R"(edasim: simulate event-driven architectures before you deploy them

usage: edasim <command> [options]

commands:
  run SCENARIO.toml    simulate a scenario and write its reports
  compare SCENARIO.toml [MORE.toml ...]
                       run a study's designs side by side, replicated, and
                       write the comparison
  plan SCENARIO.toml   find the cheapest values of the [plan] knobs that meet
                       its SLOs, and write the plan
  check SCENARIO.toml  validate a scenario and print its topology and problems
  match ...            evaluate EventBridge event patterns against events
  init [FILE]          write a commented starter scenario (scenario.toml)
  import TEMPLATE      write a scenario skeleton from a CloudFormation or SAM template
  schema               print the scenario format as a JSON Schema, for editors

Run 'edasim <command> --help' for a command's options; 'edasim --version'
prints the version.
Exit codes: 0 ok, 2 bad input, 1 internal error.
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace edasim::cli;
  if (argc < 2) {
    std::cerr << usage;
    return exit_bad_input;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "run") return run(args);
    if (command == "check") return check(args);
    if (command == "match") return match(args);
    if (command == "compare") return compare(args);
    if (command == "init") return init(args);
    if (command == "plan") return plan(args);
    if (command == "import") return import_template(args);
    if (command == "schema") return schema(args);
    // Hidden: prints docs/report-json.md, made from the field tables that
    // write report.json; a test compares the checked-in page with it.
    if (command == "reference-json") {
      std::cout << edasim::report::json_reference();
      return exit_ok;
    }
    if (command == "--version" || command == "version") {
      std::cout << "edasim " << EDASIM_VERSION << "\nMPI: " << mpi_support()
                << "\nimport: " << import_support() << '\n';
      return exit_ok;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage;
      return exit_ok;
    }
    std::cerr << "edasim: unknown command '" << command << "'\n\n" << usage;
    return exit_bad_input;
  } catch (const std::bad_alloc&) {
    std::cerr << "edasim: out of memory: the scenario needs more memory than this machine has\n";
    return exit_internal;
  } catch (const std::exception& e) {
    std::cerr << "edasim: internal error: " << e.what() << '\n';
    return exit_internal;
  }
}
