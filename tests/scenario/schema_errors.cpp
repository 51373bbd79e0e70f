// Mistakes in a bus's schema registry, each reported where it is.
#include <catch2/catch.hpp>

#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string bus = R"(
[producers.p]
to = "bus.b"
rate = "1/s"
[buses.b]
[[buses.b.rules]]
name = "r"
pattern = '{"source": ["x"]}'
targets = ["q"]
[queues.q]
[queues.bad]
[consumers.c]
queue = "q"
[consumers.d]
queue = "bad"
[[buses.b.schemas]]
name = "order"
)";

}  // namespace

TEST_CASE("a schema is read with its fields, types and action", "[errors]") {
  const SystemConfig s = load_text(
      bus +
          "applies_to = '{\"detail-type\": [\"OrderPlaced\"]}'\nrequired = [\"detail.total\"]\n"
          "types = { \"detail.total\" = \"number\", \"detail.id\" = \"string\" }\n"
          "on_mismatch = \"quarantine\"\nquarantine_queue = \"bad\"\n",
      "t.toml");
  REQUIRE(s.buses.at(0).schemas.size() == 1);
  const SchemaConfig& schema = s.buses[0].schemas[0];
  CHECK(schema.name == "order");
  CHECK(schema.required == std::vector<std::string>{"detail.total"});
  REQUIRE(schema.types.size() == 2);
  CHECK(schema.on_mismatch == SchemaConfig::OnMismatch::quarantine);
  CHECK(schema.quarantine_queue == "bad");
}

TEST_CASE("a schema's mistakes name the key that holds them", "[errors]") {
  const std::string required = "required = [\"detail.total\"]\n";
  CHECK(only_problem(bus).key == "buses.b.schemas[0].name");  // checks nothing
  CHECK(only_problem(bus + "types = { \"detail.total\" = \"integer\" }\n").key ==
        "buses.b.schemas[0].types.\"detail.total\"");
  CHECK(only_problem(bus + required + "on_mismatch = \"drop\"\n").key ==
        "buses.b.schemas[0].on_mismatch");
  CHECK(only_problem(bus + required + "on_mismatch = \"quarantine\"\n").key ==
        "buses.b.schemas[0].quarantine_queue");
  CHECK(only_problem(bus + required + "quarantine_queue = \"bad\"\n").key ==
        "buses.b.schemas[0].quarantine_queue");
  CHECK(only_problem(bus + required + "applies_to = '{\"source\": \"x\"}'\n").key ==
        "buses.b.schemas[0].applies_to");
  CHECK(only_problem(bus + "required = [\"detail total\"]\n").key ==
        "buses.b.schemas[0].required[0]");
  CHECK(only_problem(bus + required + "colour = \"red\"\n").key == "buses.b.schemas[0].colour");
}

TEST_CASE("a quarantine queue must exist", "[errors]") {
  const Diagnostic d = only_problem(bus +
                                    "required = [\"detail.total\"]\non_mismatch = \"quarantine\"\n"
                                    "quarantine_queue = \"nowhere\"\n");
  CHECK(d.key == "buses.b.schemas[0].quarantine_queue");
  CHECK(contains(d.message, "nowhere"));
}

TEST_CASE("two schemas on one bus cannot share a name", "[errors]") {
  CHECK(only_problem(bus + "required = [\"a\"]\n[[buses.b.schemas]]\nname = \"order\"\n"
                           "required = [\"b\"]\n")
            .key == "buses.b.schemas[1].name");
}
