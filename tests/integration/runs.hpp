// What the integration tests share: running a scenario a test writes out,
// and finding one component's result by its name among its kind's results
// (RunResult::queues, ::fleets, ::state_machines, ...), so that a test
// naming a component the run does not have fails there.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

namespace edasim::testing {

// Runs the scenario `text`, named `file` in its errors, to its end.
inline model::RunResult run_text(const std::string& text, const std::string& file) {
  model::System system(scenario::load_text(text, file));
  system.run();
  return system.result();
}

template <class Result>
const Result& named(const std::vector<Result>& results, const std::string& name) {
  const auto found =
      std::find_if(results.begin(), results.end(), [&](const Result& x) { return x.name == name; });
  if (found == results.end()) FAIL("no result named " << name);
  return *found;
}

}  // namespace edasim::testing
