// [state_machines.NAME]: an AWS Step Functions state machine, its states as
// [state_machines.NAME.states.STATE] (services.md §10). The reader resolves
// every state a state names (next, default, choices, catch, branches,
// iterator) to its index, and reports each one that is not declared where
// it is written; `check` warns of states nothing leads to.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>

#include "sim/core/units.hpp"
#include "sim/model/producers/event_factory.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/pattern.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

using Type = model::StateConfig::Type;

// §10.1: the longest an execution may run.
constexpr Range<Duration> standard_timeout{seconds(1), hours(24 * 365)};
constexpr Range<Duration> express_timeout{seconds(1), minutes(5)};
// §10.10 gives no figure; a positive latency keeps a loop of states that
// take no time from running forever at one instant.
constexpr Range<Duration> transition_latencies{microseconds(1), seconds(10)};
// §10.2: Inline Map runs up to 40 iterations at once.
constexpr Range<std::int64_t> map_concurrency{1, 40};
// §10.3: IntervalSeconds and MaxAttempts up to 99,999,999.
constexpr Range<Duration> retry_interval{seconds(1), seconds(99'999'999)};
constexpr Range<std::int64_t> retry_attempts{0, 99'999'999};
constexpr Range<double> backoff_rates{1.0, 1'000};
constexpr Range<Duration> retry_max_delay{seconds(1), seconds(99'999'999)};
// Express memory is billed in 64 MB chunks (§10.7).
constexpr Range<std::int64_t> memory_sizes{64, 10'240};
constexpr Range<std::int64_t> history_caps{10, 25'000};

struct TypeName {
  std::string_view name;
  Type type;
};
constexpr TypeName kTypes[] = {{"task", Type::task},         {"choice", Type::choice},
                               {"parallel", Type::parallel}, {"map", Type::map},
                               {"wait", Type::wait},         {"pass", Type::pass},
                               {"succeed", Type::succeed},   {"fail", Type::fail}};

const Keys& retrier_keys() {
  static const Keys keys{
      "a retrier: the first whose errors match retries",
      {
          strings("errors", "error names; States.ALL matches any").require(),
          duration("interval", retry_interval, "the wait before the first retry"),
          integer("max_attempts", retry_attempts, "retries, over the state's execution"),
          number("backoff_rate", backoff_rates,
                 "the wait before retry n is "
                 "interval x backoff_rate^(n-1)"),
          duration("max_delay", retry_max_delay, "caps that wait"),
          text("jitter", "full: the wait drawn uniformly from [0, wait]", {"none", "full"}),
      }};
  return keys;
}

const Keys& catcher_keys() {
  static const Keys keys{"a catcher, tried when no retrier retries",
                         {
                             strings("errors", "error names; States.ALL matches any").require(),
                             text("next", "the state the execution goes on to").require(),
                         }};
  return keys;
}

const Keys& choice_rule_keys() {
  static const Keys keys{
      "a choice rule, tried in order",
      {
          text("pattern",
               "an event pattern the execution's input must match (the rule's comparisons)"),
          number("probability", probability,
                 "the chance this rule is taken, where the data does not decide"),
          text("next", "the state it leads to").require(),
      }};
  return keys;
}

const Keys& state_keys() {
  static const Keys keys = [] {
    std::vector<std::string_view> types;
    for (const TypeName& t : kTypes) types.push_back(t.name);
    return Keys{
        "a state of the machine",
        {
            text("type", "the state's type", types).require(),
            text("next", "task, pass, wait, parallel, map: the next state"),
            flag("end", "task, pass, wait, parallel, map: true ends the branch"),
            distribution("duration", "task: the call's time (a duration)"),
            number("failure_probability", probability,
                   "task: the chance an attempt fails with `error`"),
            text("error", "task, fail: the error name Retry and Catch match"),
            duration("timeout", positive_duration,
                     "task: an attempt not done by then fails with States.Timeout"),
            flag("wait_for_task_token", "task: wait for a callback after the call (Standard)"),
            distribution("token_delay", "task: when the callback comes (a duration)"),
            tables("retry", retrier_keys(), "task: retriers"),
            tables("catch", catcher_keys(), "task, parallel, map: catchers"),
            tables("choices", choice_rule_keys(),
                   "choice: { pattern, next } or { probability, next } rules"),
            text("default", "choice: where the rest of the probability goes"),
            strings("branches", "parallel: the state each branch starts at"),
            text("iterator", "map: the state each iteration starts at"),
            distribution("items", "map: the number of items, drawn per execution"),
            text("items_path", "map: the input's array of objects to iterate over (ItemsPath)"),
            integer("max_concurrency", map_concurrency, "map: iterations at once"),
            duration("seconds", any_duration, "wait: how long it waits"),
        }};
  }();
  return keys;
}

const Keys& state_machine_keys() {
  static const Keys keys{
      "a Step Functions state machine",
      {
          text("type", "Standard or Express; the defaults follow it", {"standard", "express"}),
          text("start_at", "the state every execution starts at").require(),
          duration("timeout", standard_timeout,
                   "an execution still open then has timed out (Express: at most 5m)"),
          integer("memory_mb", memory_sizes, "Express's billed memory"),
          duration("transition_latency", transition_latencies, "the time of each state entered"),
          integer("max_history_events", history_caps,
                  "a Standard execution whose history passes it fails"),
          named("states", state_keys(), "the states, by name").require(),
      }};
  return keys;
}

std::vector<std::string> read_names(Section& s, std::string_view name) {
  std::vector<std::string> out;
  if (const toml::array* items = s.array(name)) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (auto text = read_string(*items->get(i), element_path(s.key(name), i), s.diagnostics()))
        out.push_back(*text);
    }
    if (items->empty()) s.report(name, "expected at least one name");
  }
  return out;
}

// `retry = [{ errors, interval, max_attempts, backoff_rate, max_delay, jitter }]`.
std::vector<model::Retrier> read_retriers(Section& s) {
  std::vector<model::Retrier> out;
  const toml::array* items = s.array("retry");
  if (items == nullptr) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto r = section_of(*items->get(i), element_path(s.key("retry"), i), s.diagnostics(),
                        s.keys_of("retry"));
    if (!r) continue;
    model::Retrier retrier;
    r->require("errors");
    retrier.errors = read_names(*r, "errors");
    r->read("interval", retrier.interval, retry_interval);
    r->read("max_attempts", retrier.max_attempts, retry_attempts);
    r->read("backoff_rate", retrier.backoff_rate, backoff_rates);
    r->read("max_delay", retrier.max_delay, retry_max_delay);
    std::string jitter;
    if (r->read("jitter", jitter)) {
      if (jitter == "full") {
        retrier.full_jitter = true;
      } else if (jitter != "none") {
        r->report("jitter", "expected \"full\" or \"none\", got \"" + jitter + "\"");
      }
    }
    r->finish();
    out.push_back(std::move(retrier));
  }
  return out;
}

