#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sim/core/units.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/pattern.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// EventBridge quotas (services.md §2.1): 5 targets per rule, not adjustable;
// entries up to 1 MiB since 2026 (256 KiB before).
constexpr Range<std::int64_t> targets_per_rule{1, 5};
constexpr Range<std::int64_t> entry_size{1, 1'048'576};
// A target's retry policy (services.md §2.4).
constexpr Range<std::int64_t> retry_attempts{0, 185};
constexpr Range<Duration> event_age{seconds(60), hours(24)};

// EventBridge rule names: up to 64 letters, digits, '.', '-', '_'.
constexpr std::size_t rule_name_length = 64;

// A rule target's kind: a receiving kind whose components are sent to by an
// ingest API call (ReceivingKind::ingest_api), another bus among them (the
// receiving bus's rules match the event as the sender routes it).
bool rule_target(const model::ReceivingKind* kind) {
  // EventBridge has no DynamoDB target (a table is written by a client:
  // a producer, an emit list or a chain step).
  return kind != nullptr && kind->ingest_api && kind->table != "tables";
}

// "\"queue.NAME\", \"state_machine.NAME\", ...": the targets a rule may name.
std::string rule_targets() {
  std::vector<std::string> names;
  for (const model::ReceivingKind* kind : model::receiving_kinds()) {
    if (rule_target(kind)) names.push_back("\"" + std::string(kind->prefix) + ".NAME\"");
  }
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  return text;
}

const Keys& target_keys() {
  static const Keys keys{
      "a rule's target with its retry policy",
      {
          text("queue", "the target queue (or give `to`)"),
          text("to",
               "the target: a queue's name, or \"PREFIX.NAME\" (\"bus.NAME\", "
               "\"state_machine.NAME\", \"topic.NAME\", \"stream.NAME\", \"queue.NAME\")"),
          integer("max_retry_attempts", retry_attempts,
                  "retries after the first attempt (MaximumRetryAttempts)"),
          duration("max_event_age", event_age,
                   "from acceptance, how long retries go on (MaximumEventAgeInSeconds)"),
          text("dead_letter_queue", "a standard queue for the copies the target gives up on"),
      }};
  return keys;
}

const Keys& rule_keys() {
  static const Keys keys{
      "a rule: an event pattern and the queues that receive what it matches",
      {
          text("name", "unique on the bus").require(),
          text("pattern", "an EventBridge event pattern as JSON").require(),
          tables("targets", target_keys(),
                 "1 to 5 targets, each a queue name, \"PREFIX.NAME\" of another receiving kind "
                 "(\"bus.NAME\": another bus), or a table with a retry policy")
              .items_or_strings()
              .require(),
      }};
  return keys;
}

const Keys& schema_keys() {
  static const Keys keys{
      "a schema checked at ingest: required fields and field types",
      {
          text("name", "unique on the bus").require(),
          text("applies_to", "an event pattern: the events the schema applies to"),
          strings("required", "dotted field paths every event must carry"),
          named_values("types", text("", "the type", {"string", "number", "boolean", "null"}),
                       "the type every value at a dotted field path must have"),
          text("on_mismatch", "what happens to an event that does not conform",
               {"deliver", "reject", "quarantine"}),
          text("quarantine_queue", "with quarantine: the queue that receives one copy"),
      }};
  return keys;
}

const Keys& bus_keys() {
  static const Keys keys{
      "an EventBridge-style event bus",
      {
          distribution("delivery_latency",
                       "from acceptance to SendMessage on each target (a duration)"),
          distribution("api_latency", "the PutEvents call as the producer sees it (a duration)"),
          size("max_entry_size", entry_size, "larger entries are rejected"),
          rate("put_events_rate", event_rate, "the PutEvents request quota"),
          rate("invocations_rate", event_rate, "the target invocations quota"),
          duration("retry_base", repeating_period, "the first backoff step of a target's retries"),
          duration("retry_cap", positive_duration, "the longest wait between a target's retries"),
          tables("rules", rule_keys(), "the bus's rules"),
          tables("schemas", schema_keys(), "schemas checked at ingest"),
      }};
  return keys;
}

