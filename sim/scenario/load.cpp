#include "sim/scenario/load.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <sstream>
#include <utility>

#include <toml++/toml.h>

#include "sim/core/units.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/error.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/override_tree.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/section.hpp"
#include "sim/scenario/text_file.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// The comment lines a scenario opens with, joined: the question it answers,
// when [scenario] does not state it.
std::string opening_comment(std::string_view text) {
  std::string comment;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] != '#') break;
    auto body = line.substr(start + 1);
    const auto first = body.find_first_not_of(" \t");
    const auto last = body.find_last_not_of(" \t\r");
    if (first == std::string::npos) continue;
    if (!comment.empty()) comment += ' ';
    comment += body.substr(first, last - first + 1);
  }
  return comment;
}

const Keys& price_keys() {
  static const Keys keys{
      "list prices in dollars, each replacing a default",
      {
          number("sqs_per_million", price, "dollars per million SQS requests on standard queues"),
          number("sqs_fifo_per_million", price, "dollars per million SQS requests on FIFO queues"),
          number("eventbridge_per_million", price, "dollars per million events put on a bus"),
          number("lambda_requests_per_million", price, "dollars per million Lambda invocations"),
          number("lambda_gb_second", price, "dollars per GB-second of billed Lambda duration"),
          number("kinesis_shard_hour", price, "dollars per provisioned Kinesis shard-hour"),
          number("kinesis_put_units_per_million", price,
                 "dollars per million 25 KB Kinesis PUT payload units"),
          number("kinesis_fan_out_consumer_shard_hour", price,
                 "dollars per enhanced fan-out consumer-shard-hour"),
          number("kafka_broker_hour", price, "dollars per Kafka broker-hour"),
          number("sns_publish_per_million", price,
                 "dollars per million SNS publish billing units (64 KB chunks)"),
          number("sns_http_delivery_per_million", price,
                 "dollars per million SNS deliveries to HTTP/S endpoints"),
          number("s3_put_per_million", price, "dollars per million S3 PUTs (claim checks)"),
          number("s3_get_per_million", price, "dollars per million S3 GETs (claim checks)"),
          number("dynamodb_write_units_per_million", price,
                 "dollars per million DynamoDB on-demand write request units"),
      }};
  return keys;
}

// Token buckets and their refill rates, per second.
constexpr Range<double> quota_sizes{0.001, 1'000'000};

const Keys& step_functions_quota_keys() {
  static const Keys keys{
      "the account's Step Functions token buckets (big-3 Region defaults), each shared by every "
      "state machine of its type",
      {
          number("standard_start_bucket", quota_sizes,
                 "tokens of Standard's StartExecution bucket"),
          number("standard_start_rate", quota_sizes, "tokens a second refilled into it"),
          number("express_start_bucket", quota_sizes, "tokens of Express's StartExecution bucket"),
          number("express_start_rate", quota_sizes, "tokens a second refilled into it"),
          number("standard_transition_bucket", quota_sizes,
                 "tokens of Standard's StateTransition bucket"),
          number("standard_transition_rate", quota_sizes, "tokens a second refilled into it"),
      }};
  return keys;
}

const Keys& quota_keys() {
  static const Keys keys{"the account's quotas, shared by its components",
                         {
                             table("step_functions", step_functions_quota_keys(),
                                   "the account's Step Functions buckets"),
                         }};
  return keys;
}

}  // namespace

const Keys& run_keys() {
  static const Keys keys{
      "the run: its name, question, length, seed and prices",
      {
          text("name", "names the reports folder (reports/NAME); default: the file's name"),
          text("question", "what the scenario answers; default: the file's opening comments"),
          duration("duration", {Duration::zero(), max_run_duration, true},
                   "simulated time the run lasts"),
          integer("seed", any_count, "the seed of every random stream"),
          duration("series_period", positive_duration, "the step of the reports' time series"),
          table("prices", price_keys(), "list prices, each replacing a default"),
          table("quotas", quota_keys(), "the account's quotas, each replacing a default"),
      }};
  return keys;
}

