// The monitor: CloudWatch-style metrics of a running system, the alarms on
// them, the redrive that waits on an alarm, and the per-fault figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/model/system.hpp"
#include "tests/model/email_outage.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;

namespace {

// The shared email outage, sampled every `sample_every`, with continuous
// latencies (no two events at a period's end) and one message per receive
// (a success is deleted the moment it ends, so no success before the outage
// is counted inside it).
SystemConfig outage(Duration sample_every = seconds(10)) {
  SystemConfig s = testing::email_outage();
  s.name = "monitor-test";
  s.seed = 11;
  s.duration = minutes(20);
  s.monitoring.period = minutes(1);
  s.monitoring.sample_every = sample_every;
  s.queues[0].api_latency = DurationDistribution(Distribution::exponential(0.002));
  s.fleets[0].batch_size = 1;
  s.fleets[0].processing = DurationDistribution(Distribution::lognormal_median(0.02, 0.3));
  return s;
}

AlarmConfig errors_alarm() {
  AlarmConfig a;
  a.name = "mailer-errors";
  a.metric = "consumer.mailer.Errors";
  a.statistic = Statistic::sum;
  a.threshold = 0;
  a.comparison = Comparison::greater;
  return a;
}

double total(const RunResult& r, const std::string& metric) {
  const auto m = r.metrics.find(metric);
  REQUIRE(m);
  return r.metrics.total(*m);
}

}  // namespace

TEST_CASE("every metric of a design has a name of kind, component and metric", "[monitor]") {
  const auto names = metric_names(outage());
  CHECK(std::count(names.begin(), names.end(),
                   "queue.email-dlq.ApproximateNumberOfMessagesVisible") == 1);
  CHECK(std::count(names.begin(), names.end(), "queue.email.NumberOfEmptyReceives") == 1);
  CHECK(std::count(names.begin(), names.end(), "consumer.mailer.Errors") == 1);
  CHECK(std::count(names.begin(), names.end(), "run.Backlog") == 1);
  CHECK(names.size() == 2 * 8 + 2 + 11);
}

TEST_CASE("counter metrics summed over the periods equal the components' own totals", "[monitor]") {
  System system(outage());
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.metrics.period_count() == 20);
  const QueueResult& q = r.queues[0];
  CHECK(total(r, "queue.email.NumberOfMessagesSent") == static_cast<double>(q.sent));
  CHECK(total(r, "queue.email.NumberOfMessagesReceived") == static_cast<double>(q.received));
  CHECK(total(r, "queue.email.NumberOfMessagesDeleted") == static_cast<double>(q.deleted));
  CHECK(total(r, "queue.email.NumberOfEmptyReceives") == static_cast<double>(q.empty_receives));
  CHECK(total(r, "consumer.mailer.Processed") == static_cast<double>(r.fleets[0].processed));
  CHECK(total(r, "consumer.mailer.Errors") == static_cast<double>(r.fleets[0].failed));
  CHECK(total(r, "run.Produced") == static_cast<double>(r.events.produced));
  CHECK(total(r, "run.Offered") == static_cast<double>(r.events.copies));
  CHECK(total(r, "run.MovedToDLQ") == static_cast<double>(q.moved_to_dlq));
  CHECK(q.moved_to_dlq > 1000);
  // Errors only in the outage's periods (5m to 10m).
  const auto errors = r.metrics.values(*r.metrics.find("consumer.mailer.Errors"), Statistic::sum);
  for (std::size_t p = 0; p < errors.size(); ++p) {
    const bool in_outage = p >= 5 && p < 10;
    CHECK((errors[p] > 0) == in_outage);
  }
}

