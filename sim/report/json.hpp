// The report as JSON, schema "edasim.report/2", for tools that compare runs.
// Every field is documented in docs/report-json.md, which
// json_reference.hpp generates from the same field tables that write it.
//
// Promises:
// - Keys keep one documented order (ordered_json), and queues and consumers
//   come in scenario order, so the same RunResult always serializes to the
//   same bytes.
// - Doubles are rounded before they are stored (milliseconds to 3 decimals,
//   fractions to 4, dollars to 4), so no float noise reaches the file.
// - A figure that does not exist (a quantile of no samples, a rate per
//   1,000 events when none were produced) is null, never 0.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "sim/model/run_result.hpp"

namespace edasim::report {

inline constexpr const char* kJsonSchema = "edasim.report/2";

nlohmann::ordered_json to_json(const model::RunResult& result);

// to_json(result) indented by two spaces, with a final newline.
std::string to_json_text(const model::RunResult& result);

}  // namespace edasim::report
