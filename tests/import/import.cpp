// edasim import: each template of tests/import/data maps to the scenario
// keys docs/import.md promises, lists what it cannot map, and the scenario
// it writes loads through the scenario loader as it is.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "sim/import/importer.hpp"
#include "sim/import/template.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;

namespace {

std::filesystem::path data(const std::string& file) {
  return std::filesystem::path(EDASIM_SOURCE_DIR) / "tests/import/data" / file;
}

import::Imported import_file(const std::string& file){
    const auto source = import::Template::read(data(file));
return import::import_scenario(source, std::filesystem::path(file).stem().string());
}  // namespace

import::Imported import_text(const std::string& text, const std::string& name = "inline"){
    return import::import_scenario(import::Template::parse(text, name + ".yaml"), name);
}

bool has(const std::string& text, const std::string& line) {
  return text.find(line) != std::string::npos;
}

// The message of the ImportError reading `text` throws.
std::string import_error(const std::string& text) {
  try {
    import::Template::parse(text, "bad.yaml");
  } catch (const import::ImportError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE(
    "a SAM application's queue, dead-letter queue and SQS event source become a queue and "
    "a function",
    "[import]") {
  const auto imported = import_file("sam-orders.yaml");
  const std::string& s = imported.scenario;
  CHECK(has(s, "[queues.OrdersQueue]\n"));
  CHECK(has(s, "visibility_timeout = \"1m\"\n"));
  CHECK(has(s, "retention = \"4d\"\n"));
  CHECK(has(s, "[queues.OrdersDLQ]\nretention = \"14d\"\n"));
  CHECK(has(s, "dead_letter_queue = \"OrdersDLQ\"\n"));
  // maxReceiveCount is !Ref of a parameter: its Default.
  CHECK(has(s, "max_receive_count = 5\n"));
  CHECK(has(s, "[functions.ProcessOrder]\n"));
  CHECK(has(s, "queue = \"OrdersQueue\"\n"));
  CHECK(has(s, "batch = 20\n"));
  CHECK(has(s, "batching_window = \"2s\"\n"));
  CHECK(has(s, "maximum_concurrency = 50\n"));
  CHECK(has(s, "report_batch_item_failures = true\n"));
  CHECK(has(s, "reserved_concurrency = 100\n"));
  // Timeout and MemorySize come from SAM's Globals.Function.
  CHECK(has(s, "timeout = \"10s\"\n"));
  CHECK(has(s, "memory_mb = 512\n"));
  CHECK(has(s, "# not mapped: KmsMasterKeyId (no scenario key)\n"));
  CHECK(has(s, "# not mapped: ProcessOrderRole (AWS::IAM::Role): permissions are not simulated"));
  CHECK(has(s, "# not mapped: DlqAlarm (AWS::CloudWatch::Alarm)"));
  CHECK(has(s,
            "# not mapped: ProcessOrder.Events.Nightly (AWS::Serverless::Function event): an "
            "event of type Schedule"));
  CHECK(has(s, "# not mapped: the template's Outputs section"));
  // Nothing sends to the queue in the template: a placeholder producer does.
  CHECK(has(s,
            "[producers.OrdersQueue-source]\nto = \"queue.OrdersQueue\"\nrate = \"1/s\"  # "
            "ASSUMPTION"));

  const auto config = scenario::load_text(s, "sam-orders.toml");
  REQUIRE(config.functions.size() == 1);
  CHECK(config.functions[0].batch_size == 20);
  CHECK(config.functions[0].maximum_concurrency == 50);
  REQUIRE(config.queues.size() == 2);
}

TEST_CASE(
    "an EventBridge rule keeps its content pattern and its queue targets, and a topic target "
    "is listed as not mapped",
    "[import]") {
  const auto imported = import_file("eventbridge-rules.json");
  const std::string& s = imported.scenario;
  CHECK(has(s, "[[buses.ShopBus.rules]]\n"));
  CHECK(has(s,
            "pattern = '{\"source\": [\"shop.orders\"], \"detail-type\": [\"OrderPlaced\"], "
            "\"detail\": {\"total\": [{\"numeric\": [\">\", 100]}], \"currency\": [\"EUR\", "
            "\"USD\"]}}'\n"));
  CHECK(has(s,
            "targets = [{ queue = \"FraudQueue\", max_retry_attempts = 10, max_event_age = "
            "\"1h\", dead_letter_queue = \"RuleDLQ\" }]\n"));
  CHECK(has(s,
            "# not mapped: Targets[1]: NotifyTopic (AWS::SNS::Topic): edasim's rules deliver "
            "to queues only"));
  // EventBusName "shop" is the bus's Name; the target ARN is joined from
  // pseudo parameters and ends in the queue's QueueName.
  CHECK(has(s,
            "name = \"Refunds\"\npattern = '{\"source\": [\"shop.payments\"], "
            "\"detail-type\": [\"RefundIssued\"]}'\ntargets = [\"AuditQueue\"]\n"));
  CHECK(has(s, "# not mapped: OldRule (AWS::Events::Rule): the rule is DISABLED"));
  // The placeholder producer's events carry the first rule's plain values,
  // and not the numeric condition, which a choice of strings cannot meet.
  CHECK(has(s, "\"source\" = { choice = [\"shop.orders\"] }\n"));
  CHECK(has(s, "\"detail.currency\" = { choice = [\"EUR\", \"USD\"] }\n"));
  CHECK_FALSE(has(s, "\"detail.total\""));

  const auto config = scenario::load_text(s, "eventbridge-rules.toml");
  REQUIRE(config.buses.size() == 1);
  REQUIRE(config.buses[0].rules.size() == 2);
  CHECK(config.buses[0].rules[0].targets == std::vector<std::string>{"FraudQueue"});
  CHECK(config.buses[0].rules[0].policies.at(0).max_retry_attempts == 10);
}

TEST_CASE(
    "SNS subscriptions keep their filter policies and scope, and an email subscription is "
    "not mapped",
    "[import]") {
  const auto imported = import_file("sns-fanout.yaml");
  const std::string& s = imported.scenario;
  CHECK(has(s,
            "[topics.OrderEvents.subscriptions.ShippingSubscription]\n# not mapped: "
            "RawMessageDelivery"));
  CHECK(has(s,
            "queue = \"ShippingQueue\"\nfilter_policy = '{\"kind\": [\"shipped\", "
            "\"returned\"]}'\n"));
  CHECK(has(s,
            "filter_policy = '{\"amount\": [{\"numeric\": [\">=\", 0]}]}'\nfilter_scope = "
            "\"body\"\n"));
  // A topic's inline Subscription list.
  CHECK(has(s,
            "[topics.Alerts.subscriptions.BillingQueue]\nendpoint = \"sqs\"\nqueue = "
            "\"BillingQueue\"\n"));
  CHECK(has(s, "endpoint = \"http\"\nlatency = \"50ms\"  # ASSUMPTION"));
  CHECK(has(s, "# not mapped: EmailSubscription (AWS::SNS::Subscription): protocol email"));
  // A SAM function's SNS event is a lambda subscription with its filter.
  CHECK(has(s,
            "[topics.OrderEvents.subscriptions.Notify-OnCancel]\nendpoint = \"lambda\"\nlatency "
            "= \"50ms\"  # ASSUMPTION: one invocation of Notify; measure it\nfilter_policy = "
            "'{\"kind\": [\"cancelled\"]}'\n"));
  // Queues fed by subscriptions get no producer of their own.
  CHECK_FALSE(has(s, "[producers.ShippingQueue-source]"));

  const auto config = scenario::load_text(s, "sns-fanout.toml");
  REQUIRE(config.topics.size() == 2);
  CHECK(config.topics[1].subscriptions.size() == 3);
}

TEST_CASE(
    "a FIFO queue keeps FIFO, high throughput, its delay and a dead-letter queue named "
    "by a literal ARN",
    "[import]") {
  const auto imported = import_file("fifo-payments.json");
  const std::string& s = imported.scenario;
  CHECK(has(s, "[queues.Payments]\n"));
  CHECK(has(s,
            "delay = \"5s\"\nfifo = true\nhigh_throughput = true\ndead_letter_queue = "
            "\"PaymentsDLQ\"\nmax_receive_count = 3\n"));
  CHECK(has(s,
            "[queues.PaymentsDLQ]\n# QueueName payments-dlq.fifo: the scenario calls it "
            "PaymentsDLQ\nfifo = true\n"));
  // Without content-based deduplication its producer gives both ids.
  CHECK(has(s, "message_group_id = \"group\""));
  CHECK(has(s, "deduplication_id = \"id\"\n"));
  CHECK(has(s, "[functions.Settle]\n"));
  CHECK(has(s, "# not mapped: FilterCriteria"));
  CHECK(has(s, "timeout = \"5s\"\nmemory_mb = 256\n"));

  const auto config = scenario::load_text(s, "fifo-payments.toml");
  REQUIRE(config.queues.size() == 2);
  CHECK(config.queues[0].fifo);
}

TEST_CASE(
    "a Kinesis stream read by a function becomes a stream and a consumer group, and a simple "
    "state machine maps state by state",
    "[import]") {
  const auto imported = import_file("kinesis-clicks.yaml");
  const std::string& s = imported.scenario;
  CHECK(has(s, "[streams.Clicks]\nkind = \"kinesis\"\nshards = 4\nretention = \"48h\"\n"));
  CHECK(has(s, "[consumer_groups.CountClicks]\n"));
  // 4 shards x ParallelizationFactor 2.
  CHECK(has(s, "consumers = 8"));
  CHECK(has(s, "batch = 200\n"));
  CHECK(has(s, "# not mapped: BisectBatchOnFunctionError"));
  CHECK(has(s,
            "# not mapped: MemorySize: expected a whole number, got an intrinsic "
            "function (Fn::If)"));
  CHECK(has(s, "[state_machines.Checkout]\ntype = \"express\"\nstart_at = \"Charge\"\n"));
  CHECK(has(s,
            "retry = [{ errors = [\"Lambda.ServiceException\"], interval = \"1s\", "
            "max_attempts = 3, backoff_rate = 2 }]\n"));
  CHECK(has(s, "catch = [{ errors = [\"States.ALL\"], next = \"Failed\" }]\n"));
  CHECK(has(s, "choices = [{ probability = 0.500000, next = \"Done\" }]"));
  CHECK(has(s, "type = \"wait\"\nseconds = \"2s\"\nnext = \"Charge\"\n"));
  CHECK(has(s,
            "# not mapped: Fulfil (AWS::StepFunctions::StateMachine): state Split is a "
            "Parallel state"));
  CHECK(has(s, "# not mapped: OrdersTable (AWS::DynamoDB::Table)"));
  CHECK(has(s, "# not mapped: the template's Conditions section"));

  const auto config = scenario::load_text(s, "kinesis-clicks.toml");
  REQUIRE(config.streams.size() == 1);
  REQUIRE(config.groups.size() == 1);
  REQUIRE(config.state_machines.size() == 1);
}

TEST_CASE(
    "short-form tags and long-form intrinsics, in YAML or JSON, import to the same "
    "scenario",
    "[import]") {
  const std::string yaml = R"(Resources:
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt Dead.Arn
        maxReceiveCount: 4
  Dead:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
  Sub:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: sqs
      Endpoint: !Sub "${Orders.Arn}"
      FilterPolicy: {kind: [a]}
)";
  const std::string json = R"({"Resources": {
  "Orders": {"Type": "AWS::SQS::Queue", "Properties": {"RedrivePolicy":
    {"deadLetterTargetArn": {"Fn::GetAtt": ["Dead", "Arn"]}, "maxReceiveCount": 4}}},
  "Dead": {"Type": "AWS::SQS::Queue"},
  "Topic": {"Type": "AWS::SNS::Topic"},
  "Sub": {"Type": "AWS::SNS::Subscription", "Properties": {"TopicArn": {"Ref": "Topic"},
    "Protocol": "sqs", "Endpoint": {"Fn::Sub": "${Orders.Arn}"},
    "FilterPolicy": {"kind": ["a"]}}}
}})";
  const auto from_yaml = import_text(yaml, "same");
  const auto from_json =
      import::import_scenario(import::Template::parse(json, "same.yaml"), "same");
  CHECK(from_yaml.scenario == from_json.scenario);
  CHECK(has(from_yaml.scenario, "dead_letter_queue = \"Dead\"\nmax_receive_count = 4\n"));
  CHECK(has(from_yaml.scenario, "queue = \"Orders\"\nfilter_policy = '{\"kind\": [\"a\"]}'\n"));
  CHECK(from_yaml.not_mapped == 0);
  CHECK_NOTHROW(scenario::load_text(from_yaml.scenario, "same.toml"));
}

