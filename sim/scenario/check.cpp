#include "sim/scenario/check.hpp"

#include <ostream>

#include "sim/scenario/key_path.hpp"

namespace edasim::scenario {

std::string to_string(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "info";
  }
  return "finding";
}

namespace {

void unresolved(const Topology& topology, std::vector<Finding>& findings) {
  for (const Topology::Unresolved& u : topology.unresolved()) {
    std::string message = topology.noun(u.kind) + " \"" + u.name + "\" does not exist";
    if (const auto guess = closest(u.name, topology.names(u.kind))) {
      message += "; did you mean \"" + *guess + "\"?";
    }
    findings.push_back({Severity::error, u.key, message});
  }
}

}  // namespace

std::vector<Finding> check(const model::SystemConfig& config, const Topology& topology,
                           std::span<const ExtraCheck> extra) {
  std::vector<Finding> findings;
  unresolved(topology, findings);
  for (const TopologyKind* kind : topology_kinds()) {
    if (kind->check) kind->check(config, topology, findings);
  }
  for (const ExtraCheck& more : extra) more(config, topology, findings);
  return findings;
}

void print(std::ostream& out, std::span<const Finding> findings) {
  if (findings.empty()) {
    out << "no findings\n";
    return;
  }
  for (const Severity severity : {Severity::error, Severity::warning, Severity::info}) {
    for (const Finding& f : findings) {
      if (f.severity != severity) continue;
      out << to_string(f.severity) << ": " << f.key << ": " << f.message << "\n";
    }
  }
}

}  // namespace edasim::scenario
