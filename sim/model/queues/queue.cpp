#include "sim/model/queues/queue.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace edasim::model {

Queue::Queue(QueueConfig config, std::uint32_t index, const Context& context, MessagePool& pool)
    : config_(std::move(config)),
      index_(index),
      kernel_(context.kernel),
      pool_(pool),
      books_(context.books),
      rng_(context.seed, "queue:" + config_.name),
      retention_(pool, index) {
  result_.name = config_.name;
  batch_.reserve(10);
  if (config_.redrive) {
    const std::string component = "redrive:" + config_.name;
    // A FIFO DLQ's source is FIFO too (§1.4): every call is a FIFO call.
    const bool fifo = config_.fifo.has_value();
    redrive_receive_ = books_.calls.counter(component, metrics::call_kind::kReceiveMessage, fifo);
    redrive_send_ = books_.calls.counter(component, metrics::call_kind::kSendMessageBatch, fifo);
    redrive_delete_ =
        books_.calls.counter(component, metrics::call_kind::kDeleteMessageBatch, fifo);
  }
  if (config_.fifo) {
    if (config_.redrive) {
      throw std::invalid_argument("queue " + config_.name +
                                  ": a redrive from a FIFO dead-letter queue is not modelled");
    }
    result_.fifo = true;
    groups_.emplace(pool_);
    deduplication_.emplace(config_.fifo->deduplication_window);
    send_quota_.emplace(config_.fifo->api_rate_limit);
    receive_quota_.emplace(config_.fifo->api_rate_limit);
  }
}

void Queue::start() {
  if (config_.redrive && config_.redrive->when_alarm_clears.empty()) {
    kernel_.schedule(Time::zero() + config_.redrive->start, id_, redrive_start);
  }
}

void Queue::start_redrive() {
  if (config_.redrive) kernel_.schedule(kernel_.now(), id_, redrive_on_request);
}

bool Queue::admit_send(std::uint32_t entries) {
  if (!send_quota_ || send_quota_->admit(kernel_.now())) return true;
  result_.throttled_sends += entries;
  books_.events.rejected += entries;
  return false;
}

bool Queue::send(std::uint64_t event, Time produced, std::int64_t size, MessageKeys keys,
                 bool unwanted) {
  if (size > config_.max_message_size) {
    ++result_.rejected;
    ++books_.events.rejected;
    return false;
  }
  if (deduplication_) {
    // Content-based: the same body. An emitted event's body is what its
    // entry makes of the processed event, the same for each processing of
    // it: its identity (Cause::identity_of; a producer's event, its number).
    std::uint64_t id =
        keys.deduplication != 0 ? keys.deduplication : core::mix64(keys.cause.identity_of(event));
    // High-throughput mode deduplicates within each message group.
    if (config_.fifo->high_throughput) id = core::mix64(id ^ core::mix64(keys.group));
    if (!deduplication_->admit(id, kernel_.now())) {
      ++result_.deduplicated;
      ++books_.events.deduplicated;
      return true;
    }
  }
  const MessageId id = pool_.allocate();
  Message& m = pool_[id];
  m.event = event;
  m.group_key = keys.group;
  m.claim_checked = keys.claim_checked;
  m.poison = keys.poison;
  m.cause = keys.cause;
  m.produced = produced;
  m.retention_start = kernel_.now();
  m.size = size;
  m.unwanted = unwanted;
  ++result_.sent;
  ++live_;
  enqueue(id, config_.delay);
  schedule_expiry(id);
  return true;
}

void Queue::enqueue(MessageId id, Duration delay) {
  Message& m = pool_[id];
  m.queue = index_;
  m.entered = kernel_.now();
  m.receive_count = 0;
  // A message (re-)entering a queue is a new SQS message: receipts issued
  // before are stale.
  ++m.receipt_serial;
  m.sequence = next_sequence_++;
  if (groups_) m.group = groups_->intern(m.group_key);
  if (delay > Duration::zero()) {
    m.state = Message::State::delayed;
    ++m.timer;
    ++delayed_;
    kernel_.schedule_in(delay, id_, become_visible, pack(id, m.timer));
    track_depth();
    return;
  }
  make_visible(id);
}

