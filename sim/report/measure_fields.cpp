#include "sim/report/measure_fields.hpp"

#include <cstdint>
#include <limits>
#include <utility>
#include <variant>

namespace edasim::report {

using plan::Unit;

void add_measure(plan::Measures& out, std::string name, Unit unit, double value,
                 bool lower_is_better, double resolution) {
  out.push_back({std::move(name), unit, value, lower_is_better, resolution});
}

Unit unit_of(model::FieldKind kind) {
  switch (kind) {
    case model::FieldKind::count:
      return Unit::count;
    case model::FieldKind::duration:
      return Unit::seconds;
    case model::FieldKind::ratio:
      return Unit::ratio;
    default:
      return Unit::number;
  }
}

double measure_value(const model::FieldValue& value) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (const auto* u = std::get_if<std::uint64_t>(&value)) return static_cast<double>(*u);
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* t = std::get_if<model::Nanoseconds>(&value)) return t->ns * 1e-9;
  return nan;
}

void add_latency(plan::Measures& out, const std::string& prefix, const metrics::Histogram& h,
                 const model::RunResult& run) {
  for (const model::Field<metrics::Histogram>& f : model::quantile_fields())
    add_field(out, prefix + ".", f, h, run);
}

}  // namespace edasim::report
