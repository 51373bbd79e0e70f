// The `emit` list that processing components declare (consumer fleets,
// Lambda functions, consumer groups): what they send while processing a
// message or a record.
#include <functional>
#include <string>
#include <vector>

#include "sim/model/producers/event_factory.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

namespace {

// A processing component emits as a client calling an ingest API: the
// receiving kinds that have one (ReceivingKind::ingest_api).
bool emit_target(std::string_view table) {
  const model::ReceivingKind* kind = model::receiving_kind(table);
  return kind != nullptr && kind->ingest_api;
}

// "bus.NAME", "queue.NAME", ...: the targets an emit list may name.
std::string emit_targets() {
  std::vector<std::string> names;
  for (const model::ReceivingKind* kind : model::receiving_kinds()) {
    if (emit_target(kind->table)) names.push_back("\"" + std::string(kind->prefix) + ".NAME\"");
  }
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  return text;
}

const Keys& emit_entry_keys() {
  static const Keys keys{
      "an event a component sends while processing a message",
      {
          destination_key(),
          table("event", event_keys(),
                "the event's template; default: the processed event's fields and "
                "the processed message's size"),
          number("probability", probability,
                 "the share of the attempts with outcome `when` "
                 "that emit"),
          text("when", "after a successful processing, or after each failed attempt",
               {"success", "failure"}),
          distribution("delay", "from the end of the attempt until the event is sent (a duration)"),
          number("at", probability,
                 "consumer fleets: where in a successful attempt the entry sends, as a share of "
                 "its processing time; default its end"),
          text("message_group_id",
               "FIFO: the dotted path of the emitted event's field that is the group (without "
               "`event`, a field of the processed event); default: the processed message's group"),
      }};
  return keys;
}

model::EmitConfig read_emit_entry(Section& section, std::string_view never_fails,
                                  bool inside_attempt) {
  model::EmitConfig emit;
  read_destination(section, {emit.target_table, emit.target, emit.targets});
  if (section.has("to") && !emit.target.empty() && !emit_target(emit.target_table)) {
    section.report("to", "an emit list sends to a " + emit_targets());
  }
  if (auto event = section.section("event")) emit.event = read_event(*event);
  section.read("probability", emit.probability, probability);
  std::string when;
  if (section.read("when", when)) {
    if (when == "success") {
      emit.when = model::EmitConfig::When::success;
    } else if (when == "failure" && !never_fails.empty()) {
      section.report("when", std::string(never_fails) + ": \"failure\" would never emit");
    } else if (when == "failure") {
      emit.when = model::EmitConfig::When::failure;
    } else {
      section.report("when", "expected \"success\" or \"failure\", got \"" + when + "\"");
    }
  }
  double at = 0;
  if (section.has("at") && !inside_attempt) {
    section.take("at");
    section.report("at", "only a consumer fleet's emit entry sends inside an attempt (`at`)");
  } else if (section.read("at", at, probability)) {
    if (emit.when == model::EmitConfig::When::failure) {
      section.report("at", "an entry sent inside an attempt (`at`) sends on success only");
    }
    emit.at = at;
  }
  if (section.read("message_group_id", emit.group)) {
    bool declared = false;
    if (emit.event) {
      for (const model::FieldGenerator& f : emit.event->fields)
        declared = declared || model::dotted(f.path) == emit.group;
    }
    if (emit.target_table != "queues") {
      section.report("message_group_id",
                     "a message group is set on an entry to a FIFO queue (to = \"queue.NAME\")");
    } else if (emit.event && !declared) {
      section.report("message_group_id",
                     "expected a field of the emitted event (a path its `event` declares in "
                     "`fields`), got \"" +
                         emit.group + "\"");
    }
  }
  if (const toml::node* node = section.take("delay")) {
    if (auto d = read_distribution(*node, section.key("delay"), Dimension::duration,
                                   section.diagnostics())) {
      emit.delay = core::DurationDistribution(std::move(*d));
    }
  }
  section.finish();
  return emit;
}

}  // namespace