void Queue::schedule_expiry(MessageId id) {
  retention_.push(id, pool_[id].retention_start + config_.retention);
  arm_retention_timer();
}

void Queue::arm_retention_timer() {
  if (retention_.empty() || retention_.top_deadline() >= retention_armed_) return;
  retention_armed_ = retention_.top_deadline();
  kernel_.schedule(std::max(retention_armed_, kernel_.now()), id_, expire, ++retention_timer_);
}

void Queue::release(MessageId id) {
  retention_.erase(id);
  pool_.release(id);
}

void Queue::make_visible(MessageId id) {
  Message& m = pool_[id];
  m.state = Message::State::visible;
  m.visible_since = kernel_.now();
  ++m.timer;
  ++visible_;
  if (groups_) {
    groups_->add_visible(id);
  } else {
    visible_order_.push_back(pack(id, m.timer));
  }
  track_depth();
  serve_waiters();
}

void Queue::track_depth() {
  result_.max_depth = std::max(result_.max_depth, visible_ + in_flight_ + delayed_);
}

void Queue::receive(Receiver& receiver, std::uint32_t poller, int max, Duration wait) {
  batch_.clear();
  if (receive_quota_ && !receive_quota_->admit(kernel_.now())) {
    ++result_.throttled_receives;
    receiver.on_receive(poller, batch_, ReceiveStatus::throttled);
    return;
  }
  if (in_flight_ >= static_cast<std::uint64_t>(config_.in_flight_limit)) {
    if (wait == Duration::zero() && groups_) {
      // FIFO: no error over the limit, just nothing.
      ++result_.empty_receives;
      receiver.on_receive(poller, batch_, ReceiveStatus::ok);
      return;
    }
    if (wait == Duration::zero()) {
      ++result_.received_over_limit;
      receiver.on_receive(poller, batch_, ReceiveStatus::over_limit);
      return;
    }
  } else if (wait == Duration::zero()) {
    // A short poll samples a subset of the servers: each visible message is
    // seen with probability p, so the answer holds Binomial(visible, p)
    // messages, at most max.
    int seen = 0;
    const double p = config_.short_poll_sampling;
    for (std::uint64_t i = 0; i < visible_ && seen < max; ++i) {
      if (rng_.bernoulli(p)) ++seen;
    }
    take(seen, batch_);
    if (batch_.empty()) ++result_.empty_receives;
    receiver.on_receive(poller, batch_, ReceiveStatus::ok);
    return;
  } else if (visible_ > 0) {
    take(max, batch_);
    if (!batch_.empty()) {
      receiver.on_receive(poller, batch_, ReceiveStatus::ok);
      return;
    }
  }
  // Long poll with nothing to give: wait for a message or the end of the wait.
  std::uint32_t slot;
  if (free_waiters_.empty()) {
    slot = static_cast<std::uint32_t>(waiters_.size());
    waiters_.emplace_back();
  } else {
    slot = free_waiters_.back();
    free_waiters_.pop_back();
  }
  Waiter& w = waiters_[slot];
  w.receiver = &receiver;
  w.poller = poller;
  w.max = max;
  ++w.generation;
  w.active = true;
  ++active_waiters_;
  waiting_.push_back(pack(slot, w.generation));
  const auto stands = [this](std::uint64_t h) { return wait_stands(h); };
  poll_waits_.compact_if(active_waiters_, stands);
  poll_waits_.push(kernel_.now() + wait, kernel_.reserve_place(), pack(slot, w.generation));
  poll_armed_.arm(kernel_, id_, poll_timeout, poll_waits_.front(stands));
}

