// Deliberately simple, slow reference models of the consumers of one SQS
// queue (and its dead-letter queue, and a DLQ redrive task): a fleet's poll
// loop, and a Lambda function's event source mapping; for differential
// tests of sim/model/consumers/fleet, sim/model/functions/function and the queue's long
// polls.
//
// Written from the documented behaviour (shared/reference/services.md §1,
// the promises in sim/model/consumers/fleet_config.hpp), not from the model's code:
// one event loop of its own (a std::map keyed by (time, scheduling order),
// holding closures), the queue semantics of reference_queues.hpp, plain
// containers. What the fleet covers:
// - pollers that loop: ReceiveMessage (MaxNumberOfMessages, WaitTimeSeconds),
//   the answer's latency, the batch processed one message after another,
//   DeleteMessage per success or one DeleteMessageBatch per batch, and the
//   next receive at once; an empty short poll pauses first;
// - long polls: a receive with a wait answers at once when messages are
//   visible, else with the first message that becomes visible (waiting
//   receives served oldest first), else empty when the wait ends;
// - failures (poison events fail every attempt) and what the fleet does
//   then: nothing (the visibility timeout returns the message),
//   ChangeMessageVisibility(0), ChangeMessageVisibility(backoff) with
//   base x 2^(receive count - 1) capped, or a re-push with DelaySeconds
//   base x 2^(re-pushes) capped and, past max_repushes, a send to the DLQ;
//   before that, in-place retries (the same receipt) after a fixed or
//   exponential wait;
// - a FIFO queue's ReceiveMessage quota (a token bucket of one second's
//   worth): a receive over it is answered at once, empty, and the poller
//   pauses as after an empty short poll;
// - the redrive policy (in reference_queues.hpp) and a redrive task that
//   moves up to 10 messages per batch back, `rate` messages a second, until
//   the DLQ has none visible.
// Every timer and answer happens in (time, scheduling order), the queue's
// timers and the loop's events in one order, one at a time: a long poll waiting when several
// messages become visible at one instant (a batch whose visibility timeout ends) is answered with
// the first, as soon as it is visible, and the next waiting poll with the next.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "reference_queues.hpp"
#include "sim/core/time.hpp"

namespace edasim::reference {

struct FleetSettings {
  enum class OnFailure { wait_for_timeout, release, backoff, repush };
  int pollers = 1;
  int batch_size = 10;
  Duration wait_time = seconds(20);
  Duration empty_poll_pause = seconds(1);
  Duration processing = milliseconds(50);
  Duration receive_latency = Duration::zero();  // from the queue's answer to the poller
  bool delete_in_batches = true;
  OnFailure on_failure = OnFailure::wait_for_timeout;
  Duration base = seconds(10);
  Duration cap = minutes(15);
  std::uint32_t max_repushes = 3;
  std::set<std::uint64_t> poison;  // events that fail every attempt
  // In-place retries of a failed attempt before the failure policy:
  // attempts in all, and the wait before retry n (0-based): none, `base`,
  // or base x 2^n (each capped at retry_cap).
  enum class Backoff { none, fixed, exponential };
  int attempts = 1;
  Backoff retry_backoff = Backoff::none;
  Duration retry_base = milliseconds(100);
  Duration retry_cap = seconds(20);
};

struct RedriveTask {
  Time start;
  double rate = 500;  // messages per second
};

// The fleet's figures and its API calls, by kind.
struct FleetTotals {
  std::uint64_t processed = 0, failed = 0, retries = 0, duplicates_processed = 0, repushed = 0,
                dead_lettered = 0;
  std::map<std::string, std::uint64_t> calls;
  bool operator==(const FleetTotals&) const = default;
};

// The event loop, the queues and the long polls both consumers share.
class Loop {
 public:
  // `receive_quota`: a FIFO queue's ReceiveMessage quota, calls per second
  // with a burst of one second's worth (0: none).
  Loop(QueueSettings source, std::optional<QueueSettings> dlq, std::uint32_t max_receive_count,
       std::int64_t receive_quota = 0)
      : queues_(source, dlq, max_receive_count), quota_(receive_quota) {
    queues_.drive_from(&scheduled_);
    // A full bucket at the start.
    tokens_ = quota_ * seconds(1).ns;
  }
  virtual ~Loop() = default;