std::vector<model::Catcher> read_catchers(Section& s) {
  std::vector<model::Catcher> out;
  const toml::array* items = s.array("catch");
  if (items == nullptr) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto c = section_of(*items->get(i), element_path(s.key("catch"), i), s.diagnostics(),
                        s.keys_of("catch"));
    if (!c) continue;
    model::Catcher catcher;
    c->require("errors");
    catcher.errors = read_names(*c, "errors");
    c->require("next");
    c->read("next", catcher.next);
    c->finish();
    out.push_back(std::move(catcher));
  }
  return out;
}

void read_choices(Section& s, model::StateConfig& state) {
  const toml::array* items = s.array("choices");
  if (items == nullptr) return;
  double total = 0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto c = section_of(*items->get(i), element_path(s.key("choices"), i), s.diagnostics(),
                        s.keys_of("choices"));
    if (!c) continue;
    model::ChoiceRule rule;
    if (c->read("pattern", rule.pattern)) {
      if (c->has("probability")) {
        c->take("probability");
        c->report("probability",
                  "a rule is decided by its pattern or drawn with its probability, not both");
      } else if (auto why = validate_pattern(rule.pattern)) {
        c->report("pattern", "expected an EventBridge event pattern: " + *why);
      }
    } else {
      c->require("probability");
      c->read("probability", rule.probability, probability);
    }
    c->require("next");
    c->read("next", rule.next);
    c->finish();
    total += rule.probability;
    state.choices.push_back(std::move(rule));
  }
  if (total > 1.0 + 1e-9) {
    s.report("choices",
             "the choices' probabilities add up to more than 1 (" + std::to_string(total) + ")");
  }
}