void Queue::serve_waiters() {
  while (active_waiters_ > 0 && visible_ > 0 &&
         in_flight_ < static_cast<std::uint64_t>(config_.in_flight_limit)) {
    const std::uint64_t entry = waiting_.front();
    Waiter& w = waiters_[packed_id(entry)];
    if (!w.active || w.generation != packed_counter(entry)) {
      waiting_.pop_front();
      continue;
    }
    batch_.clear();
    take(w.max, batch_);
    // Everything visible may have gone to the dead-letter queue: then the
    // waiter keeps its place and waits on.
    if (batch_.empty()) return;
    waiting_.pop_front();
    retire_waiter(packed_id(entry));
    w.receiver->on_receive(w.poller, batch_, ReceiveStatus::ok);
  }
}

void Queue::retire_waiter(std::uint32_t slot) {
  waiters_[slot].active = false;
  --active_waiters_;
  free_waiters_.push_back(slot);
}

bool Queue::skip_stale_visible() {
  while (!visible_order_.empty()) {
    const std::uint64_t entry = visible_order_.front();
    const Message& m = pool_[packed_id(entry)];
    if (m.state == Message::State::visible && m.timer == packed_counter(entry)) return true;
    visible_order_.pop_front();
  }
  return false;
}

void Queue::take(int max, std::vector<Receipt>& out) {
  if (groups_) {
    take_from_groups(max, out);
    return;
  }
  while (static_cast<int>(out.size()) < max && skip_stale_visible()) {
    deliver(packed_id(visible_order_.pop_front()), out);
  }
}

void Queue::take_from_groups(int max, std::vector<Receipt>& out) {
  // Fill the batch from one group in order, then from the next ready one.
  std::uint32_t group = 0;
  bool have_group = false;
  while (static_cast<int>(out.size()) < max) {
    if (!have_group || !groups_->has_visible(group)) {
      if (!groups_->next_ready(group)) return;
      have_group = true;
    }
    const std::size_t before = out.size();
    deliver(groups_->pop(group), out);
    if (out.size() > before) {
      groups_->start_flight(group);
      result_.max_groups_in_flight =
          std::max(result_.max_groups_in_flight, groups_->groups_in_flight());
    }
  }
}

void Queue::deliver(MessageId id, std::vector<Receipt>& out) {
  Message& m = pool_[id];
  --visible_;
  ++m.receive_count;
  if (dlq_ != nullptr && m.receive_count > static_cast<std::uint32_t>(config_.max_receive_count)) {
    move_to_dead_letter_queue(id);
    return;
  }
  m.state = Message::State::in_flight;
  ++m.timer;
  ++m.receipt_serial;
  ++in_flight_;
  ++result_.received;
  result_.max_age = std::max(result_.max_age, kernel_.now() - m.entered);
  if (m.processed_once) ++books_.events.duplicates_delivered;
  start_visibility_timer(id, kernel_.now() + config_.visibility_timeout);
  observe(MessageStep::received, id);
  Receipt r;
  r.id = id;
  r.incarnation = m.incarnation;
  r.serial = m.receipt_serial;
  r.receive_count = m.receive_count;
  r.event = m.event;
  r.produced = m.produced;
  r.visible_since = m.visible_since;
  r.size = m.size;
  r.poison = m.poison;
  r.repushes = m.repushes;
  r.claim_checked = m.claim_checked;
  r.unwanted = m.unwanted;
  r.cause = m.cause;
  if (groups_) r.group_key = m.group_key;
  r.order_key = m.group_key;
  out.push_back(r);
}

void Queue::move_to_dead_letter_queue(MessageId id) {
  ++result_.moved_to_dlq;
  observe(MessageStep::moved_to_dlq, id);
  pool_[id].origin = index_;
  count_for_fault(id, &FaultTally::moved_to_dlq);
  retention_.erase(id);
  if (!pool_[id].ghost) --live_;
  dlq_->accept_dead_letter(id);
}

