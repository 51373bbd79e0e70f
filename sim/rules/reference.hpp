// The reference evaluator: decides whether one pattern matches one event the
// slow, obvious way, straight from the definition. It is kept apart from the
// compiled rule set so the property tests can check one against the other.
//
// Definition: a pattern matches when one of its alternatives (see
// alternatives()) does. An alternative matches when every field can be given
// either a leaf at its path that one of its matchers accepts, or, if its list
// holds {"exists": false}, nothing; such that all chosen leaves are
// array-consistent (no two from different elements of one array), and no
// field left with nothing has a leaf consistent with the chosen ones.
#pragma once

#include "sim/rules/event.hpp"
#include "sim/rules/path_table.hpp"
#include "sim/rules/pattern.hpp"

namespace edasim::rules {

bool reference_matches(const Pattern& pattern, const Event& event, const PathTable& paths);

}  // namespace edasim::rules
