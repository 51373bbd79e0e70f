#include "sim/report/measures.hpp"

#include <limits>

#include "sim/report/api_calls.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/format.hpp"

namespace edasim::report {

namespace {

using plan::Unit;

void add(plan::Measures& out, std::string name, Unit unit, double value,
         bool lower_is_better = true, double resolution = 0) {
  out.push_back({std::move(name), unit, value, lower_is_better, resolution});
}

// A quantile in seconds and the width of the histogram bucket it was read
// from, its resolution.
void add_quantile(plan::Measures& out, std::string name, const Histogram& h, double q) {
  constexpr double ns = 1e-9;
  const std::int64_t v = h.quantile(q);
  const std::size_t bucket = Histogram::bucket_of(v);
  const auto width =
      static_cast<double>(Histogram::bucket_highest(bucket) - Histogram::bucket_lowest(bucket) + 1);
  add(out, std::move(name), Unit::seconds, static_cast<double>(v) * ns, true, width * ns);
}

// A latency never measured is not a number, so a study leaves its cell empty
// rather than averaging in a 0; the name still exists for SLOs to refer to.
void add_latency(plan::Measures& out, const std::string& prefix, const Histogram& h) {
  if (h.empty()) {
    for (const char* q : {".mean", ".p50", ".p90", ".p99", ".p99.9"})
      add(out, prefix + q, Unit::seconds, std::numeric_limits<double>::quiet_NaN());
    return;
  }
  constexpr double ns = 1e-9;
  add(out, prefix + ".mean", Unit::seconds, h.mean() * ns);
  add_quantile(out, prefix + ".p50", h, 0.50);
  add_quantile(out, prefix + ".p90", h, 0.90);
  add_quantile(out, prefix + ".p99", h, 0.99);
  add_quantile(out, prefix + ".p99.9", h, 0.999);
}

// Counters are made when a component is built, so a service's kinds are
// listed, possibly at 0 calls, whenever the topology uses the service.
bool uses(const CallSummary& calls, Service service) {
  for (const KindTotal& k : calls.by_kind) {
    if (k.service == service) return true;
  }
  return false;
}

double count(std::uint64_t n) {
  return static_cast<double>(n);
}

}  // namespace

plan::Measures measures_of(const RunResult& r) {
  plan::Measures out;
  add_latency(out, "latency.end_to_end", r.end_to_end);
  for (const FleetResult& f : r.fleets) add_latency(out, "latency." + f.name, f.end_to_end);
  // The wait until processing starts (queue wait, the receive's latency, the
  // batch's earlier messages): what a consumer's backlog costs an event.
  for (const FleetResult& f : r.fleets)
    add_latency(out, "latency." + f.name + ".wait_to_start", f.wait_to_start);
  for (const ChainResult& c : r.chains) add_latency(out, "latency." + c.name, c.latency);

  const EventTotals& e = r.events;
  add(out, "events.produced", Unit::count, count(e.produced), false);
  add(out, "events.processed", Unit::count, count(e.processed), false);
  add(out, "events.dlq", Unit::count, count(e.dlq));
  // Lost: refused or deleted before anyone processed it, and not kept in a
  // DLQ for later, whether a queue, a topic's quota, a producer's spent
  // retries or a bus target's retry policy dropped it.
  add(out, "events.lost", Unit::count,
      count(e.expired + e.rejected + e.rejected_at_ingest + e.throttled + e.dropped_by_bus));
  add(out, "events.throttled", Unit::count, count(e.throttled));
  add(out, "events.unrouted", Unit::count, count(e.unrouted));
  add(out, "events.discarded", Unit::count, count(e.discarded));
  add(out, "events.failed_requests", Unit::count, count(e.failed_requests));
  add(out, "events.in_flight", Unit::count, count(e.in_flight));
  add(out, "events.duplicates_delivered", Unit::count, count(e.duplicates_delivered));
  add(out, "events.duplicates_processed", Unit::count, count(e.duplicates_processed));
  add(out, "events.duplicates_suppressed", Unit::count, count(e.duplicates_suppressed), false);
  add(out, "events.recovered_by_redrive", Unit::count, count(e.recovered_by_redrive), false);

  for (const QueueResult& q : r.queues) {
    add(out, "queue." + q.name + ".max_depth", Unit::count, count(q.max_depth));
    add(out, "queue." + q.name + ".max_age", Unit::seconds, q.max_age.seconds());
    if (q.dead_letter_queue) {
      add(out, "queue." + q.name + ".final_depth", Unit::count,
          count(q.final_visible + q.final_in_flight + q.final_delayed));
    }
  }
  for (const FleetResult& f : r.fleets) {
    add(out, "consumer." + f.name + ".utilization", Unit::ratio, f.utilization);
    add(out, "consumer." + f.name + ".utilization_with_sqs", Unit::ratio, f.utilization_with_sqs);
    add(out, "consumer." + f.name + ".failed_attempts", Unit::count, count(f.failed));
    add(out, "consumer." + f.name + ".instance_hours", Unit::number, f.instance_hours);
    add(out, "consumer." + f.name + ".peak_instances", Unit::count, f.peak_instances);
  }

  for (const ChainResult& c : r.chains) {
    add(out, "chain." + c.name + ".failed", Unit::count, count(c.failed));
    add(out, "chain." + c.name + ".retries", Unit::count, count(c.retries));
  }

  const CallSummary calls = summarize_calls(r.calls);
  add(out, "calls.total", Unit::count, count(calls.calls));
  if (const auto per = per_thousand(calls.calls, e.produced))
    add(out, "calls.per_1000_events", Unit::number, *per);
  for (const KindTotal& k : calls.by_kind) add(out, "calls." + k.kind, Unit::count, count(k.calls));
  for (const KindTotal& k : calls.by_kind) {
    if (const auto per = per_thousand(k.calls, e.produced))
      add(out, "calls.per_1000_events." + k.kind, Unit::number, *per);
  }

  const MonthlyCost cost = estimate_monthly_cost(r, calls);
  if (cost.extrapolated) {
    add(out, "cost.total", Unit::usd, cost.total_usd);
    // The bill of the simulated window itself, free of the assumption that
    // every second of a month is like the window's average.
    add(out, "cost.run", Unit::usd, cost.run_total_usd);
    add(out, "cost.sqs", Unit::usd, cost.sqs.monthly_usd + cost.sqs_fifo.monthly_usd);
    add(out, "cost.eventbridge", Unit::usd, cost.eventbridge.monthly_usd);
    // Which services a design uses is a matter of its topology, so whether
    // a line exists never depends on a replication's draws; a design
    // without a service pays nothing for it (plan::compare reads an absent
    // cost as 0).
    if (!r.topics.empty()) {
      add(out, "cost.sns", Unit::usd,
          cost.sns_publish.monthly_usd + cost.sns_http_delivery.monthly_usd);
    }
    if (uses(calls, Service::s3)) {
      add(out, "cost.s3", Unit::usd, cost.s3_put.monthly_usd + cost.s3_get.monthly_usd);
    }
    if (!r.functions.empty()) {
      add(out, "cost.lambda", Unit::usd,
          cost.lambda_requests.monthly_usd + cost.lambda_compute.monthly_usd);
    }
    if (cost.kinesis_shards.units > 0) {
      add(out, "cost.kinesis", Unit::usd,
          cost.kinesis_shards.monthly_usd + cost.kinesis_put_units.monthly_usd +
              cost.kinesis_fan_out.monthly_usd);
    }
    if (cost.kafka_brokers.units > 0)
      add(out, "cost.kafka", Unit::usd, cost.kafka_brokers.monthly_usd);
    for (const FleetCost& f : cost.fleets)
      add(out, "cost.fleet." + f.name, Unit::usd, f.monthly_usd);
    for (const ApiCost& api : cost.apis) {
      if (api.cost.price_per_million > 0)
        add(out, "cost.api." + api.name, Unit::usd, api.cost.monthly_usd);
    }
  }
  return out;
}

}  // namespace edasim::report
