// The message groups of one FIFO queue: which visible message a receive may
// take next.
//
// What it promises, after SQS FIFO (shared/reference/services.md §1.10,
// §8.9): messages of one group come out in the order they were sent; while
// any message of a group is in flight, nothing more of that group is handed
// out (head-of-line blocking), so at most one batch per group is in flight
// and parallelism is capped by the number of groups with visible messages.
// A message that becomes visible again returns to its place in its group.
//
// Each group is an intrusive list threaded through the messages themselves
// (Message::next_in_group), so a group costs a few words however many
// messages pass through it, and nothing is allocated per message.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/support/ring.hpp"

namespace edasim::model {

class MessageGroups {
 public:
  explicit MessageGroups(MessagePool& pool) : pool_(pool) {}

  // The group of a MessageGroupId (a 64-bit key): the same key, the same
  // group, for the life of the queue.
  std::uint32_t intern(std::uint64_t key);

  // A message of group `pool[id].group` became visible: it is placed by its
  // send order (Message::sequence).
  void add_visible(MessageId id);
  // A visible message left without being received (deleted or expired).
  void remove_visible(MessageId id);
  // The next group a receive may take from (visible messages, none in
  // flight), oldest ready first; false when there is none.
  bool next_ready(std::uint32_t& group);
  bool has_visible(std::uint32_t group) const { return groups_[group].head != none; }
  // Takes the first visible message of `group` out of its list.
  MessageId pop(std::uint32_t group);
  // A message of `group` went in flight / left flight (deleted, visible
  // again, expired). A group whose last in-flight message left becomes
  // ready if it holds visible messages.
  void start_flight(std::uint32_t group);
  void end_flight(std::uint32_t group);

  // Groups with at least one message in flight (CloudWatch's
  // ApproximateNumberOfGroupsWithInflightMessages).
  std::uint64_t groups_in_flight() const { return groups_in_flight_; }
  // When the oldest visible message entered the queue; Time::never() when
  // none is visible. Scans the groups: for gauges, not for hot paths.
  Time oldest_visible() const;

 private:
  static constexpr MessageId none = UINT32_MAX;

  struct Group {
    MessageId head = none, tail = none;
    std::uint32_t in_flight = 0;
    bool queued = false;  // in ready_
  };

  void mark_ready(std::uint32_t group);

  MessagePool& pool_;
  std::vector<Group> groups_;
  std::unordered_map<std::uint64_t, std::uint32_t> index_;
  Ring<std::uint32_t> ready_;
  std::uint64_t groups_in_flight_ = 0;
};

}  // namespace edasim::model
