// A fast, non-cryptographic 64-bit hash of a byte string, used by the rule
// engine's lookup tables and by the path table.
//
// Promises: deterministic across runs and platforms of the same endianness
// (no per-process seed), so compiled rule sets and match order never depend on
// the run. Quality is good enough for open addressing with linear probing;
// it is not meant to resist adversarial keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace edasim::rules {

namespace hash_detail {
inline constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ULL;
inline constexpr std::uint64_t k2 = 0xC2B2AE3D27D4EB4FULL;
inline constexpr std::uint64_t k3 = 0x165667B19E3779F9ULL;

inline std::uint64_t rotl(std::uint64_t x, int r) {
  return (x << r) | (x >> (64 - r));
}

inline std::uint64_t round(std::uint64_t h, std::uint64_t chunk) {
  h ^= chunk * k2;
  return rotl(h, 31) * k1;
}
}  // namespace hash_detail

inline std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline std::uint64_t load32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline std::uint64_t hash_bytes(const char* data, std::size_t size, std::uint64_t seed) {
  using namespace hash_detail;
  std::uint64_t h = (seed + k3) ^ (size * k1);
  if (size >= 8) {
    const char* last = data + size - 8;
    while (data < last) {
      h = round(h, load64(data));
      data += 8;
    }
    // The final 8 bytes, overlapping the previous chunk when size is not a
    // multiple of 8: fixed-size loads instead of a byte loop.
    h = round(h, load64(last));
  } else if (size >= 4) {
    h = round(h, load32(data) | (load32(data + size - 4) << 32));
  } else if (size > 0) {
    const auto b = [&](std::size_t i) {
      return static_cast<std::uint64_t>(static_cast<unsigned char>(data[i]));
    };
    h = round(h, b(0) | (b(size / 2) << 8) | (b(size - 1) << 16));
  }
  h ^= h >> 33;
  h *= k2;
  h ^= h >> 29;
  h *= k3;
  h ^= h >> 32;
  return h;
}

inline std::uint64_t hash_bytes(std::string_view text, std::uint64_t seed) {
  return hash_bytes(text.data(), text.size(), seed);
}

}  // namespace edasim::rules