// Whether a state of this type goes on to a next state (or ends its branch).
bool flows_on(Type type) {
  return type == Type::task || type == Type::pass || type == Type::wait || type == Type::parallel ||
         type == Type::map;
}

model::StateConfig read_state(Section& s, const std::string& name, bool express) {
  model::StateConfig state;
  state.name = name;
  s.require("type");
  std::string type;
  if (s.read("type", type)) {
    const auto* found = std::find_if(std::begin(kTypes), std::end(kTypes),
                                     [&](const TypeName& t) { return t.name == type; });
    if (found == std::end(kTypes)) {
      s.report("type", "expected task, choice, parallel, map, wait, pass, succeed or fail, got \"" +
                           type + "\"");
      s.finish();
      return state;
    }
    state.type = found->type;
  } else {
    s.finish();
    return state;
  }
  if (flows_on(state.type)) {
    s.read("next", state.next);
    s.read("end", state.end);
    if (state.next.empty() == !state.end) {
      s.diagnostics().report(s.path(), s.table().source(),
                             "a " + type + " state has exactly one of next and end = true");
    }
  }
  switch (state.type) {
    case Type::task:
      read_duration_distribution(s, "duration", state.duration);
      s.read("failure_probability", state.failure_probability, probability);
      s.read("error", state.error);
      s.read("timeout", state.timeout, positive_duration);
      s.read("wait_for_task_token", state.wait_for_task_token);
      read_duration_distribution(s, "token_delay", state.token_delay);
      if (state.wait_for_task_token && express) {
        s.report("wait_for_task_token",
                 "an Express state machine cannot wait for a task token (Standard only)");
      }
      state.retry = read_retriers(s);
      state.catches = read_catchers(s);
      break;
    case Type::choice:
      read_choices(s, state);
      s.read("default", state.default_next);
      if (state.choices.empty() && state.default_next.empty()) {
        s.diagnostics().report(s.path(), s.table().source(),
                               "a choice state needs choices, a default, or both");
      }
      break;
    case Type::parallel:
      s.require("branches");
      state.branches = read_names(s, "branches");
      state.catches = read_catchers(s);
      break;
    case Type::map: {
      s.require("iterator");
      s.read("iterator", state.iterator);
      s.read("items_path", state.items_path);
      if (!state.items_path.empty() && s.has("items")) {
        s.take("items");
        s.report("items", "a map takes its items from `items_path` or draws `items`, not both");
      } else if (const toml::node* items = s.take("items")) {
        if (auto d = read_distribution(*items, s.key("items"), Dimension::plain, s.diagnostics())) {
          if (d->lowest() < 0) {
            s.report("items", "expected a count of items that cannot be negative");
          } else {
            state.items = *d;
          }
        }
      }
      std::int64_t concurrency = 40;
      if (s.read("max_concurrency", concurrency, map_concurrency))
        state.max_concurrency = static_cast<std::uint32_t>(concurrency);
      state.catches = read_catchers(s);
      break;
    }
    case Type::wait:
      s.require("seconds");
      s.read("seconds", state.wait, any_duration);
      break;
    case Type::fail:
      state.error = "States.Failed";
      s.read("error", state.error);
      break;
    case Type::pass:
    case Type::succeed:
      break;
  }
  s.finish();
  return state;
}

