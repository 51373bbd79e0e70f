#include <fmt/format.h>

#include <ostream>
#include <string>
#include <vector>

#include "sim/core/units.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/measure_fields.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_function(TopologyListing& l, Topology::Vertex v) {
  const model::FunctionConfig& f = l.config.functions[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (Lambda, " << f.memory_mb << " MB, timeout "
        << core::format_duration(f.timeout) << ", batch " << f.batch_size;
  if (f.reads_stream()) {
    const model::StreamMappingConfig& m = f.stream_mapping;
    l.out << ", " << m.parallelization_factor << " per shard, "
          << (m.maximum_retry_attempts < 0 ? std::string("retries until the records expire")
                                           : fmt::format("{} retries", m.maximum_retry_attempts))
          << (m.bisect_on_error ? ", bisect on error" : "") << ")\n";
  } else {
    l.out << ", up to " << f.concurrency_cap() << " concurrent)\n";
  }
  l.out << "  reads " << join(l.sources(v), l.missing(v)) << "\n";
  if (!f.emit.empty()) {
    l.out << "  emits to " << l.targets(v, Topology::Link::sends_to) << "\n";
  }
}

Json function_json(const model::FunctionResult& f, const model::RunResult& r) {
  Json j;
  write_fields(j, f, r, model::function_fields());
  Json latency;
  write_latencies(latency, f, r, model::function_latencies());
  j["latency_ms"] = std::move(latency);
  return j;
}

void functions_json(Json& report, const model::RunResult& r) {
  write_components(report, "functions", r.functions,
                   [&](const model::FunctionResult& f) { return function_json(f, r); });
}

void functions_reference(JsonReference& ref) {
  ref.heading("Lambda functions");
  ref.object("functions", "one entry per Lambda function, keyed by name, in scenario order");
  ref.fields("functions.<name>.", model::function_fields());
  ref.latencies("functions.<name>.latency_ms.", model::function_latencies());
}

// A function's end-to-end latency (and a stream mapping's iterator age) and
// its counts are study measures, as a fleet's are.
void functions_latency_measures(plan::Measures& out, const model::RunResult& r) {
  add_latencies(out, "functions", r.functions, model::function_latencies(), kLatencyBlock, r,
                {"end_to_end"});
}

void functions_measures(plan::Measures& out, const model::RunResult& r) {
  for (const model::FunctionResult& f : r.functions)
    add_fields(out, "functions." + f.name + ".", f, model::function_fields(), r);
}

void functions_latency_rows(Table& t, const model::RunResult& r) {
  for (const model::FunctionResult& f : r.functions) t.add_row(latency_row(f.name, f.end_to_end));
}

std::string source_of(const model::FunctionResult& f) {
  if (!f.table.empty()) return "table " + f.table;
  if (!f.stream.empty()) return "stream " + f.stream;
  return f.queue;
}

// What a stream's event source mapping did: its lag and how failing batches
// held its shards up.
Table stream_mappings_table(const std::vector<model::FunctionResult>& functions) {
  const auto fields = model::function_fields();
  Table t({{"function", Align::left},
           {"reads", Align::left},
           {"iterator age p50"},
           {"iterator age p99"},
           {"retried batches"},
           {"bisections"},
           {model::column_of(fields, "abandoned_records")},
           {"blocked"},
           {"longest block"}});
  for (const model::FunctionResult& f : functions) {
    if (!f.reads_stream()) continue;
    t.add_row({f.name, source_of(f), format_quantile(f.iterator_age, 0.5),
               format_quantile(f.iterator_age, 0.99), format_count(f.retried_batches),
               format_count(f.bisections), format_count(f.abandoned_records),
               core::format_duration(Duration{static_cast<std::int64_t>(f.blocked_ns)}),
               core::format_duration(Duration{static_cast<std::int64_t>(f.longest_block_ns)})});
  }
  return t;
}

Section functions_section(const std::vector<model::FunctionResult>& functions) {
  Section s;
  s.id = "functions";
  s.title = "Lambda functions";
  bool streams = false;
  for (const model::FunctionResult& f : functions) streams |= f.reads_stream();
  s.intro.push_back(
      {"Each function reads its queue through an SQS event source mapping. Concurrency is the "
       "number of pollers the mapping ran (the series shows it over time); a throttled attempt "
       "found the function's concurrency used up; a throttled batch was given up and returned "
       "to the queue with a receive spent. Durations include cold starts."});
  if (streams) {
    s.intro.push_back(
        {"A function reading a stream (a Kinesis stream, or a DynamoDB table's) runs one batch "
         "at a time per shard and lane (parallelization_factor); its concurrency is the lanes "
         "with a batch in hand. A failed batch blocks its lane until it succeeds or is "
         "discarded (maximum_retry_attempts, maximum_record_age); iterator age is the age of a "
         "batch's last record when its invocation ends."});
  }
  // The duplicates column only where some function counts them; "-" for
  // the others.
  bool duplicates = false;
  for (const model::FunctionResult& f : functions) duplicates |= f.counts_duplicates;
  if (duplicates) {
    s.intro.push_back(
        {"Duplicates are successful processings of an event the function had already "
         "processed (by the event's identity, within its `duplicates` window): a redelivery, a "
         "record of a retried batch, or an event made again upstream; \"-\" where the function "
         "does not count them."});
  }
  const auto fields = model::function_fields();
  std::vector<Column> columns{{"function", Align::left},
                              {streams ? "source" : "queue", Align::left}};
  for (const char* c :
       {"invocations", "peak_concurrency", "throttles", "throttled_batches", "cold_starts",
        "timeouts", "failed_batches", "partial_failures", "processed"})
    columns.push_back({model::column_of(fields, c)});
  if (duplicates) columns.push_back({model::column_of(fields, "duplicates")});
  columns.push_back({model::column_of(fields, "gb_seconds")});
  columns.push_back({"duration p50"});
  columns.push_back({"duration p99"});
  Table t(std::move(columns));
  for (const model::FunctionResult& f : functions) {
    std::vector<std::string> row{f.name,
                                 source_of(f),
                                 format_count(f.invocations),
                                 fmt::format("{}", f.peak_concurrency),
                                 format_count(f.throttles),
                                 format_count(f.throttled_batches),
                                 format_count(f.cold_starts),
                                 format_count(f.timeouts),
                                 format_count(f.failed_batches),
                                 format_count(f.partial_failures),
                                 format_count(f.processed)};
    if (duplicates) row.push_back(f.counts_duplicates ? format_count(f.duplicates) : "-");
    row.push_back(format_fixed(f.gb_seconds, 1));
    row.push_back(format_quantile(f.duration, 0.5));
    row.push_back(format_quantile(f.duration, 0.99));
    t.add_row(std::move(row));
  }
  s.tables.push_back(std::move(t));
  if (streams) s.tables.push_back(stream_mappings_table(functions));
  // Order within message groups, for the functions whose queue's messages
  // carry one.
  Table order({{"function", Align::left},
               {model::column_of(model::function_fields(), "groups")},
               {model::column_of(model::function_fields(), "processed")},
               {model::column_of(model::function_fields(), "out_of_order")},
               {"share"}});
  for (const model::FunctionResult& f : functions) {
    if (!f.grouped) continue;
    order.add_row(
        {f.name, format_count(f.groups), format_count(f.processed), format_count(f.out_of_order),
         format_percent(f.processed > 0
                            ? static_cast<double>(f.out_of_order) / static_cast<double>(f.processed)
                            : 0.0)});
  }
  if (!order.rows().empty()) {
    s.tables.push_back(std::move(order));
    s.notes.push_back(
        {"Out of order: messages of a message group (a producer's message_group_id) processed "
         "successfully for the first time after a later message of the same group was; "
         "duplicates and messages left in a DLQ are not counted."});
  }
  return s;
}

void functions_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (!r.functions.empty()) out.push_back(functions_section(r.functions));
}