namespace {

void read_run(Section& root, model::SystemConfig& config) {
  auto section = root.section("scenario");
  if (!section) return;
  // The name becomes the reports folder (reports/NAME): "../x" or "/tmp/x"
  // would write elsewhere.
  if (section->read("name", config.name) && !valid_name(config.name)) {
    section->report("name", "a scenario name is 1 to 80 letters, digits, '-' or '_', got \"" +
                                config.name.substr(0, 80) + "\"");
  }
  section->read("question", config.question);
  section->read("duration", config.duration, {Duration::zero(), max_run_duration, true});
  section->read("seed", config.seed, any_count);
  if (section->read("series_period", config.series_period, positive_duration) ||
      section->has("duration")) {
    // Every series keeps one sample per period: a tiny period would make
    // a run's memory grow without bound.
    const std::int64_t samples =
        config.duration.ns / std::max<std::int64_t>(config.series_period.ns, 1);
    if (samples > max_series_samples) {
      section->report(section->has("series_period") ? "series_period" : "duration",
                      "the run of " + core::format_duration(config.duration) + " would keep " +
                          std::to_string(samples) + " samples per series at a series_period of " +
                          core::format_duration(config.series_period) + "; at most " +
                          std::to_string(max_series_samples) + " are kept, so use a period of " +
                          "at least " +
                          core::format_duration(Duration{config.duration.ns / max_series_samples}));
    }
  }
  if (auto prices = section->section("prices")) {
    prices->read("sqs_per_million", config.prices.sqs_per_million, price);
    prices->read("sqs_fifo_per_million", config.prices.sqs_fifo_per_million, price);
    prices->read("eventbridge_per_million", config.prices.eventbridge_per_million, price);
    prices->read("lambda_requests_per_million", config.prices.lambda_requests_per_million, price);
    prices->read("lambda_gb_second", config.prices.lambda_gb_second, price);
    prices->read("kinesis_shard_hour", config.prices.kinesis_shard_hour, price);
    prices->read("kinesis_put_units_per_million", config.prices.kinesis_put_units_per_million,
                 price);
    prices->read("kinesis_fan_out_consumer_shard_hour",
                 config.prices.kinesis_fan_out_consumer_shard_hour, price);
    prices->read("kafka_broker_hour", config.prices.kafka_broker_hour, price);
    prices->read("sns_publish_per_million", config.prices.sns_publish_per_million, price);
    prices->read("sns_http_delivery_per_million", config.prices.sns_http_delivery_per_million,
                 price);
    prices->read("s3_put_per_million", config.prices.s3_put_per_million, price);
    prices->read("s3_get_per_million", config.prices.s3_get_per_million, price);
    prices->read("dynamodb_write_units_per_million", config.prices.dynamodb_write_units_per_million,
                 price);
    prices->finish();
  }
  if (auto quotas = section->section("quotas")) {
    if (auto sfn = quotas->section("step_functions")) {
      model::StepFunctionsQuotas& q = config.step_functions;
      sfn->read("standard_start_bucket", q.standard_start_bucket, quota_sizes);
      sfn->read("standard_start_rate", q.standard_start_rate, quota_sizes);
      sfn->read("express_start_bucket", q.express_start_bucket, quota_sizes);
      sfn->read("express_start_rate", q.express_start_rate, quota_sizes);
      sfn->read("standard_transition_bucket", q.standard_transition_bucket, quota_sizes);
      sfn->read("standard_transition_rate", q.standard_transition_rate, quota_sizes);
      sfn->finish();
    }
    quotas->finish();
  }
  section->finish();
}

// Settings that load but can never take effect, because the run ends first:
// warned about where they were written, so that a typo in a duration does not
// go unnoticed.
void warn_past_the_end(const model::SystemConfig& config, Diagnostics& diagnostics) {
  const std::string end = core::format_duration(config.duration);
  for (const model::ProducerConfig& p : config.producers) {
    const std::string producer = child_path("producers", p.name);
    if (const auto& archive = p.archive) {
      // Its steps are the archive's seconds; what can go unnoticed is a
      // part of the archive that is never replayed.
      const Duration stop = std::min(config.duration, p.stop_after);
      const auto late = std::count_if(archive->events.begin(), archive->events.end(),
                                      [&](const model::ArchivedEvent& e) { return e.at >= stop; });
      if (late > 0) {
        diagnostics.warn(producer + ".archive.file",
                         std::to_string(late) + " of the archive's " +
                             std::to_string(archive->events.size()) + " events come at or after " +
                             (stop < config.duration ? "stop_after (" + core::format_duration(stop)
                                                     : "the run's end (" + end) +
                             "): they are not replayed");
      }
      continue;
    }
    if (const auto& recorded = p.arrival.recorded) {
      // Its steps are the file's periods, not settings written in the
      // scenario; what can go unnoticed is a recording shorter than the run.
      const Duration length = recorded->period * static_cast<std::int64_t>(recorded->periods);
      if (length < config.duration && p.stop_after > length) {
        diagnostics.warn(producer + ".traffic.file",
                         "the recording ends after " + core::format_duration(length) +
                             ", before the run's end (" + end + "): no events come after it");
      }
      continue;
    }
    for (std::size_t i = 0; i < p.arrival.profile.size(); ++i) {
      if (p.arrival.profile[i].at < config.duration) continue;
      diagnostics.warn(
          child_path(element_path(producer + ".profile", i), "at"),
          "this step comes at or after the run's end (" + end + "), so it never takes effect");
    }
    if (p.stop_after != Duration::max() && p.stop_after >= config.duration) {
      diagnostics.warn(producer + ".stop_after", "the run ends (" + end +
                                                     ") before the producer would stop, so "
                                                     "stop_after never takes effect");
    }
  }
  for (std::size_t i = 0; i < config.faults.size(); ++i) {
    const model::FaultConfig& f = config.faults[i];
    const std::string fault = element_path("faults", i);
    if (f.start >= config.duration) {
      diagnostics.warn(fault + ".start", "the fault starts at or after the run's end (" + end +
                                             "), so it never takes effect");
      continue;
    }
    for (std::size_t j = 0; j < f.at.size(); ++j) {
      if (f.at[j] < config.duration) continue;
      diagnostics.warn(
          element_path(fault + ".at", j),
          "this crash comes at or after the run's end (" + end + "), so it never takes effect");
    }
  }
}

}  // namespace

