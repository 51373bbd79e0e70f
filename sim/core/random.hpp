// Random streams: a portable, seedable generator per component.
//
// The generator is xoshiro256** (Blackman and Vigna), seeded through
// splitmix64, and every variate is computed by our own code, so the same seed
// gives the same numbers with any compiler and standard library.
//
// Each component draws from its own stream, derived from the scenario seed
// and a stable name ("producer:orders/arrivals"). Adding a component, or
// another draw in one component, never shifts another component's numbers;
// two designs fed by identically named producers see the same workload
// (common random numbers).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace edasim::core {

// The splitmix64 step: advances `state` and returns the next output. Used to
// spread a seed over the generator's 256 bits of state.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A well-mixed 64-bit hash of one word: the splitmix64 step from `x`
// (distinct words give distinct hashes: the step is a bijection).
constexpr std::uint64_t mix64(std::uint64_t x) {
  return splitmix64(x);
}

// FNV-1a, 64 bits: a stable hash of a component's name.
constexpr std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// A stable 64-bit hash of (seed, name): the same on every platform and run.
std::uint64_t stream_seed(std::uint64_t seed, std::string_view name);

class RandomStream {
 public:
  explicit RandomStream(std::uint64_t seed);
  RandomStream(std::uint64_t seed, std::string_view name) : RandomStream(stream_seed(seed, name)) {}
  // A generator in exactly the given state (not all zero), for known-answer
  // tests of the generator itself.
  static RandomStream from_state(const std::array<std::uint64_t, 4>& state);

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform on [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1): safe under log().
  double uniform_open() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  // Uniform integer on [0, n), without modulo bias. Precondition: n > 0.
  std::uint64_t below(std::uint64_t n);
  bool bernoulli(double p) { return uniform() < p; }
  // Standard normal variate.
  double normal();

 private:
  RandomStream() = default;
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t s_[4];
};

}  // namespace edasim::core
