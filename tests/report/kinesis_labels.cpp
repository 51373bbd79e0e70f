// Kinesis figures under their own names: throttled records are PutRecords
// refusals, not PutEvents ones, and their billing units stand apart from
// other services' units.
#include <catch2/catch.hpp>
#include <string>

#include "sim/report/markdown.hpp"
#include "tests/report/sample_run.hpp"
#include "tests/report/text.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::has;
using edasim::report::testing::sample_run;

namespace {

// A producer writing to a Kinesis stream only: no bus in the run.
RunResult kinesis_run() {
  RunResult r = sample_run();
  r.calls = {{"producer:clicks", "PutRecords", 1000, 1400}};
  r.events.throttled = 30;
  r.events.routed_events = 960;
  StreamResult st;
  st.name = "clicks";
  st.kind = "kinesis";
  st.partitions = 1;
  st.records = 970;
  st.throttled = 120;
  st.dropped = 30;
  st.put_units = 1400;
  r.streams = {st};
  return r;
}

}  // namespace

TEST_CASE("throttled stream records are named by the stream's call, not PutEvents",
          "[kinesis-labels]") {
  const std::string md = to_markdown(kinesis_run());
  CHECK(has(md,
            "| &nbsp;&nbsp;throttled | 30 | dropped by a producer after its throttled "
            "PutRecords retries |"));
  CHECK_FALSE(has(md, "PutEvents"));
}

TEST_CASE("a run with a bus and a stream splits its throttled events by call", "[kinesis-labels]") {
  RunResult r = kinesis_run();
  r.events.throttled = 35;
  r.buses.push_back(BusResult{});
  const std::string md = to_markdown(r);
  CHECK(has(md, "after its throttled PutEvents (5) or PutRecords (30) retries"));
}

TEST_CASE("the API call total adds no billing units across services", "[kinesis-labels]") {
  RunResult r = sample_run();
  r.calls.push_back({"producer:clicks", "PutRecords", 40, 90});
  const std::string md = to_markdown(r);
  CHECK(has(md, "| **total** |  | **7,570** | **7,570.0** |  |"));
  CHECK(has(md, "Billing units by service: EventBridge 1,200, SQS 6,030, Kinesis 90."));
}
