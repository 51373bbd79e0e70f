#include <fmt/format.h>

#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/cost.hpp"
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

// Kinesis bills shards and enhanced fan-out consumer-shards held, and PUT
// payload units; Amazon MSK bills brokers held.
void streams_bill(Bill& bill) {
  const model::RunResult& r = bill.run();
  const model::Prices& p = r.prices;
  double shards = 0, fan_out = 0, brokers = 0, put_units = 0;
  for (const model::StreamResult& s : r.streams) {
    if (s.kind == "kinesis") {
      shards += s.partitions;
      fan_out += static_cast<double>(s.partitions) * s.enhanced_fan_out_consumers;
      put_units += static_cast<double>(s.put_units);
    } else {
      brokers += s.brokers;
    }
  }
  const std::string kinesis = shards > 0 ? "cost.kinesis" : "";
  BillLine& held =
      bill.capacity("Kinesis shard-hours", "kinesis_shards", shards, p.kinesis_shard_hour);
  held.shown = shards > 0;
  held.measure = kinesis;
  BillLine& put =
      bill.requests("Kinesis PUT payload units", "kinesis_put_units", put_units,
                    bill.window_billing_units("PutRecords"), 0, p.kinesis_put_units_per_million);
  put.shown = shards > 0;
  put.measure = kinesis;
  BillLine& readers = bill.capacity("Kinesis fan-out consumer-shard-hours", "kinesis_fan_out",
                                    fan_out, p.kinesis_fan_out_consumer_shard_hour);
  readers.shown = fan_out > 0;
  readers.measure = kinesis;
  BillLine& kafka =
      bill.capacity("Kafka broker-hours", "kafka_brokers", brokers, p.kafka_broker_hour);
  kafka.shown = brokers > 0;
  kafka.measure = brokers > 0 ? "cost.kafka" : "";
}

const ReferenceRow kBillRows[] = {
    {R"md(`cost.kinesis_shards.units`)md", R"md(number)md", R"md(shards)md",
     R"md(Kinesis shards held)md", R"md()md"},
    {R"md(`cost.kinesis_shards.monthly_hours`)md", R"md(number)md", R"md(shard-hours)md",
     R"md(shards x 720 hours)md", R"md()md"},
    {R"md(`cost.kinesis_shards.price_per_hour_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(price per shard-hour)md", R"md()md"},
    {R"md(`cost.kinesis_shards.monthly_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(shard cost per month)md", R"md()md"},
    {R"md(`cost.kinesis_put_units.*`)md", R"md()md", R"md()md",
     R"md(the four fields of `cost.sqs` for Kinesis PUT payload units (each started 25 KB of a record a shard admitted; a throttled record is not billed, and the PutRecords billing units in `api_calls` are the same units))md",
     R"md()md"},
    {R"md(`cost.kinesis_fan_out.*`)md", R"md()md", R"md()md",
     R"md(the four capacity fields for enhanced fan-out consumer-shards (groups x shards))md",
     R"md()md"},
    {R"md(`cost.kafka_brokers.*`)md", R"md()md", R"md()md",
     R"md(the four capacity fields for Kafka brokers)md", R"md()md"},
};

void streams_bill_reference(JsonReference& ref) {
  ref.rows(kBillRows);
}

}  // namespace

const ReportKind streams_report{.one = "stream",
                                .many = "streams",
                                .list = list_stream,
                                .stage = Stage::buffer,
                                .json = streams_json,
                                .reference = streams_reference,
                                .bill = streams_bill,
                                .bill_reference = streams_bill_reference,
                                .sections = streams_sections};

}  // namespace edasim::report
