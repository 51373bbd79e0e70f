// Small designs and faults the model tests share.
#pragma once

#include <string>
#include <utility>

#include "sim/model/system.hpp"
#include "sim/model/system_config.hpp"

namespace edasim::testing {

// One kind of event, whose "source" is always "shop": what the bus tests'
// rules (`{"source": ["shop"]}`) match.
inline model::EventTemplate shop_event() {
  model::EventTemplate t;
  model::FieldGenerator source;
  source.path = {"source"};
  source.values = {"shop"};
  source.weights = {1.0};
  t.fields.push_back(source);
  return t;
}

inline model::FaultConfig make_fault(std::string name, model::FaultConfig::Kind kind,
                                     std::string target, Duration start, Duration duration) {
  model::FaultConfig f;
  f.name = std::move(name);
  f.kind = kind;
  f.target = std::move(target);
  f.start = start;
  f.duration = duration;
  return f;
}

// One message, produced at 1 s (constant arrivals at 1/s, stopped at 1.5 s),
// into queue "q" (visibility timeout 30 s) read by fleet "c": one poller per
// instance, one message per receive, `processing` seconds each.
inline model::SystemConfig one_message(double processing, std::int32_t instances = 1) {
  model::SystemConfig s;
  s.name = "one-message";
  s.seed = 3;
  s.duration = minutes(5);
  model::ProducerConfig p;
  p.name = "p";
  p.target_table = "queues";
  p.target = "q";
  p.arrival.process = model::ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{1.0};
  p.stop_after = milliseconds(1500);
  p.templates.push_back(model::EventTemplate{});
  s.producers.push_back(p);
  model::QueueConfig q;
  q.name = "q";
  q.visibility_timeout = seconds(30);
  s.queues.push_back(q);
  model::FleetConfig f;
  f.name = "c";
  f.queue = "q";
  f.instances = instances;
  f.pollers_per_instance = 1;
  f.batch_size = 1;
  f.processing = core::DurationDistribution(core::Distribution::constant(processing));
  s.fleets.push_back(f);
  return s;
}

// The two-stage designs of the emit tests, without the component between
// the stages: producer "orders" (Poisson at `rate`, stopped at 60 s) into
// queue "a", and queue "b"; both queues with `visibility_timeout`, five
// minutes of run, long enough for every event to be processed. The caller
// adds what reads "a" and emits to "b" (emit_to_b()), then notify_on_b().
inline model::SystemConfig orders_into_a(std::string name, std::uint64_t seed, double rate,
                                         Duration visibility_timeout) {
  model::SystemConfig s;
  s.name = std::move(name);
  s.seed = seed;
  s.duration = minutes(5);
  model::ProducerConfig p;
  p.name = "orders";
  p.target_table = "queues";
  p.target = "a";
  p.arrival.rate = Rate{rate};
  p.stop_after = seconds(60);
  p.templates.push_back(model::EventTemplate{});
  s.producers.push_back(p);
  for (const char* queue : {"a", "b"}) {
    model::QueueConfig q;
    q.name = queue;
    q.visibility_timeout = visibility_timeout;
    s.queues.push_back(q);
  }
  return s;
}

// An emit entry that sends to queue "b" with `probability`.
inline model::EmitConfig emit_to_b(double probability) {
  model::EmitConfig emit;
  emit.target_table = "queues";
  emit.target = "b";
  emit.probability = probability;
  return emit;
}

// Fleet "notify" on queue "b": 4 instances, one message a receive, 20 ms
// each.
inline model::FleetConfig notify_on_b() {
  model::FleetConfig notify;
  notify.name = "notify";
  notify.queue = "b";
  notify.instances = 4;
  notify.batch_size = 1;
  notify.processing = core::DurationDistribution(core::Distribution::constant(0.02));
  return notify;
}

// The run invariants that failed, one line each ("name: first failure");
// empty when all hold. CHECK(failed_invariants(r).empty()) shows them.
inline std::string failed_invariants(const model::RunResult& r) {
  std::string failed;
  for (const model::InvariantCheck& c : r.invariants) {
    if (!c.holds()) failed += c.name + ": " + (c.failures.empty() ? "" : c.failures.front()) + "\n";
  }
  return failed;
}

// Builds the system, runs it to the end of its duration, returns its result.
inline model::RunResult run_to_end(const model::SystemConfig& config) {
  model::System system(config);
  system.run();
  return system.result();
}

}  // namespace edasim::testing
