// Each fault's figures are its own: what its target did because of it and
// where the messages it failed ended, never another fault's or an unrelated
// failure, even when faults share a window.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "designs.hpp"
#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

// Two independent lines, producer -> queue (with a DLQ after 3 receives) ->
// fleet, named by `a` and `b`.
void add_line(SystemConfig& s, const std::string& name, double rate) {
  ProducerConfig p;
  p.name = name + "-producer";
  p.target_table = "queues";
  p.target = name;
  p.arrival.rate = Rate{rate};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = name;
  q.visibility_timeout = seconds(2);
  q.dead_letter_queue = name + "-dlq";
  q.max_receive_count = 3;
  s.queues.push_back(q);
  QueueConfig dlq;
  dlq.name = name + "-dlq";
  s.queues.push_back(dlq);
  FleetConfig f;
  f.name = name + "-workers";
  f.queue = name;
  f.instances = 2;
  f.pollers_per_instance = 2;
  f.processing = DurationDistribution(Distribution::constant(0.01));
  s.fleets.push_back(f);
}

SystemConfig two_lines() {
  SystemConfig s;
  s.name = "two-lines";
  s.seed = 11;
  s.duration = minutes(20);
  add_line(s, "a", 20);
  add_line(s, "b", 20);
  return s;
}

}  // namespace

TEST_CASE("two poison faults over the same window count only their own fleet's failures") {
  SystemConfig s = two_lines();
  // Line b also fails transiently: those failures are no fault's.
  s.fleets[1].failure_probability = 0.02;
  FaultConfig pa = testing::make_fault("poison a", FaultConfig::Kind::poison, "a-workers",
                                       Duration::zero(), s.duration);
  pa.fraction = 0.02;
  FaultConfig pb = testing::make_fault("poison b", FaultConfig::Kind::poison, "b-workers",
                                       Duration::zero(), s.duration);
  pb.fraction = 0.005;
  s.faults = {pa, pb};
  const RunResult r = testing::run_to_end(s);
  REQUIRE(r.fault_impacts.size() == 2);
  const FaultImpact& a = r.fault_impacts[0];
  const FaultImpact& b = r.fault_impacts[1];
  CHECK(r.events.balanced());
  // Line a fails only by its poison: every failure and every DLQ move is
  // fault a's.
  CHECK(a.retried == r.fleets[0].failed);
  CHECK(a.moved_to_dlq == r.queues[0].moved_to_dlq);
  // Line b's transient failures are not fault b's; its poison ones are.
  CHECK(b.retried > 0);
  CHECK(b.retried < r.fleets[1].failed);
  CHECK(b.moved_to_dlq <= r.queues[2].moved_to_dlq);
  // A poison event fails on each of its 3 receives, then moves to the DLQ.
  CHECK(b.retried >= 3 * b.moved_to_dlq);
  CHECK(b.retried <= 3 * b.moved_to_dlq + 3 * 4);  // the few still in the queue at the end
  // About 4 times as many poison events on a as on b.
  CHECK(a.moved_to_dlq > 2 * b.moved_to_dlq);
  // Each fault's attempts are its own fleet's.
  CHECK(a.attempts <= r.fleets[0].processed + r.fleets[0].failed);
  REQUIRE(a.amplification);
  CHECK(*a.amplification >= 1.0);
}

TEST_CASE("a brownout counts the errors it added, not the API's own errors", "[slow]") {
  SystemConfig s = two_lines();
  ApiConfig api;
  api.name = "stock";
  api.error_probability = 0.02;
  s.apis.push_back(api);
  s.fleets[0].calls.emplace_back("stock", 1);
  FaultConfig brownout = testing::make_fault(
      "stock brownout", FaultConfig::Kind::downstream_brownout, "stock", minutes(5), minutes(5));
  brownout.error_probability = 0.3;
  s.faults = {brownout};
  const RunResult r = testing::run_to_end(s);
  REQUIRE(r.fault_impacts.size() == 1);
  const FaultImpact& f = r.fault_impacts[0];
  REQUIRE(r.faults[0].consumers == std::vector<std::string>{"a-workers"});
  // The API's own 2 % fail all run long; the brownout adds 30 % x 98 % of
  // the attempts in its 5 minutes: about 0.294 x 29/s (20/s and their
  // retries) x 300 s = 2,570.
  CHECK(f.retried > 2000);
  CHECK(f.retried < 3200);
  CHECK(f.retried < r.fleets[0].failed_downstream);
  // Line b calls nothing: none of its attempts are the fault's.
  CHECK(f.attempts <= r.fleets[0].processed + r.fleets[0].failed);
}

TEST_CASE("an outage answers for the messages it made its fleet abandon") {
  SystemConfig s = two_lines();
  FaultConfig outage = testing::make_fault("a down", FaultConfig::Kind::consumer_outage,
                                           "a-workers", minutes(5), minutes(1));
  s.faults = {outage};
  const RunResult r = testing::run_to_end(s);
  REQUIRE(r.fault_impacts.size() == 1);
  CHECK(r.fault_impacts[0].retried == r.fleets[0].abandoned);
  CHECK(r.fleets[0].abandoned > 0);
}
