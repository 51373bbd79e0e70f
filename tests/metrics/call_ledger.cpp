#include "sim/metrics/call_ledger.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using edasim::Bytes;
using edasim::metrics::billing_units;
using edasim::metrics::CallCount;
using edasim::metrics::CallLedger;
namespace kind = edasim::metrics::call_kind;

TEST_CASE("every started 64 KiB of a request is one billing unit, and an empty request is one") {
  CHECK(billing_units(Bytes{0}) == 1);
  CHECK(billing_units(Bytes{1}) == 1);
  CHECK(billing_units(Bytes{65'536}) == 1);
  CHECK(billing_units(Bytes{65'537}) == 2);
  // The 256 KiB SQS maximum is billed as four requests.
  CHECK(billing_units(Bytes{262'144}) == 4);
  // A batch of ten 10 KB messages is billed on its 100,000-byte total.
  CHECK(billing_units(Bytes{10 * 10'000}) == 2);
  CHECK_THROWS_AS(billing_units(Bytes{-1}), std::invalid_argument);
}

TEST_CASE("asking twice for the same component and kind gives the same counter") {
  CallLedger ledger;
  const auto a = ledger.counter("orders", kind::kSendMessage);
  const auto b = ledger.counter("orders", kind::kReceiveMessage);
  const auto c = ledger.counter("billing", kind::kSendMessage);
  CHECK(ledger.counter("orders", kind::kSendMessage) == a);
  CHECK_FALSE(a == b);
  CHECK_FALSE(a == c);
  CHECK_FALSE(b == c);
}

TEST_CASE("calls and billing units accumulate per counter") {
  CallLedger ledger;
  const auto send = ledger.counter("orders", kind::kSendMessageBatch);
  ledger.add(send, 1, 2);
  ledger.add(send, 3, 3);
  CHECK(ledger.at(send) == CallCount{4, 5});
  CHECK(ledger.at(ledger.counter("orders", kind::kDeleteMessage)) == CallCount{0, 0});
}

TEST_CASE("totals by kind are summed across components and sorted by kind name") {
  CallLedger ledger;
  ledger.add(ledger.counter("q2", kind::kSendMessage), 10, 10);
  ledger.add(ledger.counter("q1", "inventory.GetStock"), 4, 4);
  ledger.add(ledger.counter("q1", kind::kSendMessage), 5, 7);
  ledger.add(ledger.counter("bus", kind::kPutEvents), 2, 3);
  const auto kinds = ledger.by_kind();
  REQUIRE(kinds.size() == 3);
  CHECK(kinds[0].name == "PutEvents");
  CHECK(kinds[0].count == CallCount{2, 3});
  CHECK(kinds[1].name == "SendMessage");
  CHECK(kinds[1].count == CallCount{15, 17});
  CHECK(kinds[2].name == "inventory.GetStock");
  CHECK(kinds[2].count == CallCount{4, 4});
}

TEST_CASE("lines are ordered by component then kind, whatever order they were created in") {
  CallLedger ledger;
  ledger.counter("zeta", kind::kSendMessage);
  ledger.counter("alpha", kind::kReceiveMessage);
  ledger.counter("alpha", kind::kDeleteMessage);
  const auto lines = ledger.lines();
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].component == "alpha");
  CHECK(lines[0].kind == "DeleteMessage");
  CHECK(lines[1].component == "alpha");
  CHECK(lines[1].kind == "ReceiveMessage");
  CHECK(lines[2].component == "zeta");
}

TEST_CASE("empty receives are listed on their own but not counted twice in any total") {
  CallLedger ledger;
  const auto receive = ledger.counter("orders", kind::kReceiveMessage);
  const auto empty = ledger.counter("orders", kind::kEmptyReceive);
  const auto remove = ledger.counter("orders", kind::kDeleteMessage);
  // 100 receives of which 60 came back empty; 40 deletes.
  ledger.add(receive, 100, 100);
  ledger.add(empty, 60, 60);
  ledger.add(remove, 40, 40);

  const auto kinds = ledger.by_kind();
  REQUIRE(kinds.size() == 3);
  CHECK(kinds[1].name == "EmptyReceive");
  CHECK(kinds[1].count == CallCount{60, 60});

  const auto components = ledger.by_component();
  REQUIRE(components.size() == 1);
  CHECK(components[0].count == CallCount{140, 140});
  CHECK(ledger.total() == CallCount{140, 140});
}

TEST_CASE("totals by component add up that component's kinds") {
  CallLedger ledger;
  ledger.add(ledger.counter("b-queue", kind::kSendMessage), 3, 3);
  ledger.add(ledger.counter("a-queue", kind::kSendMessage), 1, 1);
  ledger.add(ledger.counter("b-queue", kind::kChangeMessageVisibility), 2, 2);
  const auto components = ledger.by_component();
  REQUIRE(components.size() == 2);
  CHECK(components[0].name == "a-queue");
  CHECK(components[0].count == CallCount{1, 1});
  CHECK(components[1].name == "b-queue");
  CHECK(components[1].count == CallCount{5, 5});
  CHECK(ledger.total() == CallCount{6, 6});
}

TEST_CASE("merging ledgers adds counts pair by pair, including pairs only one side has") {
  CallLedger a;
  CallLedger b;
  a.add(a.counter("orders", kind::kSendMessage), 1, 1);
  b.add(b.counter("bus", kind::kPutEvents), 7, 8);
  b.add(b.counter("orders", kind::kSendMessage), 2, 3);
  a.merge(b);
  CHECK(a.at(a.counter("orders", kind::kSendMessage)) == CallCount{3, 4});
  CHECK(a.at(a.counter("bus", kind::kPutEvents)) == CallCount{7, 8});
  CHECK(a.total() == CallCount{10, 12});
}

TEST_CASE("an empty ledger has no lines and zero totals") {
  CallLedger ledger;
  CHECK(ledger.lines().empty());
  CHECK(ledger.by_kind().empty());
  CHECK(ledger.by_component().empty());
  CHECK(ledger.total() == CallCount{});
}
