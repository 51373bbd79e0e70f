// `edasim import`: a CloudFormation or SAM template turned into a scenario
// skeleton. Queues, buses with their rules, topics with their
// subscriptions, functions with their SQS event source mappings, Kinesis
// streams with the functions that read them and state machines become the
// scenario's tables (docs/import.md has the mapping table); whatever has no
// place in a scenario becomes a "# not mapped: ..." comment that says why,
// so nothing in the template is dropped without a word.
//
// Promises: the text is valid TOML whatever the template holds; the
// producers and processing times a template cannot say are written as
// values marked "ASSUMPTION" that load and run, for the user to replace;
// the same template gives the same text, byte for byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sim/import/template.hpp"

namespace edasim::import {

struct Imported {
  std::string scenario;         // the TOML text
  std::size_t components = 0;   // tables written (queues, buses, rules, ...)
  std::size_t not_mapped = 0;   // "# not mapped" comments written
  std::size_t assumptions = 0;  // values marked ASSUMPTION
};

// The scenario skeleton of `source`; `name` becomes its [scenario] name.
Imported import_scenario(const Template& source, std::string_view name);

}  // namespace edasim::import
