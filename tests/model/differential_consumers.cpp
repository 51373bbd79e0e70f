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
#include "reference/timeline.hpp"
#include "sim/model/consumers/fleet.hpp"
#include "sim/model/functions/function.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/support/poison.hpp"

#ifndef EDASIM_TEST_SCALE
#define EDASIM_TEST_SCALE 1.0
#endif

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;

namespace {

using reference::describe;
using reference::Timeline;

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

// Steps at one instant are compared as a set (ordered by event): which of
// two messages returned by one receive is logged first changes nothing.
std::vector<reference::Step> canonical(std::vector<reference::Step> steps) {
  std::stable_sort(steps.begin(), steps.end(), [](const auto& a, const auto& b) {
    return a.at < b.at || (a.at == b.at && a.event < b.event);
  });
  return steps;
}

// "" when the model's timeline is the reference's, else the first
// difference.
std::string compare_timelines(const std::vector<reference::Step>& expected,
                              std::vector<reference::Step> real) {
  real = canonical(std::move(real));
  for (std::size_t i = 0; i < std::max(expected.size(), real.size()); ++i) {
    if (i >= real.size()) return "missing " + describe(expected[i]);
    if (i >= expected.size()) return "extra " + describe(real[i]);
    if (!(real[i] == expected[i])) {
      // The steps before, for whoever reads the failure.
      std::string before;
      for (std::size_t b = i > 12 ? i - 12 : 0; b < i; ++b)
        before += "\n  " + describe(expected[b]);
      return "step " + std::to_string(i) + " is " + describe(real[i]) + ", the reference " +
             describe(expected[i]) + "; agreed before it:" + before;
    }
  }
  return "";
}

// "" when the queues end holding what the reference's hold, and the source
// counted the receives, DLQ moves and redrives the timeline shows and the
// empty receives the consumer counted.
std::string compare_queues(Queue& source, const Queue* dlq, const reference::Loop& model,
                           const std::vector<reference::Step>& expected,
                           std::uint64_t empty_receives) {
  const reference::Queues& ref = model.queues();
  const auto steps_of = [&](reference::Step::Kind kind, std::uint32_t q) {
    return static_cast<std::uint64_t>(
        std::count_if(expected.begin(), expected.end(),
                      [&](const reference::Step& s) { return s.kind == kind && s.queue == q; }));
  };
  const QueueResult& counted = source.counters();
  if (counted.received != steps_of(reference::Step::received, 0) ||
      counted.moved_to_dlq != steps_of(reference::Step::moved_to_dlq, 0) ||
      counted.redriven_in != steps_of(reference::Step::redriven, 0) ||
      counted.empty_receives != empty_receives ||
      counted.throttled_receives != model.throttled_receives()) {
    return "the queue's received/moved/redriven/empty/throttled counts " +
           std::to_string(counted.received) + "/" + std::to_string(counted.moved_to_dlq) + "/" +
           std::to_string(counted.redriven_in) + "/" + std::to_string(counted.empty_receives) +
           "/" + std::to_string(counted.throttled_receives) + " disagree with the reference";
  }
  for (std::uint32_t q = 0; q < (dlq != nullptr ? 2U : 1U); ++q) {
    const Queue& held = q == 0 ? source : *dlq;
    if (held.visible() != ref.count(q, reference::Queues::visible) ||
        held.in_flight() != ref.count(q, reference::Queues::in_flight) ||
        held.delayed() != ref.count(q, reference::Queues::delayed)) {
      return "queue " + std::to_string(q) + " ends with " + std::to_string(held.visible()) +
             " visible / " + std::to_string(held.in_flight()) + " in flight, the reference " +
             std::to_string(ref.count(q, reference::Queues::visible)) + " / " +
             std::to_string(ref.count(q, reference::Queues::in_flight));
    }
  }
  return "";
}

std::uint64_t calls_of(const std::map<std::string, std::uint64_t>& calls, const std::string& kind) {
  const auto it = calls.find(kind);
  return it == calls.end() ? 0 : it->second;
}

// The calls a component made, by kind (kinds never called left out).
std::map<std::string, std::uint64_t> calls_by(const Books& books, const std::string& component,
                                              const std::string& prefix = "") {
  std::map<std::string, std::uint64_t> out;
  for (const CallLedger::Line& line : books.calls.lines()) {
    if (line.count.calls != 0 && line.component == component) {
      out[prefix + line.kind] += line.count.calls;
    }
  }
  return out;
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
  // What the consumer went through (throttled receives; Lambda: throttled
  // invocations, batches given up, timeouts, batch failures, scaling up).
  std::set<std::string> features;
};

// A random source queue and its dead-letter queue (attached by the caller),
// drawn the same way for fleets and Lambda mappings.
struct RandomQueues {
  bool fifo = false;
  bool with_dlq = false;
  QueueConfig source;
  QueueConfig dead;
  std::int64_t quota = 0;  // a FIFO queue's ReceiveMessage quota, 0: none
  std::uint32_t max_receive_count = 0;
};

template <class Pick>
RandomQueues random_queues(Pick& pick) {
  RandomQueues out;
  out.fifo = pick(3) == 0;
  out.with_dlq = pick(3) != 0;
  out.source.name = "q";
  out.source.short_poll_sampling = 1.0;
  out.source.visibility_timeout = jittered(pick, seconds(1), 1, 30);
  out.source.retention = pick(4) == 0 ? jittered(pick, seconds(1), 60, 600) : hours(96);
  // A FIFO queue's ReceiveMessage quota: low enough, in some cases, to
  // throttle the consumer or the mapping.
  if (out.fifo) {
    out.source.fifo = FifoConfig{};
    out.quota = pick(2) == 0 ? 1 + static_cast<std::int64_t>(pick(4)) : 0;
    out.source.fifo->api_rate_limit = out.quota != 0 ? static_cast<double>(out.quota) : 1e9;
  }
  out.source.api_latency = DurationDistribution(
      Distribution::constant(jittered(pick, milliseconds(1), 0, 50).seconds()));
  out.max_receive_count = static_cast<std::uint32_t>(1 + pick(4));
  out.dead = out.source;
  out.dead.name = "dlq";
  out.dead.retention = hours(96);
  return out;
}

Case run_case(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto pick = [&](std::uint64_t n) { return rng() % n; };
  Case out;

  RandomQueues queues = random_queues(pick);
  const bool fifo = queues.fifo;
  const bool with_dlq = queues.with_dlq;
  QueueConfig& source = queues.source;
  QueueConfig& dead = queues.dead;
  const std::int64_t quota = queues.quota;
  const std::uint32_t max_receive_count = queues.max_receive_count;
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
  // In-place retries, unjittered, in a third of the cases.
  if (pick(3) == 0) {
    fleet.retry.max_attempts = 2 + static_cast<std::int32_t>(pick(3));
    fleet.retry.backoff = static_cast<RetryPolicy::Backoff>(pick(3));
    fleet.retry.base = jittered(pick, milliseconds(1), 10, 2000);
    fleet.retry.cap = fleet.retry.base + jittered(pick, milliseconds(1), 0, 5000);
  }

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
  settings.attempts = fleet.retry.max_attempts;
  settings.retry_backoff = static_cast<reference::FleetSettings::Backoff>(fleet.retry.backoff);
  settings.retry_base = fleet.retry.base;
  settings.retry_cap = fleet.retry.cap;

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
  Queue queue(source, 0, Context{seed, kernel, books}, pool);
  queue.attach(kernel.attach(queue));
  Timeline timeline;
  queue.set_observer(&timeline);
  std::unique_ptr<Queue> dlq;
  std::vector<Queue*> peers{&queue};
  if (with_dlq) {
    dlq = std::make_unique<Queue>(dead, 1, Context{seed, kernel, books}, pool);
    dlq->attach(kernel.attach(*dlq));
    dlq->set_observer(&timeline);
    queue.set_dead_letter_queue(*dlq);
    dlq->mark_as_dead_letter_queue();
    peers.push_back(dlq.get());
  }
  queue.set_peers(peers);
  if (dlq) dlq->set_peers(peers);
  Fleet consumer(fleet, queue, {}, Context{seed, kernel, books});
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
      max_receive_count, settings, task, quota);