// `bus`: the rule's own bus, which it cannot target.
void read_targets(Section& section, const std::string& bus, model::RuleConfig& rule) {
  section.require("targets");
  const toml::array* targets = section.array("targets");
  if (targets == nullptr) return;
  const auto count = static_cast<std::int64_t>(targets->size());
  if (count < targets_per_rule.low || count > targets_per_rule.high) {
    section.report("targets", "expected 1 to 5 targets (the EventBridge limit per rule), got " +
                                  std::to_string(count));
  }
  for (std::size_t i = 0; i < targets->size(); ++i) {
    const std::string key = element_path(section.key("targets"), i);
    const toml::node& node = (*targets)[i];
    std::optional<std::string> name;
    std::string table = "queues";
    // Where a problem with the target's name is reported.
    std::string name_key = key;
    const toml::node* name_node = &node;
    model::TargetPolicy policy;
    // A name without a prefix is a queue's; "PREFIX.NAME" names a component
    // of any kind a rule can target.
    const auto resolve = [&](const std::string& text) {
      const auto dot = text.find('.');
      if (dot == std::string::npos) return std::optional<std::string>(text);
      const model::ReceivingKind* kind =
          dot + 1 == text.size()
              ? nullptr
              : model::receiving_kind_with_prefix(std::string_view(text).substr(0, dot));
      if (!rule_target(kind)) {
        section.diagnostics().report(
            name_key, name_node->source(),
            "a rule target is a queue's name or " + rule_targets() + ", got \"" + text + "\"");
        return std::optional<std::string>();
      }
      table = kind->table;
      if (table == "buses" && text.substr(dot + 1) == bus) {
        // EventBridge would refuse the loop; the rules would route an
        // event while they route it.
        section.diagnostics().report(name_key, name_node->source(),
                                     "a rule cannot target its own bus (" + bus +
                                         "): expected another bus, a queue or another kind's "
                                         "component");
        return std::optional<std::string>();
      }
      return std::optional<std::string>(text.substr(dot + 1));
    };
    if (node.is_table()) {
      auto target = section_of(node, key, section.diagnostics(), section.keys_of("targets"));
      if (!target->has("queue") && !target->has("to")) {
        section.diagnostics().report(child_path(key, "queue"), node.source(),
                                     "missing the target: `queue` (a queue's name) or `to`");
      } else if (target->has("queue") && target->has("to")) {
        section.diagnostics().report(key, node.source(),
                                     "a target table has exactly one of `queue` and `to`");
      }
      std::string queue;
      if (target->read("queue", queue)) name = queue;
      std::string to;
      if (const toml::node* to_node = target->table().get("to")) name_node = to_node;
      if (target->read("to", to)) {
        name_key = child_path(key, "to");
        name = resolve(to);
      }
      target->read("max_retry_attempts", policy.max_retry_attempts, retry_attempts);
      target->read("max_event_age", policy.max_event_age, event_age);
      std::string dlq;
      if (target->read("dead_letter_queue", dlq)) policy.dead_letter_queue = dlq;
      target->finish();
    } else {
      name = read_string(node, key, section.diagnostics());
      if (name) name = resolve(*name);
    }
    if (!name) continue;
    for (std::size_t t = 0; t < rule.targets.size(); ++t) {
      if (rule.targets[t] != *name || rule.table(t) != table) continue;
      const model::ReceivingKind* kind = model::receiving_kind(table);
      section.diagnostics().report(key, node.source(),
                                   std::string(kind != nullptr ? kind->prefix : "queue") + " \"" +
                                       *name + "\" is already a target of this rule");
      break;
    }
    rule.targets.push_back(*name);
    rule.policies.push_back(policy);
    rule.tables.push_back(table);
  }
}

model::RuleConfig read_rule(Section& section, const std::string& bus) {
  model::RuleConfig rule;
  section.require("name");
  if (section.read("name", rule.name) && !is_dotted_name(rule.name, rule_name_length)) {
    section.report("name", "a rule name is 1 to 64 letters, digits, '.', '-' or '_', got \"" +
                               rule.name + "\"");
  }
  section.require("pattern");
  if (section.read("pattern", rule.pattern)) {
    if (auto problem = validate_pattern(rule.pattern)) section.report("pattern", *problem);
  }
  read_targets(section, bus, rule);
  section.finish();
  return rule;
}

