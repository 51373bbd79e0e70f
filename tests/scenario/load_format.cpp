// The scenario format maps one to one onto the model's configs.
#include <catch2/catch.hpp>

#include "sim/scenario/load.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string complete_file =
    std::string(EDASIM_SOURCE_DIR) + "/tests/scenario/data/complete.toml";

const ProducerConfig& producer(const SystemConfig& c, const std::string& name) {
  for (const auto& p : c.producers) {
    if (p.name == name) return p;
  }
  FAIL("no producer " << name);
  throw;
}

const QueueConfig& queue(const SystemConfig& c, const std::string& name) {
  for (const auto& q : c.queues) {
    if (q.name == name) return q;
  }
  FAIL("no queue " << name);
  throw;
}

const FleetConfig& fleet(const SystemConfig& c, const std::string& name) {
  for (const auto& f : c.fleets) {
    if (f.name == name) return f;
  }
  FAIL("no fleet " << name);
  throw;
}

}  // namespace

TEST_CASE("the complete example sets the run settings", "[load]") {
  const SystemConfig c = load(complete_file);
  CHECK(c.name == "complete");
  CHECK(c.question == "Does the fraud fleet keep up with a x20 flash sale?");
  CHECK(c.duration == hours(2));
  CHECK(c.seed == 42);
  CHECK(c.series_period == seconds(30));
  CHECK(c.prices.sqs_per_million == Approx(0.40));
  CHECK(c.prices.eventbridge_per_million == Approx(1.00));
}

TEST_CASE("the complete example sets every producer knob", "[load]") {
  const SystemConfig c = load(complete_file);
  REQUIRE(c.producers.size() == 2);
  // TOML tables are maps: components come out sorted by name.
  CHECK(c.producers[0].name == "audit");
  const ProducerConfig& p = producer(c, "orders");
  CHECK(p.target_table == "buses");
  CHECK(p.target == "main");
  CHECK(p.arrival.process == ArrivalConfig::Process::poisson);
  CHECK(p.arrival.rate.per_second == Approx(50));
  REQUIRE(p.arrival.profile.size() == 2);
  CHECK(p.arrival.profile[0].at == minutes(30));
  CHECK(p.arrival.profile[0].ramp == minutes(2));
  CHECK(p.arrival.profile[0].factor == Approx(20));
  CHECK(p.arrival.profile[1].at == minutes(45));
  CHECK(p.arrival.profile[1].factor == Approx(1));
  CHECK(p.batch_size == 10);
  CHECK(p.batch_window == milliseconds(100));
  CHECK(p.stop_after == minutes(90));

  const ProducerConfig& audit = producer(c, "audit");
  CHECK(audit.target_table == "queues");
  CHECK(audit.target == "audit");
  CHECK(audit.arrival.process == ArrivalConfig::Process::constant);
  CHECK(audit.batch_size == 1);
  CHECK(audit.stop_after == Duration::max());
  // A producer without events sends one kind, named after itself.
  REQUIRE(audit.templates.size() == 1);
  CHECK(audit.templates[0].name == "audit");
}