void Queue::count_for_fault(MessageId id, std::uint64_t FaultTally::*figure) {
  const Message& m = pool_[id];
  // A ghost is a duplicate, not a message of its own.
  if (m.ghost) return;
  if (FaultTally* tally = books_.blamed(m.fault)) ++(tally->*figure);
}

void Queue::accept_dead_letter(MessageId id) {
  // A standard DLQ keeps the original enqueue time: retention continues; a
  // FIFO DLQ starts it again.
  if (groups_) pool_[id].retention_start = kernel_.now();
  if (!pool_[id].ghost) ++live_;
  enqueue(id, Duration::zero());
  schedule_expiry(id);
}

void Queue::move_batch_back() {
  int moved = 0;
  std::int64_t bytes = 0;
  while (moved < 10 && skip_stale_visible()) {
    const MessageId id = packed_id(visible_order_.front());
    Message& m = pool_[id];
    // A message sent to this queue directly has no source to go back to:
    // the task stops there, as a move task without a destination would.
    if (m.origin >= peers_.size() || peers_[m.origin] == this) break;
    visible_order_.pop_front();
    --visible_;
    if (!m.ghost) {
      --live_;
      ++books_.events.redriven;
    }
    count_for_fault(id, &FaultTally::redriven);
    retention_.erase(id);
    ++result_.redriven_out;
    bytes += m.size;
    ++moved;
    peers_[m.origin]->accept_moved_back(id);
  }
  if (moved == 0) {
    redriving_ = false;
    return;
  }
  // The task receives, sends and deletes on the caller's bill.
  books_.calls.add(redrive_receive_, 1, metrics::billing_units(Bytes{bytes}));
  books_.calls.add(redrive_send_, 1, metrics::billing_units(Bytes{bytes}));
  books_.calls.add(redrive_delete_, 1, 1);
  kernel_.schedule_in(from_seconds(moved / config_.redrive->rate.per_second), id_, redrive_batch);
}

void Queue::accept_moved_back(MessageId id) {
  // A redriven message is a new message: its retention starts again.
  Message& m = pool_[id];
  m.retention_start = kernel_.now();
  m.redriven = true;
  if (!m.ghost) ++live_;
  ++result_.redriven_in;
  observe(MessageStep::redriven, id);
  enqueue(id, Duration::zero());
  schedule_expiry(id);
}

bool Queue::remove(const Receipt& receipt) {
  if (!pool_.holds(receipt.id, receipt.incarnation)) return false;
  Message& m = pool_[receipt.id];
  if (m.queue != index_ || m.receipt_serial != receipt.serial) return false;
  // The latest receipt, but its visibility timeout ended: a standard queue
  // still deletes; FIFO refuses, and the message is delivered again.
  if (m.state != Message::State::in_flight && (groups_ || m.state != Message::State::visible)) {
    return false;
  }
  ++result_.deleted;
  observe(MessageStep::deleted, receipt.id);
  if (!m.ghost) {
    ++(m.unwanted ? books_.events.discarded : books_.events.processed);
    if (m.redriven) {
      ++books_.events.recovered_by_redrive;
      count_for_fault(receipt.id, &FaultTally::recovered);
    }
    --live_;
  }
  if (!groups_ && config_.duplicate_probability > 0 &&
      rng_.bernoulli(config_.duplicate_probability)) {
    // One stored copy missed the delete: it stays, and comes back when its
    // visibility timeout ends, as a duplicate that no longer counts as a
    // message of its own.
    m.ghost = true;
    m.processed_once = true;
    return true;
  }
  const bool was_in_flight = m.state == Message::State::in_flight;
  if (was_in_flight) --in_flight_;
  if (m.state == Message::State::visible) {
    --visible_;
    if (groups_) groups_->remove_visible(receipt.id);
  }
  if (was_in_flight && groups_) groups_->end_flight(m.group);
  release(receipt.id);
  if (was_in_flight && groups_) serve_waiters();
  return true;
}