// Schema names follow rule names: they label report lines.
model::SchemaConfig read_schema(Section& section) {
  model::SchemaConfig schema;
  section.require("name");
  if (section.read("name", schema.name) && !is_dotted_name(schema.name, rule_name_length)) {
    section.report("name", "a schema name is 1 to 64 letters, digits, '.', '-' or '_', got \"" +
                               schema.name + "\"");
  }
  if (section.read("applies_to", schema.applies_to)) {
    if (auto problem = validate_pattern(schema.applies_to)) section.report("applies_to", *problem);
  }
  if (const toml::array* required = section.array("required")) {
    for (std::size_t i = 0; i < required->size(); ++i) {
      const std::string key = element_path(section.key("required"), i);
      if (auto path = read_string((*required)[i], key, section.diagnostics())) {
        if (!is_dotted_name(*path, 256)) {
          section.diagnostics().report(key, (*required)[i].source(),
                                       "expected a dotted field path such as \"detail.orderId\", "
                                       "got \"" +
                                           *path + "\"");
        }
        schema.required.push_back(*path);
      }
    }
  }
  if (auto types = section.section("types")) {
    for (const auto& [k, node] : types->table()) {
      std::string text;
      if (!types->read(k.str(), text)) continue;
      if (text == "string") {
        schema.types.emplace_back(std::string(k.str()), model::SchemaConfig::Type::string);
      } else if (text == "number") {
        schema.types.emplace_back(std::string(k.str()), model::SchemaConfig::Type::number);
      } else if (text == "boolean") {
        schema.types.emplace_back(std::string(k.str()), model::SchemaConfig::Type::boolean);
      } else if (text == "null") {
        schema.types.emplace_back(std::string(k.str()), model::SchemaConfig::Type::null);
      } else {
        types->report(k.str(), "expected \"string\", \"number\", \"boolean\" or \"null\", got \"" +
                                   text + "\"");
      }
    }
    types->finish();
  }
  if (!section.has("required") && !section.has("types") && section.has("name")) {
    section.report("name", "a schema needs `required` fields or `types` to check");
  }
  std::string action;
  if (section.read("on_mismatch", action)) {
    if (action == "deliver") {
      schema.on_mismatch = model::SchemaConfig::OnMismatch::deliver;
    } else if (action == "reject") {
      schema.on_mismatch = model::SchemaConfig::OnMismatch::reject;
    } else if (action == "quarantine") {
      schema.on_mismatch = model::SchemaConfig::OnMismatch::quarantine;
    } else {
      section.report("on_mismatch",
                     "expected \"deliver\", \"reject\" or \"quarantine\", got \"" + action + "\"");
    }
  }
  const bool quarantine = schema.on_mismatch == model::SchemaConfig::OnMismatch::quarantine;
  if (quarantine) section.require("quarantine_queue");
  if (section.read("quarantine_queue", schema.quarantine_queue) && !quarantine) {
    section.report("quarantine_queue", "only applies with on_mismatch = \"quarantine\"");
  }
  section.finish();
  return schema;
}

