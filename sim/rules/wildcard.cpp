#include "sim/rules/wildcard.hpp"

namespace edasim::rules {

std::optional<Wildcard> parse_wildcard(std::string_view text, std::string& why) {
  Wildcard out;
  out.pieces.emplace_back();
  bool last_was_star = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '*') {
      if (last_was_star) {
        why = "consecutive '*' characters are not allowed in a wildcard";
        return std::nullopt;
      }
      out.pieces.emplace_back();
      last_was_star = true;
      continue;
    }
    last_was_star = false;
    if (c == '\\') {
      if (i + 1 == text.size()) {
        why = "a wildcard must not end with a lone backslash";
        return std::nullopt;
      }
      const char next = text[i + 1];
      if (next != '*' && next != '\\') {
        why = "in a wildcard a backslash may only escape '*' or '\\'";
        return std::nullopt;
      }
      out.pieces.back() += next;
      ++i;
      continue;
    }
    out.pieces.back() += c;
  }
  return out;
}

bool wildcard_matches(const Wildcard& wildcard, std::string_view value) {
  const auto& pieces = wildcard.pieces;
  if (pieces.size() == 1) return value == pieces.front();
  const std::string& first = pieces.front();
  const std::string& last = pieces.back();
  if (value.size() < first.size() + last.size()) return false;
  if (value.substr(0, first.size()) != first) return false;
  if (value.substr(value.size() - last.size()) != last) return false;
  // Between the fixed ends, leftmost placement of each middle piece is
  // optimal: it leaves the most room for the pieces after it.
  std::string_view middle = value.substr(first.size(), value.size() - first.size() - last.size());
  for (std::size_t i = 1; i + 1 < pieces.size(); ++i) {
    const std::size_t at = middle.find(pieces[i]);
    if (at == std::string_view::npos) return false;
    middle.remove_prefix(at + pieces[i].size());
  }
  return true;
}

}  // namespace edasim::rules
