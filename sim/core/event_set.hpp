// The future-event set: a priority queue of events ordered by (time, seq).
//
// `seq` is the scheduling sequence number the kernel stamps on every event,
// so ties in time break by scheduling order and the order is total.
//
// It is a monotone radix heap with 8-bit digits. Simulated time never goes
// back, so every pushed time is at or after the last popped one; an event is
// filed by the highest byte in which its time differs from that last popped
// time, and within that byte by the byte's value. Events move toward the
// front only when the bucket they are in becomes the earliest, and each move
// goes down at least one byte, so an event moves at most once per byte of the
// spread between its time and the clock (about 4 times for a spread of a
// second in nanoseconds). Buckets are appended to and scanned in order, which
// keeps equal times in push order, hence in seq order, with no comparison of
// seq at all. top_time() only looks; the regrouping happens in pop(), so the
// structure never runs ahead of the clock.
//
// Cost, measured by tools/bench/kernel.cpp (hold model: pop the earliest,
// push it back an exponential increment with a 1 s mean later; g++ 12 -O3,
// one core of a shared 2-core AMD EPYC): push is O(1); pop is amortized
// O(bytes of spread). One push plus one pop takes about 27 ns with 1e3
// pending, 40-50 ns with 1e5 and 45-57 ns with 1e6, where a binary heap of
// the same events takes 45, 130-150 and 570-1000 ns.
//
// Size: 32 bytes per event, in chunks of 31 events (1008 bytes) shared by all
// buckets through a free list, so memory follows the number of pending
// events, not the history of each bucket. Partly filled chunks add up to one
// chunk per bucket in use: measured 33 bytes per event in all at 1e6 pending,
// 36 at 1e5, and a floor of about 230 KB (230 bytes per event at 1e3). Fixed:
// 32 KB of bucket heads. Chunks are kept for reuse until the set is
// destroyed. No allocation per event: a chunk is allocated only when more
// events are pending than ever before.
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
    next_seq_at_least_ = e.seq + 1;
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

  // Precondition: !empty().
  Event pop() {
    if (current_.head == nullptr || head_pos_ == current_.head->count) advance();
    --size_;
    return current_.head->events[head_pos_++];
  }

  // Precondition: !empty(). Looks without regrouping, so that pushes between
  // the last popped time and this one stay legal.
  Time top_time() const {
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
  // chunks kept for reuse).
  std::size_t bytes_reserved() const { return chunks_allocated_ * sizeof(Chunk); }

 private:
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

  // Events whose time is `last_`: all at one instant, in push order, read
  // from head_pos_ in the head chunk on.
  Bucket current_;
  std::uint32_t head_pos_ = 0;
  // Key of the instant at the front, moved on only by pop: every pending key
  // is >= it, and so is every key pushed later.
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
