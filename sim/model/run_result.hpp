// What one simulated run measured: the input to every report.
//
// Everything here is plain data, in a deterministic order (components in the
// order the scenario declares them, API calls sorted by component then kind),
// so two runs with the same scenario and seed produce equal results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/metrics/time_series.hpp"
#include "sim/model/api.hpp"
#include "sim/model/system_config.hpp"

namespace edasim {

// Conservation. Each produced event is still on its way to the bus (batched
// in its producer or in transit, or waiting for a throttled stream write to
// be retried), unrouted (no rule matched, so the bus discarded it), rejected
// at ingest (too large), throttled (dropped after throttled retries, by a
// producer or by a stream), or routed as one copy per target. A record written to a stream
// is one copy per consumer group reading it (one if no group does):
// processed when the group first processes it, expired when retention
// deletes it before that, in flight otherwise. Every copy ends in exactly
// one state:
//   produced = awaiting_routing + unrouted + rejected_at_ingest + throttled
//              + routed_events
//   copies   = processed + dlq + expired + rejected + in_flight
struct EventTotals {
  std::uint64_t produced = 0;
  std::uint64_t awaiting_routing = 0;      // batched or in transit at the end
  std::uint64_t unrouted = 0;              // matched no rule
  std::uint64_t rejected_at_ingest = 0;    // refused by the bus or queue (size)
  std::uint64_t throttled = 0;             // dropped by a producer after throttled retries
  std::uint64_t routed_events = 0;         // events that matched >= 1 target
  std::uint64_t copies = 0;                // messages created by routing/sending
  std::uint64_t processed = 0;             // processed successfully and deleted
  std::uint64_t dlq = 0;                   // sitting in a dead-letter queue at the end
  std::uint64_t expired = 0;               // deleted by retention
  std::uint64_t rejected = 0;              // copies refused by a target queue
  std::uint64_t in_flight = 0;             // anywhere else in the system at the end
  std::uint64_t duplicates_delivered = 0;  // deliveries of a message already processed
  // Successful processings of a message beyond its first: at-least-once
  // duplicates, and messages whose visibility timeout ended while a consumer
  // was still working on them.
  std::uint64_t duplicates_processed = 0;
  std::uint64_t redriven = 0;              // moves from a DLQ back to a source queue
  std::uint64_t recovered_by_redrive = 0;  // redriven copies then processed

