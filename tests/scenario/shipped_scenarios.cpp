// The scenarios shipped in scenarios/ load, and say what they claim to.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "sim/scenario/check.hpp"
#include "sim/scenario/topology.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;
using namespace edasim::scenario;

namespace {

const std::filesystem::path scenarios = std::filesystem::path(EDASIM_SOURCE_DIR) / "scenarios";

// The expected number of events a producer emits over the run: the rate
// integrated over the profile's piecewise-linear factor.
double expected_events(const ProducerConfig& p, Duration run) {
  const double end = std::min(run, p.stop_after).seconds();
  double total = 0;
  double t = 0;
  double factor = 1;
  for (const RateChange& change : p.arrival.profile) {
    const double start = std::min(change.at.seconds(), end);
    total += factor * (start - t);
    const double ramp_end = std::min(change.at.seconds() + change.ramp.seconds(), end);
    total += (factor + change.factor) / 2 * (ramp_end - start);
    t = ramp_end;
    factor = change.factor;
  }
  total += factor * (end - t);
  return total * p.arrival.rate.per_second;
}

}  // namespace

TEST_CASE("every shipped scenario loads without errors", "[scenarios]") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(scenarios)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    INFO(entry.path().string());
    // A study is checked design by design.
    plan::StudyConfig study;
    REQUIRE_NOTHROW(study = load_study(entry.path()));
    for (const plan::DesignConfig& design : study.designs) {
      INFO(design.name);
      const SystemConfig& config = design.system;
      CHECK_FALSE(config.question.empty());
      const auto findings = check(config, Topology(config));
      CHECK(std::none_of(findings.begin(), findings.end(),
                         [](const Finding& f) { return f.severity == Severity::error; }));
    }
  }
  CHECK(files >= 2);
}

TEST_CASE("mmc is an M/M/10 queue at utilisation 0.9", "[scenarios]") {
  const SystemConfig c = load(scenarios / "mmc.toml");
  REQUIRE(c.producers.size() == 1);
  REQUIRE(c.queues.size() == 1);
  REQUIRE(c.fleets.size() == 1);
  CHECK(c.buses.empty());
  const ProducerConfig& p = c.producers[0];
  CHECK(p.target_table == "queues");
  CHECK(p.arrival.process == ArrivalConfig::Process::poisson);
  CHECK(p.arrival.profile.empty());
  CHECK(p.batch_size == 1);
  const FleetConfig& f = c.fleets[0];
  CHECK(f.batch_size == 1);
  CHECK(f.wait_time == seconds(20));
  CHECK(f.processing.seconds().kind() == Distribution::Kind::exponential);
  CHECK(f.failure_probability == 0);
  CHECK(c.queues[0].api_latency.mean() == Duration::zero());
  const double servers = f.instances * f.pollers_per_instance;
  const double rho = p.arrival.rate.per_second * f.processing.seconds().mean() / servers;
  CHECK(servers == 10);
  CHECK(rho == Approx(0.9));
  // No redelivery may disturb the queueing model.
  CHECK(c.queues[0].visibility_timeout >= minutes(10));
  CHECK_FALSE(c.queues[0].dead_letter_queue.has_value());
}

TEST_CASE("flash-sale routes story 1's events through one bus", "[scenarios]") {
  const SystemConfig c = load(scenarios / "flash-sale.toml");
  REQUIRE(c.buses.size() == 1);
  CHECK(c.buses[0].rules.size() >= 6);
  CHECK(c.producers.size() >= 3);
  for (const ProducerConfig& p : c.producers) {
    CHECK(p.target_table == "buses");
  }
  std::size_t with_dlq = 0;
  for (const QueueConfig& q : c.queues) {
    if (!q.dead_letter_queue) continue;
    ++with_dlq;
    const bool consumed = std::any_of(c.fleets.begin(), c.fleets.end(),
                                      [&](const FleetConfig& f) { return f.queue == q.name; });
    CHECK(consumed);
  }
  CHECK(with_dlq >= 4);
  for (const FleetConfig& f : c.fleets) {
    INFO(f.name);
    CHECK_FALSE(f.calls.empty());
  }
}

TEST_CASE("flash-sale is a 2-hour day with a x20 sale of 15 minutes", "[scenarios]") {
  const SystemConfig c = load(scenarios / "flash-sale.toml");
  CHECK(c.duration == hours(2));
  const auto orders = std::find_if(c.producers.begin(), c.producers.end(),
                                   [](const ProducerConfig& p) { return p.name == "orders"; });
  REQUIRE(orders != c.producers.end());
  CHECK(orders->arrival.rate.per_second == Approx(50));
  REQUIRE(orders->arrival.profile.size() == 2);
  const RateChange& up = orders->arrival.profile[0];
  const RateChange& down = orders->arrival.profile[1];
  CHECK(up.factor == Approx(20));
  CHECK(up.ramp == minutes(2));
  CHECK(down.factor == Approx(1));
  CHECK(down.ramp == minutes(2));
  CHECK(down.at - up.at == minutes(15));

  // Small enough that a whole run takes seconds.
  double events = 0;
  for (const ProducerConfig& p : c.producers) events += expected_events(p, c.duration);
  CHECK(events > 1e6);
  CHECK(events < 3e6);
}
