// The scenario format as a JSON Schema (draft 2020-12), written from the
// keys the readers declare (sim/scenario/keys.hpp): what `edasim schema`
// prints, so that TOML editors complete and check scenarios as they are
// typed. Each key carries its description, its range and, for quantities,
// the units its text accepts.
//
// The schema checks shape: keys, types, ranges and the spelling of
// quantities. What needs more than one key or the whole scenario (a
// reference to a queue that exists, a lognormal given by median and sigma
// but not also by mean) is left to `edasim check`.
#pragma once

#include <string>

namespace edasim::report {

// The schema as JSON text, two-space indented, ending in a newline.
std::string scenario_schema();

}  // namespace edasim::report
