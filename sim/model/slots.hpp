// Storage for records that live a while and then go (deliveries in transit,
// sends waiting to be retried), addressed by a 32-bit slot a kernel event can
// carry. A freed slot is reused first, so storage grows with the most records
// alive at once, never with how many there were.
#pragma once

#include <cstdint>
#include <vector>

namespace edasim {

template <typename T>
class Slots {
 public:
  std::uint32_t add(const T& value) {
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(items_.size());
      items_.push_back(value);
    } else {
      slot = free_.back();
      free_.pop_back();
      items_[slot] = value;
    }
    return slot;
  }
  void remove(std::uint32_t slot) { free_.push_back(slot); }
  T& operator[](std::uint32_t slot) { return items_[slot]; }
  const T& operator[](std::uint32_t slot) const { return items_[slot]; }
  std::uint64_t live() const { return items_.size() - free_.size(); }

 private:
  std::vector<T> items_;
  std::vector<std::uint32_t> free_;
};

}  // namespace edasim
