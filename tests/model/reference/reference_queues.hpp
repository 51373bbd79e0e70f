// A deliberately simple, slow reference model of an SQS queue and its
// dead-letter queue, for differential tests of sim/model/queue.
//
// It is written from the services' documented behaviour
// (shared/reference/services.md §1), not from the model's code: plain
// std::map state keyed by event, no pools, no intrusive lists, no kernel.
// Time moves only when the test says; advance() applies every transition
// that is due, earliest first (ties in the order they were scheduled, the
// project's rule). What it covers:
// - visibility timeouts, ChangeMessageVisibility, receive counts;
// - the redrive policy: the receive that would pass max_receive_count moves
//   the message to the dead-letter queue instead of returning it;
// - retention from the original enqueue (standard DLQ) or restarted (FIFO
//   DLQ, a consumer's send to the DLQ, a re-push); the queue's DelaySeconds;
// - deletes: only the latest receipt deletes; on a standard queue it still
//   does after the timeout until the next receive, on FIFO it must arrive
//   inside the visibility window;
// - FIFO groups: send order within a group, nothing of a group while one of
//   its messages is in flight, groups served in the order they became ready;
// - a consumer's re-push (a new message, at the back of its group; FIFO takes
//   the queue's delay) and its send to the DLQ;
// - "processed": whether a successful processing is the message's first;
// - a DLQ redrive task's move of one message back to the source queue: a new
//   message there (receive count zero, retention restarted).
// Short polls see every visible message (sampling 1). Long polls are the
// caller's: next_due(), next_due_order() and advance_one() let an event
// loop apply one transition at a time, in its scheduling order, and answer
// its waiting receives in between (reference_consumers.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace edasim::reference {

struct QueueSettings {
  Duration visibility_timeout = seconds(30);
  Duration retention = hours(96);
  Duration delay = Duration::zero();
  bool fifo = false;
};

struct Receipt {
  std::uint64_t event = 0;
  std::uint64_t handle = 0;
  std::uint32_t receive_count = 0;
};

// One line of a message's timeline.
struct Step {
  enum Kind { received, deleted, moved_to_dlq, sent_to_dlq, repushed, expired, redriven };
  Kind kind;
  std::uint64_t event;
  std::uint32_t queue;
  Time at;
  std::uint32_t receive_count = 0;  // the message's, at the step
  bool operator==(const Step&) const = default;
};

class Queues {
 public:
  // Queue 0 is the source; with `dlq`, queue 1 is its dead-letter queue.
  Queues(QueueSettings source, std::optional<QueueSettings> dlq, std::uint32_t max_receive_count)
      : max_receive_count_(max_receive_count) {
    queues_.emplace_back().settings = source;
    if (dlq) queues_.emplace_back().settings = *dlq;
  }

  const std::vector<Step>& timeline() const { return timeline_; }

  void send(Time now, std::uint64_t event, std::uint64_t group) {
    advance(now);
    Message m;
    m.event = event;
    m.group = group;
    m.retention_start = now;
    messages_[event] = m;
    enqueue(event, 0, queues_[0].settings.delay);
  }

  std::vector<Receipt> receive(Time now, std::uint32_t queue, int max) {
    advance(now);
    std::vector<Receipt> out;
    const int wanted = std::min<int>(max, static_cast<int>(count(queue, State::visible)));
    while (static_cast<int>(out.size()) < wanted) {
      const std::optional<std::uint64_t> next = next_to_deliver(queue);
      if (!next) break;
      deliver(*next, out);
    }
    group_in_hand_.reset();
    return out;
  }

  bool remove(Time now, std::uint32_t queue, const Receipt& r) {
    advance(now);
    Message* m = current(queue, r);
    if (m == nullptr) return false;
    const bool fifo = queues_[queue].settings.fifo;
    if (m->state != State::in_flight && (fifo || m->state != State::visible)) return false;
    if (m->state == State::in_flight) end_flight(*m);
    log(Step::deleted, *m);
    m->state = State::gone;
    return true;
  }