model::SystemConfig read_system(const toml::table& tree, std::string_view text,
                                std::string_view source_name, Diagnostics& diagnostics) {
  model::SystemConfig config;
  config.name = std::filesystem::path(source_name).stem().string();
  config.question = opening_comment(text);

  Section root(tree, "", diagnostics, &scenario_keys());
  read_run(root, config);
  // Every registered kind reads its own table (sim/model/kinds.def), in
  // build order: a kind's reader may use what the kinds before it read.
#define EDASIM_KIND(table, Config, member, Result, receives) read_##table(root, config);
#include "sim/model/kinds.def"
  read_monitoring(root, config);
  read_cost(root, config);
  root.finish();
  check_apis_and_faults(config, diagnostics);
  check_point_to_point_and_polling(config, diagnostics);
  check_emit_groups(config, diagnostics);
  resolve_items_paths(config, diagnostics);
  check_chains(config, diagnostics);
  warn_past_the_end(config, diagnostics);

  // References are checked on the topology; a key that already has a
  // problem (a missing queue name, say) is not reported a second time.
  const Topology topology(config);
  for (const Finding& finding : check(config, topology)) {
    if (finding.severity != Severity::error || diagnostics.mentions(finding.key)) continue;
    diagnostics.report(finding.key, finding.message);
  }
  return config;
}

