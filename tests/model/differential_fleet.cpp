// Differential tests of the consumer loop: random small fleets (pollers,
// batches, long and short polls, visibility timeouts, poison events and the
// failure policies, redrive policies and a DLQ redrive task, standard and
// FIFO queues) run through the model's Queue and Fleet and through the
// reference model in reference/reference_consumers.hpp. Every message's
// timeline (receives, deletes, DLQ moves, re-pushes, redrives, expiries,
// with their times), the fleet's figures and its API calls by kind must
// agree exactly.
//
// Inputs are deterministic so that no random draw has to match: scripted
// send times, constant processing and receive latency, poison by event
// number (a poison fault of fraction 1 on a pattern bit the test sets).
// Random nanosecond offsets on every duration keep unrelated timers from
// falling on one instant, where the two event loops could order them
// differently without either being wrong.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "reference/reference_consumers.hpp"
#include "sim/model/fleet.hpp"
#include "sim/model/queue.hpp"

#ifndef EDASIM_TEST_SCALE
#define EDASIM_TEST_SCALE 1.0
#endif

using namespace edasim;

namespace {

struct Timeline : QueueObserver {
  std::vector<reference::Step> steps;
  void on_step(MessageStep step, std::uint64_t event, std::uint32_t queue, Time at) override {
    steps.push_back(reference::Step{static_cast<reference::Step::Kind>(step), event, queue, at});
  }
};

std::string describe(const reference::Step& s) {
  static const char* const kinds[] = {"received", "deleted", "moved_to_dlq", "sent_to_dlq",
                                      "repushed", "expired", "redriven"};
  std::ostringstream out;
  out << kinds[s.kind] << " event " << s.event << " queue " << s.queue << " at " << s.at.ns
      << " ns";
  return out.str();
}

std::string describe(const std::map<std::string, std::uint64_t>& calls) {
  std::ostringstream out;
  for (const auto& [kind, n] : calls) out << kind << "=" << n << " ";
  return out.str();
}

// A duration of whole `unit`s in [low, high], plus 1 .. 999,999 ns.
template <typename Pick>
Duration jittered(Pick& pick, Duration unit, std::int64_t low, std::int64_t high) {
  return unit *
             (low + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(high - low + 1)))) +
         nanoseconds(1 + static_cast<std::int64_t>(pick(999'999)));
}

struct Case {
  std::string what;     // the configuration, for a failure message
  std::string trouble;  // "" when both models agree
  bool fifo = false;
  bool redrive = false;
  // Which kinds of step the timeline holds, and whether a message was
  // processed twice: what the case exercised.
  std::set<int> kinds;
  bool duplicates = false;
};

Case run_case(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto pick = [&](std::uint64_t n) { return rng() % n; };
  Case out;

  const bool fifo = pick(3) == 0;
  const bool with_dlq = pick(3) != 0;
  QueueConfig source;
  source.name = "q";
  source.short_poll_sampling = 1.0;
  source.visibility_timeout = jittered(pick, seconds(1), 1, 30);
  source.retention = pick(4) == 0 ? jittered(pick, seconds(1), 60, 600) : hours(96);
  if (fifo) {
    source.fifo = FifoConfig{};
    source.fifo->api_rate_limit = 1e9;
  }
  source.api_latency = DurationDistribution(
      Distribution::constant(jittered(pick, milliseconds(1), 0, 50).seconds()));
  const auto max_receive_count = static_cast<std::uint32_t>(1 + pick(4));
  QueueConfig dead = source;
  dead.name = "dlq";
  dead.retention = hours(96);
  std::optional<reference::RedriveTask> task;
  if (with_dlq) {
    source.dead_letter_queue = "dlq";
    source.max_receive_count = static_cast<std::int32_t>(max_receive_count);
    if (!fifo && pick(2) == 0) {
      task = reference::RedriveTask{Time::zero() + jittered(pick, seconds(1), 10, 120),
                                    1.0 + static_cast<double>(pick(50))};
      dead.redrive = RedriveConfig{};
      dead.redrive->start = task->start - Time::zero();
      dead.redrive->rate = Rate{task->rate};
    }
  }

  FleetConfig fleet;
  fleet.name = "c";
  fleet.queue = "q";
  fleet.instances = 1 + static_cast<std::int32_t>(pick(3));
  fleet.pollers_per_instance = 1;
  fleet.batch_size = 1 + static_cast<std::int32_t>(pick(10));
  fleet.wait_time =
      pick(3) == 0 ? Duration::zero() : seconds(1 + static_cast<std::int64_t>(pick(20)));
  fleet.empty_poll_pause = jittered(pick, milliseconds(1), 100, 2000);
  const Duration processing = jittered(pick, milliseconds(1), 10, 3000);
  fleet.processing = DurationDistribution(Distribution::constant(processing.seconds()));
  fleet.delete_in_batches = pick(2) == 0;
  // A FIFO queue has no per-message DelaySeconds, so no re-push there.
  const auto policy = static_cast<FailurePolicy::Kind>(pick(fifo ? 3 : 4));
  fleet.on_failure.kind = policy;
  fleet.on_failure.base = jittered(pick, milliseconds(1), 500, 10'000);
  fleet.on_failure.cap = fleet.on_failure.base + jittered(pick, seconds(1), 0, 60);
  fleet.on_failure.max_repushes = static_cast<std::int32_t>(pick(4));

  reference::FleetSettings settings;
  settings.pollers = fleet.instances * fleet.pollers_per_instance;
  settings.batch_size = fleet.batch_size;
  settings.wait_time = fleet.wait_time;
  settings.empty_poll_pause = fleet.empty_poll_pause;
  settings.processing = fleet.processing.mean();
  settings.receive_latency = source.api_latency.mean();
  settings.delete_in_batches = fleet.delete_in_batches;
  settings.on_failure = static_cast<reference::FleetSettings::OnFailure>(policy);
  settings.base = fleet.on_failure.base;
  settings.cap = fleet.on_failure.cap;
  settings.max_repushes = static_cast<std::uint32_t>(fleet.on_failure.max_repushes);

  // The workload: 5 .. 40 messages, some poison.
  struct Send {
    Time at;
    std::uint64_t event, group;
    bool poison;
  };
  std::vector<Send> sends;
  Time t = Time::zero();
  const int messages = 5 + static_cast<int>(pick(36));
  for (int i = 0; i < messages; ++i) {
    t = t + jittered(pick, milliseconds(1), 0, 3000);
    const auto event = static_cast<std::uint64_t>(i + 1);
    sends.push_back(Send{t, event, fifo ? 1 + pick(3) : 0, pick(5) == 0});
    if (sends.back().poison) settings.poison.insert(event);
  }

  std::ostringstream what;
  what << "seed " << seed << (fifo ? ", FIFO" : ", standard") << ", " << settings.pollers
       << " pollers, batch " << settings.batch_size << ", wait " << settings.wait_time.ns
       << " ns, visibility " << source.visibility_timeout.ns << " ns, processing "
       << settings.processing.ns << " ns, latency " << settings.receive_latency.ns << " ns, policy "
       << static_cast<int>(policy)
       << (fleet.delete_in_batches ? ", batch deletes" : ", single deletes")
       << (with_dlq ? ", max receives " + std::to_string(max_receive_count) : ", no DLQ")
       << (task ? ", redrive task" : "") << ", " << messages << " messages, "
       << settings.poison.size() << " poison";
  out.what = what.str();
  out.fifo = fifo;
  out.redrive = task.has_value();
  // Both models see the same durations, to the nanosecond.
  if (settings.processing != processing) {
    out.trouble = "processing time does not round-trip";
    return out;
  }

  Kernel kernel;
  MessagePool pool;
  Books books;
  Queue queue(source, 0, seed, kernel, pool, books);
  queue.attach(kernel.attach(queue));
  Timeline timeline;
  queue.set_observer(&timeline);
  std::unique_ptr<Queue> dlq;
  std::vector<Queue*> peers{&queue};
  if (with_dlq) {
    dlq = std::make_unique<Queue>(dead, 1, seed, kernel, pool, books);
    dlq->attach(kernel.attach(*dlq));
    dlq->set_observer(&timeline);
    queue.set_dead_letter_queue(*dlq);
    dlq->mark_as_dead_letter_queue();
    peers.push_back(dlq.get());
  }
  queue.set_peers(peers);
  if (dlq) dlq->set_peers(peers);
  Fleet consumer(fleet, queue, {}, seed, kernel, books);
  consumer.attach(kernel.attach(consumer));
  FaultConfig poison;
  poison.name = "poison";
  poison.kind = FaultConfig::Kind::poison;
  poison.target = "c";
  poison.start = Duration::zero();
  poison.duration = hours(1000);
  poison.fraction = 1.0;
  consumer.add_fault(poison, seed, 0);

  reference::ConsumerLoop model(
      reference::QueueSettings{source.visibility_timeout, source.retention, source.delay, fifo},
      with_dlq ? std::optional(reference::QueueSettings{dead.visibility_timeout, dead.retention,
                                                        dead.delay, fifo})
               : std::nullopt,
      max_receive_count, settings, task);

  consumer.start();
  queue.start();
  if (dlq) dlq->start();
  model.start();
  for (const Send& s : sends) {
    kernel.run_until(s.at);
    queue.send(s.event, s.at, 100, MessageKeys{s.group, s.event, false, s.poison ? 1U : 0U});
    model.send(s.at, s.event, s.group);
  }
  const Time end = t + minutes(10);
  kernel.run_until(end);
  model.run_until(end);

  std::ostringstream trouble;
  const auto fail = [&](const std::string& message) {
    trouble << out.what << ": " << message;
    out.trouble = trouble.str();
    return out;
  };

  // Steps at one instant are compared as a set (ordered by event): which of
  // two messages returned by one receive is logged first changes nothing.
  const auto canonical = [](std::vector<reference::Step> steps) {
    std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) {
      return a.at < b.at || (a.at == b.at && a.event < b.event);
    });
    return steps;
  };
  const std::vector<reference::Step> expected = canonical(model.queues().timeline());
  timeline.steps = canonical(timeline.steps);
  for (std::size_t i = 0; i < std::max(expected.size(), timeline.steps.size()); ++i) {
    if (i >= timeline.steps.size()) return fail("missing " + describe(expected[i]));
    if (i >= expected.size()) return fail("extra " + describe(timeline.steps[i]));
    if (!(timeline.steps[i] == expected[i])) {
      // The steps before, for whoever reads the failure.
      std::string before;
      for (std::size_t b = i > 12 ? i - 12 : 0; b < i; ++b)
        before += "\n  " + describe(expected[b]);
      return fail("step " + std::to_string(i) + " is " + describe(timeline.steps[i]) +
                  ", the reference " + describe(expected[i]) + "; agreed before it:" + before);
    }
  }

  for (const reference::Step& step : expected) out.kinds.insert(step.kind);

  reference::FleetTotals real;
  const FleetResult r = consumer.result(end);
  real.processed = r.processed;
  real.failed = r.failed;
  real.repushed = r.repushed;
  real.dead_lettered = r.dead_lettered;
  real.duplicates_processed = books.events.duplicates_processed;
  for (const CallLedger::Line& line : books.calls.lines()) {
    if (line.count.calls == 0) continue;
    if (line.component == "consumer:c") real.calls[line.kind] += line.count.calls;
    if (line.component == "redrive:dlq") real.calls["redrive/" + line.kind] += line.count.calls;
  }
  const reference::FleetTotals& want = model.totals();
  out.duplicates = want.duplicates_processed > 0;
  if (real.calls != want.calls) {
    return fail("API calls " + describe(real.calls) + ", the reference " + describe(want.calls));
  }
  if (!(real == want)) {
    return fail("processed/failed/duplicates/repushed/dead-lettered " +
                std::to_string(real.processed) + "/" + std::to_string(real.failed) + "/" +
                std::to_string(real.duplicates_processed) + "/" + std::to_string(real.repushed) +
                "/" + std::to_string(real.dead_lettered) + ", the reference " +
                std::to_string(want.processed) + "/" + std::to_string(want.failed) + "/" +
                std::to_string(want.duplicates_processed) + "/" + std::to_string(want.repushed) +
                "/" + std::to_string(want.dead_lettered));
  }
  // The queue's own counts agree with the timeline they logged.
  const auto steps_of = [&](reference::Step::Kind kind, std::uint32_t q) {
    return static_cast<std::uint64_t>(
        std::count_if(expected.begin(), expected.end(),
                      [&](const reference::Step& s) { return s.kind == kind && s.queue == q; }));
  };
  const auto calls_of = [&](const std::string& kind) {
    const auto it = want.calls.find(kind);
    return it == want.calls.end() ? std::uint64_t{0} : it->second;
  };
  const QueueResult& counted = queue.counters();
  if (counted.received != steps_of(reference::Step::received, 0) ||
      counted.moved_to_dlq != steps_of(reference::Step::moved_to_dlq, 0) ||
      counted.redriven_in != steps_of(reference::Step::redriven, 0) ||
      counted.empty_receives != calls_of("EmptyReceive")) {
    return fail("the queue's received/moved/redriven/empty counts disagree with the reference");
  }
  for (std::uint32_t q = 0; q < (with_dlq ? 2U : 1U); ++q) {
    const Queue& held = q == 0 ? queue : *dlq;
    const reference::Queues& ref = model.queues();
    if (held.visible() != ref.count(q, reference::Queues::visible) ||
        held.in_flight() != ref.count(q, reference::Queues::in_flight) ||
        held.delayed() != ref.count(q, reference::Queues::delayed)) {
      return fail("queue " + std::to_string(q) + " ends with " + std::to_string(held.visible()) +
                  " visible / " + std::to_string(held.in_flight()) + " in flight, the reference " +
                  std::to_string(ref.count(q, reference::Queues::visible)) + " / " +
                  std::to_string(ref.count(q, reference::Queues::in_flight)));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("random consumer fleets agree with the reference poll loop message by message") {
  const int cases = std::max(60, static_cast<int>(600 * EDASIM_TEST_SCALE));
  int fifo = 0, redrives = 0, duplicates = 0;
  std::map<int, int> kinds;
  for (int c = 0; c < cases; ++c) {
    const Case result = run_case(static_cast<std::uint64_t>(c) + 1);
    INFO(result.trouble);
    REQUIRE(result.trouble.empty());
    fifo += result.fifo;
    redrives += result.redrive;
    duplicates += result.duplicates;
    for (const int kind : result.kinds) ++kinds[kind];
  }
  // Both kinds of queue were exercised, and every kind of step, in many
  // cases each; so were messages processed twice (a visibility timeout
  // shorter than the work).
  CHECK(fifo > cases / 5);
  CHECK(redrives > cases / 10);
  CHECK(duplicates > cases / 20);
  for (int kind = reference::Step::received; kind <= reference::Step::redriven; ++kind) {
    INFO("step kind " << kind);
    CHECK(kinds[kind] > cases / 50);
  }
}
