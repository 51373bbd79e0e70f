#include "sim/rules/interval_index.hpp"

#include <cmath>

namespace edasim::rules {

void IntervalIndex::finish() {
  points_.clear();
  for (const auto& [range, id] : pending_) {
    if (std::isfinite(range.low)) points_.push_back(range.low);
    if (std::isfinite(range.high)) points_.push_back(range.high);
  }
  std::sort(points_.begin(), points_.end());
  points_.erase(std::unique(points_.begin(), points_.end()), points_.end());
  const std::size_t slots = 2 * points_.size() + 1;
  leaves_ = 1;
  while (leaves_ < slots) leaves_ *= 2;

  auto index_of = [&](double x) {
    return static_cast<std::size_t>(std::lower_bound(points_.begin(), points_.end(), x) -
                                    points_.begin());
  };
  std::vector<std::vector<std::uint32_t>> per_node(2 * leaves_);
  for (const auto& [range, id] : pending_) {
    const std::size_t first =
        std::isfinite(range.low) ? 2 * index_of(range.low) + (range.low_inclusive ? 1 : 2) : 0;
    const std::size_t last = std::isfinite(range.high)
                                 ? 2 * index_of(range.high) + (range.high_inclusive ? 1 : 0)
                                 : slots - 1;
    if (first > last) continue;
    for (std::size_t l = first + leaves_, r = last + leaves_ + 1; l < r; l >>= 1, r >>= 1) {
      if (l & 1) per_node[l++].push_back(id);
      if (r & 1) per_node[--r].push_back(id);
    }
  }
  nodes_.assign(2 * leaves_, {0, 0});
  ids_.clear();
  for (std::size_t n = 1; n < per_node.size(); ++n) {
    auto& ids = per_node[n];
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    nodes_[n] = {static_cast<std::uint32_t>(ids_.size()), static_cast<std::uint32_t>(ids.size())};
    ids_.insert(ids_.end(), ids.begin(), ids.end());
  }
  pending_.clear();
  pending_.shrink_to_fit();
}

}  // namespace edasim::rules
