#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_group(TopologyListing& l, Topology::Vertex v) {
  const model::ConsumerGroupConfig& g = l.config.groups[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (" << plural(g.consumers, "consumer", "consumers") << ", batch "
        << g.batch << ")\n";
  l.out << "  reads " << join(l.sources(v), l.missing(v)) << "\n";
  if (!g.emit.empty()) {
    l.out << "  emits to " << l.targets(v, Topology::Link::sends_to) << "\n";
  }
}

Json group_json(const model::ConsumerGroupResult& g, const model::RunResult& r) {
  Json j;
  write_fields(j, g, r, model::consumer_group_fields());
  Json latency;
  write_latencies(latency, g, r, model::consumer_group_latencies());
  j["latency_ms"] = std::move(latency);
  return j;
}

void groups_json(Json& report, const model::RunResult& r) {
  write_components(report, "consumer_groups", r.groups,
                   [&](const model::ConsumerGroupResult& g) { return group_json(g, r); });
}

void groups_reference(JsonReference& ref) {
  ref.heading("Consumer groups");
  ref.object("consumer_groups", "one entry per consumer group, keyed by name, in scenario order");
  ref.fields("consumer_groups.<name>.", model::consumer_group_fields());
  ref.latencies("consumer_groups.<name>.latency_ms.", model::consumer_group_latencies());
}

void groups_latency_rows(Table& t, const model::RunResult& r) {
  for (const model::ConsumerGroupResult& g : r.groups) t.add_row(latency_row(g.name, g.end_to_end));
}

// Records a group has not committed at the end are not in the bill.
void groups_bill(Bill& bill) {
  for (const model::ConsumerGroupResult& g : bill.run().groups) bill.backlog_records(g.final_lag);
}

}  // namespace

// The groups' section is their streams' (sim/report/kinds/streams.cpp).
const ReportKind consumer_groups_report{.one = "consumer group",
                                        .many = "consumer groups",
                                        .list = list_group,
                                        .stage = Stage::processing,
                                        .json = groups_json,
                                        .reference = groups_reference,
                                        .latency_rows = groups_latency_rows,
                                        .bill = groups_bill};

}  // namespace edasim::report
