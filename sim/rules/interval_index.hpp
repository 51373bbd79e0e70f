// Numeric ranges of one field, indexed so that the ranges holding a value are
// found in O(log n + answers) rather than by testing each range.
//
// The distinct range ends cut the number line into elementary slots (each end
// point, and each open gap between ends); a segment tree over the slots holds
// every range in O(log n) nodes, and the ranges holding x are those on the
// path from x's slot to the root.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/rules/pattern.hpp"

namespace edasim::rules {

class IntervalIndex {
 public:
  void add(const NumericRange& range, std::uint32_t id) { pending_.emplace_back(range, id); }
  void finish();

  // Calls visit(id) for every range holding x (an id may come more than once
  // if it was added with overlapping ranges).
  template <typename Visit>
  void for_each_containing(double x, Visit&& visit) const {
    const std::size_t i = static_cast<std::size_t>(
        std::lower_bound(points_.begin(), points_.end(), x) - points_.begin());
    const std::size_t slot = (i < points_.size() && points_[i] == x) ? 2 * i + 1 : 2 * i;
    for (std::size_t node = leaves_ + slot; node >= 1; node >>= 1) {
      const auto [begin, count] = nodes_[node];
      for (std::uint32_t k = 0; k < count; ++k) visit(ids_[begin + k]);
    }
  }

 private:
  std::vector<std::pair<NumericRange, std::uint32_t>> pending_;
  std::vector<double> points_;
  std::size_t leaves_ = 1;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> nodes_;  // (begin, count) into ids_
  std::vector<std::uint32_t> ids_;
};

}  // namespace edasim::rules
