// A deliberately simple, slow reference model of a consumer fleet's poll
// loop over one SQS queue (and its dead-letter queue, and a DLQ redrive
// task), for differential tests of sim/model/fleet and the queue's long
// polls.
//
// Written from the documented behaviour (shared/reference/services.md §1,
// the promises in sim/model/fleet_config.hpp), not from the model's code:
// one event loop of its own (a std::map keyed by (time, scheduling order),
// holding closures), the queue semantics of reference_queues.hpp, plain
// containers. What it covers:
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
};

struct RedriveTask {
  Time start;
  double rate = 500;  // messages per second
};

// The fleet's figures and its API calls, by kind.
struct FleetTotals {
  std::uint64_t processed = 0, failed = 0, duplicates_processed = 0, repushed = 0,
                dead_lettered = 0;
  std::map<std::string, std::uint64_t> calls;
  bool operator==(const FleetTotals&) const = default;
};

// The event loop, the queues and the long polls both consumers share.
class Loop {
 public:
  Loop(QueueSettings source, std::optional<QueueSettings> dlq, std::uint32_t max_receive_count)
      : queues_(source, dlq, max_receive_count) {
    queues_.drive_from(&scheduled_);
  }
  virtual ~Loop() = default;

  const Queues& queues() const { return queues_; }

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
  // The answer to poller p's receive, when the queue gives it.
  virtual void answer(int p, std::vector<Receipt> got) = 0;

  void at(Time t, std::function<void()> action) {
    events_.emplace(std::make_pair(t, ++scheduled_), std::move(action));
  }

  // ReceiveMessage of up to `max` messages from the source: answered at
  // once when it can be (always for a short poll), else it waits.
  void receive(int p, int max, Duration wait) {
    std::vector<Receipt> got = queues_.receive(now_, 0, max);
    if (!got.empty() || wait == Duration::zero()) {
      answer(p, std::move(got));
      return;
    }
    const std::uint64_t serial = ++receives_;
    waiting_.push_back(Waiting{p, serial, max});
    at(now_ + wait, [this, p, serial] {
      for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
        if (it->poller == p && it->serial == serial) {
          waiting_.erase(it);
          answer(p, {});
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
      answer(p, std::move(got));
    }
  }

  Queues queues_;
  Time now_ = Time::zero();

 private:
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
               std::optional<RedriveTask> redrive)
      : Loop(source, dlq, max_receive_count),
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
  };

  void count(const std::string& kind, std::uint64_t n = 1) { totals_.calls[kind] += n; }

  void poll(int p) { receive(p, fleet_.batch_size, fleet_.wait_time); }

  void answer(int p, std::vector<Receipt> got) override {
    count("ReceiveMessage");
    if (got.empty()) {
      count("EmptyReceive");
      const Duration pause =
          fleet_.wait_time == Duration::zero() ? fleet_.empty_poll_pause : Duration::zero();
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
    at(now_ + fleet_.processing, [this, p] { done(p); });
  }

  void done(int p) {
    Poller& poller = pollers_[static_cast<std::size_t>(p)];
    const std::size_t i = poller.next;
    const Receipt r = poller.batch[i];
    if (fleet_.poison.count(r.event) != 0) {
      ++totals_.failed;
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

}  // namespace edasim::reference