  const Queues& queues() const { return queues_; }
  std::uint64_t throttled_receives() const { return throttled_; }

  // A producer's SendMessage, after everything due at or before `now`.
  void send(Time now, std::uint64_t event, std::uint64_t group) {
    run_until(now);
    queues_.send(now, event, group);
    serve_waiting();
  }

  void run_until(Time end) {
    for (;;) {
      // The queue's next transition and the loop's next event, in (time,
      // scheduling order).
      const Time due = queues_.next_due();
      const std::pair<Time, std::uint64_t> transition{due, queues_.next_due_order()};
      const bool event_next = !events_.empty() && events_.begin()->first.first <= end &&
                              events_.begin()->first < transition;
      if (!event_next && due <= end) {
        queues_.advance_one(due);
        now_ = due;
        serve_waiting();
        continue;
      }
      if (!event_next) break;
      auto first = events_.begin();
      now_ = first->first.first;
      const std::function<void()> action = std::move(first->second);
      events_.erase(first);
      action();
    }
    queues_.advance(end);
    now_ = end;
  }

 protected:
  // The answer to poller p's receive, when the queue gives it; a
  // throttled receive is answered at once, empty.
  virtual void answer(int p, std::vector<Receipt> got, bool throttled) = 0;

  void at(Time t, std::function<void()> action) {
    events_.emplace(std::make_pair(t, ++scheduled_), std::move(action));
  }

  // ReceiveMessage of up to `max` messages from the source: answered at
  // once when it can be (always for a short poll), else it waits.
  void receive(int p, int max, Duration wait) {
    if (!admit()) {
      ++throttled_;
      answer(p, {}, true);
      return;
    }
    std::vector<Receipt> got = queues_.receive(now_, 0, max);
    if (!got.empty() || wait == Duration::zero()) {
      answer(p, std::move(got), false);
      return;
    }
    const std::uint64_t serial = ++receives_;
    waiting_.push_back(Waiting{p, serial, max});
    at(now_ + wait, [this, p, serial] {
      for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
        if (it->poller == p && it->serial == serial) {
          waiting_.erase(it);
          answer(p, {}, false);
          return;
        }
      }
    });
  }

  // Waiting receives, oldest first, each take what is visible now.
  void serve_waiting() {
    while (!waiting_.empty()) {
      std::vector<Receipt> got = queues_.receive(now_, 0, waiting_.front().max);
      if (got.empty()) return;
      const int p = waiting_.front().poller;
      waiting_.erase(waiting_.begin());
      answer(p, std::move(got), false);
    }
  }

  Queues queues_;
  Time now_ = Time::zero();

 private:
  // The receive quota's token bucket, in billionths of a token (exact
  // integers): quota_ tokens a second, at most one second's worth.
  bool admit() {
    if (quota_ == 0) return true;
    tokens_ = std::min(quota_ * seconds(1).ns, tokens_ + (now_ - refilled_).ns * quota_);
    refilled_ = now_;
    if (tokens_ < seconds(1).ns) return false;
    tokens_ -= seconds(1).ns;
    return true;
  }
  std::int64_t quota_;
  std::int64_t tokens_ = 0;
  Time refilled_ = Time::zero();
  std::uint64_t throttled_ = 0;

  struct Waiting {
    int poller;
    std::uint64_t serial;  // which receive
    int max;
  };
  std::vector<Waiting> waiting_;
  std::map<std::pair<Time, std::uint64_t>, std::function<void()>> events_;
  std::uint64_t scheduled_ = 0, receives_ = 0;
};

