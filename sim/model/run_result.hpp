// What one simulated run measured: the input to every report.
//
// Everything here is plain data, in a deterministic order (components in the
// order the scenario declares them, API calls sorted by component then kind),
// so two runs with the same scenario and seed produce equal results.
//
// Each kind's result struct lives beside the kind (queues/queue_result.hpp,
// consumers/fleet_result.hpp, ...); this header gathers them into RunResult
// with what belongs to the run as a whole: the event totals, API calls,
// billing snapshots and invariant verdicts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/metrics/metric_store.hpp"
#include "sim/metrics/time_series.hpp"
#include "sim/model/kind_headers.hpp"  // written by CMakeLists.txt: every kind's config and result
#include "sim/model/monitoring/alarm_result.hpp"
#include "sim/model/support/result_field.hpp"
#include "sim/model/system_config.hpp"

namespace edasim::model {

// Conservation. Each produced event is still on its way to the bus (batched
// in its producer or in transit, or waiting for a throttled stream write to
// be retried), unrouted (no rule matched, so the bus discarded it), rejected
// at ingest (too large), throttled (dropped after throttled retries, by a
// producer or by a stream), or routed as one copy per target. A record written to a stream
// is one copy per consumer group reading it (one if no group does):
// processed when the group first processes it, expired when retention
// deletes it before that, in flight otherwise. Every copy ends in exactly
// one state:
//   produced + emitted = awaiting_routing + unrouted + rejected_at_ingest
//              + throttled + routed_events
//   copies   = processed + discarded + dlq + expired + rejected + deduplicated
//              + dropped_by_bus + abandoned + in_flight
// A bus delivery awaiting a retry is in flight; one the bus gave up on is in
// its target's dead-letter queue (dlq) or dropped_by_bus.
struct EventTotals {
  std::uint64_t produced = 0;
  // Events consumers made while processing (an `emit` list): new events
  // with a known parent, which then take the same ways as produced ones.
  std::uint64_t emitted = 0;
  std::uint64_t awaiting_routing = 0;    // batched or in transit at the end
  std::uint64_t unrouted = 0;            // matched no rule
  std::uint64_t rejected_at_ingest = 0;  // refused by the bus or queue (size)
  std::uint64_t throttled = 0;           // dropped by a producer after throttled retries
  std::uint64_t failed_requests = 0;  // synchronous requests that failed (the caller got an error)
  std::uint64_t routed_events = 0;    // events that matched >= 1 target
  std::uint64_t copies = 0;           // messages created by routing/sending
  std::uint64_t processed = 0;        // processed successfully and deleted
  // Point-to-point copies a consumer received, processed for its discard
  // time and deleted because it does not want the event: handled, not lost.
  std::uint64_t discarded = 0;
  std::uint64_t dlq = 0;                   // sitting in a dead-letter queue at the end
  std::uint64_t expired = 0;               // deleted by retention
  std::uint64_t rejected =
      0;  // copies refused by their target (a full queue, a topic, a failed execution it relayed)
  std::uint64_t deduplicated = 0;          // FIFO sends accepted and dropped as duplicates
  // Target deliveries given up with no target DLQ, and copies refused a
  // second bus-to-bus hop (EventBridge routes across one).
  std::uint64_t dropped_by_bus = 0;
  // Stream records an event source mapping discarded unprocessed (retries
  // or record age used up).
  std::uint64_t abandoned = 0;
  std::uint64_t in_flight = 0;             // anywhere else in the system at the end
  std::uint64_t duplicates_delivered = 0;  // deliveries of a message already processed
  // Successful processings of a message beyond its first: at-least-once
  // duplicates, and messages whose visibility timeout ended while a consumer
  // was still working on them.
  std::uint64_t duplicates_processed = 0;
  // Deliveries an idempotency store recognised and deleted unprocessed.
  std::uint64_t duplicates_suppressed = 0;
  std::uint64_t redriven = 0;              // moves from a DLQ back to a source queue
  std::uint64_t recovered_by_redrive = 0;  // redriven copies then processed

