// Synchronous call chains: steps in series, parallel groups, timeouts,
// retries, optional steps and publishing to a bus.
#include "sim/model/requests/chain.hpp"

#include <catch2/catch.hpp>

#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

ApiConfig api(const std::string& name, double latency_s) {
  ApiConfig a;
  a.name = name;
  a.latency = DurationDistribution(Distribution::constant(latency_s));
  return a;
}

ChainStep call(std::vector<std::string> apis) {
  ChainStep s;
  s.apis = std::move(apis);
  return s;
}

// One request a second for `duration`, into chain "checkout".
SystemConfig design(std::vector<ChainStep> steps, std::vector<ApiConfig> apis,
                    Duration duration = seconds(10)) {
  SystemConfig c;
  c.name = "chain-test";
  c.duration = duration;
  ProducerConfig p;
  p.name = "shoppers";
  p.target_table = "chains";
  p.target = "checkout";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{1};
  p.templates.push_back(EventTemplate{});
  c.producers.push_back(p);
  c.apis = std::move(apis);
  c.chains.push_back(ChainConfig{"checkout", std::move(steps)});
  return c;
}

RunResult run(const SystemConfig& c) {
  System s(c);
  s.run();
  return s.result();
}

}  // namespace

TEST_CASE("a chain's latency is the sum of its steps when every call takes a fixed time") {
  const RunResult r =
      run(design({call({"payments"}), call({"inventory"}), call({"shipping"})},
                 {api("payments", 0.1), api("inventory", 0.2), api("shipping", 0.3)}));
  REQUIRE(r.chains.size() == 1);
  const ChainResult& c = r.chains.front();
  // Requests at 1 s, 2 s, ... 9 s.
  CHECK(c.requests == 9);
  CHECK(c.succeeded == 9);
  CHECK(c.failed == 0);
  CHECK(c.latency.min() == milliseconds(600).ns);
  CHECK(c.latency.max() == milliseconds(600).ns);
  CHECK(c.calls == 27);
  CHECK(calls_made(r, "chain:checkout", "inventory") == 9);
  CHECK(r.events.processed == 9);
  CHECK(r.events.balanced());
}

TEST_CASE("a parallel group lasts as long as its slowest call") {
  const RunResult r = run(
      design({call({"payments"}), call({"email", "sms", "loyalty"})},
             {api("payments", 0.1), api("email", 0.4), api("sms", 0.25), api("loyalty", 0.05)}));
  CHECK(r.chains.front().latency.max() == milliseconds(500).ns);
  CHECK(r.chains.front().latency.min() == milliseconds(500).ns);
}

TEST_CASE("a call that misses its timeout fails the request after its retries") {
  ChainStep slow = call({"shipping"});
  slow.timeout = seconds(1);
  slow.retry.backoff = RetryPolicy::Backoff::fixed;
  slow.retry.base = seconds(2);
  slow.retry.max_attempts = 2;
  const RunResult r = run(design({call({"payments"}), slow},
                                 {api("payments", 0.1), api("shipping", 3.0)}, seconds(20)));
  const ChainResult& c = r.chains.front();
  // 0.1 s payments, 1 s timeout, 2 s backoff, 1 s timeout.
  CHECK(c.failed_latency.min() == milliseconds(4100).ns);
  CHECK(c.failed_latency.max() == milliseconds(4100).ns);
  // Requests at 1 s .. 19 s; those from 16 s on are still waiting at 20 s.
  CHECK(c.failed == 15);
  CHECK(c.in_progress == 4);
  CHECK(c.failed_timeouts == c.failed);
  CHECK(c.retries == 16);
  CHECK(c.succeeded == 0);
  CHECK(r.events.failed_requests == c.failed);
  CHECK(r.events.balanced());
}

TEST_CASE("an outage fails requests at a required step and not at an optional one") {
  auto email_down = [] {
    FaultConfig f;
    f.name = "email down";
    f.kind = FaultConfig::Kind::downstream_outage;
    f.target = "email";
    f.start = seconds(20);
    f.duration = seconds(10);
    return f;
  };
  SystemConfig required = design({call({"payments"}), call({"email"})},
                                 {api("payments", 0.1), api("email", 0.1)}, seconds(60));
  required.faults.push_back(email_down());
  const RunResult a = run(required);
  // Requests at 20 s .. 29 s reach the email step inside the window.
  CHECK(a.chains.front().failed == 10);
  CHECK(a.chains.front().failed_errors == 10);
  CHECK(a.events.failed_requests == 10);

  SystemConfig optional = required;
  optional.chains.front().steps.back().optional = true;
  const RunResult b = run(optional);
  CHECK(b.chains.front().failed == 0);
  CHECK(b.chains.front().optional_given_up == 10);
  CHECK(b.chains.front().succeeded == b.chains.front().requests);
}

