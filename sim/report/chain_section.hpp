// The report's section on synchronous call chains: requests, how many
// failed and why, and how long callers waited. Present only when the design
// has chains.
#pragma once

#include <optional>

#include "sim/model/run_result.hpp"
#include "sim/report/sections.hpp"

namespace edasim::report {

std::optional<Section> chains_section(const model::RunResult& result);

}  // namespace edasim::report