// The index of the state `name`, or kNoState after reporting it at `key`.
std::uint32_t resolve(const model::StateMachineConfig& m, const std::string& name,
                      const std::string& key, Diagnostics& diagnostics) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < m.states.size(); ++i) {
    if (m.states[i].name == name) return static_cast<std::uint32_t>(i);
    names.push_back(m.states[i].name);
  }
  std::string message = "no state named \"" + name + "\" in this state machine";
  if (const auto guess = closest(name, names)) message += "; did you mean \"" + *guess + "\"?";
  diagnostics.report(key, message);
  return model::kNoState;
}

void resolve_states(model::StateMachineConfig& m, const std::string& path, Diagnostics& d) {
  if (!m.start_at.empty()) {
    const std::uint32_t s = resolve(m, m.start_at, child_path(path, "start_at"), d);
    if (s != model::kNoState) m.start_state = s;
  }
  for (model::StateConfig& s : m.states) {
    const std::string key = child_path(child_path(path, "states"), s.name);
    if (!s.next.empty()) s.next_state = resolve(m, s.next, child_path(key, "next"), d);
    if (!s.default_next.empty())
      s.default_state = resolve(m, s.default_next, child_path(key, "default"), d);
    if (!s.iterator.empty())
      s.iterator_state = resolve(m, s.iterator, child_path(key, "iterator"), d);
    for (std::size_t i = 0; i < s.choices.size(); ++i) {
      s.choices[i].next_state = resolve(
          m, s.choices[i].next, child_path(element_path(child_path(key, "choices"), i), "next"), d);
    }
    for (std::size_t i = 0; i < s.catches.size(); ++i) {
      s.catches[i].next_state = resolve(
          m, s.catches[i].next, child_path(element_path(child_path(key, "catch"), i), "next"), d);
    }
    for (std::size_t i = 0; i < s.branches.size(); ++i) {
      s.branch_states.push_back(
          resolve(m, s.branches[i], element_path(child_path(key, "branches"), i), d));
    }
  }
}

model::StateMachineConfig read_state_machine(Section& section, const std::string& name) {
  model::StateMachineConfig m;
  m.name = name;
  std::string type = "standard";
  if (section.read("type", type)) {
    if (type == "express") {
      m.type = model::StateMachineConfig::Type::express;
    } else if (type != "standard") {
      section.report("type", "expected \"standard\" or \"express\", got \"" + type + "\"");
    }
  }
  model::apply_type_defaults(m);
  const bool express = m.type == model::StateMachineConfig::Type::express;
  section.require("start_at");
  section.read("start_at", m.start_at);
  section.read("timeout", m.timeout, express ? express_timeout : standard_timeout);
  section.read("memory_mb", m.memory_mb, memory_sizes);
  // §10.6: the quotas are the account's, shared by every machine of a type.
  for (const std::string_view moved : {"start_bucket", "start_rate"}) {
    if (!section.has(moved)) continue;
    section.pass_on(moved);
    section.report(moved, std::string(moved) +
                              " is no longer a state machine's: the StartExecution quota is the "
                              "account's, shared by every state machine of a type (services.md "
                              "§10.6); set [scenario.quotas.step_functions] " +
                              (express ? "express_" : "standard_") + std::string(moved));
  }
  section.read("transition_latency", m.transition_latency, transition_latencies);
  std::int64_t cap = m.max_history_events;
  if (section.read("max_history_events", cap, history_caps))
    m.max_history_events = static_cast<std::uint32_t>(cap);
  section.require("states");
  if (auto states = section.section("states")) {
    if (states->table().size() > max_components) {
      section.report("states", too_many("states", states->table().size()));
    } else {
      for (const auto& [k, node] : states->table()) {
        const std::string state(k.str());
        states->take(state);
        if (!valid_name(state)) {
          states->diagnostics().report(
              states->key(state), k.source(),
              "a state name is 1 to 80 letters, digits, '-' or '_', got \"" + state + "\"");
        }
        if (auto s =
                section_of(node, states->key(state), states->diagnostics(), states->keys_of(state)))
          m.states.push_back(read_state(*s, state, express));
      }
      if (m.states.empty()) section.report("states", "expected at least one state");
    }
    states->finish();
  }
  resolve_states(m, section.path(), section.diagnostics());
  section.finish();
  return m;
}

