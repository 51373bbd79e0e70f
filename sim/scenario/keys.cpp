#include "sim/scenario/keys.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "sim/core/units.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

const Key* Keys::find(std::string_view name) const {
  for (const Key& k : keys) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

namespace {

Key make(std::string_view name, Shape shape, std::string_view what) {
  Key k;
  k.name = name;
  k.shape = shape;
  k.description = what;
  return k;
}

Key bounded(Key k, double low, double high, bool above_low) {
  k.bounded = true;
  k.low = low;
  k.high = high;
  k.above_low = above_low;
  return k;
}

double as_double(Duration d) {
  return static_cast<double>(d.ns);
}

}  // namespace

Key text(std::string_view name, std::string_view what, std::vector<std::string_view> choices) {
  Key k = make(name, Shape::string, what);
  k.choices = std::move(choices);
  return k;
}

Key flag(std::string_view name, std::string_view what) {
  return make(name, Shape::boolean, what);
}

Key integer(std::string_view name, Range<std::int64_t> range, std::string_view what) {
  return bounded(make(name, Shape::integer, what), static_cast<double>(range.low),
                 static_cast<double>(range.high), range.above_low);
}

Key number(std::string_view name, Range<double> range, std::string_view what) {
  return bounded(make(name, Shape::number, what), range.low, range.high, range.above_low);
}

Key duration(std::string_view name, Range<Duration> range, std::string_view what) {
  return bounded(make(name, Shape::duration, what), as_double(range.low), as_double(range.high),
                 range.above_low);
}

Key size(std::string_view name, Range<std::int64_t> range, std::string_view what) {
  return bounded(make(name, Shape::size, what), static_cast<double>(range.low),
                 static_cast<double>(range.high), range.above_low);
}

Key rate(std::string_view name, Range<double> range, std::string_view what) {
  return bounded(make(name, Shape::rate, what), range.low, range.high, range.above_low);
}

Key distribution(std::string_view name, std::string_view what) {
  Key k = make(name, Shape::distribution, what);
  k.keys = &distribution_keys();
  return k;
}

Key table(std::string_view name, const Keys& keys, std::string_view what) {
  Key k = make(name, Shape::table, what);
  k.keys = &keys;
  return k;
}

Key tables(std::string_view name, const Keys& keys, std::string_view what) {
  Key k = make(name, Shape::tables, what);
  k.keys = &keys;
  return k;
}

Key named(std::string_view name, const Keys& keys, std::string_view what) {
  Key k = make(name, Shape::named, what);
  k.keys = &keys;
  return k;
}

Key named_values(std::string_view name, const Key& value, std::string_view what) {
  Key k = make(name, Shape::named, what);
  k.value = std::make_shared<const Key>(value);
  return k;
}

Key strings(std::string_view name, std::string_view what) {
  return make(name, Shape::strings, what);
}

Key free_form(std::string_view name, std::string_view what) {
  return make(name, Shape::any, what);
}

namespace {

std::string show_number(double x) {
  char text[40];
  std::snprintf(text, sizeof text, "%.10g", x);
  return text;
}

// One bound in the key's own unit, or nothing when it is the type's limit.
std::string show_bound(const Key& key, double x) {
  switch (key.shape) {
    case Shape::integer:
    case Shape::size:
      if (x >= 9.2e18) return {};
      return key.shape == Shape::size ? core::format_size(Bytes{static_cast<std::int64_t>(x)})
                                      : show_number(x);
    case Shape::duration:
      if (x >= 9.2e18) return {};
      return core::format_duration(Duration{static_cast<std::int64_t>(x)});
    case Shape::rate:
      if (x >= std::numeric_limits<double>::max()) return {};
      return core::format_rate(Rate{x});
    default:
      if (std::abs(x) >= std::numeric_limits<double>::max()) return {};
      return show_number(x);
  }
}

}  // namespace

std::string describe_range(const Key& key) {
  if (!key.bounded) return {};
  const std::string low = show_bound(key, key.low);
  const std::string high = show_bound(key, key.high);
  if (low.empty() && high.empty()) return {};
  if (high.empty()) return (key.above_low ? "> " : ">= ") + low;
  if (low.empty()) return "<= " + high;
  return (key.above_low ? "> " : "") + low + " .. " + high;
}

}  // namespace edasim::scenario
