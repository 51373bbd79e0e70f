// Receipts that outlive their message (issue 11, items 1-3): a consumer
// whose visibility timeout ended while it worked, FIFO groups after a
// consumer's re-push or DLQ send, and FIFO deletes outside the visibility
// window (shared/reference/services.md §1.2, §1.5, §1.10).
#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

#include "queue_rig.hpp"
#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;
using namespace edasim::testing;

namespace {

constexpr std::uint64_t group_a = 11;

// Story 5's question: messages at 0.5/s into a queue with a 1 s visibility
// timeout, processing uniform 0.1-2 s, so most messages come back while
// still being worked on and are received and deleted by another poller.
SystemConfig visibility_shorter_than_processing() {
  SystemConfig s;
  s.name = "stale-receipts";
  s.seed = 11;
  s.duration = minutes(30);
  ProducerConfig p;
  p.name = "p";
  p.target_table = "queues";
  p.target = "q";
  p.arrival.rate = Rate{0.5};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = "q";
  q.visibility_timeout = seconds(1);
  s.queues.push_back(q);
  return s;
}

}  // namespace

TEST_CASE("a poller finishing after another deleted its message records the latency it saw") {
  SystemConfig s = visibility_shorter_than_processing();
  FleetConfig f;
  f.name = "c";
  f.queue = "q";
  f.instances = 1;
  f.pollers_per_instance = 2;
  f.batch_size = 1;
  f.processing = DurationDistribution(Distribution::uniform(0.1, 2.0));
  s.fleets.push_back(f);
  System system(s);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.events.balanced());
  // Many finishes came after the message was deleted by the other poller.
  REQUIRE(r.events.duplicates_processed > 100);
  // No message waited more than a few visibility timeouts; a latency read
  // from a recycled slot (produced = 0) would be nearly the run's length.
  CHECK(r.queues[0].max_age < seconds(30));
  CHECK(r.fleets[0].end_to_end.max() < seconds(30).ns);
  // Each message's first processing is recorded once, duplicates never.
  CHECK(r.fleets[0].end_to_end.count() == r.events.processed);
  CHECK(r.fleets[0].processed == r.events.processed + r.events.duplicates_processed);
}

TEST_CASE(
    "a Lambda invocation finishing after another deleted its message records the latency it saw") {
  SystemConfig s = visibility_shorter_than_processing();
  FunctionConfig f;
  f.name = "f";
  f.queue = "q";
  f.timeout = seconds(10);
  f.batch_size = 1;
  f.initial_concurrency = 2;
  f.idle_concurrency = 2;
  f.max_pollers = 2;
  f.processing = DurationDistribution(Distribution::uniform(0.1, 2.0));
  f.cold_start = DurationDistribution(Distribution::constant(0.0));
  s.functions.push_back(f);
  System system(s);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.events.balanced());
  REQUIRE(r.events.duplicates_processed > 100);
  CHECK(r.queues[0].max_age < seconds(30));
  CHECK(r.functions[0].end_to_end.max() < seconds(30).ns);
  CHECK(r.functions[0].end_to_end.count() == r.events.processed);
}

TEST_CASE("a receipt whose message was deleted and whose slot was reused touches nothing") {
  QueueConfig c = config();
  c.visibility_timeout = seconds(1);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt first = rig.last().batch.at(0);
  rig.run_to(seconds(2));
  rig.queue.receive(rig.recorder, 1, 1, Duration::zero());
  const Receipt second = rig.last().batch.at(0);
  REQUIRE(second.id == first.id);
  CHECK(rig.queue.mark_processed(second));
  REQUIRE(rig.queue.remove(second));
  // A new message takes the freed slot.
  rig.queue.send(2, Time::zero() + seconds(2), 100);
  rig.queue.receive(rig.recorder, 2, 1, Duration::zero());
  const Receipt third = rig.last().batch.at(0);
  REQUIRE(third.id == first.id);
  CHECK(third.event == 2);
  // The first poller finishes late: its processing is a duplicate, its
  // delete fails, and the new occupant is not marked as processed.
  CHECK_FALSE(rig.queue.mark_processed(first));
  CHECK_FALSE(rig.queue.remove(first));
  CHECK_THROWS_AS(rig.queue.message(first), std::logic_error);
  CHECK(rig.queue.message(third).event == 2);
  CHECK(rig.queue.mark_processed(third));
  CHECK(rig.queue.in_flight() == 1);
}

