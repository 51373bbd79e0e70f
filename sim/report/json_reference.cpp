#include "sim/report/json_reference.hpp"

#include <span>
#include <string_view>
#include <vector>

#include "sim/report/json.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

const ReferenceRow kTop[] = {
    {R"md(`schema`)md", R"md(string)md", R"md()md",
     R"md(always `"edasim.report/2"`; a change that breaks readers changes the number (2: `queues.<name>.dlq` became `moved_to_dlq`))md",
     R"md()md"},
    {R"md(`scenario`)md", R"md(string)md", R"md()md", R"md(the scenario's name)md", R"md()md"},
    {R"md(`question`)md", R"md(string)md", R"md()md",
     R"md(the question the scenario answers (may be empty))md", R"md()md"},
    {R"md(`seed`)md", R"md(integer)md", R"md()md", R"md(the run's random seed)md", R"md()md"},
    {R"md(`sim_seconds`)md", R"md(number)md", R"md(s)md", R"md(simulated time)md", R"md()md"},
    {R"md(`kernel_events`)md", R"md(integer)md", R"md()md",
     R"md(discrete events the simulation kernel processed)md", R"md()md"},
    {R"md(`warmup_seconds`)md", R"md(number)md", R"md(s)md",
     R"md(measurements (latencies, utilizations, maxima) start after this warm-up; 0 for a plain run)md",
     R"md()md"},
};

const ReferenceRow kApiCalls[] = {
    {R"md(`api_calls.total`)md", R"md(integer)md", R"md(calls)md",
     R"md(all calls, with `EmptyReceive` left out)md", R"md(`calls.total`)md"},
    {R"md(`api_calls.billing_units_by_service`)md", R"md(object: service → integer)md",
     R"md(billing units)md",
     R"md(each billing service's units (`"EventBridge"`, `"SQS"`, `"SNS"`, `"S3"`, `"Lambda"`, `"Kinesis"`, `"Kafka"`), with `EmptyReceive` left out; never added across services (an SQS request, an EventBridge event and a Kinesis PUT payload unit are different things); downstream APIs are in `billing_units_by_kind`)md",
     R"md()md"},
    {R"md(`api_calls.total_per_1000_events`)md", R"md(number or null)md", R"md(calls)md",
     R"md(`total` × 1000 / `events.produced`; null when nothing was produced)md",
     R"md(`calls.per_1000_events`)md"},
    {R"md(`api_calls.by_kind`)md", R"md(object: kind → integer)md", R"md(calls)md",
     R"md(calls of each kind across all components. Order: EventBridge kinds, then SQS kinds, then downstream kinds, each group sorted by byte value)md",
     R"md(`calls.<kind>`)md"},
    {R"md(`api_calls.billing_units_by_kind`)md", R"md(object: kind → integer)md", R"md(requests)md",
     R"md(billing units of each kind)md", R"md()md"},
    {R"md(`api_calls.per_1000_events`)md", R"md(object: kind → number or null)md", R"md(calls)md",
     R"md(calls of each kind per 1,000 produced events)md",
     R"md(`calls.per_1000_events.<kind>`)md"},
    {R"md(`api_calls.service_by_kind`)md", R"md(object: kind → string)md", R"md()md",
     R"md(`"EventBridge"`, `"SQS"`, `"SNS"` (Publish, PublishBatch, `SNS.DeliverTo*`), `"S3"` (`s3.PutObject`, `s3.GetObject`), `"Lambda"` (Invoke), `"Kinesis"` (PutRecords, GetRecords), `"Kafka"` (Produce, Fetch, OffsetCommit) or `"downstream"`: who bills the kind)md",
     R"md()md"},
    {R"md(`api_calls.by_component`)md", R"md(object: component → (kind → integer))md",
     R"md(calls)md",
     R"md(calls by component (`"producer:orders"`, `"consumer:fraud"`, ...), sorted by component and then kind)md",
     R"md()md"},
};

const ReferenceRow kFlows[] = {
    {"`flows`", "array, optional", "",
     "present when some fleet, function or consumer group emits events (`emit`): one entry "
     "per root producer and component where its flows end (a successful processing that emits "
     "nothing: every processing of a component without `emit`), by producer, then fleets, "
     "functions and consumer groups in scenario order; each `{producer, fleet, latency_ms}`, "
     "`{producer, function, latency_ms}` or `{producer, consumer_group, latency_ms}`, the key "
     "naming the kind of the component where the flows end",
     ""},
    {"`flows[].latency_ms`", "quantile block", "ms",
     "from the root event's production (the producer's event the flow started with) to the "
     "component's first successful processing of each event whose flow ends there",
     ""},
};

