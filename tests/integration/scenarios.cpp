// Every shipped scenario, from TOML through the model to the reports: it
// loads, runs, balances its books, and reproduces itself byte for byte.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "sim/analytic/queueing.hpp"
#include "sim/model/invariants.hpp"
#include "sim/model/system.hpp"
#include "sim/report/write.hpp"
#include "sim/scenario/load.hpp"
#include "tests/integration/runs.hpp"

#ifndef EDASIM_TEST_SCALE
#define EDASIM_TEST_SCALE 1.0
#endif

using namespace edasim;
using namespace edasim::model;

namespace {

std::filesystem::path source_dir() {
  return EDASIM_SOURCE_DIR;
}

std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "scenarios")) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

RunResult run(SystemConfig config) {
  System system(config);
  system.run();
  return system.result();
}

using edasim::testing::named;

// A state's entries in a machine's result.
std::uint64_t entries(const StateMachineResult& m, const std::string& state) {
  for (std::size_t i = 0; i < m.state_names.size(); ++i) {
    if (m.state_names[i] == state) return m.state_entries[i];
  }
  FAIL("no state " << state << " in " << m.name);
  return 0;
}

// Whether `outcome` executions of `m` closed in the terminal states `ends`:
// their entries are the outcome, and at most the running executions more
// (one entered its last state within a transition of the run's end).
bool ended_in(const StateMachineResult& m, std::uint64_t outcome,
              std::initializer_list<const char*> ends) {
  std::uint64_t entered = 0;
  for (const char* end : ends) entered += entries(m, end);
  return entered >= outcome && entered <= outcome + m.running;
}

std::string report_json(const RunResult& r) {
  for (const auto& file : report::render_reports(r)) {
    if (file.name == "report.json") return file.content;
  }
  FAIL("no report.json rendered");
  return {};
}

}  // namespace

// Hidden from the test list: tests/CMakeLists.txt runs it once per shipped
// scenario (EDASIM_SCENARIO names the file), so ctest spreads the scenarios
// over its jobs; without EDASIM_SCENARIO it takes every one.
TEST_CASE(
    "a shipped scenario balances its books and passes the end-of-run invariants: each "
    "event is accounted for",
    "[.][books]") {
  auto files = shipped_scenarios();
  REQUIRE(files.size() >= 2);
  if (const char* one = std::getenv("EDASIM_SCENARIO")) {
    const auto named = std::find_if(files.begin(), files.end(),
                                    [&](const auto& f) { return f.filename() == one; });
    INFO("EDASIM_SCENARIO=" << one);
    REQUIRE(named != files.end());
    files = {*named};
  }
  for (const auto& file : files) {
    // Every design of a study.
    for (const plan::DesignConfig& design : scenario::load_study(file).designs) {
      SystemConfig config = design.system;
      // Under the sanitizers a shorter run keeps the suite quick; the books
      // must balance at any end time.
      config.duration = from_seconds(config.duration.seconds() * EDASIM_TEST_SCALE);
      const RunResult r = run(config);
      INFO(file.filename().string() << " " << design.name);
      CHECK(r.events.produced > 0);
      CHECK(r.events.balanced());
      CHECK(r.events.copies >= r.events.routed_events);
      // The checks the run stored are the ones its figures give.
      REQUIRE(r.invariants.size() == check_invariants(r).size());
      for (const InvariantCheck& c : r.invariants) {
        INFO(c.name << ": " << (c.failures.empty() ? "" : c.failures.front()));
        CHECK(c.holds());
      }
    }
  }
}

TEST_CASE("the same scenario and seed give a byte-identical report.json") {
  SystemConfig config = scenario::load(source_dir() / "scenarios" / "flash-sale.toml");
  config.duration = from_seconds(1200 * EDASIM_TEST_SCALE);
  const std::string a = report_json(run(config));
  const std::string b = report_json(run(config));
  CHECK(a == b);
  config.seed += 1;
  const std::string c = report_json(run(config));
  CHECK(a != c);
}

