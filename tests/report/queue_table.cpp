// The queue table and its notes in every human-readable report: what a
// queue refused (too large, or over a FIFO queue's API quota) must be seen
// without opening report.json.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "sim/report/html.hpp"
#include "sim/report/markdown.hpp"
#include "sim/report/terminal.hpp"
#include "tests/report/sample_run.hpp"
#include "tests/report/text.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::has;
using edasim::report::testing::sample_run;

namespace {

// A FIFO queue without a redrive (a FIFO queue never has one) whose sends
// were throttled, beside the sample's standard queue with oversize sends.
RunResult throttled_fifo_run() {
  RunResult r = sample_run();
  r.queues[0].rejected = 7;
  QueueResult ledger;
  ledger.name = "ledger";
  ledger.fifo = true;
  ledger.sent = 904;
  ledger.received = 904;
  ledger.deleted = 904;
  ledger.throttled_sends = 20'736;
  ledger.throttled_receives = 12;
  ledger.max_groups_in_flight = 4;
  r.queues.push_back(ledger);
  return r;
}

std::string terminal_text(const RunResult& r) {
  std::ostringstream out;
  write_summary(r, out);
  return out.str();
}

}  // namespace

TEST_CASE("queue tables show rejected and throttled sends in every report", "[queue-table]") {
  const RunResult r = throttled_fifo_run();
  const std::string md = to_markdown(r);
  CHECK(has(md, "| queue | sent | per 1,000 events | rejected | throttled | received |"));
  CHECK(has(md, "| fraud | 1,980 | 1,980.0 | 7 |  | 2,100 |"));
  CHECK(has(md, "| ledger (FIFO) | 904 | 904.0 | 0 | 20,736 | 904 |"));
  const std::string text = terminal_text(r);
  CHECK(has(text, "throttled"));
  CHECK(has(text, "20,736"));
  CHECK(has(to_html(r), "20,736"));
}

TEST_CASE("a FIFO queue's throttling note shows without a redrive", "[queue-table]") {
  const RunResult r = throttled_fifo_run();
  const std::string note =
      "ledger (FIFO): 0 duplicate sends dropped in the deduplication window, 20,736 messages "
      "of throttled sends, 12 throttled receives, at most 4 message groups in flight at once.";
  CHECK(has(terminal_text(r), note));
  // Throttled messages were refused, so the note is an alert.
  CHECK(has(to_markdown(r), "**" + note + "**"));
  CHECK(has(to_html(r), note));
}
