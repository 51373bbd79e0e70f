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