namespace {

// The unquoted value with a unit at (line, column) of `text`, such as 1h,
// 250ms or 10/s: TOML stops at the unit, and the fix is to quote the value.
// Returns the value and its 1-based column, or nothing when the text there
// does not look like one.
std::optional<std::pair<std::string_view, std::uint32_t>> unquoted_quantity(std::string_view text,
                                                                            std::uint32_t line,
                                                                            std::uint32_t column) {
  std::size_t at = 0;
  for (std::uint32_t l = 1; l < line; ++l) {
    at = text.find('\n', at);
    if (at == std::string_view::npos) return std::nullopt;
    ++at;
  }
  const std::string_view row = text.substr(at, text.find('\n', at) - at);
  if (column == 0 || column > row.size()) return std::nullopt;
  const auto digit = [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '_'; };
  const auto delimiter = [](char c) {
    return c == ',' || c == '}' || c == ']' || c == '#' || c == ' ' || c == '\t' || c == '\r';
  };
  std::size_t begin = column - 1;
  while (begin > 0 && digit(row[begin - 1])) --begin;
  std::size_t end = column - 1;
  while (end < row.size() && !delimiter(row[end])) ++end;
  const std::string_view value = row.substr(begin, end - begin);
  // A number, then a unit that starts with a letter, '/' or the micro sign.
  std::size_t unit = 0;
  while (unit < value.size() && digit(value[unit])) ++unit;
  if (unit == 0 || unit == value.size() || value[0] == '.' || value[0] == '_') return std::nullopt;
  const char first = value[unit];
  const bool unit_like = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') ||
                         first == '/' || static_cast<unsigned char>(first) >= 0x80;
  if (!unit_like) return std::nullopt;
  return std::pair{value, static_cast<std::uint32_t>(begin + 1)};
}

}  // namespace

toml::table parse_scenario(std::string_view text, std::string_view source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    if (const auto quantity = unquoted_quantity(text, where.line, where.column)) {
      const std::string value(quantity->first);
      throw ScenarioError({{std::string(source_name), where.line, quantity->second, "",
                            "a value with a unit is a string in TOML: write \"" + value +
                                "\" in quotes (the TOML reader stopped at the unit: " +
                                std::string(e.description()) + ")"}});
    }
    throw ScenarioError(
        {{std::string(source_name), where.line, where.column, "", std::string(e.description())}});
  }
}

std::string read_scenario_file(const std::filesystem::path& file) {
  std::string problem;
  std::optional<std::string> text =
      read_text_file(file, max_scenario_bytes, "the scenario file", problem);
  if (!text) throw ScenarioError({{file.string(), 0, 0, "", problem}});
  return std::move(*text);
}

namespace {

// `study_keys_are_errors`: what a study's tables ([study], [[designs]]) are
// to a reader of one system: an error (load_text: the file is several
// designs), or the caller's business (load_variant_text). A [plan] is
// always left to load_study, which reads it: its scenario is one system.
model::SystemConfig load_one(std::string_view text, std::string_view source_name,
                             std::span<const Override> overrides, bool study_keys_are_errors) {
  Diagnostics diagnostics{std::string(source_name)};
  toml::table tree = parse_scenario(text, source_name);
  apply_overrides(tree, overrides, diagnostics);
  for (const char* study_key : {"designs", "study"}) {
    if (const toml::node* node = tree.get(study_key)) {
      if (study_keys_are_errors) {
        diagnostics.report(study_key, node->source(),
                           "this scenario is a study; load it as one (`edasim compare`)");
      }
      tree.erase(study_key);
    }
  }
  tree.erase("plan");
  model::SystemConfig config = read_system(tree, text, source_name, diagnostics);
  if (!diagnostics.empty()) throw ScenarioError(diagnostics.found());
  return config;
}

}  // namespace

model::SystemConfig load_text(std::string_view text, std::string_view source_name,
                              std::span<const Override> overrides) {
  return load_one(text, source_name, overrides, true);
}

model::SystemConfig load_variant_text(std::string_view text, std::string_view source_name,
                                      std::span<const Override> overrides) {
  return load_one(text, source_name, overrides, false);
}

model::SystemConfig load(const std::filesystem::path& file, std::span<const Override> overrides) {
  return load_text(read_scenario_file(file), file.string(), overrides);
}

}  // namespace edasim::scenario