model::BusConfig read_bus(Section& section, const std::string& name) {
  model::BusConfig bus;
  bus.name = name;
  Diagnostics& diagnostics = section.diagnostics();
  if (const toml::node* node = section.take("delivery_latency")) {
    if (auto d = read_distribution(*node, section.key("delivery_latency"), Dimension::duration,
                                   diagnostics)) {
      bus.delivery_latency = core::DurationDistribution(std::move(*d));
    }
  }
  if (const toml::node* node = section.take("api_latency")) {
    if (auto d = read_distribution(*node, section.key("api_latency"), Dimension::duration,
                                   diagnostics)) {
      bus.api_latency = core::DurationDistribution(std::move(*d));
    }
  }
  section.read_size("max_entry_size", bus.max_entry_size, entry_size);
  section.read("put_events_rate", bus.put_events_rate, event_rate);
  section.read("invocations_rate", bus.invocations_rate, event_rate);
  section.read("retry_base", bus.retry_base, repeating_period);
  section.read("retry_cap", bus.retry_cap, positive_duration);
  if (bus.retry_cap < bus.retry_base) {
    section.report("retry_cap", "the backoff cap must be at least retry_base");
  }
  if (const toml::array* rules = section.array("rules")) {
    // Names seen so far: a bus may have thousands of rules.
    std::unordered_set<std::string> names;
    for (std::size_t i = 0; i < rules->size(); ++i) {
      auto rule_section = section_of((*rules)[i], element_path(section.key("rules"), i),
                                     diagnostics, section.keys_of("rules"));
      if (!rule_section) continue;
      model::RuleConfig rule = read_rule(*rule_section, name);
      if (!rule.name.empty() && !names.insert(rule.name).second) {
        rule_section->report("name", "another rule on this bus is named \"" + rule.name + "\"");
      }
      bus.rules.push_back(std::move(rule));
    }
  }
  if (const toml::array* schemas = section.array("schemas")) {
    for (std::size_t i = 0; i < schemas->size(); ++i) {
      auto schema_section = section_of((*schemas)[i], element_path(section.key("schemas"), i),
                                       diagnostics, section.keys_of("schemas"));
      if (!schema_section) continue;
      model::SchemaConfig schema = read_schema(*schema_section);
      const bool taken =
          std::any_of(bus.schemas.begin(), bus.schemas.end(),
                      [&](const model::SchemaConfig& s) { return s.name == schema.name; });
      if (taken && !schema.name.empty()) {
        schema_section->report("name",
                               "another schema on this bus is named \"" + schema.name + "\"");
      }
      bus.schemas.push_back(std::move(schema));
    }
  }
  section.finish();
  return bus;
}

}  // namespace

Key buses_key() {
  return named("buses", bus_keys(), "event buses, by name");
}

void read_buses(Section& root, model::SystemConfig& config) {
  read_named(root, "buses", config.buses, read_bus);
}

