// scenarios/sns-fifo.toml shows what it is for: head-of-line blocking caps
// the payments consumers, duplicate sends are dropped, the topics fan out
// and filter, the webhook's failures reach its DLQ, and claim checks are
// counted; and the books balance.
#include <catch2/catch.hpp>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

const QueueResult& queue(const RunResult& r, const std::string& name) {
  for (const QueueResult& q : r.queues) {
    if (q.name == name) return q;
  }
  FAIL("no queue " << name);
  return r.queues.front();
}

std::uint64_t calls_of_kind(const RunResult& r, std::string_view kind) {
  std::uint64_t n = 0;
  for (const CallLine& c : r.calls) {
    if (c.kind == kind) n += c.calls;
  }
  return n;
}

}  // namespace

TEST_CASE("sns-fifo shows head-of-line blocking, dedup drops, fan-out and claim checks") {
  const SystemConfig config =
      scenario::load(std::string(EDASIM_SOURCE_DIR) + "/scenarios/sns-fifo.toml");
  System system(config);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());

  // 60 pollers, but at most one batch per customer (40 groups) in flight.
  const QueueResult& payments = queue(r, "payments");
  CHECK(payments.fifo);
  // Calls on FIFO queues are counted apart, for their own price; calls on
  // standard ones are not.
  for (const CallLine& c : r.calls) {
    if (c.component == "consumer:payments" || c.component == "consumer:ledger") {
      CHECK(c.fifo == (c.kind != "s3.GetObject"));
    }
    if (c.component == "consumer:email" || c.component == "consumer:analytics") CHECK_FALSE(c.fifo);
  }
  CHECK(payments.max_groups_in_flight <= 40);
  CHECK(payments.max_groups_in_flight > 0);
  CHECK(payments.deduplicated > 0);  // the refunds producer's retried sends
  CHECK(payments.moved_to_dlq > 0);  // poison payments unblock their groups

  REQUIRE(r.topics.size() == 2);
  const TopicResult& activity = r.topics[0];
  const TopicResult& orders = r.topics[1];
  CHECK(orders.fifo);
  CHECK(orders.deduplicated > 0);  // checkout's retried publishes
  CHECK(activity.throttled > 0);   // the burst over 300 messages/s
  CHECK(activity.filtered_out > 0);
  // Every accepted order reaches the unfiltered ledger subscription; only
  // placed and cancelled orders reach payments.
  CHECK(orders.subscriptions[0].name == "ledger");
  CHECK(orders.subscriptions[0].matched == orders.published - orders.deduplicated);
  CHECK(orders.subscriptions[1].matched < orders.subscriptions[0].matched);
  CHECK(activity.subscriptions[2].name == "partner");
  CHECK(activity.subscriptions[2].failed_attempts > 0);
  CHECK(activity.subscriptions[2].to_dlq > 0);
  CHECK(calls_of_kind(r, metrics::call_kind::kS3PutObject) > 0);
  CHECK(calls_of_kind(r, metrics::call_kind::kS3GetObject) > 0);
  CHECK(calls_of_kind(r, metrics::call_kind::kPublishBatch) > 0);
}