// Every state an execution can enter, from start_at.
std::vector<bool> reachable(const model::StateMachineConfig& m) {
  std::vector<bool> seen(m.states.size(), false);
  std::vector<std::uint32_t> todo;
  const auto visit = [&](std::uint32_t s) {
    if (s < seen.size() && !seen[s]) {
      seen[s] = true;
      todo.push_back(s);
    }
  };
  visit(m.start_state);
  while (!todo.empty()) {
    const model::StateConfig& s = m.states[todo.back()];
    todo.pop_back();
    visit(s.next_state);
    visit(s.default_state);
    visit(s.iterator_state);
    for (const model::ChoiceRule& c : s.choices) visit(c.next_state);
    for (const model::Catcher& c : s.catches) visit(c.next_state);
    for (const std::uint32_t b : s.branch_states) visit(b);
  }
  return seen;
}

}  // namespace

Key state_machines_key() {
  return named("state_machines", state_machine_keys(), "Step Functions state machines, by name");
}

void read_state_machines(Section& root, model::SystemConfig& config) {
  read_named(root, "state_machines", config.state_machines, read_state_machine);
}

namespace {

void add_state_machines(Topology& topology, const model::SystemConfig& config) {
  topology.declare("state_machines", "state machine", "state machine");
  topology.add_each("state_machines", config.state_machines);
}

void check_state_machines(const model::SystemConfig& config, const Topology&,
                          std::vector<Finding>& findings) {
  for (const model::StateMachineConfig& m : config.state_machines) {
    if (m.states.empty()) continue;
    const std::vector<bool> seen = reachable(m);
    for (std::size_t i = 0; i < m.states.size(); ++i) {
      if (seen[i]) continue;
      findings.push_back(
          {Severity::warning,
           child_path(child_path(child_path("state_machines", m.name), "states"), m.states[i].name),
           "no execution reaches state " + m.states[i].name + " from " + m.start_at});
    }
  }
}

}  // namespace

const TopologyKind state_machines_topology{add_state_machines, nullptr, check_state_machines};

namespace {

// The array of objects at `path` that some maker of events declares (a
// producer's template, an emit entry's), or null. Arrays in a replayed
// archive have no declared count: `in_archive` says one holds the path.
const model::ArrayGenerator* declared_array(const model::SystemConfig& config,
                                            const std::string& path, bool& in_archive) {
  const model::ArrayGenerator* found = nullptr;
  each_event_template(config, [&](const model::EventTemplate& t) {
    for (const model::ArrayGenerator& a : t.arrays) {
      if (found == nullptr && model::dotted(a.path) == path) found = &a;
    }
  });
  in_archive = some_archive_has(config, path);
  return found;
}

}  // namespace

void resolve_items_paths(model::SystemConfig& config, Diagnostics& diagnostics) {
  for (model::StateMachineConfig& m : config.state_machines) {
    for (model::StateConfig& s : m.states) {
      if (s.type != Type::map || s.items_path.empty()) continue;
      bool in_archive = false;
      if (const model::ArrayGenerator* a = declared_array(config, s.items_path, in_archive)) {
        s.items = a->count;
      } else if (!in_archive) {
        diagnostics.report(
            child_path(
                child_path(child_path(child_path("state_machines", m.name), "states"), s.name),
                "items_path"),
            "expected the path of an array of objects some producer's or emit entry's event "
            "declares (`arrays`), got \"" +
                s.items_path + "\"");
      }
    }
  }
}

}  // namespace edasim::scenario
