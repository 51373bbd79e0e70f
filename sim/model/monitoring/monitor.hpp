// The monitoring of one running system: CloudWatch-style metrics of every
// queue, fleet and bus, sampled on a fixed clock, and the alarms on them.
//
// Every `sample_every` the monitor samples each metric: a gauge's value (the
// depth of a queue, the age of its oldest message) or a counter's increase
// since the previous sample (messages sent, failed attempts). Each period it
// closes one datapoint per metric and evaluates every alarm; when an alarm
// returns from ALARM to OK, the redrives that wait on it start.
//
// Which metrics exist is fixed by the design (metric_names()); which are
// missing in a period follows the services: SQS sends nothing for a queue
// inactive for `queue_inactive_after`, EventBridge sends its counters only
// when they are not zero. Consumers' and run-wide metrics are always sent.
//
// The monitor draws no random numbers and changes nothing it watches (other
// than starting redrives), so adding it shifts no other component's results.
// Sampling allocates nothing once the run has started.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/metrics/metric_store.hpp"
#include "sim/model/bus/bus.hpp"
#include "sim/model/consumers/fleet.hpp"
#include "sim/model/monitoring/alarm.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/run_result.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/system_config.hpp"

namespace edasim::model {

// Every metric a design has, in the order the monitor records them:
//   queue.<q>.ApproximateNumberOfMessagesVisible, ...NotVisible, ...Delayed,
//     ApproximateAgeOfOldestMessage (s), NumberOfMessagesSent,
//     NumberOfMessagesReceived, NumberOfMessagesDeleted, NumberOfEmptyReceives
//   consumer.<f>.Processed, consumer.<f>.Errors, and for an autoscaled
//     fleet GroupDesiredCapacity (running or starting instances) and
//     GroupInServiceInstances (running)
//   bus.<b>.MatchedEvents, Invocations, FailedInvocations,
//     PutEventsApproximateThrottledCount, RetryInvocationAttempts,
//     InvocationsSentToDlq, ThrottledRules
//   run.Produced, Offered, Processed, Attempts, Failed, MovedToDLQ, Redriven,
//     RecoveredByRedrive, Expired, Dropped, Backlog
std::vector<std::string> metric_names(const SystemConfig& config);

class Monitor final : public core::Component {
 public:
  // What a metric reads, whether it is a counter (sampled as its increase)
  // or a gauge, and when the service sends it.
  enum class Reading : std::uint8_t {
    visible,
    not_visible,
    delayed,
    oldest_age,
    sent,
    received,
    deleted,
    empty_receives,
    processed,
    errors,
    desired_instances,
    running_instances,
    matched,
    invocations,
    failed_invocations,
    throttled_put_events,
    retry_invocation_attempts,
    invocations_sent_to_dlq,
    throttled_rules,
    run_produced,
    run_offered,
    run_processed,
    run_attempts,
    run_failed,
    run_moved_to_dlq,
    run_redriven,
    run_recovered,
    run_expired,
    run_dropped,
    run_backlog,
  };
  enum class Sent : std::uint8_t { always, when_queue_active, when_not_zero };
  struct Probe {
    Reading reading;
    bool counter;
    Sent sent;
    std::uint32_t index;  // the queue, fleet or bus read
    double last = 0;      // a counter's value at the previous sample
  };

  // The pointers are the system's components, by index; they outlive the
  // monitor.
  Monitor(const SystemConfig& config, core::Kernel& kernel, const Books& books,
          std::vector<Queue*> queues, std::vector<Fleet*> fleets, std::vector<Bus*> buses);

  void attach(core::ComponentId id) { id_ = id; }
  // Schedules the first sample; nothing is sampled at time zero.
  void start();
  void handle(core::Kernel& kernel, const core::Event& event) override;

  const metrics::MetricStore& metrics() const { return store_; }
  std::vector<AlarmResult> alarms() const;
  const std::vector<Time>& backlog_times() const { return backlog_times_; }
  const std::vector<double>& backlog() const { return backlog_; }

 private:
  double read(const Probe& probe) const;
  void sample();
  void close_period();

  core::Kernel& kernel_;
  const Books& books_;
  std::vector<Queue*> queues_;
  std::vector<Fleet*> fleets_;
  std::vector<Bus*> buses_;
  MonitoringConfig config_;
  Time end_;
  core::ComponentId id_ = 0;
  std::int64_t samples_per_period_ = 1;
  std::int64_t samples_ = 0;

  metrics::MetricStore store_;
  std::vector<Probe> probes_;           // one per metric, in store order
  std::vector<Time> queue_active_;      // last time each queue was active
  std::vector<double> queue_activity_;  // each queue's call and message totals
  std::vector<double> oldest_age_;      // per queue, read once per sample

  std::vector<AlarmConfig> alarm_configs_;
  std::vector<AlarmEvaluator> evaluators_;
  std::vector<std::size_t> alarm_metrics_;
  std::vector<std::vector<AlarmTransition>> transitions_;

  std::vector<Time> backlog_times_;
  std::vector<double> backlog_;
};

// The time from `fault_end` to the first sample at or after it whose backlog
// is at most `level`; none when no such sample exists.
std::optional<Duration> time_to_drain(std::span<const Time> times, std::span<const double> backlog,
                                      Time fault_end, double level);

// Each fault's impact, from its tally (`tallies`, in RunResult::faults
// order), its consumers' metrics, the backlog samples and the alarms of a
// finished run (RunResult::fault_impacts).
std::vector<FaultImpact> fault_impacts(const RunResult& result,
                                       std::span<const FaultTally> tallies);

}  // namespace edasim::model
