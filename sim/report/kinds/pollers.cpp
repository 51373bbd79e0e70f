#include "sim/report/field_json.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

// Present only when the design polls: a polling integration is the design
// edasim compares event-driven ones with, not part of them.
void pollers_json(Json& report, const model::RunResult& r) {
  if (r.pollers.empty()) return;
  write_components(report, "pollers", r.pollers, [&](const model::PollerResult& p) {
    Json j;
    write_fields(j, p, r, model::poller_fields());
    write_latencies(j, p, r, model::poller_latencies());
    return j;
  });
}

void pollers_reference(JsonReference& ref) {
  ref.heading("Polling integrations");
  ref.object("pollers",
             "one entry per polling integration, keyed by name; present only when the design "
             "has pollers");
  ref.fields("pollers.<name>.", model::poller_fields());
  ref.latencies("pollers.<name>.", model::poller_latencies());
}

}  // namespace

// Not in the topology listing: a poll is no stop on the way events flow.
const ReportKind pollers_report{
    .stage = Stage::processing, .json = pollers_json, .reference = pollers_reference};

}  // namespace edasim::report
