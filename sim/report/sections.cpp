#include "sim/report/sections.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

#include "sim/report/api_calls.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/format.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

std::string count_text(std::uint64_t n) {
  return format_count(n);
}

std::string sum_difference(std::uint64_t want, std::uint64_t sum) {
  if (sum < want) return fmt::format("{} fewer than {}", count_text(want - sum), count_text(want));
  return fmt::format("{} more than {}", count_text(sum - want), count_text(want));
}

// What the events row "throttled" counts, named by the calls this run makes:
// a producer's PutEvents to a bus or PublishBatch to a topic, and a stream's
// PutRecords (Kinesis: a record over its shard's limit,
// ProvisionedThroughputExceeded) or Produce (Kafka), each dropped once its
// retries ran out.
std::string throttled_meaning(const model::RunResult& r) {
  std::uint64_t kinesis = 0, kafka = 0, publish = 0;
  bool uses_kinesis = false, uses_kafka = false;
  for (const model::StreamResult& st : r.streams) {
    (st.kind == "kinesis" ? uses_kinesis : uses_kafka) = true;
    (st.kind == "kinesis" ? kinesis : kafka) += st.dropped;
  }
  for (const model::TopicResult& t : r.topics) publish += t.dropped;
  std::vector<std::string> parts;
  const std::uint64_t others = kinesis + kafka + publish;
  const std::uint64_t put_events = r.events.throttled > others ? r.events.throttled - others : 0;
  const int kinds =
      (r.buses.empty() ? 0 : 1) + (r.topics.empty() ? 0 : 1) + (uses_kinesis || uses_kafka ? 1 : 0);
  const bool both = kinds > 1;
  const auto part = [&](const char* call, std::uint64_t n) {
    parts.push_back(both ? fmt::format("{} ({})", call, count_text(n)) : std::string(call));
  };
  if (!r.buses.empty() || put_events > 0) part("PutEvents", put_events);
  if (!r.topics.empty()) part("Publish", publish);
  if (uses_kinesis) part("PutRecords", kinesis);
  if (uses_kafka) part("Produce", kafka);
  if (parts.empty()) return "dropped by a producer after its throttled retries";
  std::string calls;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    calls += (i == 0 ? "" : (i + 1 == parts.size() ? " or " : ", ")) + parts[i];
  }
  return fmt::format("dropped by a producer after its throttled {} retries", calls);
}

