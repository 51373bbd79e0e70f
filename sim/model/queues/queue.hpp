// An SQS-style standard queue.
//
// A message is delayed, visible, or in flight (received, not yet deleted,
// invisible until its visibility timeout). What the queue promises, after the
// SQS documentation (shared/reference/services.md §1):
// - A receive returns at most `max` (<= 10) visible messages. A long poll
//   (wait > 0) answers as soon as one is visible, or empty when the wait
//   ends; a short poll answers at once and sees each visible message only
//   with probability `short_poll_sampling`, so it may answer empty although
//   messages exist.
// - Every receive increments the message's receive count. With a redrive
//   policy, the receive that would push the count past max_receive_count
//   moves the message to the dead-letter queue instead of returning it.
// - A message not deleted within its visibility timeout becomes visible
//   again. ChangeMessageVisibility sets a new timeout from now (0: at once).
// - Retention runs from the original enqueue time, also in a standard DLQ;
//   when it ends the message is deleted silently (counted as expired).
// - A delete needs the receipt of the latest receive; an older one succeeds
//   as a call but deletes nothing. On a standard queue the latest receipt
//   still deletes after the visibility timeout ended, until the next
//   receive; on a FIFO queue a delete outside the visibility window fails
//   and the message is delivered again (§1.2).
// - Over the in-flight limit a short poll fails (OverLimit) and a long poll
//   gets nothing.
// - With duplicate_probability, a delete may miss one stored copy, which is
//   delivered again after the visibility timeout (at-least-once delivery).
// A FIFO queue (config.fifo) also promises, after SQS FIFO (§1.8-§1.10):
// - Receives hand out messages group by group in send order, and nothing of
//   a group while one of its messages is in flight (MessageGroups). A
//   message moved to the dead-letter queue unblocks its group, so the next
//   one is delivered ahead of it: order is broken, as in SQS.
// - A send whose deduplication id was accepted in the last 5 minutes is
//   accepted and dropped (counted as deduplicated).
// - SendMessage[Batch] and ReceiveMessage calls over the per-action quota
//   are throttled: the caller asks admit_send() once per call, and a
//   throttled receive answers empty with ReceiveStatus::throttled.
// - Over the in-flight limit every receive gets nothing, with no error.
// - A FIFO dead-letter queue restarts retention when a message arrives.
// - A re-push or a consumer's send to the dead-letter queue ends the
//   message's flight, so the rest of its group is handed out. FIFO has no
//   per-message DelaySeconds (§1.5): a re-push there takes the queue's delay.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/model/queues/message_groups.hpp"
#include "sim/model/queues/queue_config.hpp"
#include "sim/model/queues/retention_clocks.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/deduplication.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/support/rate_quota.hpp"
#include "sim/model/support/ring.hpp"
#include "sim/model/support/shared_timers.hpp"

namespace edasim::model {

enum class ReceiveStatus { ok, over_limit, throttled };

// What a queue did to one message, as a test-only observer sees it (the
// differential tests compare these timelines with a reference model). A
// queue without an observer pays one pointer test per step.
enum class MessageStep : std::uint8_t {
  received,      // returned by a receive
  deleted,       // DeleteMessage with a current receipt
  moved_to_dlq,  // by the redrive policy, at a receive
  sent_to_dlq,   // by a consumer (SendMessage there, DeleteMessage here)
  repushed,      // by a consumer, back to this queue
  expired,       // retention ended
  redriven,      // moved back here from the dead-letter queue by a redrive task
};

class QueueObserver {
 public:
  virtual ~QueueObserver() = default;
  // `receive_count`: the message's receive count at the step (for a
  // receive, the count it returns).
  virtual void on_step(MessageStep step, std::uint64_t event, std::uint32_t queue, Time at,
                       std::uint32_t receive_count) = 0;
};

// Whoever polls a queue: it is told the answer to each receive, at the time
// the queue answers. It must not call the queue back from on_receive.
class Receiver {
 public:
  virtual ~Receiver() = default;
  virtual void on_receive(std::uint32_t poller, std::span<const Receipt> batch,
                          ReceiveStatus status) = 0;
};

class Queue final : public core::Component {
 public:
  Queue(QueueConfig config, std::uint32_t index, const Context& context, MessagePool& pool);

