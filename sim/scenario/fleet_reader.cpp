#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

namespace {

// ReceiveMessage: MaxNumberOfMessages 1..10, WaitTimeSeconds 0..20.
constexpr Range<std::int64_t> messages_per_receive{1, 10};
constexpr Range<Duration> poll_waits{Duration::zero(), seconds(20)};
// ChangeMessageVisibility accepts at most 12 h.
constexpr Range<Duration> backoffs{Duration::zero(), hours(12), true};
constexpr std::int64_t max_polling_loops = 1'000'000;

void read_failure_policy(Section& parent, FailurePolicy& policy) {
  const toml::node* node = parent.take("on_failure");
  if (node == nullptr) return;
  Diagnostics& diagnostics = parent.diagnostics();
  const std::string key = parent.key("on_failure");

  // `on_failure = "release"` is short for `on_failure = { action = "release" }`.
  std::optional<std::string> action;
  std::optional<Section> section;
  if (node->is_string()) {
    action = read_string(*node, key, diagnostics);
  } else {
    section = section_of(*node, key, diagnostics);
    if (!section) return;
    std::string text;
    section->require("action");
    if (section->read("action", text)) action = text;
  }
  if (action == "wait") {
    policy.kind = FailurePolicy::Kind::wait_for_timeout;
  } else if (action == "release") {
    policy.kind = FailurePolicy::Kind::release;
  } else if (action == "backoff") {
    policy.kind = FailurePolicy::Kind::backoff;
  } else if (action) {
    const std::string message =
        "expected \"wait\", \"release\" or \"backoff\", got \"" + *action + "\"";
    if (section) {
      section->report("action", message);
    } else {
      diagnostics.report(key, node->source(), message);
    }
  }
  if (!section) return;
  for (const char* name : {"base", "cap", "jitter"}) {
    if (policy.kind != FailurePolicy::Kind::backoff && section->has(name)) {
      section->report(name, "\"" + std::string(name) + "\" only applies when action = \"backoff\"");
    }
  }
  section->read("base", policy.base, backoffs);
  section->read("cap", policy.cap, backoffs);
  section->read("jitter", policy.jitter);
  if (policy.cap < policy.base) {
    section->report("cap", "the backoff cap must not be shorter than its base");
  }
  section->finish();
}

void read_calls(Section& parent, FleetConfig& fleet) {
  auto section = parent.section("calls");
  if (!section) return;
  for (const auto& [k, node] : section->table()) {
    std::int32_t count = 0;
    if (section->read(k.str(), count, any_count)) fleet.calls.emplace_back(k.str(), count);
  }
  section->finish();
}

void read_outages(Section& section, FleetConfig& fleet) {
  const toml::array* windows = section.array("outages");
  if (windows == nullptr) return;
  Diagnostics& diagnostics = section.diagnostics();
  for (std::size_t i = 0; i < windows->size(); ++i) {
    const std::string key = element_path(section.key("outages"), i);
    auto window = section_of((*windows)[i], key, diagnostics);
    if (!window) continue;
    Outage outage;
    window->require("start");
    window->read("start", outage.start, any_duration);
    window->require("duration");
    window->read("duration", outage.duration, positive_duration);
    window->read("failure_probability", outage.failure_probability, probability);
    window->read("slowdown", outage.slowdown, positive);
    window->finish();
    if (!fleet.outages.empty()) {
      const Outage& before = fleet.outages.back();
      if (outage.start < before.start + before.duration) {
        diagnostics.report(key, (*windows)[i].source(),
                           "outages must be in time order and must not overlap: this one starts "
                           "before the previous one has ended");
      }
    }
    fleet.outages.push_back(outage);
  }
}

}  // namespace

FleetConfig read_fleet(Section& section, const std::string& name) {
  FleetConfig fleet;
  fleet.name = name;
  section.require("queue");
  section.read("queue", fleet.queue);
  section.read("instances", fleet.instances, positive_count);
  section.read("pollers", fleet.pollers_per_instance, positive_count);
  // Every polling loop is simulated with its own state: a bound keeps a typo
  // from asking for more memory than the machine has.
  const std::int64_t loops =
      std::int64_t{fleet.instances} * std::int64_t{fleet.pollers_per_instance};
  if (loops > max_polling_loops) {
    section.report("pollers", "instances x pollers is " + std::to_string(loops) +
                                  "; a fleet may have at most " +
                                  std::to_string(max_polling_loops) + " polling loops");
  }
  section.read("batch", fleet.batch_size, messages_per_receive);
  section.read("wait", fleet.wait_time, poll_waits);
  // An empty short poll followed by no pause would poll again at the same
  // instant, forever.
  section.read("empty_poll_pause", fleet.empty_poll_pause, positive_duration);
  if (const toml::node* node = section.take("processing")) {
    if (auto d = read_distribution(*node, section.key("processing"), Dimension::duration,
                                   section.diagnostics())) {
      fleet.processing = DurationDistribution(std::move(*d));
    }
  }
  section.read("failure_probability", fleet.failure_probability, probability);
  section.read("poison_fraction", fleet.poison_fraction, probability);
  std::string deletes;
  if (section.read("delete", deletes)) {
    if (deletes == "batch" || deletes == "each") {
      fleet.delete_in_batches = deletes == "batch";
    } else {
      section.report("delete", "expected \"batch\" or \"each\", got \"" + deletes + "\"");
    }
  }
  read_failure_policy(section, fleet.on_failure);
  read_outages(section, fleet);
  read_calls(section, fleet);
  section.finish();
  return fleet;
}

}  // namespace edasim::scenario
