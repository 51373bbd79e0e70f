// What one fault did over a run: its window, its own tally, and its impact
// on backlog, detection and drain (sim/model/faults).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

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

// report.json's fields of a fault impact from `retried` on, in order (the
// fault's name, kind, window and detection times come first, from its
// FaultWindow and the alarms).
std::span<const Field<FaultImpact>> fault_impact_fields();

}  // namespace edasim::model