TEST_CASE("an override changes the run as the same value in the file would") {
  const auto file = source_dir() / "scenarios" / "mmc.toml";
  SystemConfig base = scenario::load(file);
  const std::vector<scenario::Override> more_servers{
      {"consumers." + base.fleets.at(0).name + ".instances",
       std::to_string(base.fleets.at(0).instances + 2)}};
  SystemConfig bigger = scenario::load(file, more_servers);
  CHECK(bigger.fleets.at(0).instances == base.fleets.at(0).instances + 2);
  base.duration = bigger.duration = minutes(10);
  const RunResult slow = run(base), fast = run(bigger);
  CHECK(slow.events.produced == fast.events.produced);
  CHECK(fast.fleets.at(0).queue_wait.mean() < slow.fleets.at(0).queue_wait.mean());
}

TEST_CASE("the shipped M/M/c scenario waits within 10% of Erlang C") {
  // The scenario is the validation case users run themselves (the tests of
  // the model check M/M/c with confidence intervals over many seeds); here
  // one run of the file as shipped must land near the closed form.
  SystemConfig config = scenario::load(source_dir() / "scenarios" / "mmc.toml");
  config.duration = from_seconds(config.duration.seconds() * EDASIM_TEST_SCALE);
  const RunResult r = run(config);
  REQUIRE(r.fleets.size() == 1);
  const FleetConfig& fleet = config.fleets[0];
  const double lambda = static_cast<double>(r.events.produced) / config.duration.seconds();
  const double mu = 1.0 / fleet.processing.seconds().mean();
  const auto servers = static_cast<std::size_t>(fleet.instances * fleet.pollers_per_instance);
  const analytic::QueueMetrics theory = analytic::mmc(lambda, mu, servers);
  CHECK(r.events.balanced());
  CHECK(r.fleets[0].utilization == Approx(theory.utilisation).epsilon(0.02));
  CHECK(r.fleets[0].queue_wait.mean() * 1e-9 == Approx(theory.mean_wait).epsilon(0.10));
}

TEST_CASE("the M/M/c scenario's report sets Erlang C beside the simulation") {
  SystemConfig config = scenario::load(source_dir() / "scenarios" / "mmc.toml");
  config.duration = minutes(10);
  const RunResult r = run(config);
  REQUIRE(r.fleets.at(0).station.has_value());
  CHECK(r.fleets[0].station->servers == 10);
  CHECK(r.fleets[0].station->exponential_service);
  const std::string json = report_json(r);
  CHECK(json.find("\"model\": \"M/M/10\"") != std::string::npos);
  // Erlang C for lambda = 90/s, mu = 10/s, c = 10: Wq = 66.873 ms.
  CHECK(json.find("\"mean_wait_ms\": 66.873") != std::string::npos);
}

TEST_CASE("a fleet behind a bus is no plain station and gets no closed form") {
  SystemConfig config = scenario::load(source_dir() / "scenarios" / "flash-sale.toml");
  config.duration = minutes(1);
  const RunResult r = run(config);
  for (const FleetResult& f : r.fleets) CHECK_FALSE(f.station.has_value());
  CHECK(report_json(r).find("\"theory\"") == std::string::npos);
}

