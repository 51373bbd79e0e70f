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
#include "sim/metrics/metric_store.hpp"
#include "sim/metrics/time_series.hpp"
#include "sim/model/requests/api.hpp"
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
//   copies   = processed + discarded + dlq + expired + rejected + deduplicated
//              + dropped_by_bus + in_flight
// A bus delivery awaiting a retry is in flight; one the bus gave up on is in
// its target's dead-letter queue (dlq) or dropped_by_bus.
struct EventTotals {
  std::uint64_t produced = 0;
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
  std::uint64_t rejected = 0;              // copies refused by a target queue
  std::uint64_t deduplicated = 0;          // FIFO sends accepted and dropped as duplicates
  std::uint64_t dropped_by_bus = 0;        // target deliveries given up with no target DLQ
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
           in_flight;
  }
  bool balanced() const { return produced == event_fates() && copies == copy_fates(); }
};

struct CallLine {
  std::string component;  // "producer:orders", "queue:fraud", "consumer:fraud"
  std::string kind;       // "PutEvents", "ReceiveMessage", "inventory.GetStock", ...
  std::uint64_t calls = 0;
  std::uint64_t billing_units = 0;  // 64 KB chunks for AWS requests; = calls otherwise
  bool fifo = false;                // SQS calls on FIFO queues (billed at the FIFO price)
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
  std::uint64_t rejected = 0;  // sends refused: larger than max_message_size
  std::uint64_t empty_receives = 0;
  std::uint64_t redriven_out = 0;               // moved back to their sources (on a DLQ)
  std::uint64_t redriven_in = 0;                // received back from a DLQ redrive
  std::uint64_t received_over_limit = 0;        // short polls refused with OverLimit
  std::uint64_t repushed_in = 0;                // of `sent`, consumers' re-pushes of a message
  std::uint64_t dead_lettered_by_consumer = 0;  // sent to the DLQ by a consumer (re-push)
  bool fifo = false;
  std::uint64_t deduplicated = 0;          // FIFO: sends dropped as duplicates in the window
  std::uint64_t throttled_sends = 0;       // FIFO: messages of send calls over the quota
  std::uint64_t throttled_receives = 0;    // FIFO: receive calls over the quota
  std::uint64_t max_groups_in_flight = 0;  // FIFO: most message groups in flight at once
  std::uint64_t max_depth = 0;             // visible + in flight + delayed
  Duration max_age;                        // oldest visible message
  std::uint64_t final_visible = 0, final_in_flight = 0, final_delayed = 0;
  std::vector<Duration> redrive_starts;  // when each redrive task began (on a DLQ)
};

// A fleet that is a plain queueing station: Poisson arrivals from a single
// producer straight into its queue and no other inflow (no bus, topic, other
// queue's dead letters or redrive), the only reader of its queue, one
// message per receive, long polling, an in-flight limit no lower than its
// pollers, a visibility timeout at least 10 times the mean service time, no
// failures, faults, delays or latencies. Closed forms apply to it, and the
// reports set them beside the simulation. Service moments are those of the
// service time as sampled (a normal truncated at zero).
struct StationParameters {
  double arrival_rate = 0;  // per second
  double service_mean = 0;  // seconds
  double service_scv = 0;   // squared coefficient of variation
  bool exponential_service = false;
  std::int64_t servers = 0;
};

