#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/units.hpp"
#include "sim/model/producers/event_factory.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/scenario/archive_file.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/text_file.hpp"
#include "sim/scenario/topology.hpp"
#include "sim/scenario/traffic_file.hpp"

namespace edasim::scenario {

namespace {

// PutEvents and SendMessageBatch both take at most 10 entries per call;
// Kinesis PutRecords takes 500 (a Kafka producer batch is bounded in bytes,
// so the same bound serves).
constexpr Range<std::int64_t> entries_per_call{1, 10};
constexpr Range<std::int64_t> records_per_call{1, 500};
// Claim checks store payloads up to 2 GB (the extended clients, §7).
constexpr Range<std::int64_t> claim_check_sizes{1, 2'147'483'648};

// The registered receiving kinds that take a list (`lists`) or not, or all
// of them (nullopt), each written by `write` and joined as "a, b or c".
std::string listed(std::optional<bool> lists, std::string (*write)(std::string_view prefix)) {
  std::vector<std::string> items;
  for (const model::ReceivingKind* kind : model::receiving_kinds()) {
    if (!lists || kind->takes_list == *lists) items.push_back(write(kind->prefix));
  }
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

std::string quoted_target(std::string_view prefix) {
  return "\"" + std::string(prefix) + ".NAME\"";
}

std::string a_target(std::string_view prefix) {
  return "a " + std::string(prefix);
}

// "PREFIX.NAME" -> the receiving kind and the name, or null after reporting
// it.
const model::ReceivingKind* read_target(Section& section, const std::string& key,
                                        const std::string& to, std::string& name) {
  const auto dot = to.find('.');
  const model::ReceivingKind* kind =
      dot == std::string::npos || dot + 1 == to.size()
          ? nullptr
          : model::receiving_kind_with_prefix(std::string_view(to).substr(0, dot));
  if (kind == nullptr) {
    section.diagnostics().report(key, "expected " + listed(std::nullopt, quoted_target) +
                                          ", or a list of " + listed(true, quoted_target) +
                                          ", got \"" + to + "\"");
    return nullptr;
  }
  name = to.substr(dot + 1);
  return kind;
}

// A list of targets, of a kind that takes one (queues: point to point;
// sources: polling): every event to each.
void read_destinations(Section& section, const toml::array& list, Destinations out) {
  // A point-to-point copy's flags fit one 64-bit word.
  constexpr std::size_t max_targets = 64;
  const std::string key = section.key("to");
  if (list.empty() || list.size() > max_targets) {
    section.report("to", "expected 1 to 64 targets, got " + std::to_string(list.size()));
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string element = element_path(key, i);
    const auto* text = list[i].as_string();
    if (text == nullptr) {
      section.diagnostics().report(element, list[i].source(), "expected a string");
      continue;
    }
    std::string name;
    const model::ReceivingKind* kind = read_target(section, element, text->get(), name);
    if (kind == nullptr) continue;
    if (!kind->takes_list) {
      section.diagnostics().report(element, list[i].source(),
                                   "a list of targets names " + listed(true, quoted_target) +
                                       " targets; send to " + listed(false, a_target) +
                                       " with to = \"KIND.NAME\"");
      continue;
    }
    if (i > 0 && kind->table != out.table) {
      section.diagnostics().report(element, list[i].source(),
                                   "every target of a list is of the same kind as the first");
      continue;
    }
    out.table = kind->table;
    if (i == 0) out.target = name;
    out.targets.push_back(name);
  }
}

}  // namespace

Key destination_key() {
  return text("to",
              "where events go: \"bus.NAME\", \"queue.NAME\" (or a list of queues), "
              "\"topic.NAME\", \"stream.NAME\", ...")
      .or_a_list()
      .require();
}

void read_destination(Section& section, Destinations out) {
  const toml::node* node = section.require("to");
  if (node == nullptr) return;
  if (const toml::array* list = node->as_array()) {
    read_destinations(section, *list, out);
    return;
  }
  std::string to;
  if (!section.read("to", to)) return;
  if (const model::ReceivingKind* kind = read_target(section, section.key("to"), to, out.target)) {
    out.table = kind->table;
  }
}

namespace {

const Keys& profile_keys() {
  static const Keys keys{
      "a change of the producer's rate: from `at`, over `ramp`, to `factor` x the base rate",
      {
          duration("at", any_duration, "when the change begins").require(),
          duration("ramp", any_duration, "how long the change takes; 0s: a step"),
          number("factor", load_factor, "the rate from then on, as a multiple of `rate`").require(),
      }};
  return keys;
}

const Keys& traffic_keys() {
  static const Keys keys{
      "recorded traffic: counts per period from a CSV, replayed instead of rate and profile",
      {
          text("file", "the CSV, relative to the scenario's folder").require(),
          integer("column", {2, 1'000}, "the value column: its number, or its header name")
              .or_a_string(),
          duration("period", {seconds(1), hours(24 * 7)},
                   "the rows' period; default: the median gap between rows"),
          text("start", "replay from this ISO-8601 timestamp on; default: the first row"),
          text("values", "what a row's value is", {"count", "per_second"}),
          number("scale", multiplier, "multiplies every period's value"),
      }};
  return keys;
}

const Keys& archive_keys() {
  static const Keys keys{
      "an EventBridge archive: events from a JSON Lines file, replayed at their times",
      {
          text("file", "the JSON Lines file, relative to the scenario's folder").require(),
          text("start", "time 0 of the replay, an RFC 3339 time; default: the first event's"),
          number("speed", multiplier, "how many times faster than recorded the events come"),
          text("size", "an event's size: its line's bytes, or its PutEvents entry's",
               {"line", "entry"}),
      }};
  return keys;
}

const Keys& claim_check_keys() {
  static const Keys keys{
      "a claim check: payloads over the threshold go to object storage, a reference travels",
      {
          size("threshold", claim_check_sizes, "payloads larger than this are stored").require(),
          size("reference_size", claim_check_sizes, "the size of the reference that travels"),
      }};
  return keys;
}

const Keys& producer_keys() {
  static const Keys keys{
      "a producer of events",
      {
          destination_key(),
          text("arrival", "the arrival process; exact: a recording's counts (not with archive)",
               {"poisson", "constant", "exact"}),
          rate("rate", event_rate, "the base rate (required without traffic or archive)"),
          tables("profile", profile_keys(), "changes of the rate over the run"),
          table("traffic", traffic_keys(), "recorded traffic instead of rate and profile"),
          table("archive", archive_keys(),
                "an EventBridge archive's events instead of rate, profile and events"),
          integer("batch", {1, 500}, "entries per call: 1..10, or 1..500 to a stream"),
          text("key",
               "streams and tables: the dotted path of the field that is the partition key "
               "(a table's item)"),
          duration("batch_window", any_duration, "how long a partly filled batch may wait"),
          duration("stop_after", positive_duration, "when the producer stops"),
          tables("events", event_keys(), "the events it makes; default: one of 1024 bytes"),
          text("message_group_id", "FIFO: the dotted path of the field that is the group"),
          text("deduplication_id",
               "FIFO: the dotted path of the field that is the deduplication id"),
          number("duplicate_send_probability", probability,
                 "the chance an event is sent again, as after a lost response"),
          duration("duplicate_send_delay", any_duration, "the delay of that second send"),
          named_values("message_attributes", text("", "a dotted field path"),
                       "topics: SNS message attributes, each a dotted field path"),
          table("claim_check", claim_check_keys(), "large payloads through object storage"),
      }};
  return keys;
}

void read_profile(Section& section, model::ArrivalConfig& arrival) {
  const toml::array* changes = section.array("profile");
  if (changes == nullptr) return;
  Diagnostics& diagnostics = section.diagnostics();
  for (std::size_t i = 0; i < changes->size(); ++i) {
    const std::string key = element_path(section.key("profile"), i);
    auto change_section = section_of((*changes)[i], key, diagnostics, section.keys_of("profile"));
    if (!change_section) continue;
    model::RateChange change;
    change_section->require("at");
    change_section->read("at", change.at, any_duration);
    change_section->read("ramp", change.ramp, any_duration);
    change_section->require("factor");
    change_section->read("factor", change.factor, load_factor);
    change_section->finish();
    if (!arrival.profile.empty()) {
      const model::RateChange& before = arrival.profile.back();
      // Ramps start at `at`; the next change may begin only when this one
      // has finished, so the factor over time is a single piecewise line.
      if (change.at < before.at + before.ramp) {
        diagnostics.report(key, (*changes)[i].source(),
                           "changes must be in time order and must not overlap: this one starts "
                           "before the previous one (and its ramp) has finished");
      }
    }
    arrival.profile.push_back(change);
  }
}

// The field must be one a template generates outside arrays: a group or
// deduplication id is one value per event.
void read_field_name(Section& section, std::string_view key, const model::ProducerConfig& producer,
                     std::string& out) {
  if (!section.read(key, out)) return;
  if (const model::EventArchive* archive = producer.archive.get()) {
    for (std::size_t i = 0; i < archive->paths.size(); ++i) {
      if (archive->single[i] && model::dotted(archive->paths[i]) == out) return;
    }
    section.report(key, "no event of the archive has a field \"" + out +
                            "\" (outside arrays); expected a dotted path such as "
                            "\"detail.customerId\"");
    return;
  }
  for (const model::EventTemplate& t : producer.templates) {
    for (const model::FieldGenerator& f : t.fields) {
      std::string path;
      for (const std::string& segment : f.path) path += (path.empty() ? "" : ".") + segment;
      if (path == out) return;
    }
  }
  section.report(key,
                 "no event of this producer has a field \"" + out +
                     "\" (outside arrays); expected a dotted path such as \"detail.customerId\"");
}

void read_fifo_keys(Section& section, model::ProducerConfig& producer) {
  read_field_name(section, "message_group_id", producer, producer.message_group_field);
  read_field_name(section, "deduplication_id", producer, producer.deduplication_field);
  section.read("duplicate_send_probability", producer.duplicate_send_probability, probability);
  section.read("duplicate_send_delay", producer.duplicate_send_delay, any_duration);
  if (producer.duplicate_send_probability > 0 && producer.target_table == "buses") {
    section.report("duplicate_send_probability",
                   "duplicate sends are modelled for producers that send to a queue or topic");
  }
}

void read_message_attributes(Section& section, model::ProducerConfig& producer) {
  auto attributes = section.section("message_attributes");
  if (!attributes) return;
  if (producer.target_table != "topics") {
    section.report("message_attributes",
                   "message attributes are read by topics' filter policies: "
                   "this producer does not send to a topic");
  }
  for (const auto& [k, node] : attributes->table()) {
    const std::string name(k.str());
    std::string field;
    read_field_name(*attributes, name, producer, field);
    if (!field.empty()) producer.message_attributes.emplace_back(name, field);
  }
  attributes->finish();
}

void read_claim_check(Section& section, model::ProducerConfig& producer) {
  auto claim = section.section("claim_check");
  if (!claim) return;
  model::ProducerConfig::ClaimCheck c;
  claim->require("threshold");
  claim->read_size("threshold", c.threshold, claim_check_sizes);
  claim->read_size("reference_size", c.reference_size, claim_check_sizes);
  claim->finish();
  producer.claim_check = c;
}

// The steps of recorded traffic: the base rate is the peak, and each period
// whose rate differs from the one before is a step to its fraction of the
// peak, ending with a step to zero where the recording ends.
void use_recorded_rates(const TrafficFile& traffic, double scale, double peak,
                        model::ArrivalConfig& arrival) {
  arrival.rate = Rate{peak * scale};
  arrival.profile.clear();
  double previous = -1;
  for (std::size_t k = 0; k < traffic.rates.size(); ++k) {
    const double factor = traffic.rates[k] / peak;
    if (factor == previous) continue;
    arrival.profile.push_back(
        model::RateChange{traffic.period * static_cast<std::int64_t>(k), Duration::zero(), factor});
    previous = factor;
  }
  arrival.profile.push_back(model::RateChange{
      traffic.period * static_cast<std::int64_t>(traffic.rates.size()), Duration::zero(), 0.0});
}

// Whole events per period for the exact process: the running total rounded,
// so that a scaled recording keeps its total (x1.5 of 1, 1, 1, 1 is 2, 1, 2,
// 1) and no period's fraction is lost.
std::vector<std::int64_t> whole_counts(const TrafficFile& traffic, double scale) {
  std::vector<std::int64_t> counts;
  counts.reserve(traffic.rates.size());
  const double seconds = static_cast<double>(traffic.period.ns) / 1e9;
  double total = 0;
  std::int64_t placed = 0;
  for (const double rate : traffic.rates) {
    total += rate * seconds * scale;
    const auto rounded = static_cast<std::int64_t>(std::llround(total));
    counts.push_back(rounded - placed);
    placed = rounded;
  }
  return counts;
}

// `traffic = { file = "...", ... }`: the rate and profile come from a
// recording instead (docs/scenario/producers.md, "Recorded traffic").
void read_traffic(Section& producer_section, model::ProducerConfig& producer) {
  auto section = producer_section.section("traffic");
  if (!section) return;
  Diagnostics& diagnostics = section->diagnostics();
  const std::size_t problems_before = diagnostics.found().size();
  TrafficFileOptions options;
  std::string file;
  section->require("file");
  const bool have_file = section->read("file", file);
  if (const toml::node* column = section->take("column")) {
    if (column->is_string()) {
      options.column_name = column->as_string()->get();
    } else {
      section->read("column", options.column_number, Range<std::int64_t>{2, 1'000});
    }
  }
  Duration period{};
  if (section->read("period", period, Range<Duration>{seconds(1), hours(24 * 7)}))
    options.period = period;
  std::string start;
  if (section->read("start", start)) {
    options.start = parse_timestamp(start);
    if (!options.start) {
      section->report(
          "start", "expected a timestamp such as \"2026-11-27T10:00:00Z\", got \"" + start + "\"");
    }
  }
  std::string values = "count";
  if (section->read("values", values)) {
    if (values == "per_second") {
      options.per_second = true;
    } else if (values != "count") {
      section->report("values", "expected \"count\" (events per period) or \"per_second\", got \"" +
                                    values + "\"");
    }
  }
  double scale = 1.0;
  section->read("scale", scale, multiplier);
  section->finish();

  for (const std::string excluded : {"rate", "profile"}) {
    if (producer_section.take(excluded) != nullptr) {
      producer_section.report(excluded, "a producer with recorded traffic takes its " + excluded +
                                            " from the traffic file: remove " + excluded);
    }
  }
  if (!have_file || diagnostics.found().size() != problems_before) return;

  // Relative to the scenario file, wherever edasim runs from.
  const std::filesystem::path scenario_dir =
      std::filesystem::path(diagnostics.file()).parent_path();
  const std::filesystem::path path = scenario_dir / file;
  const std::string key = section->key("file");
  std::string problem;
  const std::optional<std::string> text =
      read_text_file(path, max_traffic_bytes, "the traffic file", problem);
  if (!text) {
    diagnostics.report(key, problem + " (" + path.string() + ")");
    return;
  }
  std::vector<Diagnostic> problems;
  const std::optional<TrafficFile> traffic =
      read_traffic_file(*text, path.string(), key, options, problems);
  for (Diagnostic& d : problems) diagnostics.adopt(std::move(d));
  if (!traffic) return;

  const double peak = *std::max_element(traffic->rates.begin(), traffic->rates.end());
  if (peak <= 0) {
    diagnostics.report(key, "the traffic file counts no events");
    return;
  }
  if (peak * scale > event_rate.high) {
    diagnostics.report(key, "the traffic peaks at " + core::format_rate(Rate{peak * scale}) +
                                ", above the limit of " + core::format_rate(Rate{event_rate.high}));
    return;
  }
  model::ArrivalConfig& arrival = producer.arrival;
  use_recorded_rates(*traffic, scale, peak, arrival);
  model::RecordedTraffic recorded;
  recorded.file = file;
  recorded.period = traffic->period;
  recorded.periods = traffic->rates.size();
  double sum = 0;
  for (const double r : traffic->rates) sum += r;
  recorded.mean_rate = sum * scale / static_cast<double>(traffic->rates.size());
  if (arrival.process == model::ArrivalConfig::Process::exact)
    recorded.counts = whole_counts(*traffic, scale);
  arrival.recorded = std::move(recorded);
}

// The steps of an archive's rate, for `edasim check` and the planner (the
// replay itself places each event at its time): the base rate is the
// busiest second's count, and each second whose count differs from the one
// before is a step to its fraction of that, ending with a step to zero.
void use_archive_rates(const model::EventArchive& archive, model::ArrivalConfig& arrival) {
  const auto peak = static_cast<double>(archive.busiest_second);
  arrival.rate = Rate{peak};
  arrival.profile.clear();
  double previous = -1;
  const auto step = [&](std::int64_t second, double factor) {
    if (factor == previous) return;
    arrival.profile.push_back(model::RateChange{seconds(second), Duration::zero(), factor});
    previous = factor;
  };
  // The profile's factor is 1 before its first step: the first is at 0.
  if (archive.events.front().at >= seconds(1)) step(0, 0.0);
  std::size_t i = 0;
  while (i < archive.events.size()) {
    const std::int64_t second = archive.events[i].at.ns / seconds(1).ns;
    std::int64_t count = 0;
    for (; i < archive.events.size() && archive.events[i].at.ns / seconds(1).ns == second; ++i) {
      ++count;
    }
    step(second, static_cast<double>(count) / peak);
    const bool next_second =
        i < archive.events.size() && archive.events[i].at.ns / seconds(1).ns == second + 1;
    if (!next_second) step(second + 1, 0.0);
  }
}

// `archive = { file = "...", ... }`: the events, their times and their
// contents come from an EventBridge archive (docs/scenario/producers.md,
// "Replaying an EventBridge archive"); nothing else says when events come or
// what they hold.
void read_archive(Section& producer_section, model::ProducerConfig& producer) {
  auto section = producer_section.section("archive");
  if (!section) return;
  Diagnostics& diagnostics = section->diagnostics();
  const std::size_t problems_before = diagnostics.found().size();
  ArchiveFileOptions options;
  std::string file;
  section->require("file");
  const bool have_file = section->read("file", file);
  std::string start;
  if (section->read("start", start)) {
    options.start = parse_archive_time(start);
    if (!options.start) {
      section->report(
          "start",
          "expected an RFC 3339 time such as \"2026-11-27T10:00:00Z\", got \"" + start + "\"");
    }
  }
  section->read("speed", options.speed, multiplier);
  std::string size = "line";
  if (section->read("size", size)) {
    if (size == "entry") {
      options.size = ArchiveFileOptions::Size::entry;
    } else if (size != "line") {
      section->report("size",
                      "expected \"line\" (the line's bytes) or \"entry\" (the PutEvents "
                      "entry's bytes), got \"" +
                          size + "\"");
    }
  }
  section->finish();

  for (const std::string excluded : {"rate", "profile", "traffic", "events", "arrival"}) {
    if (producer_section.take(excluded) != nullptr) {
      producer_section.report(excluded,
                              "a producer replaying an archive takes its events, their "
                              "times and their contents from the archive: remove " +
                                  excluded);
    }
  }
  if (!have_file || diagnostics.found().size() != problems_before) return;

  // Relative to the scenario file, wherever edasim runs from.
  const std::filesystem::path path = std::filesystem::path(diagnostics.file()).parent_path() / file;
  const std::string key = section->key("file");
  std::string problem;
  const std::optional<std::string> text =
      read_text_file(path, max_archive_bytes, "the archive file", problem);
  if (!text) {
    diagnostics.report(key, problem + " (" + path.string() + ")");
    return;
  }
  std::vector<Diagnostic> problems;
  std::optional<model::EventArchive> archive =
      read_archive_file(*text, path.string(), key, options, problems);
  for (Diagnostic& d : problems) diagnostics.adopt(std::move(d));
  if (!archive) return;
  if (static_cast<double>(archive->busiest_second) > event_rate.high) {
    diagnostics.report(
        key, "the archive's busiest second holds " + std::to_string(archive->busiest_second) +
                 " events, above the limit of " + core::format_rate(Rate{event_rate.high}));
    return;
  }
  archive->file = file;
  producer.arrival.process = model::ArrivalConfig::Process::archive;
  use_archive_rates(*archive, producer.arrival);
  producer.archive = std::make_shared<const model::EventArchive>(std::move(*archive));
}

model::ProducerConfig read_producer(Section& section, const std::string& name) {
  model::ProducerConfig producer;
  producer.name = name;
  read_destination(section, {producer.target_table, producer.target, producer.targets});

  std::string process = "poisson";
  const bool archived = section.has("archive");
  const bool recorded = section.has("traffic") && !archived;
  if (archived) {
    read_archive(section, producer);
  } else if (section.read("arrival", process)) {
    if (process == "poisson") {
      producer.arrival.process = model::ArrivalConfig::Process::poisson;
    } else if (process == "constant") {
      producer.arrival.process = model::ArrivalConfig::Process::constant;
    } else if (process == "exact" && recorded) {
      producer.arrival.process = model::ArrivalConfig::Process::exact;
    } else if (process == "exact") {
      section.report("arrival", "\"exact\" replays recorded traffic's counts: it needs traffic");
    } else {
      section.report("arrival", std::string("expected \"poisson\", \"constant\"") +
                                    (recorded ? " or \"exact\"" : "") + ", got \"" + process +
                                    "\"");
    }
  }
  if (archived) {
    // Read above: it takes the place of the arrival process.
  } else if (recorded) {
    read_traffic(section, producer);
  } else {
    section.require("rate");
    section.read("rate", producer.arrival.rate, event_rate);
    read_profile(section, producer.arrival);
  }

  const bool to_stream = producer.target_table == "streams";
  section.read("batch", producer.batch_size, to_stream ? records_per_call : entries_per_call);
  if (producer.target_table == "chains" && producer.batch_size != 1) {
    section.report("batch", "a chain serves one request per event: batch must be 1");
  }
  if (section.read("key", producer.key) && !to_stream && producer.target_table != "tables") {
    section.report("key",
                   "a key only applies when the producer writes to a stream (the partition key) "
                   "or a table (the item)");
  }
  section.read("batch_window", producer.batch_window, any_duration);
  section.read("stop_after", producer.stop_after, positive_duration);

  if (archived) {
    // The archive's events take the templates' place (events is refused).
  } else if (const toml::array* events = section.array("events")) {
    for (std::size_t i = 0; i < events->size(); ++i) {
      auto event_section = section_of((*events)[i], element_path(section.key("events"), i),
                                      section.diagnostics(), section.keys_of("events"));
      if (!event_section) continue;
      model::EventTemplate event = read_event(*event_section);
      for (const model::EventTemplate& earlier : producer.templates) {
        if (earlier.name == event.name) {
          event_section->report("name",
                                "another event of this producer is named \"" + event.name + "\"");
        }
      }
      producer.templates.push_back(std::move(event));
    }
    if (events->empty()) section.report("events", "expected at least one event");
  } else if (!section.has("events")) {
    model::EventTemplate only;
    only.name = name;
    producer.templates.push_back(only);
  }
  read_fifo_keys(section, producer);
  read_message_attributes(section, producer);
  read_claim_check(section, producer);
  section.finish();
  return producer;
}

}  // namespace

Key producers_key() {
  return named("producers", producer_keys(), "producers of events, by name");
}

void read_producers(Section& root, model::SystemConfig& config) {
  read_named(root, "producers", config.producers, read_producer);
}

namespace {

void add_producers(Topology& topology, const model::SystemConfig& config) {
  topology.declare("producers", "producer", "producer");
  topology.add_each("producers", config.producers);
}

void connect_producers(Topology& topology, const model::SystemConfig& config) {
  for (const model::ProducerConfig& p : config.producers) {
    // A kind whose components are no vertices (a poller's source) is
    // checked by its own kind (check_point_to_point_and_polling).
    const model::ReceivingKind* receiving = model::receiving_kind(p.target_table);
    if (receiving == nullptr || !topology.declares(receiving->table)) continue;
    const std::string_view kind = receiving->table;
    const Topology::Vertex producer = *topology.find("producers", p.name);
    const std::string to = child_path(child_path("producers", p.name), "to");
    if (p.targets.empty()) {
      topology.connect(producer, kind, p.target, Topology::Link::sends_to, to);
      continue;
    }
    for (const std::string& target : p.targets) {
      // Unknown names in a list are reported by check_point_to_point_and_polling.
      if (topology.find(kind, target)) {
        topology.connect(producer, kind, target, Topology::Link::sends_to, to);
      }
    }
  }
}

void check_producers(const model::SystemConfig& config, const Topology&,
                     std::vector<Finding>& findings) {
  if (config.producers.empty()) {
    findings.push_back(
        {Severity::warning, "producers", "the design has no producers: no event will be sent"});
  }
  // Every send to a FIFO queue carries a MessageGroupId (services.md §1.3,
  // §1.10), and so does every publish to a FIFO topic (§3.4).
  for (const model::ProducerConfig& p : config.producers) {
    if (!p.message_group_field.empty()) continue;
    bool fifo = false;
    if (p.target_table == "queues") {
      const model::QueueConfig* q = find_named(config.queues, p.target);
      fifo = q != nullptr && q->fifo;
    }
    if (p.target_table == "topics") {
      const model::TopicConfig* t = find_named(config.topics, p.target);
      fifo = t != nullptr && t->fifo;
    }
    if (!fifo) continue;
    findings.push_back({Severity::error, child_path("producers", p.name),
                        p.target +
                            " is FIFO: set message_group_id to the event field whose value is "
                            "each message's group"});
  }
}

}  // namespace

const TopologyKind producers_topology{add_producers, connect_producers, check_producers};

}  // namespace edasim::scenario
