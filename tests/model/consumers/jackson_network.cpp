// Networks of queues built from emitting consumers agree with Jackson's
// theorem (sim/analytic/jackson.hpp): a tandem of two stations, and the same
// tandem with feedback from the second station to the first.
//
// Each station is "plain" as the M/M/c tests configure it: Poisson arrivals,
// one long-polling poller taking one message per receive, no SQS latency,
// exponential service, deletes one by one. A station's sojourn is its
// fleet's stage latency (from the message's own event's production, which
// is when it entered the station's queue); the network's end-to-end sojourn
// is the flow's latency (from the root's production to the processing that
// emits nothing, where the event leaves the network).
//
// As in tests/model/queueing_theory.cpp, each replication is compared with
// the closed form at the external arrival rate it actually saw, and the
// test asserts that the 95% confidence interval of (simulated - Jackson)
// contains zero, for each station and end to end.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/analytic/jackson.hpp"
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

constexpr double kMeanServiceA = 0.1, kMeanServiceB = 0.125;  // mu 10/s and 8/s

FleetConfig station(const char* name, const char* queue, double mean_service) {
  FleetConfig f;
  f.name = name;
  f.queue = queue;
  f.instances = 1;
  f.pollers_per_instance = 1;
  f.batch_size = 1;
  f.wait_time = seconds(20);
  f.processing = DurationDistribution(Distribution::exponential(mean_service));
  f.delete_in_batches = false;
  return f;
}

EmitConfig to_queue(const char* queue, double probability) {
  EmitConfig e;
  e.target_table = "queues";
  e.target = queue;
  e.probability = probability;
  return e;
}

// Producer (Poisson at `rate`) -> queue a -> fleet a -> queue b -> fleet b,
// which sends an event back to queue a with probability `feedback`.
SystemConfig network(double rate, double feedback, double customers, std::uint64_t seed) {
  SystemConfig s;
  s.name = "jackson";
  s.seed = seed;
  s.duration = from_seconds(customers / rate);
  s.series_period = hours(1);
  ProducerConfig p;
  p.name = "arrivals";
  p.target_table = "queues";
  p.target = "a";
  p.arrival.rate = Rate{rate};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  for (const char* name : {"a", "b"}) {
    QueueConfig q;
    q.name = name;
    q.visibility_timeout = hours(12);
    q.retention = hours(24 * 14);
    s.queues.push_back(q);
  }
  FleetConfig a = station("a", "a", kMeanServiceA);
  a.emit.push_back(to_queue("b", 1.0));
  s.fleets.push_back(a);
  FleetConfig b = station("b", "b", kMeanServiceB);
  if (feedback > 0) b.emit.push_back(to_queue("a", feedback));
  s.fleets.push_back(b);
  return s;
}

analytic::JacksonNetwork theory(double rate, double feedback) {
  Eigen::VectorXd gamma(2), mu(2);
  gamma << rate, 0;
  mu << 1 / kMeanServiceA, 1 / kMeanServiceB;
  Eigen::MatrixXd routing(2, 2);
  routing << 0, 1, feedback, 0;
  const std::vector<std::size_t> servers{1, 1};
  return analytic::jackson(gamma, routing, mu, servers);
}

void check(double rate, double feedback) {
  const double customers = 100'000 * EDASIM_TEST_SCALE;
  std::vector<double> a_error, b_error, network_error;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const SystemConfig config = network(rate, feedback, customers, seed);
    System system(config);
    system.run();
    const RunResult r = system.result();
    REQUIRE(r.events.balanced());
    REQUIRE(r.flows.size() == 1);
    REQUIRE(r.flows[0].component == "b");
    const double seen = static_cast<double>(r.events.produced) / config.duration.seconds();
    const analytic::JacksonNetwork expected = theory(seen, feedback);
    a_error.push_back(r.fleets.at(0).stage.mean() * 1e-9 - expected.stations[0].mean_sojourn);
    b_error.push_back(r.fleets.at(1).stage.mean() * 1e-9 - expected.stations[1].mean_sojourn);
    network_error.push_back(r.flows[0].latency.mean() * 1e-9 - expected.mean_sojourn);
  }
  const analytic::JacksonNetwork nominal = theory(rate, feedback);
  const Estimate a = estimate(a_error), b = estimate(b_error), net = estimate(network_error);
  INFO("station a: Jackson " << nominal.stations[0].mean_sojourn << " s, simulated - Jackson "
                             << a.mean << " +- " << a.half_width);
  CHECK(a.contains(0.0));
  INFO("station b: Jackson " << nominal.stations[1].mean_sojourn << " s, simulated - Jackson "
                             << b.mean << " +- " << b.half_width);
  CHECK(b.contains(0.0));
  INFO("end to end: Jackson " << nominal.mean_sojourn << " s, simulated - Jackson " << net.mean
                              << " +- " << net.half_width);
  CHECK(net.contains(0.0));
  // The intervals are informative: narrower than 5% of what they measure.
  CHECK(net.half_width < 0.05 / std::sqrt(EDASIM_TEST_SCALE) * nominal.mean_sojourn);
}

}  // namespace

TEST_CASE("a tandem of two emitting stations has Jackson's sojourns", "[slow]") {
  // rho 0.5 and 0.625: W = 0.2 s and 0.333 s, 0.533 s end to end.
  check(5, 0.0);
}

TEST_CASE("a tandem with feedback of probability 0.25 has Jackson's sojourns", "[slow]") {
  // gamma 3: lambda = 4 at both stations, rho 0.4 and 0.5, W = 1/6 s and
  // 1/4 s, visited 4/3 times each: 0.556 s end to end.
  check(3, 0.25);
}