  bool change_visibility(Time now, std::uint32_t queue, const Receipt& r, Duration timeout) {
    advance(now);
    Message* m = holding(queue, r);
    if (m == nullptr) return false;
    if (timeout == Duration::zero()) {
      end_flight(*m);
      become_visible(*m);
    } else {
      set_due(*m, now_ + timeout);
    }
    return true;
  }

  bool repush(Time now, const Receipt& r, Duration delay) {
    advance(now);
    Message* m = holding(0, r);
    if (m == nullptr) return false;
    end_flight(*m);
    log(Step::repushed, *m);
    ++m->repushes;
    m->retention_start = now_;
    enqueue(m->event, 0, queues_[0].settings.fifo ? queues_[0].settings.delay : delay);
    return true;
  }

  bool send_to_dead_letter_queue(Time now, const Receipt& r) {
    advance(now);
    Message* m = holding(0, r);
    if (m == nullptr || queues_.size() < 2) return false;
    end_flight(*m);
    log(Step::sent_to_dlq, *m);
    m->retention_start = now_;
    enqueue(m->event, 1, Duration::zero());
    return true;
  }

  // A consumer processed this delivery: true when it is the message's first
  // successful processing (a message already deleted or expired was either
  // processed before or is gone).
  bool mark_processed(Time now, const Receipt& r) {
    advance(now);
    auto it = messages_.find(r.event);
    if (it == messages_.end() || it->second.state == State::gone) return false;
    const bool first = !it->second.processed;
    it->second.processed = true;
    return first;
  }

  std::uint64_t count(std::uint32_t queue, int state) const {
    std::uint64_t n = 0;
    for (const auto& [event, m] : messages_) n += m.queue == queue && m.state == state;
    return n;
  }

  // Applies every transition due at or before `now`; under an event loop
  // (drive_from), which applies them itself, only checks that none is left
  // before `now`.
  void advance(Time now) {
    if (now < now_) throw std::logic_error("reference model: time went back");
    if (sequence_ == nullptr) {
      while (advance_one(now)) {
      }
    } else if (next_due() < now) {
      throw std::logic_error("reference model: the event loop skipped a transition");
    }
    now_ = now;
  }

  // When the next transition falls due (a visibility or delay timer, a
  // retention deadline); Time::never() when none is pending.
  Time next_due() {
    const Due d = earliest();
    return d.message == nullptr ? Time::never() : d.at;
  }
  // ... and its place among the things scheduled for that instant: timers
  // in the order they were set, a retention deadline before them all.
  std::uint64_t next_due_order() {
    const Due d = earliest();
    return d.message == nullptr || d.expiry ? 0 : d.message->due_order;
  }
  // An event loop drives the queues: it applies each transition itself
  // (advance_one) in its turn, so that a call at an instant comes before
  // the timers set after it for that instant; timers take their order from
  // `counter`, which the loop shares with its own events.
  void drive_from(std::uint64_t* counter) { sequence_ = counter; }

  // Applies the earliest transition due at or before `now`, if there is one
  // (the clock moves to its time); false when none is due.
  bool advance_one(Time now) {
    if (now < now_) throw std::logic_error("reference model: time went back");
    const Due d = earliest();
    if (d.message == nullptr || d.at > now) return false;
    now_ = d.at;
    if (d.expiry) {
      expire(*d.message);
    } else {
      if (d.message->state == State::in_flight) end_flight(*d.message);
      become_visible(*d.message);
    }
    return true;
  }

