// The `wildcard` operator: `*` matches any run of characters (possibly
// empty), everything else is literal; `\*` is a literal star and `\\` a
// literal backslash.
//
// EventBridge rejects two consecutive `*`, a backslash before any other
// character and a trailing lone backslash; parse_wildcard does the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edasim::rules {

struct Wildcard {
  // The literal text between stars, escapes resolved: "a*b\*c*" is
  // {"a", "b*c", ""}. One piece means no star (an exact match).
  std::vector<std::string> pieces;

  bool operator==(const Wildcard&) const = default;
};

// The wildcard, or the reason it is invalid in `why`.
std::optional<Wildcard> parse_wildcard(std::string_view text, std::string& why);

bool wildcard_matches(const Wildcard& wildcard, std::string_view value);

}  // namespace edasim::rules
