// What one Step Functions state machine did over a run
// (sim/model/state_machines): its executions' outcomes, as CloudWatch's
// AWS/States execution metrics count them (services.md §10.8), the state
// transitions they made and what they cost.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/metrics/histogram.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

struct StateMachineResult {
  std::string name;
  std::string type;  // "standard" or "express"
  // Conservation: started = succeeded + failed + timed_out + running.
  std::uint64_t started = 0;    // ExecutionsStarted
  std::uint64_t succeeded = 0;  // ExecutionsSucceeded
  std::uint64_t failed = 0;     // ExecutionsFailed (history cap included)
  std::uint64_t timed_out = 0;  // ExecutionsTimedOut
  std::uint64_t running = 0;    // open when the run ended
  // StartExecution requests the quota refused (each retry of the sender's
  // counts again), and the starts the sender gave up after its retries.
  std::uint64_t throttled = 0;
  std::uint64_t throttled_given_up = 0;
  // Of `failed`, those whose history passed the Standard cap (§10.1).
  std::uint64_t history_exceeded = 0;
  // Billed state transitions: every state entered and every retry (§10.2).
  std::uint64_t transitions = 0;
  // Standard: transitions the account's StateTransition bucket held back
  // (CloudWatch's ExecutionThrottled), the time they waited in all, and
  // each one's wait.
  std::uint64_t throttled_transitions = 0;
  double transition_throttle_seconds = 0;
  metrics::Histogram transition_throttle;
  std::uint64_t retries = 0;        // Task retries (each also a transition)
  std::uint64_t caught = 0;         // errors a Catch routed on
  std::uint64_t task_timeouts = 0;  // Task attempts failed with States.Timeout
  // Express: billed duration (rounded up to 100 ms) times billed memory
  // (rounded up to 64 MB), of the executions that closed.
  double billed_gb_seconds = 0;
  double cost_usd = 0;                 // this run's bill, at list prices (§10.7)
  metrics::Histogram duration;         // start to close, executions that succeeded
  metrics::Histogram failed_duration;  // start to close, failed or timed out
  // Entries of each state, in the order the scenario declares them.
  std::vector<std::string> state_names;
  std::vector<std::uint64_t> state_entries;
};

// report.json's fields of a state machine, in order, and its latency blocks.
std::span<const Field<StateMachineResult>> state_machine_fields();
std::span<const LatencyField<StateMachineResult>> state_machine_latencies();

}  // namespace edasim::model