// The fleet: `pollers` loops over the source queue.
class ConsumerLoop final : public Loop {
 public:
  ConsumerLoop(QueueSettings source, std::optional<QueueSettings> dlq,
               std::uint32_t max_receive_count, FleetSettings fleet,
               std::optional<RedriveTask> redrive, std::int64_t receive_quota = 0)
      : Loop(source, dlq, max_receive_count, receive_quota),
        fleet_(std::move(fleet)),
        redrive_(redrive),
        pollers_(static_cast<std::size_t>(fleet_.pollers)) {}

  const FleetTotals& totals() const { return totals_; }

  // Every poller polls at time zero, in order; the redrive task starts at
  // its time.
  void start() {
    for (int p = 0; p < fleet_.pollers; ++p) at(now_, [this, p] { poll(p); });
    if (redrive_) at(redrive_->start, [this] { redrive_batch(); });
  }

 private:
  struct Poller {
    std::vector<Receipt> batch;
    std::vector<std::uint32_t> repushes;  // each message's re-pushes when received
    std::vector<bool> succeeded;
    std::size_t next = 0;
    int attempts = 0;  // on the current message
  };

  void count(const std::string& kind, std::uint64_t n = 1) { totals_.calls[kind] += n; }

  void poll(int p) { receive(p, fleet_.batch_size, fleet_.wait_time); }

  void answer(int p, std::vector<Receipt> got, bool throttled) override {
    count("ReceiveMessage");
    if (got.empty()) {
      // An empty short poll, or a throttled receive (answered at once
      // whatever the wait), pauses before the next; a long poll that ran
      // out polls again at once.
      if (!throttled) count("EmptyReceive");
      const Duration pause = fleet_.wait_time == Duration::zero() || throttled
                                 ? fleet_.empty_poll_pause
                                 : Duration::zero();
      at(now_ + fleet_.receive_latency + pause, [this, p] { poll(p); });
      return;
    }
    Poller& poller = pollers_[static_cast<std::size_t>(p)];
    poller.repushes.clear();
    for (const Receipt& r : got) poller.repushes.push_back(repushes_[r.event]);
    poller.batch = std::move(got);
    poller.succeeded.assign(poller.batch.size(), false);
    poller.next = 0;
    at(now_ + fleet_.receive_latency, [this, p] { process(p); });
  }

  void process(int p) {
    ++pollers_[static_cast<std::size_t>(p)].attempts;
    at(now_ + fleet_.processing, [this, p] { done(p); });
  }

  Duration retry_wait(int retry) const {
    switch (fleet_.retry_backoff) {
      case FleetSettings::Backoff::none:
        return Duration::zero();
      case FleetSettings::Backoff::fixed:
        return std::min(fleet_.retry_base, fleet_.retry_cap);
      case FleetSettings::Backoff::exponential: {
        Duration d = fleet_.retry_base;
        for (int i = 0; i < retry && d < fleet_.retry_cap; ++i) d = d * 2;
        return std::min(d, fleet_.retry_cap);
      }
    }
    return Duration::zero();
  }

  void done(int p) {
    Poller& poller = pollers_[static_cast<std::size_t>(p)];
    const std::size_t i = poller.next;
    const Receipt r = poller.batch[i];
    if (fleet_.poison.count(r.event) != 0) {
      ++totals_.failed;
      if (poller.attempts < fleet_.attempts) {
        // Retried in place, the same receipt, after the policy's wait.
        ++totals_.retries;
        at(now_ + retry_wait(poller.attempts - 1), [this, p] { process(p); });
        return;
      }
      fail(r, poller.repushes[i]);
    } else {
      // Processed whether or not the receipt is still current.
      ++totals_.processed;
      if (!queues_.mark_processed(now_, r)) ++totals_.duplicates_processed;
      poller.succeeded[i] = true;
      if (!fleet_.delete_in_batches) {
        count("DeleteMessage");
        queues_.remove(now_, 0, r);
        serve_waiting();
      }
    }
    ++poller.next;
    poller.attempts = 0;
    if (poller.next < poller.batch.size()) {
      process(p);
      return;
    }
    if (fleet_.delete_in_batches) {
      bool any = false;
      for (std::size_t m = 0; m < poller.batch.size(); ++m) {
        if (!poller.succeeded[m]) continue;
        any = true;
        // A FIFO delete may free the group a waiting receive wants.
        queues_.remove(now_, 0, poller.batch[m]);
        serve_waiting();
      }
      if (any) count("DeleteMessageBatch");
    }
    poll(p);
  }

