// edasim check: validate a scenario, print its topology and the problems
// found on it, without simulating.
#include <iostream>

#include "sim/model/system.hpp"
#include "sim/report/topology_listing.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/topology.hpp"
#include "tools/edasim/commands.hpp"
#include "tools/edasim/options.hpp"
#include "tools/edasim/overrides.hpp"
#include "tools/edasim/validate.hpp"

namespace edasim::cli {

namespace {

// How many events of each producer are drawn to see whether any rule can
// route them, and what share of them reaches each component (a producer
// writing to a stream draws more: sim/model/system.cpp).
constexpr std::uint64_t route_samples = 2000;

// A producer whose events no rule matches sends everything to be discarded:
// almost surely a pattern that does not say what was meant.
void check_routes(const model::SystemConfig& config, const scenario::Topology&,
                  std::vector<scenario::Finding>& findings) {
  model::System system(config);
  const std::vector<double> routed = system.routed_fraction(route_samples);
  for (std::size_t i = 0; i < config.producers.size(); ++i) {
    const model::ProducerConfig& p = config.producers[i];
    if (p.target_table != "buses") continue;
    if (routed[i] == 0) {
      findings.push_back({scenario::Severity::warning, "producers." + p.name,
                          "none of " + std::to_string(route_samples) +
                              " sample events matches any rule of bus " + p.target +
                              ": the bus will discard all its events"});
    }
  }
}

// A component that cannot keep up with the load offered at the producers'
// peak is a warning (above 80 % utilisation, an info), with the numbers;
// see sim/model/support/offered_load.hpp for how the load is found.
void check_capacity(const model::SystemConfig& config, const scenario::Topology&,
                    std::vector<scenario::Finding>& findings) {
  model::System system(config);
  const model::Capacity capacity = system.capacity(system.offered_load(route_samples));
  for (const model::CapacityLimit& limit : capacity.limits) {
    findings.push_back(
        {limit.utilisation > 1 ? scenario::Severity::warning : scenario::Severity::info,
         scenario::child_path(limit.table, limit.name), limit.message});
  }
}

}  // namespace

int check(const std::vector<std::string>& args) {
  CLI::App app{"Validate a scenario and print its topology and the problems found.", "check"};
  std::string scenario_file;
  std::vector<std::string> sets;
  app.add_option("scenario", scenario_file, "Scenario file (TOML)")->required();
  app.add_option("--set", sets, "Override a scenario value: KEY=VALUE")->take_all();
  if (auto code = parse(app, args)) return *code;

  plan::StudyConfig study;
  try {
    std::vector<scenario::Diagnostic> warnings;
    study = scenario::load_study(scenario_file, parse_overrides(sets), &warnings);
    print_warnings(warnings);
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_bad_input;
  } catch (const BadOverride& e) {
    std::cerr << "edasim check: " << e.what() << '\n';
    return exit_bad_input;
  }
  // What run and compare refuse after loading, check refuses too.
  if (const auto problems = unknown_measures(study); !problems.empty()) {
    for (const std::string& p : problems) std::cerr << p << '\n';
    return exit_bad_input;
  }
  // A study is checked design by design.
  int code = exit_ok;
  for (const plan::DesignConfig& design : study.designs) {
    if (study.declared) std::cout << "Design " << design.name << ":\n";
    const model::SystemConfig& config = design.system;
    const scenario::Topology topology(config);
    const scenario::ExtraCheck extra[] = {check_routes, check_capacity};
    const auto findings = scenario::check(config, topology, extra);
    report::print(std::cout, config, topology);
    std::cout << '\n';
    scenario::print(std::cout, findings);
    for (const auto& f : findings) {
      if (f.severity == scenario::Severity::error) code = exit_bad_input;
    }
    if (study.declared && &design != &study.designs.back()) std::cout << '\n';
  }
  return code;
}

}  // namespace edasim::cli
