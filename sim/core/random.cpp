#include "sim/core/random.hpp"

#include <bit>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace edasim::core {

std::uint64_t stream_seed(std::uint64_t seed, std::string_view name) {
  // Scramble the seed first so that nearby seeds (1, 2, 3...) and the name's
  // hash do not cancel each other in the xor.
  std::uint64_t s = seed;
  std::uint64_t mixed = splitmix64(s) ^ fnv1a64(name);
  return splitmix64(mixed);
}

RandomStream::RandomStream(std::uint64_t seed) {
  std::uint64_t sm = seed;
  for (auto& word : s_) word = splitmix64(sm);
}

RandomStream RandomStream::from_state(const std::array<std::uint64_t, 4>& state) {
  if ((state[0] | state[1] | state[2] | state[3]) == 0) {
    throw std::invalid_argument("a xoshiro256** state must not be all zero");
  }
  RandomStream r;
  for (int i = 0; i < 4; ++i) r.s_[i] = state[static_cast<std::size_t>(i)];
  return r;
}

std::uint64_t RandomStream::below(std::uint64_t n) {
  // Draw bits under the smallest all-ones mask covering n-1 and reject the
  // overshoot: unbiased, and fewer than two draws on average.
  const std::uint64_t mask = n <= 1 ? 0 : ~std::uint64_t{0} >> std::countl_zero(n - 1);
  for (;;) {
    const std::uint64_t x = next() & mask;
    if (x < n) return x;
  }
}

double RandomStream::normal() {
  // Box-Muller, one variate per call: no cached spare, so a stream's state
  // depends only on how many numbers it has drawn.
  const double r = std::sqrt(-2.0 * std::log(uniform_open()));
  return r * std::cos(2.0 * std::numbers::pi * uniform());
}

}  // namespace edasim::core
