// What the reports say of DynamoDB tables: their listing block, their
// report.json entry (left out when a scenario declares none, so reports of
// scenarios without tables are unchanged), study measures, a section with
// writes and stream records, and the write request units on the bill.
#include <fmt/format.h>

#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/measure_fields.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_table(TopologyListing& l, Topology::Vertex v) {
  const model::TableConfig& t = l.config.tables[l.graph[v].index];
  const bool transaction = t.write == model::TableConfig::Write::transaction;
  l.out << "\n"
        << l.topology.label(v) << " (DynamoDB, "
        << (transaction ? fmt::format("TransactWriteItems of {}", plural(t.items, "item", "items"))
                        : std::string("PutItem"));
  if (t.has_stream()) {
    l.out << ", stream of " << plural(t.shards, "shard", "shards") << ")\n";
    const std::string readers = l.targets(v, Topology::Link::feeds);
    l.out << "  " << (readers.empty() ? "stream read by no function" : "stream read by " + readers)
          << "\n";
  } else {
    l.out << ", no stream)\n";
  }
}

void tables_json(Json& report, const model::RunResult& r) {
  if (r.tables.empty()) return;
  write_components(report, "tables", r.tables, [&](const model::TableResult& t) {
    Json j;
    write_fields(j, t, r, model::table_fields());
    return j;
  });
}

void tables_reference(JsonReference& ref) {
  ref.heading("DynamoDB tables");
  ref.object("tables",
             "one entry per DynamoDB table, keyed by name, in scenario order; absent when the "
             "scenario declares none");
  ref.fields("tables.<name>.", model::table_fields());
}

void tables_measures(plan::Measures& out, const model::RunResult& r) {
  for (const model::TableResult& t : r.tables)
    add_fields(out, "tables." + t.name + ".", t, model::table_fields(), r);
}

void tables_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (r.tables.empty()) return;
  Section s;
  s.id = "tables";
  s.title = "DynamoDB tables";
  s.intro.push_back(
      {"Writes to each table and the records of its stream, one per item-level change. A "
       "write costs one write request unit per KB of each item, two for a transactional write "
       "(services.md §11.5); Lambda's reads of the stream are free."});
  const auto fields = model::table_fields();
  Table t({{"table", Align::left},
           {model::column_of(fields, "writes")},
           {model::column_of(fields, "write_units")},
           {model::column_of(fields, "view"), Align::left},
           {model::column_of(fields, "shards")},
           {model::column_of(fields, "stream_records")},
           {"read by"}});
  for (const model::TableResult& tr : r.tables) {
    t.add_row({tr.name, format_count(tr.writes), format_count(tr.write_units), tr.view,
               fmt::format("{}", tr.shards), format_count(tr.stream_records),
               plural(tr.readers, "function", "functions")});
    if (tr.rejected > 0)
      s.notes.push_back({fmt::format("{}: {} writes were refused (an item over 400 KB).", tr.name,
                                     format_count(tr.rejected))});
  }
  s.tables.push_back(std::move(t));
  out.push_back(std::move(s));
}

// On-demand write request units (services.md §11.5). A line only when the
// design has tables, so that other reports' bills are unchanged.
void tables_bill(Bill& bill) {
  const model::RunResult& r = bill.run();
  if (r.tables.empty()) return;
  double units = 0, window = 0;
  for (const model::TableResult& t : r.tables) {
    units += static_cast<double>(t.write_units);
    window += bill.window("tables." + t.name, "write_units");
  }
  bill.requests("DynamoDB write request units", "dynamodb_writes", units, window, 0,
                r.prices.dynamodb_write_units_per_million)
      .measure = "cost.dynamodb";
}

const ReferenceRow kBillRows[] = {
    {"`cost.dynamodb_writes.*`", "", "",
     "the four fields of `cost.sqs` for the write request units of DynamoDB tables (on demand), "
     "present when the design has a table",
     ""},
};

void tables_bill_reference(JsonReference& ref) {
  ref.rows(kBillRows);
}

}  // namespace

const ReportKind tables_report{.one = "table",
                               .many = "tables",
                               .list = list_table,
                               .stage = Stage::buffer,
                               .json = tables_json,
                               .reference = tables_reference,
                               .measures = tables_measures,
                               .bill = tables_bill,
                               .bill_reference = tables_bill_reference,
                               .sections = tables_sections};

}  // namespace edasim::report
