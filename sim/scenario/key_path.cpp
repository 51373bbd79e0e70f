#include "sim/scenario/key_path.hpp"

#include <algorithm>
#include <cctype>
#include <limits>

namespace edasim::scenario {

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
}

std::string child_path(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (!path.empty()) path += '.';
  if (is_bare_key(key)) {
    path += key;
    return path;
  }
  path += '"';
  for (const char c : key) {
    if (c == '"' || c == '\\') path += '\\';
    path += c;
  }
  path += '"';
  return path;
}

std::string element_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + '[' + std::to_string(index) + ']';
}

std::string parent_path(std::string_view path) {
  std::size_t cut = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.' || c == '[') {
      cut = i;
    }
  }
  return std::string(path.substr(0, cut));
}

bool path_within(std::string_view inner, std::string_view outer) {
  if (inner.size() < outer.size() || inner.substr(0, outer.size()) != outer) return false;
  if (inner.size() == outer.size()) return true;
  const char next = inner[outer.size()];
  return next == '.' || next == '[';
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& known) {
  // An abbreviation ("expo") is as good a hint as a misspelling.
  if (word.size() >= 3) {
    for (const std::string& candidate : known) {
      if (candidate.size() > word.size() && candidate.compare(0, word.size(), word) == 0) {
        return candidate;
      }
    }
  }
  // A third of the word's length tolerates one slip in a short key and a few
  // in a long one, without proposing unrelated names.
  const std::size_t tolerance = std::max<std::size_t>(2, word.size() / 3);
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::optional<std::string> nearest;
  for (const std::string& candidate : known) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best) {
      best = d;
      nearest = candidate;
    }
  }
  if (best > tolerance) return std::nullopt;
  return nearest;
}

}  // namespace edasim::scenario