TEST_CASE(
    "the checkout outage's alarms fire during the outage and clear after it, and the "
    "re-push starts when the error alarm clears") {
  const RunResult r = run(scenario::load(source_dir() / "scenarios" / "checkout-outage.toml"));
  CHECK(r.events.balanced());
  REQUIRE(r.faults.size() == 1);
  const Duration start = r.faults[0].start;
  const Duration end = start + r.faults[0].duration;
  REQUIRE(r.alarms.size() == 4);
  for (const AlarmResult& a : r.alarms) {
    INFO(a.config.name);
    // Each alarm goes to ALARM once, within three minutes of the outage's
    // start, and back to OK before the run ends.
    std::vector<Duration> alarms, oks;
    for (const AlarmTransition& t : a.transitions) {
      (t.to == AlarmState::alarm ? alarms : oks).push_back(t.at);
    }
    REQUIRE(alarms.size() == 1);
    CHECK(alarms[0] > start);
    CHECK(alarms[0] <= start + minutes(3));
    CHECK(oks.back() > end);
    CHECK(a.final_state == AlarmState::ok);
  }
  const AlarmResult& errors = r.alarms[0];
  REQUIRE(errors.config.name == "email-errors");
  // Two breaching minutes alarm; the first quiet minute after the outage clears.
  CHECK(errors.transitions[1].at == start + minutes(2));
  CHECK(errors.transitions.back().at == end + minutes(1));
  const QueueResult* dlq = nullptr;
  for (const QueueResult& q : r.queues) {
    if (q.name == "email-dlq") dlq = &q;
  }
  REQUIRE(dlq != nullptr);
  REQUIRE(dlq->redrive_starts.size() == 1);
  CHECK(dlq->redrive_starts[0] == errors.transitions.back().at);
  REQUIRE(r.fault_impacts.size() == 1);
  const FaultImpact& f = r.fault_impacts[0];
  REQUIRE(f.time_to_detect);
  CHECK(*f.time_to_detect <= minutes(2));
  CHECK(f.moved_to_dlq > 0);
  CHECK(f.redriven == f.moved_to_dlq);
  CHECK(f.recovered == f.redriven);
  CHECK(r.events.dlq == 0);
  REQUIRE(f.time_to_drain);
  CHECK(f.backlog_peak > 1000);
}

TEST_CASE("the lambda scenario scales past its reserved concurrency and is throttled") {
  const RunResult r = run(scenario::load(source_dir() / "scenarios" / "lambda.toml"));
  REQUIRE(r.functions.size() == 1);
  const FunctionResult& f = r.functions[0];
  CHECK(r.events.balanced());
  // The mapping scales on the backlog; the function runs at most 100 at once.
  CHECK(f.peak_executions == 100);
  CHECK(f.peak_concurrency > 100);
  CHECK(f.throttles > 0);
  CHECK(f.throttled_batches > 0);
  // Environments are kept warm for the whole run: one cold start each.
  CHECK(f.cold_starts == static_cast<std::uint64_t>(f.peak_executions));
  CHECK(f.partial_failures > 0);
  CHECK(f.failed_batches == 0);
  CHECK(calls_made(r, "lambda:thumbnail", "Invoke") == f.invocations);
  const auto& columns = r.series.columns();
  CHECK(std::find(columns.begin(), columns.end(), "thumbnail.concurrency") != columns.end());
}

