// The future-event set: a priority queue of events ordered by (time, seq).
//
// `seq` is the scheduling sequence number the kernel stamps on every event,
// so ties in time break by scheduling order and the order is total.
//
// Two structures, one at a time. While at most 256 events are pending they
// are a 4-ary min-heap on (time, seq) in a fixed array (hole-based sifts: a
// push moves up at most 4 levels, a pop compares at most 4 children per
// level). A push that would make 257 moves them all, in (time, seq) order,
// into the radix heap below; a pop that leaves 64 or fewer moves them back.
// The gap between the two bounds keeps a set whose size hovers near one of
// them from moving back and forth: each move of n events costs about as much
// as n holds and happens at most once per 192 pushes or pops.
//
// The large structure is a monotone radix heap with 8-bit digits. Simulated
// time never goes back, so every pushed time is at or after the last popped
// one; an event is filed by the highest byte in which its time differs from
// that last popped time, and within that byte by the byte's value. Events
// move toward the front only when the bucket they are in becomes the
// earliest, and each move goes down at least one byte, so an event moves at
// most once per byte of the spread between its time and the clock (about 4
// times for a spread of a second in nanoseconds). Buckets are appended to and
// scanned in order, which keeps equal times in push order, hence in seq
// order, with no comparison of seq at all (events enter it from the small
// heap sorted by (time, seq) for the same reason). top_time() only looks; the
// regrouping happens in pop(), so the structure never runs ahead of the clock.
//
// Cost, measured by tools/bench/kernel.cpp (hold model: pop the earliest,
// push it back an exponential increment with a 1 s mean later; g++ 12 -O3,
// one core of a shared 2-core AMD EPYC): one push plus one pop takes about
// 18 ns with 9 pending, 25 ns with 32 and 26-27 ns with 100, within 5% of a
// hand-written 4-ary heap (the radix heap alone took 24, 29 and 37 ns there,
// for its regrouping); 28-31 ns with 1e3 pending, 40-50 ns with 1e5 and 45-62
// ns with 1e6, where a binary heap (std::priority_queue) of the same events
// takes 45, 130-190 and 570-1000 ns and the 4-ary heap 29, 86-115 and 425-475
// ns. In the radix heap push is O(1) and pop amortized O(bytes of spread).
//
// Size: a fixed 8 KB array for the small heap and 32 KB of bucket heads.
// The radix heap stores 32 bytes per event, in chunks of 31 events (1008
// bytes) shared by all buckets through a free list, so memory follows the
// number of pending events, not the history of each bucket. Partly filled
// chunks add up to one chunk per bucket in use: measured 33 bytes per event
// in all at 1e6 pending, 36 at 1e5, and a floor of about 230 KB (230 bytes
// per event at 1e3). Chunks are kept for reuse until the set is destroyed.
// No allocation per event: a chunk is allocated only when more events are
// pending in the radix heap than ever before.
#pragma once

#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>

#include "sim/core/time.hpp"

namespace edasim::core {

struct Event {
  Time at;
  std::uint64_t seq;
  std::uint32_t target;
  std::uint32_t kind;
  std::uint64_t data;
};

class EventSet {
 public:
  EventSet() = default;
  EventSet(const EventSet&) = delete;
  EventSet& operator=(const EventSet&) = delete;
  EventSet(EventSet&& other) noexcept;
  EventSet& operator=(EventSet&& other) noexcept;
  ~EventSet();

  // Preconditions (the kernel keeps both): `e.at` is not before the time of
  // the last event popped, and seq increases from one push to the next.
  void push(const Event& e) {
    const std::uint64_t k = key(e.at);
    assert(k >= last_ && "EventSet::push: time before the last popped event");
    assert(e.seq >= next_seq_at_least_ && "EventSet::push: seq not increasing");
#ifndef NDEBUG
    next_seq_at_least_ = e.seq + 1;
#endif
    // One comparison: small_limit_ is 0 while the radix heap holds the events.
    if (size_ < small_limit_) [[likely]] {
      small_push(e);
      return;
    }
    if (small_) to_radix();
    radix_push(e, k);
  }

  // Precondition: !empty().
  Event pop() {
    if (small_) [[likely]]
      return small_pop();
    Event e = radix_pop();
    if (size_ <= kSmallLow) [[unlikely]]
      to_small();
    return e;
  }

