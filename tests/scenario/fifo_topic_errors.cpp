// Mistakes in FIFO queues, topics, subscriptions, claim checks and the
// producer keys that feed them, each reported where it is.
#include <catch2/catch.hpp>

#include "sim/scenario/check.hpp"
#include "sim/scenario/topology.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string fifo_design = R"(
[producers.p]
to = "queue.q"
rate = "1/s"
message_group_id = "detail.customer"
[[producers.p.events]]
name = "e"
fields = { "detail.customer" = { id = "c-", cardinality = 3 } }
[queues.q]
fifo = true
[consumers.c]
queue = "q"
)";

const std::string topic_design = R"(
[producers.p]
to = "topic.t"
rate = "1/s"
message_attributes = { kind = "detail-type" }
[[producers.p.events]]
name = "e"
fields = { "detail-type" = { choice = ["A"] } }
[topics.t.subscriptions.s]
queue = "q"
filter_policy = '{"kind": ["A"]}'
[queues.q]
[consumers.c]
queue = "q"
)";

}  // namespace

TEST_CASE("the FIFO and topic designs the tests extend load cleanly", "[errors]") {
  CHECK(problems(fifo_design).empty());
  CHECK(problems(topic_design).empty());
  const SystemConfig c = load_text(topic_design, "t.toml");
  REQUIRE(c.topics.size() == 1);
  CHECK(c.topics[0].subscriptions[0].filter_policy == std::string(R"({"kind": ["A"]})"));
  CHECK(c.producers[0].target_table == "topics");
}

TEST_CASE("FIFO settings on a standard queue are errors", "[errors]") {
  const Diagnostic d = only_problem(minimal + "[queues.q2]\nhigh_throughput = true\n");
  CHECK(d.key == "queues.q2.high_throughput");
  CHECK(contains(d.message, "only applies to a FIFO queue"));
  CHECK(only_problem(minimal + "[queues.q2]\napi_rate_limit = 100\n").key ==
        "queues.q2.api_rate_limit");
}

TEST_CASE("a FIFO queue cannot deliver duplicates or be redriven", "[errors]") {
  const Diagnostic d =
      only_problem("[queues.x]\nfifo = true\nduplicate_probability = 0.1\n" + fifo_design);
  CHECK(d.key == "queues.x.duplicate_probability");
  CHECK(contains(d.message, "delivers each message once"));
}

TEST_CASE("a FIFO queue needs a FIFO dead-letter queue", "[errors]") {
  const Diagnostic d =
      only_problem(fifo_design +
                   "[queues.q2]\nfifo = true\ndead_letter_queue = \"std\"\nmax_receive_count = 2\n"
                   "[queues.std]\n");
  CHECK(d.key == "queues.q2.dead_letter_queue");
  CHECK(contains(d.message, "must be a FIFO queue"));
}

TEST_CASE("sending to a FIFO queue needs a message group id from an event field", "[errors]") {
  const Diagnostic missing = only_problem(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[queues.q]
fifo = true
[consumers.c]
queue = "q"
)");
  CHECK(missing.key == "producers.p");
  CHECK(contains(missing.message, "set message_group_id"));

  const Diagnostic unknown = only_problem(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
message_group_id = "detail.customr"
[[producers.p.events]]
name = "e"
fields = { "detail.customer" = { id = "c-", cardinality = 3 } }
[queues.q]
fifo = true
[consumers.c]
queue = "q"
)");
  CHECK(unknown.key == "producers.p.message_group_id");
  CHECK(contains(unknown.message, "no event of this producer has a field \"detail.customr\""));
}

TEST_CASE("a bad filter policy names the subscription and the problem", "[errors]") {
  std::string text = topic_design;
  text.replace(text.find(R"('{"kind": ["A"]}')"), 17, R"('{"kind": "A"}')");
  const Diagnostic d = only_problem(text);
  CHECK(d.key == "topics.t.subscriptions.s.filter_policy");
  CHECK(contains(d.message, "invalid filter policy"));
}

