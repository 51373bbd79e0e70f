#include "tools/edasim/validate.hpp"

#include <algorithm>
#include <iostream>
#include <set>

#include "sim/model/system.hpp"
#include "sim/report/measures.hpp"
#include "sim/scenario/key_path.hpp"

namespace edasim::cli {

// The names come from each design's result after a millisecond of
// simulated time, which already lists every measure it can have (the cost
// measures need some simulated time to exist).
std::vector<std::string> unknown_measures(const plan::StudyConfig& study) {
  // The measures a study may name are those of its designs' results, found
  // by building each design: with a 10,000-rule bus that is a third of
  // reading the scenario, so a study naming none is not built.
  if (study.slos.empty() && !study.stopping && !study.plan) return {};
  std::set<std::string> names;
  for (const plan::DesignConfig& d : study.designs) {
    model::System probe(d.system);
    probe.run_until(Time::zero() + std::min(milliseconds(1), d.system.duration));
    for (const plan::Measure& m : report::measures_of(probe.hand_over())) names.insert(m.name);
  }
  const std::vector<std::string> known(names.begin(), names.end());
  std::vector<std::string> problems;
  auto check = [&](const std::string& measure, const std::string& origin) {
    if (names.contains(measure)) return;
    std::string message = origin + ": no measure named \"" + measure + "\"";
    // Measures took their report.json names; a study written before says
    // exactly what to write instead.
    if (const auto now = report::renamed_measure(measure, names)) {
      message += "; it is now \"" + *now + "\"";
    } else if (const auto guess = scenario::closest(measure, known)) {
      message += "; did you mean \"" + *guess + "\"?";
    }
    problems.push_back(message);
  };
  for (const plan::Slo& slo : study.slos) check(slo.measure, slo.origin);
  if (study.stopping) check(study.stopping->measure, study.stopping->origin);
  if (study.plan) {
    const std::string& origin = study.plan->objective_origin;
    check(study.plan->objective, origin.empty() ? "plan.objective (the default)" : origin);
  }
  return problems;
}

void print_warnings(const std::vector<scenario::Diagnostic>& warnings) {
  for (const scenario::Diagnostic& w : warnings) std::cerr << w.to_string() << '\n';
}

}  // namespace edasim::cli
