// What the reports say of read workloads ([reads.NAME]): their report.json
// entry (left out when a scenario declares none, so reports of scenarios
// without them are unchanged), study measures (the stale fraction, how far
// behind a stale query read) and a section of queries, fresh and stale.
#include <fmt/format.h>

#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/measure_fields.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void reads_json(Json& report, const model::RunResult& r) {
  if (r.reads.empty()) return;
  write_components(report, "reads", r.reads, [&](const model::ReadResult& q) {
    Json j;
    write_fields(j, q, r, model::read_fields());
    write_latencies(j, q, r, model::read_latencies());
    return j;
  });
}

void reads_reference(JsonReference& ref) {
  ref.heading("Read workloads");
  ref.object("reads",
             "one entry per query workload of a read model, keyed by name, in scenario order; "
             "absent when the scenario declares none");
  ref.fields("reads.<name>.", model::read_fields());
  ref.latencies("reads.<name>.", model::read_latencies());
}

void reads_latency_measures(plan::Measures& out, const model::RunResult& r) {
  add_latencies(out, "reads", r.reads, model::read_latencies(), "", r);
}

void reads_measures(plan::Measures& out, const model::RunResult& r) {
  for (const model::ReadResult& q : r.reads)
    add_fields(out, "reads." + q.name + ".", q, model::read_fields(), r, {"stale_fraction"});
}

void reads_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (r.reads.empty()) return;
  Section s;
  s.id = "reads";
  s.title = "Reads of the read model";
  s.intro.push_back(
      {"Queries that follow writes: a query reads a stale view when the view (the projection) "
       "had not yet processed successfully any event its write caused. Behind is how long after "
       "a stale query the view caught up; a query whose write the view never processed in the "
       "run is counted as never projected, and queries due after the run's end are not counted."});
  const auto fields = model::read_fields();
  Table t({{"reads", Align::left},
           {model::column_of(fields, "view"), Align::left},
           {model::column_of(fields, "queries")},
           {model::column_of(fields, "fresh")},
           {model::column_of(fields, "stale")},
           {model::column_of(fields, "stale_fraction")},
           {model::column_of(fields, "never_projected")},
           {"behind p50"},
           {"behind p99"},
           {"behind max"}});
  for (const model::ReadResult& q : r.reads) {
    t.add_row({q.name, q.view, format_count(q.queries), format_count(q.fresh),
               format_count(q.stale), format_percent(q.stale_fraction()),
               format_count(q.never_projected), format_quantile(q.behind, 0.5),
               format_quantile(q.behind, 0.99), format_quantile(q.behind, 1.0)});
    if (q.after_end > 0)
      s.notes.push_back({fmt::format("{}: {} {} due after the run's end and not counted.", q.name,
                                     format_count(q.after_end),
                                     q.after_end == 1 ? "query was" : "queries were")});
  }
  s.tables.push_back(std::move(t));
  out.push_back(std::move(s));
}

}  // namespace

const ReportKind reads_report{.one = "read workload",
                              .many = "read workloads",
                              .stage = Stage::downstream,
                              .json = reads_json,
                              .reference = reads_reference,
                              .latency_measures = reads_latency_measures,
                              .measures = reads_measures,
                              .sections = reads_sections};

}  // namespace edasim::report