TEST_CASE("a receipt from before a re-push does not delete the re-pushed message") {
  Rig rig(config());
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt before = rig.last().batch.at(0);
  REQUIRE(rig.queue.repush(before, Duration::zero()));
  rig.queue.receive(rig.recorder, 1, 1, Duration::zero());
  const Receipt after = rig.last().batch.at(0);
  // Same slot, same receive count: only the receipt's serial tells them apart.
  REQUIRE(after.receive_count == before.receive_count);
  CHECK_FALSE(rig.queue.remove(before));
  CHECK(rig.queue.in_flight() == 1);
  CHECK(rig.queue.remove(after));
}

TEST_CASE("a FIFO group hands out its next message after a consumer re-pushes its head") {
  Rig rig(fifo_config());
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt one = rig.last().batch.at(0);
  REQUIRE(one.event == 1);
  REQUIRE(rig.queue.repush(one, Duration::zero()));
  // The re-pushed copy is a new message at the back of its group.
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  REQUIRE(rig.last().batch.size() == 1);
  CHECK(rig.last().batch[0].event == 2);
  REQUIRE(rig.queue.remove(rig.last().batch[0]));
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  REQUIRE(rig.last().batch.size() == 1);
  CHECK(rig.last().batch[0].event == 1);
}

TEST_CASE("a long poll waiting on a FIFO group is answered when its head is re-pushed") {
  Rig rig(fifo_config());
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt one = rig.last().batch.at(0);
  rig.queue.receive(rig.recorder, 1, 1, seconds(20));
  rig.run_to(seconds(5));
  REQUIRE(rig.recorder.answers.size() == 1);
  REQUIRE(rig.queue.repush(one, Duration::zero()));
  REQUIRE(rig.recorder.answers.size() == 2);
  CHECK(rig.last().at == Time::zero() + seconds(5));
  REQUIRE(rig.last().batch.size() == 1);
  CHECK(rig.last().batch[0].event == 2);
}

TEST_CASE("a FIFO group hands out its next message after a consumer sends its head to the DLQ") {
  QueueConfig c = fifo_config();
  c.dead_letter_queue = "dlq";
  c.max_receive_count = 5;
  Rig rig(c, fifo_config("dlq"));
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt one = rig.last().batch.at(0);
  REQUIRE(rig.queue.send_to_dead_letter_queue(one));
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  REQUIRE(rig.last().batch.size() == 1);
  CHECK(rig.last().batch[0].event == 2);
  CHECK(rig.dlq->visible() == 1);
}

TEST_CASE("a FIFO re-push takes the queue's delay and refuses a per-message delay") {
  QueueConfig c = fifo_config();
  c.delay = seconds(3);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.run_to(seconds(3));
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt one = rig.last().batch.at(0);
  CHECK_THROWS_AS(rig.queue.repush(one, seconds(1)), std::invalid_argument);
  REQUIRE(rig.queue.repush(one, Duration::zero()));
  CHECK(rig.queue.delayed() == 1);
  rig.run_to(seconds(6) - nanoseconds(1));
  CHECK(rig.queue.visible() == 0);
  rig.run_to(seconds(6));
  CHECK(rig.queue.visible() == 1);
}

TEST_CASE("a FIFO delete after the visibility timeout fails and the message is delivered again") {
  QueueConfig c = fifo_config();
  c.visibility_timeout = seconds(1);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt one = rig.last().batch.at(0);
  rig.run_to(seconds(2));
  CHECK_FALSE(rig.queue.remove(one));
  CHECK(rig.queue.result().deleted == 0);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  REQUIRE(rig.last().batch.size() == 1);
  CHECK(rig.last().batch[0].event == 1);
  CHECK(rig.last().batch[0].receive_count == 2);
}

TEST_CASE("a standard delete with the latest receipt after the visibility timeout still deletes") {
  QueueConfig c = config();
  c.visibility_timeout = seconds(1);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt one = rig.last().batch.at(0);
  rig.run_to(seconds(2));
  REQUIRE(rig.queue.visible() == 1);
  CHECK(rig.queue.remove(one));
  CHECK(rig.queue.visible() == 0);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  CHECK(rig.last().batch.empty());
}
