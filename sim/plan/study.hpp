// Running a study: every design of a StudyConfig, replicated with
// independent seeds, on a pool of threads.
//
// Promises:
// - Replication r of every design runs with replication_seed(seed, r), so
//   designs are compared on common random numbers, and replications are
//   independent of one another.
// - The result does not depend on the number of threads or processes: jobs
//   are independent simulations whose results land in fixed slots, and
//   every decision (warm-up, when to stop) is taken on complete rounds.
// - Who runs a round is a seam (Workers): threads in this process by
//   default; sim/plan/study_mpi.hpp spreads rounds over MPI processes.
// - Only figures are kept per replication (the Measures a Measurer takes
//   from each run); the full RunResult is kept for replication 0 of each
//   design, for its own report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/model/run_result.hpp"
#include "sim/plan/measure.hpp"
#include "sim/plan/study_config.hpp"

namespace edasim::plan {

using Measurer = std::function<Measures(const model::RunResult&)>;

struct DesignRuns {
  std::string name;
  std::string description;
  std::vector<SweptValue> swept;       // DesignConfig's
  std::string swept_from;              // DesignConfig's
  std::vector<Measures> replications;  // by replication
  model::RunResult first;              // replication 0, whole
};

struct StudyResult {
  std::string name;
  std::string question;
  std::vector<std::uint64_t> seeds;  // by replication
  Duration warmup;
  bool automatic_warmup = false;
  // With a stopping rule: whether its precision was reached (false when it
  // stopped at max_replications).
  bool precision_reached = false;
  // With a stopping rule: whether the precision asked for is finer than the
  // stopping measure's resolution (a latency quantile is read from a
  // histogram bucket) in some design. No number of replications can narrow
  // an interval below that, so the study stopped there, not at
  // max_replications.
  bool precision_below_resolution = false;
  // The finest relative half width the resolution allows: the bucket width
  // over the mean, in the design where that is largest (0 for an exact
  // measure).
  double finest_relative_half_width = 0;
  std::vector<DesignRuns> designs;  // the baseline first
};

// Runs the jobs of one round of a study (one simulation each) and hands back
// every job's figures.
//
// Promises of every implementation:
// - run returns the figures by job index, whoever ran the job, and the same
//   figures in every process taking part, so every process takes the same
//   decisions and they stay in step.
// - The first `kept` jobs (replication 0 of each design, whose whole
//   RunResult `work` keeps for the reports) run in the process that writes
//   the reports.
// - `finished(n)` says n more jobs are done, one call at a time; the counts
//   add up to the round's jobs.
class Workers {
 public:
  virtual ~Workers() = default;
  virtual std::vector<Measures> run(std::size_t jobs, std::size_t kept,
                                    const std::function<Measures(std::size_t job)>& work,
                                    const std::function<void(std::size_t)>& finished) = 0;
};

// Workers that are this process's threads: jobs are taken in order by
// whichever thread is free.
class ThreadWorkers final : public Workers {
 public:
  explicit ThreadWorkers(std::int32_t threads) : threads_(threads) {}
  std::vector<Measures> run(std::size_t jobs, std::size_t kept,
                            const std::function<Measures(std::size_t job)>& work,
                            const std::function<void(std::size_t)>& finished) override;

 private:
  std::int32_t threads_;
};

struct StudyOptions {
  std::int32_t threads = 1;
  // Who runs the rounds; null: ThreadWorkers(threads). Not owned.
  Workers* workers = nullptr;
  // Called as runs finish with (runs done, runs planned so far), from
  // whichever thread finished them, one call at a time.
  std::function<void(std::int64_t, std::int64_t)> progress;
};

StudyResult run_study(const StudyConfig& study, const Measurer& measure,
                      const StudyOptions& options = {});

// The warm-up MSER-5 finds in a run's in-system backlog (every queue's
// visible and in-flight messages, summed per series period): the truncation
// point, in whole batches of five periods, that minimises the variance of
// the mean of what is left; never more than half the run.
Duration mser5_warmup(const model::RunResult& pilot);

// MSER-5 on a plain series of observations: the number of leading
// observations to drop (a multiple of 5, at most half of them).
std::size_t mser5_truncation(const std::vector<double>& series);

}  // namespace edasim::plan