  Duration doubled(std::uint32_t times) const {
    Duration d = fleet_.base;
    for (std::uint32_t i = 0; i < times && d < fleet_.cap; ++i) d = d * 2;
    return std::min(d, fleet_.cap);
  }

  void fail(const Receipt& r, std::uint32_t repushes) {
    switch (fleet_.on_failure) {
      case FleetSettings::OnFailure::wait_for_timeout:
        return;
      case FleetSettings::OnFailure::release:
        count("ChangeMessageVisibility");
        queues_.change_visibility(now_, 0, r, Duration::zero());
        serve_waiting();
        return;
      case FleetSettings::OnFailure::backoff:
        count("ChangeMessageVisibility");
        queues_.change_visibility(now_, 0, r, doubled(r.receive_count - 1));
        serve_waiting();
        return;
      case FleetSettings::OnFailure::repush:
        // SendMessage then DeleteMessage, whether or not the receipt is
        // still current.
        count("SendMessage");
        count("DeleteMessage");
        if (repushes >= fleet_.max_repushes) {
          if (queues_.send_to_dead_letter_queue(now_, r)) ++totals_.dead_lettered;
        } else if (queues_.repush(now_, r, doubled(repushes))) {
          ++totals_.repushed;
          ++repushes_[r.event];
        }
        serve_waiting();
        return;
    }
  }

  // One batch of the redrive task: up to 10 messages, then the next batch
  // when the rate allows; the task ends at a batch that finds none.
  void redrive_batch() {
    int moved = 0;
    while (moved < 10 && queues_.redrive_one(now_)) {
      ++moved;
      serve_waiting();
    }
    if (moved == 0) return;
    totals_.calls["redrive/ReceiveMessage"] += 1;
    totals_.calls["redrive/SendMessageBatch"] += 1;
    totals_.calls["redrive/DeleteMessageBatch"] += 1;
    at(now_ + from_seconds(moved / redrive_->rate), [this] { redrive_batch(); });
  }

  FleetSettings fleet_;
  std::optional<RedriveTask> redrive_;
  std::vector<Poller> pollers_;
  std::map<std::uint64_t, std::uint32_t> repushes_;  // by event
  FleetTotals totals_;
};

struct LambdaSettings {
  int batch_size = 10;
  Duration batching_window = Duration::zero();
  int initial_concurrency = 5;
  int scale_up_per_minute = 300;
  int concurrency_cap = 1250;  // min(max_pollers, maximum_concurrency)
  int idle_concurrency = 5;
  int function_concurrency = 1000;  // reserved, else the account's
  Duration poll_wait = seconds(20);
  Duration throttle_retry = seconds(1);
  Duration timeout = seconds(3);
  Duration processing = milliseconds(50);  // per message
  Duration cold_start = milliseconds(250);
  Duration keep_warm = minutes(5);
  Duration receive_latency = Duration::zero();
  Duration visibility_timeout = seconds(30);  // the source queue's
  bool report_batch_item_failures = false;
  std::set<std::uint64_t> poison;
};

struct LambdaTotals {
  std::uint64_t invocations = 0, throttles = 0, throttled_batches = 0, cold_starts = 0,
                timeouts = 0, failed_batches = 0, partial_failures = 0, processed = 0, failed = 0,
                returned = 0, duplicates_processed = 0;
  std::int64_t peak_concurrency = 0, peak_executions = 0;
  std::uint64_t billed_ns = 0;  // each invocation's time, cold start included, in whole ms up
  std::map<std::string, std::uint64_t> calls;
  bool operator==(const LambdaTotals&) const = default;
};

