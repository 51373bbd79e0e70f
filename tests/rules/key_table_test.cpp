#include <catch2/catch.hpp>

#include <string>

#include "sim/rules/key_table.hpp"
#include "sim/rules/text.hpp"

namespace edasim::rules {

namespace {
std::vector<std::uint32_t> ids(std::span<const std::uint32_t> found) {
  return {found.begin(), found.end()};
}
}  // namespace

TEST_CASE("the key table returns the sorted ids stored under an owner and key") {
  KeyTable table;
  for (std::uint32_t i = 0; i < 1000; ++i)
    table.add(i % 3, concat("key", std::to_string(i % 100)), i);
  table.add(0, "key0", 0);
  table.finish();
  const auto zero = table.region_of(0);
  CHECK(ids(table.find(zero, "key0")) == std::vector<std::uint32_t>{0, 300, 600, 900});
  CHECK(ids(table.find(table.region_of(1), "key0")) == std::vector<std::uint32_t>{100, 400, 700});
  CHECK(table.find(zero, "key").empty());
  CHECK(table.region_of(7) == KeyTable::no_region);
  CHECK(table.find(KeyTable::no_region, "key0").empty());
}

TEST_CASE("small regions, long keys and empty keys are found") {
  KeyTable table;
  const std::string long_key(40, 'k');
  table.add(5, long_key, 1);
  table.add(5, "", 2);
  table.add(5, "short", 3);
  table.add(5, "short", 4);
  table.finish();
  const auto region = table.region_of(5);
  CHECK(ids(table.find(region, long_key)) == std::vector<std::uint32_t>{1});
  CHECK(ids(table.find(region, "")) == std::vector<std::uint32_t>{2});
  CHECK(ids(table.find(region, "short")) == std::vector<std::uint32_t>{3, 4});
  CHECK(table.find(region, std::string(40, 'j')).empty());
}

}  // namespace edasim::rules
