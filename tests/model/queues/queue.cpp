// The SQS-style queue, behaviour by behaviour (shared/reference/services.md §1).
#include "sim/model/queues/queue.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "tests/model/queue_rig.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::testing;

TEST_CASE("a message whose visibility timeout expires is delivered again") {
  QueueConfig c = config();
  c.visibility_timeout = seconds(30);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  REQUIRE(rig.last().batch.size() == 1);
  CHECK(rig.queue.in_flight() == 1);

  rig.run_to(seconds(29));
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  CHECK(rig.last().batch.empty());

  rig.run_to(seconds(30));
  CHECK(rig.queue.visible() == 1);
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  REQUIRE(rig.last().batch.size() == 1);
  CHECK(rig.last().batch[0].receive_count == 2);
}

TEST_CASE("a delete with the receipt of an earlier receive deletes nothing") {
  QueueConfig c = config();
  c.visibility_timeout = seconds(5);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt first = rig.last().batch.at(0);
  rig.run_to(seconds(6));
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt second = rig.last().batch.at(0);
  CHECK_FALSE(rig.queue.remove(first));
  CHECK(rig.queue.in_flight() == 1);
  CHECK(rig.queue.remove(second));
  CHECK(rig.queue.in_flight() == 0);
  CHECK(rig.books.events.processed == 1);
}

TEST_CASE("a message received maxReceiveCount times moves to the DLQ on the next receive") {
  QueueConfig c = config("source");
  c.visibility_timeout = seconds(1);
  c.dead_letter_queue = "dlq";
  c.max_receive_count = 3;
  Rig rig(c, config("dlq"));
  rig.queue.send(1, Time::zero(), 100);
  for (int i = 1; i <= 3; ++i) {
    rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
    REQUIRE(rig.last().batch.size() == 1);
    CHECK(rig.last().batch[0].receive_count == static_cast<std::uint32_t>(i));
    rig.run_to(seconds(i));
  }
  // The fourth receive finds the message visible but moves it instead of
  // returning it.
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  CHECK(rig.last().batch.empty());
  CHECK(rig.queue.result().moved_to_dlq == 1);
  CHECK(rig.dlq->visible() == 1);
  CHECK(rig.dlq->live_messages() == 1);
  CHECK(rig.queue.live_messages() == 0);
}

TEST_CASE("a message is deleted silently when its retention period ends") {
  QueueConfig c = config();
  c.retention = seconds(60);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  rig.run_to(seconds(59));
  CHECK(rig.queue.visible() == 1);
  rig.run_to(seconds(60));
  CHECK(rig.queue.visible() == 0);
  CHECK(rig.queue.result().expired == 1);
  CHECK(rig.books.events.expired == 1);
}

TEST_CASE("retention in a standard DLQ counts from the original enqueue time") {
  QueueConfig c = config("source");
  c.visibility_timeout = seconds(10);
  c.dead_letter_queue = "dlq";
  c.max_receive_count = 1;
  c.retention = hours(1);
  QueueConfig d = config("dlq");
  d.retention = seconds(100);
  Rig rig(c, d);
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  rig.run_to(seconds(50));
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());  // moves it at t=50
  REQUIRE(rig.dlq->visible() == 1);
  rig.run_to(seconds(99));
  CHECK(rig.dlq->visible() == 1);
  rig.run_to(seconds(100));
  CHECK(rig.dlq->visible() == 0);
  CHECK(rig.dlq->result().expired == 1);
}

TEST_CASE("a delayed message stays invisible for DelaySeconds") {
  QueueConfig c = config();
  c.delay = seconds(15);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  CHECK(rig.queue.delayed() == 1);
  rig.run_to(seconds(14));
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  CHECK(rig.last().batch.empty());
  rig.run_to(seconds(15));
  CHECK(rig.queue.visible() == 1);
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  CHECK(rig.last().batch.size() == 1);
}

TEST_CASE("a long poll returns as soon as a message arrives") {
  Rig rig(config());
  rig.queue.receive(rig.recorder, 0, 10, seconds(20));
  CHECK(rig.recorder.answers.empty());
  rig.run_to(milliseconds(3500));
  rig.queue.send(1, rig.kernel.now(), 100);
  REQUIRE(rig.recorder.answers.size() == 1);
  CHECK(rig.last().at == Time::zero() + milliseconds(3500));
  CHECK(rig.last().batch.size() == 1);
  // Its own wait timer must not answer a second time.
  rig.run_to(seconds(30));
  CHECK(rig.recorder.answers.size() == 1);
}

