// edasim import: a CloudFormation or SAM template in, a scenario skeleton
// out (sim/import/importer.hpp, docs/import.md), on stdout or into a file
// that is written whole or not at all.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tools/edasim/commands.hpp"
#include "tools/edasim/options.hpp"

#ifdef EDASIM_IMPORT
#include "sim/import/importer.hpp"
#include "sim/import/template.hpp"
#endif

namespace edasim::cli {

std::string import_support() {
#ifdef EDASIM_IMPORT
  return "built in (yaml-cpp)";
#else
  return "not built in (needs yaml-cpp)";
#endif
}

int import_template(const std::vector<std::string>& args) {
  CLI::App app{"Write a scenario skeleton from a CloudFormation or SAM template (JSON or YAML).",
               "import"};
  std::string template_file;
  std::string out_file;
  std::string name;
  bool force = false;
  app.add_option("template", template_file, "The template (JSON or YAML)")->required();
  app.add_option("-o,--output", out_file, "Write the scenario here instead of to stdout");
  app.add_option("--name", name, "The scenario's name (default: the template's file name)");
  app.add_flag("--force", force, "Replace the output file if it exists");
  app.footer(
      "Queues, buses and rules, topics and subscriptions, functions and their event source "
      "mappings, Kinesis streams and state machines are mapped; what has no place in a scenario "
      "is written as '# not mapped' comments, and the load and processing times a template "
      "does not say as values marked ASSUMPTION (docs/import.md).");
  if (auto code = parse(app, args)) return *code;
#ifndef EDASIM_IMPORT
  (void)force;
  std::cerr << "edasim import: this edasim was built without yaml-cpp, which import needs; "
               "install it (tools/setup.sh) and rebuild\n";
  return exit_bad_input;
#else
  std::error_code error;
  if (!out_file.empty() && !force && (std::filesystem::exists(out_file, error) || error)) {
    std::cerr << "edasim import: " << out_file
              << " already exists; choose another name or pass --force\n";
    return exit_bad_input;
  }
  import::Imported imported;
  try {
    const import::Template source = import::Template::read(template_file);
    if (name.empty()) name = std::filesystem::path(template_file).stem().string();
    imported = import::import_scenario(source, name);
  } catch (const import::ImportError& e) {
    std::cerr << e.what() << '\n';
    return exit_bad_input;
  }
  if (out_file.empty()) {
    std::cout << imported.scenario;
    return exit_ok;
  }
  // Written to a temporary name and renamed, so that a failed write leaves
  // nothing half-written at `out_file`.
  const std::string partial = out_file + ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    out << imported.scenario;
    if (!out.flush()) {
      std::filesystem::remove(partial, error);
      std::cerr << "edasim import: cannot write " << out_file << '\n';
      return exit_bad_input;
    }
  }
  std::filesystem::rename(partial, out_file, error);
  if (error) {
    std::filesystem::remove(partial, error);
    std::cerr << "edasim import: cannot write " << out_file << '\n';
    return exit_bad_input;
  }
  std::cout << "wrote " << out_file << ": " << imported.components << " components, "
            << imported.not_mapped << " not mapped, " << imported.assumptions
            << " assumptions to replace; next: edasim check " << out_file << '\n';
  return exit_ok;
#endif
}

}  // namespace edasim::cli