// One change of an autoscaled fleet's desired size.
struct ScalingAction {
  Duration at;
  std::int32_t from = 0;
  std::int32_t to = 0;
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
  std::uint64_t crashes = 0;                // instance crashes
  std::uint64_t duplicates_suppressed = 0;  // deliveries its idempotency store skipped
  std::uint64_t discarded = 0;              // unwanted point-to-point copies thrown away
  double utilization = 0;                   // busy poller time / (pollers x run time)
  // As utilization, with the time pollers spend waiting for the answers of
  // receives that brought messages (api_latency): the load the station
  // really carries. SQS deletes and visibility changes take no poller time.
  double utilization_with_sqs = 0;
  Histogram queue_wait;  // sent to the queue -> received (per attempt)
  // Visible in the queue (sent, or back after a failure) -> its processing
  // starts, per delivery: the queue wait, plus the receive's latency, plus
  // the processing of the batch's earlier messages.
  Histogram wait_to_start;
  Histogram processing;  // per attempt
  Histogram end_to_end;  // produced -> processed successfully
  std::optional<StationParameters> station;
  // Why it is no plain station (empty when `station` is set), one clause.
  std::string not_a_station;
  // Fleet size, in instances (running + starting). A fixed fleet has
  // min = max = peak = final = its instances and no actions.
  bool autoscaled = false;
  std::int32_t min_instances = 0;
  std::int32_t max_instances = 0;
  std::int32_t peak_instances = 0;
  std::int32_t final_instances = 0;
  std::uint64_t scale_outs = 0;
  std::uint64_t scale_ins = 0;
  std::vector<ScalingAction> scaling;  // in time order
  // Instance time over the whole run, warm-up included: from launch (start-up
  // included) until the scale-in that removes the instance.
  double instance_hours = 0;
  double price_per_instance_hour = 0;  // from FleetConfig
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

// What one synchronous call chain did.
struct ChainResult {
  std::string name;
  std::uint64_t requests = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;
  // Failed requests by the cause of the call that failed them.
  std::uint64_t failed_errors = 0, failed_timeouts = 0, failed_rejections = 0;
  std::uint64_t in_progress = 0;   // at the end
  std::uint64_t calls = 0;         // attempts, retries included
  std::uint64_t failed_calls = 0;  // attempts that failed (error, timeout, rejection)
  std::uint64_t retries = 0;
  std::uint64_t optional_given_up = 0;  // optional calls that failed for good
  Histogram latency;                    // request to answer, succeeded requests
  Histogram failed_latency;             // request to error, failed requests
};

// One fault of the scenario (an outage, a brownout, throttling, a crash
// rate, ...) and its window, so reports can set per-fault figures beside it.
struct FaultWindow {
  std::string name;
  std::string kind;    // "consumer_outage", "downstream_outage", ...
  std::string target;  // the component it hits ("consumer:email", "api:payments")
  Duration start;
  Duration duration;
  // The consumers whose processing it acts on: its target fleet (poison,
  // consumer_*), or the fleets that call its API (downstream_*).
  std::vector<std::string> consumers{};
  // The synchronous chains it acts on: those with a step calling its API
  // (downstream_*) or publishing to its bus (bus_throttling).
  std::vector<std::string> chains{};
};

// What one fault did, counted where the fault acts, so that two faults over
// the same window never share each other's figures (or unrelated transient
// failures). A message carries the fault whose failure last hit it
// (Message::fault), so the fault also answers for where that message ends:
// a dead-letter queue, a redrive, retention.
struct FaultTally {
  std::string name;
  // Processing attempts that failed because of the fault (a poison event,
  // an error a brownout or outage added), messages a consumer outage or
  // crash abandoned, deliveries a target outage failed, and entries a bus
  // throttled while the fault's lower quota was in force. Each is retried.
  std::uint64_t retried = 0;
  std::uint64_t moved_to_dlq = 0;  // messages it failed, moved or sent to a DLQ
  std::uint64_t redriven = 0;      // of those, moved back from the DLQ
  std::uint64_t recovered = 0;     // of those, processed after the redrive
  std::uint64_t expired = 0;       // messages it failed, then deleted by retention
  std::uint64_t dropped = 0;       // deliveries it failed that a bus gave up with no DLQ
  // Synchronous chains: calls it failed (an error it added, a timeout its
  // slowdown caused, a PutEvents its quota refused), retries included, and
  // the requests those failures failed (a required step out of attempts).
  std::uint64_t failed_calls = 0;
  std::uint64_t failed_requests = 0;
};

// What one rule target did: every delivery attempt, and how the copies that
// failed ended.
struct BusTargetResult {
  std::string rule;
  std::string queue;
  std::string dead_letter_queue;         // empty: none
  std::uint64_t invocations = 0;         // delivery attempts, retries included
  std::uint64_t delivered = 0;           // copies sent to the queue
  std::uint64_t failed_attempts = 0;     // attempts that failed (target_outage)
  std::uint64_t retry_attempts = 0;      // attempts beyond a copy's first
  std::uint64_t failed_invocations = 0;  // copies given up: sent_to_dlq + dropped
  std::uint64_t sent_to_dlq = 0;
  std::uint64_t dropped = 0;
};

// One schema of a bus's registry: the entries whose first failed schema it was.
struct SchemaResult {
  std::string name;
  std::uint64_t mismatched = 0;
};

// What one bus did, as CloudWatch counts it for EventBridge.
struct BusResult {
  std::string name;
  std::uint64_t put_events_entries = 0;   // entries accepted by PutEvents
  std::uint64_t put_events_requests = 0;  // PutEvents requests the quota admitted
  // Of those, the requests admitted beyond the quota's rate over the run:
  // what its bucket's initial second let through, a one-off.
  double put_events_beyond_rate = 0;
  std::uint64_t matched_events = 0;        // entries that matched >= 1 rule
  std::uint64_t invocations = 0;           // delivery attempts to targets, retries included
  std::uint64_t failed_invocations = 0;    // copies given up (dropped or to a target DLQ)
  std::uint64_t throttled_put_events = 0;  // entries refused by the PutEvents quota (each attempt)
  std::uint64_t delayed_invocations = 0;   // deliveries held back by the invocations quota
  std::uint64_t retry_attempts = 0;        // attempts beyond a copy's first
  std::uint64_t sent_to_dlq = 0;           // copies given up into a target's DLQ
  std::uint64_t dropped = 0;               // copies given up with no target DLQ
  // Why copies were given up (the DLQ's EXHAUSTED_RETRY_CONDITION, or an
  // error EventBridge does not retry).
  std::uint64_t exhausted_attempts = 0;  // MaximumRetryAttempts reached
  std::uint64_t exhausted_age = 0;       // MaximumEventAgeInSeconds reached
  std::uint64_t not_retried = 0;         // no_permissions / no_resource
  std::vector<BusTargetResult> targets;  // rule by rule, target by target
  // Schema registry, counted at ingest: entries every applicable schema
  // accepted, and mismatches (delivered anyway, rejected, or quarantined).
  std::uint64_t schema_valid = 0;
  std::uint64_t schema_mismatched = 0;
  std::uint64_t schema_rejected = 0;
  std::uint64_t schema_quarantined = 0;
  std::vector<SchemaResult> schemas;  // in declaration order
};

// What one polling integration did (sim/model/requests/polling.hpp).
struct PollerResult {
  std::string name;
  std::uint64_t polls = 0;           // one per interval
  std::uint64_t empty_polls = 0;     // polls that found no change
  std::uint64_t failed_polls = 0;    // polls ended by a failed list call
  std::uint64_t list_calls = 0;      // one per poll plus one per further page
  std::uint64_t changes = 0;         // changes recorded at its source
  std::uint64_t fetches = 0;         // call-backs for the state of a change
  std::uint64_t failed_fetches = 0;  // fetches that failed (the change waits)
  std::uint64_t processed = 0;       // changes processed
  Histogram end_to_end;              // produced -> processed
};

enum class AlarmState { insufficient_data, ok, alarm };
// "INSUFFICIENT_DATA", "OK", "ALARM".
std::string_view alarm_state_name(AlarmState state);

struct AlarmTransition {
  Duration at;  // the end of the period whose evaluation changed the state
  AlarmState from = AlarmState::insufficient_data;
  AlarmState to = AlarmState::insufficient_data;
  double value = 0;  // the newest datapoint's statistic (NaN when missing)
};

// One alarm: its definition and every change of state. Alarms start in
// INSUFFICIENT_DATA, as CloudWatch's do.
struct AlarmResult {
  AlarmConfig config;
  std::vector<AlarmTransition> transitions;
  AlarmState final_state = AlarmState::insufficient_data;
};

// What one fault did. The counts are the fault's own (FaultTally): what its
// target did because of it, and where the messages it failed ended, never
// another fault's or an unrelated failure. Attempts, processed and
// amplification are those of the consumers it acts on
// (FaultWindow::consumers) during its window, summed over the monitoring
// periods that overlap it. The backlog is the whole system's: "after" runs
// from the fault's start until the next fault starts or the run ends.
struct FaultImpact {
  std::string fault;                  // FaultWindow::name
  std::uint64_t retried = 0;          // FaultTally::retried
  std::uint64_t attempts = 0;         // its consumers' processing attempts during the fault
  std::uint64_t processed = 0;        // of those, successful ones
  std::uint64_t moved_to_dlq = 0;     // FaultTally::moved_to_dlq
  std::uint64_t redriven = 0;         // FaultTally::redriven
  std::uint64_t recovered = 0;        // FaultTally::recovered
  std::uint64_t expired = 0;          // FaultTally::expired
  std::uint64_t dropped = 0;          // FaultTally::dropped
  std::uint64_t failed_calls = 0;     // FaultTally::failed_calls
  std::uint64_t failed_requests = 0;  // FaultTally::failed_requests
  // attempts / processed (>= 1); none without consumers or successes.
  std::optional<double> amplification;
  double backlog_before = 0;  // largest backlog sample in the period before the start
  double backlog_peak = 0;    // largest backlog sample after the start
  Duration backlog_peak_at;
  // From the fault's end to the first sample whose backlog is back to
  // backlog_before; none when it never was by the end of the run.
  std::optional<Duration> time_to_drain;
  // From the fault's start to the first transition into ALARM at or after
  // it: of any alarm, and of each alarm (RunResult::alarms order).
  std::optional<Duration> time_to_detect;
  std::vector<std::optional<Duration>> detect_by_alarm;
};

// What one SNS topic did, as CloudWatch counts it (services.md §3.7).
struct SubscriptionResult {
  std::string name;
  std::string endpoint;               // "sqs:<queue>", "http", "lambda"
  std::uint64_t matched = 0;          // copies the filter accepted
  std::uint64_t delivered = 0;        // NumberOfNotificationsDelivered
  std::uint64_t failed_attempts = 0;  // attempts that failed, retries included
  std::uint64_t to_dlq = 0;           // NumberOfNotificationsRedrivenToDlq
  std::uint64_t discarded = 0;        // retries exhausted, no DLQ
};

struct TopicResult {
  std::string name;
  bool fifo = false;
  std::uint64_t published = 0;  // NumberOfMessagesPublished (entries accepted)
  std::uint64_t throttled = 0;  // entries over the publish quota, each attempt counted
  std::uint64_t dropped = 0;    // throttled entries producers gave up on after retries
  // Entries published beyond the publish quota's rate over the run: what
  // its bucket's initial second let through, a one-off.
  double published_beyond_rate = 0;
  std::uint64_t oversize = 0;      // entries over the message size
  std::uint64_t filtered_out = 0;  // accepted publishes no subscription matched
  std::uint64_t deduplicated = 0;  // FIFO: publishes dropped in the window
  std::vector<SubscriptionResult> subscriptions;
};

// One end-of-run invariant (sim/model/invariants.hpp) and its verdict.
struct InvariantCheck {
  std::string name;                   // as listed in invariants.hpp
  std::string description;            // what it asserts, one sentence
  std::vector<std::string> failures;  // empty: it holds; else what broke it, one line each
  bool holds() const { return failures.empty(); }
};

// The billable counters at one instant of the run, for the rates of a
// declared steady window ([cost]).
struct BillingSnapshot {
  Duration at;
  std::vector<CallLine> calls;
  std::vector<double> fleet_instance_hours;         // RunResult::fleets order
  std::vector<std::uint64_t> function_invocations;  // RunResult::functions order
  std::vector<double> function_gb_seconds;
  std::vector<std::uint64_t> api_admitted;  // RunResult::apis order
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
  std::vector<CallLine> calls;
  Histogram end_to_end;  // all fleets together
  std::vector<QueueResult> queues;
  std::vector<FleetResult> fleets;
  std::vector<BusResult> buses;
  std::vector<FunctionResult> functions;
  std::vector<StreamResult> streams;
  std::vector<ConsumerGroupResult> groups;
  std::vector<TopicResult> topics;
  std::vector<ProducerResult> producers;
  std::vector<ChainResult> chains;
  std::vector<FaultWindow> faults;    // in the order the scenario declares them
  std::vector<ApiResult> apis;        // in the order the scenario declares them
  std::vector<PollerResult> pollers;  // polling integrations, in declaration order
  // Columns "<queue>.visible", "<queue>.in_flight", "<queue>.oldest_age_s",
  // then "<function>.concurrency" and "<function>.executions", then
  // "<group>.lag" and "<group>.iterator_age_s".
  TimeSeries series{minutes(1)};
  // CloudWatch-style metrics, one datapoint per monitoring period (names as
  // in metric_names()).
  MetricStore metrics{minutes(1)};
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

}  // namespace edasim
