// How a round of a study's jobs is shared among processes: in contiguous
// blocks, in process order, so that gathering the blocks in process order
// gives the figures in job order.
//
// Promises: the blocks cover every job exactly once; process 0 (the one that
// writes the reports) gets the first `kept` jobs, whose whole results the
// reports need; otherwise the blocks are as even as they can be (sizes
// differ by at most one). The shares depend only on the three counts, so
// every process computes the same ones.
#pragma once

#include <cstddef>
#include <vector>

namespace edasim::plan {

// processes + 1 bounds: process p runs jobs [bounds[p], bounds[p + 1]).
std::vector<std::size_t> share_bounds(std::size_t jobs, std::size_t kept, std::size_t processes);

}  // namespace edasim::plan
