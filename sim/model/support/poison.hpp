// Poison events: a fixed fraction of events that fail every processing
// attempt, whoever processes them.
//
// Whether an event is poison depends only on its number and the consumer's
// name, never on a random stream's position, so the same events are poison
// on every attempt and in every design fed the same workload.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/random.hpp"

namespace edasim::model {

class PoisonSet {
 public:
  PoisonSet(std::uint64_t seed, std::string_view stream_name, double fraction)
      : key_(core::stream_seed(seed, stream_name)), fraction_(fraction) {}

  bool contains(std::uint64_t event) const {
    if (fraction_ <= 0) return false;
    const double u = static_cast<double>(core::mix64(key_ ^ core::mix64(event)) >> 11) * 0x1.0p-53;
    return u < fraction_;
  }

 private:
  // splitmix64's finaliser: a well-mixed 64-bit hash of one word.
  std::uint64_t key_;
  double fraction_;
};

}  // namespace edasim::model
