#include "sim/report/terminal.hpp"

#include "sim/report/format.hpp"
#include "sim/report/table.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "tests/report/sample_run.hpp"
#include "tests/report/text.hpp"

using namespace edasim;
using namespace edasim::metrics;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::has;
using edasim::report::testing::sample_run;

namespace {

std::string summary_of(const RunResult& r) {
  std::ostringstream out;
  write_summary(r, out);
  return out.str();
}

}  // namespace

TEST_CASE("the summary answers with the run's key figures", "[terminal]") {
  const std::string s = summary_of(sample_run());
  CHECK(has(s, "edasim report: flash-sale"));
  CHECK(has(s, "How deep and how old do queues get in a flash sale?"));
  CHECK(has(s, "Balanced: produced 1,000"));
  CHECK(has(s, "ReceiveMessage"));
  CHECK(has(s, "2,100.0"));    // ReceiveMessage per 1,000 events
  CHECK(has(s, "7,530"));      // calls in total
  CHECK(has(s, "4,341,600"));  // SQS billing units in 30 days
  CHECK(has(s, "$2.60"));      // monthly total
  CHECK(has(s, "extrapolation"));
  CHECK(has(s, "2.000s"));  // end-to-end max
  CHECK(has(s, "fraud-dlq (DLQ)"));
  CHECK(has(s, "4m 13s"));   // max age of the fraud queue
  CHECK(has(s, "45.7%"));    // utilisation
  CHECK(has(s, "250.0ms"));  // processing p99
}

TEST_CASE("the summary shouts when events do not balance", "[terminal]") {
  CHECK_FALSE(has(summary_of(sample_run()), "NOT BALANCED"));
  RunResult r = sample_run();
  r.events.produced += 8;
  const std::string s = summary_of(r);
  CHECK(has(s, "EVENTS NOT BALANCED"));
  CHECK(has(s, "8 fewer than 1,008 produced"));
  CHECK(s.find("NOT BALANCED") < s.find("Events\n"));
}

TEST_CASE("the summary is plain text and the same every time", "[terminal]") {
  const std::string s = summary_of(sample_run());
  CHECK(s.find('\x1b') == std::string::npos);
  CHECK(s == summary_of(sample_run()));
}

TEST_CASE("the summary says when nothing was measured rather than printing zero", "[terminal]") {
  RunResult r = sample_run();
  r.end_to_end = Histogram();
  const std::string s = summary_of(r);
  const auto start = s.find("all consumers");
  REQUIRE(start != std::string::npos);
  const std::string line = s.substr(start, s.find('\n', start) - start);
  CHECK(has(line, "n/a"));
  CHECK_FALSE(has(line, "0.000"));
}

TEST_CASE("the summary lists alarm transitions and what each fault did", "[terminal]") {
  const std::string s = summary_of(edasim::report::testing::monitored_run());
  CHECK(has(s, "Alarms"));
  CHECK(has(s, "Maximum > 0 for 1 of 1"));
  CHECK(has(s, "20m 00s  fraud-dlq-not-empty  OK                 ALARM"));
  CHECK(has(s, "Faults"));
  CHECK(has(s, "18m 00s to 30m 00s"));
  CHECK(has(s, "2m 00s"));                  // time to detect
  CHECK(has(s, "not drained by the end"));  // time to drain
  CHECK(has(s, "4.00"));                    // amplification during the fault
  CHECK(has(s, "1.077 processing attempts per successful one"));
  CHECK_FALSE(has(summary_of(sample_run()), "Alarms"));
}

TEST_CASE("the summary lists each bus target's retries and how its failed copies ended",
          "[terminal]") {
  RunResult r = sample_run();
  BusResult bus;
  bus.name = "orders";
  bus.matched_events = 990;
  bus.invocations = 1'311;
  bus.retry_attempts = 321;
  bus.failed_invocations = 17;
  bus.sent_to_dlq = 0;
  bus.dropped = 17;
  bus.maximum_event_age = 12;
  bus.not_retryable = 5;
  BusTargetResult target;
  target.rule = "high-value";
  target.queue = "fraud";
  target.invocations = 1'311;
  target.failed_attempts = 338;
  target.retry_attempts = 321;
  target.failed_invocations = 17;
  target.dropped = 17;
  bus.targets.push_back(target);
  r.buses.push_back(bus);
  r.events.processed -= 17;
  r.events.dropped_by_bus = 17;
  const std::string s = summary_of(r);
  CHECK(has(s, "Buses"));
  CHECK(has(s, "high-value -> fraud"));
  CHECK(has(s, "1,311"));
  CHECK(has(s,
            "gave up on 17 copies: 0 at the maximum retry attempts, 12 at the maximum "
            "event age, 5 at once"));
  CHECK(has(s, "dropped by a bus"));
  CHECK(has(s, "17 dropped by a bus"));
  CHECK_FALSE(has(s, "NOT BALANCED"));
}

