// Mistakes in synchronous call chains, each reported where it is.
#include <catch2/catch.hpp>

#include "snippets.hpp"

using namespace edasim;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string chain = R"(
[producers.p]
to = "chain.checkout"
rate = "1/s"
[[apis]]
name = "payments"
[[apis]]
name = "inventory"
[chains.checkout]
)";

}  // namespace

TEST_CASE("a chain step names a declared API, with a suggestion when one is close") {
  CHECK(problems(chain + "steps = [{ api = \"payments\" }, { parallel = [\"payments\", "
                         "\"inventory\"] }]\n")
            .empty());
  const Diagnostic one = only_problem(chain + "steps = [{ api = \"payment\" }]\n");
  CHECK(one.key == "chains.checkout.steps[0].api");
  CHECK(contains(one.message, "no API named \"payment\""));
  CHECK(contains(one.message, "did you mean \"payments\""));
  CHECK(contains(one.message, "[[apis]]"));
  const Diagnostic in_group =
      only_problem(chain + "steps = [{ parallel = [\"payments\", \"shipping\"] }]\n");
  CHECK(in_group.key == "chains.checkout.steps[0].parallel[1]");
  CHECK(contains(in_group.message, "no API named \"shipping\""));
}

TEST_CASE("a chain step makes exactly one kind of call") {
  CHECK(only_problem(chain + "steps = [{ api = \"payments\", publish = \"bus.b\" }]\n")
            .key.starts_with("chains.checkout.steps[0]"));
  CHECK(only_problem(chain + "steps = [{ parallel = [\"payments\"] }]\n").key ==
        "chains.checkout.steps[0].parallel");
  CHECK(only_problem(chain + "steps = []\n").key.starts_with("chains.checkout.steps"));
}
