#include "sim/rules/cidr.hpp"

#include "sim/rules/text.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace edasim::rules {

namespace {

std::optional<std::uint32_t> parse_ipv4_bits(std::string_view text) {
  std::uint32_t bits = 0;
  int octets = 0;
  while (true) {
    const std::size_t dot = text.find('.');
    const std::string_view part = text.substr(0, dot);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return std::nullopt;
    unsigned value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size() || value > 255)
      return std::nullopt;
    bits = (bits << 8) | value;
    ++octets;
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  if (octets != 4) return std::nullopt;
  return bits;
}

std::optional<IpAddress> parse_ipv6(std::string_view text) {
  std::array<std::uint16_t, 8> groups{};
  int count = 0;
  int gap = -1;  // index where "::" stands, if any
  std::size_t i = 0;
  if (text.substr(0, 2) == "::") {
    gap = 0;
    i = 2;
  } else if (!text.empty() && text[0] == ':') {
    return std::nullopt;
  }
  while (i < text.size()) {
    const std::size_t colon = text.find(':', i);
    const std::string_view part =
        text.substr(i, colon == std::string_view::npos ? colon : colon - i);
    if (part.find('.') != std::string_view::npos) {
      // A trailing dotted quad fills the last two groups.
      if (colon != std::string_view::npos || count > 6) return std::nullopt;
      const auto v4 = parse_ipv4_bits(part);
      if (!v4) return std::nullopt;
      groups[count++] = static_cast<std::uint16_t>(*v4 >> 16);
      groups[count++] = static_cast<std::uint16_t>(*v4 & 0xFFFF);
      i = text.size();
      break;
    }
    if (part.empty() || part.size() > 4 || count == 8) return std::nullopt;
    unsigned value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value, 16);
    if (error != std::errc() || end != part.data() + part.size()) return std::nullopt;
    groups[count++] = static_cast<std::uint16_t>(value);
    if (colon == std::string_view::npos) {
      i = text.size();
      break;
    }
    i = colon + 1;
    if (i < text.size() && text[i] == ':') {
      if (gap >= 0) return std::nullopt;
      gap = count;
      ++i;
    } else if (i == text.size()) {
      return std::nullopt;  // a single trailing ':'
    }
  }
  std::array<std::uint16_t, 8> full{};
  if (gap >= 0) {
    if (count > 7) return std::nullopt;
    for (int k = 0; k < gap; ++k) full[k] = groups[k];
    const int tail = count - gap;
    for (int k = 0; k < tail; ++k) full[8 - tail + k] = groups[gap + k];
  } else {
    if (count != 8) return std::nullopt;
    full = groups;
  }
  IpAddress ip;
  ip.v6 = true;
  for (int k = 0; k < 4; ++k) ip.high = (ip.high << 16) | full[k];
  for (int k = 4; k < 8; ++k) ip.low = (ip.low << 16) | full[k];
  return ip;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_ipv6(text);
  const auto bits = parse_ipv4_bits(text);
  if (!bits) return std::nullopt;
  return IpAddress{false, 0, *bits};
}

std::optional<CidrBlock> parse_cidr(std::string_view text, std::string& why) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    why = "a CIDR block must be written address/prefix-length";
    return std::nullopt;
  }
  const auto ip = parse_ip(text.substr(0, slash));
  if (!ip) {
    why = concat("\"", text.substr(0, slash), "\" is not an IPv4 or IPv6 address");
    return std::nullopt;
  }
  const std::string_view length_text = text.substr(slash + 1);
  unsigned length = 0;
  const auto [end, error] =
      std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
  const unsigned max_length = ip->v6 ? 128 : 32;
  if (length_text.empty() || error != std::errc() ||
      end != length_text.data() + length_text.size() || length > max_length) {
    why = "the prefix length of a CIDR block must be a number from 0 to ";
    why += std::to_string(max_length);
    return std::nullopt;
  }
  // Work in 128 bits: an IPv4 address occupies the low 32 of them.
  const unsigned host_bits = max_length - length;
  auto mask_of = [](unsigned bits) {
    // Low `bits` bits set, split into (high, low) words.
    std::uint64_t low = bits >= 64 ? ~0ULL : (bits == 0 ? 0 : (~0ULL >> (64 - bits)));
    std::uint64_t high = bits <= 64 ? 0 : (bits >= 128 ? ~0ULL : (~0ULL >> (128 - bits)));
    return std::pair{high, low};
  };
  const auto [mask_high, mask_low] = mask_of(host_bits);
  CidrBlock block;
  block.first = {ip->v6, ip->high & ~mask_high, ip->low & ~mask_low};
  block.last = {ip->v6, ip->high | mask_high, ip->low | mask_low};
  if (!ip->v6) block.last.low &= 0xFFFFFFFFULL;
  return block;
}

}  // namespace edasim::rules
