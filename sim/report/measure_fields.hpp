// How a kind turns its field tables (sim/model/support/result_field.hpp)
// into study measures: a field that is a measure is named after its
// report.json path with the unit suffixes dropped, and read as a double.
// Each kind's ReportKind::measures uses these; sim/report/measures.cpp puts
// the kinds' measures in order.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/run_result.hpp"
#include "sim/plan/measure.hpp"

namespace edasim::report {

// report.json's block of latencies in a component's object.
inline constexpr std::string_view kLatencyBlock = "latency_ms";

void add_measure(plan::Measures& out, std::string name, plan::Unit unit, double value,
                 bool lower_is_better = true, double resolution = 0);

plan::Unit unit_of(model::FieldKind kind);

// A figure never measured (a latency of no samples) is not a number, so a
// study leaves its cell empty rather than averaging in a 0; the name still
// exists for SLOs to refer to. Durations are compared in seconds.
double measure_value(const model::FieldValue& value);

// The measure of field `f` of `result`, named `prefix` + its key without the
// unit suffix: its report.json path.
template <class R>
void add_field(plan::Measures& out, const std::string& prefix, const model::Field<R>& f,
               const R& result, const model::RunResult& run) {
  if (f.measure == model::Better::not_a_measure) return;
  if (f.measured != nullptr && !f.measured(result)) return;
  const double scale = f.kind == model::FieldKind::duration ? 1e-9 : 1.0;
  const double resolution = f.resolution != nullptr ? f.resolution(result) * scale : 0;
  add_measure(out, prefix + std::string(model::measure_segment(f.key)), unit_of(f.kind),
              measure_value(f.read(result, run)), f.measure == model::Better::lower, resolution);
}

// The measure fields of `fields`: those named in `first`, in that order,
// then the others in table order. Studies have always listed some families
// in an order of their own, not report.json's; keeping it keeps comparisons
// of one version readable beside the last.
template <class T>
std::vector<const T*> in_order(std::span<const T> fields,
                               std::initializer_list<std::string_view> first = {}) {
  std::vector<const T*> out;
  for (const std::string_view key : first) {
    for (const T& f : fields) {
      if (f.key == key) out.push_back(&f);
    }
  }
  for (const T& f : fields) {
    bool listed = false;
    for (const std::string_view key : first) listed = listed || f.key == key;
    if (!listed) out.push_back(&f);
  }
  return out;
}

// The mean and quantiles of a latency block, as `prefix`.mean, .p50, ...
void add_latency(plan::Measures& out, const std::string& prefix, const metrics::Histogram& h,
                 const model::RunResult& run);

// Each measured latency block of `results`, block by block in `order`, as
// `family`.<name>.[`group`.]<block>.
template <class R>
void add_latencies(plan::Measures& out, const std::string& family, const std::vector<R>& results,
                   std::span<const model::LatencyField<R>> latencies, std::string_view group,
                   const model::RunResult& run,
                   std::initializer_list<std::string_view> order = {}) {
  for (const model::LatencyField<R>* l : in_order(latencies, order)) {
    if (!l->measure) continue;
    for (const R& r : results) {
      if (l->present != nullptr && !l->present(r)) continue;
      std::string prefix = family + "." + r.name + ".";
      if (!group.empty()) prefix += std::string(model::measure_segment(group)) + ".";
      add_latency(out, prefix + std::string(model::measure_segment(l->key)), l->read(r), run);
    }
  }
}

// The measure fields of `fields` read from `result`, as `prefix` + name.
template <class R>
void add_fields(plan::Measures& out, const std::string& prefix, const R& result,
                std::span<const model::Field<R>> fields, const model::RunResult& run,
                std::initializer_list<std::string_view> order = {}) {
  for (const model::Field<R>* f : in_order(fields, order)) add_field(out, prefix, *f, result, run);
}

}  // namespace edasim::report
