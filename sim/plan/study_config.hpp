// A study: several designs of one system fed the same workload, each run as
// independent replications, compared against a baseline.
//
// Every design is a complete SystemConfig. Designs share their producers by
// name, and every component draws from streams named after it, so replication
// r of every design sees exactly the same events at the same times (common
// random numbers); differences between designs are then differences of the
// designs, not of the dice.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/system_config.hpp"
#include "sim/plan/plan_config.hpp"

namespace edasim::plan {

// One value a [study.sweep] set on a design: its key path as the file wrote
// it, the value as a --set would spell it, and its number when it is one (a
// numeric sweep is charted and tabulated against it).
struct SweptValue {
  std::string path;
  std::string text;
  std::optional<double> number;
};

struct DesignConfig {
  std::string name;
  std::string description;
  model::SystemConfig system;
  // Where the design was written ("file:line:column" of its name in a
  // [[designs]] entry, or its file) and where each of its producers was
  // ("file:line:column" of the producer's table, by name), for problems
  // found only by running it, such as a workload that differs from the
  // baseline's. Empty where no file position describes it (a --set).
  std::string origin;
  std::map<std::string, std::string> producer_origins;
  // A design a sweep generated: the value of each swept path, in the order
  // [study.sweep] lists the paths. Empty for any other design.
  std::vector<SweptValue> swept;
  // A design a sweep generated from one of the study's [[designs]]: that
  // design's name ("bus" of "bus,instances=8"). Empty for any other design,
  // and for a sweep of a study without [[designs]].
  std::string swept_from;
};

// A service-level objective: a measure (by its name in the reports, such as
// "latency.end_to_end.p99") must stay at most (or at least) `bound`, in the
// measure's own unit (seconds for latencies, USD for cost).
struct Slo {
  std::string name;
  std::string measure;
  double bound = 0;
  bool at_most = true;
  std::string origin;  // "file:line:column: key" of the measure, for errors
};

// Sequential stopping: after the first `replications`, add `step` more at a
// time until the half width of `measure`'s interval, in every design, is at
// most `relative_half_width` of its mean, or `max_replications` is reached.
struct StoppingRule {
  std::string measure;
  double relative_half_width = 0.05;
  std::int32_t step = 5;
  std::int32_t max_replications = 100;
  std::string origin;  // "file:line:column: key" of the measure, for errors
};

struct StudyConfig {
  // False for a plain scenario read as a study of one design: `edasim run`
  // then runs it as a single run.
  bool declared = false;
  std::string name;
  std::string question;
  std::vector<DesignConfig> designs;  // the baseline first
  std::int32_t replications = 1;
  double confidence = 0.95;
  // Measurements start after the warm-up; automatic_warmup finds it with
  // MSER-5 on pilot runs.
  Duration warmup = Duration::zero();
  bool automatic_warmup = false;
  std::optional<StoppingRule> stopping;
  std::vector<Slo> slos;
  // Designs normally share the base's workload (the same events at the same
  // times: common random numbers), and `edasim compare` refuses designs
  // whose producers' event streams differ. `workload = "varies"` in [study]
  // allows it, for studies that change the load on purpose.
  bool workload_varies = false;
  // The scenario's [plan], for `edasim plan`; its SLOs are `slos`.
  std::optional<PlanConfig> plan;
};

// The seed of replication r of a study whose scenario seed is `seed`:
// replication 0 keeps the scenario's own seed, so a one-replication study
// reproduces `edasim run`.
std::uint64_t replication_seed(std::uint64_t seed, std::int32_t replication);

}  // namespace edasim::plan
