#include "tools/edasim/processes.hpp"

#include <cstdlib>
#include <iostream>
#include <string>

#ifdef EDASIM_MPI
#include "sim/plan/study_mpi.hpp"
#endif

namespace edasim::cli {

namespace {

// An integer from the environment, if set and a number.
std::optional<long> env_number(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return std::nullopt;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (*end != '\0') return std::nullopt;
  return value;
}

// The size and rank an MPI launcher gave this process: Open MPI's mpirun
// sets OMPI_COMM_WORLD_*, MPICH's and Slurm's PMI set PMI_*. Not launched:
// nullopt.
struct Launch {
  long size;
  long rank;
};
std::optional<Launch> launched() {
  if (const auto size = env_number("OMPI_COMM_WORLD_SIZE"))
    return Launch{*size, env_number("OMPI_COMM_WORLD_RANK").value_or(0)};
  if (const auto size = env_number("PMI_SIZE"))
    return Launch{*size, env_number("PMI_RANK").value_or(0)};
  // srun with PMIx names the rank; Slurm, the size.
  if (const auto rank = env_number("PMIX_RANK"))
    return Launch{env_number("SLURM_NTASKS").value_or(0), *rank};
  return std::nullopt;
}

}  // namespace

Processes::Processes(const std::string& command, std::int32_t threads) {
  const std::optional<Launch> launch = launched();
  if (!launch) return;
#ifdef EDASIM_MPI
  (void)command;
  auto workers = std::make_unique<plan::MpiWorkers>(threads);
  rank_ = workers->rank();
  workers_ = std::move(workers);
#else
  (void)threads;
  if (launch->size <= 1 && launch->rank == 0) return;
  refused_ = true;
  rank_ = static_cast<int>(launch->rank);
  if (rank_ == 0) {
    std::cerr << "edasim " << command
              << ": launched as one of several MPI processes, but this edasim is built without "
                 "MPI support: each process would run the whole study and write the same "
                 "reports. Rebuild with MPI (tools/setup.sh installs it; cmake finds it, or "
                 "-DEDASIM_MPI=ON), or run one process (docs/mpi.md).\n";
  }
  return;
#endif
  if (rank_ != 0) {
    out_ = std::cout.rdbuf(nullptr);
    err_ = std::cerr.rdbuf(nullptr);
  }
}

Processes::~Processes() {
  if (out_ != nullptr) {
    std::cout.clear();
    std::cout.rdbuf(out_);
  }
  if (err_ != nullptr) {
    std::cerr.clear();
    std::cerr.rdbuf(err_);
  }
}

std::string mpi_support() {
#ifdef EDASIM_MPI
  return "built in (" + plan::mpi_library_version() + ")";
#else
  return "not built in";
#endif
}

}  // namespace edasim::cli
