#include "sim/plan/study_config.hpp"

#include <string>

#include "sim/core/random.hpp"

namespace edasim {

std::uint64_t replication_seed(std::uint64_t seed, std::int32_t replication) {
  if (replication == 0) return seed;
  return stream_seed(seed, "replication:" + std::to_string(replication));
}

}  // namespace edasim
