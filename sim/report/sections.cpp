#include "sim/report/sections.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

#include "sim/report/api_calls.hpp"
#include "sim/report/chain_section.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/fault_sections.hpp"
#include "sim/report/fleet_section.hpp"
#include "sim/report/format.hpp"
#include "sim/report/theory.hpp"

namespace edasim::report {

namespace {

std::string count_text(std::uint64_t n) {
  return format_count(n);
}

// A latency that was never measured reads "n/a", not a misleading 0.
std::string quantile_text(const Histogram& h, double quantile) {
  return h.empty() ? "n/a" : format_ms(h.quantile(quantile));
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
std::string throttled_meaning(const RunResult& r) {
  std::uint64_t kinesis = 0, kafka = 0, publish = 0;
  bool uses_kinesis = false, uses_kafka = false;
  for (const StreamResult& st : r.streams) {
    (st.kind == "kinesis" ? uses_kinesis : uses_kafka) = true;
    (st.kind == "kinesis" ? kinesis : kafka) += st.dropped;
  }
  for (const TopicResult& t : r.topics) publish += t.dropped;
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

Section events_section(const EventTotals& e, const std::string& throttled) {
  Section s;
  s.id = "events";
  s.title = "Events";
  Table t({{"", Align::left}, {"count"}, {"what it counts", Align::left}});
  t.add_row({"produced", count_text(e.produced), "events the producers made"});
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
               "target deliveries given up with no target dead-letter queue"});
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
    s.notes.push_back({fmt::format(
        "Balanced: produced {} = awaiting routing + unrouted + rejected at ingest + "
        "throttled + failed requests + routed; copies {} = processed + {}in DLQs + expired + "
        "rejected + deduplicated + {}in flight.",
        count_text(e.produced), count_text(e.copies), e.discarded > 0 ? "discarded + " : "",
        e.dropped_by_bus > 0 ? "dropped by a bus + " : "")});
  }
  const std::uint64_t lost = e.expired + e.rejected + e.dropped_by_bus;
  if (lost == 0 && e.rejected_at_ingest == 0) {
    s.notes.push_back({"No message lost: none expired and none was refused."});
  } else if (e.dropped_by_bus == 0) {
    s.notes.push_back(
        {fmt::format("Lost: {} copies ({} expired, {} refused by a queue) and {} events "
                     "refused at ingest.",
                     count_text(lost), count_text(e.expired), count_text(e.rejected),
                     count_text(e.rejected_at_ingest))});
  } else {
    s.notes.push_back(
        {fmt::format("Lost: {} copies ({} expired, {} refused by a queue, {} dropped by a bus) "
                     "and {} events refused at ingest.",
                     count_text(lost), count_text(e.expired), count_text(e.rejected),
                     count_text(e.dropped_by_bus), count_text(e.rejected_at_ingest))});
  }
  return s;
}

std::string per_thousand_cell(std::uint64_t calls, std::uint64_t produced) {
  const auto v = per_thousand(calls, produced);
  return v ? format_fixed(*v, 1) : "n/a";
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
               per_thousand_cell(k.calls, produced), count_text(k.billing_units)});
  }
  // Billing units of different services are different things at different
  // prices, so the total row adds calls only; units are added per service.
  t.add_total({"total", "", count_text(calls.calls), per_thousand_cell(calls.calls, produced), ""});
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

