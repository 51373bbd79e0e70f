// An event a consumer emits without a template of its own carries the
// fields of the event it processes: a bus's rules route it on them and a
// FIFO entry takes its message group from one of them, as a handler that
// forwards what it read does. Nothing of the content travels with the
// message: the emitter makes the fields again from the number of the event
// that carries them (EventSources), so the routing must come out exactly as
// if the producer had sent its events to the bus itself.
#include <catch2/catch.hpp>

#include <string>

#include "sim/model/producers/event_factory.hpp"
#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"
#include "tests/integration/runs.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

// Customers' orders, a third of them from gold customers; the producer
// stops at 2 minutes and every stage is quick, so all are routed by the
// end of the 3-minute run.
const std::string producer_to(const std::string& to) {
  return R"(
[scenario]
name = "carry"
duration = "3m"
seed = 21

[producers.orders]
to = ")" +
         to + R"("
rate = "40/s"
stop_after = "2m"
[[producers.orders.events]]
name = "OrderPlaced"
[producers.orders.events.fields]
"detail.tier" = { choice = ["gold", "silver", "bronze"] }
"detail.customerId" = { id = "c-", cardinality = 8 }
)";
}

// The bus the orders end on: gold orders to one queue, the rest to another.
const std::string bus = R"(
[buses.b]
[[buses.b.rules]]
name = "gold"
pattern = '{"detail": {"tier": ["gold"]}}'
targets = ["gold"]
[[buses.b.rules]]
name = "other"
pattern = '{"detail": {"tier": ["silver", "bronze"]}}'
targets = ["other"]

[queues.gold]
[queues.other]
)";

RunResult run(const std::string& text) {
  return testing::run_text(text, "carry.toml");
}

std::uint64_t sent_to(const RunResult& r, const std::string& queue) {
  return testing::named(r.queues, queue).sent;
}

const std::string relay(const std::string& name, const std::string& from, const std::string& to,
                        const std::string& extra = "") {
  return "\n[queues." + from + "]\n[consumers." + name + "]\nqueue = \"" + from +
         "\"\ninstances = 4\nprocessing = \"5ms\"\n[[consumers." + name + ".emit]]\nto = \"" + to +
         "\"\n" + extra;
}

}  // namespace

TEST_CASE("an event emitted without a template is routed on the processed event's fields") {
  // The same producer's events (common random numbers), once sent to the
  // bus by the producer and once forwarded by a relay.
  const RunResult direct = run(producer_to("bus.b") + bus);
  const RunResult relayed = run(producer_to("queue.in") + bus + relay("relay", "in", "bus.b"));

  const std::uint64_t gold = sent_to(direct, "gold"), other = sent_to(direct, "other");
  REQUIRE(gold > 1'000);
  REQUIRE(other > 2 * gold - 400);  // two tiers of three
  CHECK(gold + other == direct.events.produced);
  CHECK(sent_to(relayed, "gold") == gold);
  CHECK(sent_to(relayed, "other") == other);
  CHECK(relayed.events.emitted == relayed.events.produced);
  CHECK(relayed.events.balanced());
}

TEST_CASE("fields carry over through every relay in a row back to the event that has them") {
  const RunResult direct = run(producer_to("bus.b") + bus);
  const RunResult twice = run(producer_to("queue.in") + bus + relay("first", "in", "queue.mid") +
                              relay("second", "mid", "bus.b"));
  CHECK(sent_to(twice, "gold") == sent_to(direct, "gold"));
  CHECK(sent_to(twice, "other") == sent_to(direct, "other"));
  CHECK(twice.events.emitted == 2 * twice.events.produced);
}

TEST_CASE("a template on the way replaces the fields the later relays carry") {
  // The first relay makes a new event of its own, without the tier, so the
  // bus's rules see none; its `kind` field is what carries on.
  const std::string kinds = R"(
[consumers.first.emit.event]
name = "Checked"
[consumers.first.emit.event.fields]
"detail.kind" = { choice = ["checked"] }
)";
  const std::string by_kind = R"(
[[buses.b.rules]]
name = "checked"
pattern = '{"detail": {"kind": ["checked"]}}'
targets = ["checked"]
[queues.checked]
)";
  const RunResult r =
      run(producer_to("queue.in") + bus + by_kind + relay("first", "in", "queue.mid", kinds) +
          relay("second", "mid", "bus.b"));
  CHECK(sent_to(r, "gold") == 0);
  CHECK(sent_to(r, "other") == 0);
  CHECK(sent_to(r, "checked") == r.events.produced);
}

