// The report's section on consumer fleet sizes: for every fleet, its bounds,
// peak and final size, scaling actions and instance-hours, then each
// autoscaled fleet's actions in time order. Present only when some fleet
// autoscales.
#pragma once

#include <optional>

#include "sim/model/run_result.hpp"
#include "sim/report/sections.hpp"

namespace edasim::report {

std::optional<Section> fleet_sizes_section(const model::RunResult& result);

}  // namespace edasim::report
