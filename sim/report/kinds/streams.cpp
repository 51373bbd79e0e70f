#include <fmt/format.h>

#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_stream(TopologyListing& l, Topology::Vertex v) {
  const model::StreamConfig& s = l.config.streams[l.graph[v].index];
  const bool kinesis = s.kind == model::StreamConfig::Kind::kinesis;
  l.out << "\n"
        << l.topology.label(v) << " (" << (kinesis ? "Kinesis, " : "Kafka, ")
        << plural(s.partitions, kinesis ? "shard" : "partition", kinesis ? "shards" : "partitions")
        << ", retention " << core::format_duration(s.retention) << ")\n";
  const std::string groups = l.targets(v, Topology::Link::feeds);
  l.out << "  " << (groups.empty() ? "no consumer group" : "read by " + groups) << "\n";
}

void streams_json(Json& report, const model::RunResult& r) {
  write_components(report, "streams", r.streams, [&](const model::StreamResult& s) {
    Json j;
    write_fields(j, s, r, model::stream_fields());
    return j;
  });
}

void streams_reference(JsonReference& ref) {
  ref.heading("Streams");
  ref.object("streams",
             "one entry per Kafka topic or Kinesis stream, keyed by name, in scenario order");
  ref.fields("streams.<name>.", model::stream_fields());
}

// The streams and the consumer groups that read them, in one section: a
// group's lag only reads beside its stream's partitions and records.
Section streams_section(const model::RunResult& r) {
  Section s;
  s.id = "streams";
  s.title = "Streams";
  s.intro.push_back(
      {"Kafka topics and Kinesis data streams. Throttled writes went over a partition's (shard's) "
       "per-second limit; they are retried, and dropped after the retries run out. Peak per "
       "partition is the most one partition took in one second."});
  Table t({{"stream", Align::left},
           {"kind", Align::left},
           {model::column_of(model::stream_fields(), "partitions")},
           {model::column_of(model::stream_fields(), "records")},
           {model::column_of(model::stream_fields(), "bytes")},
           {model::column_of(model::stream_fields(), "throttled")},
           {model::column_of(model::stream_fields(), "dropped")},
           {model::column_of(model::stream_fields(), "peak_partition_records_per_second")},
           {model::column_of(model::stream_fields(), "peak_partition_bytes_per_second")}});
  for (const model::StreamResult& st : r.streams) {
    t.add_row({st.name, st.kind, fmt::format("{}", st.partitions), format_count(st.records),
               format_fixed(static_cast<double>(st.bytes) / 1e6, 1), format_count(st.throttled),
               format_count(st.dropped), format_count(st.peak_partition_records_per_second),
               format_fixed(static_cast<double>(st.peak_partition_bytes_per_second) / 1e6, 3)});
  }
  s.tables.push_back(std::move(t));
  Table g({{"consumer group", Align::left},
           {"stream", Align::left},
           {model::column_of(model::consumer_group_fields(), "consumers")},
           {model::column_of(model::consumer_group_fields(), "processed")},
           {model::column_of(model::consumer_group_fields(), "reprocessed")},
           {model::column_of(model::consumer_group_fields(), "expired")},
           {model::column_of(model::consumer_group_fields(), "rebalances")},
           {model::column_of(model::consumer_group_fields(), "paused_ms")},
           {model::column_of(model::consumer_group_fields(), "max_lag")},
           {model::column_of(model::consumer_group_fields(), "final_lag")},
           {model::column_of(model::consumer_group_fields(), "max_iterator_age_ms")},
           {"end-to-end p99"}});
  for (const model::ConsumerGroupResult& cg : r.groups) {
    g.add_row({cg.name, cg.stream, fmt::format("{}", cg.consumers), format_count(cg.processed),
               format_count(cg.reprocessed), format_count(cg.expired), format_count(cg.rebalances),
               format_span(cg.paused), format_count(cg.max_lag), format_count(cg.final_lag),
               format_span(cg.max_iterator_age), format_quantile(cg.end_to_end, 0.99)});
  }
  if (!r.groups.empty()) s.tables.push_back(std::move(g));
  s.notes.push_back(
      {"Lag is records written and not yet committed; iterator age is the age of the next "
       "record to read (both sampled every series period and at the end). Reprocessed records "
       "were processed again after a consumer failed before committing them. Paused is "
       "partition-time spent waiting for rebalances."});
  return s;
}

void streams_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (!r.streams.empty()) out.push_back(streams_section(r));
}

}  // namespace

const ReportKind streams_report{.one = "stream",
                                .many = "streams",
                                .list = list_stream,
                                .stage = Stage::buffer,
                                .json = streams_json,
                                .reference = streams_reference,
                                .sections = streams_sections};

}  // namespace edasim::report
