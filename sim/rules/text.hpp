// Building text: joining pieces into one string for error messages, and
// writing a string as a JSON string literal.
//
// concat exists because `"literal" + std::string(...)` trips a false
// -Wrestrict warning in GCC 12 (an error under -Werror); appending does not.
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

// Appends `text` as a JSON string: quoted, with '"', '\\' and control
// characters escaped; other bytes (UTF-8 included) pass through.
inline void append_json_string(std::string_view text, std::string& out) {
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[byte >> 4];
      out += hex[byte & 15];
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace edasim::rules
