#include "sim/plan/study_shares.hpp"

#include <algorithm>

namespace edasim::plan {

std::vector<std::size_t> share_bounds(std::size_t jobs, std::size_t kept, std::size_t processes) {
  processes = std::max<std::size_t>(processes, 1);
  kept = std::min(kept, jobs);
  std::vector<std::size_t> sizes(processes, 0);
  const auto even = [&](std::size_t first, std::size_t count) {
    const std::size_t among = processes - first;
    for (std::size_t p = first; p < processes; ++p) {
      sizes[p] = count / among + (p - first < count % among ? 1 : 0);
    }
  };
  even(0, jobs);
  // Process 0 must run the kept jobs: when its even share is smaller, it
  // runs just those and the others share the rest.
  if (sizes[0] < kept) {
    sizes[0] = kept;
    if (processes > 1) even(1, jobs - kept);
  }
  std::vector<std::size_t> bounds{0};
  for (std::size_t size : sizes) bounds.push_back(bounds.back() + size);
  return bounds;
}

}  // namespace edasim::plan
