// The rule engine's lookup tables: for each field index and kind of key
// (exact value, prefix, suffix, exclusion...), a map from byte string to a
// sorted list of ids.
//
// All maps live in one array, each in its own contiguous region, laid out in
// the order the field indexes were built (so the root's maps, used by every
// event, sit together and stay in cache). A region of a few keys is searched
// by comparing them in turn; a larger one is an open-addressing hash table.
//
// Built in two phases: add() keys under an owner (any number naming one
// map), then finish(); region_of() then names each owner's region and find()
// never allocates.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace edasim::rules {

class KeyTable {
 public:
  using Region = std::uint32_t;
  static constexpr Region no_region = UINT32_MAX;

  void add(std::uint64_t owner, std::string_view key, std::uint32_t id);
  void finish();

  // The region holding `owner`'s keys, or no_region if it has none.
  Region region_of(std::uint64_t owner) const;

  // The ids stored under `key` in `region`, ascending; empty if none.
  std::span<const std::uint32_t> find(Region region, std::string_view key) const;

 private:
  static constexpr std::size_t inline_key_size = 16;
  static constexpr std::size_t linear_region_max = 4;
  static constexpr std::uint32_t empty = UINT32_MAX;

  // 32 bytes: short keys and single ids live in the entry itself, so a hit
  // usually costs one cache line.
  struct Entry {
    std::uint32_t key_size;  // `empty` marks a free slot
    std::uint32_t hash;      // high half of the 64-bit hash; the low half picks the slot
    std::uint32_t ids_count;
    std::uint32_t ids;          // the id itself when ids_count == 1, else an offset into ids_
    char key[inline_key_size];  // the key if it fits, else its offset into keys_
  };
  struct RegionInfo {
    std::uint32_t begin;
    std::uint32_t size;  // entries; a power of two when hashed
    bool hashed;
  };

  bool same_key(const Entry& e, std::string_view key) const;

  std::map<std::pair<std::uint64_t, std::string>, std::vector<std::uint32_t>> building_;
  std::vector<std::pair<std::uint64_t, Region>> owners_;  // sorted by owner
  std::vector<RegionInfo> regions_;
  std::vector<Entry> entries_;
  std::vector<std::uint8_t> tags_;  // per entry: 0 empty, else 0x80 | top hash bits
  std::string keys_;
  std::vector<std::uint32_t> ids_;
};

}  // namespace edasim::rules
