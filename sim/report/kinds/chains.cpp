#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_chain(TopologyListing& l, Topology::Vertex v) {
  const ChainConfig& chain = l.config.chains[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (" << plural(chain.steps.size(), "step", "steps") << ")\n";
  for (const ChainStep& step : chain.steps) {
    std::string calls;
    for (const std::string& api : step.apis) calls += (calls.empty() ? "" : " + ") + api;
    l.out << "  " << (step.publish ? "publishes to bus " + *step.publish : "calls " + calls)
          << (step.optional ? " (optional)" : "") << "\n";
  }
}

}  // namespace

const ReportKind chains_report{"chain", "chains", nullptr, list_chain};

}  // namespace edasim::report