TEST_CASE(
    "a rule without EventBusName is on the default bus, and a pattern given as JSON text "
    "or with an unresolvable value is handled",
    "[import]") {
  const auto imported = import_text(R"(Resources:
  Q:
    Type: AWS::SQS::Queue
  OnDefault:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: '{"source": ["a"], "detail": {"n": [5]}}'
      Targets: [{Id: q, Arn: !Sub "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Q.QueueName}"}]
  Conditional:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: {source: [!If [Prod, a, b]]}
      Targets: [{Id: q, Arn: !GetAtt Q.Arn}]
)");
  const std::string& s = imported.scenario;
  CHECK(has(s,
            "[buses.default]\n\n[[buses.default.rules]]\nname = \"OnDefault\"\npattern = "
            "'{\"source\": [\"a\"], \"detail\": {\"n\": [5]}}'\ntargets = [\"Q\"]\n"));
  CHECK(has(s,
            "# not mapped: Conditional (AWS::Events::Rule): EventPattern: it holds an intrinsic "
            "function (Fn::If) at inline.yaml:"));
  // The number 5 cannot come from a choice of strings: only source is generated.
  CHECK(has(s, "[producers.default-source.events.fields]\n\"source\" = { choice = [\"a\"] }\n\n"));
  const auto config = scenario::load_text(s, "default-bus.toml");
  REQUIRE(config.buses.size() == 1);
  CHECK(config.buses[0].name == "default");
}

