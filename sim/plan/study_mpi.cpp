#include "sim/plan/study_mpi.hpp"

#include <mpi.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/plan/study_shares.hpp"

namespace edasim::plan {

namespace {

// Figures travel as bytes, every field copied whole (a double's bits, not
// its decimal form), so a gathered figure is the very value computed.
template <typename T>
void put(std::vector<char>& out, const T& value) {
  const auto* bytes = reinterpret_cast<const char*>(&value);
  out.insert(out.end(), bytes, bytes + sizeof(T));
}

template <typename T>
T take(const std::vector<char>& in, std::size_t& at) {
  if (at + sizeof(T) > in.size()) throw std::runtime_error("MPI: truncated figures");
  T value;
  std::memcpy(&value, in.data() + at, sizeof(T));
  at += sizeof(T);
  return value;
}

void put_figures(std::vector<char>& out, const Measures& figures) {
  put(out, static_cast<std::uint64_t>(figures.size()));
  for (const Measure& m : figures) {
    put(out, static_cast<std::uint64_t>(m.name.size()));
    out.insert(out.end(), m.name.begin(), m.name.end());
    put(out, static_cast<std::int32_t>(m.unit));
    put(out, m.value);
    put(out, static_cast<std::uint8_t>(m.lower_is_better ? 1 : 0));
    put(out, m.resolution);
  }
}

Measures take_figures(const std::vector<char>& in, std::size_t& at) {
  Measures figures(take<std::uint64_t>(in, at));
  for (Measure& m : figures) {
    const auto length = take<std::uint64_t>(in, at);
    if (at + length > in.size()) throw std::runtime_error("MPI: truncated figures");
    m.name.assign(in.data() + at, length);
    at += length;
    m.unit = static_cast<Unit>(take<std::int32_t>(in, at));
    m.value = take<double>(in, at);
    m.lower_is_better = take<std::uint8_t>(in, at) != 0;
    m.resolution = take<double>(in, at);
  }
  return figures;
}

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

}  // namespace

MpiWorkers::MpiWorkers(std::int32_t threads) : threads_(threads) {
  int initialised = 0;
  check(MPI_Initialized(&initialised), "MPI_Initialized");
  if (initialised == 0) {
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    initialised_here_ = true;
  }
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
}

MpiWorkers::~MpiWorkers() {
  if (!initialised_here_) return;
  // Left by an exception, this process will not reach the next collective
  // call the others wait in: end the whole job rather than leave it hanging.
  if (std::uncaught_exceptions() > 0) {
    std::fprintf(stderr, "edasim: rank %d stopped on an error; aborting the MPI job\n", rank_);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Finalize();
}

std::vector<Measures> MpiWorkers::run(std::size_t jobs, std::size_t kept,
                                      const std::function<Measures(std::size_t)>& work,
                                      const std::function<void(std::size_t)>& finished) {
  const std::vector<std::size_t> bounds = share_bounds(jobs, kept, static_cast<std::size_t>(size_));
  const std::size_t first = bounds[static_cast<std::size_t>(rank_)];
  const std::size_t last = bounds[static_cast<std::size_t>(rank_) + 1];

  // This process's share, on its threads.
  ThreadWorkers threads(threads_);
  const std::vector<Measures> mine = threads.run(
      last - first, 0, [&](std::size_t i) { return work(first + i); }, finished);
  std::vector<char> sent;
  for (const Measures& figures : mine) put_figures(sent, figures);

  // Every process's bytes to every process, in process order: job order.
  const auto size = static_cast<std::size_t>(size_);
  std::vector<int> counts(size), displacements(size);
  // MPI counts bytes in an int: a round's figures are a few kilobytes a job.
  if (sent.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::runtime_error("MPI: a round's figures exceed 2 GiB; run fewer jobs a round");
  const int count = static_cast<int>(sent.size());
  check(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD),
        "MPI_Allgather");
  std::size_t total = 0;
  for (std::size_t p = 0; p < size; ++p) {
    displacements[p] = static_cast<int>(total);
    total += static_cast<std::size_t>(counts[p]);
    if (total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw std::runtime_error("MPI: a round's figures exceed 2 GiB; run fewer jobs a round");
  }
  std::vector<char> received(total);
  check(MPI_Allgatherv(sent.data(), count, MPI_BYTE, received.data(), counts.data(),
                       displacements.data(), MPI_BYTE, MPI_COMM_WORLD),
        "MPI_Allgatherv");

  std::vector<Measures> figures;
  figures.reserve(jobs);
  std::size_t at = 0;
  while (figures.size() < jobs) figures.push_back(take_figures(received, at));
  // The others' jobs are done too.
  finished(jobs - (last - first));
  return figures;
}

std::string mpi_library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string version(text, static_cast<std::size_t>(length));
  // Open MPI's line runs on with a repository tag and date after a comma.
  if (const auto comma = version.find(','); comma != std::string::npos) version.resize(comma);
  while (!version.empty() && (version.back() == '\n' || version.back() == '\0')) version.pop_back();
  return version;
}

}  // namespace edasim::plan
