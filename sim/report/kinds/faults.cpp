#include "sim/report/fault_sections.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

Json faults_json(const std::vector<model::FaultWindow>& faults) {
  Json out = Json::array();
  for (const model::FaultWindow& f : faults) {
    Json j;
    j["name"] = f.name;
    j["kind"] = f.kind;
    j["target"] = f.target;
    j["start_s"] = json_number(f.start.seconds(), 3);
    j["end_s"] = json_number((f.start + f.duration).seconds(), 3);
    out.push_back(std::move(j));
  }
  return out;
}

void faults_report_json(Json& report, const model::RunResult& r) {
  report["faults"] = faults_json(r.faults);
}

const ReferenceRow kFaults[] = {
    {R"md(`faults`)md", R"md(array)md", R"md()md",
     R"md(the scenario's faults in declaration order, each `{name, kind, target, start_s, end_s}`; `target` is `"consumer:<name>"`, `"api:<name>"` or `"bus:<name>"`; `start_s`/`end_s` in seconds from the run's start)md",
     R"md()md"},
};

void faults_reference(JsonReference& ref) {
  ref.heading("Faults");
  ref.rows(kFaults);
}

// The faults' windows, then how the consumers coped with them.
void faults_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (auto faults = faults_section(r)) out.push_back(std::move(*faults));
  if (auto recovery = recovery_section(r)) out.push_back(std::move(*recovery));
}

}  // namespace

// Not in the topology listing: a fault is no stop on the way events flow.
const ReportKind faults_report{.stage = Stage::disturbance,
                               .json = faults_report_json,
                               .reference = faults_reference,
                               .sections = faults_sections};

}  // namespace edasim::report
