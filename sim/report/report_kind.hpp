// What the report layer knows of each registered kind (sim/model/kinds.def):
// each kind defines its ReportKind, <table>_report, in
// sim/report/kinds/<table>.cpp, beside everything the reports say of it: its
// block of the topology listing, its entry of report.json and that entry's
// rows of the reference, its study measures, and its sections of the
// terminal, Markdown and HTML reports. The report walks the kinds; no other
// file of the report layer names them all.
//
// Promises: the reports show kinds in reading order (reading_order()): by
// where they sit on the way events flow (Stage), then in build order, so the
// same kinds always come in the same order and a new kind finds its place
// from its stage alone.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/plan/measure.hpp"
#include "sim/report/sections.hpp"
#include "sim/report/topology_listing.hpp"

namespace edasim::report {

class Bill;
class JsonReference;
using Json = nlohmann::ordered_json;

// Where a kind's components sit on the way events flow, which is the order a
// reader follows an event in: made, routed, held, handled, called; faults
// and what they did come last.
enum class Stage { source, routing, buffer, processing, downstream, disturbance };

struct ReportKind {
  // One component and several, for the count line of a listing ("3 queues").
  std::string_view one = {};
  std::string_view many = {};
  // The count line's phrase when a count alone says too little ("1 bus
  // with 2 rules"); null for "<count> <one|many>".
  std::string (*summary)(const model::SystemConfig& config) = nullptr;
  // Writes the listing block of one of the kind's components; null for a
  // kind without vertices.
  void (*list)(TopologyListing& listing, Topology::Vertex v) = nullptr;
  Stage stage = Stage::processing;
  // Writes the kind's entry of report.json into `report` (one key, the
  // kind's table, unless the entry says otherwise); null for none.
  void (*json)(Json& report, const model::RunResult& run) = nullptr;
  // Documents that entry: its heading and rows of docs/report-json.md.
  void (*reference)(JsonReference& reference) = nullptr;
  // Adds the kind's latency measures, then (second call) its other
  // measures; studies list every kind's latencies before any count.
  void (*latency_measures)(plan::Measures& out, const model::RunResult& run) = nullptr;
  void (*measures)(plan::Measures& out, const model::RunResult& run) = nullptr;
  // Adds one row per component to the end-to-end latency table.
  void (*latency_rows)(Table& table, const model::RunResult& run) = nullptr;
  // Adds the kind's lines to the bill (sim/report/cost.hpp): what its
  // components cost besides the calls the call ledger prices, and what they
  // leave unbilled (backlog, components without a price); null for none.
  void (*bill)(Bill& bill) = nullptr;
  // Documents those lines: their rows of docs/report-json.md's `cost`.
  void (*bill_reference)(JsonReference& reference) = nullptr;
  // Appends the kind's sections of the report.
  void (*sections)(std::vector<Section>& out, const model::RunResult& run) = nullptr;
};

#define EDASIM_KIND(table, Config, member, Result, receives) extern const ReportKind table##_report;
#include "sim/model/kinds.def"

struct RegisteredReportKind {
  std::string_view table;
  const ReportKind* kind;
};
// Every kind's ReportKind, in build order.
std::span<const RegisteredReportKind> report_kinds();
// The same, in the order the reports show them.
std::span<const RegisteredReportKind> reading_order();

}  // namespace edasim::report
