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

model::RunResult simulate(model::SystemConfig config, std::uint64_t seed, Duration warmup) {
  config.seed = seed;
  model::System system(config);
  if (warmup > Duration::zero()) system.warm_up(Time::zero() + warmup);
  system.run();
  return system.hand_over();
}

// A pilot's warm-up travels as figures like any job's: its nanoseconds in
// two exact halves, since a double holds only 53 bits of an int64.
Measures warmup_figures(Duration warmup) {
  const auto ns = static_cast<std::uint64_t>(warmup.ns);
  return {{"warmup.ns.high", Unit::number, static_cast<double>(ns >> 32U)},
          {"warmup.ns.low", Unit::number, static_cast<double>(ns & 0xffffffffU)}};
}

Duration warmup_of(const Measures& figures) {
  const auto high = static_cast<std::uint64_t>(figures.at(0).value);
  const auto low = static_cast<std::uint64_t>(figures.at(1).value);
  return {static_cast<std::int64_t>((high << 32U) | low)};
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
    const metrics::Estimate e = metrics::at_least(metrics::estimate(xs, confidence), resolution);
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

std::vector<Measures> ThreadWorkers::run(std::size_t jobs, std::size_t /*kept*/,
                                         const std::function<Measures(std::size_t)>& work,
                                         const std::function<void(std::size_t)>& finished) {
  std::vector<Measures> figures(jobs);
  std::atomic<std::size_t> next{0};
  std::mutex lock;
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs; i = next++) {
      figures[i] = work(i);
      const std::scoped_lock hold(lock);
      finished(1);
    }
  };
  const auto n = static_cast<std::size_t>(std::max(1, threads_));
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < std::min(n, jobs); ++t) pool.emplace_back(worker);
    worker();
  }
  return figures;
}

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

Duration mser5_warmup(const model::RunResult& pilot) {
  const metrics::TimeSeries& s = pilot.series;
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
    runs.swept_from = d.swept_from;
    result.designs.push_back(std::move(runs));
  }
  if (study.designs.empty()) return result;
  const std::uint64_t base_seed = study.designs.front().system.seed;

  ThreadWorkers threads(options.threads);
  Workers& workers = options.workers != nullptr ? *options.workers : threads;
  std::int64_t planned = 0, finished = 0;
  const auto progress = [&](std::size_t n) {
    finished += static_cast<std::int64_t>(n);
    if (options.progress) options.progress(finished, planned);
  };
  // A Measurer is called one run at a time, as it always was: it need not
  // be thread-safe.
  std::mutex measuring;
  // Replications [from, to) of every design, measured, into their slots.
  // Replication 0 keeps its whole run: those are the round's first jobs, so
  // the workers can run them where the reports are written.
  auto round = [&](std::int32_t from, std::int32_t to) {
    std::vector<Job> jobs;
    for (std::int32_t r = from; r < to; ++r) {
      for (std::size_t d = 0; d < study.designs.size(); ++d) jobs.push_back({d, r});
    }
    planned += static_cast<std::int64_t>(jobs.size());
    const std::size_t kept = from == 0 ? study.designs.size() : 0;
    const std::vector<Measures> figures = workers.run(
        jobs.size(), kept,
        [&](std::size_t i) {
          const Job& j = jobs[i];
          model::RunResult r = simulate(study.designs[j.design].system,
                                        replication_seed(base_seed, j.replication), result.warmup);
          Measures m;
          {
            const std::scoped_lock hold(measuring);
            m = measure(r);
          }
          // Each design's slot is its own, so threads never share one.
          if (j.replication == 0) result.designs[j.design].first = std::move(r);
          return m;
        },
        progress);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      DesignRuns& runs = result.designs[jobs[i].design];
      const auto r = static_cast<std::size_t>(jobs[i].replication);
      if (runs.replications.size() <= r) runs.replications.resize(r + 1);
      runs.replications[r] = figures[i];
    }
  };

  if (study.automatic_warmup) {
    // Pilot runs, one per design; every design then uses the longest
    // warm-up any of them needs, so all are measured over the same period.
    const std::size_t designs = study.designs.size();
    planned += static_cast<std::int64_t>(designs);
    const std::vector<Measures> pilots = workers.run(
        designs, 0,
        [&](std::size_t d) {
          return warmup_figures(mser5_warmup(
              simulate(study.designs[d].system, replication_seed(base_seed, 0), Duration::zero())));
        },
        progress);
    Duration warmup = Duration::zero();
    for (const Measures& pilot : pilots) warmup = std::max(warmup, warmup_of(pilot));
    result.warmup = warmup;
  }

  std::int32_t done = std::max(study.replications, 1);
  round(0, done);
  if (study.stopping) {
    const StoppingRule& rule = *study.stopping;
    Precision p = precision(result, rule, study.confidence);
    while (!p.reached && !p.below_resolution && done < rule.max_replications) {
      const std::int32_t next = std::min(done + rule.step, rule.max_replications);
      round(done, next);
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
