#include "sim/model/support/offered_load.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "sim/core/units.hpp"

namespace edasim::model {

LoadShare& LoadShare::operator+=(const LoadShare& o) {
  events += o.events;
  bytes += o.bytes;
  requests += o.requests;
  deliveries += o.deliveries;
  discarded += o.discarded;
  return *this;
}

LoadShare LoadShare::times(double factor) const {
  return {events * factor, bytes * factor, requests * factor, deliveries * factor,
          discarded * factor};
}

namespace {

double measure_of(const LoadShare& s, LoadMeasure m) {
  switch (m) {
    case LoadMeasure::events:
      return s.events;
    case LoadMeasure::bytes:
      return s.bytes;
    case LoadMeasure::requests:
      return s.requests;
    case LoadMeasure::deliveries:
      return s.deliveries;
  }
  return s.events;
}

}  // namespace

OfferedLoad::Source OfferedLoad::Source::of(const ProducerConfig& producer, Time end) {
  Time stop = end;
  if (producer.stop_after != Duration::max())
    stop = std::min(end, Time::zero() + producer.stop_after);
  return Source{RateProfile(producer.arrival.rate, producer.arrival.profile),
                producer.arrival.profile, stop};
}

OfferedLoad::OfferedLoad(std::vector<Source> sources) : sources_(std::move(sources)) {
  // The breakpoints of every producer's rate: the sum's maximum is at one.
  instants_.push_back(Time::zero());
  for (const Source& s : sources_) {
    for (const RateChange& c : s.changes) {
      for (const Time t : {Time::zero() + c.at, Time::zero() + c.at + c.ramp}) {
        if (t < s.stop) instants_.push_back(t);
      }
    }
    // A rate still rising when the producer stops peaks just before.
    if (s.stop > Time::zero()) instants_.push_back(s.stop - nanoseconds(1));
  }
  std::sort(instants_.begin(), instants_.end());
  instants_.erase(std::unique(instants_.begin(), instants_.end()), instants_.end());
}

double OfferedLoad::rate(std::size_t producer, Time t) const {
  const Source& s = sources_[producer];
  return t < s.stop ? s.profile.at(t) : 0.0;
}

namespace {

// Table and name cannot hold a NUL, so the key is unambiguous.
std::string key_of(std::string_view table, std::string_view name, std::int32_t partition) {
  std::string key;
  key.reserve(table.size() + name.size() + 12);
  key.append(table).push_back('\0');
  key.append(name).push_back('\0');
  key.append(std::to_string(partition));
  return key;
}

}  // namespace

OfferedLoad::Entry* OfferedLoad::find(std::string_view table, std::string_view name,
                                      std::int32_t partition) {
  const auto it = index_.find(key_of(table, name, partition));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

const OfferedLoad::Entry* OfferedLoad::find(std::string_view table, std::string_view name,
                                            std::int32_t partition) const {
  const auto it = index_.find(key_of(table, name, partition));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

OfferedLoad::Entry& OfferedLoad::entry(std::string_view table, std::string_view name,
                                       std::int32_t partition) {
  if (Entry* e = find(table, name, partition)) return *e;
  index_.emplace(key_of(table, name, partition), entries_.size());
  entries_.push_back(Entry{std::string(table), std::string(name), partition,
                           std::vector<LoadShare>(sources_.size())});
  return entries_.back();
}

void OfferedLoad::add(std::string_view table, std::string_view name, const LoadShare& share,
                      std::int32_t partition) {
  entry(table, name, partition).shares.at(current_) += share;
}

void OfferedLoad::pass(std::string_view from_table, std::string_view from_name,
                       std::string_view to_table, std::string_view to_name, double factor,
                       bool with_bytes) {
  const Entry* from = find(from_table, from_name, -1);
  if (from == nullptr) return;
  // Copied first: entry() may grow the vector `from` points into.
  const std::vector<LoadShare> shares = from->shares;
  Entry& to = entry(to_table, to_name, -1);
  for (std::size_t p = 0; p < shares.size(); ++p) {
    LoadShare s = shares[p].times(factor);
    if (!with_bytes) s.bytes = 0;
    to.shares[p] += s;
  }
}

ComponentLoad OfferedLoad::peak_of(const Entry& e, LoadMeasure measure) const {
  ComponentLoad best{e.table, e.name, e.partition, {}, Time::zero()};
  double best_value = -1;
  for (const Time t : instants_) {
    LoadShare at;
    for (std::size_t p = 0; p < sources_.size(); ++p) at += e.shares[p].times(rate(p, t));
    const double value = measure_of(at, measure);
    if (value > best_value) {
      best_value = value;
      best.per_second = at;
      best.peak = t;
    }
  }
  return best;
}

LoadShare OfferedLoad::share(std::string_view table, std::string_view name,
                             std::size_t producer) const {
  const Entry* e = find(table, name, -1);
  return e == nullptr ? LoadShare{} : e->shares[producer];
}

double OfferedLoad::largest_change(const OfferedLoad& other) const {
  double largest = 0;
  const auto relative = [](double a, double b) {
    const double scale = std::max(std::abs(a), std::abs(b));
    return scale == 0 ? 0.0 : std::abs(a - b) / scale;
  };
  for (const Entry& e : entries_) {
    const Entry* o = other.find(e.table, e.name, e.partition);
    for (std::size_t p = 0; p < e.shares.size(); ++p) {
      const LoadShare mine = e.shares[p];
      const LoadShare theirs = o == nullptr ? LoadShare{} : o->shares[p];
      largest = std::max(
          {largest, relative(mine.events, theirs.events), relative(mine.bytes, theirs.bytes),
           relative(mine.requests, theirs.requests), relative(mine.deliveries, theirs.deliveries)});
    }
  }
  // A component only `other` reaches has changed entirely.
  for (const Entry& o : other.entries_) {
    if (find(o.table, o.name, o.partition) == nullptr) return 1.0;
  }
  return largest;
}

ComponentLoad OfferedLoad::peak(std::string_view table, std::string_view name, LoadMeasure measure,
                                std::int32_t partition) const {
  if (const Entry* e = find(table, name, partition)) return peak_of(*e, measure);
  return ComponentLoad{std::string(table), std::string(name), partition, {}, Time::zero()};
}

ComponentLoad OfferedLoad::hottest_partition(std::string_view table, std::string_view name,
                                             LoadMeasure measure) const {
  ComponentLoad best{std::string(table), std::string(name), -1, {}, Time::zero()};
  double best_value = 0;
  for (const Entry& e : entries_) {
    if (e.table != table || e.name != name || e.partition < 0) continue;
    const ComponentLoad l = peak_of(e, measure);
    const double value = measure_of(l.per_second, measure);
    if (value > best_value || (value == best_value && value > 0 && l.partition < best.partition)) {
      best_value = value;
      best = l;
    }
  }
  return best;
}

std::vector<ComponentLoad> OfferedLoad::loads() const {
  std::vector<ComponentLoad> out;
  for (const Entry& e : entries_) out.push_back(peak_of(e, LoadMeasure::events));
  return out;
}

std::string count_text(double x) {
  if (!std::isfinite(x)) return "unbounded";
  char buffer[64];
  if (std::fabs(x) < 100) {
    std::snprintf(buffer, sizeof buffer, "%.3g", x);
    return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.0f", std::round(x));
  std::string digits = buffer;
  std::string out;
  const std::size_t sign = digits[0] == '-' ? 1 : 0;
  for (std::size_t i = sign; i < digits.size(); ++i) {
    if (i > sign && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return digits.substr(0, sign) + out;
}

std::string seconds_text(double seconds) {
  if (seconds >= 1) return count_text(seconds) + " s";
  if (seconds >= 1e-3) return count_text(seconds * 1e3) + " ms";
  return count_text(seconds * 1e6) + " us";
}

std::string percent_text(double fraction) {
  return count_text(std::round(fraction * 100)) + " %";
}

std::string bytes_text(double bytes) {
  if (bytes >= 1e6) return count_text(bytes / 1e6) + " MB";
  if (bytes >= 1e3) return count_text(bytes / 1e3) + " KB";
  return count_text(bytes) + " B";
}

std::string utilisation_text(double utilisation) {
  return " (utilisation " + percent_text(utilisation) + ")";
}

std::size_t readers_of(const SystemConfig& config, std::string_view queue) {
  std::size_t n = 0;
  for (const FleetConfig& f : config.fleets) n += f.queue == queue ? 1 : 0;
  for (const FunctionConfig& f : config.functions) n += f.queue == queue ? 1 : 0;
  return n;
}

std::string at_peak_text(Time peak) {
  return "at the peak (t = " + core::format_duration(peak - Time::zero()) + ")";
}

}  // namespace edasim::model
