// What every command checks on a loaded study before it would simulate, so
// that `check` refuses exactly what `run` and `compare` refuse: each SLO's
// and the stopping rule's measure must name a measure some design reports.
#pragma once

#include <string>
#include <vector>

#include "sim/plan/study_config.hpp"
#include "sim/scenario/error.hpp"

namespace edasim::cli {

// One line per unknown measure, located at the key that names it, with the
// nearest known measure suggested; empty when every measure is known.
std::vector<std::string> unknown_measures(const plan::StudyConfig& study);

// Prints `warnings` (settings that cannot take effect) to stderr, one per
// line.
void print_warnings(const std::vector<scenario::Diagnostic>& warnings);

}  // namespace edasim::cli