Section events_section(const model::EventTotals& e, const std::string& throttled) {
  Section s;
  s.id = "events";
  s.title = "Events";
  Table t({{"", Align::left}, {"count"}, {"what it counts", Align::left}});
  t.add_row({"produced", count_text(e.produced), "events the producers made"});
  if (e.emitted > 0) {
    t.add_row({"emitted", count_text(e.emitted), "events consumers made while processing"});
  }
  t.add_row({"  awaiting routing", count_text(e.awaiting_routing),
             "batched or on the way to the bus at the end"});
  t.add_row({"  unrouted", count_text(e.unrouted),
             "matched no rule or subscription: discarded by the bus or topic"});
  t.add_row({"  rejected at ingest", count_text(e.rejected_at_ingest),
             "refused by the bus, topic or queue"});
  t.add_row({"  throttled", count_text(e.throttled), throttled});
  t.add_row({"  failed requests", count_text(e.failed_requests),
             "synchronous requests that failed: the caller got an error"});
  t.add_row({"  routed", count_text(e.routed_events), "matched at least one target"});
  t.add_row({"copies", count_text(e.copies), "messages routing and sending created"});
  t.add_row({"  processed", count_text(e.processed), "processed successfully and deleted"});
  if (e.discarded > 0) {
    t.add_row({"  discarded", count_text(e.discarded),
               "not wanted by their consumer: received, processed, deleted"});
  }
  t.add_row({"  in dead-letter queues", count_text(e.dlq), "in a DLQ at the end"});
  t.add_row({"  expired", count_text(e.expired), "deleted by retention"});
  t.add_row({"  rejected", count_text(e.rejected), "refused by a target queue"});
  t.add_row({"  deduplicated", count_text(e.deduplicated),
             "FIFO sends accepted and dropped as duplicates"});
  if (e.dropped_by_bus > 0) {
    t.add_row({"  dropped by a bus", count_text(e.dropped_by_bus),
               "target deliveries given up with no target dead-letter queue, or refused a "
               "second bus-to-bus hop"});
  }
  if (e.abandoned > 0) {
    t.add_row({"  abandoned", count_text(e.abandoned),
               "stream records a function's mapping discarded unprocessed"});
  }
  t.add_row({"  in flight", count_text(e.in_flight), "still in the system at the end"});
  t.add_row({"duplicates delivered", count_text(e.duplicates_delivered),
             "deliveries of a message already processed"});
  t.add_row({"duplicates processed", count_text(e.duplicates_processed),
             "successful processings beyond a message's first"});
  t.add_row({"duplicates suppressed", count_text(e.duplicates_suppressed),
             "deliveries an idempotency store deleted unprocessed"});
  t.add_row({"redriven", count_text(e.redriven), "moved back from a DLQ to their source queue"});
  t.add_row({"  recovered", count_text(e.recovered_by_redrive),
             "of those, processed successfully afterwards"});
  s.tables.push_back(std::move(t));

  for (std::string& alert : balance_alerts(e)) s.intro.push_back({std::move(alert), true});
  if (e.balanced()) {
    const std::string made =
        e.emitted > 0
            ? fmt::format("produced {} + emitted {}", count_text(e.produced), count_text(e.emitted))
            : fmt::format("produced {}", count_text(e.produced));
    s.notes.push_back({fmt::format(
        "Balanced: {} = awaiting routing + unrouted + rejected at ingest + "
        "throttled + failed requests + routed; copies {} = processed + {}in DLQs + expired + "
        "rejected + deduplicated + {}{}in flight.",
        made, count_text(e.copies), e.discarded > 0 ? "discarded + " : "",
        e.dropped_by_bus > 0 ? "dropped by a bus + " : "", e.abandoned > 0 ? "abandoned + " : "")});
  }
  const std::uint64_t lost = e.expired + e.rejected + e.dropped_by_bus + e.abandoned;
  if (lost == 0 && e.rejected_at_ingest == 0) {
    s.notes.push_back({"No message lost: none expired and none was refused."});
  } else if (e.abandoned > 0) {
    s.notes.push_back({fmt::format(
        "Lost: {} copies ({} expired, {} rejected by their target, {} dropped by a bus, {} "
        "abandoned by a stream's mapping) and {} events refused at ingest.",
        count_text(lost), count_text(e.expired), count_text(e.rejected),
        count_text(e.dropped_by_bus), count_text(e.abandoned), count_text(e.rejected_at_ingest))});
  } else if (e.dropped_by_bus == 0) {
    s.notes.push_back(
        {fmt::format("Lost: {} copies ({} expired, {} rejected by their target) and {} events "
                     "refused at ingest.",
                     count_text(lost), count_text(e.expired), count_text(e.rejected),
                     count_text(e.rejected_at_ingest))});
  } else {
    s.notes.push_back({fmt::format(
        "Lost: {} copies ({} expired, {} rejected by their target, {} dropped by a bus) "
        "and {} events refused at ingest.",
        count_text(lost), count_text(e.expired), count_text(e.rejected),
        count_text(e.dropped_by_bus), count_text(e.rejected_at_ingest))});
  }
  return s;
}

