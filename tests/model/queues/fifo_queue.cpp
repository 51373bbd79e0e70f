// SQS FIFO queues, behaviour by behaviour (shared/reference/services.md
// §1.8-§1.10, §8.9): group order, head-of-line blocking, deduplication,
// throughput quotas, the in-flight limit and dead-letter moves.
#include <catch2/catch.hpp>
#include <vector>

#include "sim/model/support/deduplication.hpp"
#include "tests/model/queue_rig.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::testing;

namespace {

constexpr std::uint64_t group_a = 11, group_b = 22, group_c = 33;

std::vector<std::uint64_t> events_of(const Rig&, const Answer& answer) {
  std::vector<std::uint64_t> out;
  for (const Receipt& r : answer.batch) out.push_back(r.event);
  return out;
}

}  // namespace

TEST_CASE("a FIFO receive returns a group's messages in send order and blocks the rest of it") {
  Rig rig(fifo_config());
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(3, Time::zero(), 100, {group_b, 0, false, 0, {}});
  rig.queue.send(4, Time::zero(), 100, {group_a, 0, false, 0, {}});

  rig.queue.receive(rig.recorder, 0, 2, Duration::zero());
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{1, 2});
  const Answer first = rig.last();
  // Group A has messages in flight: 4 waits although visible; B is free.
  rig.queue.receive(rig.recorder, 1, 10, Duration::zero());
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{3});
  rig.queue.receive(rig.recorder, 2, 10, Duration::zero());
  CHECK(rig.last().batch.empty());
  CHECK(rig.queue.visible() == 1);

  CHECK(rig.queue.remove(first.batch[0]));
  rig.queue.receive(rig.recorder, 2, 10, Duration::zero());
  CHECK(rig.last().batch.empty());  // 2 is still in flight
  CHECK(rig.queue.remove(first.batch[1]));
  rig.queue.receive(rig.recorder, 2, 10, Duration::zero());
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{4});
}

TEST_CASE("a slow FIFO message blocks its group until its visibility timeout ends") {
  QueueConfig c = fifo_config();
  c.visibility_timeout = seconds(30);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{1});

  // A long poll for the next message waits the whole visibility timeout
  // (head-of-line blocking), then gets message 1 again, not message 2.
  rig.queue.receive(rig.recorder, 1, 1, seconds(20));
  rig.run_to(seconds(20));
  CHECK(rig.last().batch.empty());
  CHECK(rig.last().at == Time::zero() + seconds(20));
  rig.queue.receive(rig.recorder, 1, 1, seconds(20));
  rig.run_to(seconds(40));
  CHECK(rig.last().at == Time::zero() + seconds(30));
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{1});
  CHECK(rig.last().batch[0].receive_count == 2);
}

TEST_CASE("a long poll waiting on a blocked FIFO group is answered when the group is deleted") {
  Rig rig(fifo_config());
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt one = rig.last().batch[0];
  rig.queue.receive(rig.recorder, 1, 1, seconds(20));
  rig.run_to(seconds(5));
  CHECK(rig.recorder.answers.size() == 1);
  CHECK(rig.queue.remove(one));
  REQUIRE(rig.recorder.answers.size() == 2);
  CHECK(rig.last().at == Time::zero() + seconds(5));
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{2});
}

TEST_CASE("FIFO parallelism is capped by the number of groups with messages") {
  Rig rig(fifo_config());
  for (std::uint64_t i = 0; i < 30; ++i) {
    const std::uint64_t group = i % 3 == 0 ? group_a : i % 3 == 1 ? group_b : group_c;
    rig.queue.send(i, Time::zero(), 100, {group, 0, false, 0, {}});
  }
  // Ten pollers each ask for one message: only three groups can be in flight.
  int served = 0;
  for (std::uint32_t p = 0; p < 10; ++p) {
    rig.queue.receive(rig.recorder, p, 1, Duration::zero());
    if (!rig.last().batch.empty()) ++served;
  }
  CHECK(served == 3);
  CHECK(rig.queue.in_flight() == 3);
  CHECK(rig.queue.result().max_groups_in_flight == 3);
}

TEST_CASE("a FIFO duplicate within 5 minutes is accepted and dropped, one after is a new message") {
  Rig rig(fifo_config());
  CHECK(rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}}));
  rig.run_to(minutes(5) - seconds(1));
  // The same body (content-based) and then the same deduplication id on
  // another event: both dropped.
  CHECK(rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}}));
  CHECK(rig.queue.send(7, Time::zero(), 100, {group_a, 1, false, 0, {}}));
  CHECK(rig.queue.send(8, Time::zero(), 100, {group_a, 1, false, 0, {}}));
  CHECK(rig.queue.result().sent == 2);
  CHECK(rig.queue.result().deduplicated == 2);
  CHECK(rig.books.events.deduplicated == 2);

  rig.run_to(minutes(5));
  CHECK(rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}}));
  CHECK(rig.queue.result().sent == 3);
  CHECK(rig.queue.result().deduplicated == 2);
}

TEST_CASE("the FIFO deduplication window keeps tracking an id after its message is deleted") {
  Rig rig(fifo_config());
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  CHECK(rig.queue.remove(rig.last().batch[0]));
  rig.run_to(minutes(1));
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  CHECK(rig.queue.result().deduplicated == 1);
  CHECK(rig.queue.visible() == 0);
}

