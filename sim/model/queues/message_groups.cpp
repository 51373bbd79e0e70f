#include "sim/model/queues/message_groups.hpp"

#include <algorithm>

namespace edasim::model {

std::uint32_t MessageGroups::intern(std::uint64_t key) {
  const auto [it, added] = index_.try_emplace(key, static_cast<std::uint32_t>(groups_.size()));
  if (added) groups_.emplace_back();
  return it->second;
}

void MessageGroups::add_visible(MessageId id) {
  Message& m = pool_[id];
  Group& g = groups_[m.group];
  if (g.tail == none || pool_[g.tail].sequence < m.sequence) {
    m.next_in_group = none;
    if (g.tail == none) {
      g.head = id;
    } else {
      pool_[g.tail].next_in_group = id;
    }
    g.tail = id;
  } else {
    // A message back from flight: it was sent before everything still
    // waiting, so its place is near the head.
    MessageId* link = &g.head;
    while (*link != none && pool_[*link].sequence < m.sequence) link = &pool_[*link].next_in_group;
    m.next_in_group = *link;
    *link = id;
  }
  if (g.in_flight == 0) mark_ready(m.group);
}

void MessageGroups::remove_visible(MessageId id) {
  Message& m = pool_[id];
  Group& g = groups_[m.group];
  MessageId previous = none;
  for (MessageId at = g.head; at != none; previous = at, at = pool_[at].next_in_group) {
    if (at != id) continue;
    if (previous == none) {
      g.head = m.next_in_group;
    } else {
      pool_[previous].next_in_group = m.next_in_group;
    }
    if (g.tail == id) g.tail = previous;
    m.next_in_group = none;
    return;
  }
}

void MessageGroups::mark_ready(std::uint32_t group) {
  Group& g = groups_[group];
  if (g.queued || g.head == none) return;
  g.queued = true;
  ready_.push_back(group);
}

bool MessageGroups::next_ready(std::uint32_t& group) {
  while (!ready_.empty()) {
    const std::uint32_t candidate = ready_.pop_front();
    Group& g = groups_[candidate];
    g.queued = false;
    if (g.in_flight == 0 && g.head != none) {
      group = candidate;
      return true;
    }
  }
  return false;
}

MessageId MessageGroups::pop(std::uint32_t group) {
  Group& g = groups_[group];
  const MessageId id = g.head;
  g.head = pool_[id].next_in_group;
  if (g.head == none) g.tail = none;
  pool_[id].next_in_group = none;
  return id;
}

void MessageGroups::start_flight(std::uint32_t group) {
  if (groups_[group].in_flight++ == 0) ++groups_in_flight_;
}

void MessageGroups::end_flight(std::uint32_t group) {
  Group& g = groups_[group];
  if (--g.in_flight > 0) return;
  --groups_in_flight_;
  mark_ready(group);
}

Time MessageGroups::oldest_visible() const {
  Time oldest = Time::never();
  for (const Group& g : groups_) {
    if (g.head != none) oldest = std::min(oldest, pool_[g.head].entered);
  }
  return oldest;
}

}  // namespace edasim::model
