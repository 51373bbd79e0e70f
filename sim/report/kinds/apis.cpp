#include "sim/report/fault_sections.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void apis_json(Json& report, const model::RunResult& r) {
  write_components(report, "apis", r.apis, [&](const model::ApiResult& a) {
    Json j;
    write_fields(j, a, r, model::api_fields());
    return j;
  });
}

void apis_reference(JsonReference& ref) {
  ref.heading("Downstream APIs");
  ref.object("apis", "one entry per downstream API, keyed by name, in scenario order");
  ref.fields("apis.<name>.", model::api_fields());
}

void apis_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (auto apis = apis_section(r)) out.push_back(std::move(*apis));
}

}  // namespace

// Not in the topology listing: a call is no stop on the way events flow.
const ReportKind apis_report{.stage = Stage::downstream,
                             .json = apis_json,
                             .reference = apis_reference,
                             .sections = apis_sections};

}  // namespace edasim::report