  void set_dead_letter_queue(Queue& dlq) { dlq_ = &dlq; }
  // Every queue of the system, by index: where a redrive sends messages back.
  void set_peers(std::span<Queue* const> queues) { peers_ = queues; }
  // Schedules the redrive task, if the config has one that starts at a set
  // time.
  void start();
  // The operator starts the redrive task now (it waits on an alarm); ignored
  // while a task is running, as SQS allows one per queue.
  void start_redrive();
  void mark_as_dead_letter_queue() { result_.dead_letter_queue = true; }
  void attach(core::ComponentId id) { id_ = id; }
  // Tests only: told every step of every message (nullptr: nobody).
  void set_observer(QueueObserver* observer) { observer_ = observer; }

  // A new message carrying event `event` arrives (SendMessage). Returns false
  // when the queue refuses it (larger than max_message_size); a FIFO
  // duplicate is accepted (true) and dropped.
  bool send(std::uint64_t event, Time produced, std::int64_t size, MessageKeys keys = {},
            bool unwanted = false);
  // (`unwanted`: point-to-point, its consumer discards it.)
  // One SendMessage or SendMessageBatch call of `entries` messages is about
  // to be made: false when the FIFO quota throttles it, and then its entries
  // are counted as rejected here (the caller counts them as copies and does
  // not send them). Always true on a standard queue.
  bool admit_send(std::uint32_t entries);
  bool fifo() const { return groups_.has_value(); }

  void receive(Receiver& receiver, std::uint32_t poller, int max, Duration wait);
  // DeleteMessage. True when the message was deleted.
  bool remove(const Receipt& receipt);
  // ChangeMessageVisibility. True when the receipt was current and in flight.
  bool change_visibility(const Receipt& receipt, Duration timeout);
  // A consumer's re-push: SendMessage of this message back to this queue
  // with DelaySeconds `delay` (on a FIFO queue `delay` must be zero: the
  // queue's own delay applies), then DeleteMessage of the original. The copy
  // continues as the same message in conservation (it is neither processed
  // nor new), with a fresh receive count and retention, and its re-push
  // count one higher. True when the receipt was current and in flight.
  bool repush(const Receipt& receipt, Duration delay);
  // A consumer sends the message to this queue's dead-letter queue itself
  // (SendMessage there, DeleteMessage here). Counted as a send on the DLQ,
  // not as a redrive move. False when the receipt is stale or the queue has
  // no dead-letter queue.
  bool send_to_dead_letter_queue(const Receipt& receipt);
  bool has_dead_letter_queue() const { return dlq_ != nullptr; }

  // A consumer processed this delivery successfully: any later delivery of
  // the same message is a duplicate. True when this was the message's first
  // successful processing; false for a duplicate, and for a message already
  // gone (another consumer received it after this one's visibility timeout
  // and deleted it), whose slot is never read.
  bool mark_processed(const Receipt& receipt);
  // The message a receipt names, checked: a stale receipt throws
  // std::logic_error (see MessagePool::at).
  const Message& message(const Receipt& receipt) const {
    return pool_.at(receipt.id, receipt.incarnation);
  }
  // The receipt's message last failed because of fault `fault` (1 + its
  // index in Books::faults; 0: no fault's failure), which then answers for
  // where it ends. Nothing when the slot holds another message by now.
  void blame(const Receipt& receipt, std::uint32_t fault) {
    if (pool_[receipt.id].incarnation == receipt.incarnation) pool_[receipt.id].fault = fault;
  }
  const QueueConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  std::uint64_t visible() const { return visible_; }
  std::uint64_t in_flight() const { return in_flight_; }
  std::uint64_t delayed() const { return delayed_; }
  // Messages that count in conservation (not duplicate copies).
  std::uint64_t live_messages() const { return live_; }
  // The figures so far, without the end-of-run gauges (cheap; for sampling).
  const QueueResult& counters() const { return result_; }
  // Age of the oldest visible message (zero when none is visible).
  Duration oldest_age();
  // The figures for the report, as of now.
  QueueResult result();
  // Restarts the maxima (depth, age) from the current state: the end of a
  // warm-up. Counts are kept.
  void restart_measurements();

  void handle(core::Kernel& kernel, const core::Event& event) override;

 private:
  enum Kind : std::uint32_t {
    become_visible,  // a delayed message's delay ends
    expire,
    poll_timeout,     // the earliest long polls' waits end (poll_waits_)
    visibility_ends,  // the earliest visibility timeouts end (visibility_)
    redrive_start,
    redrive_batch,
    redrive_on_request,
  };

