#include "sim/plan/study.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

#include "sim/metrics/estimate.hpp"
#include "sim/model/system.hpp"

namespace edasim::plan {

namespace {

struct Job {
  std::size_t design;
  std::int32_t replication;
};

RunResult simulate(SystemConfig config, std::uint64_t seed, Duration warmup) {
  config.seed = seed;
  System system(config);
  if (warmup > Duration::zero()) system.warm_up(Time::zero() + warmup);
  system.run();
  return system.result();
}

// Runs `jobs` on `threads` threads; `done(job, result)` is called with each
// result, under a lock.
void run_jobs(const std::vector<Job>& jobs, std::int32_t threads,
              const std::function<RunResult(const Job&)>& work,
              const std::function<void(const Job&, RunResult&&)>& done) {
  std::atomic<std::size_t> next{0};
  std::mutex lock;
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      RunResult r = work(jobs[i]);
      const std::scoped_lock hold(lock);
      done(jobs[i], std::move(r));
    }
  };
  const auto n = static_cast<std::size_t>(std::max(1, threads));
  std::vector<std::jthread> pool;
  for (std::size_t t = 1; t < std::min(n, jobs.size()); ++t) pool.emplace_back(worker);
  worker();
}

const Measure* find(const Measures& measures, const std::string& name) {
  for (const Measure& m : measures) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

// How the stopping measure's intervals stand against the rule: reached when
// every design's is narrow enough; below_resolution when the rule asks for
// less than some design's resolution, which more replications cannot give.
struct Precision {
  bool reached = true;
  bool below_resolution = false;
  double finest_relative = 0;
};

Precision precision(const StudyResult& result, const StoppingRule& rule, double confidence) {
  Precision p;
  for (const DesignRuns& d : result.designs) {
    std::vector<double> xs;
    double resolution = 0;
    for (const Measures& m : d.replications) {
      const Measure* x = find(m, rule.measure);
      if (x == nullptr || !std::isfinite(x->value)) continue;
      xs.push_back(x->value);
      resolution = std::max(resolution, x->resolution);
    }
    if (xs.size() < 2) {
      p.reached = false;
      continue;
    }
    // The floor the comparison puts under the interval it shows: replications
    // whose quantiles share a histogram bucket agree to the last digit
    // whatever the truth, and must not read as a "± 0" that stops the study.
    const Estimate e = at_least(estimate(xs, confidence), resolution);
    const double wanted = rule.relative_half_width * std::abs(e.mean);
    if (resolution > 0 && e.mean != 0) {
      p.finest_relative = std::max(p.finest_relative, resolution / std::abs(e.mean));
    }
    if (resolution > wanted) p.below_resolution = true;
    if (!(e.half_width <= wanted)) p.reached = false;
  }
  return p;
}

}  // namespace

std::size_t mser5_truncation(const std::vector<double>& series) {
  constexpr std::size_t batch = 5;
  std::vector<double> z;
  for (std::size_t i = 0; i + batch <= series.size(); i += batch) {
    double sum = 0;
    for (std::size_t k = 0; k < batch; ++k) sum += series[i + k];
    z.push_back(sum / batch);
  }
  if (z.size() < 2) return 0;
  std::size_t best = 0;
  double best_value = std::numeric_limits<double>::infinity();
  for (std::size_t d = 0; d <= z.size() / 2; ++d) {
    const auto kept = static_cast<double>(z.size() - d);
    double mean = 0;
    for (std::size_t i = d; i < z.size(); ++i) mean += z[i];
    mean /= kept;
    double squares = 0;
    for (std::size_t i = d; i < z.size(); ++i) squares += (z[i] - mean) * (z[i] - mean);
    const double value = squares / (kept * kept);
    // Strictly smaller: among equal statistics the shortest warm-up wins.
    if (value < best_value) {
      best_value = value;
      best = d;
    }
  }
  return best * batch;
}

