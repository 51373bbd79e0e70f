#include "sim/core/event_set.hpp"

#include <algorithm>
#include <utility>

namespace edasim::core {

EventSet::EventSet(EventSet&& other) noexcept {
  *this = std::move(other);
}

EventSet& EventSet::operator=(EventSet&& other) noexcept {
  if (this != &other) {
    clear_chunks();
    small_ = std::exchange(other.small_, true);
    small_limit_ = std::exchange(other.small_limit_, kSmallMax);
    std::copy_n(other.small_set_.begin(), small_ ? other.size_ : 0, small_set_.begin());
    current_ = std::exchange(other.current_, Bucket{});
    head_pos_ = std::exchange(other.head_pos_, 0);
    last_ = std::exchange(other.last_, 0);
    buckets_ = std::exchange(other.buckets_, {});
    used_ = std::exchange(other.used_, {});
    levels_used_ = std::exchange(other.levels_used_, 0);
    earliest_filed_ = std::exchange(other.earliest_filed_, kUnknown);
    free_ = std::exchange(other.free_, nullptr);
    chunks_allocated_ = std::exchange(other.chunks_allocated_, 0);
    size_ = std::exchange(other.size_, 0);
    next_seq_at_least_ = std::exchange(other.next_seq_at_least_, 0);
  }
  return *this;
}

EventSet::~EventSet() {
  clear_chunks();
}

void EventSet::clear_chunks() {
  auto drop = [](Chunk* c) {
    while (c != nullptr) {
      Chunk* next = c->next;
      delete c;
      c = next;
    }
  };
  drop(current_.head);
  for (const Bucket& b : buckets_) drop(b.head);
  drop(free_);
}

void EventSet::reserve(std::size_t n) {
  const std::size_t wanted = (n + kChunkEvents - 1) / kChunkEvents;
  while (chunks_allocated_ < wanted) {
    release(new Chunk);
    ++chunks_allocated_;
  }
}

void EventSet::to_radix() {
  // In (time, seq) order, so that equal times are filed in seq order as the
  // radix heap needs. last_ stays the last popped key: every key is >= it.
  std::sort(small_set_.begin(), small_set_.begin() + static_cast<std::ptrdiff_t>(size_), earlier);
  const std::size_t n = size_;
  size_ = 0;
  small_ = false;
  small_limit_ = 0;
  for (std::size_t i = 0; i < n; ++i) radix_push(small_set_[i], key(small_set_[i].at));
}

void EventSet::to_small() {
  std::size_t n = 0;
  auto take = [&](Chunk* c, std::uint32_t from) {
    while (c != nullptr) {
      for (std::uint32_t i = from; i < c->count; ++i) small_set_[n++] = c->events[i];
      from = 0;
      Chunk* const next = c->next;
      release(c);
      c = next;
    }
  };
  take(current_.head, head_pos_);
  current_ = Bucket{};
  head_pos_ = 0;
  for (unsigned level = 0; level < kLevels; ++level) {
    if ((levels_used_ & (1U << level)) == 0) continue;
    for (unsigned w = 0; w < kWords; ++w) {
      for (std::uint64_t bits = used_[level][w]; bits != 0; bits &= bits - 1) {
        Bucket& b =
            buckets_[level * kDigits + w * 64 + static_cast<unsigned>(std::countr_zero(bits))];
        take(b.head, 0);
        b = Bucket{};
      }
      used_[level][w] = 0;
    }
  }
  levels_used_ = 0;
  earliest_filed_ = kUnknown;
  assert(n == size_ && "EventSet: events lost moving to the small set");
  // A sorted array is a heap. last_ stays the last popped key.
  std::sort(small_set_.begin(), small_set_.begin() + static_cast<std::ptrdiff_t>(n), earlier);
  small_ = true;
  small_limit_ = kSmallMax;
}

void EventSet::grow(Bucket& b) {
  Chunk* c = free_;
  if (c != nullptr) {
    free_ = c->next;
  } else {
    c = new Chunk;
    ++chunks_allocated_;
  }
  c->next = nullptr;
  c->count = 0;
  if (b.tail == nullptr) {
    b.head = c;
  } else {
    b.tail->next = c;
  }
  b.tail = c;
}

unsigned EventSet::lowest_bucket() const {
  const unsigned level = static_cast<unsigned>(std::countr_zero(levels_used_));
  const auto& words = used_[level];
  unsigned w = 0;
  while (words[w] == 0) ++w;
  return level * kDigits + w * 64 + static_cast<unsigned>(std::countr_zero(words[w]));
}

std::uint64_t EventSet::earliest_filed() const {
  if (earliest_filed_ != kUnknown) return earliest_filed_;
  const unsigned index = lowest_bucket();
  const Bucket& bucket = buckets_[index];
  std::uint64_t earliest = key(bucket.head->events[0].at);
  // A lowest-byte bucket holds one instant; any other must be scanned.
  if (index >= kDigits) {
    for (const Chunk* c = bucket.head; c != nullptr; c = c->next) {
      for (std::uint32_t i = 0; i < c->count; ++i)
        earliest = std::min(earliest, key(c->events[i].at));
    }
  }
  earliest_filed_ = earliest;
  return earliest;
}

Time EventSet::peek() const {
  assert(size_ > 0 && "EventSet: top_time on an empty set");
  if (current_.head != nullptr && current_.head->next != nullptr)
    return current_.head->next->events[0].at;
  return Time{static_cast<std::int64_t>(earliest_filed() ^ (std::uint64_t{1} << 63))};
}

void EventSet::advance() {
  assert(size_ > 0 && "EventSet: pop on an empty set");
  Chunk* const done = current_.head;
  head_pos_ = 0;
  if (done != nullptr) {
    current_.head = done->next;
    if (current_.head == nullptr) current_.tail = nullptr;
    release(done);
    if (current_.head != nullptr) return;
  }
  settle();
}

void EventSet::settle() {
  const std::uint64_t earliest = earliest_filed();
  earliest_filed_ = kUnknown;
  const unsigned index = lowest_bucket();
  const unsigned level = index / kDigits;
  const unsigned digit = index % kDigits;
  auto& words = used_[level];
  words[digit / 64] &= ~(std::uint64_t{1} << (digit % 64));
  if ((words[0] | words[1] | words[2] | words[3]) == 0) levels_used_ &= ~(1U << level);

  Bucket& bucket = buckets_[index];
  last_ = earliest;
  if (level == 0) {
    // Every event in a lowest-byte bucket has the same time: no regrouping.
    current_ = bucket;
    bucket = Bucket{};
    return;
  }
  // In order, so equal times keep their push order. Every event lands in a
  // lower level, all of which are empty, so nothing overtakes anything. Each
  // chunk is freed as soon as it is read, for the next ones to reuse.
  Chunk* c = bucket.head;
  bucket = Bucket{};
  while (c != nullptr) {
    for (std::uint32_t i = 0; i < c->count; ++i) {
      const Event& e = c->events[i];
      const std::uint64_t k = key(e.at);
      const std::uint64_t diff = k ^ earliest;
      if (diff == 0) {
        append(current_, e);
      } else {
        const unsigned l = byte_index(diff);
        file(l, static_cast<unsigned>(k >> (8 * l)) & 0xffU, e);
      }
    }
    Chunk* const next = c->next;
    release(c);
    c = next;
  }
}

}  // namespace edasim::core
