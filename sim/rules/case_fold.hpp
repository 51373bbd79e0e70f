// Case folding for equals-ignore-case and the ignore-case forms of prefix,
// suffix and anything-but.
//
// Folds to lower case, code point by code point, for ASCII, Latin-1, Latin
// Extended-A, Greek and Cyrillic: the scripts where EventBridge's Java
// lower-casing and Unicode simple case folding agree. Other code points (and
// bytes that are not valid UTF-8) are kept as they are. Folding is per code
// point, so it commutes with taking a prefix or suffix on code-point
// boundaries; like EventBridge it is not full folding ("STRASSE" does not
// equal "straße").
#pragma once

#include <string>
#include <string_view>

namespace edasim::rules {

// Replaces the contents of `out` with the folded `text`; reuses its capacity.
void fold_case(std::string_view text, std::string& out);

inline std::string fold_case(std::string_view text) {
  std::string out;
  fold_case(text, out);
  return out;
}

}  // namespace edasim::rules
