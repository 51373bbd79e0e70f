// How a round's jobs are shared among MPI processes.
#include "sim/plan/study_shares.hpp"

#include <catch2/catch.hpp>

using edasim::plan::share_bounds;
using Bounds = std::vector<std::size_t>;

TEST_CASE("one process runs every job") {
  CHECK(share_bounds(7, 3, 1) == Bounds{0, 7});
  CHECK(share_bounds(0, 0, 1) == Bounds{0, 0});
}

TEST_CASE("jobs are shared in contiguous blocks that differ by at most one") {
  CHECK(share_bounds(10, 0, 4) == Bounds{0, 3, 6, 8, 10});
  CHECK(share_bounds(8, 2, 2) == Bounds{0, 4, 8});
  // Fewer jobs than processes: some processes get none.
  CHECK(share_bounds(2, 0, 4) == Bounds{0, 1, 2, 2, 2});
}

TEST_CASE("the process that writes the reports runs every kept job") {
  // Three designs' replication 0 are the first three of six jobs: more than
  // an even share of four processes, so the other three jobs go elsewhere.
  CHECK(share_bounds(6, 3, 4) == Bounds{0, 3, 4, 5, 6});
  // A plan point's one kept job fits in process 0's even share.
  CHECK(share_bounds(5, 1, 2) == Bounds{0, 3, 5});
}

TEST_CASE("the shares cover every job once, whatever the counts") {
  for (std::size_t jobs = 0; jobs < 40; ++jobs) {
    for (std::size_t kept = 0; kept <= jobs; kept += 3) {
      for (std::size_t processes = 1; processes < 9; ++processes) {
        const Bounds b = share_bounds(jobs, kept, processes);
        REQUIRE(b.size() == processes + 1);
        CHECK(b.front() == 0);
        CHECK(b.back() == jobs);
        CHECK(b[1] >= kept);
        for (std::size_t p = 0; p < processes; ++p) CHECK(b[p] <= b[p + 1]);
      }
    }
  }
}