Duration mser5_warmup(const RunResult& pilot) {
  const TimeSeries& s = pilot.series;
  std::vector<std::size_t> backlog_columns;
  for (std::size_t c = 0; c < s.column_count(); ++c) {
    const std::string& name = s.columns()[c];
    const auto ends_with = [&name](std::string_view suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with(".visible") || ends_with(".in_flight")) backlog_columns.push_back(c);
  }
  std::vector<double> backlog;
  for (std::size_t r = 0; r < s.row_count(); ++r) {
    double sum = 0;
    for (std::size_t c : backlog_columns) sum += s.at(r, c);
    backlog.push_back(sum);
  }
  const std::size_t dropped = mser5_truncation(backlog);
  if (dropped == 0) return Duration::zero();
  return s.times()[dropped - 1] - Time::zero();
}

StudyResult run_study(const StudyConfig& study, const Measurer& measure,
                      const StudyOptions& options) {
  StudyResult result;
  result.name = study.name;
  result.question = study.question;
  result.warmup = study.warmup;
  result.automatic_warmup = study.automatic_warmup;
  for (const DesignConfig& d : study.designs) {
    DesignRuns runs;
    runs.name = d.name;
    runs.description = d.description;
    runs.swept = d.swept;
    result.designs.push_back(std::move(runs));
  }
  if (study.designs.empty()) return result;
  const std::uint64_t base_seed = study.designs.front().system.seed;

  std::int64_t planned = 0, finished = 0;
  auto round = [&](std::int32_t from, std::int32_t to, Duration warmup, bool keep) {
    std::vector<Job> jobs;
    for (std::int32_t r = from; r < to; ++r) {
      for (std::size_t d = 0; d < study.designs.size(); ++d) jobs.push_back({d, r});
    }
    planned += static_cast<std::int64_t>(jobs.size());
    std::vector<RunResult> pilots(keep ? 0 : study.designs.size());
    run_jobs(
        jobs, options.threads,
        [&](const Job& j) {
          return simulate(study.designs[j.design].system,
                          replication_seed(base_seed, j.replication), warmup);
        },
        [&](const Job& j, RunResult&& r) {
          if (keep) {
            DesignRuns& runs = result.designs[j.design];
            if (runs.replications.size() <= static_cast<std::size_t>(j.replication))
              runs.replications.resize(static_cast<std::size_t>(j.replication) + 1);
            runs.replications[static_cast<std::size_t>(j.replication)] = measure(r);
            if (j.replication == 0) runs.first = std::move(r);
          } else {
            pilots[j.design] = std::move(r);
          }
          ++finished;
          if (options.progress) options.progress(finished, planned);
        });
    return pilots;
  };

  if (study.automatic_warmup) {
    // Pilot runs, one per design; every design then uses the longest
    // warm-up any of them needs, so all are measured over the same period.
    Duration warmup = Duration::zero();
    for (const RunResult& pilot : round(0, 1, Duration::zero(), false)) {
      warmup = std::max(warmup, mser5_warmup(pilot));
    }
    result.warmup = warmup;
  }

  std::int32_t done = std::max(study.replications, 1);
  round(0, done, result.warmup, true);
  if (study.stopping) {
    const StoppingRule& rule = *study.stopping;
    Precision p = precision(result, rule, study.confidence);
    while (!p.reached && !p.below_resolution && done < rule.max_replications) {
      const std::int32_t next = std::min(done + rule.step, rule.max_replications);
      round(done, next, result.warmup, true);
      done = next;
      p = precision(result, rule, study.confidence);
    }
    result.precision_reached = p.reached;
    result.precision_below_resolution = p.below_resolution;
    result.finest_relative_half_width = p.finest_relative;
  }
  for (std::int32_t r = 0; r < done; ++r) result.seeds.push_back(replication_seed(base_seed, r));
  return result;
}

}  // namespace edasim::plan
