// GroupOrder: a first processing is out of order when a later message of its
// group (later in production) was processed before it.
#include "sim/model/support/group_order.hpp"

#include <catch2/catch.hpp>

using namespace edasim;
using namespace edasim::model;

TEST_CASE("GroupOrder counts a message processed after a later one of its group") {
  GroupOrder order;
  const Time t0 = Time::zero();
  // Group 7: produced 1, 2, 3 (events 1, 2, 3), processed 1, 3, 2.
  order.processed(7, t0 + seconds(1), 1);
  order.processed(7, t0 + seconds(3), 3);
  order.processed(7, t0 + seconds(2), 2);
  CHECK(order.out_of_order() == 1);
  // Group 8 interleaves in order: nothing to count, whatever group 7 did.
  order.processed(8, t0 + seconds(0), 10);
  order.processed(8, t0 + seconds(5), 11);
  CHECK(order.out_of_order() == 1);
  CHECK(order.groups() == 2);
  // The mark stays at the latest processed (3 s): an older one still counts.
  order.processed(7, t0 + seconds(2), 4);
  CHECK(order.out_of_order() == 2);
  order.processed(7, t0 + seconds(4), 5);
  CHECK(order.out_of_order() == 2);
}

TEST_CASE("GroupOrder breaks a tie in production time by the event's number") {
  GroupOrder order;
  const Time t = Time::zero() + seconds(1);
  order.processed(1, t, 21);
  order.processed(1, t, 20);
  CHECK(order.out_of_order() == 1);
  order.processed(1, t, 22);
  CHECK(order.out_of_order() == 1);
}

TEST_CASE("GroupOrder ignores messages without a group") {
  GroupOrder order;
  order.processed(0, Time::zero() + seconds(2), 2);
  order.processed(0, Time::zero() + seconds(1), 1);
  CHECK(order.out_of_order() == 0);
  CHECK(order.groups() == 0);
}