  struct Waiter {
    Receiver* receiver = nullptr;
    std::uint32_t poller = 0;
    int max = 0;
    std::uint32_t generation = 0;
    bool active = false;
  };

  void enqueue(MessageId id, Duration delay);
  // Drops stale entries from the front of the visible order; true when the
  // front is then a visible message.
  bool skip_stale_visible();
  // Whether `receipt` is the latest receive of a message in flight here.
  bool holds(const Receipt& receipt) const;
  void make_visible(MessageId id);
  // Adds one to `figure` of the fault the message last failed by, if any.
  void count_for_fault(MessageId id, std::uint64_t FaultTally::*figure);
  void take(int max, std::vector<Receipt>& out);
  void take_from_groups(int max, std::vector<Receipt>& out);
  // Sends a message of `id` in flight: its visibility timer starts.
  void deliver(MessageId id, std::vector<Receipt>& out);
  // Whether the visibility timer `pack(id, timer)` still stands: the
  // message is in flight here with that timer.
  bool visibility_stands(std::uint64_t timer) const {
    const Message& m = pool_[packed_id(timer)];
    return m.queue == index_ && m.state == Message::State::in_flight &&
           m.timer == packed_counter(timer);
  }
  // Whether the long poll `pack(slot, generation)` still waits.
  bool wait_stands(std::uint64_t wait) const {
    const Waiter& w = waiters_[packed_id(wait)];
    return w.active && w.generation == packed_counter(wait);
  }
  // A waiting long poll is answered (or its wait ends): its slot is free.
  void retire_waiter(std::uint32_t slot);
  void start_visibility_timer(MessageId id, Time deadline);
  // Run by the armed event at `place`: the timers due up to it.
  void end_visibility_timeouts(std::uint64_t place);
  void end_waits(std::uint64_t place);

  void move_to_dead_letter_queue(MessageId id);
  void accept_dead_letter(MessageId id);
  void accept_sent_dead_letter(MessageId id);
  void move_batch_back();
  void accept_moved_back(MessageId id);
  void schedule_expiry(MessageId id);
  void arm_retention_timer();
  void release(MessageId id);
  void drop(MessageId id);
  void serve_waiters();
  void track_depth();
  void observe(MessageStep step, MessageId id) {
    if (observer_ != nullptr) {
      observer_->on_step(step, pool_[id].event, index_, kernel_.now(), pool_[id].receive_count);
    }
  }

  QueueConfig config_;
  std::uint32_t index_;
  core::ComponentId id_ = 0;
  core::Kernel& kernel_;
  MessagePool& pool_;
  Books& books_;
  core::RandomStream rng_;
  Queue* dlq_ = nullptr;
  QueueObserver* observer_ = nullptr;
  std::span<Queue* const> peers_;
  bool redriving_ = false;
  metrics::CounterId redrive_receive_, redrive_send_, redrive_delete_;

  // Retention: the deadlines of the messages held, and one kernel timer for
  // the earliest (a message does not keep an event pending for days).
  RetentionClocks retention_;
  Time retention_armed_ = Time::never();
  std::uint32_t retention_timer_ = 0;

  // Visibility timeouts of the messages in flight and long polls' waits:
  // one kernel event each for the earliest, so that a message deleted in
  // time, or a poll answered, leaves no event behind.
  SharedTimers<std::uint64_t> visibility_;  // pack(id, timer)
  Armed visibility_armed_;
  SharedTimers<std::uint64_t> poll_waits_;  // pack(slot, generation)
  Armed poll_armed_;

  Ring<std::uint64_t> visible_order_;  // pack(id, timer); stale entries skipped
  std::uint64_t visible_ = 0, in_flight_ = 0, delayed_ = 0, live_ = 0;

  std::vector<Waiter> waiters_;
  std::vector<std::uint32_t> free_waiters_;
  Ring<std::uint64_t> waiting_;  // pack(slot, generation), oldest first
  std::uint64_t active_waiters_ = 0;

  // FIFO only.
  std::optional<MessageGroups> groups_;
  std::optional<DeduplicationWindow> deduplication_;
  std::optional<RateQuota> send_quota_, receive_quota_;
  std::uint64_t next_sequence_ = 0;

  std::vector<Receipt> batch_;  // reused for every answer
  QueueResult result_;
};

}  // namespace edasim::model