TEST_CASE("a FIFO entry without a template takes its message group from a carried field") {
  // From a standard queue, whose messages have no group, into a FIFO queue
  // grouped by customer: 8 customers, so a slow sink of 16 instances has at
  // most 8 messages in flight, one per group.
  const std::string fifo = R"(
[queues.pay]
fifo = true
[consumers.sink]
queue = "pay"
instances = 16
batch = 1
processing = "1s"
)";
  const RunResult grouped =
      run(producer_to("queue.in") + fifo +
          relay("relay", "in", "queue.pay", "message_group_id = \"detail.customerId\"\n"));
  const RunResult ungrouped =
      run(producer_to("queue.in") + fifo + relay("relay", "in", "queue.pay"));
  const auto in_flight = [](const RunResult& r) {
    return testing::named(r.queues, "pay").max_groups_in_flight;
  };
  CHECK(in_flight(grouped) == 8);
  // Without message_group_id the group is the processed message's: none.
  CHECK(in_flight(ungrouped) == 1);
}

TEST_CASE("an event's content is the same wherever and whenever it is made") {
  EventTemplate t;
  t.name = "E";
  FieldGenerator tier;
  tier.path = {"detail", "tier"};
  tier.kind = FieldGenerator::Kind::choice;
  tier.values = {"gold", "silver", "bronze"};
  FieldGenerator amount;
  amount.path = {"detail", "amount"};
  amount.kind = FieldGenerator::Kind::number;
  amount.number = core::Distribution::exponential(50.0);
  t.fields = {tier, amount};
  const std::span<const EventTemplate> templates(&t, 1);
  EventFactory forwards(templates), backwards(templates);
  const std::uint64_t seed = core::stream_seed(7, "producer:orders/events");
  std::vector<std::pair<std::string, double>> first(100), second(100);
  const auto read = [](const EventFactory& f) {
    const auto leaves = f.content().leaves();
    return std::pair<std::string, double>(std::string(leaves[0].value.text),
                                          leaves[1].value.number);
  };
  for (std::uint64_t i = 0; i < 100; ++i) {
    forwards.generate_event(seed, i);
    first[i] = read(forwards);
  }
  for (std::uint64_t i = 100; i-- > 0;) {
    backwards.generate_event(seed, i);
    second[i] = read(backwards);
  }
  CHECK(first == second);
  // And events differ from one another.
  CHECK(first[0] != first[1]);
}

TEST_CASE("a FIFO queue's content-based deduplication drops an emitted event sent again") {
  // A standard queue delivers a tenth of its deleted messages again; the
  // relay processes each such duplicate and forwards it once more. The
  // forwarded body is the same (the same processed event through the same
  // entry: its identity), so the FIFO queue accepts and drops every resend
  // that comes within its 5-minute window: here all of them.
  const std::string rest = R"(
[queues.in]
duplicate_probability = 0.1
[consumers.relay]
queue = "in"
instances = 4
processing = "5ms"
[[consumers.relay.emit]]
to = "queue.pay"
message_group_id = "detail.customerId"

[queues.pay]
fifo = true
[consumers.sink]
queue = "pay"
instances = 4
processing = "5ms"
)";
  const RunResult r = run(producer_to("queue.in") + rest);
  const auto pay = [&]() -> const QueueResult& { return testing::named(r.queues, "pay"); };
  REQUIRE(r.events.duplicates_processed > 300);
  CHECK(pay().deduplicated == r.events.duplicates_processed);
  CHECK(pay().sent + pay().deduplicated == r.events.emitted);
  CHECK(r.events.balanced());
}
