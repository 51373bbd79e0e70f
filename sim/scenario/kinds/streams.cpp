#include "sim/core/units.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// Kinesis retention: 24 h to 365 days (services.md §5.1).
constexpr Range<Duration> kinesis_retentions{hours(24), hours(8760)};
constexpr Range<std::int64_t> partition_counts{1, 100'000};
constexpr Range<std::int64_t> retry_counts{0, 100};
// GetRecords returns at most 10,000 records.
constexpr Range<std::int64_t> kinesis_batches{1, 10'000};
constexpr Range<std::int64_t> kafka_batches{1, 1'000'000};
constexpr Range<std::int64_t> any_size{0, std::numeric_limits<std::int64_t>::max()};

const Keys& stream_keys() {
  static const Keys keys{
      "a Kafka topic or a Kinesis stream",
      {
          text("kind", "the service; it sets the defaults", {"kafka", "kinesis"}).require(),
          integer("partitions", partition_counts, "Kafka: the topic's partitions"),
          integer("shards", partition_counts, "Kinesis: the stream's shards"),
          size("write_limit", any_size, "bytes per partition per second; 0B: no limit"),
          integer("write_records_limit", {0, 10'000'000},
                  "records per partition per second; 0: no limit"),
          size("read_limit", any_size, "bytes per partition per second; 0B: no limit"),
          duration("retention", positive_duration,
                   "how long records are kept (Kinesis: 24h .. 8760h)"),
          duration("retry_after", repeating_period, "when a throttled write is tried again"),
          integer("max_retries", retry_counts, "retries before a throttled record is dropped"),
          duration("propagation", any_duration, "from write to readable"),
          duration("fan_out_propagation", any_duration,
                   "Kinesis: from write to readable by enhanced fan-out groups"),
          integer("brokers", positive_small_count, "Kafka: brokers, for the broker-hour cost"),
      }};
  return keys;
}

const Keys& membership_keys() {
  static const Keys keys{
      "a change of the group's membership",
      {
          duration("at", any_duration, "when").require(),
          text("change",
               "a consumer joins, leaves, or fails (leave and fail take the last "
               "live consumer)",
               {"join", "leave", "fail"})
              .require(),
      }};
  return keys;
}

const Keys& group_keys() {
  static const Keys keys{
      "a consumer group reading a stream",
      {
          text("stream", "the stream the group reads").require(),
          integer("consumers", instance_count, "consumers at the start"),
          integer("batch", kafka_batches,
                  "records per poll: Kafka up to 1,000,000, Kinesis up to 10,000"),
          distribution("processing", "the time to process one record (a duration)"),
          duration("poll_interval", repeating_period, "how often an idle consumer polls"),
          duration("commit_interval", repeating_period, "how often offsets are committed"),
          text("rebalance", "stop the world, or only moved partitions pause",
               {"eager", "incremental"}),
          duration("rebalance_pause", any_duration, "how long affected partitions pause"),
          duration("session_timeout", positive_duration,
                   "how long a crashed consumer's partitions stall before the rebalance"),
          flag("enhanced_fan_out", "Kinesis: a dedicated 2 MB/s per shard for this group"),
          tables("changes", membership_keys(), "membership changes in time order"),
          emit_key(),
      }};
  return keys;
}

void read_changes(Section& section, model::ConsumerGroupConfig& group) {
  const toml::array* changes = section.array("changes");
  if (changes == nullptr) return;
  Diagnostics& diagnostics = section.diagnostics();
  for (std::size_t i = 0; i < changes->size(); ++i) {
    const std::string key = element_path(section.key("changes"), i);
    auto entry = section_of((*changes)[i], key, diagnostics, section.keys_of("changes"));
    if (!entry) continue;
    model::MembershipChange change;
    entry->require("at");
    entry->read("at", change.at, any_duration);
    std::string what;
    entry->require("change");
    if (entry->read("change", what)) {
      if (what == "join") {
        change.kind = model::MembershipChange::Kind::join;
      } else if (what == "leave") {
        change.kind = model::MembershipChange::Kind::leave;
      } else if (what == "fail") {
        change.kind = model::MembershipChange::Kind::fail;
      } else {
        entry->report("change", "expected \"join\", \"leave\" or \"fail\", got \"" + what + "\"");
      }
    }
    entry->finish();
    if (!group.changes.empty() && change.at < group.changes.back().at) {
      diagnostics.report(key, (*changes)[i].source(),
                         "changes must be in time order: this one is before the previous one");
    }
    group.changes.push_back(change);
  }
}

model::StreamConfig read_stream(Section& section, const std::string& name) {
  model::StreamConfig stream;
  std::string kind;
  section.require("kind");
  if (section.read("kind", kind)) {
    if (kind == "kinesis") {
      stream = model::StreamConfig::kinesis_defaults();
    } else if (kind != "kafka") {
      section.report("kind", "expected \"kafka\" or \"kinesis\", got \"" + kind + "\"");
    }
  }
  stream.name = name;
  const bool kinesis = stream.kind == model::StreamConfig::Kind::kinesis;
  // Kafka has partitions, Kinesis has shards.
  const char* count_key = kinesis ? "shards" : "partitions";
  const char* other_key = kinesis ? "partitions" : "shards";
  if (section.has(other_key)) {
    section.take(other_key);
    section.report(other_key, std::string("a ") + (kinesis ? "Kinesis stream" : "Kafka topic") +
                                  " has " + count_key + ", not " + other_key);
  }
  section.read(count_key, stream.partitions, partition_counts);
  section.read_size("write_limit", stream.write_bytes_per_second, any_size);
  section.read("write_records_limit", stream.write_records_per_second,
               Range<std::int64_t>{0, 10'000'000});
  section.read_size("read_limit", stream.read_bytes_per_second, any_size);
  section.read("retention", stream.retention, kinesis ? kinesis_retentions : positive_duration);
  section.read("retry_after", stream.retry_after, repeating_period);
  section.read("max_retries", stream.max_retries, retry_counts);
  section.read("propagation", stream.propagation, any_duration);
  if (kinesis) {
    section.read("fan_out_propagation", stream.fan_out_propagation, any_duration);
  } else {
    section.read("brokers", stream.brokers, positive_small_count);
  }
  section.finish();
  return stream;
}

}  // namespace

Key streams_key() {
  return named("streams", stream_keys(), "Kafka topics and Kinesis streams, by name");
}

Key consumer_groups_key() {
  return named("consumer_groups", group_keys(), "consumer groups reading streams, by name");
}

void read_streams(Section& root, model::SystemConfig& config) {
  read_named(root, "streams", config.streams, read_stream);
}

namespace {

model::ConsumerGroupConfig read_consumer_group(Section& section, const std::string& name,
                                               const std::vector<model::StreamConfig>& streams) {
  model::ConsumerGroupConfig group;
  group.name = name;
  section.require("stream");
  section.read("stream", group.stream);
  bool kinesis = false;
  for (const model::StreamConfig& s : streams) {
    if (s.name == group.stream) kinesis = s.kind == model::StreamConfig::Kind::kinesis;
  }
  section.read("consumers", group.consumers, instance_count);
  section.read("batch", group.batch, kinesis ? kinesis_batches : kafka_batches);
  read_duration_distribution(section, "processing", group.processing);
  section.read("poll_interval", group.poll_interval, repeating_period);
  section.read("commit_interval", group.commit_interval, repeating_period);
  std::string rebalance;
  if (section.read("rebalance", rebalance)) {
    if (rebalance == "eager") {
      group.rebalance = model::ConsumerGroupConfig::Rebalance::eager;
    } else if (rebalance == "incremental") {
      group.rebalance = model::ConsumerGroupConfig::Rebalance::incremental;
    } else {
      section.report("rebalance",
                     "expected \"eager\" or \"incremental\", got \"" + rebalance + "\"");
    }
  }
  section.read("rebalance_pause", group.rebalance_pause, any_duration);
  section.read("session_timeout", group.session_timeout, positive_duration);
  if (section.read("enhanced_fan_out", group.enhanced_fan_out) && group.enhanced_fan_out &&
      !kinesis) {
    section.report("enhanced_fan_out", "enhanced fan-out is a Kinesis feature; stream " +
                                           group.stream + " is not a Kinesis stream");
  }
  read_changes(section, group);
  read_emit(section, group.emit, "a consumer group's processing of a record never fails");
  section.finish();
  return group;
}

}  // namespace

void read_consumer_groups(Section& root, model::SystemConfig& config) {
  // Streams read first (build order): a group's batch limits depend on
  // whether its stream is Kinesis or Kafka.
  read_named(root, "consumer_groups", config.groups,
             [&config](Section& s, const std::string& name) {
               return read_consumer_group(s, name, config.streams);
             });
}

namespace {

void add_streams(Topology& topology, const model::SystemConfig& config) {
  topology.declare("streams", "stream", "stream");
  topology.add_each("streams", config.streams);
}

void check_streams(const model::SystemConfig& config, const Topology& topology,
                   std::vector<Finding>& findings) {
  for (const model::StreamConfig& s : config.streams) {
    if (topology.has_out_edge(*topology.find("streams", s.name), Topology::Link::feeds)) continue;
    findings.push_back(
        {Severity::warning, child_path("streams", s.name),
         "no consumer group reads stream " + s.name + ": its records expire after the retention"});
  }
}

void add_consumer_groups(Topology& topology, const model::SystemConfig& config) {
  topology.declare("consumer_groups", "consumer group", "consumer group");
  topology.add_each("consumer_groups", config.groups);
}

void connect_consumer_groups(Topology& topology, const model::SystemConfig& config) {
  for (const model::ConsumerGroupConfig& g : config.groups) {
    topology.connect_from("streams", g.stream, *topology.find("consumer_groups", g.name),
                          Topology::Link::feeds,
                          child_path(child_path("consumer_groups", g.name), "stream"));
    connect_emit(topology, *topology.find("consumer_groups", g.name), g.emit,
                 child_path(child_path("consumer_groups", g.name), "emit"));
  }
}

}  // namespace

const TopologyKind streams_topology{add_streams, nullptr, check_streams};
const TopologyKind consumer_groups_topology{add_consumer_groups, connect_consumer_groups, nullptr};

}  // namespace edasim::scenario
