// The summary a run prints on the terminal: what a planner reads first.
//
// Promises: plain text with aligned columns and no colour codes, the same
// bytes for the same RunResult; events that do not balance are announced
// before anything else, in capitals, and again in the events section.
#pragma once

#include <ostream>

#include "sim/model/run_result.hpp"

namespace edasim::report {

void write_summary(const model::RunResult& result, std::ostream& out);

}  // namespace edasim::report
