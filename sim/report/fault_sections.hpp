// The report's sections on what broke and how the design coped: the faults
// and their windows, the consumers' retries, re-pushes and stops, and the
// downstream APIs' calls by outcome. Each is present only when the run has
// something to say in it.
#pragma once

#include <optional>

#include "sim/model/run_result.hpp"
#include "sim/report/sections.hpp"

namespace edasim::report {

std::optional<Section> faults_section(const model::RunResult& result);
std::optional<Section> recovery_section(const model::RunResult& result);
std::optional<Section> apis_section(const model::RunResult& result);

}  // namespace edasim::report
