// A producer's `to` names a registered receiving kind by its prefix: the
// scenario layer knows the kinds only through their registration
// (the receiving kinds of sim/model/kinds.def), so every registered prefix is read, an
// unknown one is refused with all of them listed, and the list rule is the
// kind's declared property.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "sim/model/kinds.hpp"
#include "sim/model/receiving_kind.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string producer_to = "[producers.m]\nrate = \"1/s\"\nto = ";

}  // namespace

TEST_CASE("the registered receiving kinds have distinct prefixes and tables") {
  std::set<std::string_view> prefixes, tables;
  for (const ReceivingKind* kind : receiving_kinds()) {
    CHECK(prefixes.insert(kind->prefix).second);
    CHECK(tables.insert(kind->table).second);
    CHECK(kind->make != nullptr);
    CHECK(receiving_kind(kind->table) == kind);
    CHECK(receiving_kind_with_prefix(kind->prefix) == kind);
  }
  // A subset, so that adding a receiving kind edits nothing here: the kinds
  // that scenarios have always named stay registered.
  for (std::string_view prefix : {"bus", "queue", "topic", "stream", "chain", "source"}) {
    CAPTURE(prefix);
    CHECK(prefixes.count(prefix) == 1);
  }
  // Each is a registered kind (its line in kinds.def says `receiving`).
  for (std::string_view table : tables) {
    CAPTURE(table);
    CHECK(std::ranges::any_of(kinds(), [&](const Kind& k) { return k.name == table; }));
  }
  CHECK(receiving_kind("nowhere") == nullptr);
  CHECK(receiving_kind_with_prefix("lambda") == nullptr);
}

TEST_CASE("every registered prefix is read as its kind's table", "[errors]") {
  for (const ReceivingKind* kind : receiving_kinds()) {
    CAPTURE(kind->prefix);
    // Nothing of the kind is declared: the name is refused, the prefix is
    // not.
    const std::string text =
        minimal + "\n" + producer_to + "\"" + std::string(kind->prefix) + ".nope\"\n";
    const auto found = problems(text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].key == "producers.m.to");
    CHECK_FALSE(contains(found[0].message, "expected"));
    CHECK(contains(found[0].message, "nope"));
  }
}

TEST_CASE("an unknown prefix is refused where it is, listing every registered prefix", "[errors]") {
  const Diagnostic d = only_problem(minimal + "\n" + producer_to + "\"lambda.f\"\n");
  CHECK(d.key == "producers.m.to");
  CHECK(d.line == 11);
  CHECK(contains(d.message, "got \"lambda.f\""));
  for (const ReceivingKind* kind : receiving_kinds()) {
    CAPTURE(kind->prefix);
    CHECK(contains(d.message, "\"" + std::string(kind->prefix) + ".NAME\""));
  }
}

TEST_CASE("only the kinds that declare it take a list of targets", "[errors]") {
  for (const ReceivingKind* kind : receiving_kinds()) {
    CAPTURE(kind->prefix);
    const std::string one = "\"" + std::string(kind->prefix) + ".x\"";
    const auto found = problems(minimal + "\n" + producer_to + "[" + one + "]\n");
    REQUIRE_FALSE(found.empty());
    const bool refused_as_list = contains(found[0].message, "a list of targets names");
    CHECK(refused_as_list == !kind->takes_list);
  }
}
