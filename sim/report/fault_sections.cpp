#include "sim/report/fault_sections.hpp"

#include <fmt/format.h>

#include <utility>

#include "sim/report/format.hpp"

namespace edasim::report {

std::optional<Section> faults_section(const model::RunResult& r) {
  if (r.faults.empty()) return std::nullopt;
  Section s;
  s.id = "faults";
  s.title = "Faults";
  s.intro.push_back({"The scenario's faults and their windows, from the start of the run."});
  Table t(
      {{"fault", Align::left}, {"kind", Align::left}, {"target", Align::left}, {"from"}, {"to"}});
  for (const model::FaultWindow& f : r.faults) {
    t.add_row({f.name, f.kind, f.target, format_span(f.start), format_span(f.start + f.duration)});
  }
  s.tables.push_back(std::move(t));
  return s;
}

std::optional<Section> recovery_section(const model::RunResult& r) {
  Section s;
  s.id = "recovery";
  s.title = "Failures and recovery";
  s.intro.push_back(
      {"Per consumer: failed attempts (those a downstream call failed), in-process retries, "
       "re-pushes to the queue, messages the consumer sent to the DLQ itself, messages "
       "abandoned by a stopped or crashed instance (back after their visibility timeout), and "
       "duplicate deliveries an idempotency store deleted unprocessed."});
  const auto fleet_columns = model::fleet_fields();
  Table t({{"consumer", Align::left},
           {model::column_of(fleet_columns, "failed")},
           {model::column_of(fleet_columns, "failed_downstream")},
           {model::column_of(fleet_columns, "retries")},
           {model::column_of(fleet_columns, "repushed")},
           {model::column_of(fleet_columns, "dead_lettered")},
           {model::column_of(fleet_columns, "crashes")},
           {model::column_of(fleet_columns, "abandoned")},
           {model::column_of(fleet_columns, "duplicates_suppressed")}});
  for (const model::FleetResult& f : r.fleets) {
    if (f.failed + f.retries + f.repushed + f.dead_lettered + f.crashes + f.abandoned +
            f.duplicates_suppressed ==
        0)
      continue;
    t.add_row({f.name, format_count(f.failed), format_count(f.failed_downstream),
               format_count(f.retries), format_count(f.repushed), format_count(f.dead_lettered),
               format_count(f.crashes), format_count(f.abandoned),
               format_count(f.duplicates_suppressed)});
  }
  if (t.rows().empty()) return std::nullopt;
  s.tables.push_back(std::move(t));
  for (const model::FleetResult& f : r.fleets) {
    if (f.processed == 0 || f.failed == 0) continue;
    s.notes.push_back({fmt::format(
        "{}: {} attempts per successful processing.", f.name,
        format_fixed(static_cast<double>(f.processed + f.failed) / static_cast<double>(f.processed),
                     3))});
  }
  return s;
}

std::optional<Section> apis_section(const model::RunResult& r) {
  if (r.apis.empty()) return std::nullopt;
  Section s;
  s.id = "apis";
  s.title = "Downstream APIs";
  s.intro.push_back(
      {"Calls by outcome: failed counts errors (the API's own, a brownout's or an outage's); "
       "rejected counts calls over the concurrency limit."});
  const auto api_columns = model::api_fields();
  Table t({{"API", Align::left},
           {model::column_of(api_columns, "calls")},
           {model::column_of(api_columns, "succeeded")},
           {model::column_of(api_columns, "failed")},
           {model::column_of(api_columns, "rejected")},
           {model::column_of(api_columns, "peak_concurrency")}});
  for (const model::ApiResult& a : r.apis) {
    t.add_row({a.name, format_count(a.calls), format_count(a.succeeded), format_count(a.failed),
               format_count(a.rejected), fmt::format("{}", a.peak_concurrency)});
  }
  s.tables.push_back(std::move(t));
  return s;
}

}  // namespace edasim::report