TEST_CASE("gauges are sampled every sample_every: a period holds that many samples", "[monitor]") {
  System system(outage(seconds(10)));
  system.run();
  const RunResult r = system.result();
  const std::size_t in_flight =
      *r.metrics.find("queue.email.ApproximateNumberOfMessagesNotVisible");
  const Datapoint& d = r.metrics.at(6, in_flight);  // 6m to 7m, in the outage
  CHECK(d.sample_count == 6);
  CHECK(d.minimum <= d.value(Statistic::average));
  CHECK(d.value(Statistic::average) <= d.maximum);
  CHECK(d.minimum < d.maximum);
  // The backlog is kept at every sample, for drain times.
  CHECK(r.backlog.size() == 120);
  CHECK(r.backlog_times.front() == Time::zero() + seconds(10));

  System once_a_minute(outage(minutes(1)));
  once_a_minute.run();
  const RunResult m = once_a_minute.result();
  const Datapoint& one = m.metrics.at(6, in_flight);
  CHECK(one.sample_count == 1);
  CHECK(one.minimum == one.maximum);
}

TEST_CASE("an empty dead-letter queue sends no metrics until it first holds a message",
          "[monitor]") {
  System system(outage());
  system.run();
  const RunResult r = system.result();
  const std::size_t depth = *r.metrics.find("queue.email-dlq.ApproximateNumberOfMessagesVisible");
  for (std::size_t p = 0; p < 5; ++p) CHECK(r.metrics.at(p, depth).missing());
  CHECK(r.metrics.at(6, depth).maximum > 0);
  CHECK_FALSE(r.metrics.at(19, depth).missing());
}

TEST_CASE("alarm transitions happen at period ends, and time to detect counts from the fault",
          "[monitor]") {
  SystemConfig s = outage();
  s.alarms.push_back(errors_alarm());
  System system(s);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.alarms.size() == 1);
  const auto& t = r.alarms[0].transitions;
  REQUIRE(t.size() == 3);
  CHECK(t[0].at == minutes(1));
  CHECK(t[0].from == AlarmState::insufficient_data);
  CHECK(t[0].to == AlarmState::ok);
  // The first period with a failure ends at 6m; the first without one after
  // the outage ends at 11m.
  CHECK(t[1].at == minutes(6));
  CHECK(t[1].to == AlarmState::alarm);
  CHECK(t[1].value > 0);
  CHECK(t[2].at == minutes(11));
  CHECK(t[2].to == AlarmState::ok);
  REQUIRE(r.faults.size() == 1);
  REQUIRE(r.fault_impacts.size() == 1);
  CHECK(r.fault_impacts[0].time_to_detect == minutes(1));
  REQUIRE(r.fault_impacts[0].detect_by_alarm.size() == 1);
  CHECK(r.fault_impacts[0].detect_by_alarm[0] == minutes(1));
}

TEST_CASE("a redrive that waits on an alarm starts at the period end where the alarm clears",
          "[monitor]") {
  SystemConfig s = outage();
  s.alarms.push_back(errors_alarm());
  s.queues[1].redrive =
      RedriveConfig{Duration::zero(), Duration::zero(), Rate{50}, "mailer-errors"};
  System system(s);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.queues[1].redrive_starts.size() == 1);
  CHECK(r.queues[1].redrive_starts[0] == minutes(11));
  CHECK(r.alarms[0].transitions.back().at == minutes(11));
  CHECK(r.events.balanced());
  CHECK(r.events.redriven == r.queues[0].moved_to_dlq);
  CHECK(r.events.recovered_by_redrive == r.events.redriven);
  CHECK(r.fault_impacts[0].redriven == r.events.redriven);
  CHECK(r.fault_impacts[0].recovered == r.events.recovered_by_redrive);
}

TEST_CASE("without the alarm clearing, a waiting redrive never starts", "[monitor]") {
  SystemConfig s = outage();
  AlarmConfig never = errors_alarm();
  never.threshold = 1e9;
  s.alarms.push_back(never);
  s.queues[1].redrive =
      RedriveConfig{Duration::zero(), Duration::zero(), Rate{50}, "mailer-errors"};
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.queues[1].redrive_starts.empty());
  CHECK(r.events.redriven == 0);
  CHECK(r.fault_impacts[0].time_to_detect == std::nullopt);
}