Section calls_section(const CallSummary& calls, std::uint64_t produced) {
  Section s;
  s.id = "api-calls";
  s.title = "API calls by kind";
  s.intro.push_back(
      {"Per 1,000 produced events. A billing unit is a request as billed: every "
       "started 64 KiB of a request's payload counts as one (Kinesis PutRecords: every started "
       "25 KB of each record a shard admitted)."});
  Table t({{"kind", Align::left},
           {"service", Align::left},
           {"calls"},
           {"per 1,000 events"},
           {"billing units"}});
  // The model keeps a counter for every kind it might use; a kind never
  // called is noise in a table, though JSON keeps it for tools.
  for (const KindTotal& k : calls.by_kind) {
    if (k.calls == 0 && k.billing_units == 0) continue;
    const std::string kind = k.breakdown ? k.kind + " (of ReceiveMessage)" : k.kind;
    t.add_row({kind, std::string(service_name(k.service)), count_text(k.calls),
               format_per_thousand(k.calls, produced), count_text(k.billing_units)});
  }
  // Billing units of different services are different things at different
  // prices, so the total row adds calls only; units are added per service.
  t.add_total(
      {"total", "", count_text(calls.calls), format_per_thousand(calls.calls, produced), ""});
  s.tables.push_back(std::move(t));
  std::string by_service;
  for (const auto& [service, units] : calls.billing_units_by_service) {
    if (units == 0) continue;
    by_service += fmt::format("{}{} {}", by_service.empty() ? "" : ", ", service_name(service),
                              count_text(units));
  }
  if (!by_service.empty()) {
    s.notes.push_back({fmt::format(
        "Billing units by service: {}. They are not added across services: an SQS request, an "
        "EventBridge event and a Kinesis PUT payload unit (25 KB of an admitted record) are "
        "billed apart.",
        by_service)});
  }
  return s;
}

Section components_section(const std::vector<model::CallLine>& calls) {
  Section s;
  s.id = "api-calls-by-component";
  s.title = "API calls by component";
  s.detail = true;
  Table t({{"component", Align::left}, {"kind", Align::left}, {"calls"}, {"billing units"}});
  for (const model::CallLine& call : calls) {
    if (call.calls == 0 && call.billing_units == 0) continue;
    t.add_row({call.component, call.fifo ? call.kind + " (FIFO)" : call.kind,
               count_text(call.calls), count_text(call.billing_units)});
  }
  s.tables.push_back(std::move(t));
  return s;
}

// What the cost figures are, in words: the month they stand for.
std::string cost_basis_text(const MonthlyCost& cost, Duration simulated) {
  if (cost.declared) {
    const std::string rest =
        cost.steady_rest
            ? fmt::format("at the rates of the steady window {} to {} of this run",
                          format_span(from_seconds(cost.steady_from_seconds)),
                          format_span(from_seconds(cost.steady_to_seconds)))
            : std::string("idle: only capacity held and each fleet's minimum instances billed");
    return fmt::format(
        "This run is what the {} simulated cost at list prices. The month is the one the "
        "scenario declares ([cost]): {} runs like this one, plus the other {} hours of 30 days "
        "{}. A run that ends with a backlog looks cheaper than one that drained it. Free tiers, "
        "price tiers, data transfer and instance compute without a price_per_instance_hour are "
        "not included.",
        format_span(simulated), format_fixed(cost.runs_per_month, 2),
        format_fixed(cost.rest_hours, 1), rest);
  } else if (cost.extrapolated) {
    return fmt::format(
        "This run is what the {} simulated cost at list prices. A month at this rate is an "
        "extrapolation, not a measurement: it assumes every second of a 30-day month is like this "
        "run's average, so a peak in the run is billed all month (declare a typical month with "
        "[cost] instead), and a run that ends with a backlog looks cheaper than one that "
        "drained it. What quotas' full buckets let through at the start beyond their rates is "
        "billed in this run only. Free tiers, price tiers, data transfer and instance compute "
        "without a price_per_instance_hour are not included.",
        format_span(simulated));
  } else {
    return "The run simulated no time, so there is no rate to extrapolate.";
  }
}

// Which kinds of rows the table holds, for the notes that explain them.
struct BillRows {
  bool capacity = false, instances = false;
};

// One row per line of the bill the design uses, in the bill's order.
BillRows add_bill_rows(Table& t, const MonthlyCost& cost) {
  BillRows kinds;
  // The price column is per million of the first column's unit: requests
  // as billed, a million GB-seconds, unit-hours (capacity is held all month
  // whatever the traffic) or instance-hours.
  for (const BillGroup& g : cost.groups) {
    for (const BillLine& l : g.lines) {
      if (!l.shown) continue;
      std::string units;
      switch (l.basis) {
        case Basis::requests:
          units = count_text(static_cast<std::uint64_t>(l.units));
          break;
        case Basis::compute:
          units = format_fixed(l.units, 1);
          break;
        case Basis::capacity:
          units = format_fixed(l.units, 0);
          kinds.capacity = true;
          break;
        case Basis::instances:
          units = format_fixed(l.units, 2);
          kinds.instances = true;
          break;
      }
      const double per_million = l.basis == Basis::requests ? l.price : l.price * 1e6;
      t.add_row({l.label, units, format_dollars(l.run_usd), format_fixed(l.monthly_units, 0),
                 format_dollars(per_million), format_dollars(l.monthly_usd)});
    }
  }
  return kinds;
}

