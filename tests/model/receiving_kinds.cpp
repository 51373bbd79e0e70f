// Producers reach every receiving kind through its registration
// (sim/model/receiving_kind.hpp): the destination a producer gets is the one
// its kind's table names, and a component the kind does not have is refused
// in that kind's words.
#include <catch2/catch.hpp>
#include <string>

#include "sim/model/receiving_kind.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::model;

TEST_CASE("a producer's table selects the receiving kind that makes its destination") {
  for (const ReceivingKind* kind : receiving_kinds()) {
    CAPTURE(kind->table);
    SystemConfig s = testing::one_message(0.1);
    s.producers[0].target_table = std::string(kind->table);
    s.producers[0].target = "nope";
    // Each kind refuses the unknown name itself: the producer's file names
    // no kind.
    try {
      System system(s);
      FAIL("built");
    } catch (const std::invalid_argument& e) {
      const std::string what = e.what();
      CHECK(what.starts_with("producer " + s.producers[0].name + ": no such "));
      CHECK(what.ends_with(" nope"));
    }
  }
}

TEST_CASE("a producer whose table is no receiving kind is refused") {
  SystemConfig s = testing::one_message(0.1);
  s.producers[0].target_table = "consumers";
  CHECK_THROWS_WITH(System(s),
                    "producer " + s.producers[0].name + ": no receiving kind declares [consumers]");
}