bool Queue::change_visibility(const Receipt& receipt, Duration timeout) {
  if (!holds(receipt)) return false;
  Message& m = pool_[receipt.id];
  if (timeout == Duration::zero()) {
    --in_flight_;
    if (groups_) groups_->end_flight(m.group);
    make_visible(receipt.id);
    return true;
  }
  ++m.timer;
  start_visibility_timer(receipt.id, kernel_.now() + timeout);
  return true;
}

void Queue::start_visibility_timer(MessageId id, Time deadline) {
  const auto stands = [this](std::uint64_t h) { return visibility_stands(h); };
  visibility_.compact_if(in_flight_, stands);
  visibility_.push(deadline, kernel_.reserve_place(), pack(id, pool_[id].timer));
  visibility_armed_.arm(kernel_, id_, visibility_ends, visibility_.front(stands));
}

void Queue::end_visibility_timeouts(std::uint64_t place) {
  // The timeout the event was armed for, if it still stands; making its
  // message visible may hand it to a waiting poll, which starts a timer.
  const auto stands = [this](std::uint64_t h) { return visibility_stands(h); };
  std::uint64_t timer = 0;
  while (visibility_.pop_due(kernel_.now(), place, stands, timer)) {
    const MessageId id = packed_id(timer);
    --in_flight_;
    if (groups_) groups_->end_flight(pool_[id].group);
    make_visible(id);
  }
  visibility_armed_.arm(kernel_, id_, visibility_ends, visibility_.front(stands));
}

void Queue::end_waits(std::uint64_t place) {
  const auto stands = [this](std::uint64_t h) { return wait_stands(h); };
  std::uint64_t wait = 0;
  while (poll_waits_.pop_due(kernel_.now(), place, stands, wait)) {
    const std::uint32_t slot = packed_id(wait);
    const Waiter& w = waiters_[slot];
    retire_waiter(slot);
    ++result_.empty_receives;
    batch_.clear();
    w.receiver->on_receive(w.poller, batch_, ReceiveStatus::ok);
  }
  poll_armed_.arm(kernel_, id_, poll_timeout, poll_waits_.front(stands));
}

bool Queue::holds(const Receipt& receipt) const {
  if (!pool_.holds(receipt.id, receipt.incarnation)) return false;
  const Message& m = pool_[receipt.id];
  return m.queue == index_ && m.receipt_serial == receipt.serial &&
         m.state == Message::State::in_flight;
}

bool Queue::mark_processed(const Receipt& receipt) {
  if (!pool_.holds(receipt.id, receipt.incarnation)) return false;
  Message& m = pool_[receipt.id];
  const bool first = !m.processed_once && !m.ghost;
  m.processed_once = true;
  return first;
}

bool Queue::repush(const Receipt& receipt, Duration delay) {
  if (groups_ && delay != Duration::zero()) {
    throw std::invalid_argument("queue " + config_.name +
                                ": a FIFO queue has no per-message DelaySeconds");
  }
  if (!holds(receipt)) return false;
  Message& m = pool_[receipt.id];
  --in_flight_;
  // The original is deleted: its group may hand out its next message.
  if (groups_) groups_->end_flight(m.group);
  ++m.repushes;
  observe(MessageStep::repushed, receipt.id);
  ++result_.sent;
  ++result_.deleted;
  ++result_.repushed_in;
  // A re-pushed message is a new SQS message: its retention starts again.
  retention_.erase(receipt.id);
  m.retention_start = kernel_.now();
  enqueue(receipt.id, groups_ ? config_.delay : delay);
  schedule_expiry(receipt.id);
  if (groups_) serve_waiters();
  return true;
}

