// What one CloudWatch-style alarm did over a run: every change of its state
// (sim/model/monitoring).
#pragma once

#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/monitoring/monitor_config.hpp"

namespace edasim::model {

enum class AlarmState { insufficient_data, ok, alarm };
// "INSUFFICIENT_DATA", "OK", "ALARM".
std::string_view alarm_state_name(AlarmState state);

struct AlarmTransition {
  Duration at;  // the end of the period whose evaluation changed the state
  AlarmState from = AlarmState::insufficient_data;
  AlarmState to = AlarmState::insufficient_data;
  double value = 0;  // the newest datapoint's statistic (NaN when missing)
};

// One alarm: its definition and every change of state. Alarms start in
// INSUFFICIENT_DATA, as CloudWatch's do.
struct AlarmResult {
  AlarmConfig config;
  std::vector<AlarmTransition> transitions;
  AlarmState final_state = AlarmState::insufficient_data;
};

}  // namespace edasim::model