TEST_CASE("high-throughput FIFO deduplicates within each message group only") {
  QueueConfig c = fifo_config();
  c.fifo->high_throughput = true;
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100, {group_a, 5, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_b, 5, false, 0, {}});
  rig.queue.send(3, Time::zero(), 100, {group_b, 5, false, 0, {}});
  CHECK(rig.queue.result().sent == 2);
  CHECK(rig.queue.result().deduplicated == 1);
}

TEST_CASE("the deduplication window forgets ids in the order it accepted them") {
  DeduplicationWindow window(seconds(10));
  for (std::uint64_t id = 0; id < 1000; ++id) {
    CHECK(window.admit(id, Time::zero() + milliseconds(static_cast<std::int64_t>(id))));
  }
  CHECK_FALSE(window.admit(999, Time::zero() + seconds(10)));
  CHECK(window.admit(0, Time::zero() + seconds(10)));
  CHECK(window.admit(500, Time::zero() + seconds(10) + milliseconds(500)));
  CHECK_FALSE(window.admit(501, Time::zero() + seconds(10) + milliseconds(500)));
  CHECK(window.tracked() == 501);
}

TEST_CASE("FIFO send calls over 300 per second are throttled and their messages counted") {
  Rig rig(fifo_config());
  for (int i = 0; i < 300; ++i) CHECK(rig.queue.admit_send(10));
  CHECK_FALSE(rig.queue.admit_send(10));
  CHECK(rig.queue.result().throttled_sends == 10);
  CHECK(rig.books.events.rejected == 10);
  rig.run_to(milliseconds(10));
  // 3 calls' worth of quota came back in 10 ms.
  CHECK(rig.queue.admit_send(1));
  CHECK(rig.queue.admit_send(1));
  CHECK(rig.queue.admit_send(1));
  CHECK_FALSE(rig.queue.admit_send(1));
}

TEST_CASE("FIFO receive calls over the quota answer at once with ThrottlingException") {
  QueueConfig c = fifo_config();
  c.fifo->api_rate_limit = 5;
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  for (std::uint32_t p = 0; p < 6; ++p) rig.queue.receive(rig.recorder, p, 1, seconds(20));
  REQUIRE(rig.recorder.answers.size() == 2);
  CHECK(rig.recorder.answers[0].status == ReceiveStatus::ok);
  CHECK(rig.last().status == ReceiveStatus::throttled);
  CHECK(rig.last().at == Time::zero());
  CHECK(rig.queue.result().throttled_receives == 1);
}

TEST_CASE("a standard queue never throttles sends") {
  Rig rig(config());
  for (int i = 0; i < 100'000; ++i) REQUIRE(rig.queue.admit_send(10));
}

TEST_CASE("a FIFO message moved to the dead-letter queue unblocks its group, breaking order") {
  QueueConfig c = fifo_config();
  c.visibility_timeout = seconds(30);
  c.dead_letter_queue = "dlq";
  c.max_receive_count = 1;
  Rig rig(c, fifo_config("dlq"));
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{1});
  rig.run_to(seconds(31));
  // The receive that would be message 1's second moves it to the DLQ and
  // returns message 2 instead.
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{2});
  CHECK(rig.queue.result().moved_to_dlq == 1);
  CHECK(rig.dlq->visible() == 1);
}

TEST_CASE("a FIFO dead-letter queue starts retention again when a message arrives") {
  QueueConfig c = fifo_config();
  c.visibility_timeout = seconds(30);
  c.retention = minutes(2);
  c.dead_letter_queue = "dlq";
  c.max_receive_count = 1;
  QueueConfig d = fifo_config("dlq");
  d.retention = minutes(2);
  Rig rig(c, d);
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  rig.run_to(seconds(100));
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  CHECK(rig.dlq->visible() == 1);
  // A standard DLQ would drop it at 120 s; this one keeps it to 220 s.
  rig.run_to(seconds(219));
  CHECK(rig.dlq->visible() == 1);
  rig.run_to(seconds(221));
  CHECK(rig.dlq->visible() == 0);
  CHECK(rig.books.events.expired == 1);
}

TEST_CASE("a FIFO queue over its in-flight limit returns nothing, without OverLimit") {
  QueueConfig c = fifo_config();
  c.in_flight_limit = 1;
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.send(2, Time::zero(), 100, {group_b, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  rig.queue.receive(rig.recorder, 1, 1, Duration::zero());
  CHECK(rig.last().batch.empty());
  CHECK(rig.last().status == ReceiveStatus::ok);
  CHECK(rig.queue.result().received_over_limit == 0);
}

TEST_CASE("a FIFO message released early returns to the head of its group") {
  Rig rig(fifo_config());
  for (std::uint64_t i = 1; i <= 3; ++i)
    rig.queue.send(i, Time::zero(), 100, {group_a, 0, false, 0, {}});
  rig.queue.receive(rig.recorder, 0, 2, Duration::zero());
  const Answer taken = rig.last();
  CHECK(rig.queue.remove(taken.batch[1]));
  CHECK(rig.queue.change_visibility(taken.batch[0], Duration::zero()));
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  CHECK(events_of(rig, rig.last()) == std::vector<std::uint64_t>{1, 3});
}
