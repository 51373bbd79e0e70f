#include <catch2/catch.hpp>

#include "sim/rules/cidr.hpp"

namespace edasim::rules {

TEST_CASE("IPv4 addresses parse strictly") {
  CHECK(parse_ip("192.168.0.1").has_value());
  CHECK_FALSE(parse_ip("192.168.0").has_value());
  CHECK_FALSE(parse_ip("192.168.0.256").has_value());
  CHECK_FALSE(parse_ip("192.168.00.1").has_value());
  CHECK_FALSE(parse_ip("1.2.3.4.5").has_value());
  CHECK_FALSE(parse_ip("").has_value());
}

TEST_CASE("IPv6 addresses parse with compression and a dotted tail") {
  CHECK(parse_ip("::1") == parse_ip("0:0:0:0:0:0:0:1"));
  CHECK(parse_ip("2001:db8::") == parse_ip("2001:DB8:0:0:0:0:0:0"));
  CHECK(parse_ip("::ffff:10.0.0.1") == parse_ip("::ffff:a00:1"));
  CHECK(parse_ip("::").has_value());
  CHECK_FALSE(parse_ip("1::2::3").has_value());
  CHECK_FALSE(parse_ip("1:2:3").has_value());
  CHECK_FALSE(parse_ip("1:2:3:4:5:6:7:8:9").has_value());
  CHECK_FALSE(parse_ip(":1:2:3:4:5:6:7").has_value());
  CHECK_FALSE(parse_ip("12345::").has_value());
}

TEST_CASE("a CIDR block covers its range and ignores host bits") {
  std::string why;
  const auto block = parse_cidr("10.0.0.77/24", why);
  REQUIRE(block.has_value());
  CHECK(block->contains(*parse_ip("10.0.0.0")));
  CHECK(block->contains(*parse_ip("10.0.0.255")));
  CHECK_FALSE(block->contains(*parse_ip("10.0.1.0")));
  const auto v6 = parse_cidr("2001:db8::/127", why);
  REQUIRE(v6.has_value());
  CHECK(v6->contains(*parse_ip("2001:db8::1")));
  CHECK_FALSE(v6->contains(*parse_ip("2001:db8::2")));
  const auto all6 = parse_cidr("::/0", why);
  REQUIRE(all6.has_value());
  CHECK(all6->contains(*parse_ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
  CHECK_FALSE(all6->contains(*parse_ip("1.2.3.4")));
}

}  // namespace edasim::rules
