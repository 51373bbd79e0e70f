#include "sim/model/monitoring/alarm.hpp"

#include <algorithm>
#include <array>

namespace edasim::model {

namespace {

constexpr std::array<Comparison, 4> kComparisons = {
    Comparison::greater, Comparison::greater_or_equal, Comparison::less, Comparison::less_or_equal};
constexpr std::array<MissingData, 4> kTreatments = {
    MissingData::missing, MissingData::ignore, MissingData::breaching, MissingData::not_breaching};

}  // namespace

std::string_view comparison_name(Comparison comparison) {
  switch (comparison) {
    case Comparison::greater:
      return "GreaterThanThreshold";
    case Comparison::greater_or_equal:
      return "GreaterThanOrEqualToThreshold";
    case Comparison::less:
      return "LessThanThreshold";
    case Comparison::less_or_equal:
      return "LessThanOrEqualToThreshold";
  }
  return "GreaterThanThreshold";
}

std::string_view missing_data_name(MissingData treatment) {
  switch (treatment) {
    case MissingData::missing:
      return "missing";
    case MissingData::ignore:
      return "ignore";
    case MissingData::breaching:
      return "breaching";
    case MissingData::not_breaching:
      return "notBreaching";
  }
  return "missing";
}

const std::vector<std::string>& comparison_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Comparison c : kComparisons) out.emplace_back(comparison_name(c));
    return out;
  }();
  return names;
}

const std::vector<std::string>& missing_data_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const MissingData m : kTreatments) out.emplace_back(missing_data_name(m));
    return out;
  }();
  return names;
}

bool breaches(Comparison comparison, double value, double threshold) {
  switch (comparison) {
    case Comparison::greater:
      return value > threshold;
    case Comparison::greater_or_equal:
      return value >= threshold;
    case Comparison::less:
      return value < threshold;
    case Comparison::less_or_equal:
      return value <= threshold;
  }
  return false;
}

std::string_view alarm_state_name(AlarmState state) {
  switch (state) {
    case AlarmState::insufficient_data:
      return "INSUFFICIENT_DATA";
    case AlarmState::ok:
      return "OK";
    case AlarmState::alarm:
      return "ALARM";
  }
  return "INSUFFICIENT_DATA";
}

AlarmEvaluator::AlarmEvaluator(const AlarmConfig& config)
    : config_(config),
      window_(static_cast<std::size_t>(std::max<std::int32_t>(config.evaluation_periods, 1)),
              Verdict::uncounted) {}

AlarmState AlarmEvaluator::evaluate(const metrics::Datapoint& newest) {
  Verdict verdict = Verdict::uncounted;
  if (!newest.missing()) {
    verdict = breaches(config_.comparison, newest.value(config_.statistic), config_.threshold)
                  ? Verdict::breaching
                  : Verdict::within;
  } else if (config_.treat_missing_data == MissingData::breaching) {
    verdict = Verdict::breaching;
  } else if (config_.treat_missing_data == MissingData::not_breaching) {
    verdict = Verdict::within;
  }
  window_[next_] = verdict;
  next_ = (next_ + 1) % window_.size();
  filled_ = std::min(filled_ + 1, window_.size());

  std::int32_t counted = 0;
  std::int32_t breaching = 0;
  for (std::size_t i = 0; i < filled_; ++i) {
    if (window_[i] == Verdict::uncounted) continue;
    ++counted;
    if (window_[i] == Verdict::breaching) ++breaching;
  }
  if (counted == 0) {
    if (config_.treat_missing_data == MissingData::missing) state_ = AlarmState::insufficient_data;
    return state_;
  }
  state_ = breaching >= config_.datapoints_to_alarm ? AlarmState::alarm : AlarmState::ok;
  return state_;
}

}  // namespace edasim::model
