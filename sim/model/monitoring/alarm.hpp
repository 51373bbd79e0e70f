// A CloudWatch metric alarm: the state one alarm reaches as the datapoints
// of its metric arrive, one per period.
//
// What it promises, after CloudWatch's evaluation of "M out of N" alarms:
// - It starts in INSUFFICIENT_DATA and is evaluated at the end of every
//   period over the newest evaluation_periods datapoints (fewer at the start
//   of the run: the window never reaches before it).
// - A missing datapoint counts as breaching or not breaching with
//   treat_missing_data = breaching / notBreaching; with missing or ignore it
//   does not count at all.
// - ALARM when at least datapoints_to_alarm of the counted datapoints breach,
//   OK otherwise. When no datapoint in the window counts, `missing` goes to
//   INSUFFICIENT_DATA and `ignore` keeps the current state.
// - Evaluating never allocates.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/metrics/metric_store.hpp"
#include "sim/model/monitoring/monitor_config.hpp"
#include "sim/model/run_result.hpp"

namespace edasim::model {

class AlarmEvaluator {
 public:
  explicit AlarmEvaluator(const AlarmConfig& config);

  // Takes the datapoint of the period just closed and returns the new state.
  AlarmState evaluate(const metrics::Datapoint& newest);
  AlarmState state() const { return state_; }

 private:
  enum class Verdict : std::int8_t { uncounted, within, breaching };

  AlarmConfig config_;
  std::vector<Verdict> window_;  // a ring of the newest evaluation_periods verdicts
  std::size_t next_ = 0;
  std::size_t filled_ = 0;
  AlarmState state_ = AlarmState::insufficient_data;
};

}  // namespace edasim::model
