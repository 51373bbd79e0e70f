// Key paths print the way --set reads them, and near-misses find their key.
#include <catch2/catch.hpp>

#include "sim/scenario/key_path.hpp"

using namespace edasim::scenario;

TEST_CASE("key paths quote keys that are not bare", "[key_path]") {
  CHECK(child_path("", "queues") == "queues");
  CHECK(child_path("queues", "fraud-dlq") == "queues.fraud-dlq");
  CHECK(child_path("fields", "detail.total") == "fields.\"detail.total\"");
  CHECK(element_path("buses.main.rules", 2) == "buses.main.rules[2]");
}

TEST_CASE("a path lies within its own prefix only at a segment boundary", "[key_path]") {
  CHECK(path_within("a.b", "a"));
  CHECK(path_within("a[0].c", "a"));
  CHECK(path_within("a", "a"));
  CHECK_FALSE(path_within("ab", "a"));
  CHECK_FALSE(path_within("a", "a.b"));
}

TEST_CASE("the closest known key is suggested only when it is close", "[key_path]") {
  const std::vector<std::string> keys = {"visibility_timeout", "retention", "delay"};
  CHECK(closest("visiblity_timeout", keys) == std::optional<std::string>("visibility_timeout"));
  CHECK(closest("retension", keys) == std::optional<std::string>("retention"));
  CHECK(closest("ret", keys) == std::optional<std::string>("retention"));
  CHECK_FALSE(closest("colour", keys).has_value());
}
