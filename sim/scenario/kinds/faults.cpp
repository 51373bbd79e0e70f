#include <algorithm>
#include <array>
#include <utility>

#include "sim/scenario/components.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/pattern.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

using Kind = model::FaultConfig::Kind;

constexpr std::array<std::pair<std::string_view, Kind>, 7> kinds = {{
    {"consumer_outage", Kind::consumer_outage},
    {"consumer_crash", Kind::consumer_crash},
    {"downstream_brownout", Kind::downstream_brownout},
    {"downstream_outage", Kind::downstream_outage},
    {"poison", Kind::poison},
    {"bus_throttling", Kind::bus_throttling},
    {"target_outage", Kind::target_outage},
}};

using TargetError = model::FaultConfig::TargetError;
constexpr std::array<TargetError, 5> target_errors = {
    TargetError::throttling, TargetError::unavailable, TargetError::timeout,
    TargetError::no_permissions, TargetError::no_resource};

// The kind-specific keys, and the kinds each applies to.
struct KeyUse {
  std::string_view key;
  std::string_view kinds;
};
constexpr std::array<KeyUse, 10> kind_keys = {{
    {"instances", "consumer_outage consumer_crash"},
    {"rate", "consumer_crash"},
    {"at", "consumer_crash"},
    {"restart", "consumer_crash"},
    {"latency_multiplier", "downstream_brownout"},
    {"error_probability", "downstream_brownout target_outage"},
    {"error", "target_outage"},
    {"fraction", "poison"},
    {"pattern", "poison"},
    {"put_events_rate", "bus_throttling"},
}};