Key emit_key() {
  return tables("emit", emit_entry_keys(), "events sent while processing a message");
}

void read_emit(Section& parent, std::vector<model::EmitConfig>& out, std::string_view never_fails,
               bool inside_attempt) {
  const toml::array* list = parent.array("emit");
  if (list == nullptr) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto entry = section_of((*list)[i], element_path(parent.key("emit"), i), parent.diagnostics(),
                            parent.keys_of("emit"));
    if (!entry) continue;
    out.push_back(read_emit_entry(*entry, never_fails, inside_attempt));
  }
}

void each_event_template(const model::SystemConfig& config,
                         const std::function<void(const model::EventTemplate&)>& visit) {
  for (const model::ProducerConfig& p : config.producers) {
    for (const model::EventTemplate& t : p.templates) visit(t);
  }
  const auto entries = [&](const std::vector<model::EmitConfig>& emit) {
    for (const model::EmitConfig& e : emit) {
      if (e.event) visit(*e.event);
    }
  };
  for (const model::FleetConfig& f : config.fleets) entries(f.emit);
  for (const model::FunctionConfig& f : config.functions) entries(f.emit);
  for (const model::ConsumerGroupConfig& g : config.groups) entries(g.emit);
}

bool some_archive_has(const model::SystemConfig& config, const std::string& path) {
  for (const model::ProducerConfig& p : config.producers) {
    if (p.archive == nullptr) continue;
    for (const auto& segments : p.archive->paths) {
      if (model::dotted(segments) == path) return true;
    }
  }
  return false;
}

namespace {

// Whether some maker of events in `config` (a producer's templates or
// archive, an emit entry's template) declares the top-level field `path`.
bool some_event_declares(const model::SystemConfig& config, const std::string& path) {
  bool found = some_archive_has(config, path);
  each_event_template(config, [&](const model::EventTemplate& t) {
    for (const model::FieldGenerator& f : t.fields) found = found || model::dotted(f.path) == path;
  });
  return found;
}

void check_carried_groups(const model::SystemConfig& config, const std::string& component,
                          const std::vector<model::EmitConfig>& emit, Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < emit.size(); ++i) {
    const model::EmitConfig& e = emit[i];
    if (e.event || e.group.empty() || some_event_declares(config, e.group)) continue;
    diagnostics.report(
        child_path(element_path(child_path(component, "emit"), i), "message_group_id"),
        "expected a field of the processed event, which the entry sends on "
        "without an `event` of its own (a path some producer's or emit entry's "
        "`fields` declares), got \"" +
            e.group + "\"");
  }
}

}  // namespace

void check_emit_groups(const model::SystemConfig& config, Diagnostics& diagnostics) {
  for (const model::FleetConfig& f : config.fleets)
    check_carried_groups(config, child_path("consumers", f.name), f.emit, diagnostics);
  for (const model::FunctionConfig& f : config.functions)
    check_carried_groups(config, child_path("functions", f.name), f.emit, diagnostics);
  for (const model::ConsumerGroupConfig& g : config.groups)
    check_carried_groups(config, child_path("consumer_groups", g.name), g.emit, diagnostics);
}

void connect_emit(Topology& topology, Topology::Vertex from,
                  const std::vector<model::EmitConfig>& emit, const std::string& key) {
  for (std::size_t i = 0; i < emit.size(); ++i) {
    const model::EmitConfig& e = emit[i];
    if (e.target.empty() || !emit_target(e.target_table) || !topology.declares(e.target_table)) {
      continue;
    }
    const std::string to = child_path(element_path(key, i), "to");
    if (e.targets.empty()) {
      topology.connect(from, e.target_table, e.target, Topology::Link::sends_to, to);
      continue;
    }
    for (const std::string& target : e.targets) {
      topology.connect(from, e.target_table, target, Topology::Link::sends_to, to);
    }
  }
}

}  // namespace edasim::scenario
