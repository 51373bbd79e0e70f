// What the report layer knows of each registered kind (sim/model/kinds.def):
// each kind defines its ReportKind, <table>_report, in
// sim/report/kinds/<table>.cpp, and the report walks them in build order.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "sim/report/topology_listing.hpp"

namespace edasim::report {

struct ReportKind {
  // One component and several, for the count line of a listing ("3 queues").
  std::string_view one;
  std::string_view many;
  // The count line's phrase when a count alone says too little ("1 bus
  // with 2 rules"); null for "<count> <one|many>".
  std::string (*summary)(const SystemConfig& config) = nullptr;
  // Writes the listing block of one of the kind's components; null for a
  // kind without vertices.
  void (*list)(TopologyListing& listing, Topology::Vertex v) = nullptr;
};

#define EDASIM_KIND(table, Config, member, Result) extern const ReportKind table##_report;
#include "sim/model/kinds.def"

struct RegisteredReportKind {
  std::string_view table;
  const ReportKind* kind;
};
// Every kind's ReportKind, in build order.
std::span<const RegisteredReportKind> report_kinds();

}  // namespace edasim::report
