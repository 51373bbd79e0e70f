#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "sim/rules/interval_index.hpp"

namespace edasim::rules {

TEST_CASE("the interval index finds exactly the ranges holding a value") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> point(0, 20);
  std::vector<NumericRange> ranges;
  IntervalIndex index;
  for (std::uint32_t id = 0; id < 200; ++id) {
    double lo = point(rng), hi = point(rng);
    if (lo > hi) std::swap(lo, hi);
    NumericRange r{lo, rng() % 2 == 0, hi, rng() % 2 == 0};
    if (id % 17 == 0) r.low = -inf;
    if (id % 19 == 0) r.high = inf;
    ranges.push_back(r);
    index.add(r, id);
  }
  index.finish();
  for (double x = -1; x <= 21; x += 0.25) {
    std::vector<std::uint32_t> found;
    index.for_each_containing(x, [&](std::uint32_t id) { found.push_back(id); });
    std::sort(found.begin(), found.end());
    std::vector<std::uint32_t> expected;
    for (std::uint32_t id = 0; id < ranges.size(); ++id) {
      if (ranges[id].contains(x)) expected.push_back(id);
    }
    INFO("x = " << x);
    CHECK(found == expected);
  }
}

}  // namespace edasim::rules