const ReferenceRow kCost[] = {
    {R"md(`cost.basis`)md", R"md(string)md", R"md()md",
     R"md(how the estimate was made, in words)md", R"md()md"},
    {R"md(`cost.run_total_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(this run's bill: every `run_usd` below, for the simulated period only)md",
     R"md(`cost.run`)md"},
    {R"md(`cost.backlog_messages`)md", R"md(integer)md", R"md(messages)md",
     R"md(left at the end in queues that are not dead-letter queues: their receives, deletes and processing are in neither figure)md",
     R"md()md"},
    {R"md(`cost.backlog_records`)md", R"md(integer)md", R"md(records)md",
     R"md(written to streams and not committed by a consumer group at the end, likewise unbilled)md",
     R"md()md"},
    {R"md(`cost.unpriced`)md", R"md(array of strings)md", R"md()md",
     R"md(components left out for want of a price: `"consumers NAME"` (no `price_per_instance_hour`), `"API NAME"` (no `price_per_million`))md",
     R"md()md"},
    {R"md(`cost.*.run_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(on every line below: its cost in the simulated period (capacity: held for the simulated time))md",
     R"md()md"},
    {R"md(`cost.extrapolated_from_seconds`)md", R"md(number)md", R"md(s)md",
     R"md(the simulated period the estimate is scaled from)md", R"md()md"},
    {R"md(`cost.declared_month`)md", R"md(object or null)md", R"md()md",
     R"md(the scenario's `[cost]`: `runs_per_month`, `rest_of_month` (`"steady"` or `"idle"`), `rest_hours` (of 720, those not in the runs) and, when steady, `steady_window_seconds` `[from, to]`; null: a month at the run's rate)md",
     R"md()md"},
    {R"md(`cost.*.one_off_billing_units`)md", R"md(integer)md", R"md(units)md",
     R"md(on every line with billing units: those a quota's full bucket let through at the start beyond its rate, in `billing_units` but left out of a month at the run's rate (EventBridge events, and SQS deliveries a bus or topic made of them))md",
     R"md()md"},
    {R"md(`cost.month_days`)md", R"md(integer)md", R"md(days)md",
     R"md(the length of the month the estimate covers (30))md", R"md()md"},
    {R"md(`cost.sqs.billing_units`)md", R"md(integer)md", R"md(requests)md",
     R"md(SQS billing units in the run)md", R"md()md"},
    {R"md(`cost.sqs.monthly_billing_units`)md", R"md(integer)md", R"md(requests)md",
     R"md(the same, extrapolated to a month)md", R"md()md"},
    {R"md(`cost.sqs.price_per_million_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(price per million requests (`RunResult::prices`))md", R"md()md"},
    {R"md(`cost.sqs.monthly_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(estimated SQS cost per month)md", R"md()md"},
    {R"md(`cost.sqs_fifo.*`)md", R"md()md", R"md()md",
     R"md(the same four fields for requests on FIFO queues, at `prices.sqs_fifo_per_million` (`cost.sqs` is then standard queues only))md",
     R"md()md"},
    {R"md(`cost.eventbridge.*`)md", R"md()md", R"md()md",
     R"md(the same four fields for EventBridge events (PutEvents billing units))md", R"md()md"},
    {R"md(`cost.sns_publish.*`, `cost.sns_http_delivery.*`, `cost.s3_put.*`, `cost.s3_get.*`)md",
     R"md()md", R"md()md",
     R"md(the same four fields for SNS publish units, SNS HTTP/S deliveries, and claim-check PUTs and GETs (requests))md",
     R"md()md"},
};

const ReferenceRow kCostTotal[] = {
    {R"md(`cost.total_monthly_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(every service above per month)md", R"md(`cost.total`)md"},
};

