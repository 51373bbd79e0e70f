#include "sim/report/cost.hpp"
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

// A downstream API bills its admitted calls at the price the scenario gives.
void apis_bill(Bill& bill) {
  bill.group("apis", "apis_monthly_usd");
  for (const model::ApiResult& api : bill.run().apis) {
    const bool priced = api.price_per_million > 0;
    if (!priced) bill.unpriced("API " + api.name);
    BillLine& line =
        bill.requests("API " + api.name, api.name, static_cast<double>(api.calls - api.rejected),
                      bill.window("apis." + api.name, "admitted"), 0, api.price_per_million);
    line.shown = priced;
    line.measure = priced ? "cost.api." + api.name : "";
  }
}

const ReferenceRow kBillRows[] = {
    {R"md(`cost.apis.<name>.*`)md", R"md()md", R"md()md",
     R"md(the four fields of `cost.sqs` for each declared downstream API: its admitted calls, at its `price_per_million`)md",
     R"md()md"},
    {R"md(`cost.apis_monthly_usd`)md", R"md(number)md", R"md(USD)md",
     R"md(the downstream APIs together per month)md", R"md()md"},
};

void apis_bill_reference(JsonReference& ref) {
  ref.object("cost.apis", "one entry per declared downstream API, keyed by name");
  ref.rows(kBillRows);
}

}  // namespace

// Not in the topology listing: a call is no stop on the way events flow.
const ReportKind apis_report{.stage = Stage::downstream,
                             .json = apis_json,
                             .reference = apis_reference,
                             .bill = apis_bill,
                             .bill_reference = apis_bill_reference,
                             .sections = apis_sections};

}  // namespace edasim::report
