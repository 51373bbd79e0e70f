// Workers that are the processes of an MPI job (built only with EDASIM_MPI):
// `mpirun -n N edasim compare|plan ...` runs a study's rounds over N
// processes, each running its share of a round on its own threads.
//
// Promises:
// - Every process computes the same shares (sim/plan/study_shares.hpp:
//   contiguous blocks, replication 0 of each design on process 0, which
//   writes the reports) and receives every job's figures (all gathered to
//   all), exactly as computed, so every process takes the same decisions
//   (warm-up, stopping rule, plan search) and reaches the same collective
//   calls in the same order: the result is the one a single process gives.
// - MPI is called from the thread that calls run, never from the workers
//   (MPI_THREAD_FUNNELED is all it needs).
// - The first MpiWorkers of a process initialises MPI and finalises it when
//   destroyed; there is one per process. Destroyed by an exception, it
//   aborts the whole job, since the other processes would wait for this one
//   forever.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/plan/study.hpp"

namespace edasim::plan {

class MpiWorkers final : public Workers {
 public:
  // `threads`: the threads each process runs its share on.
  explicit MpiWorkers(std::int32_t threads);
  ~MpiWorkers() override;
  MpiWorkers(const MpiWorkers&) = delete;
  MpiWorkers& operator=(const MpiWorkers&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }

  std::vector<Measures> run(std::size_t jobs, std::size_t kept,
                            const std::function<Measures(std::size_t job)>& work,
                            const std::function<void(std::size_t)>& finished) override;

 private:
  std::int32_t threads_;
  int rank_ = 0;
  int size_ = 1;
  bool initialised_here_ = false;
};

// The MPI library's own version line ("Open MPI v4.1.4, ...").
std::string mpi_library_version();

}  // namespace edasim::plan