TEST_CASE("a subscription to a queue that does not exist is an error", "[errors]") {
  std::string text = topic_design;
  text.replace(text.find("queue = \"q\"\nfilter"), 11, "queue = \"r\"");
  const Diagnostic d = only_problem(text);
  CHECK(d.key == "topics.t.subscriptions.s.queue");
  CHECK(d.message == "queue \"r\" does not exist; did you mean \"q\"?");
}

TEST_CASE("a FIFO topic delivers only to FIFO queues over SQS", "[errors]") {
  const Diagnostic standard = only_problem(topic_design + "[topics.t]\nfifo = true\n");
  // The producer also lacks a message group id for the FIFO topic.
  CHECK(problems(topic_design + "[topics.t]\nfifo = true\n").size() == 2);
  const auto all = problems(topic_design +
                            "[topics.u]\nfifo = true\n"
                            "[topics.u.subscriptions.h]\nendpoint = \"http\"\n");
  REQUIRE(all.size() == 1);
  CHECK(all[0].key == "topics.u.subscriptions.h.endpoint");
  CHECK(contains(all[0].message, "only to SQS FIFO queues"));
  (void)standard;
}

TEST_CASE("an unknown endpoint and a queue on an http subscription are errors", "[errors]") {
  const Diagnostic endpoint =
      only_problem(topic_design + "[topics.t.subscriptions.x]\nendpoint = \"smtp\"\n");
  CHECK(endpoint.key == "topics.t.subscriptions.x.endpoint");
  CHECK(contains(endpoint.message, "expected \"sqs\", \"http\" or \"lambda\""));
  const Diagnostic queue = only_problem(topic_design +
                                        "[topics.t.subscriptions.x]\nendpoint = \"http\"\n"
                                        "queue = \"q\"\n");
  CHECK(queue.key == "topics.t.subscriptions.x.queue");
}

TEST_CASE("message attributes belong to producers that publish to a topic", "[errors]") {
  const Diagnostic d =
      only_problem(fifo_design +
                   "[producers.p2]\nto = \"queue.q\"\nrate = \"1/s\"\n"
                   "message_group_id = \"detail.customer\"\n"
                   "message_attributes = { k = \"detail.customer\" }\n"
                   "[[producers.p2.events]]\nname = \"e\"\n"
                   "fields = { \"detail.customer\" = { id = \"c-\", cardinality = 3 } }\n");
  CHECK(d.key == "producers.p2.message_attributes");
}

TEST_CASE("a claim check needs its threshold", "[errors]") {
  std::string text = minimal;
  text.insert(text.find("[queues.q]"), "claim_check = { reference_size = \"1KB\" }\n");
  const Diagnostic d = only_problem(text);
  CHECK(d.key == "producers.p.claim_check.threshold");
  CHECK(contains(d.message, "threshold"));
}

TEST_CASE("topics and their subscriptions appear in the topology and its checks", "[check]") {
  const SystemConfig c = load_text(topic_design +
                                       "[topics.t.subscriptions.h]\nendpoint = "
                                       "\"http\"\ndead_letter_queue = \"h-dlq\"\n"
                                       "[queues.h-dlq]\n"
                                       "[topics.lonely]\n",
                                   "t.toml");
  const Topology topology(c);
  const auto findings = check(c, topology);
  bool lonely = false, dlq_info = false, dlq_warning = false;
  for (const Finding& f : findings) {
    if (f.key == "topics.lonely" && contains(f.message, "no subscriptions")) lonely = true;
    if (f.key == "queues.h-dlq" && f.severity == Severity::info) dlq_info = true;
    if (f.key == "queues.h-dlq" && f.severity == Severity::warning) dlq_warning = true;
  }
  CHECK(lonely);
  CHECK(dlq_info);
  CHECK_FALSE(dlq_warning);
}
