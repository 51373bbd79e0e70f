// [tables.NAME] and the functions that read a stream, as the loader reads
// them: defaults from services.md §11, each mistake reported where it is
// written, and no key of one kind of event source mapping accepted on the
// other.
#include <catch2/catch.hpp>

#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string writer = R"(
[producers.shop]
to = "table.orders"
rate = "1/s"
key = "detail.orderId"
)";

std::string with(const std::string& table, const std::string& function) {
  return writer + "[tables.orders]\n" + table + "\n[functions.project]\n" + function + "\n";
}

}  // namespace

TEST_CASE("a table and a function reading its stream take the documented defaults") {
  const SystemConfig c = load_text(with("", "table = \"orders\""), "test.toml");
  REQUIRE(c.tables.size() == 1);
  const TableConfig& t = c.tables[0];
  CHECK(t.write == TableConfig::Write::put);
  CHECK(t.items == 1);
  CHECK(t.view == TableConfig::View::new_and_old_images);
  CHECK(t.shards == 1);
  CHECK(t.propagation == milliseconds(200));
  const FunctionConfig& f = c.functions[0];
  CHECK(f.table == "orders");
  CHECK(f.queue.empty());
  CHECK(f.batch_size == 100);  // a stream mapping's BatchSize default
  CHECK(f.stream_mapping.parallelization_factor == 1);
  CHECK(f.stream_mapping.maximum_retry_attempts == -1);
  CHECK(!f.stream_mapping.maximum_record_age.has_value());
  CHECK(!f.stream_mapping.bisect_on_error);
  CHECK(f.stream_mapping.poll_interval == milliseconds(250));
  CHECK(c.producers[0].key == "detail.orderId");
}

TEST_CASE("a function's on-failure destination is a queue or a topic, sent on failure") {
  const SystemConfig c = load_text(
      with("", "table = \"orders\"\non_failure = \"queue.dlq\"\nmaximum_retry_attempts = 2") +
          "[queues.dlq]\n",
      "test.toml");
  const StreamMappingConfig& m = c.functions[0].stream_mapping;
  REQUIRE(m.on_failure.size() == 1);
  CHECK(m.on_failure[0].target_table == "queues");
  CHECK(m.on_failure[0].target == "dlq");
  CHECK(m.on_failure[0].when == EmitConfig::When::failure);
  CHECK(m.maximum_retry_attempts == 2);
}

TEST_CASE("mistakes in tables and stream mappings are reported at their keys") {
  struct Case {
    std::string text;
    std::string key;
    std::string says;
  };
  const Case cases[] = {
      {with("items = 2", "table = \"orders\""), "tables.orders.items",
       "several items per write need write = \"transaction\""},
      {with("write = \"batch\"", "table = \"orders\""), "tables.orders.write",
       "expected \"put\" or \"transaction\""},
      {writer + "[tables.orders]\nstream = \"none\"\nshards = 2\n", "tables.orders.shards",
       "a table with stream = \"none\" has no stream"},
      {with("stream = \"none\"", "table = \"orders\""), "functions.project.table", "has no stream"},
      {with("", "table = \"orders\"\nmaximum_concurrency = 5"),
       "functions.project.maximum_concurrency", "a function reading a stream has no"},
      {with("", "table = \"orders\"\nparallelization_factor = 11"),
       "functions.project.parallelization_factor", "1"},
      {with("", "table = \"orders\"\nmaximum_record_age = \"10s\""),
       "functions.project.maximum_record_age", "1m"},
      {with("", "table = \"orders\"\non_failure = \"bus.main\""), "functions.project.on_failure",
       "expected \"queue.NAME\" or \"topic.NAME\""},
      {with("", "table = \"orders\"\non_failure = \"queue.nowhere\""),
       "functions.project.on_failure", "nowhere"},
      {with("", "table = \"ordres\""), "functions.project.table", "ordres"},
      // Only a fleet's emit entry sends inside an attempt.
      {with("", "table = \"orders\"\nemit = [{ to = \"table.orders\", at = 0.5 }]"),
       "functions.project.emit[0].at", "only a consumer fleet's emit entry"},
      {writer + "[tables.orders]\n[queues.q]\n[consumers.c]\nqueue = \"q\"\n"
                "emit = [{ to = \"table.orders\", when = \"failure\", at = 0.5 }]\n",
       "consumers.c.emit[0].at", "sends on success only"},
      // EventBridge has no DynamoDB target.
      {"[producers.p]\nto = \"bus.b\"\nrate = \"1/s\"\n[buses.b]\nrules = [{ name = \"r\", "
       "pattern = '{\"source\": [\"x\"]}', targets = [\"table.orders\"] }]\n[tables.orders]\n",
       "buses.b.rules[0].targets[0]", "a rule target is a queue's name"},
      {writer + "[tables.orders]\n[queues.q]\n[functions.project]\nqueue = \"q\"\n"
                "bisect_on_error = true\n",
       "functions.project.bisect_on_error", "only a function reading a stream or a table"},
      {writer + "[tables.orders]\n[queues.q]\n[functions.project]\nqueue = \"q\"\n"
                "table = \"orders\"\n",
       "functions.project.queue", "one event source"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const Diagnostic d = only_problem(c.text);
    CHECK(d.key == c.key);
    CHECK(contains(d.message, c.says));
    CHECK(d.line > 0);
  }
}
