// A whole system: conservation, determinism and common random numbers.
#include "sim/model/system.hpp"

#include <catch2/catch.hpp>

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

SystemConfig design(std::uint64_t seed) {
  SystemConfig s;
  s.name = "system-test";
  s.seed = seed;
  s.duration = minutes(20);
  ProducerConfig p;
  p.name = "orders";
  p.target_table = "queues";
  p.target = "work";
  p.arrival.rate = Rate{30};
  p.arrival.profile = {RateChange{minutes(5), minutes(1), 5.0},
                       RateChange{minutes(10), minutes(1), 1.0}};
  p.batch_size = 10;
  p.batch_window = milliseconds(200);
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = "work";
  q.visibility_timeout = seconds(10);
  q.dead_letter_queue = "work-dlq";
  q.max_receive_count = 3;
  q.duplicate_probability = 0.01;
  s.queues.push_back(q);
  QueueConfig d;
  d.name = "work-dlq";
  s.queues.push_back(d);
  FleetConfig f;
  f.name = "workers";
  f.queue = "work";
  f.instances = 3;
  f.pollers_per_instance = 2;
  f.processing = DurationDistribution(Distribution::lognormal_median(0.05, 0.8));
  f.failure_probability = 0.05;
  s.fleets.push_back(f);
  FaultConfig poison;
  poison.name = "poison";
  poison.kind = FaultConfig::Kind::poison;
  poison.target = "workers";
  poison.duration = s.duration;
  poison.fraction = 0.01;
  s.faults.push_back(poison);
  return s;
}

RunResult run(const SystemConfig& c) {
  System system(c);
  system.run();
  return system.result();
}

}  // namespace

TEST_CASE("every produced event is accounted for at the end of a run") {
  const RunResult r = run(design(3));
  CHECK(r.events.produced > 0);
  CHECK(r.events.balanced());
  CHECK(r.events.duplicates_delivered > 0);
  CHECK(r.events.dlq > 0);
}

TEST_CASE("events still batched in a producer or in flight at the end are counted") {
  SystemConfig c = design(4);
  c.duration = seconds(30) + milliseconds(50);
  const RunResult r = run(c);
  CHECK(r.events.balanced());
  CHECK(r.events.in_flight + r.events.awaiting_routing > 0);
}

TEST_CASE("the same seed gives the same run and another seed a different one", "[slow]") {
  const RunResult a = run(design(5)), b = run(design(5)), c = run(design(6));
  CHECK(a.events.produced == b.events.produced);
  CHECK(a.events.processed == b.events.processed);
  CHECK(a.end_to_end.quantile(0.99) == b.end_to_end.quantile(0.99));
  CHECK(a.kernel_events == b.kernel_events);
  CHECK(a.kernel_events != c.kernel_events);
}

TEST_CASE("adding a consumer fleet does not change the workload a producer makes", "[slow]") {
  SystemConfig one = design(7);
  SystemConfig two = design(7);
  QueueConfig extra;
  extra.name = "audit";
  two.queues.push_back(extra);
  FleetConfig auditors = two.fleets[0];
  auditors.name = "auditors";
  auditors.queue = "audit";
  two.fleets.push_back(auditors);
  const RunResult a = run(one), b = run(two);
  CHECK(a.events.produced == b.events.produced);
  CHECK(a.queues[0].sent == b.queues[0].sent);
  CHECK(a.fleets[0].processed == b.fleets[0].processed);
}

TEST_CASE("a flash-sale profile multiplies the arrival rate while it lasts") {
  SystemConfig c = design(8);
  c.fleets.clear();
  c.faults.clear();
  const RunResult r = run(c);
  // 30/s for 5 min, ramp to 150/s over 1 min, 150/s for 4 min, ramp back,
  // then 30/s for 9 min: 9000 + 5400 + 36000 + 5400 + 16200 = 72000.
  const double expected = 72'000;
  CHECK(static_cast<double>(r.events.produced) == Approx(expected).margin(5 * std::sqrt(expected)));
}
