// Distributions as scenarios write them: an inline table naming the family in
// `dist` with its parameters, or a single quantity as shorthand for a
// constant ("80ms", "1.5KB", 60).
//
// The key being read decides the dimension: parameters of a duration carry
// duration units and come out in seconds, parameters of a size carry size
// units and come out in bytes, and plain values are bare numbers. Shape
// parameters (sigma, shape, alpha) and cumulative probabilities are always
// bare numbers.
#pragma once

#include <optional>
#include <string>

#include <toml++/toml.h>

#include "sim/core/distribution.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/section.hpp"

namespace edasim::scenario {

enum class Dimension { plain, duration, size };

std::optional<core::Distribution> read_distribution(const toml::node& node, const std::string& key,
                                                    Dimension dimension, Diagnostics& diagnostics);

// Reads the key `name` of `section`, when present, as a distribution of
// durations into `out`; leaves `out` alone when it is absent or unusable.
void read_duration_distribution(Section& section, std::string_view name,
                                core::DurationDistribution& out);

}  // namespace edasim::scenario
