// The processes a compare or plan runs on: this one alone (its threads), or,
// under mpirun or srun with MPI built in, every process of the MPI job, each
// running a share of every round (sim/plan/study_mpi.hpp).
//
// Promises: the reports are the same bytes either way; only the first
// process (rank 0) prints and writes reports, the others' standard output
// and error are silenced while they live; launched by mpirun without MPI
// built in, the command refuses, rather than let N copies each run the
// whole study and write the same files.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "sim/plan/study.hpp"

namespace edasim::cli {

class Processes {
 public:
  // `command` names the command in messages; `threads` is each process's.
  Processes(const std::string& command, std::int32_t threads);
  ~Processes();
  Processes(const Processes&) = delete;
  Processes& operator=(const Processes&) = delete;

  // Why the command cannot run (launched by mpirun without MPI built in),
  // already printed (by rank 0 only); the command exits with exit_bad_input.
  bool refused() const { return refused_; }
  // Whether this process prints and writes the reports.
  bool writes_reports() const { return rank_ == 0; }
  // The workers for StudyOptions::workers (null: this process's threads).
  plan::Workers* workers() const { return workers_.get(); }

 private:
  std::unique_ptr<plan::Workers> workers_;
  int rank_ = 0;
  bool refused_ = false;
  std::streambuf* out_ = nullptr;
  std::streambuf* err_ = nullptr;
};

// "built in (Open MPI v4.1.4)" or "not built in".
std::string mpi_support();

}  // namespace edasim::cli
