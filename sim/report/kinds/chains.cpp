#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/chain_section.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/measure_fields.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_chain(TopologyListing& l, Topology::Vertex v) {
  const model::ChainConfig& chain = l.config.chains[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (" << plural(chain.steps.size(), "step", "steps") << ")\n";
  for (const model::ChainStep& step : chain.steps) {
    std::string calls;
    for (const std::string& api : step.apis) calls += (calls.empty() ? "" : " + ") + api;
    l.out << "  " << (step.publish ? "publishes to bus " + *step.publish : "calls " + calls)
          << (step.optional ? " (optional)" : "") << "\n";
  }
}

void chains_json(Json& report, const model::RunResult& r) {
  write_components(report, "chains", r.chains, [&](const model::ChainResult& c) {
    Json j;
    write_fields(j, c, r, model::chain_fields());
    write_latencies(j, c, r, model::chain_latencies());
    return j;
  });
}

void chains_reference(JsonReference& ref) {
  ref.heading("Synchronous call chains");
  ref.object("chains", "one entry per synchronous call chain, keyed by name, in scenario order");
  ref.fields("chains.<name>.", model::chain_fields());
  ref.latencies("chains.<name>.", model::chain_latencies());
}

void chains_latency_measures(plan::Measures& out, const model::RunResult& r) {
  add_latencies(out, "chains", r.chains, model::chain_latencies(), "", r);
}

void chains_measures(plan::Measures& out, const model::RunResult& r) {
  for (const model::ChainResult& c : r.chains)
    add_fields(out, "chains." + c.name + ".", c, model::chain_fields(), r);
}

void chains_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (auto chains = chains_section(r)) out.push_back(std::move(*chains));
}

}  // namespace

const ReportKind chains_report{.one = "chain",
                               .many = "chains",
                               .list = list_chain,
                               .stage = Stage::processing,
                               .json = chains_json,
                               .reference = chains_reference,
                               .latency_measures = chains_latency_measures,
                               .measures = chains_measures,
                               .sections = chains_sections};

}  // namespace edasim::report