// The notes under the table: what its columns mean for capacity and
// instances, and what neither figure includes.
std::vector<Note> cost_notes(const MonthlyCost& cost, const BillRows& rows) {
  std::vector<Note> notes;
  if (rows.capacity) {
    notes.push_back(
        {"Shard-, consumer-shard- and broker-hours are capacity held all month: their first "
         "column is the units held (shards, consumer-shards, brokers), this run's cost is for the "
         "simulated time, the third column their hours in 30 days, the price that of a million "
         "unit-hours."});
  }
  if (rows.instances) {
    notes.push_back(
        {"Consumer instance-hours: the first column is the run's instance-hours (start-up "
         "included), the third those extrapolated to 30 days, the price that of a million "
         "instance-hours."});
  }
  if (cost.backlog_messages > 0 || cost.backlog_records > 0) {
    notes.push_back(
        {fmt::format("The run ended with {} messages in queues and {} records uncommitted: "
                     "receiving, deleting and processing them is not in either figure, so a "
                     "design that leaves more behind looks cheaper than it is.",
                     count_text(cost.backlog_messages), count_text(cost.backlog_records))});
  }
  const double one_off_eventbridge = cost.line("eventbridge").one_off_units;
  const double one_off_sqs = cost.line("sqs").one_off_units + cost.line("sqs_fifo").one_off_units;
  if (!cost.declared && (one_off_eventbridge >= 0.5 || one_off_sqs >= 0.5)) {
    notes.push_back({fmt::format(
        "Left out of the month: {} EventBridge events and {} SQS requests that quotas' full "
        "buckets let through at the start beyond their rates (a one-off burst, in this run's "
        "bill).",
        format_fixed(one_off_eventbridge, 0), format_fixed(one_off_sqs, 0))});
  }
  if (!cost.unpriced.empty()) {
    std::string unpriced;
    for (const std::string& n : cost.unpriced) unpriced += (unpriced.empty() ? "" : ", ") + n;
    notes.push_back(
        {fmt::format("Not priced (no price_per_instance_hour or price_per_million), so $0 "
                     "here: {}.",
                     unpriced)});
  }
  return notes;
}

Section cost_section(const MonthlyCost& cost, Duration simulated) {
  Section s;
  s.id = "cost";
  s.title = "Estimated cost";
  s.intro.push_back({cost_basis_text(cost, simulated)});
  Table t({{"service", Align::left},
           {"billing units in run"},
           {"this run"},
           {"per 30 days"},
           {"price per million"},
           {cost.declared ? "a declared month" : "a month at this rate"}});
  const BillRows rows = add_bill_rows(t, cost);
  // What the bill leaves out, in the table itself: a reader comparing
  // totals must see it beside them.
  if (cost.backlog_messages > 0) {
    t.add_row({"not billed: backlog at the end", count_text(cost.backlog_messages) + " messages",
               "not included", "", "", "not included"});
  }
  if (cost.backlog_records > 0) {
    t.add_row({"not billed: uncommitted records at the end",
               count_text(cost.backlog_records) + " records", "not included", "", "",
               "not included"});
  }
  if (!cost.unpriced.empty()) {
    t.add_row({fmt::format("not priced: {} components", cost.unpriced.size()), "", "not included",
               "", "", "not included"});
  }
  s.notes = cost_notes(cost, rows);
  t.add_total(
      {"total", "", format_dollars(cost.run_total_usd), "", "", format_dollars(cost.total_usd)});
  s.tables.push_back(std::move(t));
  return s;
}

