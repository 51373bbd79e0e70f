// The report as Markdown, for design-review documents: the scenario's
// question first, then the same sections and figures as the terminal
// summary, plus the API calls of every component.
//
// Promises: GitHub-flavoured Markdown, the same bytes for the same
// RunResult; alerts are bold and come before any table.
#pragma once

#include <string>

#include "sim/model/run_result.hpp"

namespace edasim::report {

std::string to_markdown(const model::RunResult& result);

}  // namespace edasim::report
