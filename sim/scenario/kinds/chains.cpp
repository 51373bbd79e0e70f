// [chains.NAME]: a synchronous call chain, one step after another.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/units.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// A publish step calls an ingest API (ReceivingKind::ingest_api): a bus's
// PutEvents, a queue's SendMessage, a topic's Publish, a stream's
// PutRecords, a state machine's StartExecution.
const model::ReceivingKind* publish_kind(std::string_view prefix) {
  const model::ReceivingKind* kind = model::receiving_kind_with_prefix(prefix);
  return kind != nullptr && kind->ingest_api ? kind : nullptr;
}

std::string publish_targets() {
  std::vector<std::string> names;
  for (const model::ReceivingKind* kind : model::receiving_kinds()) {
    if (kind->ingest_api) names.push_back("\"" + std::string(kind->prefix) + ".NAME\"");
  }
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  return text;
}

const Keys& step_keys() {
  static const Keys keys{
      "a step of a call chain: exactly one of api, parallel and publish",
      {
          text("api", "one call to an [[apis]] entry"),
          strings("parallel", "2 to 16 [[apis]] entries called at once"),
          text("publish",
               "\"bus.NAME\", \"queue.NAME\", \"topic.NAME\", \"stream.NAME\" or "
               "\"state_machine.NAME\": the request's event sent there (PutEvents, SendMessage, "
               "Publish, PutRecords, StartExecution)"),
          duration("timeout", any_duration, "a call not answered by then fails"),
          retry_key(),
          flag("optional", "a failed optional call is given up and the request goes on"),
      }};
  return keys;
}

const Keys& chain_keys() {
  static const Keys keys{"a synchronous call chain, one step after another",
                         {tables("steps", step_keys(), "the steps, in order").require()}};
  return keys;
}

model::ChainStep read_step(Section& s) {
  model::ChainStep step;
  const bool one = s.has("api"), group = s.has("parallel"), publish = s.has("publish");
  if (int{one} + int{group} + int{publish} != 1) {
    s.diagnostics().report(s.path(), s.table().source(),
                           "a step has exactly one of api, parallel and publish");
  }
  std::string text;
  if (s.read("api", text)) step.apis.push_back(text);
  if (const toml::array* apis = s.array("parallel")) {
    for (std::size_t i = 0; i < apis->size(); ++i) {
      if (auto name =
              read_string(*apis->get(i), element_path(s.key("parallel"), i), s.diagnostics()))
        step.apis.push_back(*name);
    }
    if (step.apis.size() < 2 || step.apis.size() > model::kMaxParallelCalls) {
      s.report("parallel", "a parallel group calls 2 to " +
                               std::to_string(model::kMaxParallelCalls) + " APIs, got " +
                               std::to_string(step.apis.size()));
    }
  }
  if (s.read("publish", text)) {
    const auto dot = text.find('.');
    const model::ReceivingKind* kind = dot == std::string::npos || dot + 1 == text.size()
                                           ? nullptr
                                           : publish_kind(std::string_view(text).substr(0, dot));
    if (kind == nullptr) {
      s.report("publish", "expected " + publish_targets() + ", got \"" + text + "\"");
    } else {
      step.publish = text.substr(dot + 1);
      step.publish_table = kind->table;
      // The SDK's own retry of a throttled send, unless the step says.
      step.retry = model::RetryPolicy::sdk_standard();
    }
  }
  s.read("timeout", step.timeout, any_duration);
  read_retry(s, step.retry);
  s.read("optional", step.optional);
  s.finish();
  return step;
}

model::ChainConfig read_chain(Section& section, const std::string& name) {
  model::ChainConfig chain;
  chain.name = name;
  if (const toml::array* steps = section.array("steps")) {
    for (std::size_t i = 0; i < steps->size(); ++i) {
      auto s = section_of(*steps->get(i), element_path(section.key("steps"), i),
                          section.diagnostics(), section.keys_of("steps"));
      if (s) chain.steps.push_back(read_step(*s));
    }
    if (steps->empty()) section.report("steps", "expected at least one step");
  } else {
    section.require("steps");
  }
  section.finish();
  return chain;
}

}  // namespace

Key chains_key() {
  return named("chains", chain_keys(), "synchronous call chains, by name");
}

void read_chains(Section& root, model::SystemConfig& config) {
  read_named(root, "chains", config.chains, read_chain);
}

void check_chains(const model::SystemConfig& config, Diagnostics& diagnostics) {
  std::vector<std::string> apis;
  for (const model::ApiConfig& a : config.apis) apis.push_back(a.name);
  for (const model::ChainConfig& c : config.chains) {
    for (std::size_t s = 0; s < c.steps.size(); ++s) {
      const std::string step = element_path(child_path(child_path("chains", c.name), "steps"), s);
      const model::ChainStep& st = c.steps[s];
      for (std::size_t i = 0; i < st.apis.size(); ++i) {
        if (std::find(apis.begin(), apis.end(), st.apis[i]) != apis.end()) continue;
        std::string message = "no API named \"" + st.apis[i] + "\"";
        if (const auto guess = closest(st.apis[i], apis))
          message += "; did you mean \"" + *guess + "\"?";
        diagnostics.report(st.apis.size() == 1 ? child_path(step, "api")
                                               : element_path(child_path(step, "parallel"), i),
                           message + " (declare it under [[apis]])");
      }
    }
  }
}

namespace {

void add_chains(Topology& topology, const model::SystemConfig& config) {
  topology.declare("chains", "chain", "chain");
  topology.add_each("chains", config.chains);
}

void connect_chains(Topology& topology, const model::SystemConfig& config) {
  for (const model::ChainConfig& c : config.chains) {
    for (std::size_t s = 0; s < c.steps.size(); ++s) {
      // The registration's own table name: the topology keeps a view of it.
      const model::ReceivingKind* kind = model::receiving_kind(c.steps[s].publish_table);
      if (!c.steps[s].publish || kind == nullptr || !topology.declares(kind->table)) continue;
      topology.connect(
          *topology.find("chains", c.name), kind->table, *c.steps[s].publish,
          Topology::Link::sends_to,
          element_path(child_path(child_path("chains", c.name), "steps"), s) + ".publish");
    }
  }
}

}  // namespace

const TopologyKind chains_topology{add_chains, connect_chains, nullptr};

}  // namespace edasim::scenario
