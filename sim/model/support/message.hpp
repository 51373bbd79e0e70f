// Messages: one copy of an event on its way through queues, and the pool
// that stores them.
//
// The pool recycles slots, so memory grows with the number of messages alive
// at once, never with the number simulated. A slot's `incarnation` changes
// each time it is freed and `timer` each time a visibility timer is set or
// taken back, so timers still in the kernel when their message moved on
// recognise themselves as stale and do nothing.
//
// A handle held outside the queue that owns a message (a consumer's Receipt)
// names the slot and its incarnation. The pool checks the incarnation on
// every access through such a handle and throws std::logic_error on a stale
// one, in every build: reading a recycled slot would silently mix two
// messages' figures. Code that may legitimately hold a stale handle (a
// consumer whose visibility timeout expired while it worked) asks holds()
// first.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/core/time.hpp"

namespace edasim::model {

using MessageId = std::uint32_t;

// An event's number is its maker's base (the high bits, from the maker's
// name: Producer::event_base) or-ed with the maker's running count (the
// low kEventSequenceBits), so the number names who made it.
constexpr int kEventSequenceBits = 40;
constexpr std::uint64_t kEventSequenceMask = (std::uint64_t{1} << kEventSequenceBits) - 1;

// What an event carries of its cause, so that a fleet deep in a flow
// measures the latency a customer feels: the root event (the one a producer
// made, where the flow starts), when that was produced, and how many
// emissions lie between them. A producer's own event is its own root and
// carries the default (generation 0, root_produced never). It travels with
// every copy, as a causation id travels in a message attribute or header.
//
// It also carries the emitted event's identity: what its maker would name
// it by (an idempotency key, an outbox item's id), derived from the
// identity of the event whose processing made it and from the emit entry
// that made it (Cause::next). A handler that processes the same event again
// and sends through the same entry makes an event with a number of its own
// and the same identity: a duplicate, which a consumer recognises by it
// (identity_of). Two entries, or two different processed events, make
// different identities, so a fan-out or a flow that comes back to the same
// consumer is not taken for a duplicate.
//
// And it names the event whose fields it carries: an event emitted without
// a template of its own carries the fields of the event it was made from,
// which EventSources can make again from that event's number (nothing of the
// content travels).
struct Cause {
  std::uint64_t root = 0;
  Time root_produced = Time::never();
  std::uint32_t generation = 0;  // 0: made by a producer; n: n emissions from its root
  std::uint64_t identity = 0;    // an emitted event's identity; 0 for a producer's
  std::uint64_t content = 0;     // the event whose fields it carries; 0: its own

  bool emitted() const { return generation != 0; }
  // The root of an event `event` produced at `produced` with this cause.
  std::uint64_t root_of(std::uint64_t event) const { return emitted() ? root : event; }
  Time root_time(Time produced) const { return emitted() ? root_produced : produced; }
  // The identity of an event `event` with this cause: a producer's event is
  // named by its number.
  std::uint64_t identity_of(std::uint64_t event) const { return emitted() ? identity : event; }
  // The event whose fields an event `event` with this cause carries.
  std::uint64_t content_of(std::uint64_t event) const { return content != 0 ? content : event; }
  // The cause of an event emitted through the entry whose event base is
  // `entry` while processing `event` (produced at `produced`), which carries
  // this cause.
  Cause next(std::uint64_t event, Time produced, std::uint64_t entry) const {
    return Cause{root_of(event), root_time(produced), generation + 1,
                 derived_identity(identity_of(event), entry), 0};
  }
  // The processed event's identity hashed, mixed with the entry and hashed
  // again: distinct (identity, entry) pairs collide with a chance of about
  // 2^-64.
  static std::uint64_t derived_identity(std::uint64_t processed, std::uint64_t entry) {
    return core::mix64(core::mix64(processed) ^ entry);
  }
};

struct Message {
  enum class State : std::uint8_t { free, delayed, visible, in_flight };