  bool balanced() const {
    return produced ==
               awaiting_routing + unrouted + rejected_at_ingest + throttled + routed_events &&
           copies == processed + dlq + expired + rejected + in_flight;
  }
};

struct CallLine {
  std::string component;  // "producer:orders", "queue:fraud", "consumer:fraud"
  std::string kind;       // "PutEvents", "ReceiveMessage", "inventory.GetStock", ...
  std::uint64_t calls = 0;
  std::uint64_t billing_units = 0;  // 64 KB chunks for AWS requests; = calls otherwise
};

struct QueueResult {
  std::string name;
  bool is_dead_letter_queue = false;
  // Messages sent to the queue. As in CloudWatch, automatic moves into a DLQ
  // are not sends: they show as the source queue's moved_to_dlq.
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::uint64_t deleted = 0;
  std::uint64_t moved_to_dlq = 0;
  std::uint64_t expired = 0;
  std::uint64_t empty_receives = 0;
  std::uint64_t redriven_out = 0;               // moved back to their sources (on a DLQ)
  std::uint64_t redriven_in = 0;                // received back from a DLQ redrive
  std::uint64_t received_over_limit = 0;        // short polls refused with OverLimit
  std::uint64_t repushed_in = 0;                // of `sent`, consumers' re-pushes of a message
  std::uint64_t dead_lettered_by_consumer = 0;  // sent to the DLQ by a consumer (re-push)
  std::uint64_t max_depth = 0;                  // visible + in flight + delayed
  Duration max_age;                             // oldest visible message
  std::uint64_t final_visible = 0, final_in_flight = 0, final_delayed = 0;
};

// A fleet that is a plain queueing station: Poisson arrivals from a single
// producer straight into its queue, one message per receive, long polling,
// no failures, outages, delays or latencies. Closed forms apply to it, and
// the reports set them beside the simulation.
struct StationParameters {
  double arrival_rate = 0;  // per second
  double service_mean = 0;  // seconds
  double service_scv = 0;   // squared coefficient of variation
  bool exponential_service = false;
  std::int64_t servers = 0;
};

struct FleetResult {
  std::string name;
  std::string queue;
  std::int64_t pollers = 0;
  std::uint64_t processed = 0;          // successful attempts
  std::uint64_t failed = 0;             // failed attempts (transient, downstream or poison)
  std::uint64_t failed_downstream = 0;  // of those, attempts a downstream call failed
  std::uint64_t retries = 0;            // in-process retries (attempts beyond the first)
  std::uint64_t repushed = 0;           // messages re-pushed to their queue
  std::uint64_t dead_lettered = 0;      // messages the fleet sent to the DLQ itself
  // Messages held (received, not finished or not yet deleted) when an
  // instance stopped or crashed: they return after their visibility timeout.
  std::uint64_t abandoned = 0;
  std::uint64_t crashes = 0;  // instance crashes
  double utilization = 0;     // busy poller time / (pollers x run time)
  Histogram queue_wait;       // sent to the queue -> received (per attempt)
  Histogram processing;       // per attempt
  Histogram end_to_end;       // produced -> processed successfully
  std::optional<StationParameters> station;
};

// What one Lambda function and its SQS event source mapping did.
struct FunctionResult {
  std::string name;
  std::string queue;
  std::uint64_t invocations = 0;        // invocations started (billed requests)
  std::uint64_t throttles = 0;          // invoke attempts refused for lack of concurrency
  std::uint64_t throttled_batches = 0;  // batches given up after throttling
  std::uint64_t cold_starts = 0;        // invocations that started a new environment
  std::uint64_t timeouts = 0;           // invocations stopped at the function timeout
  std::uint64_t failed_batches = 0;     // invocations whose whole batch returned
  std::uint64_t partial_failures = 0;   // invocations that reported some items failed
  std::uint64_t processed = 0;          // messages processed successfully
  std::uint64_t failed = 0;             // message attempts that failed
  std::uint64_t returned = 0;           // messages given back undeleted with their batch
  std::int32_t peak_concurrency = 0;    // most pollers the ESM ran at once
  std::int32_t peak_executions = 0;     // most invocations running at once
  std::int32_t memory_mb = 0;
  std::uint64_t billed_ns = 0;  // billed duration, all invocations
  double gb_seconds = 0;        // billed duration x memory
  Histogram duration;           // per invocation, initialisation included
  Histogram cold_start;         // initialisation time of new environments
  Histogram queue_wait;         // sent to the queue -> received (per attempt)
  Histogram end_to_end;         // produced -> processed successfully
};

// What one stream (a Kafka topic or a Kinesis data stream) took in.
struct StreamResult {
  std::string name;
  std::string kind;  // "kafka" or "kinesis"
  std::int32_t partitions = 0;
  std::int32_t brokers = 0;                  // Kafka only
  std::uint64_t records = 0;                 // writes accepted
  std::uint64_t bytes = 0;                   // bytes accepted
  std::uint64_t throttled = 0;               // write attempts over a partition's limit
  std::uint64_t retried = 0;                 // of those, attempts later made again
  std::uint64_t dropped = 0;                 // records given up after max_retries
  std::uint64_t put_units = 0;               // Kinesis PUT payload units (25 KB each)
  std::uint64_t peak_partition_records = 0;  // most records one partition took in one second
  std::int64_t peak_partition_bytes = 0;     // most bytes one partition took in one second
  std::int32_t enhanced_fan_out_consumers = 0;
};

// What one consumer group did on its stream.
struct ConsumerGroupResult {
  std::string name;
  std::string stream;
  std::int32_t consumers = 0;       // alive at the end
  std::uint64_t processed = 0;      // records processed for the first time
  std::uint64_t reprocessed = 0;    // records processed again after a failure (duplicates)
  std::uint64_t expired = 0;        // records retention deleted before the group processed them
  std::uint64_t fetches = 0;        // Fetch / GetRecords calls
  std::uint64_t empty_fetches = 0;  // of those, calls that returned nothing
  std::uint64_t rebalances = 0;
  Duration paused;            // partition-time spent paused by rebalances
  std::uint64_t max_lag = 0;  // records written but not committed, sampled
  Duration max_iterator_age;  // age of the next record to read, sampled
  std::uint64_t final_lag = 0;
  Histogram end_to_end;  // produced -> processed (first time)
};

// What one producer emitted. The fingerprint hashes the time, number and size
// of every event in order: two runs whose producers have equal fingerprints
// were fed the same workload (common random numbers at work).
struct ProducerResult {
  std::string name;
  std::uint64_t produced = 0;
  std::uint64_t fingerprint = 0;
};

// One fault of the scenario (an outage, a brownout, throttling, a crash
// rate, ...) and its window, so reports can set per-fault figures beside it.
struct FaultWindow {
  std::string name;
  std::string kind;    // "consumer_outage", "downstream_outage", ...
  std::string target;  // the component it hits ("consumer:email", "api:payments")
  Duration start;
  Duration duration;
};

// What one bus did, as CloudWatch counts it for EventBridge.
struct BusResult {
  std::string name;
  std::uint64_t put_events_entries = 0;    // entries accepted by PutEvents
  std::uint64_t matched_events = 0;        // entries that matched >= 1 rule
  std::uint64_t invocations = 0;           // deliveries attempted to targets
  std::uint64_t failed_invocations = 0;    // deliveries that gave up (dropped or to a DLQ)
  std::uint64_t throttled_put_events = 0;  // entries refused by the PutEvents quota (each attempt)
  std::uint64_t delayed_invocations = 0;   // deliveries held back by the invocations quota
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
  EventTotals events;
  std::vector<CallLine> calls;
  Histogram end_to_end;  // all fleets together
  std::vector<QueueResult> queues;
  std::vector<FleetResult> fleets;
  std::vector<BusResult> buses;
  std::vector<FunctionResult> functions;
  std::vector<StreamResult> streams;
  std::vector<ConsumerGroupResult> groups;
  std::vector<ProducerResult> producers;
  std::vector<FaultWindow> faults;  // in the order the scenario declares them
  std::vector<ApiResult> apis;      // in the order the scenario declares them
  // Columns "<queue>.visible", "<queue>.in_flight", "<queue>.oldest_age_s",
  // then "<function>.concurrency" and "<function>.executions", then
  // "<group>.lag" and "<group>.iterator_age_s".
  TimeSeries series{minutes(1)};
};

// The calls one component made of one kind (0 if none).
inline std::uint64_t calls_made(const RunResult& r, std::string_view component,
                                std::string_view kind) {
  for (const CallLine& c : r.calls) {
    if (c.component == component && c.kind == kind) return c.calls;
  }
  return 0;
}

}  // namespace edasim
