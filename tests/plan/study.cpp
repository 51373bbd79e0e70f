// Studies: replications, threads, common random numbers, warm-up and
// sequential stopping.
#include "sim/plan/study.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "sim/metrics/estimate.hpp"
#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;

#ifndef EDASIM_TEST_SCALE
#define EDASIM_TEST_SCALE 1.0
#endif

namespace {

// Poisson arrivals at `lambda` straight into one queue, `servers` consumers
// with exponential service of rate `mu`: M/M/c.
SystemConfig mmc(double lambda, double mu, int servers, Duration duration, std::uint64_t seed) {
  SystemConfig s;
  s.name = "mmc";
  s.seed = seed;
  s.duration = duration;
  ProducerConfig p;
  p.name = "arrivals";
  p.target_table = "queues";
  p.target = "work";
  p.arrival.rate = Rate{lambda};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = "work";
  q.visibility_timeout = hours(1);
  s.queues.push_back(q);
  FleetConfig f;
  f.name = "servers";
  f.queue = "work";
  f.instances = servers;
  f.batch_size = 1;
  f.processing = DurationDistribution(Distribution::exponential(1.0 / mu));
  s.fleets.push_back(f);
  return s;
}

plan::Measures mean_sojourn(const RunResult& r) {
  return {{"latency.mean", plan::Unit::seconds, r.end_to_end.mean() * 1e-9, true},
          {"events.processed", plan::Unit::count, static_cast<double>(r.events.processed), false}};
}

plan::StudyConfig study_of(std::vector<SystemConfig> systems, int replications) {
  plan::StudyConfig s;
  s.replications = replications;
  for (std::size_t i = 0; i < systems.size(); ++i) {
    plan::DesignConfig d;
    d.name = "d" + std::to_string(i);
    d.system = std::move(systems[i]);
    s.designs.push_back(std::move(d));
  }
  return s;
}

bool same(const plan::StudyResult& a, const plan::StudyResult& b) {
  if (a.designs.size() != b.designs.size() || a.seeds != b.seeds) return false;
  for (std::size_t d = 0; d < a.designs.size(); ++d) {
    const auto& x = a.designs[d].replications;
    const auto& y = b.designs[d].replications;
    if (x.size() != y.size()) return false;
    for (std::size_t r = 0; r < x.size(); ++r) {
      if (x[r].size() != y[r].size()) return false;
      for (std::size_t m = 0; m < x[r].size(); ++m) {
        if (x[r][m].name != y[r][m].name || x[r][m].value != y[r][m].value) return false;
      }
    }
  }
  return true;
}

}  // namespace

TEST_CASE("replication 0 keeps the scenario's seed and the others are distinct") {
  CHECK(plan::replication_seed(42, 0) == 42);
  CHECK(plan::replication_seed(42, 1) != 42);
  CHECK(plan::replication_seed(42, 1) != plan::replication_seed(42, 2));
  CHECK(plan::replication_seed(42, 1) != plan::replication_seed(43, 1));
}

TEST_CASE("a study's results do not depend on the number of threads", "[slow]") {
  const plan::StudyConfig study =
      study_of({mmc(8, 1, 10, minutes(10), 5), mmc(8, 1, 11, minutes(10), 5),
                mmc(8, 1.2, 10, minutes(10), 5)},
               5);
  plan::StudyOptions one, four;
  one.threads = 1;
  four.threads = 4;
  const auto a = plan::run_study(study, mean_sojourn, one);
  const auto b = plan::run_study(study, mean_sojourn, four);
  REQUIRE(a.designs.front().replications.size() == 5);
  CHECK(same(a, b));
}

TEST_CASE("designs of a study see the same workload even when one adds components") {
  SystemConfig plain = mmc(20, 1, 25, minutes(5), 9);
  SystemConfig bigger = mmc(20, 1, 30, minutes(5), 9);
  // A second producer, queue and fleet, declared before the shared ones.
  ProducerConfig audit = bigger.producers.front();
  audit.name = "audit";
  audit.target = "audit";
  bigger.producers.insert(bigger.producers.begin(), audit);
  QueueConfig q = bigger.queues.front();
  q.name = "audit";
  bigger.queues.insert(bigger.queues.begin(), q);
  FleetConfig f = bigger.fleets.front();
  f.name = "auditors";
  f.queue = "audit";
  bigger.fleets.insert(bigger.fleets.begin(), f);

  auto fingerprint = [](const SystemConfig& c, const std::string& producer) {
    System s(c);
    s.run();
    for (const ProducerResult& p : s.result().producers) {
      if (p.name == producer) return std::pair(p.produced, p.fingerprint);
    }
    return std::pair<std::uint64_t, std::uint64_t>(0, 0);
  };
  const auto a = fingerprint(plain, "arrivals");
  const auto b = fingerprint(bigger, "arrivals");
  CHECK(a.first > 5000);
  CHECK(a == b);
  // And the fingerprint does see a different workload.
  SystemConfig faster = plain;
  faster.producers.front().arrival.rate = Rate{21};
  CHECK(fingerprint(faster, "arrivals") != a);
}

