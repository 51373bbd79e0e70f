// --set KEY=VALUE arguments, split into scenario overrides.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"

namespace edasim::cli {

class BadOverride : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

inline std::vector<scenario::Override> parse_overrides(const std::vector<std::string>& sets) {
  std::vector<scenario::Override> out;
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw BadOverride("--set " + s +
                        ": expected KEY=VALUE, KEY a dotted path such as "
                        "consumers.fraud.instances");
    }
    out.push_back({s.substr(0, eq), s.substr(eq + 1)});
  }
  return out;
}

}  // namespace edasim::cli