// A Lambda function's SQS event source mapping (services.md §4): pollers
// that long-poll, gather a batch (receives of up to 10 while the batching
// window lasts), invoke the function (throttled beyond its concurrency,
// retried every throttle_retry until the first message's visibility timeout
// would pass), and delete what succeeded; the mapping starts with
// initial_concurrency pollers, adds one per tick while messages are
// visible, and retires a poller whose poll came back empty, or that met a
// throttle or a failed batch (without ReportBatchItemFailures), while more
// than idle_concurrency are left.
class LambdaLoop final : public Loop {
 public:
  LambdaLoop(QueueSettings source, std::optional<QueueSettings> dlq,
             std::uint32_t max_receive_count, LambdaSettings function,
             std::int64_t receive_quota = 0)
      : Loop(source, dlq, max_receive_count, receive_quota), fn_(std::move(function)) {}

  const LambdaTotals& totals() const { return totals_; }

  void start() {
    for (int i = 0; i < std::min(fn_.initial_concurrency, fn_.concurrency_cap); ++i) {
      const int p = add_poller();
      at(now_, [this, p] { poll(p, fn_.poll_wait); });
    }
    if (fn_.scale_up_per_minute > 0) at(now_ + tick(), [this] { scale_tick(); });
  }

 private:
  struct Poller {
    std::vector<Receipt> batch;
    Time first_received;
    bool back_off = false;
    // The invocation's outcome per message: 0 not reached, 1 succeeded,
    // 2 failed.
    std::vector<int> outcome;
    bool timed_out = false;
  };

  Duration tick() const { return seconds(60) / std::max(fn_.scale_up_per_minute, 1); }
  int floor() const { return std::min(fn_.idle_concurrency, fn_.concurrency_cap); }

  int add_poller() {
    pollers_.emplace_back();
    ++active_;
    totals_.peak_concurrency = std::max<std::int64_t>(totals_.peak_concurrency, active_);
    return static_cast<int>(pollers_.size()) - 1;
  }
  // True when the poller retired (more than the floor were left).
  bool retire_if_above(int /*p*/) {
    if (active_ <= floor()) return false;
    --active_;
    return true;
  }

  void scale_tick() {
    if (queues_.count(0, Queues::visible) > 0 && active_ < fn_.concurrency_cap) {
      poll(add_poller(), fn_.poll_wait);
    }
    at(now_ + tick(), [this] { scale_tick(); });
  }

  void poll(int p, Duration wait) {
    const int room = std::min(
        10, fn_.batch_size - static_cast<int>(pollers_[static_cast<std::size_t>(p)].batch.size()));
    receive(p, room, wait);
  }

  void answer(int p, std::vector<Receipt> got, bool throttled) override {
    Poller& poller = pollers_[static_cast<std::size_t>(p)];
    totals_.calls["ReceiveMessage"] += 1;
    if (got.empty() && !throttled) totals_.calls["EmptyReceive"] += 1;
    if (poller.batch.empty() && !got.empty()) poller.first_received = now_;
    poller.batch.insert(poller.batch.end(), got.begin(), got.end());
    // A throttled receive is tried again after throttle_retry.
    const Duration wait = throttled ? fn_.throttle_retry : Duration::zero();
    at(now_ + fn_.receive_latency + wait, [this, p] { gathered(p); });
  }

  void gathered(int p) {
    Poller& poller = pollers_[static_cast<std::size_t>(p)];
    if (poller.batch.empty()) {
      // The queue is empty: the mapping scales down.
      if (retire_if_above(p)) return;
      poll(p, fn_.poll_wait);
      return;
    }
    const Duration so_far = now_ - poller.first_received;
    if (static_cast<int>(poller.batch.size()) < fn_.batch_size && so_far < fn_.batching_window) {
      poll(p, std::min(fn_.poll_wait, fn_.batching_window - so_far));
      return;
    }
    invoke(p);
  }