const ReferenceRow kRunTail[] = {
    {R"md(`monitoring.period_s`)md", R"md(number)md", R"md(s)md", R"md(the monitoring period)md",
     R"md()md"},
    {R"md(`monitoring.periods`)md", R"md(integer)md", R"md()md",
     R"md(datapoints per metric (periods that ended by the end of the run))md", R"md()md"},
    {R"md(`monitoring.metrics`)md", R"md(array of strings)md", R"md()md",
     R"md(every metric name, in `metrics.csv` order)md", R"md()md"},
    {R"md(`alarms`)md", R"md(array)md", R"md()md",
     R"md(one object per `[[alarms]]` entry, in scenario order)md", R"md()md"},
    {R"md(`alarms[].name`, `.metric`, `.statistic`, `.threshold`, `.comparison`, `.evaluation_periods`, `.datapoints_to_alarm`, `.treat_missing_data`)md",
     R"md()md", R"md()md", R"md(the alarm as configured (CloudWatch spellings))md", R"md()md"},
    {R"md(`alarms[].final_state`)md", R"md(string)md", R"md()md",
     R"md(`"OK"`, `"ALARM"` or `"INSUFFICIENT_DATA"` when the run ended)md", R"md()md"},
    {R"md(`alarms[].transitions[]`)md", R"md(array)md", R"md()md",
     R"md(every change of state: `at_s` (s, the end of the period evaluated), `from`, `to`, `value` (the newest datapoint's statistic; null when missing))md",
     R"md()md"},
    {R"md(`fault_impacts`)md", R"md(array)md", R"md()md",
     R"md(one object per fault window, in the order of the faults)md", R"md()md"},
    {R"md(`fault_impacts[].fault`, `.kind`, `.target`)md", R"md(string)md", R"md()md",
     R"md(the fault's name, kind (`"consumer_outage"`, ...) and the component it hits)md",
     R"md()md"},
    {R"md(`fault_impacts[].start_s`, `.duration_s`)md", R"md(number)md", R"md(s)md",
     R"md(the fault's window)md", R"md()md"},
    {R"md(`fault_impacts[].time_to_detect_s`)md", R"md(number or null)md", R"md(s)md",
     R"md(from the fault's start to the first transition into ALARM at or after it, of any alarm; null when none)md",
     R"md()md"},
    {R"md(`fault_impacts[].time_to_detect_by_alarm_s`)md", R"md(object: alarm → number or null)md",
     R"md(s)md", R"md(the same for each alarm)md", R"md()md"},
};

const ReferenceRow kRunEnd[] = {
    {R"md(`amplification`)md", R"md(number or null)md", R"md()md",
     R"md(processing attempts of all consumer fleets and Lambda functions per successful attempt of the same, over the whole run, so at least 1 (stream records and SNS deliveries count in neither); null when none succeeded)md",
     R"md()md"},
    {R"md(`invariants.hold`)md", R"md(boolean)md", R"md()md",
     R"md(whether every end-of-run invariant holds (checked once when the run ends, and read by every report); false means the simulator is wrong and the report cannot be trusted)md",
     R"md()md"},
    {R"md(`invariants.checks[]`)md", R"md(array)md", R"md()md",
     R"md(each check `{name, description, holds, failures}` in this order: `latency-within-run`, `amplification-at-least-1`, `fault-within-target`, `age-within-run`, `quantiles-ordered`; `failures` lists what broke it, one string each)md",
     R"md()md"},
};

std::string type_of(model::FieldKind kind) {
  switch (kind) {
    case model::FieldKind::count:
      return "integer";
    case model::FieldKind::flag:
      return "boolean";
    case model::FieldKind::text:
      return "string";
    default:
      return "number";
  }
}

}  // namespace