TEST_CASE("a publish step hands the event to the bus, which routes it on") {
  ChainStep publish;
  publish.publish = "orders";
  SystemConfig c = design({call({"payments"}), publish}, {api("payments", 0.2)});
  FieldGenerator source;
  source.path = {"source"};
  source.values = {"shop"};
  source.weights = {1};
  c.producers.front().templates.front().fields.push_back(source);
  BusConfig bus;
  bus.name = "orders";
  bus.delivery_latency = DurationDistribution(Distribution::constant(0.05));
  bus.rules.push_back(RuleConfig{"all", R"({"source": [{"exists": true}]})", {"email", "stock"}});
  c.buses.push_back(bus);
  for (const char* q : {"email", "stock"}) {
    QueueConfig queue;
    queue.name = q;
    c.queues.push_back(queue);
  }
  const RunResult r = run(c);
  const ChainResult& chain = r.chains.front();
  CHECK(chain.succeeded == 9);
  CHECK(chain.latency.max() == milliseconds(200).ns);
  CHECK(calls_made(r, "chain:checkout", "PutEvents") == 9);
  CHECK(r.events.routed_events == 9);
  CHECK(r.events.copies == 18);
  CHECK(r.events.in_flight == 18);
  CHECK(r.events.processed == 0);
  CHECK(r.events.balanced());
}

TEST_CASE(
    "a chain's failed calls and requests are the fault's on the API it called, and no other's") {
  // Payments fails half its calls on its own (no fault's), and is slowed 5
  // times (past the 1 s timeout) from 40 s to 50 s; email is down from 20 s
  // to 30 s. Each step makes 2 attempts.
  ChainStep payments = call({"payments"});
  payments.timeout = seconds(1);
  payments.retry.max_attempts = 2;
  ChainStep email = call({"email"});
  email.timeout = seconds(1);
  email.retry.max_attempts = 2;
  ApiConfig flaky = api("payments", 0.3);
  flaky.error_probability = 0.5;
  SystemConfig c = design({payments, email}, {flaky, api("email", 0.1)}, seconds(80));
  FaultConfig down;
  down.name = "email down";
  down.kind = FaultConfig::Kind::downstream_outage;
  down.target = "email";
  down.start = seconds(20);
  down.duration = seconds(10);
  FaultConfig slow;
  slow.name = "payments slow";
  slow.kind = FaultConfig::Kind::downstream_brownout;
  slow.target = "payments";
  slow.latency_multiplier = 5;
  slow.start = seconds(40);
  slow.duration = seconds(10);
  c.faults = {down, slow};
  const RunResult r = run(c);
  const ChainResult& chain = r.chains.front();
  REQUIRE(r.fault_impacts.size() == 2);
  const FaultImpact& outage = r.fault_impacts[0];
  const FaultImpact& brownout = r.fault_impacts[1];
  CHECK(r.faults[0].chains == std::vector<std::string>{"checkout"});
  CHECK(r.faults[1].chains == std::vector<std::string>{"checkout"});
  // Requests 20 s .. 29 s that got past payments fail at email, both
  // attempts inside the window.
  CHECK(outage.failed_requests > 0);
  CHECK(outage.failed_requests <= 10);
  CHECK(outage.failed_calls == 2 * outage.failed_requests);
  // Every timeout is the brownout's: payments' own latency (0.3 s) never
  // reaches the timeout.
  CHECK(brownout.failed_requests > 0);
  CHECK(brownout.failed_requests == chain.failed_timeouts);
  CHECK(brownout.failed_calls >= brownout.failed_requests);
  // Payments' own errors fail requests too, and are no fault's.
  CHECK(chain.failed > outage.failed_requests + brownout.failed_requests);
  CHECK(chain.failed_calls > outage.failed_calls + brownout.failed_calls);
  for (const InvariantCheck& check : r.invariants) {
    INFO(check.name << ": " << (check.holds() ? "" : check.failures.front()));
    CHECK(check.holds());
  }
}

TEST_CASE("a publish step refused under a bus throttling fault fails as that fault's call") {
  // Ten requests a second publish to a bus whose quota a fault cuts to one
  // PutEvents a second from 2 s to 6 s: the refused publishes are the
  // chain's failed calls, blamed on the fault through the bus's destination.
  ChainStep publish;
  publish.publish = "orders";
  SystemConfig c = design({publish}, {});
  c.producers.front().arrival.rate = Rate{10};
  BusConfig bus;
  bus.name = "orders";
  c.buses.push_back(bus);
  FaultConfig cut;
  cut.name = "quota cut";
  cut.kind = FaultConfig::Kind::bus_throttling;
  cut.target = "orders";
  cut.start = seconds(2);
  cut.duration = seconds(4);
  cut.put_events_rate = Rate{1};
  c.faults = {cut};
  const RunResult r = run(c);
  const ChainResult& chain = r.chains.front();
  REQUIRE(r.fault_impacts.size() == 1);
  CHECK(chain.failed_calls > 0);
  // Those refused while the fault's quota was in force are its own; one
  // refused after it ended, by the bucket it left empty, is no fault's.
  CHECK(r.fault_impacts[0].failed_calls > 0);
  CHECK(r.fault_impacts[0].failed_calls <= chain.failed_calls);
  CHECK(r.fault_impacts[0].failed_calls + 1 >= chain.failed_calls);
  CHECK(r.buses[0].throttled_put_events == chain.failed_calls);
  // Every call was billed once, on the chain's PutEvents line.
  CHECK(calls_made(r, "chain:checkout", "PutEvents") == chain.calls);
  CHECK(r.events.balanced());
}
