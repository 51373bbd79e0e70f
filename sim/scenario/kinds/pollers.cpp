#include <algorithm>
#include <cctype>

#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// The same names [[apis]] accepts, so a poller's calls can go through one.
bool valid_call_name(std::string_view name) {
  return !name.empty() && name.size() <= 80 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
  });
}

void read_call(Section& section, std::string_view key, std::string& out) {
  section.require(key);
  if (section.read(key, out) && !valid_call_name(out)) {
    section.report(key,
                   "an API name is 1 to 80 letters, digits, '.', '-' or '_', got \"" + out + "\"");
  }
}

template <class Config>
bool declared(const std::vector<Config>& items, const std::string& name) {
  return std::any_of(items.begin(), items.end(), [&](const Config& c) { return c.name == name; });
}

const Keys& poller_keys() {
  static const Keys keys{
      "a polling integration: every interval it lists changes and fetches each",
      {
          duration("interval", repeating_period, "how often it polls").require(),
          integer("page_size", {1, 10'000}, "changes per list call"),
          text("list", "the API that lists changes (an [[apis]] name)").require(),
          text("fetch", "the API that fetches one change (an [[apis]] name)").require(),
          distribution("processing", "the time to process one change (a duration)"),
      }};
  return keys;
}

model::PollerConfig read_poller(Section& section, const std::string& name) {
  model::PollerConfig poller;
  poller.name = name;
  section.require("interval");
  section.read("interval", poller.interval, repeating_period);
  section.read("page_size", poller.page_size, Range<std::int64_t>{1, 10'000});
  read_call(section, "list", poller.list_api);
  read_call(section, "fetch", poller.fetch_api);
  if (const toml::node* node = section.take("processing")) {
    if (auto d = read_distribution(*node, section.key("processing"), Dimension::duration,
                                   section.diagnostics())) {
      poller.processing = core::DurationDistribution(std::move(*d));
    }
  }
  section.finish();
  return poller;
}

}  // namespace

Key pollers_key() {
  return named("pollers", poller_keys(), "polling integrations, by name");
}

void read_pollers(Section& root, model::SystemConfig& config) {
  read_named(root, "pollers", config.pollers, read_poller);
}

void check_point_to_point_and_polling(const model::SystemConfig& config, Diagnostics& diagnostics) {
  for (const model::ProducerConfig& p : config.producers) {
    const std::string to = child_path(child_path("producers", p.name), "to");
    for (std::size_t i = 0; i < p.targets.size(); ++i) {
      const std::string& t = p.targets[i];
      const bool known =
          p.target_table == "pollers" ? declared(config.pollers, t) : declared(config.queues, t);
      if (!known) {
        diagnostics.report(
            element_path(to, i),
            p.target_table == "pollers"
                ? "no poller named \"" + t + "\" (declare it under [pollers." + t + "])"
                : "no queue named \"" + t + "\"");
      }
      for (std::size_t j = 0; j < i; ++j) {
        if (p.targets[j] == t)
          diagnostics.report(element_path(to, i), "\"" + t + "\" is already a target");
      }
    }
    if (p.target_table == "pollers" && p.targets.empty() && !declared(config.pollers, p.target)) {
      diagnostics.report(
          to, "no poller named \"" + p.target + "\" (declare it under [pollers." + p.target + "])");
    }
  }
}

// No vertices: a call, a poll or a fault is no stop on the way events flow.
const TopologyKind pollers_topology{};

}  // namespace edasim::scenario
