// Key paths name a value in a scenario the way TOML dotted keys do:
// `queues.fraud.retention`, `buses.main.rules[2].targets`,
// `producers.orders.events[0].fields."detail.total".decimals`.
//
// Errors print them and --set accepts them, so a path copied from an error
// message addresses the value it complains about.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edasim::scenario {

// A key that TOML accepts unquoted: letters, digits, '-' and '_'.
bool is_bare_key(std::string_view key);

// `parent.key`, quoting `key` when it is not bare; `key` alone at the root.
std::string child_path(std::string_view parent, std::string_view key);
// `parent[index]`.
std::string element_path(std::string_view parent, std::size_t index);

// The path one level out (`a.b[0].c` -> `a.b[0]` -> `a.b` -> `a` -> ""); a
// dot inside a quoted segment does not cut.
std::string parent_path(std::string_view path);

// True when `inner` is `outer` or lies inside it (`a.b` is within `a`, and so
// are `a[0]` and `a."x.y"`, but `ab` is not).
bool path_within(std::string_view inner, std::string_view outer);

// The known name nearest to `word` by edit distance, when it is near enough to
// be a plausible misspelling or an abbreviation.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& known);

}  // namespace edasim::scenario