TEST_CASE("the complete example describes events field by field", "[load]") {
  const SystemConfig c = load(complete_file);
  const ProducerConfig& p = producer(c, "orders");
  REQUIRE(p.templates.size() == 2);
  const EventTemplate& placed = p.templates[0];
  CHECK(placed.name == "OrderPlaced");
  CHECK(placed.weight == Approx(0.7));
  CHECK(placed.size_bytes.kind() == Distribution::Kind::lognormal);
  CHECK(p.templates[1].size_bytes.mean() == Approx(800));

  REQUIRE(placed.fields.size() == 6);
  const auto field = [&](std::vector<std::string> path) -> const FieldGenerator& {
    for (const auto& f : placed.fields) {
      if (f.path == path) return f;
    }
    FAIL("no field");
    throw;
  };
  const FieldGenerator& source = field({"source"});
  CHECK(source.kind == FieldGenerator::Kind::choice);
  CHECK(source.values == std::vector<std::string>{"marketplace.us", "marketplace.de"});
  CHECK(source.weights == std::vector<double>{3, 1});
  CHECK(field({"detail-type"}).weights == std::vector<double>{1});
  CHECK(field({"detail", "orderId"}).kind == FieldGenerator::Kind::sequence);
  CHECK(field({"detail", "orderId"}).prefix == "o-");
  const FieldGenerator& seller = field({"detail", "sellerId"});
  CHECK(seller.kind == FieldGenerator::Kind::id);
  CHECK(seller.prefix == "seller-");
  CHECK(seller.cardinality == 10000);
  const FieldGenerator& total = field({"detail", "total"});
  CHECK(total.kind == FieldGenerator::Kind::number);
  CHECK(total.decimals == 2);
  CHECK(total.number.kind() == Distribution::Kind::lognormal);
  const FieldGenerator& gift = field({"detail", "gift"});
  CHECK(gift.kind == FieldGenerator::Kind::boolean);
  CHECK(gift.probability == Approx(0.05));

  REQUIRE(placed.arrays.size() == 1);
  const ArrayGenerator& items = placed.arrays[0];
  CHECK(items.path == std::vector<std::string>{"detail", "items"});
  CHECK(items.count.kind() == Distribution::Kind::uniform);
  CHECK(items.count.mean() == Approx(2));
  REQUIRE(items.fields.size() == 2);
  CHECK(items.fields[0].path == std::vector<std::string>{"qty"});
  CHECK(items.fields[0].decimals == 0);
  CHECK(items.fields[1].path == std::vector<std::string>{"sku"});
}

