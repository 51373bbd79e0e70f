// Order within message groups (GroupOrder): a message processed for the
// first time after a later message of its group counts as out of order. A
// FIFO queue read one message at a time never reports one, however its
// messages fail and come back; a standard queue read by several consumers
// does as soon as failures return messages late; and a hand-made run with a
// known order gives exactly the known count.
#include <catch2/catch.hpp>

#include <string>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"
#include "tests/integration/runs.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

RunResult run(const std::string& text) {
  return testing::run_text(text, "order.toml");
}

void require_invariants(const RunResult& r) {
  REQUIRE(!r.invariants.empty());
  for (const InvariantCheck& c : r.invariants) {
    INFO(c.name);
    CHECK(c.holds());
  }
}

const FleetResult& fleet(const RunResult& r, const std::string& name) {
  for (const FleetResult& f : r.fleets) {
    if (f.name == name) return f;
  }
  FAIL("no fleet " + name);
  return r.fleets.front();
}

// 200 customers pay at 50/s; the payments fleet (8 instances x 2 pollers)
// fails a fifth of its attempts, takes up to seconds on some (a lognormal
// beyond the visibility timeout: the message comes back while it is still
// being worked on) and gives a message up to the DLQ after 4 receives.
// `queue` adds keys to the payments queue, `fleet` to the fleet.
std::string payments(const std::string& queue, const std::string& fleet_keys) {
  return R"(
[scenario]
name = "order"
duration = "10m"
seed = 19

[producers.checkout]
to = "queue.payments"
rate = "50/s"
batch = 1
stop_after = "8m"
message_group_id = "detail.customerId"
[[producers.checkout.events]]
name = "PaymentRequested"
fields = { "detail.customerId" = { id = "c-", cardinality = 200 } }

[queues.payments]
visibility_timeout = "2s"
dead_letter_queue = "payments-dlq"
max_receive_count = 4
)" + queue +
         R"(

[queues.payments-dlq]
)" + queue +
         R"(

[consumers.payments]
queue = "payments"
instances = 8
pollers = 2
processing = { dist = "lognormal", median = "60ms", sigma = 1.2 }
failure_probability = 0.2
)" + fleet_keys +
         "\n";
}

}  // namespace