  // Precondition: !empty(). Looks without regrouping, so that pushes between
  // the last popped time and this one stay legal.
  Time top_time() const {
    if (small_) [[likely]]
      return small_set_[0].at;
    if (current_.head != nullptr && head_pos_ < current_.head->count) [[likely]]
      return current_.head->events[head_pos_].at;
    return peek();
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // Sets aside room for n pending events, so that filling up to n allocates
  // nothing more.
  void reserve(std::size_t n);

  // Bytes of event storage held (live events, partly filled chunks and spare
  // chunks kept for reuse). The small set's fixed array is not counted.
  std::size_t bytes_reserved() const { return chunks_allocated_ * sizeof(Chunk); }

 private:
  // The small set holds at most kSmallMax events; past that they all move to
  // the radix heap, and back when a pop leaves kSmallLow or fewer.
  static constexpr std::uint32_t kSmallMax = 256;
  static constexpr std::uint32_t kSmallLow = 64;

  static bool earlier(const Event& a, const Event& b) {
    return a.at != b.at ? a.at < b.at : a.seq < b.seq;
  }

  // The small set: a 4-ary min-heap on (time, seq) with hole-based sifts.
  void small_push(const Event& e) {
    std::size_t i = size_++;
    while (i > 0) {
      const std::size_t parent = (i - 1) / 4;
      if (!earlier(e, small_set_[parent])) break;
      small_set_[i] = small_set_[parent];
      i = parent;
    }
    small_set_[i] = e;
  }
  Event small_pop() {
    assert(size_ > 0 && "EventSet: pop on an empty set");
    const Event top = small_set_[0];
    last_ = key(top.at);
    const std::size_t n = --size_;
    const Event last = small_set_[n];
    std::size_t i = 0;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      std::size_t best = c;
      const std::size_t end = c + 4 < n ? c + 4 : n;
      for (std::size_t j = c + 1; j < end; ++j)
        if (earlier(small_set_[j], small_set_[best])) best = j;
      if (!earlier(small_set_[best], last)) break;
      small_set_[i] = small_set_[best];
      i = best;
    }
    small_set_[i] = last;
    return top;
  }
  // Moves every event of the small set to the radix heap, and back.
  void to_radix();
  void to_small();

  void radix_push(const Event& e, std::uint64_t k) {
    ++size_;
    const std::uint64_t diff = k ^ last_;
    if (diff == 0) {
      append(current_, e);
      return;
    }
    const unsigned level = byte_index(diff);
    file(level, static_cast<unsigned>(k >> (8 * level)) & 0xffU, e);
    if (k < earliest_filed_) earliest_filed_ = k;
  }
  Event radix_pop() {
    if (current_.head == nullptr || head_pos_ == current_.head->count) advance();
    --size_;
    return current_.head->events[head_pos_++];
  }

  static constexpr unsigned kLevels = 8;
  static constexpr unsigned kDigits = 256;
  static constexpr unsigned kWords = kDigits / 64;
  static constexpr std::uint32_t kChunkEvents = 31;

  // Buckets are lists of fixed-size chunks from one free list, so an emptied
  // bucket hands its memory straight to whichever bucket fills next.
  struct Chunk {
    Chunk* next;
    std::uint32_t count;
    Event events[kChunkEvents];
  };
  struct Bucket {
    Chunk* head = nullptr;
    Chunk* tail = nullptr;
  };

  // Times as unsigned keys that order like the signed times.
  static std::uint64_t key(Time t) {
    return static_cast<std::uint64_t>(t.ns) ^ (std::uint64_t{1} << 63);
  }
  static unsigned byte_index(std::uint64_t diff) {
    return static_cast<unsigned>(63 - std::countl_zero(diff)) / 8;
  }

  void append(Bucket& b, const Event& e) {
    if (b.tail == nullptr || b.tail->count == kChunkEvents) [[unlikely]]
      grow(b);
    b.tail->events[b.tail->count++] = e;
  }
  void file(unsigned level, unsigned digit, const Event& e) {
    append(buckets_[level * kDigits + digit], e);
    used_[level][digit / 64] |= std::uint64_t{1} << (digit % 64);
    levels_used_ |= 1U << level;
  }

  // Frees every chunk (the set's contents included).
  void clear_chunks();
  // Adds an empty chunk at the end of `b`.
  void grow(Bucket& b);
  void release(Chunk* c) {
    c->next = free_;
    free_ = c;
  }
  // Drops the exhausted front chunk of the current instant; when none is
  // left, moves the earliest nonempty bucket to the front. Precondition:
  // size_ > 0.
  void advance();
  void settle();
  // top_time() when the front chunk is exhausted.
  Time peek() const;
  // The lowest nonempty bucket's position. Precondition: levels_used_ != 0.
  unsigned lowest_bucket() const;
  // The earliest key among the filed events (not those of `current_`).
  std::uint64_t earliest_filed() const;

  // 0 so that push's `k < earliest_filed_` leaves it unknown; a true earliest
  // key of 0 (time INT64_MIN) merely gets scanned for again.
  static constexpr std::uint64_t kUnknown = 0;

  // True while the events are in small_set_ (a heap of size_ events), false
  // while they are in the radix heap.
  bool small_ = true;
  // kSmallMax while small_, else 0.
  std::size_t small_limit_ = kSmallMax;
  std::array<Event, kSmallMax> small_set_;

  // Events whose time is `last_`: all at one instant, in push order, read
  // from head_pos_ in the head chunk on.
  Bucket current_;
  std::uint32_t head_pos_ = 0;
  // Key of the instant at the front, moved on only by pop: every pending key
  // is >= it, and so is every key pushed later. While the set is small, the
  // key of the last popped event.
  std::uint64_t last_ = 0;
  std::array<Bucket, kLevels * kDigits> buckets_{};
  std::array<std::array<std::uint64_t, kWords>, kLevels> used_{};
  unsigned levels_used_ = 0;
  // The earliest filed key when known, else kUnknown; found by peek(), kept
  // by push, reused by settle() so the bucket is scanned for it only once.
  mutable std::uint64_t earliest_filed_ = kUnknown;
  Chunk* free_ = nullptr;
  std::size_t chunks_allocated_ = 0;
  std::size_t size_ = 0;
  // Checks the seq precondition in debug builds; kept in all builds so the
  // layout does not depend on NDEBUG.
  std::uint64_t next_seq_at_least_ = 0;
};

}  // namespace edasim::core
