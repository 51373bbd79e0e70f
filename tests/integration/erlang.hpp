// The planner tests' oracle: how many servers an M/M/c station needs for a
// p99 sojourn bound, by Erlang C (sim/analytic/queueing.hpp) and a plain
// search, apart from the planner's own warm start, which it checks.
#pragma once

#include <cstddef>

#include "sim/analytic/queueing.hpp"

namespace edasim::testing {

// The fewest servers whose Erlang C p99 sojourn is within the bound.
inline std::size_t erlang_servers(double rate, double mean_ms, double bound_ms) {
  const double mu = 1e3 / mean_ms;
  for (std::size_t c = 1;; ++c) {
    if (rate >= static_cast<double>(c) * mu) continue;
    if (analytic::mmc_sojourn_quantile(rate, mu, c, 0.99) * 1e3 <= bound_ms) return c;
  }
}

}  // namespace edasim::testing
