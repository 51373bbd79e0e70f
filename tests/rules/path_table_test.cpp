#include <catch2/catch.hpp>

#include "sim/rules/path_table.hpp"
#include "sim/rules/text.hpp"

namespace edasim::rules {

TEST_CASE("interning a path twice gives the same id") {
  PathTable paths;
  const PathId id = paths.intern("detail.items.sku");
  CHECK(paths.intern("detail.items.sku") == id);
  CHECK(paths.find("detail.items.sku") == id);
  CHECK(paths.name(id) == "detail.items.sku");
  CHECK(paths.segment(id) == "sku");
}

TEST_CASE("a path and its prefixes get distinct ids") {
  PathTable paths;
  const PathId leaf = paths.intern("a.b.c");
  const PathId parent = *paths.find("a.b");
  CHECK(paths.parent(leaf) == parent);
  CHECK(paths.parent(*paths.find("a")) == PathTable::root);
  CHECK(leaf != parent);
  CHECK_FALSE(paths.find("a.c").has_value());
}

TEST_CASE("keys are split on dots so dotted and nested keys meet") {
  PathTable paths;
  const PathId a = paths.intern("a");
  CHECK(paths.intern_child(a, "b") == paths.intern("a.b"));
  CHECK(paths.find_child(PathTable::root, "a.b") == paths.intern_child(a, "b"));
  CHECK(paths.find_child(a, "zzz") == PathTable::none);
}

TEST_CASE("many paths survive the table growing") {
  PathTable paths;
  std::vector<PathId> ids;
  for (int i = 0; i < 500; ++i)
    ids.push_back(paths.intern(concat("p", std::to_string(i), ".leaf")));
  for (int i = 0; i < 500; ++i) {
    CHECK(paths.find(concat("p", std::to_string(i), ".leaf")) == ids[static_cast<std::size_t>(i)]);
  }
  CHECK(paths.size() == 1001);
}

TEST_CASE("empty keys are ordinary segments") {
  PathTable paths;
  const PathId empty = paths.intern("");
  CHECK(empty != PathTable::root);
  CHECK(paths.intern("a..b") != paths.intern("a.b"));
  CHECK(paths.name(paths.intern("a..b")) == "a..b");
}

}  // namespace edasim::rules
