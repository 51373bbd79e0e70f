#include "sim/rules/key_table.hpp"

#include <algorithm>
#include <cstring>

#include "sim/rules/hash.hpp"

namespace edasim::rules {

namespace {
std::uint8_t tag_of(std::uint64_t hash) {
  return static_cast<std::uint8_t>(0x80 | (hash >> 57));
}
}  // namespace

void KeyTable::add(std::uint64_t owner, std::string_view key, std::uint32_t id) {
  building_[{owner, std::string(key)}].push_back(id);
}

void KeyTable::finish() {
  for (auto it = building_.begin(); it != building_.end();) {
    const std::uint64_t owner = it->first.first;
    auto end = it;
    std::size_t keys = 0;
    while (end != building_.end() && end->first.first == owner) {
      ++end;
      ++keys;
    }
    RegionInfo region{static_cast<std::uint32_t>(entries_.size()), 0, keys > linear_region_max};
    std::size_t size = keys;
    if (region.hashed) {
      size = 8;
      while (size < keys * 2) size *= 2;
    }
    region.size = static_cast<std::uint32_t>(size);
    entries_.resize(entries_.size() + size, Entry{empty, 0, 0, 0, {}});
    tags_.resize(entries_.size(), 0);
    std::size_t next_linear = 0;
    for (; it != end; ++it) {
      const std::string& key = it->first.second;
      auto& ids = it->second;
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      const std::uint64_t hash = hash_bytes(key, 0);
      std::size_t slot = next_linear++;
      if (region.hashed) {
        slot = hash & (size - 1);
        while (entries_[region.begin + slot].key_size != empty) slot = (slot + 1) & (size - 1);
      }
      Entry& e = entries_[region.begin + slot];
      tags_[region.begin + slot] = tag_of(hash);
      e.key_size = static_cast<std::uint32_t>(key.size());
      e.hash = static_cast<std::uint32_t>(hash >> 32);
      e.ids_count = static_cast<std::uint32_t>(ids.size());
      if (ids.size() == 1) {
        e.ids = ids.front();
      } else {
        e.ids = static_cast<std::uint32_t>(ids_.size());
        ids_.insert(ids_.end(), ids.begin(), ids.end());
      }
      if (key.size() <= inline_key_size) {
        std::memcpy(e.key, key.data(), key.size());
      } else {
        const auto offset = static_cast<std::uint32_t>(keys_.size());
        std::memcpy(e.key, &offset, sizeof offset);
        keys_ += key;
      }
    }
    owners_.emplace_back(owner, static_cast<Region>(regions_.size()));
    regions_.push_back(region);
  }
  building_.clear();
}

KeyTable::Region KeyTable::region_of(std::uint64_t owner) const {
  const auto it = std::lower_bound(owners_.begin(), owners_.end(), std::pair{owner, Region{0}});
  return (it != owners_.end() && it->first == owner) ? it->second : no_region;
}

bool KeyTable::same_key(const Entry& e, std::string_view key) const {
  const std::size_t n = key.size();
  if (e.key_size != n) return false;
  const char* a = key.data();
  if (n > inline_key_size) {
    std::uint32_t offset;
    std::memcpy(&offset, e.key, sizeof offset);
    return std::memcmp(keys_.data() + offset, a, n) == 0;
  }
  // Short keys: two overlapping fixed-size loads instead of a memcmp call.
  const char* b = e.key;
  if (n >= 8) return load64(a) == load64(b) && load64(a + n - 8) == load64(b + n - 8);
  if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

std::span<const std::uint32_t> KeyTable::find(Region region, std::string_view key) const {
  if (region == no_region) return {};
  const RegionInfo& r = regions_[region];
  const Entry* entries = entries_.data() + r.begin;
  auto ids_of = [&](const Entry& e) {
    return e.ids_count == 1 ? std::span<const std::uint32_t>(&e.ids, 1)
                            : std::span<const std::uint32_t>(ids_.data() + e.ids, e.ids_count);
  };
  if (!r.hashed) {
    for (std::uint32_t i = 0; i < r.size; ++i) {
      if (same_key(entries[i], key)) return ids_of(entries[i]);
    }
    return {};
  }
  const std::uint64_t hash = hash_bytes(key, 0);
  const std::uint8_t tag = tag_of(hash);
  const auto high = static_cast<std::uint32_t>(hash >> 32);
  const std::uint8_t* tags = tags_.data() + r.begin;
  const std::size_t mask = r.size - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (tags[i] == 0) return {};
    if (tags[i] == tag && entries[i].hash == high && same_key(entries[i], key)) {
      return ids_of(entries[i]);
    }
  }
}

}  // namespace edasim::rules
