#include "sim/report/report_kind.hpp"

#include <algorithm>
#include <vector>

namespace edasim::report {

std::span<const RegisteredReportKind> report_kinds() {
  static const RegisteredReportKind kinds[] = {
#define EDASIM_KIND(table, Config, member, Result, receives) {#table, &table##_report},
#include "sim/model/kinds.def"
  };
  return kinds;
}

std::span<const RegisteredReportKind> reading_order() {
  static const std::vector<RegisteredReportKind> order = [] {
    const auto all = report_kinds();
    std::vector<RegisteredReportKind> kinds(all.begin(), all.end());
    std::stable_sort(kinds.begin(), kinds.end(),
                     [](const auto& a, const auto& b) { return a.kind->stage < b.kind->stage; });
    return kinds;
  }();
  return order;
}

}  // namespace edasim::report
