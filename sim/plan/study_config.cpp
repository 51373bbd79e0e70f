#include "sim/plan/study_config.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "sim/core/random.hpp"

namespace edasim::plan {

std::uint64_t replication_seed(std::uint64_t seed, std::int32_t replication) {
  if (replication == 0) return seed;
  return core::stream_seed(seed, "replication:" + std::to_string(replication));
}

std::string Knob::text(std::size_t i) const {
  const double v = value(i);
  if (range || v == std::floor(v)) return fmt::format("{}", static_cast<std::int64_t>(v));
  return fmt::format("{}", v);
}

}  // namespace edasim::plan