TEST_CASE("text with quotes, backslashes and line breaks is written as valid TOML", "[import]") {
  const std::string yaml = R"(Resources:
  Bus:
    Type: AWS::Events::EventBus
  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref Bus
      EventPattern:
        detail:
          note: ["it's \"odd\" \\ text\n"]
      Targets:
        - Id: q
          Arn: !GetAtt Queue.Arn
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: "we'ird \"name\"\ttab"
)";
  const auto imported = import_text(yaml);
  const auto config = scenario::load_text(imported.scenario, "quoted.toml");
  REQUIRE(config.buses.size() == 1);
  REQUIRE(config.buses[0].rules.size() == 1);
  CHECK(config.buses[0].rules[0].pattern == R"({"detail": {"note": ["it's \"odd\" \\ text\n"]}})");
}

TEST_CASE("what a template cannot map is listed, resource by resource, with the reason",
          "[import]") {
  const auto imported = import_text(R"(Resources:
  Q:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: !If [Cond, 30, 60]
      Tags: [{Key: team, Value: shop}]
  Scheduled:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(5 minutes)
      Targets: [{Id: q, Arn: !GetAtt Q.Arn}]
  Lonely:
    Type: AWS::Lambda::Function
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !ImportValue other-stack-queue
      FunctionName: !Ref Lonely
  Strange:
    Type: Custom::Thing
)");
  const std::string& s = imported.scenario;
  CHECK(has(s,
            "# not mapped: VisibilityTimeout: expected a whole number, got an intrinsic "
            "function (Fn::If)"));
  CHECK(has(s, "# not mapped: Tags (no scenario key)"));
  CHECK(has(s, "# not mapped: Scheduled (AWS::Events::Rule): a scheduled rule (rate(5 minutes))"));
  CHECK(has(s,
            "# not mapped: Mapping (AWS::Lambda::EventSourceMapping): EventSourceArn an "
            "intrinsic function (Fn::ImportValue)"));
  CHECK(has(s, "# not mapped: Lonely (AWS::Lambda::Function): no SQS or Kinesis event source"));
  CHECK(has(s, "# not mapped: Strange (Custom::Thing): edasim has no model of this resource type"));
  CHECK(imported.not_mapped == 6);
  CHECK_NOTHROW(scenario::load_text(s, "unmapped.toml"));
}

