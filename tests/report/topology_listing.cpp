// The topology listing `edasim check` prints: one block per component, in
// the order events flow, each kind's block written by its ReportKind.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "../scenario/snippets.hpp"
#include "sim/report/topology_listing.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;
using edasim::scenario::Topology;
using edasim::scenario::testing::minimal;

namespace {

const std::string complete_file =
    std::string(EDASIM_SOURCE_DIR) + "/tests/scenario/data/complete.toml";

std::string listing(const SystemConfig& c) {
  std::ostringstream out;
  report::print(out, c, Topology(c));
  return out.str();
}

std::string listing(const std::string& toml) {
  return listing(scenario::load_text(toml, "test.toml"));
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the listing is the same every time and reads in the order events flow", "[topology]") {
  const SystemConfig c = scenario::load(complete_file);
  const std::string text = listing(c);
  CHECK(text == listing(scenario::load(complete_file)));
  CHECK(contains(text,
                 "scenario complete: 2 producers, 3 queues, 1 bus with 2 rules, "
                 "2 consumer fleets\n"));
  CHECK(contains(text, "producer orders (50/s)\n  -> bus main\n"));
  CHECK(contains(text, "  rule high-value-to-fraud -> queue fraud\n"));
  CHECK(contains(text,
                 "  rule everything-to-audit -> queue audit\n"
                 "    deliveries given up -> queue fraud-dlq\n"));
  CHECK(contains(text, "  after 5 receives -> queue fraud-dlq\n"));
  CHECK(contains(text,
                 "queue fraud-dlq (visibility 30s, retention 14d)\n  dead-letter queue of "
                 "fraud\n  no consumer\n"));
  // Producers first (in config order), then what they send to, then what
  // reads that, breadth first; the dead-letter queue after the queue it
  // serves. The count line names the kinds in the order they first appear.
  CHECK(text.find("producer audit") < text.find("producer orders"));
  CHECK(text.find("producer orders") < text.find("bus main"));
  CHECK(text.find("bus main") < text.find("\nqueue fraud "));
  CHECK(text.find("\nqueue fraud ") < text.find("\nqueue fraud-dlq "));
  CHECK(text.find("\nqueue fraud ") < text.find("\nconsumers fraud "));
  CHECK(text.find("\nqueue audit ") < text.find("\nbus main"));
}

TEST_CASE("the listing shows an autoscaled fleet's bounds", "[topology]") {
  const std::string text = listing(minimal +
                                   "instances = 2\n[consumers.c.autoscaling]\nmetric = "
                                   "\"backlog_per_instance\"\ntarget = 50\nmin = 1\nmax = 8\n");
  CHECK(contains(text, "consumers c (2 instances x 1 poller, batch 10, autoscaled 1..8)\n"));
  CHECK(contains(text, "scenario test: 1 producer, 1 queue, 1 consumer fleet\n"));
}

TEST_CASE("the listing shows a topic's subscriptions and their dead-letter queues", "[topology]") {
  const std::string text = listing(R"(
[producers.p]
to = "topic.t"
rate = "1/s"
[topics.t.subscriptions.s]
queue = "q"
[topics.t.subscriptions.h]
endpoint = "http"
dead_letter_queue = "h-dlq"
[queues.q]
[queues.h-dlq]
[consumers.c]
queue = "q"
)");
  CHECK(contains(text,
                 "topic t\n  subscription h -> http endpoint, failed deliveries -> "
                 "queue h-dlq\n  subscription s -> queue q\n"));
  CHECK(contains(text, "scenario test: 1 producer, 1 topic, 2 queues, 1 consumer fleet\n"));
}

TEST_CASE("a reference to nothing is listed where its edge would be", "[topology]") {
  // A design that does not load, as `check` lists it before reporting.
  SystemConfig c = scenario::load_text(minimal, "test.toml");
  c.fleets[0].queue = "nowhere";
  const std::string text = listing(c);
  CHECK(contains(text,
                 "consumers c (1 instance x 1 poller, batch 10)\n"
                 "  reads queue nowhere (does not exist)\n"));
  CHECK(contains(text, "queue q (visibility 30s, retention 4d)\n  no consumer\n"));
}
