#include "sim/report/field_json.hpp"

#include <cmath>

#include "sim/report/format.hpp"

namespace edasim::report {

namespace {

using Json = nlohmann::ordered_json;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// Clang before 17 does not deduce an aggregate's template arguments.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

Json json_number(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  return round_to(value, decimals);
}

Json field_json(const model::FieldValue& value, int decimals) {
  return std::visit(
      Overloaded{[](std::monostate) { return Json(nullptr); },
                 [](std::uint64_t v) { return Json(v); }, [](std::int64_t v) { return Json(v); },
                 [&](double v) { return json_number(v, decimals); },
                 [&](model::Nanoseconds d) { return json_number(d.ns / 1e6, decimals); },
                 [](bool v) { return Json(v); }, [](const std::string& v) { return Json(v); }},
      value);
}

Json quantiles_json(const metrics::Histogram& h, const model::RunResult& run) {
  Json j;
  write_fields(j, h, run, model::quantile_fields());
  return j;
}

}  // namespace edasim::report
