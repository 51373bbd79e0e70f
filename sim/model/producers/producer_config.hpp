// The settings of one producer: when it emits events, what they look like,
// and where it sends them (a bus, a queue, a topic, ...: any receiving kind).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"
#include "sim/model/producers/event_archive.hpp"

namespace edasim::model {

// The rate over the run: a base rate times a factor that changes at given
// times, either as a step (ramp == 0) or linearly over `ramp`.
// A flash sale at x20 for 15 minutes with 2-minute ramps is
//   {at=30m, ramp=2m, factor=20}, {at=45m, ramp=2m, factor=1}.
struct RateChange {
  Duration at;
  Duration ramp = Duration::zero();
  double factor = 1.0;
};

// Traffic recorded from a real system (a CSV of counts per period): the
// scenario reads it into the rate and profile, one step per period, so that
// every reader of the rate (arrivals, `edasim check`, the planner's warm
// start) sees it; `counts` keeps the whole events of each period for the
// exact process.
struct RecordedTraffic {
  std::string file;  // as the scenario names it
  Duration period;
  std::size_t periods = 0;
  double mean_rate = 0;              // events per second over the recorded periods
  std::vector<std::int64_t> counts;  // Process::exact only: events per period
};

struct ArrivalConfig {
  // poisson: a Poisson process at the profile's rate; constant: evenly
  // spaced at it; exact: recorded traffic only, each period's recorded count
  // of events at independent uniform times within the period; archive: each
  // archived event at its recorded time (the rate and profile then only
  // describe the archive, for `edasim check` and the planner).
  enum class Process { poisson, constant, exact, archive };
  Process process = Process::poisson;
  Rate rate{1.0};
  std::vector<RateChange> profile;  // sorted by `at`, non-overlapping
  std::optional<RecordedTraffic> recorded;
};

// How one leaf of a generated event gets its value.
struct FieldGenerator {
  enum class Kind {
    choice,    // one of `values` with `weights`
    number,    // a draw from `number`, rounded to `decimals`
    id,        // `prefix` + uniform integer in [0, cardinality)
    boolean,   // true with `probability`
    sequence,  // `prefix` + running event number: unique ids
  };
  // Path from the event root: {"detail", "shipping", "country"}.
  std::vector<std::string> path;
  Kind kind = Kind::choice;
  std::vector<std::string> values;
  std::vector<double> weights;
  core::Distribution number = core::Distribution::constant(0);
  std::int32_t decimals = 2;
  std::string prefix;
  std::uint64_t cardinality = 1;
  double probability = 0.5;
};

// An array of objects inside the event (order items): `count` elements, each
// with the given fields (paths relative to the element).
struct ArrayGenerator {
  std::vector<std::string> path;                               // {"detail", "items"}
  core::Distribution count = core::Distribution::constant(1);  // rounded, at least 0
  std::vector<FieldGenerator> fields;
};

// One kind of event a producer emits ("OrderPlaced"), chosen with `weight`.
struct EventTemplate {
  std::string name;
  double weight = 1.0;
  std::vector<FieldGenerator> fields;
  std::vector<ArrayGenerator> arrays;
  // Payload size in bytes (the entry size EventBridge and SQS bill on).
  core::Distribution size_bytes = core::Distribution::constant(1024);
};

struct ProducerConfig {
  std::string name;
  // Where events go: the scenario table of a receiving kind
  // (a receiving kind of sim/model/kinds.def: "buses" for PutEvents to a bus,
  // "queues" for SendMessage[Batch], "topics", "streams", "chains",
  // "pollers" for their sources) and the component's name.
  std::string target_table = "buses";
  std::string target;
  // When the kind takes a list (queues, sources), every event goes to each
  // of these; empty means just `target`. `target` is the first of them.
  std::vector<std::string> targets;
  // For a stream: the dotted path of the field whose value is the partition
  // key ("detail.orderId"); empty, or absent from an event, hashes the
  // event's number instead.
  std::string key;
  ArrivalConfig arrival;
  std::vector<EventTemplate> templates;
  // An EventBridge archive replayed instead of the templates and the arrival
  // process (Process::archive): shared, as every design and replication
  // replays the same events and a copy per run would cost its size again.
  std::shared_ptr<const EventArchive> archive;
  // Entries per call (PutEvents and SendMessageBatch take at most 10,
  // PutRecords 500) and how
  // long a partly filled batch may wait before it is sent.
  std::int32_t batch_size = 1;
  Duration batch_window = Duration::zero();
  // Stop producing at this time (default: the end of the run).
  Duration stop_after = Duration::max();
  // FIFO targets: the event fields (dotted paths such as "detail.customerId")
  // whose values are the MessageGroupId and the MessageDeduplicationId.
  // Without a deduplication field, deduplication is content-based. An event
  // without the field has the empty value.
  std::string message_group_field;
  std::string deduplication_field;
  // A send the producer makes again although it succeeded (a lost response
  // and a retry): each event is sent again, alone, `duplicate_send_delay`
  // after its batch, with this probability. FIFO deduplication drops it
  // within the window; a standard queue delivers it twice.
  double duplicate_send_probability = 0.0;
  Duration duplicate_send_delay = Duration::zero();
  // Topics: SNS message attributes, each the value of an event field (name,
  // dotted field path); attribute filter policies see these.
  std::vector<std::pair<std::string, std::string>> message_attributes;
  // The claim-check pattern (services.md §7): a payload larger than
  // `threshold` is stored in object storage (one s3.PutObject) and only a
  // reference of `reference_size` bytes travels; every consumer processing
  // attempt fetches it (one s3.GetObject).
  struct ClaimCheck {
    std::int64_t threshold = 0;
    std::int64_t reference_size = 1024;
  };
  std::optional<ClaimCheck> claim_check;
};

}  // namespace edasim::model
