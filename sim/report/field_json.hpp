// Writes a result's fields into report.json from its field table
// (sim/model/support/result_field.hpp), so that a field's key, rounding and
// order are stated once, where the field is described.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "sim/model/run_result.hpp"

namespace edasim::report {

// One value as report.json holds it: none is null, as is a real that is not
// finite; a real is rounded to `decimals`; a duration is written in
// milliseconds.
nlohmann::ordered_json field_json(const model::FieldValue& value, int decimals);
// A real as report.json holds it: rounded to `decimals`, null when not
// finite.
nlohmann::ordered_json json_number(double value, int decimals);

// Each field of `fields` that report.json carries, read from `result`, as
// `out[key]`, in table order.
template <class R>
void write_fields(nlohmann::ordered_json& out, const R& result, const model::RunResult& run,
                  std::span<const model::Field<R>> fields) {
  for (const model::Field<R>& f : fields) {
    if (!f.in_report_json || (f.present != nullptr && !f.present(result, run))) continue;
    out[std::string(f.key)] = field_json(f.read(result, run), f.decimals);
  }
}

// A quantile block (quantile_fields()) of `h`.
nlohmann::ordered_json quantiles_json(const metrics::Histogram& h, const model::RunResult& run);

// Each latency block of `latencies` as `out[key]`, in table order.
template <class R>
void write_latencies(nlohmann::ordered_json& out, const R& result, const model::RunResult& run,
                     std::span<const model::LatencyField<R>> latencies) {
  for (const model::LatencyField<R>& l : latencies) {
    if (l.present != nullptr && !l.present(result)) continue;
    out[std::string(l.key)] = quantiles_json(l.read(result), run);
  }
}

// `report[key]`: one entry per component of `results`, keyed by its name, in
// their order, each written by `entry(result)`.
template <class R, class Entry>
void write_components(nlohmann::ordered_json& report, std::string_view key,
                      const std::vector<R>& results, Entry entry) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const R& r : results) out[r.name] = entry(r);
  report[std::string(key)] = std::move(out);
}

}  // namespace edasim::report