Section latency_section(const model::RunResult& r) {
  Section s;
  s.id = "latency";
  s.title = "End-to-end latency";
  s.intro.push_back(
      {"From the moment an event is produced to the end of its successful "
       "processing, per processed copy."});
  const auto quantile_columns = model::quantile_fields();
  Table t({{"", Align::left},
           {model::column_of(quantile_columns, "count")},
           {model::column_of(quantile_columns, "p50")},
           {model::column_of(quantile_columns, "p90")},
           {model::column_of(quantile_columns, "p99")},
           {model::column_of(quantile_columns, "p999")},
           {model::column_of(quantile_columns, "max")},
           {model::column_of(quantile_columns, "mean")}});
  t.add_row(latency_row("all consumers", r.end_to_end));
  for (const RegisteredReportKind& k : reading_order()) {
    if (k.kind->latency_rows != nullptr) k.kind->latency_rows(t, r);
  }
  s.tables.push_back(std::move(t));
  return s;
}

// Where flows end, when consumers emit: per root producer and the fleet,
// function or consumer group where they end, from the root's production.
std::optional<Section> flows_section(const model::RunResult& r) {
  if (!r.emits) return std::nullopt;
  Section s;
  s.id = "flows";
  s.title = "Flows: latency from the root event's production";
  s.intro.push_back(
      {"Consumers emit events as they process. Each row is a root producer and a fleet, "
       "function or consumer group where its flows end (a successful processing that emits "
       "nothing), with the latency from the production of the event the flow started with: "
       "what a customer waits for the whole flow. The fleets' stage latencies are in "
       "report.json (latency_ms.stage)."});
  const auto quantile_columns = model::quantile_fields();
  Table t({{"producer", Align::left},
           {"ends at", Align::left},
           {model::column_of(quantile_columns, "count")},
           {model::column_of(quantile_columns, "p50")},
           {model::column_of(quantile_columns, "p90")},
           {model::column_of(quantile_columns, "p99")},
           {model::column_of(quantile_columns, "max")},
           {model::column_of(quantile_columns, "mean")}});
  for (const model::FlowResult& f : r.flows) {
    // "fleet notify", "function email", "consumer group audit".
    std::string kind = f.kind;
    std::replace(kind.begin(), kind.end(), '_', ' ');
    std::vector<std::string> row = latency_row(kind + " " + f.component, f.latency);
    // latency_row: label, count, p50, p90, p99, p99.9, max, mean.
    row.erase(row.begin() + 5);
    row.insert(row.begin(), f.producer);
    t.add_row(std::move(row));
  }
  s.tables.push_back(std::move(t));
  if (r.flows.empty()) s.notes.push_back({"No flow ended during the run."});
  return s;
}

std::string optional_span(const std::optional<Duration>& d, const char* none) {
  return d ? format_span(*d) : none;
}

std::string alarm_condition(const model::AlarmConfig& a) {
  // In the order of Comparison.
  constexpr std::array<const char*, 4> kSymbols = {">", ">=", "<", "<="};
  const char* op = kSymbols[static_cast<std::size_t>(a.comparison)];
  return fmt::format("{} {} {} for {} of {}", metrics::statistic_name(a.statistic), op,
                     metrics::format_sample(a.threshold), a.datapoints_to_alarm,
                     a.evaluation_periods);
}

// Alarms, their conditions and every change of state.
std::optional<Section> alarms_section(const model::RunResult& r) {
  if (r.alarms.empty()) return std::nullopt;
  Section s;
  s.id = "alarms";
  s.title = "Alarms";
  s.intro.push_back({fmt::format(
      "Evaluated as CloudWatch does at the end of every {} period over the newest datapoints "
      "(\"M of N\"); every alarm starts in INSUFFICIENT_DATA. Times are simulated time.",
      format_span(r.metrics.period()))});
  Table t({{"alarm", Align::left},
           {"metric", Align::left},
           {"condition", Align::left},
           {"missing data", Align::left},
           {"transitions"},
           {"final state", Align::left}});
  for (const model::AlarmResult& a : r.alarms) {
    t.add_row({a.config.name, a.config.metric, alarm_condition(a.config),
               std::string(model::missing_data_name(a.config.treat_missing_data)),
               count_text(a.transitions.size()),
               std::string(model::alarm_state_name(a.final_state))});
  }
  s.tables.push_back(std::move(t));
  Table changes({{"time", Align::left},
                 {"alarm", Align::left},
                 {"from", Align::left},
                 {"to", Align::left},
                 {"datapoint"}});
  // All transitions in time order; alarms keep their declared order within
  // one evaluation.
  std::vector<std::pair<const model::AlarmTransition*, const model::AlarmResult*>> all;
  for (const model::AlarmResult& a : r.alarms) {
    for (const model::AlarmTransition& tr : a.transitions) all.emplace_back(&tr, &a);
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& x, const auto& y) { return x.first->at < y.first->at; });
  for (const auto& [tr, a] : all) {
    changes.add_row({format_span(tr->at), a->config.name,
                     std::string(model::alarm_state_name(tr->from)),
                     std::string(model::alarm_state_name(tr->to)),
                     std::isfinite(tr->value) ? metrics::format_sample(tr->value) : "missing"});
  }
  if (!all.empty()) s.tables.push_back(std::move(changes));
  return s;
}

