// Downstream APIs: latency, errors, the concurrency limit and their faults.
#include "sim/model/requests/api.hpp"

#include <catch2/catch.hpp>

#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

ApiConfig constant_api(double latency) {
  ApiConfig c;
  c.name = "dep";
  c.latency = DurationDistribution(Distribution::constant(latency));
  return c;
}

FaultConfig window(FaultConfig::Kind kind, Duration start, Duration duration) {
  return testing::make_fault("f", kind, "dep", start, duration);
}

}  // namespace

TEST_CASE("calls over the concurrency limit are rejected until a running call ends") {
  ApiConfig c = constant_api(1.0);
  c.concurrency = 2;
  Api api(c, 1);
  const Time t0 = Time::zero();
  CHECK(api.call(t0).outcome == Api::Outcome::ok);
  CHECK(api.call(t0 + milliseconds(10)).outcome == Api::Outcome::ok);
  CHECK(api.call(t0 + milliseconds(20)).outcome == Api::Outcome::rejected);
  // The first call ends at 1 s: a slot is free again.
  CHECK(api.call(t0 + seconds(1)).outcome == Api::Outcome::ok);
  CHECK(api.call(t0 + seconds(1)).outcome == Api::Outcome::rejected);
  CHECK(api.result().calls == 5);
  CHECK(api.result().succeeded == 3);
  CHECK(api.result().rejected == 2);
  CHECK(api.result().peak_concurrency == 2);
}

TEST_CASE("an outage fails every call inside its window and none outside") {
  Api api(constant_api(0.01), 1);
  api.add_fault(window(FaultConfig::Kind::downstream_outage, seconds(10), seconds(5)));
  CHECK(api.call(Time::zero() + seconds(9)).outcome == Api::Outcome::ok);
  CHECK(api.call(Time::zero() + seconds(10)).outcome == Api::Outcome::error);
  CHECK(api.call(Time::zero() + seconds(15) - nanoseconds(1)).outcome == Api::Outcome::error);
  CHECK(api.call(Time::zero() + seconds(15)).outcome == Api::Outcome::ok);
  CHECK(api.result().failed == 2);
}

TEST_CASE("a brownout multiplies latency and adds its error probability") {
  ApiConfig c = constant_api(0.02);
  Api api(c, 3);
  FaultConfig b = window(FaultConfig::Kind::downstream_brownout, seconds(0), seconds(100));
  b.latency_multiplier = 5;
  b.error_probability = 1.0;
  api.add_fault(b);
  const Api::Call call = api.call(Time::zero() + seconds(1));
  CHECK(call.latency == milliseconds(100));
  CHECK(call.outcome == Api::Outcome::error);
  CHECK(api.call(Time::zero() + seconds(100)).latency == milliseconds(20));
}

TEST_CASE("a fault does not shift the API's draws for later calls") {
  ApiConfig c;
  c.name = "dep";
  c.latency = DurationDistribution(Distribution::exponential(0.05));
  c.error_probability = 0.3;
  Api plain(c, 5), faulty(c, 5);
  FaultConfig b = window(FaultConfig::Kind::downstream_brownout, seconds(0), seconds(10));
  b.error_probability = 0.9;
  faulty.add_fault(b);
  for (int i = 0; i < 20; ++i) faulty.call(Time::zero() + seconds(1));
  for (int i = 0; i < 20; ++i) plain.call(Time::zero() + seconds(1));
  for (int i = 0; i < 50; ++i) {
    const Api::Call a = plain.call(Time::zero() + seconds(20));
    const Api::Call b2 = faulty.call(Time::zero() + seconds(20));
    CHECK(a.latency == b2.latency);
    CHECK(a.outcome == b2.outcome);
  }
}
