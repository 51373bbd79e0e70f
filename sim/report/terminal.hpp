// The summary a run prints on the terminal: what a planner reads first.
//
// Promises: plain text with aligned columns and no colour codes, the same
// bytes for the same RunResult and layout; events that do not balance are
// announced before anything else, in capitals, and again in the events
// section. Given a width, no line is wider than it except a single word (a
// name or a path) that is: prose wraps and wide tables go on in further
// tables (Table::to_text), so nothing is cut.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/run_result.hpp"

namespace edasim::report {

struct TerminalLayout {
  // Columns of the terminal; 0 draws every line whole, however wide.
  std::size_t width = 0;
  // Only the headline figures (events, DLQs, losses, end-to-end latency,
  // calls and cost), not every section.
  bool headline_only = false;
};

// The terminal's width: $COLUMNS when it holds a number, else the width of
// the terminal stdout is, else 100 (a pipe, a CI log).
std::size_t terminal_width();

void write_summary(const model::RunResult& result, std::ostream& out,
                   const TerminalLayout& layout = {});

// The headline figures alone, as label/value lines: what --summary prints
// after the run's name and facts.
std::vector<std::pair<std::string, std::string>> headline_figures(const model::RunResult& result);

}  // namespace edasim::report