void read_crash(Section& section, model::FaultConfig& fault) {
  section.read("rate", fault.rate_per_instance_hour, Range<double>{0, 3'600});
  section.read("restart", fault.restart, any_duration);
  if (const toml::array* times = section.array("at")) {
    for (std::size_t i = 0; i < times->size(); ++i) {
      const std::string key = element_path(section.key("at"), i);
      if (auto t = read_duration((*times)[i], key, any_duration, section.diagnostics())) {
        if (!fault.covers(*t)) {
          section.diagnostics().report(key, (*times)[i].source(),
                                       "a crash time must fall inside the fault's window");
        }
        fault.at.push_back(*t);
      }
    }
  }
  if (fault.rate_per_instance_hour <= 0 && fault.at.empty() && !section.has("rate") &&
      !section.has("at")) {
    section.report("rate",
                   "a consumer_crash needs a `rate` (crashes per instance-hour) or "
                   "crash times `at`");
  }
}

void read_target_outage(Section& section, model::FaultConfig& fault) {
  fault.error_probability = 1.0;
  section.read("error_probability", fault.error_probability, probability);
  std::string error;
  if (!section.read("error", error)) return;
  for (const TargetError e : target_errors) {
    if (error == to_string(e)) {
      fault.target_error = e;
      return;
    }
  }
  std::string expected;
  for (const TargetError e : target_errors) {
    expected += expected.empty() ? "" : ", ";
    expected += "\"" + std::string(to_string(e)) + "\"";
  }
  section.report("error", "expected one of " + expected + ", got \"" + error + "\"");
}

const Keys& fault_keys() {
  static const Keys keys = [] {
    std::vector<std::string_view> kind_names;
    for (const auto& [text, k] : kinds) kind_names.push_back(text);
    std::vector<std::string_view> error_names;
    for (const TargetError e : target_errors) error_names.push_back(to_string(e));
    return Keys{
        "a fault injected into the run for a window of time",
        {
            text("name", "unique; names the fault in reports").require(),
            text("kind", "what fails", kind_names).require(),
            text("target", "the consumer, API, bus or queue that fails").require(),
            duration("start", any_duration, "from the start of the run (poison: default 0)"),
            duration("duration", positive_duration,
                     "how long (poison: default to the end of the run)"),
            integer("instances", instance_count,
                    "consumer_outage, consumer_crash: how many instances; default all"),
            number("rate", {0, 3'600}, "consumer_crash: crashes per instance-hour"),
            free_form("at", "consumer_crash: set crash times (durations) inside the window"),
            duration("restart", any_duration,
                     "consumer_crash: time until a crashed instance polls again"),
            number("latency_multiplier", multiplier,
                   "downstream_brownout: multiplies every call's latency"),
            number("error_probability", probability,
                   "downstream_brownout: failures on top of the API's own; target_outage: "
                   "the chance that a delivery attempt fails"),
            text("error", "target_outage: the error a delivery gets", error_names),
            number("fraction", probability, "poison: the share of events that fail every attempt"),
            text("pattern",
                 "poison: an EventBridge event pattern; only matching events are poison"),
            rate("put_events_rate", event_rate, "bus_throttling: the PutEvents quota meanwhile"),
        }};
  }();
  return keys;
}

model::FaultConfig read_fault(Section& section, Duration run) {
  model::FaultConfig fault;
  section.require("name");
  section.read("name", fault.name);
  section.require("target");
  section.read("target", fault.target);
  std::string kind;
  section.require("kind");
  if (section.read("kind", kind)) {
    bool known = false;
    for (const auto& [text, k] : kinds) {
      if (text == kind) {
        fault.kind = k;
        known = true;
      }
    }
    if (!known) {
      std::string expected;
      for (const auto& [text, k] : kinds) {
        expected += expected.empty() ? "" : ", ";
        expected += "\"" + std::string(text) + "\"";
      }
      section.report("kind", "expected one of " + expected + ", got \"" + kind + "\"");
      kind.clear();
    }
  }
  // A poison fault lasts the whole run unless it says otherwise.
  if (fault.kind != Kind::poison) section.require("start");
  section.read("start", fault.start, any_duration);
  if (fault.kind == Kind::poison && !section.has("duration")) {
    fault.duration = run > fault.start ? run - fault.start : Duration::zero();
    if (fault.duration == Duration::zero())
      section.report("start", "the fault starts after the run has ended");
  } else {
    section.require("duration");
    section.read("duration", fault.duration, positive_duration);
  }
  if (!kind.empty()) {
    for (const KeyUse& use : kind_keys) {
      if (section.has(use.key) && use.kinds.find(kind) == std::string_view::npos) {
        section.report(use.key, "\"" + std::string(use.key) + "\" does not apply to a " + kind +
                                    " fault (it applies to: " + std::string(use.kinds) + ")");
        section.take(use.key);
      }
    }
  }
  switch (fault.kind) {
    case Kind::consumer_outage:
      section.read("instances", fault.instances, instance_count);
      break;
    case Kind::consumer_crash:
      section.read("instances", fault.instances, instance_count);
      read_crash(section, fault);
      break;
    case Kind::downstream_brownout:
      section.read("latency_multiplier", fault.latency_multiplier, multiplier);
      section.read("error_probability", fault.error_probability, probability);
      if (!section.has("latency_multiplier") && !section.has("error_probability")) {
        section.report("latency_multiplier",
                       "a downstream_brownout needs a `latency_multiplier` and/or an "
                       "`error_probability`");
      }
      break;
    case Kind::downstream_outage:
      break;
    case Kind::poison:
      if (section.read("pattern", fault.pattern)) {
        if (auto problem = validate_pattern(fault.pattern)) section.report("pattern", *problem);
        fault.fraction = 1.0;
      } else {
        section.require("fraction");
      }
      section.read("fraction", fault.fraction, probability);
      break;
    case Kind::bus_throttling:
      section.require("put_events_rate");
      section.read("put_events_rate", fault.put_events_rate, event_rate);
      break;
    case Kind::target_outage:
      read_target_outage(section, fault);
      break;
  }
  section.finish();
  return fault;
}

}  // namespace

Key faults_key() {
  return tables("faults", fault_keys(), "faults, in declaration order");
}

void read_faults(Section& root, model::SystemConfig& config) {
  read_list(root, "faults", config.faults,
            [&config](Section& s) { return read_fault(s, config.duration); });
}

}  // namespace edasim::scenario

namespace edasim::scenario {

namespace {

template <class Config>
const Config* named(const std::vector<Config>& items, const std::string& name) {
  for (const Config& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

template <class Config>
std::vector<std::string> names(const std::vector<Config>& items) {
  std::vector<std::string> out;
  for (const Config& item : items) out.push_back(item.name);
  return out;
}

std::string unknown(std::string_view what, const std::string& name,
                    const std::vector<std::string>& known) {
  std::string message = "no " + std::string(what) + " named \"" + name + "\"";
  if (auto near = closest(name, known)) message += "; did you mean \"" + *near + "\"?";
  return message;
}

// Every rule target as a target_outage names it: a queue by its name,
// another kind as "PREFIX.NAME" (model::target_reference).
std::vector<std::string> rule_target_names(const model::SystemConfig& config) {
  std::vector<std::string> out;
  for (const model::BusConfig& b : config.buses) {
    for (const model::RuleConfig& r : b.rules) {
      for (std::size_t t = 0; t < r.targets.size(); ++t)
        out.push_back(model::target_reference(r.table(t), r.targets[t]));
    }
  }
  return out;
}

// Whether a rule targets what a target_outage names (a queue also as
// "queue.NAME").
bool rule_targets_queue(const model::SystemConfig& config, const std::string& target) {
  const std::string named = target.starts_with("queue.") ? target.substr(6) : target;
  const std::vector<std::string> targets = rule_target_names(config);
  return std::find(targets.begin(), targets.end(), named) != targets.end();
}

}  // namespace

void check_apis_and_faults(const model::SystemConfig& config, Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < config.apis.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (config.apis[j].name == config.apis[i].name && !config.apis[i].name.empty()) {
        diagnostics.report(child_path(element_path("apis", i), "name"),
                           "another API is named \"" + config.apis[i].name + "\"");
      }
    }
  }
  const std::vector<std::string> api_names = names(config.apis);
  for (const model::FleetConfig& f : config.fleets) {
    const std::string calls = child_path(child_path("consumers", f.name), "calls");
    for (const auto& [api, count] : f.calls) {
      if (named(config.apis, api) == nullptr) {
        diagnostics.report(child_path(calls, api),
                           unknown("API", api, api_names) + " (declare it under [[apis]])");
      }
    }
    if (f.on_failure.kind == model::FailurePolicy::Kind::repush) {
      const model::QueueConfig* q = named(config.queues, f.queue);
      if (q != nullptr && !q->dead_letter_queue) {
        diagnostics.report(
            child_path(child_path(child_path("consumers", f.name), "on_failure"), "action"),
            "a re-push sends a message to its queue's dead-letter queue after "
            "max_repushes, but queue " +
                f.queue + " has no dead_letter_queue");
      }
      // SQS FIFO has no per-message DelaySeconds (services.md §1.5): a
      // re-push there can only take the queue's delay.
      if (q != nullptr && q->fifo && f.on_failure.base > Duration::zero()) {
        diagnostics.report(
            child_path(child_path(child_path("consumers", f.name), "on_failure"), "base"),
            "queue " + f.queue +
                " is FIFO, which has no per-message DelaySeconds: a re-push takes the queue's "
                "delay, so set base = \"0s\"");
      }
    }
  }
  const std::vector<std::string> fleet_names = names(config.fleets);
  std::size_t patterns = 0;
  for (std::size_t i = 0; i < config.faults.size(); ++i) {
    const model::FaultConfig& fault = config.faults[i];
    const std::string key = element_path("faults", i);
    const bool on_api = fault.kind == model::FaultConfig::Kind::downstream_brownout ||
                        fault.kind == model::FaultConfig::Kind::downstream_outage;
    const bool on_bus = fault.kind == model::FaultConfig::Kind::bus_throttling;
    const bool on_target = fault.kind == model::FaultConfig::Kind::target_outage;
    if (fault.kind == model::FaultConfig::Kind::poison && !fault.pattern.empty() &&
        ++patterns > model::max_poison_patterns) {
      diagnostics.report(child_path(key, "pattern"), "at most 32 poison faults may have a pattern");
    }
    if (fault.target.empty()) continue;
    if (on_target && !rule_targets_queue(config, fault.target)) {
      diagnostics.report(child_path(key, "target"),
                         unknown("rule target", fault.target, rule_target_names(config)) +
                             " (a target_outage hits a component that a bus rule targets)");
    }
    if (on_api && named(config.apis, fault.target) == nullptr) {
      diagnostics.report(child_path(key, "target"), unknown("API", fault.target, api_names));
    }
    if (on_bus && named(config.buses, fault.target) == nullptr) {
      diagnostics.report(child_path(key, "target"),
                         unknown("bus", fault.target, names(config.buses)));
    }
    if (!on_api && !on_bus && !on_target) {
      const model::FleetConfig* fleet = named(config.fleets, fault.target);
      if (fleet == nullptr) {
        diagnostics.report(child_path(key, "target"),
                           unknown("consumer", fault.target, fleet_names));
      } else if (fault.instances > fleet->instances) {
        diagnostics.report(child_path(key, "instances"), "consumer " + fleet->name + " has only " +
                                                             std::to_string(fleet->instances) +
                                                             " instances");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      const model::FaultConfig& other = config.faults[j];
      if (other.name == fault.name && !fault.name.empty()) {
        diagnostics.report(child_path(key, "name"),
                           "another fault is named \"" + fault.name + "\"");
      }
      // Two faults of one kind on one target would say the same thing twice
      // for the overlap: almost certainly a mistake.
      if (other.kind == fault.kind && other.target == fault.target && fault.start < other.end() &&
          other.start < fault.end()) {
        diagnostics.report(key, "overlaps fault \"" + other.name + "\" of the same kind on " +
                                    fault.target +
                                    "; faults of one kind on one target must "
                                    "not overlap");
      }
    }
  }
}

// No vertices: a call, a poll or a fault is no stop on the way events flow.
const TopologyKind faults_topology{};

}  // namespace edasim::scenario