  consumer.start();
  queue.start();
  if (dlq) dlq->start();
  model.start();
  for (const Send& s : sends) {
    kernel.run_until(s.at);
    queue.send(
        s.event, s.at, 100,
        MessageKeys{
            .group = s.group, .deduplication = s.event, .poison = s.poison ? 1U : 0U, .cause = {}});
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

  const std::vector<reference::Step> expected = canonical(model.queues().timeline());
  if (const std::string d = compare_timelines(expected, timeline.steps); !d.empty()) return fail(d);
  for (const reference::Step& step : expected) out.kinds.insert(step.kind);

  reference::FleetTotals real;
  const FleetResult r = consumer.result(end);
  real.processed = r.processed;
  real.failed = r.failed;
  real.retries = r.retries;
  real.repushed = r.repushed;
  real.dead_lettered = r.dead_lettered;
  real.duplicates_processed = books.events.duplicates_processed;
  real.calls = calls_by(books, "consumer:c");
  for (const auto& [kind, n] : calls_by(books, "redrive:dlq", "redrive/")) real.calls[kind] = n;
  const reference::FleetTotals& want = model.totals();
  out.duplicates = want.duplicates_processed > 0;
  if (model.throttled_receives() > 0) out.features.insert("receive throttled");
  if (want.retries > 0) out.features.insert("retried in place");
  if (real.calls != want.calls) {
    return fail("API calls " + describe(real.calls) + ", the reference " + describe(want.calls));
  }
  if (!(real == want)) {
    const auto figures = [](const reference::FleetTotals& f) {
      std::ostringstream o;
      o << "processed " << f.processed << " failed " << f.failed << " retries " << f.retries
        << " duplicates " << f.duplicates_processed << " repushed " << f.repushed
        << " dead-lettered " << f.dead_lettered;
      return o.str();
    };
    return fail(figures(real) + ", the reference " + figures(want));
  }
  if (const std::string d =
          compare_queues(queue, dlq.get(), model, expected, calls_of(want.calls, "EmptyReceive"));
      !d.empty()) {
    return fail(d);
  }
  return out;
}

// A random Lambda function on a random queue; the same shape of answer.
Case run_lambda_case(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto pick = [&](std::uint64_t n) { return rng() % n; };
  Case out;

  RandomQueues queues = random_queues(pick);
  const bool fifo = queues.fifo;
  const bool with_dlq = queues.with_dlq;
  QueueConfig& source = queues.source;
  QueueConfig& dead = queues.dead;
  const std::int64_t quota = queues.quota;
  const std::uint32_t max_receive_count = queues.max_receive_count;
  if (with_dlq) {
    source.dead_letter_queue = "dlq";
    source.max_receive_count = static_cast<std::int32_t>(max_receive_count);
  }

  FunctionConfig fn;
  fn.name = "f";
  fn.queue = "q";
  // A batching window is for standard queues only, and so are batches of
  // more than 10 (gathered by several receives).
  fn.batching_window =
      !fifo && pick(2) == 0 ? jittered(pick, milliseconds(1), 0, 5000) : Duration::zero();
  const bool large = fn.batching_window > Duration::zero();
  fn.batch_size = 1 + static_cast<std::int32_t>(pick(large ? 25 : 10));
  fn.initial_concurrency = 1 + static_cast<std::int32_t>(pick(3));
  fn.scale_up_per_minute = pick(3) == 0 ? 0 : 1 + static_cast<std::int32_t>(pick(6));
  fn.max_pollers = 1 + static_cast<std::int32_t>(pick(4));
  fn.idle_concurrency = 1 + static_cast<std::int32_t>(pick(3));
  fn.reserved_concurrency = 1 + static_cast<std::int32_t>(pick(3));
  fn.poll_wait = seconds(1 + static_cast<std::int64_t>(pick(20)));
  fn.throttle_retry = jittered(pick, milliseconds(1), 200, 2000);
  fn.timeout = jittered(pick, milliseconds(1), 1000, 10'000);
  // Quick handlers in some cases, so that large batches finish in time.
  const Duration processing = pick(2) == 0 ? jittered(pick, milliseconds(1), 1, 100)
                                           : jittered(pick, milliseconds(1), 10, 3000);
  fn.processing = DurationDistribution(Distribution::constant(processing.seconds()));
  const Duration cold_start = jittered(pick, milliseconds(1), 0, 1000);
  fn.cold_start = DurationDistribution(Distribution::constant(cold_start.seconds()));
  fn.keep_warm = jittered(pick, seconds(1), 5, 120);
  fn.report_batch_item_failures = pick(2) == 0;
  fn.poison_fraction = 0.2;

  reference::LambdaSettings settings;
  settings.batch_size = fn.batch_size;
  settings.batching_window = fn.batching_window;
  settings.initial_concurrency = fn.initial_concurrency;
  settings.scale_up_per_minute = fn.scale_up_per_minute;
  settings.concurrency_cap = fn.concurrency_cap();
  settings.idle_concurrency = fn.idle_concurrency;
  settings.function_concurrency = fn.function_concurrency();
  settings.poll_wait = fn.poll_wait;
  settings.throttle_retry = fn.throttle_retry;
  settings.timeout = fn.timeout;
  settings.processing = fn.processing.mean();
  settings.cold_start = fn.cold_start.mean();
  settings.keep_warm = fn.keep_warm;
  settings.receive_latency = source.api_latency.mean();
  settings.visibility_timeout = source.visibility_timeout;
  settings.report_batch_item_failures = fn.report_batch_item_failures;

  // The workload: 5 .. 40 messages. Which events are poison is the
  // function's to say (by event number alone); the reference is told.
  const PoisonSet poisoned(seed, "lambda:f/poison", fn.poison_fraction);
  struct Send {
    Time at;
    std::uint64_t event, group;
  };
  std::vector<Send> sends;
  Time last = Time::zero();
  const int messages = 5 + static_cast<int>(pick(36));
  // Bursts in some cases, so that large batches fill.
  const std::int64_t spacing = pick(2) == 0 ? 100 : 3000;
  for (int i = 0; i < messages; ++i) {
    last = last + jittered(pick, milliseconds(1), 0, spacing);
    const auto event = static_cast<std::uint64_t>(i + 1);
    sends.push_back(Send{last, event, fifo ? 1 + pick(3) : 0});
    if (poisoned.contains(event)) settings.poison.insert(event);
  }

  std::ostringstream what;
  what << "seed " << seed << (fifo ? ", FIFO" : ", standard") << ", batch " << fn.batch_size
       << ", window " << fn.batching_window.ns << " ns, pollers " << fn.initial_concurrency << " +"
       << fn.scale_up_per_minute << "/min up to " << fn.max_pollers << " idle "
       << fn.idle_concurrency << ", concurrency " << settings.function_concurrency << ", wait "
       << fn.poll_wait.ns << " ns, visibility " << source.visibility_timeout.ns << " ns, timeout "
       << fn.timeout.ns << " ns, processing " << settings.processing.ns << " ns, cold start "
       << settings.cold_start.ns << " ns"
       << (fn.report_batch_item_failures ? ", batch item failures" : "")
       << (with_dlq ? ", max receives " + std::to_string(max_receive_count) : ", no DLQ") << ", "
       << messages << " messages, " << settings.poison.size() << " poison";
  out.what = what.str();
  out.fifo = fifo;
  if (settings.processing != processing || settings.cold_start != cold_start) {
    out.trouble = out.what + ": a duration does not round-trip";
    return out;
  }

  Kernel kernel;
  MessagePool pool;
  Books books;
  Queue queue(source, 0, Context{seed, kernel, books}, pool);
  queue.attach(kernel.attach(queue));
  Timeline timeline;
  queue.set_observer(&timeline);
  std::unique_ptr<Queue> dlq;
  if (with_dlq) {
    dlq = std::make_unique<Queue>(dead, 1, Context{seed, kernel, books}, pool);
    dlq->attach(kernel.attach(*dlq));
    dlq->set_observer(&timeline);
    queue.set_dead_letter_queue(*dlq);
    dlq->mark_as_dead_letter_queue();
  }
  Function function(fn, queue, Context{seed, kernel, books});
  function.attach(kernel.attach(function));

  reference::LambdaLoop model(
      reference::QueueSettings{source.visibility_timeout, source.retention, source.delay, fifo},
      with_dlq ? std::optional(reference::QueueSettings{dead.visibility_timeout, dead.retention,
                                                        dead.delay, fifo})
               : std::nullopt,
      max_receive_count, settings, quota);

  function.start();
  model.start();
  for (const Send& s : sends) {
    kernel.run_until(s.at);
    queue.send(s.event, s.at, 100,
               MessageKeys{.group = s.group, .deduplication = s.event, .cause = {}});
    model.send(s.at, s.event, s.group);
  }
  const Time end = last + minutes(10);
  kernel.run_until(end);
  model.run_until(end);

  const auto fail = [&](const std::string& message) {
    out.trouble = out.what + ": " + message;
    return out;
  };
  const std::vector<reference::Step> expected = canonical(model.queues().timeline());
  if (const std::string d = compare_timelines(expected, timeline.steps); !d.empty()) return fail(d);
  for (const reference::Step& step : expected) out.kinds.insert(step.kind);

  const FunctionResult r = function.result();
  reference::LambdaTotals real;
  real.invocations = r.invocations;
  real.throttles = r.throttles;
  real.throttled_batches = r.throttled_batches;
  real.cold_starts = r.cold_starts;
  real.timeouts = r.timeouts;
  real.failed_batches = r.failed_batches;
  real.partial_failures = r.partial_failures;
  real.processed = r.processed;
  real.failed = r.failed;
  real.returned = r.returned;
  real.duplicates_processed = books.events.duplicates_processed;
  real.peak_concurrency = r.peak_concurrency;
  real.peak_executions = r.peak_executions;
  real.billed_ns = r.billed_ns;
  real.calls = calls_by(books, "lambda:f");
  const reference::LambdaTotals& want = model.totals();
  out.duplicates = want.duplicates_processed > 0;
  if (model.throttled_receives() > 0) out.features.insert("receive throttled");
  if (want.throttles > 0) out.features.insert("throttled");
  if (want.throttled_batches > 0) out.features.insert("gave up a throttled batch");
  if (want.timeouts > 0) out.features.insert("timed out");
  if (want.partial_failures > 0) out.features.insert("partial batch failure");
  if (want.failed_batches > 0) out.features.insert("whole batch failed");
  if (want.peak_concurrency > fn.initial_concurrency) out.features.insert("scaled up");
  if (calls_of(want.calls, "DeleteMessageBatch") > want.invocations) {
    out.features.insert("deleted more than 10 of a batch");
  }
  if (real.calls != want.calls) {
    return fail("API calls " + describe(real.calls) + ", the reference " + describe(want.calls));
  }
  if (!(real == want)) {
    const auto figures = [](const reference::LambdaTotals& t) {
      std::ostringstream o;
      o << "invocations " << t.invocations << " throttles " << t.throttles << " given up "
        << t.throttled_batches << " cold " << t.cold_starts << " timeouts " << t.timeouts
        << " failed batches " << t.failed_batches << " partial " << t.partial_failures
        << " processed " << t.processed << " failed " << t.failed << " returned " << t.returned
        << " duplicates " << t.duplicates_processed << " peak pollers " << t.peak_concurrency
        << " peak executions " << t.peak_executions << " billed " << t.billed_ns;
      return o.str();
    };
    return fail(figures(real) + ", the reference " + figures(want));
  }
  if (const std::string d =
          compare_queues(queue, dlq.get(), model, expected, calls_of(want.calls, "EmptyReceive"));
      !d.empty()) {
    return fail(d);
  }
  return out;
}

}  // namespace

TEST_CASE("random consumer fleets agree with the reference poll loop message by message") {
  const int cases = std::max(60, static_cast<int>(600 * EDASIM_TEST_SCALE));
  int fifo = 0, redrives = 0, duplicates = 0, throttled_receives = 0, retried = 0;
  std::map<int, int> kinds;
  for (int c = 0; c < cases; ++c) {
    const Case result = run_case(static_cast<std::uint64_t>(c) + 1);
    INFO(result.trouble);
    REQUIRE(result.trouble.empty());
    fifo += result.fifo;
    redrives += result.redrive;
    duplicates += result.duplicates;
    throttled_receives += result.features.count("receive throttled") != 0 ? 1 : 0;
    retried += result.features.count("retried in place") != 0 ? 1 : 0;
    for (const int kind : result.kinds) ++kinds[kind];
  }
  // Both kinds of queue were exercised, and every kind of step, in many
  // cases each; so were messages processed twice (a visibility timeout
  // shorter than the work).
  CHECK(fifo > cases / 5);
  CHECK(redrives > cases / 10);
  CHECK(duplicates > cases / 20);
  CHECK(throttled_receives > cases / 25);
  CHECK(retried > cases / 25);
  for (int kind = reference::Step::received; kind <= reference::Step::redriven; ++kind) {
    INFO("step kind " << kind);
    CHECK(kinds[kind] > cases / 50);
  }
}

TEST_CASE(
    "random Lambda event source mappings agree with the reference mapping message by message") {
  const int cases = std::max(60, static_cast<int>(600 * EDASIM_TEST_SCALE));
  int fifo = 0, duplicates = 0;
  std::map<int, int> kinds;
  std::map<std::string, int> features;
  for (int c = 0; c < cases; ++c) {
    const Case result = run_lambda_case(static_cast<std::uint64_t>(c) + 1);
    INFO(result.trouble);
    REQUIRE(result.trouble.empty());
    fifo += result.fifo;
    duplicates += result.duplicates;
    for (const std::string& f : result.features) ++features[f];
    for (const int kind : result.kinds) ++kinds[kind];
  }
  CHECK(fifo > cases / 5);
  CHECK(duplicates > cases / 20);
  for (const char* f :
       {"throttled", "gave up a throttled batch", "timed out", "partial batch failure",
        "whole batch failed", "scaled up", "receive throttled"}) {
    INFO(f);
    CHECK(features[f] > cases / 50);
  }
  // Rarer: a batch of more than 10 that finished in time (a burst, a quick
  // handler, a batching window).
  CHECK(features["deleted more than 10 of a batch"] >= cases / 200);
  // Lambda neither re-pushes nor sends to the DLQ itself, and no redrive
  // task runs here.
  for (const int kind : {reference::Step::received, reference::Step::deleted,
                         reference::Step::moved_to_dlq, reference::Step::expired}) {
    INFO("step kind " << kind);
    CHECK(kinds[kind] > cases / 50);
  }
}