  std::uint64_t event = 0;  // the event's number, unique in a run
  Time produced;            // when the producer created the event
  Time retention_start;     // the retention clock runs from here
  Time entered;             // when it entered its current queue
  Time visible_since;       // when it last became visible
  std::int64_t size = 0;    // payload bytes
  std::uint32_t incarnation = 0;
  std::uint32_t timer = 0;
  std::uint32_t receive_count = 0;
  // Bumped by every receive and every (re-)enqueue: a receipt is current
  // only while this still equals the serial it was issued with.
  std::uint32_t receipt_serial = 0;
  std::uint32_t queue = 0;                   // index of the queue holding it
  std::uint32_t deadline_slot = UINT32_MAX;  // place in its queue's DeadlineHeap
  std::uint32_t origin = UINT32_MAX;         // the queue it was moved to a DLQ from
  std::uint32_t repushes = 0;                // times a consumer re-pushed it
  // FIFO queues: the MessageGroupId (as a key), the group's index in the
  // holding queue, the next visible message of that group, and the send
  // order that keeps the group in sequence.
  std::uint64_t group_key = 0;
  std::uint32_t group = 0;
  std::uint32_t next_in_group = UINT32_MAX;
  std::uint64_t sequence = 0;
  State state = State::free;
  // A copy left behind by a delete that missed a server: it is delivered
  // again but is not a message of its own in the conservation ledger.
  bool ghost = false;
  // Some consumer already processed it successfully: a later delivery is a
  // duplicate.
  bool processed_once = false;
  // The payload is in object storage (claim check): processing fetches it.
  bool claim_checked = false;
  bool redriven = false;  // moved back from a DLQ by a redrive
  // Point-to-point: its consumer does not want the event (decided by the
  // producer, which has the content); the consumer discards it.
  bool unwanted = false;
  // Which poison patterns its event matches (MessageKeys::poison).
  std::uint32_t poison = 0;
  // 1 + the index of the fault (Books::faults) that last failed it; 0 when
  // no fault ever did. A failure that is no fault's leaves it unchanged.
  std::uint32_t fault = 0;
  Cause cause;  // what its event carries of its root
};
// The flags share the 8 bytes before the cause: a message in flight, of
// which a run may hold millions, takes 160 bytes.
static_assert(sizeof(Message) <= 160, "a message outgrew its 160 bytes");

// What a consumer holds after a receive: enough to delete the message or
// change its visibility, valid only for the latest receive of that message,
// and a copy of what the consumer reads of the message as it was received.
// The copy is what processing works from: by the time the work ends the
// message may have been received and deleted by another consumer, and its
// slot reused.
struct Receipt {
  MessageId id = 0;
  std::uint32_t incarnation = 0;
  std::uint32_t serial = 0;  // Message::receipt_serial at the receive
  std::uint32_t receive_count = 0;
  std::uint64_t event = 0;
  Time produced;
  Time visible_since;
  std::int64_t size = 0;
  std::uint32_t poison = 0;
  std::uint32_t repushes = 0;
  bool claim_checked = false;
  bool unwanted = false;
  Cause cause;
  std::uint64_t group_key = 0;  // a FIFO queue's MessageGroupId, as a key; 0 elsewhere
  // The group key the message was sent with, on any queue: a FIFO queue's
  // MessageGroupId, or on a standard queue the same producer field carried
  // as an attribute. What a consumer orders a group's processing by
  // (GroupOrder); 0: no group.
  std::uint64_t order_key = 0;
};

class MessagePool {
 public:
  MessageId allocate() {
    if (free_.empty()) {
      slots_.emplace_back();
      return static_cast<MessageId>(slots_.size() - 1);
    }
    MessageId id = free_.back();
    free_.pop_back();
    return id;
  }
  void release(MessageId id) {
    Message& m = slots_[id];
    const std::uint32_t next = m.incarnation + 1;
    const std::uint32_t timer = m.timer + 1;
    m = Message{};
    m.incarnation = next;
    m.timer = timer;
    free_.push_back(id);
  }
  // Unchecked access, for the queue that owns the message and for its own
  // links, which it keeps current.
  Message& operator[](MessageId id) { return slots_[id]; }
  const Message& operator[](MessageId id) const { return slots_[id]; }
  // Whether slot `id` still holds the message of `incarnation` (wherever it
  // is now: in flight, visible again, moved to a dead-letter queue).
  bool holds(MessageId id, std::uint32_t incarnation) const {
    return id < slots_.size() && slots_[id].incarnation == incarnation &&
           slots_[id].state != Message::State::free;
  }
  // Checked access through a handle held outside the owning queue: a stale
  // handle is a bug, never a message to read.
  const Message& at(MessageId id, std::uint32_t incarnation) const {
    if (!holds(id, incarnation)) {
      throw std::logic_error("message slot " + std::to_string(id) + " read through a stale handle");
    }
    return slots_[id];
  }
  std::size_t live() const { return slots_.size() - free_.size(); }
  std::size_t capacity() const { return slots_.size(); }

 private:
  std::vector<Message> slots_;
  std::vector<MessageId> free_;
};

// Kernel events carry a message and one of its counters in 64 bits.
constexpr std::uint64_t pack(std::uint32_t id, std::uint32_t counter) {
  return (static_cast<std::uint64_t>(counter) << 32) | id;
}
constexpr std::uint32_t packed_id(std::uint64_t data) {
  return static_cast<std::uint32_t>(data);
}
constexpr std::uint32_t packed_counter(std::uint64_t data) {
  return static_cast<std::uint32_t>(data >> 32);
}

// What a FIFO send carries besides the payload: its MessageGroupId and
// MessageDeduplicationId as 64-bit keys. Deduplication id 0 means
// content-based deduplication: the body's hash, here the event number (a
// resend of an event has the same body). Standard queues ignore both.
struct MessageKeys {
  std::uint64_t group = 0;
  std::uint64_t deduplication = 0;
  // The body is a claim-check reference (see ProducerConfig::ClaimCheck).
  bool claim_checked = false;
  // Bit i: the event matches the pattern of the scenario's i-th poison fault
  // with a pattern (decided by the producer, which has the event's fields).
  std::uint32_t poison = 0;
  // The event's cause (an emitted event's root), carried like a header.
  Cause cause;
};

}  // namespace edasim::model