std::string measure_path(std::string_view path) {
  std::string out;
  while (!path.empty()) {
    const std::size_t dot = path.find('.');
    const std::string_view segment = path.substr(0, dot);
    out += (out.empty() ? "" : ".") + std::string(model::measure_segment(segment));
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  return out;
}

namespace {

constexpr std::string_view kHeader =
    "| Path | Type | Unit | Meaning | Study measure |\n| --- | --- | --- | --- | --- |\n";

}  // namespace

void JsonReference::heading(std::string_view text) {
  text_ += "\n## " + std::string(text) + "\n\n" + std::string(kHeader);
}

void JsonReference::paragraph(std::string_view text) {
  text_ += std::string(text) + "\n";
}

void JsonReference::rows(std::span<const ReferenceRow> rows) {
  for (const ReferenceRow& r : rows) line(r.path, r.type, r.unit, r.meaning, r.measure);
}

void JsonReference::object(const std::string& path, std::string_view meaning) {
  line("`" + path + "`", "object", "", std::string(meaning), "");
}

void JsonReference::latency(const std::string& path, std::string_view meaning, bool measure) {
  line("`" + path + "`", "quantile block", "ms", std::string(meaning),
       measure ? "`" + measure_path(path) + ".{mean,p50,p90,p99,p999}`" : "");
}

void JsonReference::field(const std::string& prefix, std::string_view key, model::FieldKind kind,
                          std::string_view unit, std::string_view meaning, model::Better measure,
                          bool in_report_json) {
  const std::string path = prefix + std::string(key);
  if (!in_report_json) {
    only_measures_.push_back({path, std::string(meaning)});
    return;
  }
  std::string type = type_of(kind);
  // A field that can be null says when in its meaning ("null when ...").
  if (meaning.find("null when") != std::string_view::npos) type += " or null";
  const std::string measured =
      measure == model::Better::not_a_measure ? "" : "`" + measure_path(path) + "`";
  line("`" + path + "`", type, unit, meaning, measured);
}

void JsonReference::line(std::string_view path, std::string_view type, std::string_view unit,
                         std::string_view meaning, std::string_view measure) {
  text_ += "| " + std::string(path) + " | " + std::string(type) + " | " + std::string(unit) +
           " | " + std::string(meaning) + " | " + std::string(measure) + " |\n";
}

std::string JsonReference::text() const {
  std::string out = text_;
  out +=
      "\n## Study measures that are not report.json fields\n\n"
      "Each is a sum of fields above.\n\n"
      "| Study measure | Meaning |\n| --- | --- |\n";
  for (const auto& [path, meaning] : only_measures_)
    out += "| `" + measure_path(path) + "` | " + meaning + " |\n";
  return out;
}

std::string json_reference() {
  JsonReference ref;
  ref.paragraph(
      "# report.json reference\n\n"
      "<!-- Generated by `edasim reference-json` from the result field tables "
      "(sim/model/*/*_result.cpp), sim/report/json_reference.cpp and each kind's "
      "sim/report/kinds/<table>.cpp; a test checks this "
      "page against it. Edit those, then run `build/edasim reference-json > "
      "docs/report-json.md`. -->\n");
  ref.paragraph(std::string("The schema is `") + kJsonSchema +
                "`. Keys appear in the order listed. Counts are integers. Milliseconds have at "
                "most 3 decimals, fractions 4, and dollars 4. Components are objects keyed by "
                "name, in the order the scenario declares them. A figure that does not exist "
                "(a quantile of no samples, a rate per 1,000 events when none were produced) "
                "is null, never 0.\n");
  ref.paragraph(
      "The last column names the study measure a field is (see [studies](scenario/study.md)): its "
      "path with the unit suffix (`_ms`, `_s`) dropped, so `queues.<name>.max_age_ms` is the "
      "measure `queues.<name>.max_age`. SLOs and stopping rules name measures this way. "
      "Besides those listed, `cost.sqs`, `cost.eventbridge`, `cost.sns`, `cost.s3`, "
      "`cost.lambda`, `cost.kinesis`, `cost.kafka` and `cost.step_functions` are each "
      "service's monthly dollars, "
      "present when the design uses the service.");
  ref.heading("Quantile blocks");
  ref.fields<metrics::Histogram>("", model::quantile_fields());
  ref.paragraph(
      "\nA **quantile block** is an object with the fields above. When `count` is 0, every "
      "other field is `null`. A measured block's study measures are its mean and quantiles.");
  ref.heading("The run");
  ref.rows(kTop);
  ref.fields("events.", model::event_fields());
  ref.rows(kApiCalls);
  ref.latency("latency_ms.end_to_end",
              "time from production to the end of successful processing, for every processed "
              "copy in all consumers (for an emitted event, from its root's production)",
              true);
  ref.rows(kFlows);
  ref.heading("Cost");
  ref.rows(kCost);
  for (const RegisteredReportKind& k : reading_order()) {
    if (k.kind->bill_reference != nullptr) k.kind->bill_reference(ref);
  }
  ref.rows(kCostTotal);
  ref.paragraph(
      "\nIf the run simulated no time, the monthly figures are 0 and `cost.basis` says that "
      "there was nothing to extrapolate.");
  for (const RegisteredReportKind& k : reading_order()) {
    if (k.kind->reference != nullptr) k.kind->reference(ref);
  }
  ref.heading("Monitoring, fault impacts and invariants");
  ref.rows(kRunTail);
  ref.fields("fault_impacts[].", model::fault_impact_fields());
  ref.rows(kRunEnd);
  return ref.text();
}

}  // namespace edasim::report