bool Queue::send_to_dead_letter_queue(const Receipt& receipt) {
  if (dlq_ == nullptr || !holds(receipt)) return false;
  Message& m = pool_[receipt.id];
  --in_flight_;
  if (groups_) groups_->end_flight(m.group);
  ++result_.deleted;
  ++result_.dead_lettered_by_consumer;
  observe(MessageStep::sent_to_dlq, receipt.id);
  m.origin = index_;
  count_for_fault(receipt.id, &FaultTally::moved_to_dlq);
  retention_.erase(receipt.id);
  if (!m.ghost) --live_;
  dlq_->accept_sent_dead_letter(receipt.id);
  if (groups_) serve_waiters();
  return true;
}

void Queue::accept_sent_dead_letter(MessageId id) {
  // A manual send: a new message in the DLQ, with its own retention.
  Message& m = pool_[id];
  m.retention_start = kernel_.now();
  if (!m.ghost) ++live_;
  ++result_.sent;
  enqueue(id, Duration::zero());
  schedule_expiry(id);
}

void Queue::drop(MessageId id) {
  Message& m = pool_[id];
  switch (m.state) {
    case Message::State::visible:
      --visible_;
      if (groups_) groups_->remove_visible(id);
      break;
    case Message::State::in_flight:
      --in_flight_;
      if (groups_) groups_->end_flight(m.group);
      break;
    case Message::State::delayed:
      --delayed_;
      break;
    case Message::State::free:
      return;
  }
  ++result_.expired;
  observe(MessageStep::expired, id);
  count_for_fault(id, &FaultTally::expired);
  if (!m.ghost) {
    ++books_.events.expired;
    --live_;
  }
  const bool unblocks = groups_ && m.state == Message::State::in_flight;
  release(id);
  if (unblocks) serve_waiters();
}

void Queue::handle(core::Kernel&, const core::Event& event) {
  const std::uint32_t id = packed_id(event.data);
  const std::uint32_t counter = packed_counter(event.data);
  switch (event.kind) {
    case become_visible: {
      Message& m = pool_[id];
      if (m.timer != counter || m.queue != index_ || m.state != Message::State::delayed) return;
      --delayed_;
      make_visible(id);
      return;
    }
    case visibility_ends:
      if (visibility_armed_.fire(event.data)) end_visibility_timeouts(event.seq);
      return;
    case expire: {
      if (event.data != retention_timer_) return;
      retention_armed_ = Time::never();
      while (!retention_.empty() && retention_.top_deadline() <= kernel_.now()) {
        const MessageId due = retention_.top();
        retention_.erase(due);
        drop(due);
      }
      arm_retention_timer();
      return;
    }
    case redrive_start:
    case redrive_on_request:
      if (!redriving_) {
        redriving_ = true;
        result_.redrive_starts.push_back(kernel_.now() - Time::zero());
        move_batch_back();
      }
      if (event.kind == redrive_start && config_.redrive->every > Duration::zero()) {
        kernel_.schedule_in(config_.redrive->every, id_, redrive_start);
      }
      return;
    case redrive_batch:
      move_batch_back();
      return;
    case poll_timeout:
      if (poll_armed_.fire(event.data)) end_waits(event.seq);
      return;
    default:
      return;
  }
}

Duration Queue::oldest_age() {
  if (groups_) {
    const Time oldest = groups_->oldest_visible();
    return oldest == Time::never() ? Duration::zero() : kernel_.now() - oldest;
  }
  if (!skip_stale_visible()) return Duration::zero();
  return kernel_.now() - pool_[packed_id(visible_order_.front())].entered;
}

QueueResult Queue::result() {
  result_.max_age = std::max(result_.max_age, oldest_age());
  result_.final_visible = visible_;
  result_.final_in_flight = in_flight_;
  result_.final_delayed = delayed_;
  return result_;
}

void Queue::restart_measurements() {
  result_.max_depth = visible_ + in_flight_ + delayed_;
  result_.max_age = oldest_age();
}

}  // namespace edasim::model
