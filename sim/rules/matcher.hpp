// What one matcher accepts: the meaning of every operator on one leaf value,
// written plainly. The reference evaluator is built on it; the compiled rule
// set indexes the same meanings and is tested against it.
//
// Type rules (as in EventBridge): prefix, suffix, equals-ignore-case,
// wildcard and cidr accept only strings; numeric accepts only numbers; an
// exact value accepts only its own type (the string "300" is not the number
// 300). anything-but accepts every leaf its exclusions do not cover, so a
// string anything-but accepts numbers, booleans and null. `exists` is judged
// on the field, not on one value: here exists:true accepts any leaf and
// exists:false none.
#pragma once

#include "sim/rules/pattern.hpp"
#include "sim/rules/value.hpp"

namespace edasim::rules {

bool matcher_accepts(const Matcher& matcher, const Value& value);

}  // namespace edasim::rules
