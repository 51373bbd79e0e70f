#include "sim/metrics/metric_store.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/metrics/time_series.hpp"

namespace edasim {

namespace {

constexpr std::array<Statistic, 5> kStatistics = {Statistic::sample_count, Statistic::sum,
                                                  Statistic::minimum, Statistic::maximum,
                                                  Statistic::average};

}  // namespace

std::string_view statistic_name(Statistic statistic) {
  switch (statistic) {
    case Statistic::sample_count:
      return "SampleCount";
    case Statistic::sum:
      return "Sum";
    case Statistic::minimum:
      return "Minimum";
    case Statistic::maximum:
      return "Maximum";
    case Statistic::average:
      return "Average";
  }
  return "Average";
}

std::optional<Statistic> parse_statistic(std::string_view name) {
  for (const Statistic s : kStatistics) {
    if (statistic_name(s) == name) return s;
  }
  return std::nullopt;
}

const std::vector<std::string>& statistic_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Statistic s : kStatistics) out.emplace_back(statistic_name(s));
    return out;
  }();
  return names;
}

void Datapoint::add(double value) {
  if (sample_count == 0) {
    minimum = maximum = value;
  } else {
    minimum = std::min(minimum, value);
    maximum = std::max(maximum, value);
  }
  sum += value;
  ++sample_count;
}

double Datapoint::value(Statistic statistic) const {
  if (missing()) return std::numeric_limits<double>::quiet_NaN();
  switch (statistic) {
    case Statistic::sample_count:
      return sample_count;
    case Statistic::sum:
      return sum;
    case Statistic::minimum:
      return minimum;
    case Statistic::maximum:
      return maximum;
    case Statistic::average:
      return sum / sample_count;
  }
  return sum / sample_count;
}

MetricStore::MetricStore(Duration period) : period_(period) {
  if (period <= Duration::zero()) {
    throw std::invalid_argument("a metric store needs a positive period");
  }
}

std::size_t MetricStore::add_metric(std::string name) {
  if (!ends_.empty()) {
    throw std::logic_error("metric '" + name + "' added after the first period closed");
  }
  if (name.empty()) throw std::invalid_argument("a metric needs a name");
  if (find(name)) throw std::invalid_argument("metric '" + name + "' added twice");
  names_.push_back(std::move(name));
  open_.emplace_back();
  return names_.size() - 1;
}

void MetricStore::reserve_periods(std::size_t periods) {
  ends_.reserve(periods);
  closed_.reserve(periods * names_.size());
}

void MetricStore::close_period(Time end) {
  if (!ends_.empty() && end <= ends_.back()) {
    throw std::invalid_argument("metric period ending at " + format_seconds(end) +
                                "s is not after the previous one");
  }
  ends_.push_back(end);
  closed_.insert(closed_.end(), open_.begin(), open_.end());
  std::fill(open_.begin(), open_.end(), Datapoint{});
}

std::optional<std::size_t> MetricStore::find(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  return std::nullopt;
}

std::vector<double> MetricStore::values(std::size_t metric, Statistic statistic) const {
  std::vector<double> out;
  out.reserve(ends_.size());
  for (std::size_t p = 0; p < ends_.size(); ++p) out.push_back(at(p, metric).value(statistic));
  return out;
}

double MetricStore::total(std::size_t metric) const {
  double sum = 0;
  for (std::size_t p = 0; p < ends_.size(); ++p) sum += at(p, metric).sum;
  return sum;
}

void MetricStore::write_csv(std::ostream& out) const {
  out << "period_end_s,metric";
  for (const Statistic s : kStatistics) out << ',' << statistic_name(s);
  out << '\n';
  for (std::size_t p = 0; p < ends_.size(); ++p) {
    const std::string time = format_seconds(ends_[p]);
    for (std::size_t m = 0; m < names_.size(); ++m) {
      const Datapoint& d = at(p, m);
      out << time << ',' << names_[m];
      out << ',' << d.sample_count;
      for (const Statistic s : kStatistics) {
        if (s == Statistic::sample_count) continue;
        out << ',';
        if (!d.missing()) out << format_sample(d.value(s));
      }
      out << '\n';
    }
  }
}

}  // namespace edasim
