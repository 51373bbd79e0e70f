// Order within message groups, as a consumer processes them: how many
// messages were processed out of order, that is successfully processed for
// the first time after a later message of the same group already was.
//
// A message's group is the key its producer gave it (message_group_id: the
// MessageGroupId on a FIFO queue; on a standard queue the same field, which
// travels as a message attribute, so a customer's payments share it there
// too). Group 0 is "no group": producers without message_group_id.
//
// "Later" is later in production. A message carries its event's production
// time and its event's number; the producer numbers its events in the order
// it makes them, at non-decreasing times, so (production time, number)
// orders one producer's events exactly as they were produced, the order a
// customer's payments were made in. Events of two producers in one group
// are ordered by their production times; a tie at the same nanosecond is
// broken by the number, which is deterministic but arbitrary: no producer
// saw both. A duplicate processing of a message is not counted here (it is
// counted in events.duplicates_processed), and neither is a message that
// never is processed (one in a dead-letter queue): only first successful
// processings are compared. A message moved to a DLQ and redriven counts
// when it is processed after later ones of its group.
//
// The tally keeps, per group seen, the latest message processed so far: a
// hash map bounded by the number of groups (16 bytes of mark per group, plus
// the map's own overhead), never by the number of messages.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "sim/core/time.hpp"

namespace edasim::model {

struct SystemConfig;

// Whether the messages of queue `queue` carry a message group, as the
// design declares it: the queue is FIFO, or a producer that names a
// message_group_id sends to it. A consumer of such a queue reports its
// order (report.json's `out_of_order`, a study measure), in every run of
// the design, so a study can bound it before anything ran.
bool queue_carries_groups(const SystemConfig& config, const std::string& queue);

class GroupOrder {
 public:
  // The design says the messages carry a group (queue_carries_groups): the
  // order is reported even if no grouped message was processed.
  void track() { tracked_ = true; }
  // Whether the order is reported: tracked, or some group was seen.
  bool reported() const { return tracked_ || !latest_.empty(); }
  // A first successful processing of the message of `event`, produced at
  // `produced`, in group `group` (0: none, not tracked).
  void processed(std::uint64_t group, Time produced, std::uint64_t event) {
    if (group == 0) return;
    const Mark mark{produced, event};
    const auto [it, inserted] = latest_.try_emplace(group, mark);
    if (inserted) return;
    if (mark < it->second) {
      ++out_of_order_;
      return;
    }
    it->second = mark;
  }
  // First processings after a later message of their group.
  std::uint64_t out_of_order() const { return out_of_order_; }
  // Groups whose messages were processed here.
  std::uint64_t groups() const { return latest_.size(); }

 private:
  struct Mark {
    Time produced;
    std::uint64_t event = 0;
    bool operator<(const Mark& o) const {
      return produced < o.produced || (produced == o.produced && event < o.event);
    }
  };
  std::unordered_map<std::uint64_t, Mark> latest_;
  std::uint64_t out_of_order_ = 0;
  bool tracked_ = false;
};

}  // namespace edasim::model
