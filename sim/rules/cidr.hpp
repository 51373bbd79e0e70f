// IP addresses and CIDR blocks for the `cidr` operator (IPv4 and IPv6).
//
// An address is kept as 128 bits with its family; a block is the inclusive
// range of addresses it covers. Host bits set in a block ("10.0.0.5/24") are
// ignored, as a network mask would. An IPv4 address never falls in an IPv6
// block or the other way round (no mapped-address equivalence).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edasim::rules {

struct IpAddress {
  bool v6 = false;
  std::uint64_t high = 0;  // IPv4 addresses live in `low`
  std::uint64_t low = 0;

  auto operator<=>(const IpAddress&) const = default;
};

struct CidrBlock {
  IpAddress first;
  IpAddress last;

  bool contains(const IpAddress& ip) const {
    return ip.v6 == first.v6 && first <= ip && ip <= last;
  }
  bool operator==(const CidrBlock&) const = default;
};

// Dotted-quad IPv4 (no leading zeros) or RFC 4291 IPv6 text, with `::`
// compression and an optional trailing dotted quad; no zone index.
std::optional<IpAddress> parse_ip(std::string_view text);

// "address/length"; the reason it is invalid goes to `why`.
std::optional<CidrBlock> parse_cidr(std::string_view text, std::string& why);

}  // namespace edasim::rules
