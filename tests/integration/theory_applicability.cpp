// The "Queueing theory" closed form appears only where the station is plain,
// with the moments of the service time as sampled; everywhere else the
// report says in one line why there is none.
#include <catch2/catch.hpp>
#include <string>

#include "sim/model/system.hpp"
#include "sim/report/theory.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

// An M/M/1 at 80 %: 8/s into queue "work", exponential service of 100 ms,
// one long-polling server, plus `extra` TOML.
std::string mm1(const std::string& extra = "",
                const std::string& processing = R"({ dist = "exponential", mean = "100ms" })") {
  return R"(
[scenario]
name = "station"
duration = "2m"
seed = 1

[producers.arrivals]
to = "queue.work"
arrival = "poisson"
rate = "8/s"

[queues.work]
visibility_timeout = "1h"
api_latency = "0s"

[consumers.server]
queue = "work"
instances = 1
pollers = 1
batch = 1
wait = "20s"
processing = )" +
         processing + "\n" + extra;
}

FleetResult server(const std::string& toml) {
  System system(scenario::load_text(toml, "station.toml"));
  system.run();
  const RunResult r = system.result();
  for (const FleetResult& f : r.fleets) {
    if (f.name == "server") return f;
  }
  FAIL("no fleet named server");
  return {};
}

}  // namespace

TEST_CASE("a plain M/M/1 gets its closed form and no reason against it") {
  const FleetResult f = server(mm1());
  REQUIRE(f.station);
  CHECK(f.not_a_station.empty());
  const auto theory = report::closed_form(f);
  REQUIRE(theory);
  CHECK(theory->model == "M/M/1");
  CHECK(theory->metrics.mean_wait == Approx(0.4));
}

TEST_CASE("a second producer into the queue means no closed form") {
  // The second producer sends point-to-point to another queue and this one.
  const FleetResult f = server(mm1(R"(
[producers.more]
to = ["queue.other", "queue.work"]
arrival = "poisson"
rate = "1/s"

[queues.other]
)"));
  CHECK_FALSE(f.station);
  CHECK_FALSE(report::closed_form(f));
  CHECK(report::theory_gap(f).find("more than one producer") != std::string::npos);
}

TEST_CASE("a queue that is also another queue's dead-letter queue has no closed form") {
  const FleetResult f = server(mm1(R"(
[producers.upstream]
to = "queue.upstream"
arrival = "poisson"
rate = "2/s"

[queues.upstream]
visibility_timeout = "1s"
dead_letter_queue = "work"
max_receive_count = 1

[consumers.flaky]
queue = "upstream"
processing = { dist = "constant", value = "10ms" }
failure_probability = 1.0
)"));
  CHECK_FALSE(f.station);
  CHECK(report::theory_gap(f).find("dead-letter queue of queue upstream") != std::string::npos);
}

TEST_CASE("an in-flight limit below the number of servers means no closed form") {
  std::string toml = mm1();
  toml.replace(toml.find("instances = 1"), 13, "instances = 4");
  toml.replace(toml.find("visibility_timeout = \"1h\""), 25,
               "visibility_timeout = \"1h\"\nin_flight_limit = 1");
  const FleetResult f = server(toml);
  CHECK_FALSE(f.station);
  CHECK(report::theory_gap(f).find("in-flight limit (1) is below its 4 pollers") !=
        std::string::npos);
}

TEST_CASE("a Lambda function on the same queue means no closed form") {
  const FleetResult f = server(mm1(R"(
[functions.helper]
queue = "work"
processing = { dist = "constant", value = "50ms" }
)"));
  CHECK_FALSE(f.station);
  CHECK(report::theory_gap(f).find("Lambda function helper reads the same queue") !=
        std::string::npos);
}

TEST_CASE("a visibility timeout not well above the service time means no closed form") {
  std::string toml = mm1();
  // 500 ms against a mean service of 100 ms: exponential service outlives
  // it about 0.7 % of the time.
  toml.replace(toml.find("visibility_timeout = \"1h\""), 25, "visibility_timeout = \"500ms\"");
  const FleetResult f = server(toml);
  CHECK_FALSE(f.station);
  CHECK(report::theory_gap(f).find("visibility timeout") != std::string::npos);
}

TEST_CASE("a truncated normal service time uses the truncated moments") {
  // normal(mean 50 ms, sd 50 ms) truncated at 0: alpha = -1,
  // lambda = phi(1) / Phi(1) = 0.287600, mean = 0.05 + 0.05 x 0.2876 =
  // 64.38 ms, variance = 0.0025 (1 - 0.2876 - 0.2876^2) = 0.00157417 s^2.
  // Untruncated, the mean would be 50 ms and the variance 0.0025.
  const FleetResult f = server(mm1("", R"({ dist = "normal", mean = "50ms", stddev = "50ms" })"));
  REQUIRE(f.station);
  CHECK(f.station->service_mean == Approx(0.064380).epsilon(1e-4));
  CHECK(f.station->service_scv * f.station->service_mean * f.station->service_mean ==
        Approx(0.00157417).epsilon(1e-3));
  // The simulation agrees with the truncated mean, not the untruncated one.
  CHECK(f.processing.mean() * 1e-9 == Approx(0.06438).epsilon(0.05));
}
