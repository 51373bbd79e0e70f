// Joining pieces of text into one string, for error messages.
//
// Exists because `"literal" + std::string(...)` trips a false -Wrestrict
// warning in GCC 12 (an error under -Werror); appending does not.
#pragma once

#include <string>
#include <string_view>

namespace edasim::rules {

template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace edasim::rules