namespace {

void add_buses(Topology& topology, const model::SystemConfig& config) {
  topology.declare("buses", "bus", "bus");
  topology.declare("rules", "rule", "rule");
  for (std::size_t b = 0; b < config.buses.size(); ++b) {
    const Topology::Vertex bus = topology.add("buses", config.buses[b].name, b);
    for (std::size_t r = 0; r < config.buses[b].rules.size(); ++r) {
      const Topology::Vertex rule =
          topology.add("rules", config.buses[b].rules[r].name, r, config.buses[b].name);
      topology.link(bus, rule, Topology::Link::has_rule);
    }
  }
}

void connect_buses(Topology& topology, const model::SystemConfig& config) {
  const Topology::Graph& g = topology.graph();
  for (const auto v : boost::make_iterator_range(boost::vertices(g))) {
    const Topology::Component& c = g[v];
    if (c.kind != "rules") continue;
    const model::BusConfig& bus = *find_named(config.buses, c.owner);
    const std::string rule_key =
        element_path(child_path(child_path("buses", c.owner), "rules"), c.index);
    const model::RuleConfig& rule = bus.rules[c.index];
    for (std::size_t t = 0; t < rule.targets.size(); ++t) {
      const std::string target_key = element_path(child_path(rule_key, "targets"), t);
      const model::TargetPolicy policy = rule.policy(t);
      // The registration's own table name: the topology keeps a view of it.
      const model::ReceivingKind* kind = model::receiving_kind(rule.table(t));
      if (kind != nullptr && topology.declares(kind->table)) {
        topology.connect(v, kind->table, rule.targets[t], Topology::Link::routes_to, target_key);
      }
      if (policy.dead_letter_queue) {
        topology.connect(v, "queues", *policy.dead_letter_queue, Topology::Link::fails_to,
                         child_path(target_key, "dead_letter_queue"));
      }
    }
  }
  for (const model::BusConfig& b : config.buses) {
    for (std::size_t i = 0; i < b.schemas.size(); ++i) {
      if (b.schemas[i].quarantine_queue.empty()) continue;
      topology.connect(*topology.find("buses", b.name), "queues", b.schemas[i].quarantine_queue,
                       Topology::Link::routes_to,
                       element_path(child_path(child_path("buses", b.name), "schemas"), i) +
                           ".quarantine_queue");
    }
  }
}

// Whether a rule of some bus other than `bus` targets `bus`: the name of the
// first such bus, or null.
const std::string* sender_to(const model::SystemConfig& config, const std::string& bus) {
  for (const model::BusConfig& b : config.buses) {
    if (b.name == bus) continue;
    for (const model::RuleConfig& rule : b.rules) {
      for (std::size_t t = 0; t < rule.targets.size(); ++t) {
        if (rule.table(t) == "buses" && rule.targets[t] == bus) return &b.name;
      }
    }
  }
  return nullptr;
}

// What a rule target of another kind than queues must be: a Kinesis stream
// (EventBridge has no Kafka target), a topic whose subscriptions filter on
// message attributes or not at all (a copy carries no event content to
// match a body policy against, and EventBridge publishes no attributes). A
// bus target of a bus (`bus`) that itself receives from a bus is reached
// only by the events put on it directly, which is warned about: EventBridge
// routes an event across one bus-to-bus hop only.
void check_target(const model::SystemConfig& config, const std::string& bus,
                  const std::string& table, const std::string& name, const std::string& key,
                  std::vector<Finding>& findings) {
  if (table == "buses" && name != bus) {
    if (const std::string* sender = sender_to(config, bus)) {
      findings.push_back(
          {Severity::warning, key,
           "bus " + bus + " receives events from the rules of bus " + *sender +
               "'s rules, and those never reach bus " + name +
               ": EventBridge routes an event across one bus-to-bus hop only (the copies are "
               "dropped and counted in bus_hops_refused); only events put on bus " +
               bus + " directly do"});
    }
  }
  if (table == "streams") {
    const model::StreamConfig* s = find_named(config.streams, name);
    if (s != nullptr && s->kind == model::StreamConfig::Kind::kafka) {
      findings.push_back(
          {Severity::error, key,
           "stream " + name + " is a Kafka topic: an EventBridge rule targets Kinesis streams"});
    }
  }
  if (table == "topics") {
    const model::TopicConfig* topic = find_named(config.topics, name);
    if (topic == nullptr) return;
    for (const model::SubscriptionConfig& s : topic->subscriptions) {
      if (!s.filter_policy ||
          s.filter_scope != model::SubscriptionConfig::FilterScope::message_body)
        continue;
      findings.push_back({Severity::error, key,
                          "topic " + name +
                              " has a subscription that filters on the message body, which a "
                              "bus's copy does not carry to the topic; filter on attributes "
                              "(EventBridge publishes none) or in the rule's pattern"});
      break;
    }
  }
}

void check_buses(const model::SystemConfig& config, const Topology& topology,
                 std::vector<Finding>& findings) {
  const Topology::Graph& g = topology.graph();
  for (const model::BusConfig& b : config.buses) {
    const Topology::Vertex v = *topology.find("buses", b.name);
    const std::string key = child_path("buses", b.name);
    if (boost::out_degree(v, g) == 0) {
      findings.push_back(
          {Severity::warning, key,
           "bus " + b.name + " has no rules: every event put on it is billed and dropped"});
    }
    if (boost::in_degree(v, g) == 0) {
      findings.push_back({Severity::warning, key, "no producer sends to bus " + b.name});
    }
    // A rule target's dead-letter queue is a standard queue (services.md
    // §2.4).
    for (std::size_t r = 0; r < b.rules.size(); ++r) {
      for (std::size_t t = 0; t < b.rules[r].targets.size(); ++t) {
        const std::string target_key =
            element_path(child_path(element_path(child_path(key, "rules"), r), "targets"), t);
        check_target(config, b.name, b.rules[r].table(t), b.rules[r].targets[t], target_key,
                     findings);
        const model::TargetPolicy policy = b.rules[r].policy(t);
        if (!policy.dead_letter_queue) continue;
        const model::QueueConfig* q = find_named(config.queues, *policy.dead_letter_queue);
        if (q == nullptr || !q->fifo) continue;
        const std::string target =
            element_path(child_path(element_path(child_path(key, "rules"), r), "targets"), t);
        findings.push_back({Severity::error, child_path(target, "dead_letter_queue"),
                            "an EventBridge target's dead-letter queue must be a standard queue, "
                            "and " +
                                q->name + " is a FIFO queue"});
      }
    }
  }
}

}  // namespace

const TopologyKind buses_topology{add_buses, connect_buses, check_buses};

}  // namespace edasim::scenario
