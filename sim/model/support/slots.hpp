// Storage for records that live a while and then go (deliveries in transit,
// sends waiting to be retried), addressed by a 32-bit slot a kernel event can
// carry. A freed slot is reused first, so storage grows with the most records
// alive at once, never with how many there were.
//
// Each slot has a generation, bumped when it is freed. Access through a
// freed slot, or a second remove, throws std::logic_error in every build: a
// stale slot would silently read the next record's data. A holder that may
// outlive its record (a kernel event) carries handle(slot) and asks
// holds(handle) first, or, when a stale handle can only be a bug, reaches the
// record through at(handle), which checks the generation and throws.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace edasim::model {

template <typename T>
class Slots {
 public:
  std::uint32_t add(const T& value) {
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(items_.size());
      items_.push_back(value);
      generations_.push_back(0);
      live_.push_back(true);
    } else {
      slot = free_.back();
      free_.pop_back();
      items_[slot] = value;
      live_[slot] = true;
    }
    return slot;
  }
  void remove(std::uint32_t slot) {
    check(slot);
    live_[slot] = false;
    ++generations_[slot];
    free_.push_back(slot);
  }
  T& operator[](std::uint32_t slot) {
    check(slot);
    return items_[slot];
  }
  const T& operator[](std::uint32_t slot) const {
    check(slot);
    return items_[slot];
  }
  // The slot and its generation in 64 bits, for a holder that may outlive
  // the record.
  std::uint64_t handle(std::uint32_t slot) const {
    return (static_cast<std::uint64_t>(generations_[slot]) << 32) | slot;
  }
  // The record of a handle, checked: a handle whose record was freed (and
  // its slot perhaps reused) throws std::logic_error.
  T& at(std::uint64_t handle) {
    if (!holds(handle)) {
      throw std::logic_error("record handle " + std::to_string(handle) + " (slot " +
                             std::to_string(static_cast<std::uint32_t>(handle)) + ", generation " +
                             std::to_string(handle >> 32) + ") used after its record was freed");
    }
    return items_[static_cast<std::uint32_t>(handle)];
  }
  bool holds(std::uint64_t handle) const {
    const auto slot = static_cast<std::uint32_t>(handle);
    return slot < items_.size() && live_[slot] &&
           generations_[slot] == static_cast<std::uint32_t>(handle >> 32);
  }
  std::uint64_t live() const { return items_.size() - free_.size(); }

 private:
  void check(std::uint32_t slot) const {
    if (slot >= items_.size() || !live_[slot]) {
      throw std::logic_error("record slot " + std::to_string(slot) + " used after it was freed");
    }
  }

  std::vector<T> items_;
  std::vector<std::uint32_t> generations_;
  std::vector<bool> live_;
  std::vector<std::uint32_t> free_;
};

}  // namespace edasim::model