TEST_CASE("the interval covers the true mean of an M/M/1 queue in about 95% of studies", "[slow]") {
  // W = 1 / (mu - lambda) = 2 s at lambda 0.5/s, mu 1/s.
  const double truth = 2.0;
  const int studies = std::max(20, static_cast<int>(std::lround(200 * EDASIM_TEST_SCALE)));
  int covered = 0;
  for (int k = 0; k < studies; ++k) {
    plan::StudyConfig study = study_of({mmc(0.5, 1.0, 1, seconds(4200), 1000 + k)}, 5);
    study.warmup = seconds(200);
    const auto result = plan::run_study(study, mean_sojourn);
    std::vector<double> means;
    for (const auto& m : result.designs.front().replications) means.push_back(m.front().value);
    if (estimate(means, 0.95).contains(truth)) ++covered;
  }
  // Binomial(studies, 0.95): more than 3.3 standard deviations below 95%,
  // or every single study covering, would mean intervals of the wrong width.
  const double expected = 0.95 * studies;
  const double sd = std::sqrt(studies * 0.95 * 0.05);
  INFO(covered << " of " << studies << " intervals cover " << truth);
  CHECK(covered >= expected - 3.3 * sd);
  if (studies >= 100) CHECK(covered < studies);
}

TEST_CASE("a warm-up leaves its period out of the latencies") {
  SystemConfig c = mmc(1, 4, 1, seconds(100), 3);
  c.producers.front().arrival.process = ArrivalConfig::Process::constant;
  c.fleets.front().processing = DurationDistribution(Distribution::constant(0.25));
  System whole(c);
  whole.run();
  System warmed(c);
  warmed.warm_up(Time::zero() + seconds(50));
  warmed.run();
  const RunResult a = whole.result();
  const RunResult b = warmed.result();
  CHECK(a.warmup == Duration::zero());
  CHECK(b.warmup == seconds(50));
  CHECK(a.events.processed == b.events.processed);
  // Arrivals every second from t = 1 s, each served in 250 ms: the ones
  // finishing after 50 s are those produced at 50 s or later.
  CHECK(a.end_to_end.count() == a.events.processed);
  CHECK(b.end_to_end.count() == a.events.processed - 49);
}

TEST_CASE("MSER-5 cuts an initial transient and nothing from a stationary series") {
  std::vector<double> series;
  for (int i = 0; i < 20; ++i) series.push_back(50.0 - 2.0 * i);
  for (int i = 0; i < 180; ++i) series.push_back(i % 2 == 0 ? 10.0 : 11.0);
  const std::size_t cut = plan::mser5_truncation(series);
  CHECK(cut >= 15);
  CHECK(cut <= 25);
  CHECK(cut % 5 == 0);

  std::vector<double> flat;
  for (int i = 0; i < 200; ++i) flat.push_back(i % 2 == 0 ? 10.0 : 11.0);
  CHECK(plan::mser5_truncation(flat) == 0);
  CHECK(plan::mser5_truncation({1, 2, 3}) == 0);
}

TEST_CASE("sequential stopping adds replications until the interval is narrow enough", "[slow]") {
  plan::StudyConfig study = study_of({mmc(8, 1, 10, minutes(20), 11)}, 3);
  study.stopping = plan::StoppingRule{"latency.mean", 0.02, 4, 60, ""};
  plan::StudyOptions options;
  options.threads = 2;
  const auto result = plan::run_study(study, mean_sojourn, options);
  const std::size_t n = result.designs.front().replications.size();
  CHECK(n > 3);
  CHECK((n - 3) % 4 == 0);
  CHECK(result.seeds.size() == n);
  std::vector<double> means;
  for (const auto& m : result.designs.front().replications) means.push_back(m.front().value);
  const Estimate e = estimate(means);
  if (result.precision_reached) {
    CHECK(e.half_width <= 0.02 * e.mean);
    // Not one step later than needed.
    means.resize(n - 4);
    const Estimate before = estimate(means);
    CHECK(before.half_width > 0.02 * before.mean);
  } else {
    CHECK(n == 60);
  }
  options.threads = 1;
  CHECK(same(result, plan::run_study(study, mean_sojourn, options)));
}