// What each fault did: detection, backlog and the fate of the messages.
std::optional<Section> fault_impact_section(const model::RunResult& r) {
  if (r.faults.empty()) return std::nullopt;
  Section s;
  s.id = "fault-impact";
  s.title = "Fault impact";
  s.intro.push_back(
      {"Each fault's own figures: retried counts what failed because of it (attempts a "
       "poison event or an added downstream error failed, messages an outage or crash "
       "abandoned, deliveries a target outage failed, entries throttled under its quota); to "
       "DLQ, redriven, recovered, expired and dropped count where the messages it failed "
       "ended, whenever that was; chain calls and requests count the synchronous calls it "
       "failed (an added error, a timeout its slowdown caused, a PutEvents its quota refused) "
       "and the chain requests they failed. Another fault's failures and unrelated ones are never "
       "counted. The backlog is visible + in-flight + delayed messages in queues that are not "
       "dead-letter queues; \"before\" is its largest sample in the period before the fault, "
       "and drained means back to that depth. Amplification is the processing attempts of the "
       "consumers the fault acts on per successful one, during the fault."});
  const auto impact = model::fault_impact_fields();
  Table t({{"fault", Align::left},
           {"target", Align::left},
           {"window", Align::left},
           {"detected after", Align::left},
           {model::column_of(impact, "backlog_before")},
           {model::column_of(impact, "backlog_peak")},
           {model::column_of(impact, "backlog_peak_at_s"), Align::left},
           {model::column_of(impact, "time_to_drain_s"), Align::left},
           {model::column_of(impact, "amplification")}});
  Table m({{"fault", Align::left},
           {model::column_of(impact, "retried")},
           {model::column_of(impact, "moved_to_dlq")},
           {model::column_of(impact, "redriven")},
           {model::column_of(impact, "recovered")},
           {model::column_of(impact, "expired")},
           {model::column_of(impact, "dropped")},
           {model::column_of(impact, "failed_calls")},
           {model::column_of(impact, "failed_requests")}});
  for (std::size_t i = 0; i < r.faults.size(); ++i) {
    const model::FaultWindow& f = r.faults[i];
    const std::string window =
        fmt::format("{} to {}", format_span(f.start), format_span(f.start + f.duration));
    if (i >= r.fault_impacts.size()) {
      t.add_row({f.name, f.target, window, "", "", "", "", "", ""});
      continue;
    }
    const model::FaultImpact& x = r.fault_impacts[i];
    t.add_row({f.name, f.target, window,
               optional_span(x.time_to_detect, r.alarms.empty() ? "no alarms" : "not detected"),
               metrics::format_sample(x.backlog_before), metrics::format_sample(x.backlog_peak),
               format_span(x.backlog_peak_at),
               optional_span(x.time_to_drain, "not drained by the end"),
               x.amplification ? format_fixed(*x.amplification, 2) : "n/a"});
    m.add_row({f.name, count_text(x.retried), count_text(x.moved_to_dlq), count_text(x.redriven),
               count_text(x.recovered), count_text(x.expired), count_text(x.dropped),
               count_text(x.failed_calls), count_text(x.failed_requests)});
  }
  s.tables.push_back(std::move(t));
  s.tables.push_back(std::move(m));
  if (r.amplification) {
    s.notes.push_back(
        {fmt::format("Over the whole run: {} processing attempts per successful one (consumers "
                     "and Lambda functions).",
                     format_fixed(*r.amplification, 3))});
  }
  return s;
}

}  // namespace