TEST_CASE(
    "securecart's workflows: every paid order starts a fulfilment, every return a refund, "
    "and each execution ends in the state its outcome says") {
  const RunResult r = run(scenario::load(source_dir() / "scenarios" / "securecart.toml"));
  // The books and the end-of-run invariants are the [books] test's.
  CHECK(r.events.balanced());
  const FleetResult& payments = named(r.fleets, "payments");
  const StateMachineResult& fulfilment = named(r.state_machines, "fulfilment");
  const StateMachineResult& refund = named(r.state_machines, "refund");
  REQUIRE(payments.processed > 0);
  // One OrderPaid per successful payment reaches the bus, whose rule starts
  // one execution each (but for the few still on their way at the end);
  // the quota refuses none at 200 starts a second.
  CHECK(fulfilment.throttled == 0);
  CHECK(fulfilment.started <= payments.processed);
  CHECK(fulfilment.started + 10 >= payments.processed);
  CHECK(refund.started == named(r.producers, "returns").produced);
  std::uint64_t started = 0;
  for (const StateMachineResult& m : r.state_machines) {
    INFO(m.name);
    CHECK(m.started > 0);
    CHECK(m.started == m.succeeded + m.failed + m.timed_out + m.running);
    CHECK(m.history_exceeded == 0);
    started += m.started + m.throttled;
  }
  CHECK(calls_made(r, "bus:shop", "StartExecution") == started);
  // A succeeded fulfilment shipped or found an item sold out; a failed one
  // went through the compensation path to its Fail state (a task timeout
  // while waiting for the warehouse, here); sold out is 2 % of the orders
  // that reached the Choice.
  CHECK(ended_in(fulfilment, fulfilment.succeeded, {"Shipped", "SoldOut"}));
  CHECK(ended_in(fulfilment, fulfilment.failed, {"Cancelled"}));
  CHECK(fulfilment.failed == fulfilment.caught);
  CHECK(fulfilment.failed > 0);
  CHECK(fulfilment.task_timeouts >= fulfilment.failed);
  const double sold_out = static_cast<double>(entries(fulfilment, "SoldOut")) /
                          static_cast<double>(entries(fulfilment, "InStock"));
  CHECK(sold_out == Approx(0.02).margin(0.003));
  // Executions wait minutes for the shipment, so some are open at the end.
  CHECK(fulfilment.running > 0);
  // Every execution enters ReserveInventory and InStock; one that ships
  // enters at least eight states more (the Map and one item, the label,
  // the shipment, the Parallel and its two branches, Shipped).
  CHECK(fulfilment.transitions >= 2 * fulfilment.started + 8 * entries(fulfilment, "Shipped"));
  CHECK(fulfilment.cost_usd == Approx(static_cast<double>(fulfilment.transitions) * 0.025 / 1000));
  // A refund succeeds when it is paid or the return is rejected; it fails
  // through the notifying path.
  CHECK(ended_in(refund, refund.succeeded, {"Done", "Rejected"}));
  CHECK(ended_in(refund, refund.failed, {"RefundFailed"}));
  CHECK(entries(refund, "NotifyRefundFailed") >= refund.failed);
  CHECK(refund.failed > 0);
  // Bus-started executions count their copies: failed ones as rejected.
  std::uint64_t failed = 0;
  for (const StateMachineResult& m : r.state_machines) failed += m.failed + m.timed_out;
  CHECK(r.events.rejected == failed);
}

