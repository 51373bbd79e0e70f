// The settings of monitoring, as a scenario describes them: the CloudWatch
// period and sampling of the metrics, and the alarms that watch them.
//
// Metric names are "<kind>.<component>.<Metric>" (metric_names() lists every
// one a design has), so an alarm can be checked against what exists.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/metrics/metric_store.hpp"

namespace edasim::model {

struct MonitoringConfig {
  // The period of every datapoint and of alarm evaluation.
  Duration period = minutes(1);
  // How often every metric is sampled (a gauge's value, a counter's increase
  // since the previous sample). SQS pushes its metrics once a minute; the
  // period must be a whole number of samples.
  Duration sample_every = minutes(1);
  // SQS stops sending the metrics of a queue that has held no message and
  // seen no call for this long (services.md §1.11).
  Duration queue_inactive_after = hours(6);
};

enum class Comparison { greater, greater_or_equal, less, less_or_equal };
// CloudWatch's TreatMissingData.
enum class MissingData { missing, ignore, breaching, not_breaching };

// "GreaterThanThreshold", ...; "missing", "ignore", "breaching", "notBreaching".
std::string_view comparison_name(Comparison comparison);
std::string_view missing_data_name(MissingData treatment);
const std::vector<std::string>& comparison_names();
const std::vector<std::string>& missing_data_names();

struct AlarmConfig {
  std::string name;
  std::string metric;  // "queue.orders-dlq.ApproximateNumberOfMessagesVisible"
  metrics::Statistic statistic = metrics::Statistic::average;
  double threshold = 0;
  Comparison comparison = Comparison::greater;
  // M of N: ALARM when datapoints_to_alarm of the last evaluation_periods
  // datapoints breach.
  std::int32_t evaluation_periods = 1;
  std::int32_t datapoints_to_alarm = 1;
  MissingData treat_missing_data = MissingData::missing;
};

// Whether `value` breaches `threshold` under `comparison`.
bool breaches(Comparison comparison, double value, double threshold);

}  // namespace edasim::model
