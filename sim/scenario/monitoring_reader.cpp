#include <algorithm>

#include "sim/core/units.hpp"
#include "sim/model/monitoring/monitor.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

namespace {

// CloudWatch: an alarm name is 1 to 255 characters.
constexpr std::size_t max_alarm_name = 255;

std::string one_of(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += i == 0 ? "" : (i + 1 == names.size() ? " or " : ", ");
    out += "\"" + names[i] + "\"";
  }
  return out;
}

// Reads `name` as one of `names`; returns its index.
std::optional<std::size_t> read_choice(Section& section, std::string_view name,
                                       const std::vector<std::string>& names) {
  std::string text;
  if (!section.read(name, text)) return std::nullopt;
  const auto found = std::find(names.begin(), names.end(), text);
  if (found != names.end()) return static_cast<std::size_t>(found - names.begin());
  std::string message = "expected " + one_of(names) + ", got \"" + text + "\"";
  if (const auto guess = closest(text, names)) message += "; did you mean \"" + *guess + "\"?";
  section.report(name, std::move(message));
  return std::nullopt;
}

std::vector<std::string_view> views(const std::vector<std::string>& names) {
  return {names.begin(), names.end()};
}

const Keys& settings_keys() {
  static const Keys keys{
      "how metrics are sampled and alarms evaluated",
      {
          duration("period", repeating_period,
                   "the period of every datapoint and of alarm evaluation"),
          duration("sample_every", repeating_period, "how often every metric is sampled"),
          duration("queue_inactive_after", positive_duration,
                   "an idle queue sends no metrics after this long"),
      }};
  return keys;
}

const Keys& alarm_keys() {
  static const Keys keys{
      "a CloudWatch-style alarm on a metric of the design",
      {
          text("name", "1..255 characters, unique").require(),
          text("metric",
               "queue.<queue>.<SQS metric>, consumer.<consumer>.Processed or Errors, "
               "bus.<bus>.<EventBridge metric> or run.<figure>")
              .require(),
          text("statistic", "the statistic over each period", views(metrics::statistic_names()))
              .require(),
          number("threshold", any_number, "the threshold").require(),
          text("comparison", "how the statistic compares with the threshold",
               views(model::comparison_names()))
              .require(),
          integer("evaluation_periods", positive_small_count, "N: the periods evaluated"),
          integer("datapoints_to_alarm", positive_small_count,
                  "M: breaching datapoints of the N that alarm"),
          text("treat_missing_data", "how a period without data counts",
               views(model::missing_data_names())),
      }};
  return keys;
}

void read_settings(Section& root, model::MonitoringConfig& monitoring) {
  auto section = root.section("monitoring");
  if (!section) return;
  section->read("period", monitoring.period, repeating_period);
  section->read("sample_every", monitoring.sample_every, repeating_period);
  section->read("queue_inactive_after", monitoring.queue_inactive_after, positive_duration);
  if (monitoring.period.ns % monitoring.sample_every.ns != 0) {
    section->report("period", "the period must be a whole number of samples (sample_every = " +
                                  core::format_duration(monitoring.sample_every) + ")");
  }
  section->finish();
}

model::AlarmConfig read_alarm(Section& section, const std::vector<std::string>& metrics) {
  model::AlarmConfig alarm;
  section.require("name");
  if (section.read("name", alarm.name) &&
      (alarm.name.empty() || alarm.name.size() > max_alarm_name)) {
    section.report("name", "an alarm name is 1 to 255 characters");
  }
  section.require("metric");
  if (section.read("metric", alarm.metric) &&
      std::find(metrics.begin(), metrics.end(), alarm.metric) == metrics.end()) {
    std::string message = "no metric \"" + alarm.metric + "\"";
    if (const auto guess = closest(alarm.metric, metrics)) {
      message += "; did you mean \"" + *guess + "\"?";
    } else {
      message +=
          "; metrics are named queue.<queue>.<SQS metric>, consumer.<consumer>.Processed or "
          "Errors, bus.<bus>.<EventBridge metric> or run.<figure> (see "
          "docs/scenario/monitoring.md)";
    }
    section.report("metric", std::move(message));
  }
  section.require("statistic");
  if (const auto s = read_choice(section, "statistic", metrics::statistic_names())) {
    alarm.statistic = *metrics::parse_statistic(metrics::statistic_names()[*s]);
  }
  section.require("threshold");
  section.read("threshold", alarm.threshold, any_number);
  section.require("comparison");
  if (const auto c = read_choice(section, "comparison", model::comparison_names())) {
    alarm.comparison = static_cast<model::Comparison>(*c);
  }
  section.read("evaluation_periods", alarm.evaluation_periods, positive_small_count);
  alarm.datapoints_to_alarm = alarm.evaluation_periods;
  if (section.read("datapoints_to_alarm", alarm.datapoints_to_alarm, positive_small_count) &&
      alarm.datapoints_to_alarm > alarm.evaluation_periods) {
    section.report("datapoints_to_alarm", "datapoints_to_alarm (" +
                                              std::to_string(alarm.datapoints_to_alarm) +
                                              ") must not exceed evaluation_periods (" +
                                              std::to_string(alarm.evaluation_periods) + ")");
  }
  if (const auto m = read_choice(section, "treat_missing_data", model::missing_data_names())) {
    alarm.treat_missing_data = static_cast<model::MissingData>(*m);
  }
  section.finish();
  return alarm;
}

void read_alarms(Section& root, model::SystemConfig& config) {
  const toml::array* alarms = root.array("alarms");
  if (alarms == nullptr) return;
  Diagnostics& diagnostics = root.diagnostics();
  const std::vector<std::string> metrics = model::metric_names(config);
  for (std::size_t i = 0; i < alarms->size(); ++i) {
    const std::string key = element_path(root.key("alarms"), i);
    auto section = section_of((*alarms)[i], key, diagnostics, root.keys_of("alarms"));
    if (!section) continue;
    model::AlarmConfig alarm = read_alarm(*section, metrics);
    for (const model::AlarmConfig& before : config.alarms) {
      if (!alarm.name.empty() && before.name == alarm.name) {
        section->report("name", "another alarm is already named \"" + alarm.name + "\"");
      }
    }
    config.alarms.push_back(std::move(alarm));
  }
}

// A redrive that waits on an alarm must name one that exists.
void check_redrive_alarms(const model::SystemConfig& config, Diagnostics& diagnostics) {
  std::vector<std::string> names;
  for (const model::AlarmConfig& a : config.alarms) names.push_back(a.name);
  for (const model::QueueConfig& q : config.queues) {
    if (!q.redrive || q.redrive->when_alarm_clears.empty()) continue;
    const std::string& wanted = q.redrive->when_alarm_clears;
    if (std::find(names.begin(), names.end(), wanted) != names.end()) continue;
    std::string message = "no alarm named \"" + wanted + "\"";
    if (const auto guess = closest(wanted, names)) {
      message += "; did you mean \"" + *guess + "\"?";
    } else if (names.empty()) {
      message += "; declare it in [[alarms]]";
    }
    diagnostics.report(
        child_path(child_path(child_path("queues", q.name), "redrive"), "when_alarm_clears"),
        std::move(message));
  }
}

}  // namespace

std::vector<Key> monitoring_keys() {
  return {table("monitoring", settings_keys(), "how metrics are sampled and alarms evaluated"),
          tables("alarms", alarm_keys(), "alarms on the design's metrics")};
}

void read_monitoring(Section& root, model::SystemConfig& config) {
  read_settings(root, config.monitoring);
  read_alarms(root, config);
  check_redrive_alarms(config, root.diagnostics());
}

}  // namespace edasim::scenario
