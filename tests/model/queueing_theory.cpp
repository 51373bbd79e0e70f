// The simulated queue agrees with queueing theory where a closed form exists:
// M/M/1, M/M/c (Erlang C) and M/D/1 (Pollaczek-Khinchine), at utilisation
// 0.5 and 0.9.
//
// Each case runs several independent seeds. A replication's mean wait
// depends strongly on how many customers its arrival stream happened to
// bring (at utilisation 0.9, 1% more arrivals means about 10% more waiting),
// so each replication is compared with the closed form at the arrival rate
// it actually saw: the test asserts that the 95% confidence interval of
// (simulated - closed form) contains zero. Removing that noise makes the
// interval narrower, so the test is stricter than comparing raw means.
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <vector>

#include "sim/analytic/queueing.hpp"
#include "sim/metrics/estimate.hpp"
#include "sim/model/system.hpp"

#ifndef EDASIM_TEST_SCALE
#define EDASIM_TEST_SCALE 1.0
#endif

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;

namespace {

// A producer sending straight to one queue, one message per call, and c
// long-polling consumers taking one message at a time: with no API latency
// this is exactly a c-server FIFO queue.
SystemConfig station(double lambda, Distribution service, int servers, double customers,
                     std::uint64_t seed) {
  SystemConfig s;
  s.name = "station";
  s.seed = seed;
  s.duration = from_seconds(customers / lambda);
  s.series_period = hours(1);

  ProducerConfig p;
  p.name = "arrivals";
  p.target_table = "queues";
  p.target = "q";
  p.arrival.rate = Rate{lambda};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);

  QueueConfig q;
  q.name = "q";
  q.visibility_timeout = hours(12);
  q.retention = hours(24 * 14);
  s.queues.push_back(q);

  FleetConfig f;
  f.name = "servers";
  f.queue = "q";
  f.instances = servers;
  f.pollers_per_instance = 1;
  f.batch_size = 1;
  f.wait_time = seconds(20);
  f.processing = DurationDistribution(std::move(service));
  f.delete_in_batches = false;
  s.fleets.push_back(f);
  return s;
}

using Theory = std::function<analytic::QueueMetrics(double arrival_rate)>;

void check(double lambda, const Distribution& service, int servers, const Theory& theory) {
  const double customers = 200'000 * EDASIM_TEST_SCALE;
  std::vector<double> wait_error, sojourn_error;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const SystemConfig config = station(lambda, service, servers, customers, seed);
    System system(config);
    system.run();
    const RunResult r = system.result();
    REQUIRE(r.events.balanced());
    const double seen_rate = static_cast<double>(r.events.produced) / config.duration.seconds();
    const analytic::QueueMetrics expected = theory(seen_rate);
    wait_error.push_back(r.fleets.at(0).queue_wait.mean() * 1e-9 - expected.mean_wait);
    sojourn_error.push_back(r.fleets.at(0).end_to_end.mean() * 1e-9 - expected.mean_sojourn);
  }
  const Estimate wait = estimate(wait_error), sojourn = estimate(sojourn_error);
  const analytic::QueueMetrics nominal = theory(lambda);
  INFO("Wq: theory " << nominal.mean_wait << ", simulated - theory " << wait.mean << " +- "
                     << wait.half_width);
  CHECK(wait.contains(0.0));
  INFO("W: theory " << nominal.mean_sojourn << ", simulated - theory " << sojourn.mean << " +- "
                    << sojourn.half_width);
  CHECK(sojourn.contains(0.0));
  // The interval is informative: narrower than 5% of the quantity measured
  // at full size (an interval's width goes as 1 / sqrt(customers)).
  CHECK(wait.half_width < 0.05 / std::sqrt(EDASIM_TEST_SCALE) * nominal.mean_wait);
}

}  // namespace

TEST_CASE("an M/M/1 queue at utilisation 0.5 waits as theory says", "[slow]") {
  check(5, Distribution::exponential(0.1), 1, [](double l) { return analytic::mm1(l, 10); });
}

TEST_CASE("an M/M/1 queue at utilisation 0.9 waits as theory says", "[slow]") {
  check(9, Distribution::exponential(0.1), 1, [](double l) { return analytic::mm1(l, 10); });
}

TEST_CASE("an M/M/c queue at utilisation 0.5 waits as Erlang C says", "[slow]") {
  check(20, Distribution::exponential(0.1), 4, [](double l) { return analytic::mmc(l, 10, 4); });
}

TEST_CASE("an M/M/c queue at utilisation 0.9 waits as Erlang C says", "[slow]") {
  check(36, Distribution::exponential(0.1), 4, [](double l) { return analytic::mmc(l, 10, 4); });
}

TEST_CASE("an M/D/1 queue at utilisation 0.5 waits as Pollaczek-Khinchine says", "[slow]") {
  check(5, Distribution::constant(0.1), 1, [](double l) { return analytic::md1(l, 0.1); });
}

TEST_CASE("an M/D/1 queue at utilisation 0.9 waits as Pollaczek-Khinchine says", "[slow]") {
  check(9, Distribution::constant(0.1), 1, [](double l) { return analytic::md1(l, 0.1); });
}