TEST_CASE(
    "securecart's orders reach the payments FIFO queue through the order service, each in its "
    "customer's message group") {
  const RunResult r = run(scenario::load(source_dir() / "scenarios" / "securecart.toml"));
  const FleetResult& orders = named(r.fleets, "orders");
  const FleetResult& payments = named(r.fleets, "payments");
  const QueueResult& queue = named(r.queues, "payments");
  REQUIRE(orders.processed > 50'000);
  // The order service forwards each order it processes once: every payment
  // request is one of its emissions, and none is deduplicated.
  CHECK(queue.sent == orders.processed);
  CHECK(queue.deduplicated == 0);
  // The group is the order's customer, carried over from the order's
  // fields: 20,000 customers, of whom about 19,500 order in the run; without
  // the carried field every payment would be in the one empty group.
  CHECK(payments.groups > 19'000);
  CHECK(payments.groups <= 20'000);
  CHECK(queue.max_groups_in_flight > 100);
}

TEST_CASE(
    "a million events a second: Kafka takes them all within 100 ms, SNS and EventBridge hit "
    "their quotas, standard queues deliver duplicates that idempotency suppresses") {
  const plan::StudyConfig study = scenario::load_study(source_dir() / "scenarios" / "million.toml");
  REQUIRE(study.designs.size() == 3);
  const RunResult kafka = run(study.designs[0].system);
  const RunResult sns = run(study.designs[1].system);
  const RunResult eb = run(study.designs[2].system);
  for (const RunResult* r : {&kafka, &sns, &eb}) {
    CHECK(r->events.balanced());
    CHECK(r->events.produced > 1'900'000);
  }
  CHECK(kafka.producers[0].fingerprint == sns.producers[0].fingerprint);
  CHECK(kafka.producers[0].fingerprint == eb.producers[0].fingerprint);

  // Kafka: no partition over its write limit, nothing lost, p99 in budget;
  // the consumer that fails re-processes what it had not committed.
  REQUIRE(kafka.streams.size() == 1);
  CHECK(kafka.streams[0].throttled == 0);
  CHECK(kafka.streams[0].peak_partition_bytes_per_second < 10'000'000);
  CHECK(kafka.events.rejected_at_ingest + kafka.events.throttled == 0);
  CHECK(kafka.end_to_end.quantile(0.99) < milliseconds(100).ns);
  CHECK(kafka.groups.at(0).reprocessed > 0);
  CHECK(kafka.events.duplicates_processed == kafka.groups.at(0).reprocessed);

  // SNS admits its 30,000 messages/s (plus a second's burst at most); the
  // producer sends the throttled entries again while its retry quota lasts
  // and then gives up on them. Every PublishBatch of ten 1 KB entries is one
  // billed request, whatever the quota did to its entries.
  REQUIRE(sns.topics.size() == 1);
  CHECK(sns.topics[0].published <= 90'000);
  CHECK(sns.topics[0].published >= 60'000);
  CHECK(sns.topics[0].published + sns.topics[0].dropped <= sns.events.produced);
  CHECK(sns.topics[0].dropped > 1'800'000);
  CHECK(sns.events.throttled == sns.topics[0].dropped);
  const CallLine* batches = nullptr;
  for (const CallLine& c : sns.calls) {
    if (c.kind == "PublishBatch") batches = &c;
  }
  REQUIRE(batches != nullptr);
  CHECK(batches->calls >= sns.events.produced / 10);
  CHECK(batches->billing_units == batches->calls);

  // EventBridge admits 10,000 PutEvents of 10 a second; the SDK gives up on
  // the rest, and deliveries queue behind the invocations quota.
  REQUIRE(eb.buses.size() == 1);
  CHECK(eb.buses[0].put_events_entries <= 300'000);
  CHECK(eb.events.throttled > 1'500'000);
  CHECK(eb.buses[0].delayed_invocations > 0);
  CHECK(eb.buses[0].invocations < eb.events.copies);

  // Standard queues deliver the odd duplicate: the audit fleet's idempotency
  // store suppresses its own.
  for (const RunResult* r : {&sns, &eb}) {
    CHECK(r->events.duplicates_delivered > 0);
    CHECK(r->events.duplicates_suppressed > 0);
  }
}

TEST_CASE(
    "checkout: the synchronous design answers in about 4 s and fails orders while email "
    "is down, the event-driven one answers in about 200 ms and fails none") {
  const plan::StudyConfig study =
      scenario::load_study(source_dir() / "scenarios" / "checkout.toml");
  REQUIRE(study.designs.size() == 3);
  REQUIRE(study.designs[0].name == "synchronous");
  const RunResult sync = run(study.designs[0].system);
  const RunResult eda = run(study.designs[1].system);
  const RunResult sms = run(study.designs[2].system);
  for (const RunResult* r : {&sync, &eda, &sms}) CHECK(r->events.balanced());
  // Common random numbers: the same shoppers in every design.
  CHECK(sync.producers[0].fingerprint == eda.producers[0].fingerprint);
  CHECK(sync.producers[0].fingerprint == sms.producers[0].fingerprint);

  const ChainResult& slow = sync.chains.at(0);
  const ChainResult& fast = eda.chains.at(0);
  CHECK(slow.latency.quantile(0.5) > seconds(3).ns);
  CHECK(slow.latency.quantile(0.5) < seconds(5).ns);
  CHECK(fast.latency.quantile(0.5) > milliseconds(150).ns);
  CHECK(fast.latency.quantile(0.5) < milliseconds(300).ns);
  // Ten minutes at 20 orders a second fail in the synchronous design, and
  // nothing fails in the event-driven one.
  CHECK(slow.failed > 11'000);
  CHECK(slow.failed < 13'000);
  // Most fail on email's errors in the outage; a few hundred are shipping
  // calls over their 3 s timeout, which the outage did not cause.
  CHECK(slow.failed_errors > 11'000);
  CHECK(slow.failed_errors < 12'100);
  CHECK(slow.failed_timeouts > 300);
  CHECK(slow.failed_timeouts < 1'000);
  CHECK(sync.events.failed_requests == slow.failed);
  CHECK(fast.failed == 0);
  CHECK(eda.events.failed_requests == 0);
  // The emails that reached the DLQ are re-pushed and processed.
  CHECK(eda.events.recovered_by_redrive > 1000);
  // The 90-minute run outlasts the email backlog's drain.
  for (const QueueResult& q : eda.queues) {
    if (q.name == "email") CHECK(q.final_visible == 0);
  }
  CHECK(eda.events.expired == 0);
  // The fourth target costs its copies and calls, and changes nothing else.
  CHECK(sms.events.copies > eda.events.copies);
  CHECK(calls_made(sms, "chain:checkout", "PutEvents") ==
        calls_made(eda, "chain:checkout", "PutEvents"));
}

TEST_CASE(
    "content routing: each rule's target sees its share, poison reaches the DLQ without "
    "blocking, and backoff trades latency for fewer immediate retries") {
  const plan::StudyConfig study =
      scenario::load_study(source_dir() / "scenarios" / "content-routing.toml");
  REQUIRE(study.designs.size() == 3);
  const RunResult backoff = run(study.designs[0].system);
  const RunResult immediate = run(study.designs[2].system);
  CHECK(backoff.events.balanced());
  CHECK(immediate.events.balanced());
  auto queue = [](const RunResult& r, const std::string& name) {
    for (const QueueResult& q : r.queues) {
      if (q.name == name) return q;
    }
    FAIL("no queue " << name);
    return QueueResult{};
  };
  // Every lifecycle event reaches analytics (but for the few still in the
  // bus's delivery latency when the run ends); a small share is high-value.
  CHECK(queue(backoff, "analytics").sent <= backoff.events.routed_events);
  CHECK(queue(backoff, "analytics").sent + 50 > backoff.events.routed_events);
  const double fraud_share = static_cast<double>(queue(backoff, "fraud").sent) /
                             static_cast<double>(backoff.events.produced);
  CHECK(fraud_share > 0.01);
  CHECK(fraud_share < 0.04);
  // Poison fraud orders end in the DLQ, and the rest of fraud stays fast.
  CHECK(queue(backoff, "fraud-dlq").final_visible > 0);
  for (const FleetResult& f : backoff.fleets) {
    if (f.name == "fraud") CHECK(f.end_to_end.quantile(0.99) < seconds(2).ns);
  }
  // Waiting 10/20/40 s between attempts costs latency in the tail.
  CHECK(backoff.end_to_end.quantile(0.99) > immediate.end_to_end.quantile(0.99));
}

TEST_CASE(
    "schema drift: without a registry the bad events end in the DLQ, quarantine keeps them "
    "out of it and loses none, reject loses them") {
  const plan::StudyConfig study =
      scenario::load_study(source_dir() / "scenarios" / "schema-drift.toml");
  REQUIRE(study.designs.size() == 3);
  const RunResult none = run(study.designs[0].system);
  const RunResult quarantine = run(study.designs[1].system);
  const RunResult reject = run(study.designs[2].system);
  for (const RunResult* r : {&none, &quarantine, &reject}) CHECK(r->events.balanced());
  CHECK(none.producers[0].fingerprint == quarantine.producers[0].fingerprint);
  CHECK(none.producers[0].fingerprint == reject.producers[0].fingerprint);

  // The same bad events in every design: poison in the first, mismatches in
  // the others.
  const BusResult& q = quarantine.buses.at(0);
  const BusResult& r = reject.buses.at(0);
  CHECK(q.schema_quarantined > 1'000);
  CHECK(q.schema_quarantined == r.schema_rejected);
  // Those not yet through their three receives are still in flight.
  CHECK(none.events.dlq <= q.schema_quarantined);
  CHECK(none.events.dlq + none.events.in_flight >= q.schema_quarantined);
  // Quarantined, every order is processed (by fulfilment or by triage).
  CHECK(quarantine.events.dlq == 0);
  CHECK(quarantine.events.processed + quarantine.events.in_flight +
            quarantine.events.awaiting_routing ==
        quarantine.events.produced);
  // Rejected, they are refused at ingest and nothing fails downstream.
  CHECK(reject.events.rejected_at_ingest == r.schema_rejected);
  CHECK(reject.events.dlq == 0);
  CHECK(reject.fleets.at(0).failed == 0);
  CHECK(none.fleets.at(0).failed > 3 * none.events.dlq - 1);
}
