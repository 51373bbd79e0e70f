#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

namespace {

// Amazon SQS limits (services.md §1.2-§1.7).
constexpr Range<Duration> visibility_timeouts{Duration::zero(), hours(12)};
constexpr Range<Duration> retentions{seconds(60), hours(24 * 14)};
constexpr Range<Duration> delays{Duration::zero(), minutes(15)};
constexpr Range<std::int64_t> receive_counts{1, 1000};
constexpr Range<std::int64_t> message_sizes{1024, 1'048'576};
// A short poll that can never see a message would starve its consumers
// forever, which is never what a scenario means.
constexpr Range<double> sampling{0, 1, true};
// StartMessageMoveTask: MaxNumberOfMessagesPerSecond up to 500.
constexpr Range<double> redrive_rates{0, 500, true};
// FIFO API calls per second per action: 300 in normal mode, up to 70,000 in
// high-throughput mode (§1.9).
constexpr Range<double> fifo_rates{0, 70'000, true};

void read_redrive(Section& parent, QueueConfig& queue) {
  auto section = parent.section("redrive");
  if (!section) return;
  RedriveConfig redrive;
  // Started at a set time (and perhaps again every so often), or by the
  // operator when an alarm clears.
  if (section->read("when_alarm_clears", redrive.when_alarm_clears)) {
    if (redrive.when_alarm_clears.empty()) {
      section->report("when_alarm_clears", "expected the name of an alarm, got \"\"");
    }
    for (const char* name : {"start", "every"}) {
      if (section->has(name)) {
        section->report(name, "\"" + std::string(name) +
                                  "\" does not apply to a redrive started when an alarm clears");
      }
    }
  } else {
    section->require("start");
  }
  section->read("start", redrive.start, any_duration);
  section->read("every", redrive.every, any_duration);
  section->read("rate", redrive.rate, redrive_rates);
  section->finish();
  queue.redrive = redrive;
}

void read_fifo(Section& section, QueueConfig& queue) {
  bool fifo = false;
  section.read("fifo", fifo);
  FifoConfig settings;
  const bool high = section.read("high_throughput", settings.high_throughput);
  if (settings.high_throughput) settings.api_rate_limit = 70'000;
  const bool rate = section.read("api_rate_limit", settings.api_rate_limit, fifo_rates);
  if (!fifo) {
    for (const auto& [key, given] :
         {std::pair{"high_throughput", high}, {"api_rate_limit", rate}}) {
      if (given)
        section.report(key, std::string(key) + " only applies to a FIFO queue (fifo = true)");
    }
    return;
  }
  if (queue.duplicate_probability > 0) {
    section.report("duplicate_probability",
                   "a FIFO queue delivers each message once: duplicate_probability must be 0");
  }
  if (queue.redrive) {
    section.report("redrive", "a redrive from a FIFO dead-letter queue is not modelled");
  }
  queue.fifo = settings;
}

QueueConfig read_queue(Section& section, const std::string& name) {
  QueueConfig queue;
  queue.name = name;
  section.read("visibility_timeout", queue.visibility_timeout, visibility_timeouts);
  section.read("retention", queue.retention, retentions);
  section.read("delay", queue.delay, delays);

  std::string dlq;
  const bool has_dlq = section.read("dead_letter_queue", dlq);
  if (has_dlq) {
    queue.dead_letter_queue = dlq;
    // SQS redrive policies always carry maxReceiveCount.
    section.require("max_receive_count");
  }
  if (section.read("max_receive_count", queue.max_receive_count, receive_counts) &&
      !section.has("dead_letter_queue")) {
    section.report("max_receive_count",
                   "max_receive_count only applies with a dead_letter_queue; set one or remove it");
  }

  section.read("in_flight_limit", queue.in_flight_limit, Range<std::int64_t>{1, 1'000'000});
  section.read("duplicate_probability", queue.duplicate_probability, probability);
  section.read("short_poll_sampling", queue.short_poll_sampling, sampling);
  if (const toml::node* node = section.take("api_latency")) {
    if (auto d = read_distribution(*node, section.key("api_latency"), Dimension::duration,
                                   section.diagnostics())) {
      queue.api_latency = DurationDistribution(std::move(*d));
    }
  }
  section.read_size("max_message_size", queue.max_message_size, message_sizes);
  read_redrive(section, queue);
  read_fifo(section, queue);
  section.finish();
  return queue;
}

}  // namespace

void read_queues(Section& root, SystemConfig& config) {
  read_named(root, "queues", config.queues, read_queue);
}

}  // namespace edasim::scenario