  // The right-hand sides of the two equations.
  std::uint64_t event_fates() const {
    return awaiting_routing + unrouted + rejected_at_ingest + throttled + failed_requests +
           routed_events;
  }
  std::uint64_t copy_fates() const {
    return processed + discarded + dlq + expired + rejected + deduplicated + dropped_by_bus +
           abandoned + in_flight;
  }
  bool balanced() const { return produced + emitted == event_fates() && copies == copy_fates(); }
};

// report.json's `events` fields, in order; `lost` is a study measure only.
std::span<const Field<EventTotals>> event_fields();

// One flow's end: the events a producer made (its roots) and the events
// emitted because of them, where they end at one processing component (a
// successful processing that emits nothing; every processing of a component
// without an emit list), with the latency from the root's production to that
// component's first successful processing (sim/model/support/flow_ends.hpp).
struct FlowResult {
  std::string producer;
  // What ends the flow, as report.json's key for it names its kind:
  // "fleet", "function" or "consumer_group".
  std::string kind;
  std::string component;
  metrics::Histogram latency;
};

struct CallLine {
  std::string component;  // "producer:orders", "queue:fraud", "consumer:fraud"
  std::string kind;       // "PutEvents", "ReceiveMessage", "inventory.GetStock", ...
  std::uint64_t calls = 0;
  std::uint64_t billing_units = 0;  // 64 KB chunks for AWS requests; = calls otherwise
  bool fifo = false;                // SQS calls on FIFO queues (billed at the FIFO price)
};

// One end-of-run invariant (sim/model/invariants.hpp) and its verdict.
struct InvariantCheck {
  std::string name;                   // as listed in invariants.hpp
  std::string description;            // what it asserts, one sentence
  std::vector<std::string> failures;  // empty: it holds; else what broke it, one line each
  bool holds() const { return failures.empty(); }
};

// One quantity a component bills by besides its API calls (a fleet's
// instance-hours, a function's GB-seconds), as used from the start of the
// run to a snapshot.
struct Meter {
  std::string component;  // "<table>.<name>", as study measures name it
  std::string quantity;   // "instance_hours", "gb_seconds", ...
  double value = 0;
};

// The billable counters at one instant of the run, for the rates of a
// declared steady window ([cost]).
struct BillingSnapshot {
  Duration at;
  std::vector<CallLine> calls;
  std::vector<Meter> meters;  // in build order (each Part::bill)

  // A meter's value; 0 when the snapshot holds no such meter (one never
  // taken, or a component that has not used it).
  double reading(std::string_view component, std::string_view quantity) const;
};

struct RunResult {
  std::string scenario;
  std::string question;
  std::uint64_t seed = 0;
  Duration simulated;
  // Latencies, utilizations and maxima describe the run after this warm-up.
  Duration warmup;
  std::uint64_t kernel_events = 0;
  Prices prices;
  // The scenario's declared typical month ([cost]); with a steady rest of
  // the month, the billable counters at its window's start and end.
  std::optional<CostConfig> cost;
  BillingSnapshot steady_from, steady_to;
  EventTotals events;
  // Whether some component emits events (an `emit` list): report.json then
  // carries the emitted counts, the fleets' stage latencies and `flows`.
  bool emits = false;
  std::vector<FlowResult>
      flows;  // by producer, then fleets, functions, groups in declaration order
  std::vector<CallLine> calls;
  metrics::Histogram end_to_end;  // all fleets together
  // The components' results, one vector per registered kind
  // (sim/model/kinds.def), each in the order the scenario declares them.
#define EDASIM_KIND(table, Config, member, Result, receives) std::vector<Result> member;
#include "sim/model/kinds.def"
  // Columns "end_to_end.p50_ms" and "end_to_end.p99_ms" (the latency of
  // what finished in each period; empty when nothing did), then each
  // kind's gauges: "<queue>.visible", "<queue>.in_flight",
  // "<queue>.oldest_age_s", an autoscaled "<fleet>.instances" and
  // "<fleet>.running", "<function>.concurrency" and "<function>.executions",
  // "<group>.lag" and "<group>.iterator_age_s".
  metrics::TimeSeries series{minutes(1)};
  // CloudWatch-style metrics, one datapoint per monitoring period (names as
  // in metric_names()).
  metrics::MetricStore metrics{minutes(1)};
  // The backlog (visible + in flight + delayed in queues that are not DLQs)
  // at each metric sample, for drain times.
  std::vector<Time> backlog_times;
  std::vector<double> backlog;
  std::vector<AlarmResult> alarms;         // in the order the scenario declares them
  std::vector<FaultImpact> fault_impacts;  // one per fault, in RunResult::faults order
  // Processing attempts per successful processing, over the whole run, of
  // the consumer fleets and Lambda functions together: (successful + failed
  // attempts) / successful attempts, so never below 1. Stream records and
  // SNS deliveries, which no consumer attempted, are in neither.
  std::optional<double> amplification;
  // The end-of-run invariants, checked once when the run's result is
  // complete (System::result), in check_invariants' order; every report
  // reads them here. Empty: never checked (a result built by hand).
  std::vector<InvariantCheck> invariants;
};

// The calls one component made of one kind (0 if none).
inline std::uint64_t calls_made(const RunResult& r, std::string_view component,
                                std::string_view kind) {
  for (const CallLine& c : r.calls) {
    if (c.component == component && c.kind == kind) return c.calls;
  }
  return 0;
}

}  // namespace edasim::model
