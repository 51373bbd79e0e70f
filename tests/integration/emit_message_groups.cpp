// An event a consumer emits into a FIFO queue takes a message group: the
// value of the emitted event's field `message_group_id` names, or by default
// the group of the message being processed (a relay keeps each customer's
// sequence). The groups show in how many the queue has in flight at once:
// a slow sink of many instances takes one message of each group at a time.
#include <catch2/catch.hpp>

#include <string>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

// Producer -> FIFO queue "a" (8 customers, each its own group) -> fleet
// "relay", which emits each order to FIFO queue "b" with `entry` added to
// its emit entry -> 16 slow instances of "sink".
RunResult relay(const std::string& entry) {
  const std::string text = R"(
[scenario]
name = "groups"
duration = "5m"
seed = 11

[producers.orders]
to = "queue.a"
rate = "20/s"
message_group_id = "detail.customerId"
[[producers.orders.events]]
name = "Order"
fields = { "detail.customerId" = { id = "c-", cardinality = 8 } }

[queues.a]
fifo = true
[queues.b]
fifo = true

[consumers.relay]
queue = "a"
instances = 4
processing = "5ms"
emit = [{ to = "queue.b")" +
                           entry + R"( }]

[consumers.sink]
queue = "b"
instances = 16
batch = 1
processing = "1s"
)";
  System system(scenario::load_text(text, "groups.toml"));
  system.run();
  return system.result();
}

const QueueResult& queue_b(const RunResult& r) {
  for (const QueueResult& q : r.queues) {
    if (q.name == "b") return q;
  }
  FAIL("no queue b");
  return r.queues.front();
}

}  // namespace

TEST_CASE("an event emitted into a FIFO queue keeps the processed message's group by default") {
  const RunResult r = relay("");
  const QueueResult& b = queue_b(r);
  REQUIRE(b.sent > 1'000);
  // The sink falls behind (16 instances at 1 s a message, 20 orders a
  // second), so every group has a message in flight at once: all eight.
  CHECK(b.max_groups_in_flight == 8);
  CHECK(r.events.balanced());
}

TEST_CASE("message_group_id on an emit entry takes the group from the emitted event's field") {
  const RunResult r = relay(
      R"(, message_group_id = "detail.region", event = { name = "Paid", size = "1KiB", fields = { "detail.region" = { choice = ["eu", "us", "ap"] } } })");
  const QueueResult& b = queue_b(r);
  REQUIRE(b.sent > 1'000);
  CHECK(b.max_groups_in_flight == 3);
}

TEST_CASE("message_group_id must name a field of the emitted event, on an entry to a queue") {
  // Without a template the entry carries the processed event's fields:
  // the path must be one some maker of events declares.
  CHECK_THROWS_WITH(
      relay(R"(, message_group_id = "detail.region")"),
      Catch::Contains("emit[0].message_group_id: expected a field of the processed event"));
  CHECK_THROWS_WITH(
      relay(R"(, message_group_id = "detail.region", event = { name = "E", fields = { "detail.id" = { sequence = "e-" } } })"),
      Catch::Contains("emit[0].message_group_id: expected a field of the emitted event"));
}
