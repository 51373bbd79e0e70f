// The report.json reference, docs/report-json.md: every path report.json can
// hold, its type, unit and meaning, and the study measure it is. The rows of
// the components' figures come from the same field tables that write
// report.json and name the measures (sim/model/support/result_field.hpp),
// so the page cannot drift from the file; `edasim reference-json` prints it
// and a test compares the checked-in page with that output.
#pragma once

#include <string>

namespace edasim::report {

// docs/report-json.md, Markdown, ending in a newline.
std::string json_reference();

}  // namespace edasim::report
