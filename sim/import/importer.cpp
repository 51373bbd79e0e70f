#include "sim/import/importer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "sim/import/toml_text.hpp"

namespace edasim::import {

namespace {

constexpr std::string_view sqs_queue = "AWS::SQS::Queue";
constexpr std::string_view sns_topic = "AWS::SNS::Topic";
constexpr std::string_view sns_subscription = "AWS::SNS::Subscription";
constexpr std::string_view event_bus = "AWS::Events::EventBus";
constexpr std::string_view event_rule = "AWS::Events::Rule";
constexpr std::string_view lambda_function = "AWS::Lambda::Function";
constexpr std::string_view sam_function = "AWS::Serverless::Function";
constexpr std::string_view event_source_mapping = "AWS::Lambda::EventSourceMapping";
constexpr std::string_view kinesis_stream = "AWS::Kinesis::Stream";
constexpr std::string_view state_machine = "AWS::StepFunctions::StateMachine";
constexpr std::string_view sam_state_machine = "AWS::Serverless::StateMachine";

// Placeholders a template cannot give. Each is written with an ASSUMPTION
// comment; the values only need to load and run.
constexpr const char* assumed_rate = "\"1/s\"";
constexpr const char* assumed_duration = "\"10m\"";
constexpr const char* assumed_function_processing = "\"50ms\"";
constexpr const char* assumed_record_processing = "\"10ms\"";
constexpr const char* assumed_task_duration = "\"100ms\"";
constexpr const char* assumed_delivery_latency = "\"50ms\"";

std::optional<YAML::Node> child(const YAML::Node& map, std::string_view key) {
  if (!map.IsDefined() || !map.IsMap()) return std::nullopt;
  for (const auto& entry : map) {
    if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
  }
  return std::nullopt;
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

// The properties of one resource, or of a nested map: each key the importer
// reads is taken, and what is left is listed as not mapped.
class Props {
 public:
  explicit Props(YAML::Node map) : map_(std::move(map)) {}
  std::optional<YAML::Node> take(std::string_view key) {
    taken_.insert(std::string(key));
    return child(map_, key);
  }
  std::vector<std::string> rest() const {
    std::vector<std::string> keys;
    if (!map_.IsMap()) return keys;
    for (const auto& entry : map_) {
      if (entry.first.IsScalar() && !taken_.contains(entry.first.Scalar())) {
        keys.push_back(entry.first.Scalar());
      }
    }
    return keys;
  }

 private:
  YAML::Node map_;
  std::set<std::string> taken_;
};

// One table of the scenario: its header, its key lines and its comments.
struct Table {
  std::string header;
  std::vector<std::string> notes;  // comment lines, without "# "
  std::vector<std::string> lines;  // "key = value", possibly with a trailing comment
};

struct Queue {
  Table table;
  bool fifo = false;
  bool content_deduplication = false;
  bool dead_letter = false;  // some queue, rule or subscription sends it failures
  bool fed = false;          // a rule or subscription sends it events
};

struct Subscription {
  Table table;
};

struct Topic {
  Table table;
  bool fifo = false;
  std::vector<Subscription> subscriptions;
};

struct Rule {
  Table table;                                              // header "[[buses.B.rules]]"
  std::vector<std::pair<std::string, std::string>> fields;  // from the pattern, for the producer
};

struct Bus {
  Table table;
  std::vector<Rule> rules;
};

struct Function {
  std::string id;
  std::string type;
  std::optional<std::int64_t> timeout;
  std::optional<std::int64_t> memory;
  std::optional<std::int64_t> reserved;
  std::vector<std::string> notes;
  bool placed = false;   // written as a function, a consumer group or an endpoint
  bool written = false;  // its notes are in a table of its own
};

struct Stream {
  Table table;
  std::int64_t shards = 1;
};

class Importer {
 public:
  explicit Importer(const Template& t) : t_(t) {}

  Imported run(std::string_view name);

 private:
  // Readers of scalar values; each throws Unmappable with the reason.
  std::string text(const YAML::Node& value) const;
  std::int64_t integer(const YAML::Node& value) const;
  bool boolean(const YAML::Node& value) const;
  std::string describe(const YAML::Node& value) const;
  // A value that is a JSON object, or JSON text (EventPattern, FilterPolicy,
  // RedrivePolicy, DefinitionString), as a node.
  YAML::Node json_value(const YAML::Node& value) const;
  // The logical id of a resource of one of `types` that `value` names.
  std::string reference(const YAML::Node& value, std::initializer_list<std::string_view> types,
                        std::string_view what) const;

  void attempt(std::vector<std::string>& notes, std::string_view key,
               const std::function<void()>& map) const;
  void rest(std::vector<std::string>& notes, const Props& props) const;

  void read_queue(const Resource& r);
  void read_topic(const Resource& r);
  void read_bus(const Resource& r);
  void read_function(const Resource& r);
  void read_stream(const Resource& r);
  void read_state_machine(const Resource& r);
  YAML::Node state_machine_definition(Props& props) const;
  Table state_table(const std::string& machine, const std::string& state,
                    const YAML::Node& s) const;
  void task_lines(const YAML::Node& s, std::vector<std::string>& lines) const;
  void choice_lines(const YAML::Node& s, std::vector<std::string>& lines) const;
  void read_subscription(const Resource& r);
  void read_rule(const Resource& r);
  std::string rule_bus(Props& props, std::vector<std::string>& notes) const;
  std::string rule_target(const YAML::Node& target, const std::string& key,
                          std::vector<std::string>& notes);
  void read_mapping(const Resource& r);
  void read_sam_events(const Resource& r);
  void redrive(const Resource& r);

  void add_subscription(const std::string& topic, const std::string& name,
                        const std::string& protocol, const YAML::Node& endpoint,
                        std::optional<YAML::Node> filter_policy, std::optional<YAML::Node> scope,
                        std::vector<std::string> notes, std::optional<YAML::Node> dead_letter);
  // An SQS or Kinesis event source of a function, from an
  // EventSourceMapping or a SAM event.
  void add_event_source(const std::string& function, const std::string& source, Props& props,
                        std::vector<std::string> notes, std::string_view origin);
  Bus& bus_named(const std::string& name);
  void not_mapped(const Resource& r, const std::string& reason);

  std::string write(std::string_view name);

  const Template& t_;
  std::map<std::string, Queue> queues_;
  std::map<std::string, Topic> topics_;
  std::map<std::string, Bus> buses_;
  std::map<std::string, Function> functions_;
  std::map<std::string, Stream> streams_;
  std::vector<Table> function_tables_;
  std::vector<Table> groups_;
  std::map<std::string, std::vector<Table>> machines_;  // the machine, then its states
  std::set<std::string> function_table_names_;
  std::vector<std::string> unmapped_;  // "# not mapped" lines of whole resources and sections
  std::size_t components_ = 0;
};

std::string Importer::describe(const YAML::Node& value) const {
  if (const auto fn = Template::intrinsic(value)) {
    return "an intrinsic function (" + fn->name + ") the importer cannot resolve";
  }
  if (value.IsMap()) return "a map";
  if (value.IsSequence()) return "a list";
  if (value.IsScalar()) return "\"" + value.Scalar() + "\"";
  return "nothing";
}

std::string Importer::text(const YAML::Node& value) const {
  if (const auto literal = t_.literal(value)) return *literal;
  throw Unmappable("expected text, got " + describe(value));
}

std::int64_t Importer::integer(const YAML::Node& value) const {
  const auto literal = t_.literal(value);
  if (!literal) throw Unmappable("expected a whole number, got " + describe(value));
  std::int64_t n = 0;
  const char* end = literal->data() + literal->size();
  const auto [at, error] = std::from_chars(literal->data(), end, n);
  if (error != std::errc() || at != end) {
    throw Unmappable("expected a whole number, got \"" + *literal + "\"");
  }
  return n;
}

bool Importer::boolean(const YAML::Node& value) const {
  const auto literal = t_.literal(value);
  if (literal == "true" || literal == "True" || literal == "TRUE") return true;
  if (literal == "false" || literal == "False" || literal == "FALSE") return false;
  throw Unmappable("expected true or false, got " + describe(value));
}

YAML::Node Importer::json_value(const YAML::Node& value) const {
  if (value.IsMap() && !Template::intrinsic(value)) return value;
  const auto literal = t_.literal(value);
  if (!literal) throw Unmappable("expected a JSON object, got " + describe(value));
  try {
    YAML::Node parsed = YAML::Load(*literal);
    if (parsed.IsMap()) return parsed;
  } catch (const YAML::Exception& e) {
    throw Unmappable("its text is not JSON: " + e.msg);
  }
  throw Unmappable("expected a JSON object, got \"" + *literal + "\"");
}

std::string Importer::reference(const YAML::Node& value,
                                std::initializer_list<std::string_view> types,
                                std::string_view what) const {
  const auto id = t_.resource_named_by(value);
  if (!id) {
    const auto literal = t_.literal(value);
    throw Unmappable(std::string(what) + " " +
                     (literal ? "\"" + *literal + "\"" : describe(value)) +
                     " names no resource of this template");
  }
  const Resource* r = t_.find(*id);
  for (std::string_view type : types) {
    if (r->type == type) return *id;
  }
  throw Unmappable(std::string(what) + " " + *id + " is a " + r->type);
}

void Importer::attempt(std::vector<std::string>& notes, std::string_view key,
                       const std::function<void()>& map) const {
  try {
    map();
  } catch (const Unmappable& e) {
    notes.push_back("not mapped: " + std::string(key) + ": " + e.what());
  }
}

void Importer::rest(std::vector<std::string>& notes, const Props& props) const {
  const auto keys = props.rest();
  if (!keys.empty()) {
    notes.push_back("not mapped: " + joined(keys, ", ") + " (no scenario key)");
  }
}

void Importer::not_mapped(const Resource& r, const std::string& reason) {
  unmapped_.push_back("not mapped: " + r.id + " (" + r.type + "): " + reason);
}

// services.md §1 and §14.5: VisibilityTimeout 0..43,200 s (default 30),
// MessageRetentionPeriod 60..1,209,600 s (default 4 d), DelaySeconds 0..900;
// the scenario's queue keys take the same ranges (docs/scenario/queues.md).
void Importer::read_queue(const Resource& r) {
  Queue& q = queues_[r.id];
  q.table.header = "[queues." + toml_key(r.id) + "]";
  Props props(r.properties);
  auto& notes = q.table.notes;
  auto& lines = q.table.lines;
  if (auto name = props.take("QueueName")) {
    attempt(notes, "QueueName", [&] {
      notes.push_back("QueueName " + text(*name) + ": the scenario calls it " + r.id);
    });
  }
  if (auto v = props.take("VisibilityTimeout")) {
    attempt(notes, "VisibilityTimeout",
            [&] { lines.push_back("visibility_timeout = \"" + seconds(integer(*v)) + "\""); });
  }
  if (auto v = props.take("MessageRetentionPeriod")) {
    attempt(notes, "MessageRetentionPeriod",
            [&] { lines.push_back("retention = \"" + seconds(integer(*v)) + "\""); });
  }
  if (auto v = props.take("DelaySeconds")) {
    attempt(notes, "DelaySeconds",
            [&] { lines.push_back("delay = \"" + seconds(integer(*v)) + "\""); });
  }
  if (auto v = props.take("MaximumMessageSize")) {
    attempt(notes, "MaximumMessageSize", [&] {
      lines.push_back("max_message_size = \"" + std::to_string(integer(*v)) + "B\"");
    });
  }
  if (auto v = props.take("FifoQueue")) {
    attempt(notes, "FifoQueue", [&] {
      q.fifo = boolean(*v);
      if (q.fifo) lines.push_back("fifo = true");
    });
  }
  if (auto v = props.take("ContentBasedDeduplication")) {
    attempt(notes, "ContentBasedDeduplication", [&] { q.content_deduplication = boolean(*v); });
  }
  // High-throughput FIFO is deduplication per message group with the
  // per-group throughput limit (services.md §1.10, §14.5).
  const auto limit = props.take("FifoThroughputLimit");
  const auto scope = props.take("DeduplicationScope");
  if (limit) {
    attempt(notes, "FifoThroughputLimit", [&] {
      const std::string value = text(*limit);
      if (value == "perMessageGroupId") {
        lines.push_back("high_throughput = true");
      } else if (value != "perQueue") {
        throw Unmappable("expected perQueue or perMessageGroupId, got \"" + value + "\"");
      }
    });
  }
  if (scope && !limit) {
    notes.push_back(
        "not mapped: DeduplicationScope without FifoThroughputLimit (edasim ties "
        "them together as high_throughput)");
  }
  if (props.take("ReceiveMessageWaitTimeSeconds")) {
    notes.push_back(
        "not mapped: ReceiveMessageWaitTimeSeconds (a consumer's or mapping's poll wait in "
        "edasim, not the queue's)");
  }
  props.take("RedrivePolicy");  // read once every queue is known: redrive()
  rest(notes, props);
  ++components_;
}

void Importer::redrive(const Resource& r) {
  Props props(r.properties);
  const auto policy = props.take("RedrivePolicy");
  if (!policy) return;
  Queue& q = queues_[r.id];
  attempt(q.table.notes, "RedrivePolicy", [&] {
    const YAML::Node value = json_value(*policy);
    Props fields(value);
    const auto target = fields.take("deadLetterTargetArn");
    const auto count = fields.take("maxReceiveCount");
    if (!target || !count) throw Unmappable("expected deadLetterTargetArn and maxReceiveCount");
    const std::string dlq = reference(*target, {sqs_queue}, "deadLetterTargetArn");
    const std::int64_t receives = integer(*count);
    q.table.lines.push_back("dead_letter_queue = " + toml_string(dlq));
    q.table.lines.push_back("max_receive_count = " + std::to_string(receives));
    queues_[dlq].dead_letter = true;
    rest(q.table.notes, fields);
  });
}

void Importer::read_topic(const Resource& r) {
  Topic& topic = topics_[r.id];
  topic.table.header = "[topics." + toml_key(r.id) + "]";
  Props props(r.properties);
  auto& notes = topic.table.notes;
  if (auto name = props.take("TopicName")) {
    attempt(notes, "TopicName", [&] {
      notes.push_back("TopicName " + text(*name) + ": the scenario calls it " + r.id);
    });
  }
  if (auto v = props.take("FifoTopic")) {
    attempt(notes, "FifoTopic", [&] {
      topic.fifo = boolean(*v);
      if (topic.fifo) topic.table.lines.push_back("fifo = true");
    });
  }
  if (props.take("ContentBasedDeduplication")) {
    notes.push_back(
        "ContentBasedDeduplication: edasim deduplicates by content unless a producer sets "
        "deduplication_id");
  }
  props.take("Subscription");  // read with the subscriptions, once every topic is known
  rest(notes, props);
  ++components_;
}

void Importer::read_bus(const Resource& r) {
  Bus& bus = bus_named(r.id);
  Props props(r.properties);
  if (auto name = props.take("Name")) {
    attempt(bus.table.notes, "Name", [&] {
      bus.table.notes.push_back("Name " + text(*name) + ": the scenario calls it " + r.id);
    });
  }
  rest(bus.table.notes, props);
}

Bus& Importer::bus_named(const std::string& name) {
  auto [it, added] = buses_.try_emplace(name);
  if (added) {
    it->second.table.header = "[buses." + toml_key(name) + "]";
    ++components_;
  }
  return it->second;
}

// A function's settings; where it is written depends on its event sources,
// read later. SAM's Globals.Function gives defaults to every
// AWS::Serverless::Function.
void Importer::read_function(const Resource& r) {
  Function& f = functions_[r.id];
  f.id = r.id;
  f.type = r.type;
  auto read = [&](Props& props, std::vector<std::string>& notes) {
    if (auto v = props.take("Timeout")) attempt(notes, "Timeout", [&] { f.timeout = integer(*v); });
    if (auto v = props.take("MemorySize")) {
      attempt(notes, "MemorySize", [&] { f.memory = integer(*v); });
    }
    if (auto v = props.take("ReservedConcurrentExecutions")) {
      attempt(notes, "ReservedConcurrentExecutions", [&] { f.reserved = integer(*v); });
    }
  };
  if (r.type == sam_function) {
    if (auto globals = child(t_.section("Globals"), "Function")) {
      Props defaults(*globals);
      std::vector<std::string> ignored;
      read(defaults, ignored);
    }
  }
  Props props(r.properties);
  read(props, f.notes);
  props.take("Events");  // read_sam_events
  props.take("FunctionName");
  const auto keys = props.rest();
  if (!keys.empty()) {
    f.notes.push_back("not mapped: " + joined(keys, ", ") +
                      " (the code and its permissions "
                      "are not simulated; processing is an assumed time)");
  }
}

// services.md §5.1: a Kinesis stream's capacity is its shards; retention
// 24 h by default.
void Importer::read_stream(const Resource& r) {
  Stream& s = streams_[r.id];
  s.table.header = "[streams." + toml_key(r.id) + "]";
  s.table.lines.push_back("kind = \"kinesis\"");
  Props props(r.properties);
  auto& notes = s.table.notes;
  if (auto name = props.take("Name")) {
    attempt(notes, "Name",
            [&] { notes.push_back("Name " + text(*name) + ": the scenario calls it " + r.id); });
  }
  if (auto v = props.take("ShardCount")) {
    attempt(notes, "ShardCount", [&] {
      s.shards = integer(*v);
      s.table.lines.push_back("shards = " + std::to_string(s.shards));
    });
  }
  if (auto v = props.take("RetentionPeriodHours")) {
    attempt(notes, "RetentionPeriodHours", [&] {
      s.table.lines.push_back("retention = \"" + std::to_string(integer(*v)) + "h\"");
    });
  }
  if (auto v = props.take("StreamModeDetails")) {
    attempt(notes, "StreamModeDetails", [&] {
      const auto mode = child(*v, "StreamMode");
      if (mode && text(*mode) == "ON_DEMAND") {
        throw Unmappable(
            "ON_DEMAND streams scale their shards; edasim's streams have a fixed "
            "count: set shards to the count you expect");
      }
    });
  }
  rest(notes, props);
  ++components_;
}

void Importer::read_subscription(const Resource& r) {
  Props props(r.properties);
  std::vector<std::string> notes;
  try {
    const auto topic_arn = props.take("TopicArn");
    const auto protocol = props.take("Protocol");
    const auto endpoint = props.take("Endpoint");
    if (!topic_arn || !protocol || !endpoint) {
      throw Unmappable("expected TopicArn, Protocol and Endpoint");
    }
    const std::string topic = reference(*topic_arn, {sns_topic}, "TopicArn");
    const auto policy = props.take("FilterPolicy");
    const auto scope = props.take("FilterPolicyScope");
    const auto dead_letter = props.take("RedrivePolicy");
    if (props.take("RawMessageDelivery")) {
      notes.push_back(
          "not mapped: RawMessageDelivery (edasim does not model the SNS envelope: "
          "sizes are the producer's)");
    }
    if (props.take("DeliveryPolicy")) {
      notes.push_back(
          "not mapped: DeliveryPolicy (write the subscription's retry table by hand, "
          "docs/scenario/topics.md)");
    }
    props.take("Region");
    rest(notes, props);
    add_subscription(topic, r.id, text(*protocol), *endpoint, policy, scope, notes, dead_letter);
  } catch (const Unmappable& e) {
    not_mapped(r, e.what());
  }
}

// services.md §3.1-3.2: SNS delivers to SQS, Lambda and HTTP/S; a filter
// policy applies to MessageAttributes by default or to MessageBody.
void Importer::add_subscription(const std::string& topic, const std::string& name,
                                const std::string& protocol, const YAML::Node& endpoint,
                                std::optional<YAML::Node> filter_policy,
                                std::optional<YAML::Node> scope, std::vector<std::string> notes,
                                std::optional<YAML::Node> dead_letter) {
  Subscription sub;
  sub.table.header = "[topics." + toml_key(topic) + ".subscriptions." + toml_key(name) + "]";
  auto& lines = sub.table.lines;
  if (protocol == "sqs") {
    const std::string queue = reference(endpoint, {sqs_queue}, "Endpoint");
    lines.push_back("endpoint = \"sqs\"");
    lines.push_back("queue = " + toml_string(queue));
    queues_[queue].fed = true;
  } else if (protocol == "lambda") {
    const std::string function = reference(endpoint, {lambda_function, sam_function}, "Endpoint");
    lines.push_back("endpoint = \"lambda\"");
    lines.push_back(std::string("latency = ") + assumed_function_processing +
                    "  # ASSUMPTION: one invocation of " + function + "; measure it");
    functions_[function].placed = true;
  } else if (protocol == "http" || protocol == "https") {
    lines.push_back("endpoint = \"http\"");
    lines.push_back(std::string("latency = ") + assumed_delivery_latency +
                    "  # ASSUMPTION: the endpoint's response time; measure it");
  } else {
    throw Unmappable("protocol " + protocol +
                     ": edasim's subscriptions are sqs, lambda or http(s)");
  }
  if (filter_policy) {
    attempt(notes, "FilterPolicy", [&] {
      lines.push_back("filter_policy = " + toml_json(to_json(t_, json_value(*filter_policy))));
    });
  }
  if (scope) {
    attempt(notes, "FilterPolicyScope", [&] {
      const std::string value = text(*scope);
      if (value == "MessageBody") {
        lines.push_back("filter_scope = \"body\"");
      } else if (value != "MessageAttributes") {
        throw Unmappable("expected MessageAttributes or MessageBody, got \"" + value + "\"");
      }
    });
  }
  if (dead_letter) {
    attempt(notes, "RedrivePolicy", [&] {
      const YAML::Node value = json_value(*dead_letter);
      const auto target = child(value, "deadLetterTargetArn");
      if (!target) throw Unmappable("expected deadLetterTargetArn");
      const std::string dlq = reference(*target, {sqs_queue}, "deadLetterTargetArn");
      lines.push_back("dead_letter_queue = " + toml_string(dlq));
      queues_[dlq].dead_letter = true;
    });
  }
  sub.table.notes = std::move(notes);
  topics_[topic].subscriptions.push_back(std::move(sub));
  ++components_;
}

// services.md §2.4 and §14.5: a rule has at most 5 targets, each with a
// retry policy (MaximumRetryAttempts 0..185, MaximumEventAgeInSeconds
// 60..86,400) and an SQS dead-letter queue; edasim's rules deliver to queues.
namespace {

// The plain string lists of an event pattern, as field generators of the
// placeholder producer, so that its events reach the rule: path, then
// `{ choice = [...] }`.
void pattern_fields(const YAML::Node& node, const std::string& prefix,
                    std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) continue;
    const std::string path = prefix + entry.first.Scalar();
    if (entry.second.IsMap()) {
      pattern_fields(entry.second, path + ".", fields);
    } else if (entry.second.IsSequence() && entry.second.size() > 0) {
      std::vector<std::string> values;
      bool plain = true;
      for (const auto& element : entry.second) {
        plain = plain && element.IsScalar();
        if (plain) values.push_back(toml_string(element.Scalar()));
      }
      if (!plain) continue;
      // A number in a pattern matches a number only: edasim's choice
      // generator writes strings.
      if (entry.second[0].Tag() != "!" &&
          entry.second[0].Scalar().find_first_not_of("0123456789.-") == std::string::npos) {
        continue;
      }
      fields.emplace_back(path, "{ choice = [" + joined(values, ", ") + "] }");
    }
  }
}

}  // namespace

void Importer::read_rule(const Resource& r) {
  Props props(r.properties);
  Rule rule;
  auto& notes = rule.table.notes;
  auto& lines = rule.table.lines;
  try {
    const std::string bus = rule_bus(props, notes);
    if (auto state = props.take("State")) {
      const std::string value = text(*state);
      if (value == "DISABLED") throw Unmappable("the rule is DISABLED and routes nothing");
    }
    const auto pattern = props.take("EventPattern");
    const auto schedule = props.take("ScheduleExpression");
    if (!pattern) {
      throw Unmappable(schedule ? "a scheduled rule (" + text(*schedule) +
                                      "): write its events as a producer with a constant rate"
                                : "no EventPattern");
    }
    if (schedule) notes.push_back("not mapped: ScheduleExpression (the rule's pattern is kept)");
    const YAML::Node pattern_value = [&] {
      try {
        return json_value(*pattern);
      } catch (const Unmappable& e) {
        throw Unmappable(std::string("EventPattern: ") + e.what());
      }
    }();
    const std::string json = [&] {
      try {
        return to_json(t_, pattern_value);
      } catch (const Unmappable& e) {
        throw Unmappable(std::string("EventPattern: ") + e.what());
      }
    }();
    pattern_fields(pattern_value, "", rule.fields);
    lines.push_back("name = " + toml_string(r.id));
    lines.push_back("pattern = " + toml_json(json));
    std::vector<std::string> targets;
    std::vector<std::string> refused;  // why each target that is not a queue is left out
    if (auto list = props.take("Targets"); list && list->IsSequence()) {
      std::size_t index = 0;
      for (const auto& target : *list) {
        const std::string key = "Targets[" + std::to_string(index++) + "]";
        attempt(refused, key, [&] { targets.push_back(rule_target(target, key, notes)); });
      }
    }
    if (targets.empty()) {
      throw Unmappable(refused.empty() ? std::string("no Targets")
                                       : "no target is a queue; " + joined(refused, "; "));
    }
    notes.insert(notes.end(), refused.begin(), refused.end());
    lines.push_back("targets = [" + joined(targets, ", ") + "]");
    props.take("Name");
    props.take("Description");
    rest(notes, props);
    rule.table.header = "[[buses." + toml_key(bus) + ".rules]]";
    bus_named(bus).rules.push_back(std::move(rule));
    ++components_;
  } catch (const Unmappable& e) {
    not_mapped(r, e.what());
  }
}

// The bus a rule is on: one of the template's, or by the name or ARN it
// gives ("default" when none).
std::string Importer::rule_bus(Props& props, std::vector<std::string>& notes) const {
  std::string bus = "default";
  if (auto v = props.take("EventBusName")) {
    if (const auto id = t_.resource_named_by(*v); id && t_.find(*id)->type == event_bus) {
      bus = *id;
    } else {
      const std::string given = text(*v);
      bus = scenario_name(given.substr(
          given.find_last_of(":/") == std::string::npos ? 0 : given.find_last_of(":/") + 1));
      if (bus != "default") {
        notes.push_back("bus " + given + " is not declared in this template");
      }
    }
  }
  return bus;
}

// One of a rule's targets, as the scenario's `targets` list writes it: a
// queue, with its retry policy and dead-letter queue. Throws Unmappable for
// a target that is not a queue of the template.
std::string Importer::rule_target(const YAML::Node& target, const std::string& key,
                                  std::vector<std::string>& notes) {
  Props tp(target);
  const auto arn = tp.take("Arn");
  tp.take("Id");
  tp.take("RoleArn");
  if (!arn) throw Unmappable("no Arn");
  const auto id = t_.resource_named_by(*arn);
  if (!id || t_.find(*id)->type != sqs_queue) {
    throw Unmappable((id ? *id + " (" + t_.find(*id)->type + ")" : describe(*arn)) +
                     ": edasim's rules deliver to queues only; put a queue in front or model it "
                     "by hand");
  }
  std::vector<std::string> parts{"queue = " + toml_string(*id)};
  if (auto retry = tp.take("RetryPolicy")) {
    Props rp(*retry);
    if (auto v = rp.take("MaximumRetryAttempts")) {
      parts.push_back("max_retry_attempts = " + std::to_string(integer(*v)));
    }
    if (auto v = rp.take("MaximumEventAgeInSeconds")) {
      parts.push_back("max_event_age = \"" + seconds(integer(*v)) + "\"");
    }
  }
  if (auto dlc = tp.take("DeadLetterConfig")) {
    const auto dl = child(*dlc, "Arn");
    if (!dl) throw Unmappable("DeadLetterConfig without Arn");
    const std::string dlq = reference(*dl, {sqs_queue}, "DeadLetterConfig.Arn");
    parts.push_back("dead_letter_queue = " + toml_string(dlq));
    queues_[dlq].dead_letter = true;
  }
  const auto left = tp.rest();
  if (!left.empty()) {
    notes.push_back("not mapped: " + key + "." + joined(left, ", " + key + ".") +
                    " (edasim delivers the event as it is)");
  }
  queues_[*id].fed = true;
  return parts.size() == 1 ? toml_string(*id) : "{ " + joined(parts, ", ") + " }";
}

// services.md §4.1-4.4 (SQS) and §14.5: BatchSize (SQS default 10, at most
// 10,000), MaximumBatchingWindowInSeconds 0..300, ScalingConfig's
// MaximumConcurrency 2..1,000, ReportBatchItemFailures.
void Importer::add_event_source(const std::string& function, const std::string& source,
                                Props& props, std::vector<std::string> notes,
                                std::string_view origin) {
  Function& f = functions_[function];
  const std::string& source_type = t_.find(source)->type;
  if (auto enabled = props.take("Enabled"); enabled && !boolean(*enabled)) {
    throw Unmappable("the mapping is disabled (Enabled: false)");
  }
  if (props.take("FilterCriteria")) {
    notes.push_back("not mapped: FilterCriteria (edasim's mappings receive every message)");
  }
  Table table;
  if (source_type == sqs_queue) {
    std::string name = function;
    if (function_table_names_.contains(name)) name = function + "-" + source;
    function_table_names_.insert(name);
    table.header = "[functions." + toml_key(name) + "]";
    auto& lines = table.lines;
    lines.push_back("queue = " + toml_string(source));
    if (auto v = props.take("BatchSize")) {
      attempt(notes, "BatchSize",
              [&] { lines.push_back("batch = " + std::to_string(integer(*v))); });
    }
    if (auto v = props.take("MaximumBatchingWindowInSeconds")) {
      attempt(notes, "MaximumBatchingWindowInSeconds",
              [&] { lines.push_back("batching_window = \"" + seconds(integer(*v)) + "\""); });
    }
    if (auto v = props.take("ScalingConfig")) {
      attempt(notes, "ScalingConfig", [&] {
        const auto cap = child(*v, "MaximumConcurrency");
        if (!cap) throw Unmappable("expected MaximumConcurrency");
        lines.push_back("maximum_concurrency = " + std::to_string(integer(*cap)));
      });
    }
    if (auto v = props.take("FunctionResponseTypes")) {
      attempt(notes, "FunctionResponseTypes", [&] {
        if (!v->IsSequence()) throw Unmappable("expected a list");
        for (const auto& type : *v) {
          if (text(type) == "ReportBatchItemFailures") {
            lines.push_back("report_batch_item_failures = true");
          }
        }
      });
    }
    if (f.reserved) lines.push_back("reserved_concurrency = " + std::to_string(*f.reserved));
    if (f.timeout) lines.push_back("timeout = \"" + seconds(*f.timeout) + "\"");
    if (f.memory) lines.push_back("memory_mb = " + std::to_string(*f.memory));
    lines.push_back(std::string("processing = ") + assumed_function_processing +
                    "  # ASSUMPTION: the handler's time per message; measure it");
    table.notes = std::move(notes);
    table.notes.insert(table.notes.begin(),
                       "function " + function + ", event source " + std::string(origin));
    rest(table.notes, props);
    if (!f.placed) table.notes.insert(table.notes.end(), f.notes.begin(), f.notes.end());
    f.written = true;
    function_tables_.push_back(std::move(table));
  } else if (source_type == kinesis_stream) {
    // services.md §5.1, §11.4: Lambda reads each shard with one batch at a
    // time (ParallelizationFactor 1..10 batches per shard), so the group
    // has shards x factor consumers.
    std::string name = function;
    if (function_table_names_.contains(name)) name = function + "-" + source;
    function_table_names_.insert(name);
    table.header = "[consumer_groups." + toml_key(name) + "]";
    auto& lines = table.lines;
    lines.push_back("stream = " + toml_string(source));
    std::int64_t factor = 1;
    if (auto v = props.take("ParallelizationFactor")) {
      attempt(notes, "ParallelizationFactor", [&] { factor = integer(*v); });
    }
    lines.push_back("consumers = " + std::to_string(streams_[source].shards * factor) +
                    "  # one Lambda poller per shard and ParallelizationFactor");
    if (auto v = props.take("BatchSize")) {
      attempt(notes, "BatchSize",
              [&] { lines.push_back("batch = " + std::to_string(integer(*v))); });
    } else {
      lines.push_back("batch = 100  # Lambda's default for streams (services.md §14.5)");
    }
    lines.push_back(std::string("processing = ") + assumed_record_processing +
                    "  # ASSUMPTION: the handler's time per record; measure it");
    for (const char* key :
         {"MaximumBatchingWindowInSeconds", "BisectBatchOnFunctionError", "MaximumRetryAttempts",
          "MaximumRecordAgeInSeconds", "TumblingWindowInSeconds", "DestinationConfig",
          "FunctionResponseTypes"}) {
      if (props.take(key)) {
        notes.push_back(std::string("not mapped: ") + key +
                        " (edasim's consumer groups poll and process; they do not fail records)");
      }
    }
    props.take("StartingPosition");
    props.take("StartingPositionTimestamp");
    table.notes = std::move(notes);
    table.notes.insert(table.notes.begin(),
                       "function " + function + ", event source " + std::string(origin));
    rest(table.notes, props);
    if (!f.placed) table.notes.insert(table.notes.end(), f.notes.begin(), f.notes.end());
    f.written = true;
    groups_.push_back(std::move(table));
  } else {
    throw Unmappable("event source " + source + " is a " + source_type +
                     "; edasim maps SQS queues and Kinesis streams");
  }
  f.placed = true;
  ++components_;
}

void Importer::read_mapping(const Resource& r) {
  Props props(r.properties);
  try {
    const auto source = props.take("EventSourceArn");
    const auto function = props.take("FunctionName");
    if (!source || !function) throw Unmappable("expected EventSourceArn and FunctionName");
    const std::string source_id = reference(*source, {sqs_queue, kinesis_stream}, "EventSourceArn");
    const std::string function_id =
        reference(*function, {lambda_function, sam_function}, "FunctionName");
    add_event_source(function_id, source_id, props, {}, r.id);
  } catch (const Unmappable& e) {
    not_mapped(r, e.what());
  }
}

// SAM's Events of a function: SQS and Kinesis become event sources, SNS a
// subscription; EventBridgeRule and the rest name the function as a
// target, which edasim's rules cannot.
void Importer::read_sam_events(const Resource& r) {
  const auto events = child(r.properties, "Events");
  if (!events || !events->IsMap()) return;
  for (const auto& entry : *events) {
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "?";
    const std::string where = r.id + ".Events." + name;
    try {
      const auto type = child(entry.second, "Type");
      if (!type) throw Unmappable("no Type");
      const std::string kind = text(*type);
      YAML::Node properties = child(entry.second, "Properties").value_or(YAML::Node());
      Props props(properties);
      if (kind == "SQS") {
        const auto queue = props.take("Queue");
        if (!queue) throw Unmappable("no Queue");
        add_event_source(r.id, reference(*queue, {sqs_queue}, "Queue"), props, {}, where);
      } else if (kind == "Kinesis") {
        const auto stream = props.take("Stream");
        if (!stream) throw Unmappable("no Stream");
        add_event_source(r.id, reference(*stream, {kinesis_stream}, "Stream"), props, {}, where);
      } else if (kind == "SNS") {
        const auto topic = props.take("Topic");
        if (!topic) throw Unmappable("no Topic");
        const std::string topic_id = reference(*topic, {sns_topic}, "Topic");
        const auto policy = props.take("FilterPolicy");
        const auto scope = props.take("FilterPolicyScope");
        std::vector<std::string> notes;
        if (props.take("SqsSubscription")) {
          notes.push_back(
              "not mapped: SqsSubscription (SAM puts a queue in front of the "
              "function; declare it to model it)");
        }
        props.take("Region");
        rest(notes, props);
        YAML::Node endpoint;
        endpoint["Ref"] = r.id;
        add_subscription(topic_id, r.id + "-" + name, "lambda", endpoint, policy, scope, notes,
                         std::nullopt);
      } else {
        throw Unmappable("an event of type " + kind +
                         "; edasim's functions are fed by SQS queues and Kinesis streams" +
                         (kind == "EventBridgeRule" ? " (a rule's targets are queues)" : ""));
      }
    } catch (const Unmappable& e) {
      unmapped_.push_back("not mapped: " + where + " (" + r.type + " event): " + e.what());
    }
  }
}

// services.md §10 and §14.5: StateMachineType STANDARD (default) or EXPRESS;
// a Definition (object) or DefinitionString. A definition of Task, Pass,
// Wait (Seconds), Choice, Succeed and Fail states maps state by state;
// Choice rules, which read the event's content, become equal
// probabilities (edasim's choices are drawn, docs/scenario/state-machines.md).
void Importer::read_state_machine(const Resource& r) {
  Props props(r.properties);
  try {
    std::vector<Table> tables;
    Table machine;
    machine.header = "[state_machines." + toml_key(r.id) + "]";
    if (auto v = props.take(r.type == sam_state_machine ? "Type" : "StateMachineType")) {
      const std::string type = text(*v);
      if (type != "STANDARD" && type != "EXPRESS") {
        throw Unmappable("expected STANDARD or EXPRESS, got \"" + type + "\"");
      }
      machine.lines.push_back(std::string("type = ") +
                              (type == "EXPRESS" ? "\"express\"" : "\"standard\""));
    }
    const YAML::Node definition = state_machine_definition(props);
    props.take("DefinitionSubstitutions");
    props.take("StateMachineName");
    props.take("Name");
    const auto start = child(definition, "StartAt");
    const auto states = child(definition, "States");
    if (!start || !states || !states->IsMap())
      throw Unmappable("the definition has no StartAt and States");
    machine.lines.push_back("start_at = " + toml_string(text(*start)));
    for (const auto& entry : *states) {
      tables.push_back(state_table(r.id, entry.first.Scalar(), entry.second));
    }
    rest(machine.notes, props);
    tables.insert(tables.begin(), std::move(machine));
    machines_[r.id] = std::move(tables);
    ++components_;
  } catch (const Unmappable& e) {
    not_mapped(r, e.what());
  }
}

// The Amazon States Language definition, inline or as text (a !Sub of it
// keeps its ${...} placeholders inside Resource strings, which the mapping
// does not read).
YAML::Node Importer::state_machine_definition(Props& props) const {
  // emplace, not assignment: yaml-cpp's assignment merges node sets
  // (see Template::parse).
  std::optional<YAML::Node> definition;
  if (auto v = props.take("Definition")) {
    definition.emplace(*v);
  } else if (auto s = props.take("DefinitionString")) {
    const auto fn = Template::intrinsic(*s);
    if (fn && fn->name == "Fn::Sub" && fn->argument.IsSequence() && fn->argument.size() > 0) {
      definition.emplace(json_value(fn->argument[0]));
    } else if (fn && fn->name == "Fn::Sub") {
      definition.emplace(json_value(fn->argument));
    } else {
      definition.emplace(json_value(*s));
    }
  } else {
    throw Unmappable(
        "no Definition or DefinitionString (DefinitionUri and "
        "DefinitionS3Location are not read)");
  }
  return *definition;
}

// One state's table: [state_machines.MACHINE.states.STATE].
Table Importer::state_table(const std::string& machine, const std::string& state,
                            const YAML::Node& s) const {
  if (state.empty() || state.size() > 80 || scenario_name(state) != state) {
    throw Unmappable("state \"" + state + "\": edasim's state names are letters, digits, - and _");
  }
  Table table;
  table.header = "[state_machines." + toml_key(machine) + ".states." + toml_key(state) + "]";
  auto& lines = table.lines;
  const std::string type = text(child(s, "Type").value_or(YAML::Node()));
  auto next_or_end = [&] {
    if (auto next = child(s, "Next")) {
      lines.push_back("next = " + toml_string(text(*next)));
    } else if (auto end = child(s, "End"); end && boolean(*end)) {
      lines.push_back("end = true");
    }
  };
  if (type == "Task") {
    task_lines(s, lines);
    next_or_end();
  } else if (type == "Pass") {
    lines.push_back("type = \"pass\"");
    next_or_end();
  } else if (type == "Wait") {
    const auto wait = child(s, "Seconds");
    if (!wait) throw Unmappable("state " + state + ": a Wait without a fixed Seconds");
    lines.push_back("type = \"wait\"");
    lines.push_back("seconds = \"" + seconds(integer(*wait)) + "\"");
    next_or_end();
  } else if (type == "Succeed") {
    lines.push_back("type = \"succeed\"");
  } else if (type == "Fail") {
    lines.push_back("type = \"fail\"");
    if (auto error = child(s, "Error")) lines.push_back("error = " + toml_string(text(*error)));
  } else if (type == "Choice") {
    choice_lines(s, lines);
  } else {
    throw Unmappable("state " + state + " is a " + type +
                     " state; only Task, Pass, Wait, Choice, Succeed and Fail are mapped");
  }
  return table;
}

// A Task state: its assumed duration, a task token, its timeout, and its
// Retry and Catch lists.
void Importer::task_lines(const YAML::Node& s, std::vector<std::string>& lines) const {
  lines.push_back("type = \"task\"");
  lines.push_back(std::string("duration = ") + assumed_task_duration +
                  "  # ASSUMPTION: the call's time; measure it");
  if (auto resource = child(s, "Resource")) {
    const auto literal = t_.literal(*resource);
    if (literal && literal->ends_with(".waitForTaskToken")) {
      lines.push_back("wait_for_task_token = true");
    }
  }
  if (auto timeout = child(s, "TimeoutSeconds")) {
    lines.push_back("timeout = \"" + seconds(integer(*timeout)) + "\"");
  }
  auto errors = [&](const YAML::Node& catcher) {
    std::vector<std::string> names;
    for (const auto& e : child(catcher, "ErrorEquals").value_or(YAML::Node())) {
      names.push_back(toml_string(text(e)));
    }
    return "errors = [" + joined(names, ", ") + "]";
  };
  if (auto retry = child(s, "Retry"); retry && retry->IsSequence()) {
    std::vector<std::string> retriers;
    for (const auto& retrier : *retry) {
      std::vector<std::string> parts{errors(retrier)};
      if (auto v = child(retrier, "IntervalSeconds")) {
        parts.push_back("interval = \"" + seconds(integer(*v)) + "\"");
      }
      if (auto v = child(retrier, "MaxAttempts")) {
        parts.push_back("max_attempts = " + std::to_string(integer(*v)));
      }
      if (auto v = child(retrier, "BackoffRate")) {
        parts.push_back("backoff_rate = " + text(*v));
      }
      if (auto v = child(retrier, "MaxDelaySeconds")) {
        parts.push_back("max_delay = \"" + seconds(integer(*v)) + "\"");
      }
      if (auto v = child(retrier, "JitterStrategy"); v && text(*v) == "FULL") {
        parts.push_back("jitter = \"full\"");
      }
      retriers.push_back("{ " + joined(parts, ", ") + " }");
    }
    lines.push_back("retry = [" + joined(retriers, ", ") + "]");
  }
  if (auto catchers = child(s, "Catch"); catchers && catchers->IsSequence()) {
    std::vector<std::string> list;
    for (const auto& catcher : *catchers) {
      list.push_back("{ " + errors(catcher) + ", next = " +
                     toml_string(text(child(catcher, "Next").value_or(YAML::Node()))) + " }");
    }
    lines.push_back("catch = [" + joined(list, ", ") + "]");
  }
}

// A Choice state: its rules read the event's content, which the skeleton
// does not know, so each choice gets an equal share.
void Importer::choice_lines(const YAML::Node& s, std::vector<std::string>& lines) const {
  lines.push_back("type = \"choice\"");
  const auto choices = child(s, "Choices");
  const auto fallback = child(s, "Default");
  const std::size_t n = choices && choices->IsSequence() ? choices->size() : 0;
  const std::size_t ways = n + (fallback ? 1 : 0);
  if (n > 0) {
    std::vector<std::string> list;
    // Equal shares, written with 6 decimals and rounded down so that they
    // never add up to more than 1.
    const std::int64_t share = 1'000'000 / static_cast<std::int64_t>(ways);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0.%06lld", static_cast<long long>(share));
    for (const auto& choice : *choices) {
      list.push_back(std::string("{ probability = ") + buffer + ", next = " +
                     toml_string(text(child(choice, "Next").value_or(YAML::Node()))) + " }");
    }
    lines.push_back("choices = [" + joined(list, ", ") +
                    "]  # ASSUMPTION: equal shares; the rules read the event's content");
  }
  if (fallback) lines.push_back("default = " + toml_string(text(*fallback)));
}

void write_table(std::string& out, const Table& table) {
  out += table.header + "\n";
  for (const std::string& note : table.notes) out += "# " + note + "\n";
  for (const std::string& line : table.lines) out += line + "\n";
  out += "\n";
}

Imported Importer::run(std::string_view name) {
  // Components first, then the edges between them, so that a reference
  // may point forward in the template.
  for (const Resource& r : t_.resources()) {
    if (r.type == sqs_queue)
      read_queue(r);
    else if (r.type == sns_topic)
      read_topic(r);
    else if (r.type == event_bus)
      read_bus(r);
    else if (r.type == lambda_function || r.type == sam_function)
      read_function(r);
    else if (r.type == kinesis_stream)
      read_stream(r);
  }
  for (const Resource& r : t_.resources()) {
    if (r.type == sqs_queue) {
      redrive(r);
    } else if (r.type == sns_topic) {
      const auto inline_subscriptions = child(r.properties, "Subscription");
      if (inline_subscriptions && inline_subscriptions->IsSequence()) {
        std::size_t index = 0;
        for (const auto& sub : *inline_subscriptions) {
          const std::string where = r.id + ".Subscription[" + std::to_string(index++) + "]";
          try {
            Props props(sub);
            const auto protocol = props.take("Protocol");
            const auto endpoint = props.take("Endpoint");
            if (!protocol || !endpoint) throw Unmappable("expected Protocol and Endpoint");
            const auto target = t_.resource_named_by(*endpoint);
            const std::string sub_name = target ? *target : "subscription-" + std::to_string(index);
            add_subscription(r.id, sub_name, text(*protocol), *endpoint, std::nullopt, std::nullopt,
                             {}, std::nullopt);
          } catch (const Unmappable& e) {
            unmapped_.push_back("not mapped: " + where + ": " + e.what());
          }
        }
      }
    } else if (r.type == sns_subscription) {
      read_subscription(r);
    } else if (r.type == event_rule) {
      read_rule(r);
    } else if (r.type == event_source_mapping) {
      read_mapping(r);
    } else if (r.type == sam_function) {
      read_sam_events(r);
    } else if (r.type == state_machine || r.type == sam_state_machine) {
      read_state_machine(r);
    } else if (r.type == sqs_queue || r.type == event_bus || r.type == lambda_function ||
               r.type == kinesis_stream) {
      // read above
    } else if (r.type.rfind("AWS::IAM::", 0) == 0 || r.type == "AWS::SQS::QueuePolicy" ||
               r.type == "AWS::SNS::TopicPolicy" || r.type == "AWS::Lambda::Permission" ||
               r.type == "AWS::Events::EventBusPolicy") {
      not_mapped(r, "permissions are not simulated");
    } else if (r.type == "AWS::CloudWatch::Alarm") {
      not_mapped(r,
                 "alarms watch edasim's own metrics: declare them in [[alarms]] "
                 "(docs/scenario/monitoring.md)");
    } else {
      not_mapped(r, "edasim has no model of this resource type");
    }
  }
  for (auto& [id, f] : functions_) {
    if (!f.placed) {
      unmapped_.push_back("not mapped: " + id + " (" + f.type +
                          "): no SQS or Kinesis event source and no SNS subscription; edasim's "
                          "functions are fed by a queue");
    }
  }
  for (const std::string& section : t_.section_names()) {
    if (section == "Resources" || section == "AWSTemplateFormatVersion" ||
        section == "Description" || section == "Transform" || section == "Parameters") {
      continue;
    }
    if (section == "Globals") continue;  // its Function defaults are read with the functions
    unmapped_.push_back("not mapped: the template's " + section + " section");
  }
  Imported result;
  result.scenario = write(name);
  result.components = components_;
  std::size_t not_mapped = 0;
  std::size_t assumptions = 0;
  std::size_t at = 0;
  while ((at = result.scenario.find("not mapped:", at)) != std::string::npos) {
    ++not_mapped;
    ++at;
  }
  at = 0;
  while ((at = result.scenario.find("# ASSUMPTION:", at)) != std::string::npos) {
    ++assumptions;
    ++at;
  }
  result.not_mapped = not_mapped;
  result.assumptions = assumptions;
  return result;
}

std::string Importer::write(std::string_view name) {
  std::string out;
  out += "# A scenario skeleton imported from " + t_.source_name() + " by `edasim import`.\n";
  out += "# Lines marked ASSUMPTION hold values the template does not say (the load, the\n";
  out += "# processing times): replace them with measured ones. \"not mapped\" lines say\n";
  out += "# what of the template has no place in a scenario, and why (docs/import.md).\n";
  out += "[scenario]\n";
  out += "name = " + toml_string(scenario_name(name)) + "\n";
  out += std::string("duration = ") + assumed_duration + "  # ASSUMPTION: how long to simulate\n";
  out += "\n";

  // Placeholder producers, one per entry point: every bus with a rule,
  // every topic, every stream, every state machine, and every queue that
  // nothing in the template sends to.
  auto producer = [&](const std::string& target, const std::string& table, bool fifo,
                      bool content_deduplication,
                      const std::vector<std::pair<std::string, std::string>>& fields) {
    out += "[producers." + toml_key(target + "-source") + "]\n";
    out += "to = " + toml_string(table + "." + target) + "\n";
    out += std::string("rate = ") + assumed_rate +
           "  # ASSUMPTION: the template does not say the load\n";
    if (fifo) {
      out += "message_group_id = \"group\"  # ASSUMPTION: 100 message groups\n";
      if (!content_deduplication) out += "deduplication_id = \"id\"\n";
    }
    if (!fields.empty() || fifo) {
      out += "\n[[producers." + toml_key(target + "-source") + ".events]]\n";
      out += "name = " + toml_string(target + "-event") + "\n";
      out += "[producers." + toml_key(target + "-source") + ".events.fields]\n";
      for (const auto& [path, generator] : fields) {
        out += toml_string(path) + " = " + generator + "\n";
      }
      if (fifo) {
        out += "\"group\" = { id = \"group-\", cardinality = 100 }\n";
        if (!content_deduplication) out += "\"id\" = { sequence = \"m-\" }\n";
      }
    }
    out += "\n";
  };
  out += "# Producers: one per entry point of the design. ASSUMPTION: their rates and\n";
  out += "# events are placeholders; the template does not say who sends what.\n";
  for (const auto& [id, bus] : buses_) {
    if (bus.rules.empty()) continue;
    std::vector<std::pair<std::string, std::string>> fields;
    std::set<std::string> paths;
    // The first rule's plain values: its events reach at least that rule.
    for (const auto& field : bus.rules.front().fields) {
      if (paths.insert(field.first).second) fields.push_back(field);
    }
    producer(id, "bus", false, true, fields);
  }
  for (const auto& [id, topic] : topics_) producer(id, "topic", topic.fifo, true, {});
  for (const auto& [id, q] : queues_) {
    if (!q.fed && !q.dead_letter) producer(id, "queue", q.fifo, q.content_deduplication, {});
  }
  for (const auto& [id, stream] : streams_) producer(id, "stream", false, true, {});
  for (const auto& [id, tables] : machines_) producer(id, "state_machine", false, true, {});

  for (const auto& [id, bus] : buses_) {
    write_table(out, bus.table);
    for (const Rule& rule : bus.rules) write_table(out, rule.table);
  }
  for (const auto& [id, topic] : topics_) {
    write_table(out, topic.table);
    for (const Subscription& sub : topic.subscriptions) write_table(out, sub.table);
  }
  for (const auto& [id, q] : queues_) {
    Table table = q.table;
    if (q.fifo && !q.dead_letter) {
      table.notes.push_back(q.content_deduplication
                                ? "ContentBasedDeduplication: producers without deduplication_id"
                                : "no ContentBasedDeduplication: producers set deduplication_id");
    }
    write_table(out, table);
  }
  for (const Table& table : function_tables_) write_table(out, table);
  for (const auto& [id, stream] : streams_) write_table(out, stream.table);
  for (const Table& table : groups_) write_table(out, table);
  for (const auto& [id, tables] : machines_) {
    for (const Table& table : tables) write_table(out, table);
  }
  for (const auto& [id, f] : functions_) {
    if (f.placed && !f.written) {
      for (const std::string& note : f.notes) out += "# " + id + ": " + note + "\n";
    }
  }
  if (!unmapped_.empty()) {
    out += "# What the template declares that this scenario does not model:\n";
    for (const std::string& line : unmapped_) out += "# " + line + "\n";
  }
  return out;
}

}  // namespace

Imported import_scenario(const Template& source, std::string_view name) {
  return Importer(source).run(name);
}

}  // namespace edasim::import
