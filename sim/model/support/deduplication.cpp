#include "sim/model/support/deduplication.hpp"

namespace edasim::model {

namespace {
// Id 0 marks an empty slot, so it is stored as another value.
std::uint64_t stored(std::uint64_t id) {
  return id == 0 ? 0x9e3779b97f4a7c15ULL : id;
}
std::size_t home(std::uint64_t id, std::size_t mask) {
  return static_cast<std::size_t>((id * 0xbf58476d1ce4e5b9ULL) >> 17) & mask;
}
}  // namespace

bool DeduplicationWindow::admit(std::uint64_t raw, Time now) {
  const std::uint64_t id = stored(raw);
  while (!by_time_.empty() && by_time_.front().accepted + window_ <= now) {
    const Entry old = by_time_.pop_front();
    const std::size_t slot = find(old.id);
    if (slot != SIZE_MAX && slots_[slot].accepted == old.accepted) erase(slot);
  }
  if (find(id) != SIZE_MAX) return false;
  insert(id, now);
  by_time_.push_back(Entry{id, now});
  return true;
}

std::size_t DeduplicationWindow::find(std::uint64_t id) const {
  if (slots_.empty()) return SIZE_MAX;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = home(id, mask);; i = (i + 1) & mask) {
    if (slots_[i].id == id) return i;
    if (slots_[i].id == 0) return SIZE_MAX;
  }
}

void DeduplicationWindow::insert(std::uint64_t id, Time accepted) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = home(id, mask);
  while (slots_[i].id != 0) i = (i + 1) & mask;
  slots_[i] = Slot{id, accepted};
  ++size_;
}

void DeduplicationWindow::erase(std::size_t slot) {
  // Backward-shift deletion keeps every probe chain unbroken without
  // tombstones.
  const std::size_t mask = slots_.size() - 1;
  std::size_t hole = slot;
  for (std::size_t i = (slot + 1) & mask; slots_[i].id != 0; i = (i + 1) & mask) {
    const std::size_t want = home(slots_[i].id, mask);
    // Move the entry back if its home does not lie in (hole, i].
    if (((i - want) & mask) >= ((i - hole) & mask)) {
      slots_[hole] = slots_[i];
      hole = i;
    }
  }
  slots_[hole] = Slot{};
  --size_;
}

void DeduplicationWindow::grow() {
  std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
  old.swap(slots_);
  size_ = 0;
  for (const Slot& s : old) {
    if (s.id != 0) insert(s.id, s.accepted);
  }
}

}  // namespace edasim::model