TEST_CASE("a malformed or incomplete template is a located error", "[import]") {
  CHECK(import_error("Resources:\n  Q:\n    Type: [unclosed\n")
            .rfind("bad.yaml:4:1: expected a "
                   "JSON or YAML template: ",
                   0) == 0);
  CHECK(import_error("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}")
            .rfind("bad.yaml:1:", 0) == 0);
  CHECK(import_error("AWSTemplateFormatVersion: '2010-09-09'\n") ==
        "bad.yaml:1:1: Resources: expected a map of resources (a template must have one)");
  CHECK(import_error("- a list\n") ==
        "bad.yaml:1:1: expected a template: a map with a Resources section");
  CHECK(import_error("Resources:\n  Q:\n    Properties: {}\n") ==
        "bad.yaml:3:5: Resources.Q.Type: expected a resource type such as \"AWS::SQS::Queue\"");
  CHECK(import_error("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: [1]\n") ==
        "bad.yaml:4:17: Resources.Q.Properties: expected a map");
  CHECK(import_error(
            "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SQS::Queue\n") ==
        "bad.yaml:4:3: Resources.Q: the logical id is declared twice");
  CHECK(import_error("Resources: {}\n") ==
        "bad.yaml:1:12: Resources: expected a map of one or more resources by logical id");
  try {
    import::Template::read(data("no-such-template.yaml"));
    FAIL("a missing file was read");
  } catch (const import::ImportError& e) {
    CHECK(
        std::string(e.what()).ends_with("no-such-template.yaml: cannot open template: no such "
                                        "file"));
  }
}

TEST_CASE("docs/import.md's example scenario is what its example template imports to",
          "[import][docs]") {
  std::ifstream in(std::filesystem::path(EDASIM_SOURCE_DIR) / "docs/import.md");
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The text of the first fenced block that opens with `fence`.
  auto block = [&](const std::string& fence) {
    const std::size_t open = page.find(fence + "\n");
    REQUIRE(open != std::string::npos);
    const std::size_t start = open + fence.size() + 1;
    const std::size_t close = page.find("```\n", start);
    REQUIRE(close != std::string::npos);
    return page.substr(start, close - start);
  };
  const auto imported =
      import::import_scenario(import::Template::parse(block("```yaml"), "orders.yaml"), "orders");
  CHECK(imported.scenario == block("```toml"));
}