TEST_CASE("the complete example sets bus, rule and queue knobs", "[load]") {
  const SystemConfig c = load(complete_file);
  REQUIRE(c.buses.size() == 1);
  const BusConfig& bus = c.buses[0];
  CHECK(bus.delivery_latency.seconds().kind() == Distribution::Kind::lognormal);
  // Durations inside distributions are in seconds.
  CHECK(bus.api_latency.seconds().mean() == Approx(0.020));
  CHECK(bus.max_entry_size == 262'144);
  REQUIRE(bus.rules.size() == 2);
  CHECK(bus.rules[0].name == "high-value-to-fraud");
  CHECK(contains(bus.rules[0].pattern, "numeric"));
  CHECK(bus.rules[0].targets == std::vector<std::string>{"fraud"});
  CHECK(bus.rules[1].name == "everything-to-audit");
  CHECK(bus.rules[0].policy(0).max_retry_attempts == 185);
  CHECK(bus.rules[0].policy(0).max_event_age == hours(24));
  CHECK_FALSE(bus.rules[0].policy(0).dead_letter_queue);
  CHECK(bus.rules[1].targets == std::vector<std::string>{"audit"});
  CHECK(bus.rules[1].policy(0).max_retry_attempts == 10);
  CHECK(bus.rules[1].policy(0).max_event_age == hours(1));
  CHECK(bus.rules[1].policy(0).dead_letter_queue == std::optional<std::string>("fraud-dlq"));
  CHECK(bus.retry_base == seconds(2));
  CHECK(bus.retry_cap == minutes(10));

  const QueueConfig& q = queue(c, "fraud");
  CHECK(q.visibility_timeout == seconds(30));
  CHECK(q.retention == hours(96));
  CHECK(q.delay == Duration::zero());
  CHECK(q.dead_letter_queue == std::optional<std::string>("fraud-dlq"));
  CHECK(q.max_receive_count == 5);
  CHECK(q.in_flight_limit == 120'000);
  CHECK(q.duplicate_probability == Approx(0.0001));
  CHECK(q.short_poll_sampling == Approx(0.5));
  CHECK(q.api_latency.seconds().mean() == Approx(0.010));
  CHECK(q.max_message_size == 262'144);
  CHECK(queue(c, "fraud-dlq").retention == hours(24 * 14));
  CHECK_FALSE(queue(c, "fraud-dlq").dead_letter_queue.has_value());
}

TEST_CASE("the complete example sets every consumer knob", "[load]") {
  const SystemConfig c = load(complete_file);
  const FleetConfig& f = fleet(c, "fraud");
  CHECK(f.queue == "fraud");
  CHECK(f.instances == 4);
  CHECK(f.pollers_per_instance == 2);
  CHECK(f.batch_size == 10);
  CHECK(f.wait_time == seconds(20));
  CHECK(f.empty_poll_pause == seconds(1));
  CHECK(f.processing.seconds().kind() == Distribution::Kind::lognormal);
  CHECK(f.failure_probability == Approx(0.01));
  CHECK(f.delete_in_batches);
  CHECK(f.on_failure.kind == FailurePolicy::Kind::backoff);
  CHECK(f.on_failure.base == seconds(10));
  CHECK(f.on_failure.cap == minutes(15));
  CHECK(f.on_failure.jitter);
  CHECK(f.retry.backoff == RetryPolicy::Backoff::exponential);
  CHECK(f.retry.jitter == RetryPolicy::Jitter::full);
  CHECK(f.retry.base == milliseconds(100));
  CHECK(f.retry.cap == seconds(2));
  CHECK(f.retry.max_attempts == 3);
  CHECK(f.idempotency.enabled);
  CHECK(f.idempotency.window == hours(2));
  REQUIRE(f.calls.size() == 2);
  CHECK(f.calls[0] == std::pair<std::string, std::int32_t>{"payments.GetOrder", 1});
  CHECK(f.calls[1] == std::pair<std::string, std::int32_t>{"risk.Score", 2});

  const FleetConfig& audit = fleet(c, "audit");
  CHECK_FALSE(audit.delete_in_batches);
  CHECK(audit.on_failure.kind == FailurePolicy::Kind::release);
  CHECK(audit.processing.mean() == milliseconds(5));
}

TEST_CASE("omitted keys keep the model's defaults", "[load]") {
  const SystemConfig c = load_text(minimal, "scenarios/minimal.toml");
  CHECK(c.name == "minimal");  // from the file name
  CHECK(c.duration == SystemConfig{}.duration);
  CHECK(c.seed == SystemConfig{}.seed);
  const QueueConfig& q = c.queues.at(0);
  CHECK(q.visibility_timeout == QueueConfig{}.visibility_timeout);
  CHECK(q.retention == QueueConfig{}.retention);
  CHECK_FALSE(q.dead_letter_queue.has_value());
  const FleetConfig& f = c.fleets.at(0);
  CHECK(f.batch_size == FleetConfig{}.batch_size);
  CHECK(f.wait_time == FleetConfig{}.wait_time);
  CHECK(f.on_failure.kind == FailurePolicy::Kind::wait_for_timeout);
}

TEST_CASE("the opening comment is the question when [scenario] gives none", "[load]") {
  const SystemConfig c =
      load_text("# How deep does the queue get\n# at peak?\n" + minimal, "q.toml");
  CHECK(c.question == "How deep does the queue get at peak?");
}

TEST_CASE("every distribution family reads with its parameters", "[load][distribution]") {
  const auto processing = [](const std::string& dist) {
    const SystemConfig c = load_text(minimal + "processing = " + dist + "\n", "d.toml");
    return c.fleets.at(0).processing.seconds();
  };
  CHECK(processing(R"("80ms")").mean() == Approx(0.080));
  CHECK(processing(R"({ dist = "constant", value = "2s" })").mean() == Approx(2));
  CHECK(processing(R"({ dist = "uniform", low = "10ms", high = "30ms" })").mean() == Approx(0.02));
  CHECK(processing(R"({ dist = "exponential", mean = "100ms" })").mean() == Approx(0.1));
  CHECK(processing(R"({ dist = "normal", mean = "1s", stddev = "100ms" })").mean() == Approx(1));
  CHECK(processing(R"({ dist = "lognormal", median = "80ms", sigma = 0.5 })").kind() ==
        Distribution::Kind::lognormal);
  CHECK(processing(R"({ dist = "lognormal", mean = "100ms", p99 = "1s" })").mean() == Approx(0.1));
  CHECK(processing(R"({ dist = "gamma", shape = 2, scale = "50ms" })").mean() == Approx(0.1));
  CHECK(processing(R"({ dist = "weibull", shape = 1, scale = "100ms" })").mean() == Approx(0.1));
  CHECK(processing(R"({ dist = "pareto", scale = "10ms", alpha = 3 })").mean() == Approx(0.015));
  CHECK(processing(R"({ dist = "empirical", points = ["10ms", "30ms"] })").mean() == Approx(0.02));
  CHECK(processing(R"({ dist = "empirical", cdf = [["0ms", 0], ["20ms", 1]] })").kind() ==
        Distribution::Kind::empirical_cdf);
}

TEST_CASE("sizes in distributions are bytes and plain values are numbers", "[load][distribution]") {
  const SystemConfig c = load_text(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[[producers.p.events]]
name = "E"
size = { dist = "uniform", low = "1KB", high = "3KB" }
fields = { "n" = { number = { dist = "normal", mean = -5, stddev = 2 } } }
[queues.q]
[consumers.c]
queue = "q"
)",
                                   "s.toml");
  const EventTemplate& e = c.producers.at(0).templates.at(0);
  CHECK(e.size_bytes.mean() == Approx(2000));
  CHECK(e.fields.at(0).number.mean() == Approx(-5));
}

TEST_CASE("the complete example declares APIs and faults of every kind", "[load]") {
  const SystemConfig c = load(complete_file);
  REQUIRE(c.apis.size() == 2);
  CHECK(c.apis[0].name == "payments.GetOrder");
  CHECK(c.apis[0].latency.seconds().kind() == Distribution::Kind::lognormal);
  CHECK(c.apis[0].error_probability == Approx(0.001));
  CHECK(c.apis[0].concurrency == 50);
  CHECK(c.apis[1].latency.mean() == milliseconds(5));
  CHECK(c.apis[1].concurrency == 0);
  REQUIRE(c.faults.size() == 7);
  const FaultConfig& poison = c.faults[0];
  CHECK(poison.kind == FaultConfig::Kind::poison);
  CHECK(poison.start == Duration::zero());
  CHECK(poison.duration == c.duration);  // the whole run when not given
  CHECK(poison.fraction == Approx(0.001));
  CHECK(poison.pattern == R"({"detail-type": ["OrderPlaced"]})");
  CHECK(c.faults[1].kind == FaultConfig::Kind::downstream_outage);
  CHECK(c.faults[1].start == minutes(20));
  CHECK(c.faults[1].duration == minutes(5));
  CHECK(c.faults[2].latency_multiplier == 4.0);
  CHECK(c.faults[2].error_probability == Approx(0.05));
  CHECK(c.faults[3].kind == FaultConfig::Kind::consumer_outage);
  CHECK(c.faults[3].instances == 1);
  const FaultConfig& crash = c.faults[4];
  CHECK(crash.rate_per_instance_hour == 0.5);
  CHECK(crash.at == std::vector<Duration>{minutes(10)});
  CHECK(crash.restart == seconds(45));
  CHECK(crash.instances == 2);
  CHECK(c.faults[5].kind == FaultConfig::Kind::bus_throttling);
  CHECK(c.faults[5].put_events_rate.per_second == 20.0);
  CHECK(c.faults[6].kind == FaultConfig::Kind::target_outage);
  CHECK(c.faults[6].target == "audit");
  CHECK(c.faults[6].target_error == FaultConfig::TargetError::timeout);
  CHECK(c.faults[6].error_probability == Approx(0.5));
  CHECK(c.buses.at(0).put_events_rate.per_second == 10'000.0);
  CHECK(c.buses.at(0).invocations_rate.per_second == 18'750.0);
}

TEST_CASE("a re-push failure policy is read with its delays and limit", "[load]") {
  const SystemConfig c = load_text(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[queues.q]
dead_letter_queue = "dlq"
max_receive_count = 5
[queues.dlq]
[consumers.c]
queue = "q"
on_failure = { action = "repush", base = "30s", cap = "15m", jitter = true, max_repushes = 4 }
)",
                                   "repush.toml");
  const FailurePolicy& p = c.fleets.at(0).on_failure;
  CHECK(p.kind == FailurePolicy::Kind::repush);
  CHECK(p.base == seconds(30));
  CHECK(p.cap == minutes(15));
  CHECK(p.jitter);
  CHECK(p.max_repushes == 4);
}

TEST_CASE("a dead-letter queue's redrive is read with its rate and period", "[load]") {
  const SystemConfig c = load_text(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[queues.q]
dead_letter_queue = "q-dlq"
max_receive_count = 3
[queues.q-dlq]
redrive = { start = "1h", every = "30m", rate = "100/s" }
[consumers.c]
queue = "q"
)",
                                   "redrive.toml");
  const QueueConfig& dlq = c.queues.at(1);
  REQUIRE(dlq.name == "q-dlq");
  REQUIRE(dlq.redrive.has_value());
  CHECK(dlq.redrive->start == hours(1));
  CHECK(dlq.redrive->every == minutes(30));
  CHECK(dlq.redrive->rate.per_second == 100.0);
  CHECK_FALSE(c.queues.at(0).redrive.has_value());
}

TEST_CASE("[monitoring] and [[alarms]] become the monitoring config and alarms", "[format]") {
  const SystemConfig c = load_text(minimal + R"([monitoring]
period = "5m"
sample_every = "30s"
queue_inactive_after = "1h"
[[alarms]]
name = "backlog"
metric = "queue.q.ApproximateNumberOfMessagesVisible"
statistic = "Average"
threshold = 250.5
comparison = "GreaterThanOrEqualToThreshold"
evaluation_periods = 5
datapoints_to_alarm = 3
treat_missing_data = "notBreaching"
[[alarms]]
name = "errors"
metric = "consumer.c.Errors"
statistic = "Sum"
threshold = 0
comparison = "GreaterThanThreshold"
)",
                                   "t.toml");
  CHECK(c.monitoring.period == minutes(5));
  CHECK(c.monitoring.sample_every == seconds(30));
  CHECK(c.monitoring.queue_inactive_after == hours(1));
  REQUIRE(c.alarms.size() == 2);
  const AlarmConfig& a = c.alarms[0];
  CHECK(a.name == "backlog");
  CHECK(a.metric == "queue.q.ApproximateNumberOfMessagesVisible");
  CHECK(a.statistic == Statistic::average);
  CHECK(a.threshold == 250.5);
  CHECK(a.comparison == Comparison::greater_or_equal);
  CHECK(a.evaluation_periods == 5);
  CHECK(a.datapoints_to_alarm == 3);
  CHECK(a.treat_missing_data == MissingData::not_breaching);
  // datapoints_to_alarm defaults to evaluation_periods (1), missing data to "missing".
  CHECK(c.alarms[1].evaluation_periods == 1);
  CHECK(c.alarms[1].datapoints_to_alarm == 1);
  CHECK(c.alarms[1].treat_missing_data == MissingData::missing);
  CHECK(c.alarms[1].statistic == Statistic::sum);
}

TEST_CASE("monitoring defaults to one-minute periods sampled once a minute", "[format]") {
  const SystemConfig c = load_text(minimal, "t.toml");
  CHECK(c.monitoring.period == minutes(1));
  CHECK(c.monitoring.sample_every == minutes(1));
  CHECK(c.monitoring.queue_inactive_after == hours(6));
  CHECK(c.alarms.empty());
}

TEST_CASE("a boolean field with each is one field per name, each with the probability", "[load]") {
  const auto config = load_text(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[[producers.p.events]]
name = "E"
fields = { "detail.for" = { boolean = 0.3, each = ["fulfilment", "stock"] }, "detail.x" = { boolean = 0.9 } }
[queues.q]
[consumers.c]
queue = "q"
)",
                                "each.toml");
  const auto& fields = config.producers.front().templates.front().fields;
  REQUIRE(fields.size() == 3);
  CHECK(fields[0].path == std::vector<std::string>{"detail", "for", "fulfilment"});
  CHECK(fields[1].path == std::vector<std::string>{"detail", "for", "stock"});
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(fields[i].kind == edasim::model::FieldGenerator::Kind::boolean);
    CHECK(fields[i].probability == 0.3);
  }
  CHECK(fields[2].probability == 0.9);
}
