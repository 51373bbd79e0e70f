#include "sim/metrics/metric_store.hpp"

#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "sim/metrics/time_series.hpp"

namespace edasim::metrics {

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

// An unnamed temporary file of datapoints, indexed by position.
class MetricStore::SpillFile {
 public:
  SpillFile() : file_(std::tmpfile()) {
    if (file_ == nullptr) fail("creating");
  }
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  ~SpillFile() { std::fclose(file_); }

  void write(std::size_t index, const Datapoint* data, std::size_t count) {
    transfer(index, const_cast<Datapoint*>(data), count, true);
  }
  void read(std::size_t index, Datapoint* data, std::size_t count) const {
    const_cast<SpillFile*>(this)->transfer(index, data, count, false);
  }
  // A file of its own holding the first `count` datapoints of this one.
  std::shared_ptr<SpillFile> copy(std::size_t count) const {
    auto out = std::make_shared<SpillFile>();
    std::vector<Datapoint> chunk(std::min<std::size_t>(count, 4096));
    for (std::size_t at = 0; at < count; at += chunk.size()) {
      const std::size_t n = std::min(chunk.size(), count - at);
      read(at, chunk.data(), n);
      out->write(at, chunk.data(), n);
    }
    return out;
  }

 private:
  [[noreturn]] static void fail(const char* what) {
    throw std::runtime_error(std::string("metric store: ") + what +
                             " its temporary file failed: " + std::strerror(errno));
  }
  void transfer(std::size_t index, Datapoint* data, std::size_t count, bool writing) {
    char* bytes = reinterpret_cast<char*>(data);
    std::size_t left = count * sizeof(Datapoint);
    auto offset = static_cast<off_t>(index * sizeof(Datapoint));
    while (left > 0) {
      const ssize_t n = writing ? ::pwrite(fileno(file_), bytes, left, offset)
                                : ::pread(fileno(file_), bytes, left, offset);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (n == 0) errno = EIO;
        fail(writing ? "writing" : "reading");
      }
      bytes += n;
      offset += n;
      left -= static_cast<std::size_t>(n);
    }
  }

  std::FILE* file_;
};

MetricStore::MetricStore(Duration period, std::size_t memory_limit)
    : period_(period), memory_limit_(memory_limit) {
  if (period <= Duration::zero()) {
    throw std::invalid_argument("a metric store needs a positive period");
  }
}

std::size_t MetricStore::add_metric(std::string name) {
  if (!ends_.empty()) {
    throw std::logic_error("metric '" + name + "' added after the first period closed");
  }
  if (name.empty()) throw std::invalid_argument("a metric needs a name");
  if (!index_.try_emplace(name, names_.size()).second) {
    throw std::invalid_argument("metric '" + name + "' added twice");
  }
  names_.push_back(std::move(name));
  open_.emplace_back();
  return names_.size() - 1;
}

void MetricStore::reserve_periods(std::size_t periods) {
  ends_.reserve(periods);
  const std::size_t in_memory = memory_limit_ / sizeof(Datapoint) + names_.size();
  closed_.reserve(std::min(periods * names_.size(), in_memory));
}

Datapoint MetricStore::at(std::size_t period, std::size_t metric) const {
  if (period >= spilled_periods_) {
    return closed_[(period - spilled_periods_) * names_.size() + metric];
  }
  Datapoint d;
  spill_->read(period * names_.size() + metric, &d, 1);
  return d;
}

// Moves every closed period but the newest (which alarms read next) to the
// file, once those in memory pass the limit.
void MetricStore::spill() {
  const std::size_t width = names_.size();
  if (closed_.size() * sizeof(Datapoint) <= memory_limit_ || closed_.size() <= width) return;
  if (!spill_) {
    spill_ = std::make_shared<SpillFile>();
  } else if (spill_.use_count() > 1) {
    spill_ = spill_->copy(spilled_periods_ * width);  // a copy shares it: write to our own
  }
  const std::size_t moving = closed_.size() - width;
  spill_->write(spilled_periods_ * width, closed_.data(), moving);
  closed_.erase(closed_.begin(), closed_.begin() + static_cast<std::ptrdiff_t>(moving));
  spilled_periods_ += moving / width;
}

void MetricStore::close_period(Time end) {
  if (!ends_.empty() && end <= ends_.back()) {
    throw std::invalid_argument("metric period ending at " + format_seconds(end) +
                                "s is not after the previous one");
  }
  ends_.push_back(end);
  closed_.insert(closed_.end(), open_.begin(), open_.end());
  std::fill(open_.begin(), open_.end(), Datapoint{});
  spill();
}

std::optional<std::size_t> MetricStore::find(std::string_view name) const {
  const auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
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
  std::vector<Datapoint> row(names_.size());
  for (std::size_t p = 0; p < ends_.size(); ++p) {
    const std::string time = format_seconds(ends_[p]);
    if (p < spilled_periods_) {
      spill_->read(p * names_.size(), row.data(), row.size());
    } else {
      std::copy_n(
          closed_.begin() + static_cast<std::ptrdiff_t>((p - spilled_periods_) * row.size()),
          row.size(), row.begin());
    }
    for (std::size_t m = 0; m < names_.size(); ++m) {
      const Datapoint& d = row[m];
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

}  // namespace edasim::metrics
