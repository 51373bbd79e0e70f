// MetricStore: CloudWatch-style metrics, one datapoint per metric per period.
//
// A metric receives samples while a period is open; closing the period turns
// them into a datapoint with CloudWatch's statistics (SampleCount, Sum,
// Minimum, Maximum, Average = Sum / SampleCount). A metric that received no
// sample in a period has a missing datapoint, as a metric CloudWatch was not
// sent is missing, and alarms treat that as their treat_missing_data says.
//
// Memory stays bounded however long the run: closed periods are kept in
// memory up to `memory_limit` bytes of datapoints; past that, every closed
// period but the newest moves to an unnamed temporary file (std::tmpfile, in
// $TMPDIR or /tmp, gone when the process ends) and is read back from there.
// Copies share that file until one of them closes a period and has to move
// more into it; that one then takes a copy of the file first.
//
// Promises:
// - Recording a sample never allocates; closing a period allocates only when
//   the store outgrows what reserve_periods() set aside.
// - Every accessor gives the same answers whether or not periods moved to
//   the file; write_csv() output depends only on the data (no locale).
// - A temporary file that cannot be made, written or read throws
//   std::runtime_error saying so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"

namespace edasim::metrics {

enum class Statistic { sample_count, sum, minimum, maximum, average };

// "SampleCount", "Sum", "Minimum", "Maximum", "Average".
std::string_view statistic_name(Statistic statistic);
std::optional<Statistic> parse_statistic(std::string_view name);
const std::vector<std::string>& statistic_names();

struct Datapoint {
  std::uint32_t sample_count = 0;
  double sum = 0;
  double minimum = 0;
  double maximum = 0;

  bool missing() const { return sample_count == 0; }
  void add(double value);
  // The statistic's value; meaningless (NaN) for a missing datapoint.
  double value(Statistic statistic) const;
};

class MetricStore {
 public:
  static constexpr std::size_t kDefaultMemoryLimit = std::size_t{1} << 20;
  explicit MetricStore(Duration period = minutes(1),
                       std::size_t memory_limit = kDefaultMemoryLimit);

  Duration period() const { return period_; }

  // Returns the new metric's index. Names must be unique and non-empty, and
  // every metric must exist before the first period closes.
  std::size_t add_metric(std::string name);
  void reserve_periods(std::size_t periods);

  // A sample of `metric` in the open period.
  void record(std::size_t metric, double value) { open_[metric].add(value); }
  // Ends the open period at `end`, which must be later than the previous end.
  void close_period(Time end);

  std::size_t metric_count() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  std::optional<std::size_t> find(std::string_view name) const;
  std::size_t period_count() const { return ends_.size(); }
  const std::vector<Time>& period_ends() const { return ends_; }
  Datapoint at(std::size_t period, std::size_t metric) const;
  // How many of the closed periods live in the temporary file.
  std::size_t spilled_periods() const { return spilled_periods_; }
  // One statistic of one metric, a value per period, NaN where missing.
  std::vector<double> values(std::size_t metric, Statistic statistic) const;
  // Sum of one metric over every closed period (0 where missing).
  double total(std::size_t metric) const;

  // Header "period_end_s,metric,SampleCount,Sum,Minimum,Maximum,Average",
  // then one line per (period, metric), periods in order and metrics in the
  // order they were added; a missing datapoint has SampleCount 0 and empty
  // statistics.
  void write_csv(std::ostream& out) const;

 private:
  void spill();

  class SpillFile;
  Duration period_;
  std::size_t memory_limit_;
  std::vector<std::string> names_;
  // Name -> index, so that adding and finding a metric stay logarithmic in a
  // system of thousands of components.
  std::map<std::string, std::size_t, std::less<>> index_;
  std::vector<Datapoint> open_;
  std::vector<Time> ends_;
  // Periods [0, spilled_periods_) are in spill_, period-major; the rest are
  // in closed_, period-major.
  std::shared_ptr<SpillFile> spill_;
  std::size_t spilled_periods_ = 0;
  std::vector<Datapoint> closed_;
};

}  // namespace edasim::metrics