TEST_CASE("the fault's figures: retried, amplification, backlog and drain", "[monitor]") {
  System system(outage());
  system.run();
  const RunResult r = system.result();
  const FaultImpact& f = r.fault_impacts[0];
  CHECK(f.fault == r.faults[0].name);
  // Every attempt in the outage fails: nothing processed, so no ratio.
  CHECK(f.retried == f.attempts);
  CHECK(f.processed == 0);
  CHECK_FALSE(f.amplification);
  CHECK(f.moved_to_dlq == r.queues[0].moved_to_dlq);
  CHECK(f.backlog_peak > f.backlog_before);
  CHECK(f.backlog_peak_at >= minutes(5));
  REQUIRE(f.time_to_drain);
  CHECK(*f.time_to_drain < minutes(2));
  REQUIRE(r.amplification);
  CHECK(*r.amplification > 1.0);
}

TEST_CASE("time to drain is the first sample at or after the fault's end back at the level",
          "[monitor]") {
  const std::vector<Time> times = {Time::zero() + seconds(1), Time::zero() + seconds(2),
                                   Time::zero() + seconds(3), Time::zero() + seconds(4),
                                   Time::zero() + seconds(5), Time::zero() + seconds(6)};
  const std::vector<double> backlog = {5, 4, 40, 30, 10, 5};
  // Low before the end does not count; 5 at 6s is back to the level.
  CHECK(time_to_drain(times, backlog, Time::zero() + seconds(3), 5) == seconds(3));
  CHECK(time_to_drain(times, backlog, Time::zero() + seconds(2), 4) == Duration::zero());
  CHECK(time_to_drain(times, backlog, Time::zero() + seconds(3), 4) == std::nullopt);
}

TEST_CASE("a fault's attempts are its consumers' over the periods that overlap the fault",
          "[monitor]") {
  RunResult r;
  r.simulated = minutes(6);
  r.metrics = MetricStore(minutes(1));
  const std::size_t errors = r.metrics.add_metric("consumer.c.Errors");
  const std::size_t processed = r.metrics.add_metric("consumer.c.Processed");
  // Another consumer's attempts are not the fault's.
  const std::size_t other = r.metrics.add_metric("consumer.d.Errors");
  for (int p = 1; p <= 6; ++p) {
    r.metrics.record(errors, 8 * p);
    r.metrics.record(processed, 2 * p);
    r.metrics.record(other, 1000);
    r.metrics.close_period(Time::zero() + minutes(p));
  }
  r.faults.push_back(
      FaultWindow{"f", "consumer_outage", "consumer:c", minutes(2), minutes(2), {"c"}});
  const std::vector<FaultTally> tallies = {FaultTally{"f", 7, 400, 0, 0, 0, 0}};
  // Backlog every 30 s: jitter of up to 7 before the fault, a peak of 90 at
  // 3m30s, back to 7 at 5m.
  const std::vector<double> backlog = {2, 5, 7, 3, 40, 80, 90, 60, 20, 7, 9, 4};
  for (std::size_t i = 0; i < backlog.size(); ++i) {
    r.backlog_times.push_back(Time::zero() + seconds(30) * static_cast<std::int64_t>(i + 1));
    r.backlog.push_back(backlog[i]);
  }
  const auto impacts = fault_impacts(r, tallies);
  REQUIRE(impacts.size() == 1);
  // During: the periods ending at 3m and 4m; the counts are the tally's.
  CHECK(impacts[0].retried == 7);
  CHECK(impacts[0].attempts == 30 + 40);
  CHECK(impacts[0].processed == 6 + 8);
  CHECK(impacts[0].amplification == Approx(70.0 / 14.0));
  CHECK(impacts[0].moved_to_dlq == 400);
  // The largest sample of the minute before the fault (1m30s and 2m).
  CHECK(impacts[0].backlog_before == 7);
  CHECK(impacts[0].backlog_peak == 90);
  CHECK(impacts[0].backlog_peak_at == seconds(210));
  CHECK(impacts[0].time_to_drain == minutes(1));
  CHECK_FALSE(impacts[0].time_to_detect);
}