  // A redrive task (StartMessageMoveTask) moves the dead-letter queue's
  // oldest visible message back to the source: a new message there, with
  // its receive count at zero and its retention restarted. False when the
  // dead-letter queue has no visible message.
  bool redrive_one(Time now) {
    advance(now);
    if (queues_.size() < 2) return false;
    Message* oldest = nullptr;
    for (auto& [event, m] : messages_) {
      if (m.queue == 1 && m.state == State::visible &&
          (oldest == nullptr || m.visible_order < oldest->visible_order)) {
        oldest = &m;
      }
    }
    if (oldest == nullptr) return false;
    oldest->state = State::gone;  // leaves the DLQ
    oldest->retention_start = now_;
    oldest->queue = 0;
    log(Step::redriven, *oldest);
    enqueue(oldest->event, 0, Duration::zero());
    return true;
  }

  enum State { delayed, visible, in_flight, gone };

 private:
  struct Message {
    std::uint64_t event = 0;
    std::uint64_t group = 0;
    std::uint32_t queue = 0;
    int state = delayed;
    Time due;
    std::uint64_t due_order = 0;
    Time retention_start;
    Time entered;  // when it entered its current queue
    std::uint32_t receive_count = 0;
    std::uint64_t handle = 0;         // the latest receipt; 0: none is valid
    std::uint64_t sequence = 0;       // send order in its queue
    std::uint64_t visible_order = 0;  // standard: when it last became visible
    std::uint32_t repushes = 0;
    bool processed = false;
  };
  // The earliest pending transition: a timer, or a retention deadline
  // (which goes first at the same instant).
  struct Due {
    Message* message = nullptr;
    Time at = Time::never();
    bool expiry = false;
  };
  Due earliest() {
    Message* timer = nullptr;
    Due expiring;
    for (auto& [event, m] : messages_) {
      if (m.state == State::gone) continue;
      if ((m.state == State::delayed || m.state == State::in_flight) &&
          (timer == nullptr || m.due < timer->due ||
           (m.due == timer->due && m.due_order < timer->due_order))) {
        timer = &m;
      }
      // A message that reaches a standard DLQ already past its retention
      // goes on arrival.
      const Time deadline =
          std::max(m.retention_start + queues_[m.queue].settings.retention, m.entered);
      if (deadline < expiring.at) expiring = Due{&m, deadline, true};
    }
    if (timer != nullptr && (expiring.message == nullptr || timer->due < expiring.at)) {
      return Due{timer, timer->due, false};
    }
    return expiring;
  }

  struct Group {
    std::uint32_t in_flight = 0;
    bool waiting = false;  // in the ready line
  };
  struct Queue {
    QueueSettings settings;
    std::uint64_t next_sequence = 0;
    std::map<std::uint64_t, Group> groups;
    std::deque<std::uint64_t> ready;  // groups in the order they became ready
  };

  void log(Step::Kind kind, const Message& m) {
    timeline_.push_back(Step{kind, m.event, m.queue, now_, m.receive_count});
  }

  void enqueue(std::uint64_t event, std::uint32_t queue, Duration delay) {
    Message& m = messages_[event];
    m.queue = queue;
    m.entered = now_;
    m.receive_count = 0;
    m.handle = 0;  // a new message: earlier receipts are stale
    m.sequence = queues_[queue].next_sequence++;
    if (delay > Duration::zero()) {
      m.state = delayed;
      set_due(m, now_ + delay);
    } else {
      become_visible(m);
    }
  }

  void set_due(Message& m, Time at) {
    m.due = at;
    m.due_order = sequence_ != nullptr ? ++*sequence_ : ++scheduled_;
  }

  void become_visible(Message& m) {
    m.state = visible;
    m.visible_order = ++visible_counter_;
    if (queues_[m.queue].settings.fifo) {
      Group& g = queues_[m.queue].groups[m.group];
      if (g.in_flight == 0) line_up(m.queue, m.group);
    }
  }

  void line_up(std::uint32_t queue, std::uint64_t group) {
    Group& g = queues_[queue].groups[group];
    if (g.waiting || !has_visible(queue, group)) return;
    g.waiting = true;
    queues_[queue].ready.push_back(group);
  }