TEST_CASE("a long poll on an idle queue returns empty when its wait ends") {
  Rig rig(config());
  rig.queue.receive(rig.recorder, 0, 10, seconds(20));
  rig.run_to(seconds(19));
  CHECK(rig.recorder.answers.empty());
  rig.run_to(seconds(20));
  REQUIRE(rig.recorder.answers.size() == 1);
  CHECK(rig.last().batch.empty());
  CHECK(rig.queue.result().empty_receives == 1);
}

TEST_CASE("short polls on an idle queue answer at once and count empty receives") {
  Rig rig(config());
  for (int i = 0; i < 5; ++i) rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  CHECK(rig.recorder.answers.size() == 5);
  CHECK(rig.queue.result().empty_receives == 5);
}

TEST_CASE("a short poll may answer empty although messages are visible") {
  QueueConfig c = config();
  c.short_poll_sampling = 0.3;
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  int empty = 0;
  for (int i = 0; i < 200; ++i) {
    rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
    if (rig.last().batch.empty()) {
      ++empty;
    } else {
      REQUIRE(rig.queue.change_visibility(rig.last().batch[0], Duration::zero()));
    }
  }
  // Each poll misses the lone message with probability 0.7.
  CHECK(empty > 100);
  CHECK(empty < 180);
}

TEST_CASE("a batch receive returns at most the requested number, never more than 10") {
  Rig rig(config());
  for (std::uint64_t i = 0; i < 25; ++i) rig.queue.send(i, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  CHECK(rig.last().batch.size() == 10);
  rig.queue.receive(rig.recorder, 0, 4, seconds(20));
  CHECK(rig.last().batch.size() == 4);
  CHECK(rig.queue.visible() == 11);
}

TEST_CASE("ChangeMessageVisibility to zero makes a message visible at once") {
  Rig rig(config());
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  CHECK(rig.queue.change_visibility(rig.last().batch[0], Duration::zero()));
  CHECK(rig.queue.visible() == 1);
}

TEST_CASE("ChangeMessageVisibility sets a new timeout counted from the call") {
  QueueConfig c = config();
  c.visibility_timeout = seconds(30);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  const Receipt r = rig.last().batch[0];
  rig.run_to(seconds(10));
  CHECK(rig.queue.change_visibility(r, seconds(60)));
  rig.run_to(seconds(69));
  CHECK(rig.queue.in_flight() == 1);
  rig.run_to(seconds(70));
  CHECK(rig.queue.visible() == 1);
}

TEST_CASE("over the in-flight limit a short poll fails and a long poll gets nothing") {
  QueueConfig c = config();
  c.in_flight_limit = 2;
  Rig rig(c);
  for (std::uint64_t i = 0; i < 5; ++i) rig.queue.send(i, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 2, Duration::zero());
  CHECK(rig.queue.in_flight() == 2);
  rig.queue.receive(rig.recorder, 0, 2, Duration::zero());
  CHECK(rig.last().status == ReceiveStatus::over_limit);
  const std::size_t answers = rig.recorder.answers.size();
  rig.queue.receive(rig.recorder, 0, 2, seconds(1));
  rig.run_to(milliseconds(999));
  CHECK(rig.recorder.answers.size() == answers);
  rig.run_to(seconds(1));
  CHECK(rig.last().batch.empty());
}

TEST_CASE("a message larger than the queue's maximum size is rejected") {
  QueueConfig c = config();
  c.max_message_size = 1024;
  Rig rig(c);
  CHECK_FALSE(rig.queue.send(1, Time::zero(), 2048));
  CHECK(rig.books.events.rejected == 1);
  CHECK(rig.queue.visible() == 0);
}

TEST_CASE("a delete that misses a copy delivers the message again as a duplicate") {
  QueueConfig c = config();
  c.duplicate_probability = 1.0;
  c.visibility_timeout = seconds(5);
  Rig rig(c);
  rig.queue.send(1, Time::zero(), 100);
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  rig.queue.mark_processed(rig.last().batch[0]);
  CHECK(rig.queue.remove(rig.last().batch[0]));
  CHECK(rig.books.events.processed == 1);
  CHECK(rig.queue.live_messages() == 0);
  rig.run_to(seconds(5));
  rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
  CHECK(rig.last().batch.size() == 1);
  CHECK(rig.books.events.duplicates_delivered == 1);
  CHECK(rig.books.events.processed == 1);
}
