// The report.json reference, docs/report-json.md: every path report.json can
// hold, its type, unit and meaning, and the study measure it is. The rows of
// the components' figures come from the same field tables that write
// report.json and name the measures (sim/model/support/result_field.hpp),
// so the page cannot drift from the file; `edasim reference-json` prints it
// and a test compares the checked-in page with that output. Each kind writes
// its own part (ReportKind::reference), in the order report.json has it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/model/support/result_field.hpp"

namespace edasim::report {

// docs/report-json.md, Markdown, ending in a newline.
std::string json_reference();

// One hand-written line of the reference (the run's own figures, the bill,
// blocks a field table cannot describe), in Markdown already, its path in
// backticks.
struct ReferenceRow {
  std::string_view path;
  std::string_view type;
  std::string_view unit;
  std::string_view meaning;
  std::string_view measure;  // the study measure it is; empty: none
};

// A report.json path's study measure: each segment without its unit suffix.
std::string measure_path(std::string_view path);

// The page being written, section by section.
class JsonReference {
 public:
  void heading(std::string_view text);
  void paragraph(std::string_view text);
  void rows(std::span<const ReferenceRow> rows);

  // Each field of `fields` at `prefix` + key.
  template <class R>
  void fields(const std::string& prefix, std::span<const model::Field<R>> fields) {
    for (const model::Field<R>& f : fields)
      field(prefix, f.key, f.kind, f.unit, f.meaning, f.measure, f.in_report_json);
  }

  // Each latency block of `latencies` at `prefix` + key.
  template <class R>
  void latencies(const std::string& prefix, std::span<const model::LatencyField<R>> latencies) {
    for (const model::LatencyField<R>& l : latencies)
      latency(prefix + std::string(l.key), l.meaning, l.measure);
  }

  // An object of one entry per component, keyed by its name.
  void object(const std::string& path, std::string_view meaning);
  void latency(const std::string& path, std::string_view meaning, bool measure);

  std::string text() const;

 private:
  void field(const std::string& prefix, std::string_view key, model::FieldKind kind,
             std::string_view unit, std::string_view meaning, model::Better measure,
             bool in_report_json);
  void line(std::string_view path, std::string_view type, std::string_view unit,
            std::string_view meaning, std::string_view measure);

  std::string text_;
  std::vector<std::pair<std::string, std::string>> only_measures_;
};

}  // namespace edasim::report
