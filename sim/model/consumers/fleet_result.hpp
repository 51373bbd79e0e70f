// What one consumer fleet did over a run: attempts and their outcomes, its
// latencies, its size when autoscaled, and whether closed forms apply to it
// (sim/model/consumers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

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
  // Whether it counts duplicates (FleetConfig::duplicates), and how many
  // successful processings were of an event it had processed before.
  bool counts_duplicates = false;
  std::uint64_t duplicates = 0;
  std::uint64_t discarded = 0;              // unwanted point-to-point copies thrown away
  // Messages first processed after a later message of their group, and the
  // groups processed (GroupOrder); both 0 when no message carried a group.
  // `grouped`: its queue's messages carry a group (the design says so, or
  // some did), so the reports show both.
  bool grouped = false;
  std::uint64_t out_of_order = 0;
  std::uint64_t groups = 0;
  double utilization = 0;                   // busy poller time / (pollers x run time)
  // As utilization, with the time pollers spend waiting for the answers of
  // receives that brought messages (api_latency): the load the station
  // really carries. SQS deletes and visibility changes take no poller time.
  double utilization_with_sqs = 0;
  metrics::Histogram queue_wait;  // sent to the queue -> received (per attempt)
  // Visible in the queue (sent, or back after a failure) -> its processing
  // starts, per delivery: the queue wait, plus the receive's latency, plus
  // the processing of the batch's earlier messages.
  metrics::Histogram wait_to_start;
  metrics::Histogram processing;  // per attempt
  // The root event's production -> processed successfully (the message's
  // own production when a producer sent it; see Cause).
  metrics::Histogram end_to_end;
  // The message's own event produced -> processed successfully, measured
  // when the design emits (else empty).
  metrics::Histogram stage;
  std::uint64_t emitted = 0;  // events its emit list made
  // With a `late_after` (else zero): first successful processings whose
  // end-to-end latency exceeded it, after the warm-up as the latencies.
  Duration late_after;
  std::uint64_t late = 0;
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

// report.json's fields of a fleet, in order; the `autoscaling` object's,
// written when the fleet autoscales; its latency blocks (`latency_ms`).
std::span<const Field<FleetResult>> fleet_fields();
std::span<const Field<FleetResult>> fleet_autoscaling_fields();
std::span<const LatencyField<FleetResult>> fleet_latencies();

}  // namespace edasim::model