namespace {

// A quantile-like measure: the same value in every replication (as when
// their quantiles fall in one histogram bucket), with that bucket's width as
// its resolution.
plan::Measurer one_bucket(double value, double resolution) {
  return [value, resolution](const RunResult&) {
    return plan::Measures{{"latency.p99", plan::Unit::seconds, value, true, resolution}};
  };
}

}  // namespace

TEST_CASE("sequential stopping never takes replications in one bucket for an exact figure") {
  // Asking for ±0.5 % of a figure read from buckets 1/64 of it wide: the
  // three replications agree to the last digit, which is no precision.
  plan::StudyConfig study = study_of({mmc(2, 1, 4, minutes(1), 3)}, 3);
  study.stopping = plan::StoppingRule{"latency.p99", 0.005, 2, 40, ""};
  const auto result = plan::run_study(study, one_bucket(1.0, 1.0 / 64));
  CHECK_FALSE(result.precision_reached);
  // More replications cannot narrow it: the study stops and says why.
  CHECK(result.precision_below_resolution);
  CHECK(result.finest_relative_half_width == Approx(1.0 / 64));
  CHECK(result.designs.front().replications.size() == 3);
}

TEST_CASE("sequential stopping accepts replications in one bucket when the bucket is fine enough") {
  // ±5 % asked of a figure whose bucket is 1/64 of it: the floored interval
  // (±1.6 %) is narrow enough.
  plan::StudyConfig study = study_of({mmc(2, 1, 4, minutes(1), 3)}, 3);
  study.stopping = plan::StoppingRule{"latency.p99", 0.05, 2, 40, ""};
  const auto result = plan::run_study(study, one_bucket(1.0, 1.0 / 64));
  CHECK(result.precision_reached);
  CHECK_FALSE(result.precision_below_resolution);
  CHECK(result.designs.front().replications.size() == 3);
}

namespace {

// Workers that run a round's jobs one at a time, last first, as processes
// finishing out of order would, and note what each round asked of them.
class LastFirstWorkers final : public plan::Workers {
 public:
  std::vector<plan::Measures> run(std::size_t jobs, std::size_t kept,
                                  const std::function<plan::Measures(std::size_t)>& work,
                                  const std::function<void(std::size_t)>& finished) override {
    rounds.push_back({jobs, kept});
    std::vector<plan::Measures> figures(jobs);
    for (std::size_t i = jobs; i-- > 0;) figures[i] = work(i);
    finished(jobs);
    return figures;
  }
  std::vector<std::pair<std::size_t, std::size_t>> rounds;  // (jobs, kept)
};

}  // namespace

TEST_CASE("a study takes the same decisions whichever workers run its rounds in whatever order") {
  plan::StudyConfig study =
      study_of({mmc(8.5, 1, 8, minutes(3), 21), mmc(8.5, 1, 10, minutes(3), 21)}, 3);
  // The first design is overloaded: its backlog grows from the start, a
  // transient MSER-5 cuts (given a series fine enough to see it).
  for (plan::DesignConfig& d : study.designs) d.system.series_period = seconds(1);
  study.automatic_warmup = true;
  study.stopping = plan::StoppingRule{"latency.mean", 0.001, 2, 7, ""};
  plan::StudyOptions threads;
  threads.threads = 2;
  const auto expected = plan::run_study(study, mean_sojourn, threads);

  LastFirstWorkers workers;
  plan::StudyOptions options;
  options.workers = &workers;
  std::int64_t done = 0, planned = 0;
  options.progress = [&](std::int64_t d, std::int64_t p) {
    done = d;
    planned = p;
  };
  const auto result = plan::run_study(study, mean_sojourn, options);
  CHECK(same(expected, result));
  CHECK(result.warmup == expected.warmup);
  CHECK(result.warmup > Duration::zero());
  // The pilots keep nothing; the first round keeps replication 0 of each
  // design (its first jobs); the stopping rule's rounds keep nothing.
  REQUIRE(workers.rounds.size() >= 3);
  CHECK(workers.rounds[0] == std::pair<std::size_t, std::size_t>{2, 0});
  CHECK(workers.rounds[1] == std::pair<std::size_t, std::size_t>{6, 2});
  CHECK(workers.rounds[2] == std::pair<std::size_t, std::size_t>{4, 0});
  // Replication 0's whole run was kept, as with threads.
  for (std::size_t d = 0; d < result.designs.size(); ++d) {
    CHECK(result.designs[d].first.events.processed == expected.designs[d].first.events.processed);
    CHECK(result.designs[d].first.events.processed > 0);
  }
  CHECK(done == planned);
  CHECK(done == 2 + 2 * static_cast<std::int64_t>(result.seeds.size()));
}
