// The end-of-run invariants: each holds for a sound run and catches the
// figure that breaks it.
#include "sim/model/invariants.hpp"

#include <catch2/catch.hpp>
#include <string_view>

using namespace edasim;
using namespace edasim::model;

namespace {

RunResult sound_run() {
  RunResult r;
  r.simulated = minutes(10);
  FleetResult f;
  f.name = "workers";
  f.processed = 90;
  f.failed = 10;
  for (int i = 1; i <= 100; ++i) f.end_to_end.record(milliseconds(10 * i).ns);
  r.end_to_end.merge(f.end_to_end);
  r.fleets.push_back(f);
  QueueResult q;
  q.name = "work";
  q.max_age = seconds(30);
  q.moved_to_dlq = 4;
  r.queues.push_back(q);
  r.amplification = 100.0 / 90.0;
  r.faults.push_back(FaultWindow{
      "poison", "poison", "consumer:workers", Duration::zero(), minutes(10), {"workers"}});
  FaultImpact x;
  x.fault = "poison";
  x.retried = 8;
  x.moved_to_dlq = 4;
  x.attempts = 100;
  x.processed = 90;
  x.amplification = 100.0 / 90.0;
  r.fault_impacts.push_back(x);
  return r;
}

const InvariantCheck& check_named(const std::vector<InvariantCheck>& checks,
                                  std::string_view name) {
  for (const InvariantCheck& c : checks) {
    if (c.name == name) return c;
  }
  FAIL("no check named " << name);
  return checks.front();
}

bool holds(const RunResult& r, std::string_view name) {
  return check_named(check_invariants(r), name).holds();
}

}  // namespace

TEST_CASE("a sound run passes every end-of-run invariant") {
  const auto checks = check_invariants(sound_run());
  REQUIRE(checks.size() == 5);
  for (const InvariantCheck& c : checks) {
    INFO(c.name);
    CHECK(c.holds());
  }
}

TEST_CASE("a latency longer than the run breaks the latency invariant") {
  RunResult r = sound_run();
  r.fleets[0].end_to_end.record(hours(2).ns);
  CHECK_FALSE(holds(r, "latency-within-run"));
  const auto checks = check_invariants(r);
  const InvariantCheck& c = check_named(checks, "latency-within-run");
  REQUIRE(c.failures.size() == 1);
  CHECK(c.failures[0].find("consumers.workers.end_to_end") != std::string::npos);
}

TEST_CASE("amplification below 1 breaks its invariant, run-wide or for a fault") {
  RunResult r = sound_run();
  r.amplification = 0.077;
  CHECK_FALSE(holds(r, "amplification-at-least-1"));
  r = sound_run();
  r.fault_impacts[0].amplification = 0.5;
  CHECK_FALSE(holds(r, "amplification-at-least-1"));
}

TEST_CASE("a fault's figure above its target's total breaks its invariant") {
  RunResult r = sound_run();
  r.fault_impacts[0].retried = 11;  // the fleet failed 10 attempts
  CHECK_FALSE(holds(r, "fault-within-target"));
  r = sound_run();
  r.fault_impacts[0].moved_to_dlq = 5;  // 4 moves in the run
  CHECK_FALSE(holds(r, "fault-within-target"));
  r = sound_run();
  // Two faults claiming the same failures: each fits, their sum does not.
  r.faults.push_back(r.faults[0]);
  r.fault_impacts.push_back(r.fault_impacts[0]);
  CHECK_FALSE(holds(r, "fault-within-target"));
}

TEST_CASE("an age longer than the run breaks the age invariant") {
  RunResult r = sound_run();
  r.queues[0].max_age = minutes(11);
  CHECK_FALSE(holds(r, "age-within-run"));
}
