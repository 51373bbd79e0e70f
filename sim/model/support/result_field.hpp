// One figure of a component's result, described once: the name report.json
// gives it, its unit, what it means, how to read it from the result struct,
// the decimals report.json keeps, whether studies compare designs on it
// (and which way is better), and its column label in the reports' tables.
//
// Each kind's result header declares its table (queue_fields() beside
// QueueResult, ...). report.json (sim/report/field_json.hpp), the study
// measures (sim/report/measures.cpp), the report tables' headers
// (sim/report/sections.cpp) and the report.json reference
// (docs/report-json.md, sim/report/json_reference.cpp) are all made from
// these tables, so a figure has one name everywhere: a study measure is
// its report.json path with the unit suffix (_ms, _s) dropped.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "sim/core/time.hpp"
#include "sim/metrics/histogram.hpp"

namespace edasim::model {

struct RunResult;

// What a field holds, which decides how report.json writes it, its type in
// the reference, and the unit a study compares it in.
enum class FieldKind {
  count,     // an integer
  duration,  // a time, read in nanoseconds; report.json writes milliseconds (key ends in _ms)
  ratio,     // a fraction 0..1
  number,    // any other real
  flag,      // a boolean
  text,      // a string
};

// Whether studies compare designs on the field, and which way is better.
enum class Better { not_a_measure, lower, higher };

// A duration in nanoseconds (a mean need not be whole).
struct Nanoseconds {
  double ns = 0;
};

// A field's value in one result: none (null in report.json, not a number
// in a study), an integer, a real, a duration, a boolean or a string.
using FieldValue = std::variant<std::monostate, std::uint64_t, std::int64_t, double, Nanoseconds,
                                bool, std::string>;

inline FieldValue field_value(std::uint64_t v) {
  return v;
}
inline FieldValue field_value(std::int64_t v) {
  return v;
}
inline FieldValue field_value(std::int32_t v) {
  return std::int64_t{v};
}
inline FieldValue field_value(double v) {
  return v;
}
inline FieldValue field_value(bool v) {
  return v;
}
inline FieldValue field_value(const std::string& v) {
  return v;
}
inline FieldValue field_value(Duration d) {
  return Nanoseconds{static_cast<double>(d.ns)};
}

template <class R>
struct Field {
  // The report.json key. A unit suffix (_ms, _s) is part of the key and not
  // of the study measure's name.
  std::string_view key;
  FieldKind kind = FieldKind::count;
  std::string_view unit;  // as the reference shows it ("messages", "ms"); empty: none
  std::string_view meaning;
  // Reads the field from one result; the run gives figures relative to the
  // whole run (per 1,000 produced events) what they need.
  FieldValue (*read)(const R&, const RunResult&) = nullptr;
  int decimals = 0;  // reals: the digits report.json keeps
  Better measure = Better::not_a_measure;
  std::string_view column = {};  // the report tables' header; empty: no table shows it
  // A figure studies and tables use but report.json does not carry (a sum
  // of fields that are there).
  bool in_report_json = true;
  // The smallest difference the value can show, in its own unit (a latency
  // quantile is read from a histogram bucket); nullptr: exact.
  double (*resolution)(const R&) = nullptr;
  // Whether a result has the field as a study measure; nullptr: always.
  bool (*measured)(const R&) = nullptr;
  // Whether report.json writes the field for this run; nullptr: always. A
  // figure only some designs have (events emitted by consumers) is left out
  // of the others' reports, which stay as they were.
  bool (*present)(const R&, const RunResult&) = nullptr;
};

// A latency block of a result: a histogram report.json writes as a quantile
// block (quantile_fields(): count, mean, min, p50, p90, p99, p999, max in
// ms). When `measure` is set, studies compare designs on its mean and
// quantiles, named <path>.<latency key without _ms>.<p99>.
template <class R>
struct LatencyField {
  std::string_view key;  // "end_to_end"; for a block at the top of its object, "latency_ms"
  std::string_view meaning;
  const metrics::Histogram& (*read)(const R&) = nullptr;
  bool measure = false;
  // Whether a result has the block (report.json and studies); nullptr:
  // always. A block only some components have (a stream mapping's iterator
  // age) is left out of the others.
  bool (*present)(const R&) = nullptr;
};

// The fields of a quantile block, in report.json order.
std::span<const Field<metrics::Histogram>> quantile_fields();

// `key` without its unit suffix (_ms, _s): the study measure's segment.
std::string_view measure_segment(std::string_view key);

template <class>
struct MemberOf;
template <class C, class M>
struct MemberOf<M C::*> {
  using Class = C;
};

// A reader for a plain data member: `.read = member<&QueueResult::sent>`.
template <auto Member>
FieldValue member(const typename MemberOf<decltype(Member)>::Class& r, const RunResult&) {
  return field_value(r.*Member);
}

// The field named `key`; a missing key is a programming error.
template <class R>
const Field<R>& field_named(std::span<const Field<R>> fields, std::string_view key) {
  for (const Field<R>& f : fields) {
    if (f.key == key) return f;
  }
  throw std::logic_error("no result field named " + std::string(key));
}

// The column label of the field named `key`.
template <class R>
std::string column_of(std::span<const Field<R>> fields, std::string_view key) {
  return std::string(field_named(fields, key).column);
}

}  // namespace edasim::model
