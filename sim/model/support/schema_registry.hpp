// A bus's schema registry: declared shapes that events must have, checked as
// they are put on the bus.
//
// A schema names the fields its events must carry and the JSON type of each
// field it types; `applies_to` (an event pattern, compiled into the bus's
// own rule set so that one match serves routing and schemas alike) picks the
// events it checks, every event when it is empty. An event that fails a
// schema is a mismatch, and the first schema it fails (in declaration order)
// says what becomes of it: delivered as if valid (counted only), rejected at
// ingest, or sent to a quarantine queue instead of its rules' targets.
//
// Promises: checking allocates nothing; the verdict depends only on the
// event's fields, so every design fed the same workload judges the same
// events alike.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/model/bus/bus_config.hpp"
#include "sim/rules/event.hpp"
#include "sim/rules/path_table.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim::model {

enum class SchemaVerdict : std::uint8_t {
  unchecked,    // no schema applies
  valid,        // every applicable schema holds
  delivered,    // a mismatch, delivered anyway
  rejected,     // a mismatch, refused at ingest
  quarantined,  // a mismatch, sent to the quarantine queue only
};

class SchemaRegistry {
 public:
  // `first_rule`: the rule index the first selector will have in the bus's
  // rule set (selectors() are compiled after the bus's own rules). Paths are
  // interned into `paths`, so producers resolve the fields schemas read.
  SchemaRegistry(std::span<const SchemaConfig> schemas, std::uint32_t first_rule,
                 rules::PathTable& paths);

  // One rule source per schema that has an `applies_to` pattern.
  std::vector<rules::RuleSource> selectors() const;

  struct Check {
    SchemaVerdict verdict = SchemaVerdict::unchecked;
    std::uint32_t schema = UINT32_MAX;  // the first schema failed, if any
  };
  // `matched`: every rule of the bus's rule set that matched the event, in
  // ascending order (the bus's own rules come first and are skipped).
  Check check(const rules::Event& event, std::span<const std::uint32_t> matched) const;

 private:
  struct Compiled {
    SchemaConfig config;
    std::uint32_t selector = UINT32_MAX;  // its rule index, or none: every event
    std::vector<rules::PathId> required;
    std::vector<std::pair<rules::PathId, SchemaConfig::Type>> types;
  };
  static bool holds(const Compiled& schema, const rules::Event& event);

  std::vector<Compiled> schemas_;
};

}  // namespace edasim::model
