// A re-push onto a FIFO queue cannot carry DelaySeconds: SQS FIFO has no
// per-message timers (shared/reference/services.md §1.5), so a delay there
// is refused where it is written.
#include <catch2/catch.hpp>

#include "snippets.hpp"

using namespace edasim;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string fifo_with_dlq = R"(
[producers.p]
to = "queue.q"
rate = "1/s"
message_group_id = "detail.customer"
[[producers.p.events]]
name = "e"
fields = { "detail.customer" = { id = "c-", cardinality = 3 } }
[queues.q]
fifo = true
dead_letter_queue = "d"
max_receive_count = 3
[queues.d]
fifo = true
[consumers.c]
queue = "q"
)";

}  // namespace

TEST_CASE("a re-push onto a FIFO queue with a delay is refused at its base", "[errors]") {
  const Diagnostic d =
      only_problem(fifo_with_dlq + "on_failure = { action = \"repush\", base = \"5s\" }\n");
  CHECK(d.key == "consumers.c.on_failure.base");
  CHECK(d.line == 17);
  CHECK(contains(d.message, "no per-message DelaySeconds"));
  // The default base (10 s) is a delay too.
  CHECK(only_problem(fifo_with_dlq + "on_failure = { action = \"repush\" }\n").key ==
        "consumers.c.on_failure.base");
}

TEST_CASE("a re-push onto a FIFO queue without a delay is accepted", "[errors]") {
  CHECK(problems(fifo_with_dlq + "on_failure = { action = \"repush\", base = \"0s\" }\n").empty());
}
