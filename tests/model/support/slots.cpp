// Slots<T>: reuse of freed slots and checked access through stale ones.
#include "sim/model/support/slots.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace edasim;
using namespace edasim::model;

TEST_CASE("a freed record slot is reused and a stale handle to it is refused") {
  Slots<int> slots;
  const std::uint32_t a = slots.add(1);
  const std::uint64_t old = slots.handle(a);
  CHECK(slots.holds(old));
  slots.remove(a);
  CHECK_FALSE(slots.holds(old));
  CHECK_THROWS_AS(slots[a], std::logic_error);
  CHECK_THROWS_AS(slots.remove(a), std::logic_error);
  const std::uint32_t b = slots.add(2);
  CHECK(b == a);
  CHECK(slots[b] == 2);
  CHECK(slots.holds(slots.handle(b)));
  CHECK_FALSE(slots.holds(old));
  // Through a handle, the generation is checked too: the reused slot is
  // live, but not the old handle's record.
  CHECK(slots.at(slots.handle(b)) == 2);
  CHECK_THROWS_AS(slots.at(old), std::logic_error);
  CHECK(slots.live() == 1);
}