TEST_CASE("a failed end-of-run invariant opens the summary loudly", "[terminal]") {
  CHECK_FALSE(has(summary_of(sample_run()), "INVARIANT FAILED"));
  CHECK(has(summary_of(sample_run()), "End-of-run invariants hold"));
  edasim::model::RunResult r = sample_run();
  r.queues[0].max_age = r.simulated + edasim::seconds(5);
  r.invariants = edasim::model::check_invariants(r);
  const std::string s = summary_of(r);
  CHECK(has(s, "!! END-OF-RUN INVARIANT FAILED: DO NOT TRUST THIS REPORT"));
  CHECK(has(s, "!! INVARIANT FAILED (age-within-run)"));
}

TEST_CASE("reports show the invariant checks the run stored, and claim none it did not make") {
  // A report reads RunResult::invariants, checked once when the run ended:
  // a failure stored there opens the summary even if the figures look sound.
  edasim::model::RunResult r = sample_run();
  r.invariants[1].failures.push_back("fault x: 0.5");
  CHECK(has(summary_of(r), "!! INVARIANT FAILED (amplification-at-least-1)"));
  r.invariants.clear();
  const std::string unchecked = summary_of(r);
  CHECK_FALSE(has(unchecked, "End-of-run invariants hold"));
  CHECK(has(unchecked, "End-of-run invariants: not checked"));
}

namespace {

std::size_t lines_wider_than(const std::string& text, std::size_t width) {
  std::size_t n = 0, from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos;
       from = nl + 1, nl = text.find('\n', from)) {
    if (display_width(text.substr(from, nl - from)) > width) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("the summary fits the terminal's width and loses no figure", "[terminal]") {
  const RunResult r = edasim::report::testing::monitored_run();
  std::ostringstream wide, narrow;
  write_summary(r, wide);
  write_summary(r, narrow, {80, false});
  CHECK(lines_wider_than(wide.str(), 80) > 0);
  CHECK(lines_wider_than(narrow.str(), 80) == 0);
  for (const char* figure : {"4m 13s", "45.7%", "2.000s", "250.0ms", "$2.60", "4,341,600"})
    CHECK(has(narrow.str(), figure));
}

TEST_CASE("the headline summary prints the headline figures and none of the sections",
          "[terminal]") {
  std::ostringstream out;
  write_summary(sample_run(), out, {80, true});
  const std::string s = out.str();
  CHECK(has(s, "edasim report: flash-sale"));
  CHECK(has(s, "Headline"));
  CHECK(has(s, "in dead-letter queues"));
  CHECK(has(s, "max 2.000s"));
  // Lost as the study measure events.lost counts it.
  const EventTotals& e = sample_run().events;
  const std::uint64_t lost =
      e.expired + e.rejected + e.rejected_at_ingest + e.throttled + e.dropped_by_bus;
  const auto at = s.find("\n  lost ");
  REQUIRE(at != std::string::npos);
  const std::string line = s.substr(at + 1, s.find('\n', at + 1) - at - 1);
  CHECK(line.ends_with(" " + format_count(lost)));
  CHECK(has(s, "$2.60"));
  CHECK_FALSE(has(s, "API calls by kind"));
  CHECK_FALSE(has(s, "ReceiveMessage"));
  CHECK(lines_wider_than(s, 80) == 0);
}

TEST_CASE("the headline summary still says loudly when events do not balance", "[terminal]") {
  RunResult r = sample_run();
  r.events.produced += 8;
  std::ostringstream out;
  write_summary(r, out, {80, true});
  CHECK(has(out.str(), "EVENTS NOT BALANCED"));
}
