// The root of the scenario format: every part's declared keys, gathered in
// the order the loader reads them.
#include "sim/scenario/keys.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

const Keys& scenario_keys() {
  static const Keys keys = [] {
    Keys root{"an edasim scenario", {}};
    root.keys.push_back(
        table("scenario", run_keys(), "the run: its name, question, length and seed"));
#define EDASIM_KIND(table, Config, member, Result, receives) root.keys.push_back(table##_key());
#include "sim/model/kinds.def"
    for (Key& k : monitoring_keys()) root.keys.push_back(std::move(k));
    root.keys.push_back(cost_key());
    for (Key& k : study_keys()) root.keys.push_back(std::move(k));
    return root;
  }();
  return keys;
}

}  // namespace edasim::scenario