  void end_flight(Message& m) {
    if (m.state != in_flight || !queues_[m.queue].settings.fifo) return;
    Group& g = queues_[m.queue].groups[m.group];
    if (--g.in_flight == 0) line_up(m.queue, m.group);
  }

  bool has_visible(std::uint32_t queue, std::uint64_t group) const {
    for (const auto& [event, m] : messages_) {
      if (m.queue == queue && m.group == group && m.state == visible) return true;
    }
    return false;
  }

  // The next message a receive takes: the oldest visible one (standard), or
  // the next in send order of the group being served, else of the next
  // ready group (FIFO).
  std::optional<std::uint64_t> next_to_deliver(std::uint32_t queue) {
    Queue& q = queues_[queue];
    if (!q.settings.fifo) {
      const Message* best = nullptr;
      for (const auto& [event, m] : messages_) {
        if (m.queue == queue && m.state == visible &&
            (best == nullptr || m.visible_order < best->visible_order)) {
          best = &m;
        }
      }
      if (best == nullptr) return std::nullopt;
      return best->event;
    }
    if (!group_in_hand_ || !has_visible(queue, *group_in_hand_)) {
      group_in_hand_.reset();
      while (!q.ready.empty()) {
        const std::uint64_t g = q.ready.front();
        q.ready.pop_front();
        q.groups[g].waiting = false;
        if (q.groups[g].in_flight == 0 && has_visible(queue, g)) {
          group_in_hand_ = g;
          break;
        }
      }
      if (!group_in_hand_) return std::nullopt;
    }
    const Message* first = nullptr;
    for (const auto& [event, m] : messages_) {
      if (m.queue == queue && m.group == *group_in_hand_ && m.state == visible &&
          (first == nullptr || m.sequence < first->sequence)) {
        first = &m;
      }
    }
    return first->event;
  }

  void deliver(std::uint64_t event, std::vector<Receipt>& out) {
    Message& m = messages_[event];
    ++m.receive_count;
    if (m.queue == 0 && queues_.size() > 1 && m.receive_count > max_receive_count_) {
      log(Step::moved_to_dlq, m);
      // A FIFO dead-letter queue restarts retention; a standard one keeps
      // the original enqueue time.
      if (queues_[1].settings.fifo) m.retention_start = now_;
      m.state = gone;  // leaves the source's group without a flight
      enqueue(event, 1, Duration::zero());
      return;
    }
    m.state = in_flight;
    set_due(m, now_ + queues_[m.queue].settings.visibility_timeout);
    m.handle = ++handles_;
    if (queues_[m.queue].settings.fifo) ++queues_[m.queue].groups[m.group].in_flight;
    log(Step::received, m);
    out.push_back(Receipt{event, m.handle, m.receive_count});
  }

  void expire(Message& m) {
    end_flight(m);
    log(Step::expired, m);
    m.state = gone;
  }

  // The message `r` names, if `r` is its latest receipt in `queue`.
  Message* current(std::uint32_t queue, const Receipt& r) {
    auto it = messages_.find(r.event);
    if (it == messages_.end()) return nullptr;
    Message& m = it->second;
    if (m.state == gone || m.queue != queue || m.handle != r.handle) return nullptr;
    return &m;
  }
  // ... and it is still in flight.
  Message* holding(std::uint32_t queue, const Receipt& r) {
    Message* m = current(queue, r);
    return m != nullptr && m->state == in_flight ? m : nullptr;
  }

  std::vector<Queue> queues_;
  std::map<std::uint64_t, Message> messages_;
  std::vector<Step> timeline_;
  std::uint32_t max_receive_count_;
  std::optional<std::uint64_t> group_in_hand_;
  std::uint64_t handles_ = 0, scheduled_ = 0, visible_counter_ = 0;
  std::uint64_t* sequence_ = nullptr;
  Time now_ = Time::zero();
};

}  // namespace edasim::reference
