#include "sim/model/invariants.hpp"

#include <array>
#include <functional>
#include <string_view>

namespace edasim::model {

namespace {

using Visit = std::function<void(const std::string& where, const metrics::Histogram& h)>;

// Every latency histogram of a run, named as report.json places it.
void each_latency(const RunResult& r, const Visit& visit) {
  visit("latency.end_to_end", r.end_to_end);
  for (const FleetResult& f : r.fleets) {
    visit("consumers." + f.name + ".queue_wait", f.queue_wait);
    visit("consumers." + f.name + ".wait_to_start", f.wait_to_start);
    visit("consumers." + f.name + ".processing", f.processing);
    visit("consumers." + f.name + ".end_to_end", f.end_to_end);
    visit("consumers." + f.name + ".stage", f.stage);
  }
  for (const FlowResult& f : r.flows)
    visit("flows." + f.producer + "." + f.kind + "." + f.component, f.latency);
  for (const FunctionResult& f : r.functions) {
    visit("functions." + f.name + ".duration", f.duration);
    visit("functions." + f.name + ".cold_start", f.cold_start);
    visit("functions." + f.name + ".queue_wait", f.queue_wait);
    visit("functions." + f.name + ".end_to_end", f.end_to_end);
  }
  for (const ConsumerGroupResult& g : r.groups) {
    visit("consumer_groups." + g.name + ".end_to_end", g.end_to_end);
  }
  for (const ChainResult& c : r.chains) {
    visit("chains." + c.name + ".latency", c.latency);
    visit("chains." + c.name + ".failed_latency", c.failed_latency);
  }
  for (const PollerResult& p : r.pollers) visit("pollers." + p.name + ".end_to_end", p.end_to_end);
}

std::string seconds_text(std::int64_t ns) {
  return std::to_string(static_cast<double>(ns) * 1e-9) + " s";
}

void check_latencies(const RunResult& r, InvariantCheck& within, InvariantCheck& ordered) {
  const std::int64_t run_ns = r.simulated.ns;
  each_latency(r, [&](const std::string& where, const metrics::Histogram& h) {
    if (h.empty()) return;
    if (h.max() > run_ns) {
      within.failures.push_back(where + ": max " + seconds_text(h.max()) + " > run " +
                                seconds_text(run_ns));
    }
    static constexpr std::array<std::pair<std::string_view, double>, 4> levels{
        {{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p99.9", 0.999}}};
    std::int64_t previous = h.min();
    std::string_view previous_name = "min";
    for (const auto& [name, q] : levels) {
      const std::int64_t v = h.quantile(q);
      if (v < previous) {
        ordered.failures.push_back(where + ": " + std::string(name) + " " + seconds_text(v) +
                                   " < " + std::string(previous_name) + " " +
                                   seconds_text(previous));
      }
      previous = v;
      previous_name = name;
    }
    if (h.max() < previous) {
      ordered.failures.push_back(where + ": max " + seconds_text(h.max()) + " < p99.9 " +
                                 seconds_text(previous));
    }
  });
}

void check_amplification(const RunResult& r, InvariantCheck& c) {
  if (r.amplification && *r.amplification < 1.0) {
    c.failures.push_back("run: " + std::to_string(*r.amplification));
  }
  for (const FaultImpact& f : r.fault_impacts) {
    if (f.amplification && *f.amplification < 1.0) {
      c.failures.push_back("fault " + f.fault + ": " + std::to_string(*f.amplification));
    }
  }
}

void at_most(InvariantCheck& c, const std::string& what, std::uint64_t value, std::uint64_t total) {
  if (value > total) {
    c.failures.push_back(what + " " + std::to_string(value) + " > " + std::to_string(total));
  }
}

const FleetResult* find_fleet(const RunResult& r, std::string_view name) {
  for (const FleetResult& f : r.fleets) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const ChainResult* find_chain(const RunResult& r, std::string_view name) {
  for (const ChainResult& c : r.chains) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void check_faults(const RunResult& r, InvariantCheck& c) {
  // The run's totals of each figure a fault can claim a share of.
  std::uint64_t retried = 0, to_dlq = 0;
  for (const FleetResult& f : r.fleets) retried += f.failed + f.abandoned;
  for (const BusResult& b : r.buses) {
    for (const BusTargetResult& t : b.targets) retried += t.failed_attempts;
    retried += b.throttled_put_events;
    to_dlq += b.sent_to_dlq;
  }
  for (const QueueResult& q : r.queues) to_dlq += q.moved_to_dlq + q.dead_lettered_by_consumer;
  std::uint64_t chain_calls_failed = 0, chain_requests_failed = 0;
  for (const ChainResult& ch : r.chains) {
    chain_calls_failed += ch.failed_calls;
    chain_requests_failed += ch.failed;
  }
  FaultTally sum;
  for (std::size_t i = 0; i < r.fault_impacts.size() && i < r.faults.size(); ++i) {
    const FaultImpact& x = r.fault_impacts[i];
    const FaultWindow& w = r.faults[i];
    const std::string who = "fault " + x.fault + ": ";
    std::uint64_t attempts = 0, processed = 0, failed = 0;
    for (const std::string& name : w.consumers) {
      if (const FleetResult* f = find_fleet(r, name)) {
        attempts += f->processed + f->failed;
        processed += f->processed;
        failed += f->failed + f->abandoned;
      }
    }
    at_most(c, who + "attempts", x.attempts, attempts);
    at_most(c, who + "processed", x.processed, processed);
    at_most(c, who + "processed", x.processed, x.attempts);
    if (!w.consumers.empty()) at_most(c, who + "retried", x.retried, failed);
    at_most(c, who + "retried", x.retried, retried);
    at_most(c, who + "to DLQ", x.moved_to_dlq, to_dlq);
    at_most(c, who + "recovered", x.recovered, x.redriven);
    // A chain's failures are its target's: the chains that call its API or
    // publish to its bus.
    std::uint64_t calls_failed = 0, requests_failed = 0;
    for (const std::string& name : w.chains) {
      if (const ChainResult* ch = find_chain(r, name)) {
        calls_failed += ch->failed_calls;
        requests_failed += ch->failed;
      }
    }
    at_most(c, who + "chain calls failed", x.failed_calls, calls_failed);
    at_most(c, who + "chain requests failed", x.failed_requests, requests_failed);
    at_most(c, who + "chain requests failed", x.failed_requests, x.failed_calls);
    sum.failed_calls += x.failed_calls;
    sum.failed_requests += x.failed_requests;
    sum.retried += x.retried;
    sum.moved_to_dlq += x.moved_to_dlq;
    sum.redriven += x.redriven;
    sum.recovered += x.recovered;
    sum.expired += x.expired;
    sum.dropped += x.dropped;
  }
  // Each failure is one fault's at most, so the faults' sums fit the run's.
  at_most(c, "all faults: retried", sum.retried, retried);
  at_most(c, "all faults: to DLQ", sum.moved_to_dlq, to_dlq);
  at_most(c, "all faults: redriven", sum.redriven, r.events.redriven);
  at_most(c, "all faults: recovered", sum.recovered, r.events.recovered_by_redrive);
  at_most(c, "all faults: expired", sum.expired, r.events.expired);
  at_most(c, "all faults: dropped", sum.dropped, r.events.dropped_by_bus);
  at_most(c, "all faults: chain calls failed", sum.failed_calls, chain_calls_failed);
  at_most(c, "all faults: chain requests failed", sum.failed_requests, chain_requests_failed);
}

void check_ages(const RunResult& r, InvariantCheck& c) {
  for (const QueueResult& q : r.queues) {
    if (q.max_age > r.simulated) {
      c.failures.push_back("queues." + q.name + ".max_age " + seconds_text(q.max_age.ns) +
                           " > run " + seconds_text(r.simulated.ns));
    }
  }
  for (const ConsumerGroupResult& g : r.groups) {
    if (g.max_iterator_age > r.simulated) {
      c.failures.push_back("consumer_groups." + g.name + ".max_iterator_age " +
                           seconds_text(g.max_iterator_age.ns) + " > run " +
                           seconds_text(r.simulated.ns));
    }
  }
}

// The run's emitted events are the emitting components' own (fleets,
// functions, consumer groups), and none is older than its root: a fleet's stage latency (from its
// event's own production) never exceeds its end-to-end latency (from the root's).
void check_emitted(const RunResult& r, InvariantCheck& c) {
  std::uint64_t emitted = 0;
  for (const FleetResult& f : r.fleets) {
    emitted += f.emitted;
    if (!f.stage.empty() && f.stage.max() > f.end_to_end.max()) {
      c.failures.push_back("consumers." + f.name + ": stage max " + seconds_text(f.stage.max()) +
                           " > end_to_end max " + seconds_text(f.end_to_end.max()));
    }
  }
  for (const FunctionResult& f : r.functions) emitted += f.emitted;
  for (const ConsumerGroupResult& g : r.groups) emitted += g.emitted;
  if (emitted != r.events.emitted) {
    c.failures.push_back("events.emitted " + std::to_string(r.events.emitted) +
                         " != the fleets', functions' and consumer groups' emitted " +
                         std::to_string(emitted));
  }
}

}  // namespace

std::vector<InvariantCheck> check_invariants(const RunResult& r) {
  InvariantCheck latency{"latency-within-run",
                         "No latency or duration is longer than the time since the run began.",
                         {}};
  InvariantCheck amplification{
      "amplification-at-least-1",
      "Processing attempts per success are at least 1, over the run and for each fault.",
      {}};
  InvariantCheck faults{"fault-within-target",
                        "No fault's figure is above its target's total, and the faults' sums "
                        "are not above the run's.",
                        {}};
  InvariantCheck ages{"age-within-run",
                      "No queue's oldest message and no stream iterator is older than the run.",
                      {}};
  InvariantCheck quantiles{
      "quantiles-ordered",
      "Every latency block is ordered: min <= p50 <= p90 <= p99 <= p99.9 <= max.",
      {}};
  check_latencies(r, latency, quantiles);
  check_amplification(r, amplification);
  check_faults(r, faults);
  check_ages(r, ages);
  std::vector<InvariantCheck> checks{std::move(latency), std::move(amplification),
                                     std::move(faults), std::move(ages), std::move(quantiles)};
  // Only a design that emits has the check, so others' reports stay as they were.
  if (r.emits) {
    InvariantCheck emitted{"emitted-by-components",
                           "The run's emitted events are the sum of the emitting components' "
                           "own, and no fleet's stage latency exceeds its end-to-end latency.",
                           {}};
    check_emitted(r, emitted);
    checks.push_back(std::move(emitted));
  }
  return checks;
}

}  // namespace edasim::model
