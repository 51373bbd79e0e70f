// The report as one self-contained HTML page: the same sections as the
// Markdown, and line charts of each queue's depth, in-flight count and
// oldest message age over the run.
//
// Promises: no external script, style sheet, font or image (styles and SVG
// are inline, so the file opens offline and can be attached to a review);
// the same RunResult always gives the same bytes.
#pragma once

#include <string>

#include "sim/model/run_result.hpp"

namespace edasim::report {

std::string to_html(const model::RunResult& result);

}  // namespace edasim::report