TEST_CASE("a FIFO queue read one message at a time never processes a group out of order") {
  const RunResult r = run(payments("fifo = true", "batch = 1"));
  const FleetResult& f = fleet(r, "payments");
  REQUIRE(r.events.balanced());
  require_invariants(r);
  // Failures, redeliveries after the visibility timeout, processings longer
  // than it (duplicates) and messages given up to the DLQ all happened...
  REQUIRE(f.failed > 1'000);
  REQUIRE(r.queues[0].received > r.queues[0].deleted + 1'000);
  REQUIRE(r.events.duplicates_processed > 0);
  REQUIRE(r.events.dlq > 0);
  // ... and every customer's payments were still processed in order.
  CHECK(f.groups == 200);
  CHECK(f.out_of_order == 0);
}

TEST_CASE("a standard queue with several consumers and failures processes groups out of order") {
  const RunResult r = run(payments("", "batch = 1"));
  const FleetResult& f = fleet(r, "payments");
  REQUIRE(r.events.balanced());
  require_invariants(r);
  CHECK(f.groups == 200);
  // A failed payment returns after 2 s, by when the customer's next one
  // (4 s apart on average) has often gone through: on the order of the
  // failures that are not the group's last word, thousands.
  CHECK(f.out_of_order > 1'000);
  CHECK(f.out_of_order < f.processed);
}

TEST_CASE(
    "a FIFO fleet that goes on with its batch after a failure processes a group out of order") {
  // A receive on a FIFO queue hands out several messages of one group; the
  // fleet processes and deletes the batch's later messages after an earlier
  // one failed, and the failed one comes back after them (AWS's Lambda
  // stops a FIFO batch at its first failure for this reason).
  const RunResult r = run(payments("fifo = true", "batch = 10"));
  const FleetResult& f = fleet(r, "payments");
  REQUIRE(r.events.balanced());
  CHECK(f.out_of_order > 0);
}

TEST_CASE("a hand-made run gives exactly the known number of payments out of order") {
  // One customer pays every second; the card API is down from 10 s to 15 s,
  // so the payments of 10, 11, 12, 13 and 14 s fail once each and come back
  // 30 s later, after every payment of 15 s to 40 s went through: exactly
  // five are processed out of order.
  const RunResult r = run(R"(
[scenario]
name = "order"
duration = "2m"
seed = 5

[producers.checkout]
to = "queue.payments"
rate = "1/s"
arrival = "constant"
batch = 1
message_group_id = "detail.customerId"
[[producers.checkout.events]]
name = "PaymentRequested"
fields = { "detail.customerId" = { choice = ["c-1"] } }

[queues.payments]
visibility_timeout = "30s"

[[apis]]
name = "card"

[consumers.payments]
queue = "payments"
batch = 1
processing = "10ms"
calls = { "card" = 1 }

[[faults]]
name = "card-down"
kind = "downstream_outage"
target = "card"
start = "10s"
duration = "5s"
)");
  const FleetResult& f = fleet(r, "payments");
  REQUIRE(r.events.balanced());
  CHECK(f.failed == 5);
  CHECK(f.groups == 1);
  CHECK(f.out_of_order == 5);
  CHECK(r.events.processed == r.events.produced);
}

TEST_CASE("messages without a group are not tracked") {
  // The same payments, the producer without message_group_id.
  std::string text = payments("", "batch = 1");
  const std::string key = "message_group_id = \"detail.customerId\"\n";
  text.erase(text.find(key), key.size());
  const RunResult r = run(text);
  const FleetResult& f = fleet(r, "payments");
  CHECK(f.groups == 0);
  CHECK(f.out_of_order == 0);
}

TEST_CASE("late_after counts exactly the first processings later than it end to end") {
  // One payment a second, each taking 1.5 s on one poller and no SQS
  // latency: the k-th payment (from 0) is done 1.5 (k + 1) s after the
  // first arrived, so its end-to-end latency is 0.5 k + 1.5 s, longer than
  // 10.25 s from k = 18 on: all but the first 18 are late.
  const RunResult r = run(R"(
[scenario]
name = "late"
duration = "3m"
seed = 5

[producers.checkout]
to = "queue.payments"
rate = "1/s"
arrival = "constant"
batch = 1
stop_after = "1m"
[[producers.checkout.events]]
name = "PaymentRequested"

[queues.payments]
visibility_timeout = "5m"

[consumers.payments]
queue = "payments"
batch = 1
processing = "1500ms"
late_after = "10250ms"
)");
  const FleetResult& f = fleet(r, "payments");
  REQUIRE(r.events.processed == r.events.produced);
  REQUIRE(r.events.produced >= 59);
  CHECK(f.late == r.events.produced - 18);
  CHECK(f.late_after == milliseconds(10250));
}

namespace {

// The same 200 customers' payments, read by a Lambda function's mapping
// that fails a fifth of its messages.
RunResult lambda_payments(const std::string& queue) {
  return run(R"(
[scenario]
name = "order"
duration = "10m"
seed = 23

[producers.checkout]
to = "queue.payments"
rate = "50/s"
batch = 1
stop_after = "8m"
message_group_id = "detail.customerId"
[[producers.checkout.events]]
name = "PaymentRequested"
fields = { "detail.customerId" = { id = "c-", cardinality = 200 } }

[queues.payments]
visibility_timeout = "5s"
)" + queue + R"(

[functions.payments]
queue = "payments"
batch = 10
processing = { dist = "lognormal", median = "40ms", sigma = 0.5 }
failure_probability = 0.2
)");
}

const FunctionResult& function(const RunResult& r) {
  REQUIRE(r.functions.size() == 1);
  return r.functions.front();
}

}  // namespace

TEST_CASE("a Lambda function keeps a FIFO queue's groups in order, not a standard queue's") {
  // On FIFO, a failed message fails its whole batch (no
  // ReportBatchItemFailures), whose later messages were not reached: they
  // come back together, in order.
  const RunResult fifo = lambda_payments("fifo = true");
  REQUIRE(fifo.events.balanced());
  REQUIRE(function(fifo).failed > 1'000);
  CHECK(function(fifo).groups == 200);
  CHECK(function(fifo).out_of_order == 0);
  const RunResult standard = lambda_payments("");
  REQUIRE(standard.events.balanced());
  CHECK(function(standard).groups == 200);
  CHECK(function(standard).out_of_order > 100);
}
