// A RunResult built by hand, with figures chosen so that every derived
// number in a report can be worked out on paper (see the comments).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/invariants.hpp"
#include "sim/model/run_result.hpp"

namespace edasim::report::testing {

inline constexpr std::int64_t kMs = 1'000'000;

// One hour of a flash sale: 1,000 events, 990 routed to two targets.
// API calls (EmptyReceive is part of ReceiveMessage and never added):
//   calls 1,950 + 2,100 + 500 + 1,000 + 1,980 = 7,530
//   units 1,950 + 2,100 + 500 + 1,200 + 1,980 = 7,730
//   SQS units 6,030 x 720 (hours in 30 days) = 4,341,600 -> $1.73664
//   EventBridge units 1,200 x 720 = 864,000 -> $0.864
inline model::RunResult sample_run() {
  model::RunResult r;
  r.scenario = "flash-sale";
  r.question = "How deep and how old do queues get in a flash sale?";
  r.seed = 42;
  r.simulated = hours(1);
  r.kernel_events = 123'456;
  r.events.produced = 1000;
  r.events.unrouted = 10;
  r.events.routed_events = 990;
  r.events.copies = 1980;
  r.events.processed = 1950;
  r.events.dlq = 20;
  r.events.in_flight = 10;
  r.events.duplicates_delivered = 3;
  r.events.duplicates_processed = 2;
  r.calls = {
      {"bus:main", "SendMessage", 1980, 1980},
      {"consumer:fraud", "DeleteMessage", 1950, 1950},
      {"consumer:fraud", "EmptyReceive", 100, 100},
      {"consumer:fraud", "ReceiveMessage", 2100, 2100},
      {"consumer:fraud", "inventory.GetStock", 500, 500},
      {"producer:orders", "PutEvents", 1000, 1200},
  };
  // 99 fast deliveries and one slow one: min 10 ms, max 2 s, mean 29.9 ms.
  for (int i = 0; i < 99; ++i) r.end_to_end.record(10 * kMs);
  r.end_to_end.record(2000 * kMs);

  model::QueueResult fraud;
  fraud.name = "fraud";
  fraud.sent = 1980;
  fraud.received = 2100;
  fraud.deleted = 1950;
  fraud.moved_to_dlq = 20;
  fraud.empty_receives = 100;
  fraud.max_depth = 1234;
  fraud.max_age = milliseconds(252'500);
  fraud.final_visible = 4;
  fraud.final_in_flight = 6;
  model::QueueResult dlq;
  dlq.name = "fraud-dlq";
  dlq.dead_letter_queue = true;
  dlq.sent = 20;
  dlq.max_depth = 20;
  dlq.final_visible = 20;
  r.queues = {fraud, dlq};

  model::FleetResult fleet;
  fleet.name = "fraud-check";
  fleet.queue = "fraud";
  fleet.pollers = 8;
  fleet.processed = 1950;
  fleet.failed = 150;
  fleet.utilization = 0.456789;
  // All samples equal, so every quantile is exactly that value.
  for (int i = 0; i < 10; ++i) {
    fleet.queue_wait.record(5 * kMs);
    fleet.processing.record(250 * kMs);
  }
  fleet.end_to_end.merge(r.end_to_end);
  r.fleets = {fleet};

  r.series = metrics::TimeSeries(minutes(1));
  r.series.add_column("fraud.visible");
  r.series.add_column("fraud.in_flight");
  r.series.add_column("fraud.oldest_age_s");
  r.series.add_column("fraud-dlq.visible");
  r.series.add_column("fraud-dlq.in_flight");
  r.series.add_column("fraud-dlq.oldest_age_s");
  for (int m = 1; m <= 60; ++m) {
    const double depth = m < 30 ? 40.0 * m : 40.0 * (60 - m);
    const std::vector<double> row = {depth, 8, depth / 10, m / 3.0, 0, 60.0 * m};
    r.series.append_row(Time::zero() + minutes(m), row);
  }
  // As System::result() does, once the figures are complete.
  r.invariants = check_invariants(r);
  return r;
}

// The sample run with monitoring: run.Offered and run.Processed per minute,
// one alarm that fires at 20m and clears at 40m, and one fault from 18m to
// 30m that it detects after 2 minutes.
inline model::RunResult monitored_run() {
  model::RunResult r = sample_run();
  r.metrics = metrics::MetricStore(minutes(1));
  const std::size_t offered = r.metrics.add_metric("run.Offered");
  const std::size_t processed = r.metrics.add_metric("run.Processed");
  for (int m = 1; m <= 60; ++m) {
    r.metrics.record(offered, 600);
    r.metrics.record(processed, m >= 18 && m < 30 ? 60 : 600);
    r.metrics.close_period(Time::zero() + minutes(m));
  }
  model::AlarmResult a;
  a.config.name = "fraud-dlq-not-empty";
  a.config.metric = "run.Processed";
  a.config.statistic = metrics::Statistic::maximum;
  a.config.threshold = 0;
  a.transitions = {{minutes(1), model::AlarmState::insufficient_data, model::AlarmState::ok, 600},
                   {minutes(20), model::AlarmState::ok, model::AlarmState::alarm, 60},
                   {minutes(40), model::AlarmState::alarm, model::AlarmState::ok, 600}};
  a.final_state = model::AlarmState::ok;
  r.alarms = {a};
  r.faults = {model::FaultWindow{"fraud outage", "consumer_outage", "consumer:fraud-check",
                                 minutes(18), minutes(12)}};
  model::FaultImpact f;
  f.fault = "fraud outage";
  f.retried = 150;
  f.attempts = 200;
  f.processed = 50;
  f.amplification = 4.0;
  f.moved_to_dlq = 20;
  f.backlog_before = 3;
  f.backlog_peak = 1160;
  f.backlog_peak_at = minutes(29);
  f.time_to_drain = std::nullopt;
  f.time_to_detect = minutes(2);
  f.detect_by_alarm = {minutes(2)};
  r.fault_impacts = {f};
  r.amplification = 1.0769;
  r.invariants = check_invariants(r);
  return r;
}

}  // namespace edasim::report::testing
