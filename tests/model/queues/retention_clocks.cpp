// The retention clocks of a queue: the same order as a heap of every
// message's (deadline, id), whatever order the deadlines arrive in.
#include "sim/model/queues/retention_clocks.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

using namespace edasim;
using namespace edasim::model;

namespace {

constexpr std::uint32_t kQueue = 3;

// A pool with `n` messages in queue kQueue.
MessagePool pool_of(std::size_t n) {
  MessagePool pool;
  for (std::size_t i = 0; i < n; ++i) pool[pool.allocate()].queue = kQueue;
  return pool;
}

}  // namespace

TEST_CASE("deadlines arriving in order come out in order, and a removed one never does") {
  MessagePool pool = pool_of(4);
  RetentionClocks clocks(pool, kQueue);
  clocks.push(0, Time{10});
  clocks.push(1, Time{20});
  clocks.push(2, Time{30});
  clocks.erase(0);
  REQUIRE(clocks.size() == 2);
  CHECK(clocks.top() == 1);
  CHECK(clocks.top_deadline() == Time{20});
  clocks.erase(1);
  CHECK(clocks.top() == 2);
  clocks.erase(2);
  CHECK(clocks.empty());
}

TEST_CASE("a dead letter keeping its earlier deadline comes out before later arrivals") {
  MessagePool pool = pool_of(3);
  RetentionClocks clocks(pool, kQueue);
  clocks.push(0, Time{100});
  clocks.push(1, Time{200});
  clocks.push(2, Time{50});  // a standard DLQ keeps the original retention start
  CHECK(clocks.top() == 2);
  clocks.erase(2);
  CHECK(clocks.top() == 0);
}

TEST_CASE("equal deadlines come out by message id, as in the heap") {
  MessagePool pool = pool_of(3);
  RetentionClocks clocks(pool, kQueue);
  clocks.push(2, Time{100});
  clocks.push(0, Time{100});
  clocks.push(1, Time{100});
  std::vector<MessageId> order;
  while (!clocks.empty()) {
    order.push_back(clocks.top());
    clocks.erase(clocks.top());
  }
  CHECK(order == std::vector<MessageId>{0, 1, 2});
}

TEST_CASE("a message that moved to another queue is not this queue's any more") {
  MessagePool pool = pool_of(2);
  RetentionClocks clocks(pool, kQueue);
  clocks.push(0, Time{10});
  clocks.push(1, Time{20});
  pool[0].queue = kQueue + 1;  // its entry here is left behind, stale
  clocks.erase(0);             // another queue's message: nothing to take out
  CHECK(clocks.size() == 2);
  pool[0].deadline_slot = DeadlineHeap::absent;  // as the other queue would leave it
  CHECK(clocks.top() == 1);
}

TEST_CASE("a long-lived message does not make the clocks grow with the messages that pass it") {
  MessagePool pool = pool_of(2);
  RetentionClocks clocks(pool, kQueue);
  clocks.push(0, Time{1});  // stays to the end
  for (std::int64_t t = 2; t < 100'000; ++t) {
    clocks.push(1, Time{t});
    clocks.erase(1);
  }
  CHECK(clocks.size() == 1);
  CHECK(clocks.entries() <= 130);
  CHECK(clocks.top() == 0);
}

TEST_CASE("random pushes and removals give the order of a sorted set of (deadline, id)") {
  constexpr std::size_t kMessages = 64;
  MessagePool pool = pool_of(kMessages);
  RetentionClocks clocks(pool, kQueue);
  std::set<std::pair<Time, MessageId>> expected;
  std::vector<Time> deadline_of(kMessages);
  std::vector<bool> held(kMessages, false);
  std::mt19937_64 rng(5);
  std::int64_t now = 0;
  for (int step = 0; step < 200'000; ++step) {
    const auto id = static_cast<MessageId>(rng() % kMessages);
    const auto action = rng() % 8;
    if (!held[id]) {
      now += static_cast<std::int64_t>(rng() % 3);  // ties are common
      // One push in eight keeps an earlier retention start (a dead letter).
      const Time deadline{action == 0 ? now - static_cast<std::int64_t>(rng() % 50) : now};
      clocks.push(id, deadline);
      expected.emplace(deadline, id);
      deadline_of[id] = deadline;
      held[id] = true;
      // Stale entries are dropped before they outnumber the live ones.
      REQUIRE(clocks.entries() <= 2 * clocks.size() + 64);
    } else if (action < 5) {
      clocks.erase(id);
      expected.erase({deadline_of[id], id});
      held[id] = false;
    } else if (!expected.empty()) {
      REQUIRE(clocks.top() == expected.begin()->second);
      REQUIRE(clocks.top_deadline() == expected.begin()->first);
      const MessageId top = clocks.top();
      clocks.erase(top);
      expected.erase(expected.begin());
      held[top] = false;
    }
    REQUIRE(clocks.size() == expected.size());
  }
}
