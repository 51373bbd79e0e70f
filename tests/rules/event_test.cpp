#include <catch2/catch.hpp>

#include <string>

#include "sim/rules/event.hpp"
#include "sim/rules/json_event.hpp"
#include "sim/rules/text.hpp"

namespace edasim::rules {

TEST_CASE("an event built in memory serialises to the JSON it stands for") {
  PathTable paths;
  const PathId source = paths.intern("source");
  const PathId total = paths.intern("detail.total");
  const PathId items = paths.intern("detail.items");
  const PathId sku = paths.intern("detail.items.sku");
  const PathId qty = paths.intern("detail.items.qty");
  const PathId flag = paths.intern("detail.flag");
  const PathId none = paths.intern("detail.none");
  const PathId resources = paths.intern("resources");

  Event event;
  event.add_string(source, "shop");
  event.add_number(total, 12.5);
  const ArrayId list = event.add_array(items);
  for (int i = 0; i < 2; ++i) {
    const ElementId e = event.add_element(list);
    event.add_string_copy(sku, concat("sku-", std::to_string(i)), e);
    event.add_number(qty, i + 1, e);
  }
  event.add_bool(flag, true);
  event.add_null(none);
  const ArrayId arns = event.add_array(resources);
  event.add_string(resources, "arn:1", event.add_element(arns));
  event.add_string(resources, "arn:2", event.add_element(arns));

  CHECK(to_json(event, paths) ==
        R"({"source":"shop","detail":{"total":12.5,"items":[{"sku":"sku-0","qty":1},)"
        R"({"sku":"sku-1","qty":2}],"flag":true,"none":null},"resources":["arn:1","arn:2"]})");
}

TEST_CASE("clear empties an event and keeps it usable") {
  PathTable paths;
  const PathId p = paths.intern("p");
  Event event;
  for (int round = 0; round < 3; ++round) {
    event.clear();
    const ArrayId a = event.add_array(p);
    event.add_string_copy(p, std::string(5000, 'x'), event.add_element(a));
    event.add_string_copy(p, "short", event.add_element(a));
    REQUIRE(event.leaves().size() == 2);
    CHECK(event.leaves()[0].value.text.size() == 5000);
    CHECK(event.leaves()[1].value.text == "short");
    CHECK(event.arrays().size() == 1);
    CHECK(event.elements().size() == 3);
  }
}

TEST_CASE("copied strings stay valid as the arena grows") {
  PathTable paths;
  const PathId p = paths.intern("p");
  Event event;
  for (int i = 0; i < 2000; ++i) event.add_string_copy(p, concat("value-", std::to_string(i)));
  for (int i = 0; i < 2000; ++i) {
    CHECK(event.leaves()[static_cast<std::size_t>(i)].value.text ==
          concat("value-", std::to_string(i)));
  }
}

TEST_CASE("JSON read in full and written back is the same document") {
  const std::string json =
      R"({"a":[[1,2],[3]],"b":{"c":[{"d":"x"},{"d":"y","e":[true,false,null]}]},"f":"q\"\\"})";
  PathTable paths;
  JsonEventReader reader;
  Event event;
  reader.read_all(json, paths, event);
  CHECK(to_json(event, paths) == json);
}

}  // namespace edasim::rules
