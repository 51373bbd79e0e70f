#include "sim/report/field_json.hpp"

#include <cmath>

#include "sim/report/format.hpp"

namespace edasim::report {

namespace {

using Json = nlohmann::ordered_json;

Json rounded(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  return round_to(value, decimals);
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

}  // namespace

Json field_json(const FieldValue& value, int decimals) {
  return std::visit(
      Overloaded{[](std::monostate) { return Json(nullptr); },
                 [](std::uint64_t v) { return Json(v); }, [](std::int64_t v) { return Json(v); },
                 [&](double v) { return rounded(v, decimals); },
                 [&](Nanoseconds d) { return rounded(d.ns / 1e6, decimals); },
                 [](bool v) { return Json(v); }, [](const std::string& v) { return Json(v); }},
      value);
}

Json quantiles_json(const Histogram& h, const RunResult& run) {
  Json j;
  write_fields(j, h, run, quantile_fields());
  return j;
}

}  // namespace edasim::report
