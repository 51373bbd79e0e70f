#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_producer(TopologyListing& l, Topology::Vertex v) {
  const model::ProducerConfig& p = l.config.producers[l.graph[v].index];
  l.out << "\n" << l.topology.label(v) << " (";
  if (const auto& archive = p.archive) {
    l.out << "archive " << archive->file << ": " << archive->events.size() << " events over "
          << core::format_duration(archive->events.back().at) << ", peak "
          << core::format_rate(p.arrival.rate);
    if (archive->before_start > 0) l.out << "; " << archive->before_start << " before its start";
    l.out << ")\n";
  } else if (const auto& recorded = p.arrival.recorded) {
    l.out << "recorded traffic " << recorded->file << ": " << recorded->periods << " periods of "
          << core::format_duration(recorded->period) << ", mean "
          << core::format_rate(Rate{recorded->mean_rate}) << ", peak "
          << core::format_rate(p.arrival.rate) << ")\n";
  } else {
    l.out << core::format_rate(p.arrival.rate) << ")\n";
  }
  l.out << "  -> " << join(l.targets(v, Topology::Link::sends_to), l.missing(v)) << "\n";
}

void producers_json(Json& report, const model::RunResult& r) {
  write_components(report, "producers", r.producers, [&](const model::ProducerResult& p) {
    Json j;
    write_fields(j, p, r, model::producer_fields());
    return j;
  });
}

void producers_reference(JsonReference& ref) {
  ref.heading("Producers");
  ref.object("producers", "one entry per producer, keyed by name, in scenario order");
  ref.fields("producers.<name>.", model::producer_fields());
}

}  // namespace

const ReportKind producers_report{.one = "producer",
                                  .many = "producers",
                                  .list = list_producer,
                                  .stage = Stage::source,
                                  .json = producers_json,
                                  .reference = producers_reference};

}  // namespace edasim::report
