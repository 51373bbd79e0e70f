// Whether a rule's event pattern is one EventBridge would accept, judged by
// the same parser the simulated bus matches with, so a scenario that loads
// never fails later on a pattern.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace edasim::scenario {

// Nothing when the pattern is valid; otherwise why not, as one sentence
// naming the place in the pattern ("at detail.total[0].numeric: ...").
std::optional<std::string> validate_pattern(std::string_view json);

}  // namespace edasim::scenario
