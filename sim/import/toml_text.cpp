#include "sim/import/toml_text.hpp"

#include <cctype>
#include <utility>

namespace edasim::import {

namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

}  // namespace

std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          static constexpr char hex[] = "0123456789ABCDEF";
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string toml_json(std::string_view json) {
  // A literal string cannot hold a quote of its own kind or a control
  // character; everything else goes in as it is.
  for (const char c : json) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\'' || u < 0x20 || u == 0x7f) return toml_string(json);
  }
  return "'" + std::string(json) + "'";
}

std::string toml_key(std::string_view key) {
  bool bare = !key.empty();
  for (const char c : key) bare = bare && name_char(c);
  return bare ? std::string(key) : toml_string(key);
}

std::string seconds(std::int64_t value) {
  // The largest unit that divides the value exactly, so 1209600 reads 14d.
  static constexpr std::pair<std::int64_t, const char*> units[] = {
      {86'400, "d"}, {3'600, "h"}, {60, "m"}};
  for (const auto& [size, unit] : units) {
    if (value != 0 && value % size == 0) return std::to_string(value / size) + unit;
  }
  return std::to_string(value) + "s";
}

std::string scenario_name(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (out.size() == 80) break;
    out += name_char(c) ? c : '-';
  }
  return out.empty() ? "imported" : out;
}

}  // namespace edasim::import