Section components_section(const std::vector<CallLine>& calls) {
  Section s;
  s.id = "api-calls-by-component";
  s.title = "API calls by component";
  s.detail = true;
  Table t({{"component", Align::left}, {"kind", Align::left}, {"calls"}, {"billing units"}});
  for (const CallLine& call : calls) {
    if (call.calls == 0 && call.billing_units == 0) continue;
    t.add_row({call.component, call.fifo ? call.kind + " (FIFO)" : call.kind,
               count_text(call.calls), count_text(call.billing_units)});
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section cost_section(const MonthlyCost& cost, Duration simulated) {
  Section s;
  s.id = "cost";
  s.title = "Estimated cost";
  if (cost.declared) {
    const std::string rest =
        cost.steady_rest
            ? fmt::format("at the rates of the steady window {} to {} of this run",
                          format_span(from_seconds(cost.steady_from_seconds)),
                          format_span(from_seconds(cost.steady_to_seconds)))
            : std::string("idle: only capacity held and each fleet's minimum instances billed");
    s.intro.push_back({fmt::format(
        "This run is what the {} simulated cost at list prices. The month is the one the "
        "scenario declares ([cost]): {} runs like this one, plus the other {} hours of 30 days "
        "{}. A run that ends with a backlog looks cheaper than one that drained it. Free tiers, "
        "price tiers, data transfer and instance compute without a price_per_instance_hour are "
        "not included.",
        format_span(simulated), format_fixed(cost.runs_per_month, 2),
        format_fixed(cost.rest_hours, 1), rest)});
  } else if (cost.extrapolated) {
    s.intro.push_back({fmt::format(
        "This run is what the {} simulated cost at list prices. A month at this rate is an "
        "extrapolation, not a measurement: it assumes every second of a 30-day month is like this "
        "run's average, so a peak in the run is billed all month (declare a typical month with "
        "[cost] instead), and a run that ends with a backlog looks cheaper than one that "
        "drained it. What quotas' full buckets let through at the start beyond their rates is "
        "billed in this run only. Free tiers, price tiers, data transfer and instance compute "
        "without a price_per_instance_hour are not included.",
        format_span(simulated))});
  } else {
    s.intro.push_back({"The run simulated no time, so there is no rate to extrapolate."});
  }
  Table t({{"service", Align::left},
           {"billing units in run"},
           {"this run"},
           {"per 30 days"},
           {"price per million"},
           {cost.declared ? "a declared month" : "a month at this rate"}});
  const auto row = [&](const std::string& name, const ServiceCost& sc) {
    t.add_row({name, count_text(sc.billing_units), format_dollars(sc.run_usd),
               format_fixed(sc.monthly_units, 0), format_dollars(sc.price_per_million),
               format_dollars(sc.monthly_usd)});
  };
  row("SQS requests", cost.sqs);
  if (cost.sqs_fifo.billing_units > 0) row("SQS FIFO requests", cost.sqs_fifo);
  row("EventBridge events", cost.eventbridge);
  // Services the design does not use stay out of the table.
  if (cost.sns_publish.billing_units > 0) row("SNS publishes", cost.sns_publish);
  if (cost.sns_http_delivery.billing_units > 0)
    row("SNS HTTP/S deliveries", cost.sns_http_delivery);
  if (cost.s3_put.billing_units > 0) row("S3 PUT (claim check)", cost.s3_put);
  if (cost.s3_get.billing_units > 0) row("S3 GET (claim check)", cost.s3_get);
  if (cost.lambda_requests.billing_units > 0) {
    row("Lambda requests", cost.lambda_requests);
    const ComputeCost& c = cost.lambda_compute;
    t.add_row({"Lambda GB-seconds", format_fixed(c.gb_seconds, 1), format_dollars(c.run_usd),
               format_fixed(c.monthly_gb_seconds, 0), format_dollars(c.price_per_gb_second * 1e6),
               format_dollars(c.monthly_usd)});
  }
  // Capacity is held all month whatever the traffic: the units held, their
  // hours in 30 days, and the price of a million unit-hours.
  bool capacity = false;
  const auto held = [&](const char* name, const CapacityCost& c) {
    if (c.units <= 0) return;
    capacity = true;
    t.add_row({name, format_fixed(c.units, 0), format_dollars(c.run_usd),
               format_fixed(c.monthly_hours, 0), format_dollars(c.price_per_hour * 1e6),
               format_dollars(c.monthly_usd)});
  };
  held("Kinesis shard-hours", cost.kinesis_shards);
  if (cost.kinesis_shards.units > 0) row("Kinesis PUT payload units", cost.kinesis_put_units);
  held("Kinesis fan-out consumer-shard-hours", cost.kinesis_fan_out);
  held("Kafka broker-hours", cost.kafka_brokers);
  for (const FleetCost& f : cost.fleets) {
    t.add_row({"instance-hours, consumers " + f.name, format_fixed(f.instance_hours, 2),
               format_dollars(f.run_usd), format_fixed(f.monthly_instance_hours, 0),
               format_dollars(f.price_per_hour * 1e6), format_dollars(f.monthly_usd)});
  }
  for (const ApiCost& api : cost.apis) {
    if (api.cost.price_per_million > 0) row("API " + api.name, api.cost);
  }
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
  std::string unpriced;
  for (const std::string& n : cost.unpriced) unpriced += (unpriced.empty() ? "" : ", ") + n;
  if (!cost.unpriced.empty()) {
    t.add_row({fmt::format("not priced: {} components", cost.unpriced.size()), "", "not included",
               "", "", "not included"});
  }
  if (capacity) {
    s.notes.push_back(
        {"Shard-, consumer-shard- and broker-hours are capacity held all month: their first "
         "column is the units held (shards, consumer-shards, brokers), this run's cost is for the "
         "simulated time, the third column their hours in 30 days, the price that of a million "
         "unit-hours."});
  }
  if (!cost.fleets.empty()) {
    s.notes.push_back(
        {"Consumer instance-hours: the first column is the run's instance-hours (start-up "
         "included), the third those extrapolated to 30 days, the price that of a million "
         "instance-hours."});
  }
  if (cost.backlog_messages > 0 || cost.backlog_records > 0) {
    s.notes.push_back(
        {fmt::format("The run ended with {} messages in queues and {} records uncommitted: "
                     "receiving, deleting and processing them is not in either figure, so a "
                     "design that leaves more behind looks cheaper than it is.",
                     count_text(cost.backlog_messages), count_text(cost.backlog_records))});
  }
  const double one_off_sqs = cost.sqs.one_off_units + cost.sqs_fifo.one_off_units;
  if (!cost.declared && (cost.eventbridge.one_off_units >= 0.5 || one_off_sqs >= 0.5)) {
    s.notes.push_back({fmt::format(
        "Left out of the month: {} EventBridge events and {} SQS requests that quotas' full "
        "buckets let through at the start beyond their rates (a one-off burst, in this run's "
        "bill).",
        format_fixed(cost.eventbridge.one_off_units, 0), format_fixed(one_off_sqs, 0))});
  }
  if (!cost.unpriced.empty()) {
    s.notes.push_back(
        {fmt::format("Not priced (no price_per_instance_hour or price_per_million), so $0 "
                     "here: {}.",
                     unpriced)});
  }
  t.add_total(
      {"total", "", format_dollars(cost.run_total_usd), "", "", format_dollars(cost.total_usd)});
  s.tables.push_back(std::move(t));
  return s;
}

std::vector<std::string> quantile_row(std::string label, const Histogram& h) {
  return {std::move(label),       count_text(h.count()),
          quantile_text(h, 0.5),  quantile_text(h, 0.9),
          quantile_text(h, 0.99), quantile_text(h, 0.999),
          quantile_text(h, 1.0),  h.empty() ? "n/a" : format_ms(h.mean())};
}

Section latency_section(const RunResult& r) {
  Section s;
  s.id = "latency";
  s.title = "End-to-end latency (ms)";
  s.intro.push_back(
      {"From the moment an event is produced to the end of its successful "
       "processing, per processed copy."});
  const auto quantile_columns = quantile_fields();
  Table t({{"", Align::left},
           {column_of(quantile_columns, "count")},
           {column_of(quantile_columns, "p50")},
           {column_of(quantile_columns, "p90")},
           {column_of(quantile_columns, "p99")},
           {column_of(quantile_columns, "p999")},
           {column_of(quantile_columns, "max")},
           {column_of(quantile_columns, "mean")}});
  t.add_row(quantile_row("all consumers", r.end_to_end));
  for (const FleetResult& f : r.fleets) t.add_row(quantile_row(f.name, f.end_to_end));
  for (const FunctionResult& f : r.functions) t.add_row(quantile_row(f.name, f.end_to_end));
  for (const ConsumerGroupResult& g : r.groups) t.add_row(quantile_row(g.name, g.end_to_end));
  s.tables.push_back(std::move(t));
  return s;
}

Section queues_section(const std::vector<QueueResult>& queues, std::uint64_t produced) {
  Section s;
  s.id = "queues";
  s.title = "Queues";
  s.intro.push_back(
      {"Sent per 1,000 produced events is the share of traffic each queue sees. "
       "Rejected sends were larger than the queue's maximum message size; throttled sends "
       "(FIFO only) were messages of send calls over the queue's API quota. Neither was "
       "stored. Max depth counts visible, in-flight and delayed messages; max age is that "
       "of the oldest visible message."});
  Table t({{"queue", Align::left},
           {column_of(queue_fields(), "sent")},
           {column_of(queue_fields(), "sent_per_1000_events")},
           {column_of(queue_fields(), "rejected")},
           {column_of(queue_fifo_fields(), "throttled_sends")},
           {column_of(queue_fields(), "received")},
           {column_of(queue_fields(), "deleted")},
           {column_of(queue_fields(), "moved_to_dlq")},
           {column_of(queue_fields(), "expired")},
           {column_of(queue_fields(), "empty_receives")},
           {column_of(queue_fields(), "max_depth")},
           {column_of(queue_fields(), "max_age_ms")},
           {column_of(queue_fields(), "final_depth")}});
  for (const QueueResult& qr : queues) {
    std::string name = qr.name;
    if (qr.fifo) name += " (FIFO)";
    if (qr.dead_letter_queue) name += " (DLQ)";
    t.add_row({name, count_text(qr.sent), per_thousand_cell(qr.sent, produced),
               count_text(qr.rejected), qr.fifo ? count_text(qr.throttled_sends) : "",
               count_text(qr.received), count_text(qr.deleted), count_text(qr.moved_to_dlq),
               count_text(qr.expired), count_text(qr.empty_receives), count_text(qr.max_depth),
               format_span(qr.max_age),
               count_text(qr.final_visible + qr.final_in_flight + qr.final_delayed)});
  }
  s.tables.push_back(std::move(t));
  for (const QueueResult& qr : queues) {
    if (qr.redrive_starts.empty()) continue;
    std::string starts;
    for (const Duration d : qr.redrive_starts)
      starts += (starts.empty() ? "" : ", ") + format_span(d);
    s.notes.push_back({fmt::format("{}: redrive started at {}.", qr.name, starts)});
  }
  // Every FIFO queue, whatever else it did: throttling refuses messages and
  // must never be visible in report.json alone.
  for (const QueueResult& qr : queues) {
    if (!qr.fifo) continue;
    s.notes.push_back(
        {fmt::format(
             "{} (FIFO): {} duplicate sends dropped in the deduplication window, {} messages of "
             "throttled sends, {} throttled receives, at most {} message groups in flight at once.",
             qr.name, count_text(qr.deduplicated), count_text(qr.throttled_sends),
             count_text(qr.throttled_receives), count_text(qr.max_groups_in_flight)),
         qr.throttled_sends > 0});
  }
  for (const QueueResult& qr : queues) {
    if (qr.received_over_limit == 0) continue;
    s.notes.push_back(
        {fmt::format("{}: {} short polls refused with OverLimit (too many messages in flight).",
                     qr.name, count_text(qr.received_over_limit))});
  }
  return s;
}

Section topics_section(const std::vector<TopicResult>& topics, std::uint64_t produced) {
  Section s;
  s.id = "topics";
  s.title = "Topics";
  s.intro.push_back(
      {"Published counts accepted Publish and PublishBatch entries; throttled and oversize "
       "entries were refused at ingest; filtered out matched no subscription. Each "
       "subscription gets one copy per matching message (fan-out)."});
  Table t({{"topic / subscription", Align::left},
           {column_of(topic_fields(), "published")},
           {"per 1,000 events"},
           {column_of(topic_fields(), "throttled")},
           {column_of(topic_fields(), "oversize")},
           {column_of(topic_fields(), "filtered_out")},
           {column_of(topic_fields(), "deduplicated")},
           {column_of(subscription_fields(), "delivered")},
           {column_of(subscription_fields(), "failed_attempts")},
           {column_of(subscription_fields(), "to_dlq")},
           {column_of(subscription_fields(), "discarded")}});
  for (const TopicResult& tr : topics) {
    t.add_row({tr.fifo ? tr.name + " (FIFO)" : tr.name, count_text(tr.published),
               per_thousand_cell(tr.published, produced), count_text(tr.throttled),
               count_text(tr.oversize), count_text(tr.filtered_out), count_text(tr.deduplicated),
               "", "", "", ""});
    for (const SubscriptionResult& sr : tr.subscriptions) {
      t.add_row({"  " + sr.name + " (" + sr.endpoint + ")", count_text(sr.matched),
                 per_thousand_cell(sr.matched, produced), "", "", "", "", count_text(sr.delivered),
                 count_text(sr.failed_attempts), count_text(sr.to_dlq), count_text(sr.discarded)});
    }
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section buses_section(const std::vector<BusResult>& buses) {
  Section s;
  s.id = "buses";
  s.title = "Buses";
  s.intro.push_back(
      {"Invocations count every delivery attempt to a rule target, retries included; delayed "
       "ones waited for the invocations quota (ThrottledRules). A target that fails is retried "
       "with backoff until its maximum retry attempts or maximum event age; then the copy goes "
       "to the target's dead-letter queue or is dropped (FailedInvocations)."});
  Table t({{"bus / rule -> target", Align::left},
           {column_of(bus_fields(), "matched_events")},
           {column_of(bus_fields(), "invocations")},
           {column_of(bus_fields(), "delayed_invocations")},
           {column_of(bus_target_fields(), "failed_attempts")},
           {column_of(bus_fields(), "retry_attempts")},
           {column_of(bus_fields(), "failed_invocations")},
           {column_of(bus_fields(), "sent_to_dlq")},
           {column_of(bus_fields(), "dropped")}});
  for (const BusResult& b : buses) {
    t.add_row({b.name, count_text(b.matched_events), count_text(b.invocations),
               count_text(b.delayed_invocations), "", count_text(b.retry_attempts),
               count_text(b.failed_invocations), count_text(b.sent_to_dlq), count_text(b.dropped)});
    for (const BusTargetResult& tr : b.targets) {
      const std::string dlq =
          tr.dead_letter_queue.empty() ? "" : " (DLQ " + tr.dead_letter_queue + ")";
      t.add_row({"  " + tr.rule + " -> " + tr.queue + dlq, "", count_text(tr.invocations), "",
                 count_text(tr.failed_attempts), count_text(tr.retry_attempts),
                 count_text(tr.failed_invocations), count_text(tr.sent_to_dlq),
                 count_text(tr.dropped)});
    }
    if (b.failed_invocations > 0) {
      s.notes.push_back({fmt::format(
          "Bus {} gave up on {} copies: {} at the maximum retry attempts, {} at the maximum "
          "event age, {} at once on an error EventBridge does not retry.",
          b.name, count_text(b.failed_invocations), count_text(b.maximum_retry_attempts),
          count_text(b.maximum_event_age), count_text(b.not_retryable))});
    }
    if (!b.schemas.empty()) {
      std::string by_schema;
      for (const SchemaResult& schema : b.schemas) {
        by_schema += fmt::format("{}{} {}", by_schema.empty() ? "" : ", ", schema.name,
                                 count_text(schema.mismatched));
      }
      s.notes.push_back({fmt::format(
          "Bus {} schemas: {} entries valid, {} mismatched ({}): {} rejected at ingest, {} "
          "quarantined, the rest delivered.",
          b.name, count_text(b.schema_valid), count_text(b.schema_mismatched), by_schema,
          count_text(b.schema_rejected), count_text(b.schema_quarantined))});
    }
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section consumers_section(const std::vector<FleetResult>& fleets) {
  Section s;
  s.id = "consumers";
  s.title = "Consumers";
  s.intro.push_back(
      {"Latencies in ms. Queue wait (visible to received) and processing are per attempt; "
       "to start is from visible to the start of its processing, per delivery (the queue wait "
       "plus the receive's latency plus the batch's earlier messages). Busy is poller time "
       "spent processing over pollers x run time; + SQS adds the time pollers wait for the "
       "answers of receives that brought messages, the load the station really carries."});
  Table t({{"consumer", Align::left},
           {"queue", Align::left},
           {column_of(fleet_fields(), "pollers")},
           {column_of(fleet_fields(), "processed")},
           {column_of(fleet_fields(), "failed")},
           {column_of(fleet_fields(), "utilization")},
           {column_of(fleet_fields(), "utilization_with_sqs")},
           {"wait p99"},
           {"to start p50"},
           {"to start p99"},
           {"processing p99"},
           {"end-to-end p99"}});
  for (const FleetResult& f : fleets) {
    t.add_row({f.name, f.queue, fmt::format("{}", f.pollers), count_text(f.processed),
               count_text(f.failed), format_percent(f.utilization),
               format_percent(f.utilization_with_sqs), quantile_text(f.queue_wait, 0.99),
               quantile_text(f.wait_to_start, 0.5), quantile_text(f.wait_to_start, 0.99),
               quantile_text(f.processing, 0.99), quantile_text(f.end_to_end, 0.99)});
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section functions_section(const std::vector<FunctionResult>& functions) {
  Section s;
  s.id = "functions";
  s.title = "Lambda functions";
  s.intro.push_back(
      {"Each function reads its queue through an SQS event source mapping. Concurrency is the "
       "number of pollers the mapping ran (the series shows it over time); a throttled attempt "
       "found the function's concurrency used up; a throttled batch was given up and returned "
       "to the queue with a receive spent. Durations in ms, cold starts included."});
  Table t({{"function", Align::left},
           {"queue", Align::left},
           {column_of(function_fields(), "invocations")},
           {column_of(function_fields(), "peak_concurrency")},
           {column_of(function_fields(), "throttles")},
           {column_of(function_fields(), "throttled_batches")},
           {column_of(function_fields(), "cold_starts")},
           {column_of(function_fields(), "timeouts")},
           {column_of(function_fields(), "failed_batches")},
           {column_of(function_fields(), "partial_failures")},
           {column_of(function_fields(), "processed")},
           {column_of(function_fields(), "gb_seconds")},
           {"duration p50"},
           {"duration p99"}});
  for (const FunctionResult& f : functions) {
    t.add_row({f.name, f.queue, count_text(f.invocations), fmt::format("{}", f.peak_concurrency),
               count_text(f.throttles), count_text(f.throttled_batches), count_text(f.cold_starts),
               count_text(f.timeouts), count_text(f.failed_batches), count_text(f.partial_failures),
               count_text(f.processed), format_fixed(f.gb_seconds, 1),
               quantile_text(f.duration, 0.5), quantile_text(f.duration, 0.99)});
  }
  s.tables.push_back(std::move(t));
  return s;
}

Section streams_section(const RunResult& r) {
  Section s;
  s.id = "streams";
  s.title = "Streams";
  s.intro.push_back(
      {"Kafka topics and Kinesis data streams. Throttled writes went over a partition's (shard's) "
       "per-second limit; they are retried, and dropped after the retries run out. Peak per "
       "partition is the most one partition took in one second."});
  Table t({{"stream", Align::left},
           {"kind", Align::left},
           {column_of(stream_fields(), "partitions")},
           {column_of(stream_fields(), "records")},
           {column_of(stream_fields(), "bytes")},
           {column_of(stream_fields(), "throttled")},
           {column_of(stream_fields(), "dropped")},
           {column_of(stream_fields(), "peak_partition_records_per_second")},
           {column_of(stream_fields(), "peak_partition_bytes_per_second")}});
  for (const StreamResult& st : r.streams) {
    t.add_row({st.name, st.kind, fmt::format("{}", st.partitions), count_text(st.records),
               format_fixed(static_cast<double>(st.bytes) / 1e6, 1), count_text(st.throttled),
               count_text(st.dropped), count_text(st.peak_partition_records_per_second),
               format_fixed(static_cast<double>(st.peak_partition_bytes_per_second) / 1e6, 3)});
  }
  s.tables.push_back(std::move(t));
  Table g({{"consumer group", Align::left},
           {"stream", Align::left},
           {column_of(consumer_group_fields(), "consumers")},
           {column_of(consumer_group_fields(), "processed")},
           {column_of(consumer_group_fields(), "reprocessed")},
           {column_of(consumer_group_fields(), "expired")},
           {column_of(consumer_group_fields(), "rebalances")},
           {column_of(consumer_group_fields(), "paused_ms")},
           {column_of(consumer_group_fields(), "max_lag")},
           {column_of(consumer_group_fields(), "final_lag")},
           {column_of(consumer_group_fields(), "max_iterator_age_ms")},
           {"end-to-end p99"}});
  for (const ConsumerGroupResult& cg : r.groups) {
    g.add_row({cg.name, cg.stream, fmt::format("{}", cg.consumers), count_text(cg.processed),
               count_text(cg.reprocessed), count_text(cg.expired), count_text(cg.rebalances),
               format_span(cg.paused), count_text(cg.max_lag), count_text(cg.final_lag),
               format_span(cg.max_iterator_age), quantile_text(cg.end_to_end, 0.99)});
  }
  if (!r.groups.empty()) s.tables.push_back(std::move(g));
  s.notes.push_back(
      {"Lag is records written and not yet committed; iterator age is the age of the next "
       "record to read (both sampled every series period and at the end). Reprocessed records "
       "were processed again after a consumer failed before committing them. Paused is "
       "partition-time spent waiting for rebalances."});
  return s;
}

// Stations with a closed form: what theory predicts beside what was simulated;
// for every other consumer, one line saying why there is none.
std::optional<Section> theory_section(const std::vector<FleetResult>& fleets) {
  Section s;
  s.id = "theory";
  s.title = "Queueing theory";
  s.intro.push_back(
      {"Consumers that form a plain queueing station (Poisson arrivals from one producer and "
       "no other inflow, the only reader of the queue, one message per receive, no failures, "
       "faults or SQS latency, a visibility timeout at least 10 times the mean service) beside "
       "the closed-form steady state, computed with the service time's moments as sampled. "
       "Times in ms; the simulation includes its start from an empty queue."});
  Table t({{"consumer", Align::left},
           {"model", Align::left},
           {"utilisation"},
           {"wait theory"},
           {"wait simulated"},
           {"sojourn theory"},
           {"sojourn simulated"}});
  for (const FleetResult& f : fleets) {
    const auto theory = closed_form(f);
    if (!theory) {
      s.notes.push_back({fmt::format("{}: no closed form: {}.", f.name, theory_gap(f))});
      continue;
    }
    t.add_row({f.name, theory->model, format_percent(theory->metrics.utilisation),
               format_fixed(theory->metrics.mean_wait * 1e3, 3),
               f.queue_wait.empty() ? "n/a" : format_fixed(f.queue_wait.mean() * 1e-6, 3),
               format_fixed(theory->metrics.mean_sojourn * 1e3, 3),
               f.end_to_end.empty() ? "n/a" : format_fixed(f.end_to_end.mean() * 1e-6, 3)});
  }
  if (fleets.empty()) return std::nullopt;
  if (!t.rows().empty()) s.tables.push_back(std::move(t));
  return s;
}

std::string optional_span(const std::optional<Duration>& d, const char* none) {
  return d ? format_span(*d) : none;
}

std::string alarm_condition(const AlarmConfig& a) {
  // In the order of Comparison.
  constexpr std::array<const char*, 4> kSymbols = {">", ">=", "<", "<="};
  const char* op = kSymbols[static_cast<std::size_t>(a.comparison)];
  return fmt::format("{} {} {} for {} of {}", statistic_name(a.statistic), op,
                     format_sample(a.threshold), a.datapoints_to_alarm, a.evaluation_periods);
}

// Alarms, their conditions and every change of state.
std::optional<Section> alarms_section(const RunResult& r) {
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
  for (const AlarmResult& a : r.alarms) {
    t.add_row({a.config.name, a.config.metric, alarm_condition(a.config),
               std::string(missing_data_name(a.config.treat_missing_data)),
               count_text(a.transitions.size()), std::string(alarm_state_name(a.final_state))});
  }
  s.tables.push_back(std::move(t));
  Table changes({{"time", Align::left},
                 {"alarm", Align::left},
                 {"from", Align::left},
                 {"to", Align::left},
                 {"datapoint"}});
  // All transitions in time order; alarms keep their declared order within
  // one evaluation.
  std::vector<std::pair<const AlarmTransition*, const AlarmResult*>> all;
  for (const AlarmResult& a : r.alarms) {
    for (const AlarmTransition& tr : a.transitions) all.emplace_back(&tr, &a);
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& x, const auto& y) { return x.first->at < y.first->at; });
  for (const auto& [tr, a] : all) {
    changes.add_row({format_span(tr->at), a->config.name, std::string(alarm_state_name(tr->from)),
                     std::string(alarm_state_name(tr->to)),
                     std::isfinite(tr->value) ? format_sample(tr->value) : "missing"});
  }
  if (!all.empty()) s.tables.push_back(std::move(changes));
  return s;
}

// What each fault did: detection, backlog and the fate of the messages.
std::optional<Section> fault_impact_section(const RunResult& r) {
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
  const auto impact = fault_impact_fields();
  Table t({{"fault", Align::left},
           {"target", Align::left},
           {"window", Align::left},
           {"detected after", Align::left},
           {column_of(impact, "backlog_before")},
           {column_of(impact, "backlog_peak")},
           {column_of(impact, "backlog_peak_at_s"), Align::left},
           {column_of(impact, "time_to_drain_s"), Align::left},
           {column_of(impact, "amplification")}});
  Table m({{"fault", Align::left},
           {column_of(impact, "retried")},
           {column_of(impact, "moved_to_dlq")},
           {column_of(impact, "redriven")},
           {column_of(impact, "recovered")},
           {column_of(impact, "expired")},
           {column_of(impact, "dropped")},
           {column_of(impact, "failed_calls")},
           {column_of(impact, "failed_requests")}});
  for (std::size_t i = 0; i < r.faults.size(); ++i) {
    const FaultWindow& f = r.faults[i];
    const std::string window =
        fmt::format("{} to {}", format_span(f.start), format_span(f.start + f.duration));
    if (i >= r.fault_impacts.size()) {
      t.add_row({f.name, f.target, window, "", "", "", "", "", ""});
      continue;
    }
    const FaultImpact& x = r.fault_impacts[i];
    t.add_row({f.name, f.target, window,
               optional_span(x.time_to_detect, r.alarms.empty() ? "no alarms" : "not detected"),
               format_sample(x.backlog_before), format_sample(x.backlog_peak),
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

std::vector<std::string> run_facts(const RunResult& r) {
  return {
      fmt::format("Seed: {}", r.seed),
      fmt::format("Simulated: {} ({} s)", format_span(r.simulated),
                  format_fixed(r.simulated.seconds(), 3)),
      fmt::format("Kernel events: {}", count_text(r.kernel_events)),
  };
}

std::vector<std::string> balance_alerts(const EventTotals& e) {
  std::vector<std::string> alerts;
  const std::uint64_t fates = e.event_fates();
  if (fates != e.produced) {
    alerts.push_back(
        fmt::format("NOT BALANCED: awaiting routing + unrouted + rejected at ingest + throttled + "
                    "failed requests + routed = {}, "
                    "{} produced; the simulator lost track of events and the figures below "
                    "cannot be trusted.",
                    count_text(fates), sum_difference(e.produced, fates)));
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

std::vector<std::string> invariant_alerts(const RunResult& r) {
  std::vector<std::string> alerts;
  for (const InvariantCheck& c : r.invariants) {
    for (const std::string& failure : c.failures) {
      alerts.push_back(
          fmt::format("INVARIANT FAILED ({}): {} {}; the simulator is wrong and the "
                      "figures below cannot be trusted.",
                      c.name, c.description, failure));
    }
  }
  return alerts;
}

std::vector<std::string> run_alerts(const RunResult& r) {
  std::vector<std::string> alerts = balance_alerts(r.events);
  for (std::string& a : invariant_alerts(r)) alerts.push_back(std::move(a));
  return alerts;
}

std::vector<Section> report_sections(const RunResult& r) {
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
  sections.push_back(queues_section(r.queues, r.events.produced));
  if (!r.topics.empty()) sections.push_back(topics_section(r.topics, r.events.produced));
  if (!r.buses.empty()) sections.push_back(buses_section(r.buses));
  sections.push_back(consumers_section(r.fleets));
  if (auto sizes = fleet_sizes_section(r)) sections.push_back(std::move(*sizes));
  if (auto chains = chains_section(r)) sections.push_back(std::move(*chains));
  if (!r.functions.empty()) sections.push_back(functions_section(r.functions));
  if (!r.streams.empty()) sections.push_back(streams_section(r));
  if (auto theory = theory_section(r.fleets)) sections.push_back(std::move(*theory));
  if (auto faults = faults_section(r)) sections.push_back(std::move(*faults));
  if (auto recovery = recovery_section(r)) sections.push_back(std::move(*recovery));
  if (auto apis = apis_section(r)) sections.push_back(std::move(*apis));
  if (auto alarms = alarms_section(r)) sections.push_back(std::move(*alarms));
  if (auto impact = fault_impact_section(r)) sections.push_back(std::move(*impact));
  return sections;
}

}  // namespace edasim::report