  bool warm_environment() {
    // Reused newest first; when the newest idled too long, all have gone.
    if (warm_.empty()) return false;
    if (now_ - warm_.back() > fn_.keep_warm) {
      warm_.clear();
      return false;
    }
    warm_.pop_back();
    return true;
  }

  void invoke(int p) {
    Poller& poller = pollers_[static_cast<std::size_t>(p)];
    if (executions_ >= fn_.function_concurrency) {
      ++totals_.throttles;
      poller.back_off = true;
      if (now_ + fn_.throttle_retry < poller.first_received + fn_.visibility_timeout) {
        at(now_ + fn_.throttle_retry, [this, p] { invoke(p); });
        return;
      }
      // Given up: the messages return when their visibility timeout ends.
      ++totals_.throttled_batches;
      totals_.returned += poller.batch.size();
      poller.batch.clear();
      if (retire_if_above(p)) return;
      poller.back_off = false;
      poll(p, fn_.poll_wait);
      return;
    }
    ++executions_;
    totals_.peak_executions = std::max<std::int64_t>(totals_.peak_executions, executions_);
    ++totals_.invocations;
    totals_.calls["Invoke"] += 1;
    Duration init = Duration::zero();
    if (!warm_environment()) {
      init = fn_.cold_start;
      ++totals_.cold_starts;
    }
    // The handler takes the batch one message at a time; without
    // ReportBatchItemFailures it throws at the first failure.
    Duration handler = Duration::zero();
    poller.timed_out = false;
    poller.outcome.assign(poller.batch.size(), 0);
    for (std::size_t i = 0; i < poller.batch.size(); ++i) {
      if (handler + fn_.processing > fn_.timeout) {
        handler = fn_.timeout;
        poller.timed_out = true;
        break;
      }
      handler += fn_.processing;
      const bool fails = fn_.poison.count(poller.batch[i].event) != 0;
      poller.outcome[i] = fails ? 2 : 1;
      if (fails && !fn_.report_batch_item_failures) break;
    }
    const std::int64_t ms = milliseconds(1).ns;
    totals_.billed_ns += static_cast<std::uint64_t>(((init + handler).ns + ms - 1) / ms * ms);
    at(now_ + init + handler, [this, p] { invocation_done(p); });
  }

  void invocation_done(int p) {
    Poller& poller = pollers_[static_cast<std::size_t>(p)];
    --executions_;
    warm_.push_back(now_);
    const bool any_failed = std::count(poller.outcome.begin(), poller.outcome.end(), 2) > 0;
    const bool whole_batch = poller.timed_out || (any_failed && !fn_.report_batch_item_failures);
    totals_.timeouts += poller.timed_out;
    if (whole_batch) {
      ++totals_.failed_batches;
    } else if (any_failed) {
      ++totals_.partial_failures;
    }
    std::uint64_t deleted = 0;
    for (std::size_t i = 0; i < poller.batch.size(); ++i) {
      const Receipt& r = poller.batch[i];
      if (poller.outcome[i] == 2) {
        ++totals_.failed;
      } else if (poller.outcome[i] == 0) {
        ++totals_.returned;
      } else {
        ++totals_.processed;
        if (!queues_.mark_processed(now_, r)) ++totals_.duplicates_processed;
        if (whole_batch) {
          ++totals_.returned;
        } else {
          queues_.remove(now_, 0, r);
          serve_waiting();
          ++deleted;
        }
      }
    }
    // DeleteMessageBatch takes up to 10 receipts.
    if (deleted > 0) totals_.calls["DeleteMessageBatch"] += (deleted + 9) / 10;
    if (whole_batch && !fn_.report_batch_item_failures) poller.back_off = true;
    poller.batch.clear();
    if (poller.back_off && retire_if_above(p)) return;
    poller.back_off = false;
    poll(p, fn_.poll_wait);
  }

  LambdaSettings fn_;
  std::vector<Poller> pollers_;
  int active_ = 0, executions_ = 0;
  std::vector<Time> warm_;  // when each idle environment was last used, newest last
  LambdaTotals totals_;
};

}  // namespace edasim::reference
