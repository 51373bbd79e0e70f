// Differential tests: random small scripts of SQS calls run through the
// model's Queue (with its dead-letter queue) and through the reference
// model in reference/reference_queues.hpp; every answer, every count and
// every message's timeline (receives, deletes, DLQ moves, re-pushes,
// expiries, with their times) must agree exactly.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "reference/reference_queues.hpp"
#include "reference/timeline.hpp"
#include "sim/model/queues/queue.hpp"

#ifndef EDASIM_TEST_SCALE
#define EDASIM_TEST_SCALE 1.0
#endif

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

using reference::describe;
using reference::Timeline;

// A receipt as both models issued it for the same receive.
struct Held {
  Receipt real;
  reference::Receipt ref;
  std::uint32_t queue;
};

// One random script; returns "" when both models agree, else what differed.
std::string run_case(std::uint64_t seed, int operations) {
  std::mt19937_64 rng(seed);
  const auto pick = [&](std::uint64_t n) { return rng() % n; };

  const bool fifo = pick(2) == 0;
  const bool with_dlq = pick(3) != 0;
  QueueConfig source;
  source.name = "q";
  source.short_poll_sampling = 1.0;
  source.visibility_timeout = seconds(1 + static_cast<std::int64_t>(pick(5)));
  source.retention = seconds(60 + static_cast<std::int64_t>(pick(240)));
  source.delay = pick(3) == 0 ? seconds(static_cast<std::int64_t>(pick(4))) : Duration::zero();
  if (fifo) {
    source.fifo = FifoConfig{};
    source.fifo->api_rate_limit = 1e9;
  }
  const auto max_receive_count = static_cast<std::uint32_t>(1 + pick(4));
  QueueConfig dead = source;
  dead.name = "dlq";
  dead.delay = Duration::zero();
  dead.retention = seconds(60 + static_cast<std::int64_t>(pick(600)));
  if (with_dlq) {
    source.dead_letter_queue = "dlq";
    source.max_receive_count = static_cast<std::int32_t>(max_receive_count);
  }

  Kernel kernel;
  MessagePool pool;
  Books books;
  Queue queue(source, 0, Context{7, kernel, books}, pool);
  queue.attach(kernel.attach(queue));
  std::unique_ptr<Queue> dlq;
  Timeline timeline;
  queue.set_observer(&timeline);
  if (with_dlq) {
    dlq = std::make_unique<Queue>(dead, 1, Context{7, kernel, books}, pool);
    dlq->attach(kernel.attach(*dlq));
    dlq->set_observer(&timeline);
    queue.set_dead_letter_queue(*dlq);
    dlq->mark_as_dead_letter_queue();
  }
  const auto settings = [](const QueueConfig& c) {
    return reference::QueueSettings{c.visibility_timeout, c.retention, c.delay, c.fifo.has_value()};
  };
  reference::Queues model(settings(source), with_dlq ? std::optional(settings(dead)) : std::nullopt,
                          max_receive_count);
  Queue* queues[2] = {&queue, dlq.get()};

  struct Answers : Receiver {
    std::vector<Receipt> last;
    void on_receive(std::uint32_t, std::span<const Receipt> batch, ReceiveStatus) override {
      last.assign(batch.begin(), batch.end());
    }
  } answers;

  std::vector<Held> held;
  std::uint64_t next_event = 1;
  Time now = Time::zero();
  std::ostringstream trouble;
  const auto fail = [&](int op, const std::string& what) {
    trouble << "seed " << seed << (fifo ? " (FIFO)" : " (standard)") << ", operation " << op
            << " at " << now.ns << " ns: " << what;
    return trouble.str();
  };

  for (int op = 0; op < operations; ++op) {
    // Random ns offsets keep unrelated timers from falling on one instant.
    now = now + milliseconds(1 + static_cast<std::int64_t>(pick(2500))) +
          nanoseconds(static_cast<std::int64_t>(pick(1000)));
    kernel.run_until(now);
    model.advance(now);
    const std::uint64_t choice = pick(100);
    if (choice < 30) {
      const std::uint64_t event = next_event++;
      const std::uint64_t group = fifo ? 1 + pick(3) : 0;
      queue.send(event, now, 100, MessageKeys{.group = group, .deduplication = event, .cause = {}});
      model.send(now, event, group);
    } else if (choice < 60) {
      const std::uint32_t q = with_dlq && pick(5) == 0 ? 1 : 0;
      const int max = 1 + static_cast<int>(pick(10));
      answers.last.clear();
      queues[q]->receive(answers, 0, max, Duration::zero());
      const std::vector<reference::Receipt> expected = model.receive(now, q, max);
      if (answers.last.size() != expected.size()) {
        return fail(op, "receive returned " + std::to_string(answers.last.size()) +
                            " messages, the reference " + std::to_string(expected.size()));
      }
      for (std::size_t i = 0; i < expected.size(); ++i) {
        if (answers.last[i].event != expected[i].event ||
            answers.last[i].receive_count != expected[i].receive_count) {
          return fail(op, "receive returned event " + std::to_string(answers.last[i].event) +
                              " (count " + std::to_string(answers.last[i].receive_count) +
                              "), the reference event " + std::to_string(expected[i].event) +
                              " (count " + std::to_string(expected[i].receive_count) + ")");
        }
        held.push_back(Held{answers.last[i], expected[i], q});
      }
    } else if (!held.empty()) {
      const Held& h = held[pick(held.size())];
      bool real = false, ref = false;
      std::string call;
      if (choice < 75) {
        call = "delete";
        real = queues[h.queue]->remove(h.real);
        ref = model.remove(now, h.queue, h.ref);
      } else if (choice < 83) {
        call = "change visibility";
        const Duration timeout =
            pick(2) == 0 ? Duration::zero() : seconds(1 + static_cast<std::int64_t>(pick(5)));
        real = queues[h.queue]->change_visibility(h.real, timeout);
        ref = model.change_visibility(now, h.queue, h.ref, timeout);
      } else if (choice < 88 && h.queue == 0) {
        call = "re-push";
        const Duration delay =
            fifo ? Duration::zero() : seconds(static_cast<std::int64_t>(pick(4)));
        real = queue.repush(h.real, delay);
        ref = model.repush(now, h.ref, delay);
      } else if (choice < 92 && h.queue == 0) {
        call = "send to the DLQ";
        real = queue.send_to_dead_letter_queue(h.real);
        ref = model.send_to_dead_letter_queue(now, h.ref);
      } else {
        call = "mark processed";
        real = queues[h.queue]->mark_processed(h.real);
        ref = model.mark_processed(now, h.ref);
      }
      if (real != ref) {
        return fail(op, call + " of event " + std::to_string(h.ref.event) + " returned " +
                            (real ? "true" : "false") + ", the reference " +
                            (ref ? "true" : "false"));
      }
    }
    for (std::uint32_t q = 0; q < (with_dlq ? 2U : 1U); ++q) {
      if (queues[q]->visible() != model.count(q, reference::Queues::visible) ||
          queues[q]->in_flight() != model.count(q, reference::Queues::in_flight) ||
          queues[q]->delayed() != model.count(q, reference::Queues::delayed)) {
        return fail(op, "queue " + std::to_string(q) + " holds " +
                            std::to_string(queues[q]->visible()) + " visible / " +
                            std::to_string(queues[q]->in_flight()) + " in flight / " +
                            std::to_string(queues[q]->delayed()) + " delayed, the reference " +
                            std::to_string(model.count(q, reference::Queues::visible)) + " / " +
                            std::to_string(model.count(q, reference::Queues::in_flight)) + " / " +
                            std::to_string(model.count(q, reference::Queues::delayed)));
      }
    }
  }
  // Let every timer run out: the rest of the timelines (visibility, expiry).
  now = now + hours(1);
  kernel.run_until(now);
  model.advance(now);
  // Steps at one instant are compared as a set (ordered by event): the
  // order of a receive's batch is checked above, and which of two messages
  // whose retention ends at the same nanosecond goes first changes nothing.
  const auto canonical = [](std::vector<reference::Step> steps) {
    std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) {
      return a.at < b.at || (a.at == b.at && a.event < b.event);
    });
    return steps;
  };
  const std::vector<reference::Step> expected = canonical(model.timeline());
  timeline.steps = canonical(timeline.steps);
  for (std::size_t i = 0; i < std::max(expected.size(), timeline.steps.size()); ++i) {
    if (i >= timeline.steps.size()) return fail(operations, "missing " + describe(expected[i]));
    if (i >= expected.size()) return fail(operations, "extra " + describe(timeline.steps[i]));
    if (!(timeline.steps[i] == expected[i])) {
      return fail(operations, "step " + std::to_string(i) + " is " + describe(timeline.steps[i]) +
                                  ", the reference " + describe(expected[i]));
    }
  }
  return "";
}

}  // namespace

TEST_CASE("random SQS call scripts agree with the reference queue model step by step") {
  const int cases = std::max(100, static_cast<int>(1000 * EDASIM_TEST_SCALE));
  int standard = 0, fifo_cases = 0;
  for (int c = 0; c < cases; ++c) {
    const std::string trouble = run_case(static_cast<std::uint64_t>(c) + 1, 200);
    INFO(trouble);
    REQUIRE(trouble.empty());
    std::mt19937_64 first(static_cast<std::uint64_t>(c) + 1);
    ++(first() % 2 == 0 ? fifo_cases : standard);
  }
  // Both kinds of queue were exercised.
  CHECK(standard > cases / 4);
  CHECK(fifo_cases > cases / 4);
}