std::vector<std::string> latency_row(std::string label, const metrics::Histogram& h) {
  return {std::move(label),         count_text(h.count()),
          format_quantile(h, 0.5),  format_quantile(h, 0.9),
          format_quantile(h, 0.99), format_quantile(h, 0.999),
          format_quantile(h, 1.0),  h.empty() ? "n/a" : format_latency(h.mean())};
}

std::vector<std::string> run_facts(const model::RunResult& r) {
  return {
      fmt::format("Seed: {}", r.seed),
      fmt::format("Simulated: {} ({} s)", format_span(r.simulated),
                  format_fixed(r.simulated.seconds(), 3)),
      fmt::format("Kernel events: {}", count_text(r.kernel_events)),
  };
}

std::vector<std::string> balance_alerts(const model::EventTotals& e) {
  std::vector<std::string> alerts;
  const std::uint64_t fates = e.event_fates();
  if (fates != e.produced + e.emitted) {
    alerts.push_back(
        fmt::format("NOT BALANCED: awaiting routing + unrouted + rejected at ingest + throttled + "
                    "failed requests + routed = {}, "
                    "{} produced{}; the simulator lost track of events and the figures below "
                    "cannot be trusted.",
                    count_text(fates), sum_difference(e.produced + e.emitted, fates),
                    e.emitted > 0 ? " and emitted" : ""));
  }
  const std::uint64_t ends = e.copy_fates();
  if (ends != e.copies) {
    alerts.push_back(fmt::format(
        "NOT BALANCED: processed + in DLQs + expired + rejected + deduplicated + dropped by a "
        "bus + in flight + discarded = {}, "
        "{} copies; "
        "the simulator lost track of messages and the figures below cannot be trusted.",
        count_text(ends), sum_difference(e.copies, ends)));
  }
  return alerts;
}

std::vector<std::string> invariant_alerts(const model::RunResult& r) {
  std::vector<std::string> alerts;
  for (const model::InvariantCheck& c : r.invariants) {
    for (const std::string& failure : c.failures) {
      alerts.push_back(
          fmt::format("INVARIANT FAILED ({}): {} {}; the simulator is wrong and the "
                      "figures below cannot be trusted.",
                      c.name, c.description, failure));
    }
  }
  return alerts;
}

std::vector<std::string> run_alerts(const model::RunResult& r) {
  std::vector<std::string> alerts = balance_alerts(r.events);
  for (std::string& a : invariant_alerts(r)) alerts.push_back(std::move(a));
  return alerts;
}

std::vector<Section> report_sections(const model::RunResult& r) {
  const CallSummary calls = summarize_calls(r.calls);
  std::vector<Section> sections;
  sections.push_back(events_section(r.events, throttled_meaning(r)));
  {
    const auto alerts = invariant_alerts(r);
    Section& events = sections.back();
    for (const std::string& alert : alerts) events.intro.push_back({alert, true});
    if (r.invariants.empty()) {
      events.notes.push_back(
          {"End-of-run invariants: not checked (this result was not made by "
           "a run)."});
    } else if (alerts.empty()) {
      events.notes.push_back(
          {"End-of-run invariants hold: no latency or age longer than the run, amplification "
           "at least 1, no fault's figures above its target's, every latency block ordered."});
    }
  }
  sections.push_back(calls_section(calls, r.events.produced));
  sections.push_back(components_section(r.calls));
  sections.push_back(cost_section(estimate_monthly_cost(r, calls), r.simulated));
  sections.push_back(latency_section(r));
  if (auto flows = flows_section(r)) sections.push_back(std::move(*flows));
  for (const RegisteredReportKind& k : reading_order()) {
    if (k.kind->sections != nullptr) k.kind->sections(sections, r);
  }
  if (auto alarms = alarms_section(r)) sections.push_back(std::move(*alarms));
  if (auto impact = fault_impact_section(r)) sections.push_back(std::move(*impact));
  return sections;
}

}  // namespace edasim::report
