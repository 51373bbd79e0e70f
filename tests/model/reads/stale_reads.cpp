// Read workloads (sim/model/reads): the fraction of queries that read a
// stale view agrees with the closed form P(lag > after) where the
// projection's lag is known, a write never projected makes a stale query
// counted apart, queries due after the run are not counted, and a workload
// changes nothing else in the run.
//
// The projection is an M/M/1 station (a producer straight into one queue,
// one long-polling consumer taking one message at a time, no API latency:
// exactly a FIFO queue, as tests/model/queueing_theory.cpp shows), whose
// sojourn time from production to the end of processing is exponential
// with rate theta = mu - lambda. With a constant `after` a, a query is
// stale with probability P(L > a) = exp(-theta a), and by memorylessness a
// stale query is behind by Exp(theta); with an exponential `after` of mean
// a it is stale with probability 1 / (1 + theta a).
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/metrics/estimate.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;

namespace {

constexpr double kLambda = 5.0;  // writes a second
constexpr double kMu = 10.0;     // projections a second

SystemConfig projection(std::uint64_t seed, double customers, Distribution after,
                        double share = 1.0) {
  SystemConfig s;
  s.name = "reads";
  s.seed = seed;
  s.duration = from_seconds(customers / kLambda);
  s.series_period = hours(1);
  ProducerConfig p;
  p.name = "writes";
  p.target_table = "queues";
  p.target = "q";
  p.arrival.rate = Rate{kLambda};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = "q";
  q.visibility_timeout = hours(12);
  q.retention = hours(24 * 14);
  s.queues.push_back(q);
  FleetConfig f;
  f.name = "projector";
  f.queue = "q";
  f.instances = 1;
  f.pollers_per_instance = 1;
  f.batch_size = 1;
  f.wait_time = seconds(20);
  f.processing = DurationDistribution(Distribution::exponential(1.0 / kMu));
  f.delete_in_batches = false;
  s.fleets.push_back(f);
  ReadConfig r;
  r.name = "orders";
  r.view_kind = "consumers";
  r.view = "projector";
  r.from = {"writes"};
  r.share = share;
  r.after = DurationDistribution(std::move(after));
  s.reads.push_back(r);
  return s;
}

// Runs `seeds` replications and returns the 95% interval of (simulated
// stale fraction - closed form at the arrival rate each replication saw).
template <class Theory>
Estimate stale_error(const Distribution& after, Theory theory,
                     std::vector<double>* behind = nullptr) {
  std::vector<double> error;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const SystemConfig config = projection(seed, 20'000, after);
    System system(config);
    system.run();
    const RunResult r = system.result();
    REQUIRE(r.reads.size() == 1);
    const ReadResult& q = r.reads[0];
    REQUIRE(q.queries > 15'000);
    CHECK(q.queries == q.fresh + q.stale);
    CHECK(q.never_projected < 10);  // only the last few writes of the run
    const double seen = static_cast<double>(r.events.produced) / config.duration.seconds();
    const double theta = kMu - seen;
    error.push_back(q.stale_fraction() - theory(theta));
    if (behind != nullptr) behind->push_back(q.behind.mean() * 1e-9 - 1.0 / theta);
  }
  return estimate(error);
}

}  // namespace

TEST_CASE("with a constant delay before the query, the stale fraction is P(lag > after)") {
  const double a = 0.2;
  std::vector<double> behind;
  const Estimate e = stale_error(
      Distribution::constant(a), [&](double theta) { return std::exp(-theta * a); }, &behind);
  INFO("theory " << std::exp(-(kMu - kLambda) * a) << ", simulated - theory " << e.mean << " +- "
                 << e.half_width);
  CHECK(e.contains(0.0));
  CHECK(e.half_width < 0.02);
  // A stale query is behind by the rest of an exponential lag: mean 1 / theta.
  const Estimate b = estimate(behind);
  INFO("behind: simulated - theory " << b.mean << " +- " << b.half_width << " s");
  CHECK(b.contains(0.0));
  CHECK(b.half_width < 0.02);
}

TEST_CASE("with an exponential delay before the query, the stale fraction is 1 / (1 + theta a)") {
  const double a = 0.2;
  const Estimate e = stale_error(Distribution::exponential(a),
                                 [&](double theta) { return 1.0 / (1.0 + theta * a); });
  INFO("theory " << 1.0 / (1.0 + (kMu - kLambda) * a) << ", simulated - theory " << e.mean << " +- "
                 << e.half_width);
  CHECK(e.contains(0.0));
  CHECK(e.half_width < 0.02);
}

TEST_CASE("a share of the writes is queried, and the run is otherwise unchanged") {
  SystemConfig with = projection(5, 10'000, Distribution::constant(0.2), 0.3);
  SystemConfig without = with;
  without.reads.clear();
  System a(with), b(without);
  a.run();
  b.run();
  const RunResult ra = a.result(), rb = b.result();
  const ReadResult& q = ra.reads.at(0);
  const double n = static_cast<double>(ra.events.produced);
  const double made = static_cast<double>(q.queries + q.after_end);
  // Binomial(n, 0.3) within 5 standard deviations.
  CHECK(std::abs(made - 0.3 * n) < 5 * std::sqrt(n * 0.3 * 0.7));
  CHECK(rb.reads.empty());
  CHECK(ra.events.produced == rb.events.produced);
  CHECK(ra.fleets.at(0).end_to_end.count() == rb.fleets.at(0).end_to_end.count());
  CHECK(ra.fleets.at(0).end_to_end.mean() == rb.fleets.at(0).end_to_end.mean());
  CHECK(ra.kernel_events == rb.kernel_events);
}

TEST_CASE("a write the view never processes makes a stale query counted as never projected") {
  SystemConfig s = projection(3, 2'000, Distribution::constant(0.2));
  s.fleets[0].failure_probability = 1.0;  // the projector fails every message
  s.queues[0].visibility_timeout = seconds(1);
  System system(s);
  system.run();
  const RunResult r = system.result();
  const ReadResult& q = r.reads.at(0);
  REQUIRE(q.queries > 1'000);
  CHECK(q.fresh == 0);
  CHECK(q.stale == q.queries);
  CHECK(q.never_projected == q.queries);
  CHECK(q.behind.empty());
  CHECK(q.stale_fraction() == 1.0);
}

TEST_CASE("queries due after the run's end are not counted") {
  SystemConfig s = projection(4, 1'000, Distribution::constant(0.0));
  s.reads[0].after = DurationDistribution(Distribution::constant(s.duration.seconds() + 1));
  System system(s);
  system.run();
  const RunResult r = system.result();
  const ReadResult& q = r.reads.at(0);
  CHECK(q.queries == 0);
  CHECK(q.after_end == r.events.produced);
  CHECK(q.stale_fraction() == 0.0);
}
