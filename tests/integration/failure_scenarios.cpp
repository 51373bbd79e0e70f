// The shipped failure scenarios tell their stories: redrive alone strands
// the outage's orders in the DLQ, re-push and a DLQ redrive recover them,
// poison reaches the DLQ without slowing the rest, and jitter cuts the
// rejected calls of a retry storm.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

RunResult run_shipped(const char* name) {
  System system(scenario::load(std::filesystem::path(EDASIM_SOURCE_DIR) / "scenarios" / name));
  system.run();
  return system.result();
}

const FleetResult& fleet(const RunResult& r, const std::string& name) {
  for (const FleetResult& f : r.fleets) {
    if (f.name == name) return f;
  }
  FAIL("no fleet " << name);
  return r.fleets.front();
}

}  // namespace

TEST_CASE("in the outage scenarios re-push and a DLQ redrive recover what redrive alone strands") {
  const RunResult redrive = run_shipped("outage-redrive.toml");
  const RunResult repush = run_shipped("outage-repush.toml");
  const RunResult dlq_redrive = run_shipped("outage-dlq-redrive.toml");
  for (const RunResult* r : {&redrive, &repush, &dlq_redrive}) {
    CHECK(r->events.balanced());
    REQUIRE(r->faults.size() == 1);
    CHECK(r->faults[0].kind == "downstream_outage");
  }
  // About 10 minutes of orders at 50/s end in the DLQ with redrive alone.
  CHECK(redrive.events.dlq > 20'000);
  CHECK(repush.events.dlq < redrive.events.dlq / 100);
  CHECK(fleet(repush, "payments").repushed > 0);
  CHECK(calls_made(repush, "consumer:payments", "SendMessage") ==
        fleet(repush, "payments").repushed + fleet(repush, "payments").dead_lettered);
  CHECK(dlq_redrive.events.dlq == 0);
  CHECK(dlq_redrive.events.recovered_by_redrive == redrive.events.dlq);
}

TEST_CASE("in the poison scenario poison reaches the DLQ and the rest stay fast") {
  const RunResult r = run_shipped("poison.toml");
  CHECK(r.events.balanced());
  const double produced = static_cast<double>(r.events.produced);
  CHECK(static_cast<double>(r.events.dlq) ==
        Approx(0.001 * produced).margin(5 * std::sqrt(0.001 * produced)));
  // Each poison message failed max_receive_count = 3 times; nothing else failed.
  CHECK(r.fleets[0].failed >= 3 * r.events.dlq);
  CHECK(r.fleets[0].failed <= 3 * (r.events.dlq + r.events.in_flight));
  CHECK(r.fleets[0].end_to_end.quantile(0.99) < milliseconds(100).ns);
}

TEST_CASE("in the retry storm the fleet without jitter has more calls rejected") {
  const RunResult r = run_shipped("retry-storm.toml");
  CHECK(r.events.balanced());
  REQUIRE(r.apis.size() == 2);
  const ApiResult& lockstep = r.apis[0];
  const ApiResult& jittered = r.apis[1];
  CHECK(lockstep.rejected > jittered.rejected * 3 / 2);
  CHECK(lockstep.calls > jittered.calls);
  CHECK(fleet(r, "lockstep").retries > fleet(r, "jittered").retries);
  CHECK(lockstep.peak_concurrency == 25);
}

TEST_CASE(
    "target outage: the default policy delivers every order late, a short event age sends "
    "them to the target DLQ, and without a DLQ the bus drops the same orders") {
  const plan::StudyConfig study = scenario::load_study(std::filesystem::path(EDASIM_SOURCE_DIR) /
                                                       "scenarios" / "target-outage.toml");
  REQUIRE(study.designs.size() == 3);
  const auto run_design = [](const SystemConfig& config) {
    System system(config);
    system.run();
    return system.result();
  };
  const RunResult retried = run_design(study.designs[0].system);
  const RunResult to_dlq = run_design(study.designs[1].system);
  const RunResult dropped = run_design(study.designs[2].system);
  const double produced = static_cast<double>(retried.events.produced);
  for (const RunResult* r : {&retried, &to_dlq, &dropped}) {
    CHECK(r->events.balanced());
    CHECK(r->producers[0].fingerprint == retried.producers[0].fingerprint);
    REQUIRE(r->faults.size() == 1);
    CHECK(r->faults[0].kind == "target_outage");
    // Audit is not affected: a billing retry never holds back its deliveries.
    CHECK(fleet(*r, "audit").processed == r->events.produced);
    CHECK(fleet(*r, "audit").end_to_end.quantile(0.99) ==
          fleet(retried, "audit").end_to_end.quantile(0.99));
  }
  // Fifteen minutes at 20/s fail at least once; every one is retried and
  // delivered after the outage, late.
  const BusResult& bus = retried.buses.at(0);
  CHECK(bus.retry_attempts > 18'000);
  CHECK(bus.failed_invocations == 0);
  CHECK(fleet(retried, "billing").processed == retried.events.produced);
  CHECK(fleet(retried, "billing").end_to_end.quantile(0.99) > minutes(5).ns);
  CHECK(retried.events.dlq + retried.events.dropped_by_bus == 0);
  // The retries alarm fires two minutes into the outage.
  REQUIRE(retried.alarms.size() == 1);
  REQUIRE_FALSE(retried.alarms[0].transitions.empty());
  const AlarmTransition* fired = nullptr;
  for (const AlarmTransition& t : retried.alarms[0].transitions) {
    if (fired == nullptr && t.to == AlarmState::alarm) fired = &t;
  }
  REQUIRE(fired != nullptr);
  CHECK(fired->at == minutes(12));
  // With 5 minutes of age, what failed in the first ten minutes of the
  // outage (and some of the rest) reaches the DLQ by the age condition.
  const BusResult& aged = to_dlq.buses.at(0);
  CHECK(static_cast<double>(aged.sent_to_dlq) > 600 * 20 * 0.9);
  CHECK(static_cast<double>(aged.sent_to_dlq) < 900 * 20 * 1.1);
  CHECK(aged.maximum_event_age == aged.sent_to_dlq);
  CHECK(aged.maximum_retry_attempts == 0);
  CHECK(to_dlq.events.dlq == aged.sent_to_dlq);
  CHECK(calls_made(to_dlq, "bus:orders", "EventBridge.DeliverToSQS") ==
        2 * to_dlq.events.routed_events);  // delivered or to the DLQ: one call per copy
  CHECK(fleet(to_dlq, "billing").processed + aged.sent_to_dlq == to_dlq.events.produced);
  // Without a DLQ the same orders (the same draws) are lost.
  CHECK(dropped.events.dropped_by_bus == aged.sent_to_dlq);
  CHECK(dropped.buses.at(0).dropped == aged.sent_to_dlq);
  CHECK(dropped.events.dlq == 0);
  CHECK(produced > 70'000);
}
