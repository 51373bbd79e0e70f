#include "sim/model/monitoring/monitor.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

namespace edasim::model {

namespace {

using Reading = Monitor::Reading;
using Sent = Monitor::Sent;

struct Spec {
  const char* name;
  Reading reading;
  bool counter;
};

constexpr std::array<Spec, 8> kQueueMetrics = {{
    {"ApproximateNumberOfMessagesVisible", Reading::visible, false},
    {"ApproximateNumberOfMessagesNotVisible", Reading::not_visible, false},
    {"ApproximateNumberOfMessagesDelayed", Reading::delayed, false},
    {"ApproximateAgeOfOldestMessage", Reading::oldest_age, false},
    {"NumberOfMessagesSent", Reading::sent, true},
    {"NumberOfMessagesReceived", Reading::received, true},
    {"NumberOfMessagesDeleted", Reading::deleted, true},
    {"NumberOfEmptyReceives", Reading::empty_receives, true},
}};
constexpr std::array<Spec, 2> kFleetMetrics = {{
    {"Processed", Reading::processed, true},
    {"Errors", Reading::errors, true},
}};
// Auto Scaling group metrics, for autoscaled fleets only.
constexpr std::array<Spec, 2> kScalingMetrics = {{
    {"GroupDesiredCapacity", Reading::desired_instances, false},
    {"GroupInServiceInstances", Reading::running_instances, false},
}};
constexpr std::array<Spec, 7> kBusMetrics = {{
    {"MatchedEvents", Reading::matched, true},
    {"Invocations", Reading::invocations, true},
    {"FailedInvocations", Reading::failed_invocations, true},
    {"PutEventsApproximateThrottledCount", Reading::throttled_put_events, true},
    {"RetryInvocationAttempts", Reading::retry_invocation_attempts, true},
    {"InvocationsSentToDlq", Reading::invocations_sent_to_dlq, true},
    {"ThrottledRules", Reading::throttled_rules, true},
}};
constexpr std::array<Spec, 11> kRunMetrics = {{
    {"Produced", Reading::run_produced, true},
    {"Offered", Reading::run_offered, true},
    {"Processed", Reading::run_processed, true},
    {"Attempts", Reading::run_attempts, true},
    {"Failed", Reading::run_failed, true},
    {"MovedToDLQ", Reading::run_moved_to_dlq, true},
    {"Redriven", Reading::run_redriven, true},
    {"RecoveredByRedrive", Reading::run_recovered, true},
    {"Expired", Reading::run_expired, true},
    {"Dropped", Reading::run_dropped, true},
    {"Backlog", Reading::run_backlog, false},
}};

// Calls `add(name, probe)` for every metric of the design, in store order.
template <class Add>
void for_each_metric(const SystemConfig& config, Add add) {
  for (std::uint32_t q = 0; q < config.queues.size(); ++q) {
    for (const Spec& s : kQueueMetrics) {
      add("queue." + config.queues[q].name + "." + s.name,
          Monitor::Probe{s.reading, s.counter, Sent::when_queue_active, q});
    }
  }
  for (std::uint32_t f = 0; f < config.fleets.size(); ++f) {
    for (const Spec& s : kFleetMetrics) {
      add("consumer." + config.fleets[f].name + "." + s.name,
          Monitor::Probe{s.reading, s.counter, Sent::always, f});
    }
    if (!config.fleets[f].autoscaling.enabled) continue;
    for (const Spec& s : kScalingMetrics) {
      add("consumer." + config.fleets[f].name + "." + s.name,
          Monitor::Probe{s.reading, s.counter, Sent::always, f});
    }
  }
  for (std::uint32_t b = 0; b < config.buses.size(); ++b) {
    for (const Spec& s : kBusMetrics) {
      add("bus." + config.buses[b].name + "." + s.name,
          Monitor::Probe{s.reading, s.counter, Sent::when_not_zero, b});
    }
  }
  for (const Spec& s : kRunMetrics) {
    add(std::string("run.") + s.name, Monitor::Probe{s.reading, s.counter, Sent::always, 0});
  }
}

double queue_activity(const QueueResult& c) {
  return static_cast<double>(c.sent + c.redriven_in + c.received + c.deleted + c.empty_receives +
                             c.moved_to_dlq + c.expired + c.redriven_out + c.received_over_limit);
}

}  // namespace

std::vector<std::string> metric_names(const SystemConfig& config) {
  std::vector<std::string> names;
  for_each_metric(
      config, [&](std::string name, const Monitor::Probe&) { names.push_back(std::move(name)); });
  return names;
}

Monitor::Monitor(const SystemConfig& config, core::Kernel& kernel, const Books& books,
                 std::vector<Queue*> queues, std::vector<Fleet*> fleets, std::vector<Bus*> buses)
    : kernel_(kernel),
      books_(books),
      queues_(std::move(queues)),
      fleets_(std::move(fleets)),
      buses_(std::move(buses)),
      config_(config.monitoring),
      end_(Time::zero() + config.duration),
      store_(config.monitoring.period) {
  samples_per_period_ = std::max<std::int64_t>(config_.period.ns / config_.sample_every.ns, 1);
  for_each_metric(config, [&](std::string name, const Probe& probe) {
    store_.add_metric(std::move(name));
    probes_.push_back(probe);
  });
  const auto samples = static_cast<std::size_t>(config.duration.ns / config_.sample_every.ns) + 1;
  store_.reserve_periods(samples / static_cast<std::size_t>(samples_per_period_) + 1);
  backlog_times_.reserve(samples);
  backlog_.reserve(samples);
  queue_active_.assign(queues_.size(), Time::never());
  queue_activity_.assign(queues_.size(), 0.0);
  oldest_age_.assign(queues_.size(), 0.0);
  for (const AlarmConfig& a : config.alarms) {
    const auto metric = store_.find(a.metric);
    // The scenario layer reports unknown metrics with their location; this
    // is the model's own guard.
    if (!metric) throw std::invalid_argument("alarm " + a.name + ": no metric " + a.metric);
    alarm_configs_.push_back(a);
    evaluators_.emplace_back(a);
    alarm_metrics_.push_back(*metric);
    transitions_.emplace_back();
  }
}

void Monitor::start() {
  if (Time::zero() + config_.sample_every <= end_)
    kernel_.schedule_in(config_.sample_every, id_, 0);
}

void Monitor::handle(core::Kernel& kernel, const core::Event&) {
  sample();
  if (++samples_ % samples_per_period_ == 0) close_period();
  if (kernel.now() + config_.sample_every <= end_) kernel.schedule_in(config_.sample_every, id_, 0);
}

double Monitor::read(const Probe& p) const {
  const auto queue = [&]() -> const QueueResult& { return queues_[p.index]->counters(); };
  const auto fleets = [&](bool with_processed) {
    double sum = 0;
    for (const Fleet* f : fleets_) {
      sum += static_cast<double>(f->failed() + (with_processed ? f->processed() : 0));
    }
    return sum;
  };
  switch (p.reading) {
    case Reading::visible:
      return static_cast<double>(queues_[p.index]->visible());
    case Reading::not_visible:
      return static_cast<double>(queues_[p.index]->in_flight());
    case Reading::delayed:
      return static_cast<double>(queues_[p.index]->delayed());
    case Reading::oldest_age:
      return oldest_age_[p.index];
    case Reading::sent:
      // The redrive task sends its messages back with SendMessageBatch.
      return static_cast<double>(queue().sent + queue().redriven_in);
    case Reading::received:
      return static_cast<double>(queue().received);
    case Reading::deleted:
      return static_cast<double>(queue().deleted);
    case Reading::empty_receives:
      return static_cast<double>(queue().empty_receives);
    case Reading::processed:
      return static_cast<double>(fleets_[p.index]->processed());
    case Reading::errors:
      return static_cast<double>(fleets_[p.index]->failed());
    case Reading::desired_instances:
      return static_cast<double>(fleets_[p.index]->instances());
    case Reading::running_instances:
      return static_cast<double>(fleets_[p.index]->running_instances());
    case Reading::matched:
      return static_cast<double>(buses_[p.index]->totals().matched_events);
    case Reading::invocations:
      return static_cast<double>(buses_[p.index]->totals().invocations);
    case Reading::failed_invocations:
      return static_cast<double>(buses_[p.index]->totals().failed_invocations);
    case Reading::throttled_put_events:
      return static_cast<double>(buses_[p.index]->totals().throttled_put_events);
    case Reading::retry_invocation_attempts:
      return static_cast<double>(buses_[p.index]->totals().retry_attempts);
    case Reading::invocations_sent_to_dlq:
      return static_cast<double>(buses_[p.index]->totals().sent_to_dlq);
    case Reading::throttled_rules:
      return static_cast<double>(buses_[p.index]->totals().delayed_invocations);
    case Reading::run_produced:
      return static_cast<double>(books_.events.produced);
    case Reading::run_offered:
      return static_cast<double>(books_.events.copies);
    case Reading::run_processed:
      return static_cast<double>(books_.events.processed);
    case Reading::run_attempts:
      return fleets(true);
    case Reading::run_failed:
      return fleets(false);
    case Reading::run_moved_to_dlq: {
      double sum = 0;
      for (const Queue* q : queues_) sum += static_cast<double>(q->counters().moved_to_dlq);
      for (const Bus* b : buses_) sum += static_cast<double>(b->totals().sent_to_dlq);
      return sum;
    }
    case Reading::run_redriven:
      return static_cast<double>(books_.events.redriven);
    case Reading::run_recovered:
      return static_cast<double>(books_.events.recovered_by_redrive);
    case Reading::run_expired:
      return static_cast<double>(books_.events.expired);
    case Reading::run_dropped:
      return static_cast<double>(books_.events.rejected + books_.events.rejected_at_ingest +
                                 books_.events.dropped_by_bus);
    case Reading::run_backlog: {
      double sum = 0;
      for (const Queue* q : queues_) {
        if (q->counters().dead_letter_queue) continue;
        sum += static_cast<double>(q->visible() + q->in_flight() + q->delayed());
      }
      return sum;
    }
  }
  return 0;
}

void Monitor::sample() {
  const Time now = kernel_.now();
  for (std::size_t q = 0; q < queues_.size(); ++q) {
    Queue& queue = *queues_[q];
    oldest_age_[q] = queue.oldest_age().seconds();
    const double activity = queue_activity(queue.counters());
    const bool holds = queue.visible() + queue.in_flight() + queue.delayed() > 0;
    if (holds || activity != queue_activity_[q]) queue_active_[q] = now;
    queue_activity_[q] = activity;
  }
  for (std::size_t m = 0; m < probes_.size(); ++m) {
    Probe& p = probes_[m];
    double value = read(p);
    if (p.counter) {
      const double total = value;
      value = total - p.last;
      p.last = total;
    }
    bool sent = true;
    switch (p.sent) {
      case Sent::always:
        break;
      case Sent::when_queue_active:
        sent = queue_active_[p.index] != Time::never() &&
               now - queue_active_[p.index] <= config_.queue_inactive_after;
        break;
      case Sent::when_not_zero:
        sent = value != 0;
        break;
    }
    if (sent) store_.record(m, value);
    if (p.reading == Reading::run_backlog) {
      backlog_times_.push_back(now);
      backlog_.push_back(value);
    }
  }
}

void Monitor::close_period() {
  const Time now = kernel_.now();
  store_.close_period(now);
  const std::size_t newest = store_.period_count() - 1;
  for (std::size_t a = 0; a < evaluators_.size(); ++a) {
    const metrics::Datapoint& d = store_.at(newest, alarm_metrics_[a]);
    const AlarmState from = evaluators_[a].state();
    const AlarmState to = evaluators_[a].evaluate(d);
    if (to == from) continue;
    transitions_[a].push_back(
        AlarmTransition{now - Time::zero(), from, to, d.value(alarm_configs_[a].statistic)});
    if (from != AlarmState::alarm || to != AlarmState::ok) continue;
    for (Queue* q : queues_) {
      const auto& redrive = q->config().redrive;
      if (redrive && redrive->when_alarm_clears == alarm_configs_[a].name) q->start_redrive();
    }
  }
}

std::vector<AlarmResult> Monitor::alarms() const {
  std::vector<AlarmResult> out;
  for (std::size_t a = 0; a < evaluators_.size(); ++a) {
    out.push_back(AlarmResult{alarm_configs_[a], transitions_[a], evaluators_[a].state()});
  }
  return out;
}

std::optional<Duration> time_to_drain(std::span<const Time> times, std::span<const double> backlog,
                                      Time fault_end, double level) {
  for (std::size_t i = 0; i < times.size() && i < backlog.size(); ++i) {
    if (times[i] >= fault_end && backlog[i] <= level) return times[i] - fault_end;
  }
  return std::nullopt;
}

namespace {

// The sum of a run metric over the periods that overlap [from, to).
std::uint64_t sum_over(const metrics::MetricStore& m, std::string_view name, Time from, Time to) {
  const auto metric = m.find(name);
  if (!metric) return 0;
  double sum = 0;
  for (std::size_t p = 0; p < m.period_count(); ++p) {
    const Time end = m.period_ends()[p];
    if (end > from && end - m.period() < to) sum += m.at(p, *metric).sum;
  }
  return static_cast<std::uint64_t>(sum);
}

}  // namespace

std::vector<FaultImpact> fault_impacts(const RunResult& r, std::span<const FaultTally> tallies) {
  std::vector<FaultImpact> out;
  const Time run_end = Time::zero() + r.simulated;
  for (std::size_t index = 0; index < r.faults.size(); ++index) {
    const FaultWindow& fault = r.faults[index];
    const Time start = Time::zero() + fault.start;
    const Time end = start + fault.duration;
    Time after = run_end;
    for (const FaultWindow& other : r.faults) {
      const Time s = Time::zero() + other.start;
      if (s > start) after = std::min(after, s);
    }
    FaultImpact f;
    f.fault = fault.name;
    const metrics::MetricStore& m = r.metrics;
    if (index < tallies.size()) {
      const FaultTally& t = tallies[index];
      f.retried = t.retried;
      f.moved_to_dlq = t.moved_to_dlq;
      f.redriven = t.redriven;
      f.recovered = t.recovered;
      f.expired = t.expired;
      f.dropped = t.dropped;
      f.failed_calls = t.failed_calls;
      f.failed_requests = t.failed_requests;
    }
    for (const std::string& consumer : fault.consumers) {
      const std::uint64_t succeeded =
          sum_over(m, "consumer." + consumer + ".Processed", start, end);
      f.processed += succeeded;
      f.attempts += succeeded + sum_over(m, "consumer." + consumer + ".Errors", start, end);
    }
    if (f.processed > 0) {
      f.amplification = static_cast<double>(f.attempts) / static_cast<double>(f.processed);
    }
    for (std::size_t i = 0; i < r.backlog_times.size() && i < r.backlog.size(); ++i) {
      const Time t = r.backlog_times[i];
      // The depth before the fault is the highest of the last period before
      // it, so that ordinary jitter does not count as a backlog still
      // draining.
      if (t <= start && t > start - m.period()) {
        f.backlog_before = std::max(f.backlog_before, r.backlog[i]);
      }
      if (t >= start && t <= after && r.backlog[i] > f.backlog_peak) {
        f.backlog_peak = r.backlog[i];
        f.backlog_peak_at = t - Time::zero();
      }
    }
    f.time_to_drain = time_to_drain(r.backlog_times, r.backlog, end, f.backlog_before);
    for (const AlarmResult& a : r.alarms) {
      std::optional<Duration> detect;
      for (const AlarmTransition& t : a.transitions) {
        if (t.to == AlarmState::alarm && t.at >= fault.start) {
          detect = t.at - fault.start;
          break;
        }
      }
      f.detect_by_alarm.push_back(detect);
      if (detect && (!f.time_to_detect || *detect < *f.time_to_detect)) f.time_to_detect = detect;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace edasim::model