// Lambda bills every invocation and its GB-seconds.
void functions_bill(Bill& bill) {
  const model::RunResult& r = bill.run();
  double invocations = 0, gb_seconds = 0, window_invocations = 0, window_gb_seconds = 0;
  for (const model::FunctionResult& f : r.functions) {
    invocations += static_cast<double>(f.invocations);
    gb_seconds += f.gb_seconds;
    window_invocations += bill.window("functions." + f.name, "invocations");
    window_gb_seconds += bill.window("functions." + f.name, "gb_seconds");
  }
  const std::string measure = r.functions.empty() ? "" : "cost.lambda";
  BillLine& requests = bill.requests("Lambda requests", "lambda_requests", invocations,
                                     window_invocations, 0, r.prices.lambda_requests_per_million);
  requests.shown = invocations > 0;
  requests.measure = measure;
  BillLine& compute = bill.compute("Lambda GB-seconds", "lambda_compute", gb_seconds,
                                   window_gb_seconds, r.prices.lambda_gb_second);
  compute.shown = invocations > 0;
  compute.measure = measure;
}

const ReferenceRow kBillRows[] = {
    {R"md(`cost.lambda_requests.*`)md", R"md()md", R"md()md",
     R"md(the same four fields for Lambda invocations)md", R"md()md"},
    {R"md(`cost.lambda_compute.gb_seconds`)md", R"md(number)md", R"md(GB-s)md",
     R"md(billed duration x memory in the run)md", R"md()md"},
    {R"md(`cost.lambda_compute.monthly_gb_seconds`)md", R"md(number)md", R"md(GB-s)md",
     R"md(the same, extrapolated to a month)md", R"md()md"},
    {R"md(`cost.lambda_compute.price_per_gb_second_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(price per GB-second)md", R"md()md"},
    {R"md(`cost.lambda_compute.monthly_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(estimated Lambda compute cost per month)md", R"md()md"},
};

void functions_bill_reference(JsonReference& ref) {
  ref.rows(kBillRows);
}

}  // namespace

const ReportKind functions_report{.one = "function",
                                  .many = "functions",
                                  .list = list_function,
                                  .stage = Stage::processing,
                                  .json = functions_json,
                                  .reference = functions_reference,
                                  .latency_measures = functions_latency_measures,
                                  .measures = functions_measures,
                                  .latency_rows = functions_latency_rows,
                                  .bill = functions_bill,
                                  .bill_reference = functions_bill_reference,
                                  .sections = functions_sections};

}  // namespace edasim::report
