#include <catch2/catch.hpp>

#include "sim/rules/json_event.hpp"

namespace edasim::rules {

TEST_CASE("reading keeps only the paths the table knows") {
  PathTable paths;
  const PathId sku = paths.intern("detail.items.sku");
  const PathId source = paths.intern("source");
  JsonEventReader reader;
  Event event;
  reader.read(R"({"id":"1","source":"s","detail":{"total":5,"items":[{"sku":"a","qty":1}]}})",
              paths, event);
  REQUIRE(event.leaves().size() == 2);
  CHECK(event.leaves()[0].path == source);
  CHECK(event.leaves()[1].path == sku);
  CHECK(event.leaves()[1].value.text == "a");
  CHECK(event.leaves()[1].element != Event::top);
  CHECK_FALSE(paths.find("id").has_value());
}

TEST_CASE("reading in full interns every path") {
  PathTable paths;
  JsonEventReader reader;
  Event event;
  reader.read_all(R"({"a":{"b":1},"c.d":[2,"x"]})", paths, event);
  CHECK(event.leaves().size() == 3);
  CHECK(paths.find("a.b").has_value());
  CHECK(paths.find("c.d").has_value());
  CHECK(event.arrays().size() == 1);
}

TEST_CASE("numbers of every JSON form become doubles") {
  PathTable paths;
  const PathId n = paths.intern("n");
  JsonEventReader reader;
  Event event;
  reader.read(R"({"n":[-5, 18446744073709551615, 3e2, 0.5]})", paths, event);
  REQUIRE(event.leaves().size() == 4);
  CHECK(event.leaves()[0].value.number == -5.0);
  CHECK(event.leaves()[1].value.number == 18446744073709551615.0);
  CHECK(event.leaves()[2].value.number == 300.0);
  CHECK(event.leaves()[3].value.number == 0.5);
  CHECK(event.leaves()[3].path == n);
}

TEST_CASE("invalid JSON and non-object events are rejected") {
  PathTable paths;
  JsonEventReader reader;
  Event event;
  CHECK_THROWS_AS(reader.read("{\"a\":", paths, event), JsonError);
  CHECK_THROWS_WITH(reader.read("[1,2]", paths, event), Catch::Contains("must be a JSON object"));
  CHECK(event.leaves().empty());
}

}  // namespace edasim::rules
