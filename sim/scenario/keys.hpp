// What a table of a scenario may hold, declared beside the reader that reads
// it: each key's name, the shape of its value, its range, its unit and what
// it means.
//
// A Section given its Keys refuses, as an internal error, to read a key they
// do not declare, to read it as another shape, or over a range wider than the
// declared one. The declaration therefore cannot drift from what the reader
// reads: every test that loads a scenario checks it. `edasim schema` turns
// the tree of declarations, from scenario_keys() down, into a JSON Schema for
// editors.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/scenario/values.hpp"

namespace edasim::scenario {

enum class Shape {
  string,
  boolean,
  integer,
  number,
  duration,      // a string with a time unit: "30s"
  size,          // a string with a size unit: "256KiB"
  rate,          // a string with a rate unit: "100/s"
  distribution,  // a quantity ("80ms", 60) or a table naming its `dist`
  table,         // a table of the keys `keys` declares
  tables,        // an array of such tables
  named,         // a table whose keys are names the scenario chooses, each
                 // holding a value shaped as `value`
  strings,       // an array of strings
  any,           // free-form, checked by its own reader: an event pattern
};

struct Keys;

struct Key {
  std::string_view name;
  Shape shape = Shape::any;
  std::string_view description;
  // Bounds of an integer, number, duration (in nanoseconds), size (in bytes)
  // or rate (per second).
  bool bounded = false;
  double low = 0;
  double high = 0;
  bool above_low = false;
  // The keys of a table, of each table of an array, or of each named table.
  const Keys* keys = nullptr;
  // The value of each entry of a named table that does not hold tables.
  std::shared_ptr<const Key> value;
  // The strings a string accepts; empty: any.
  std::vector<std::string_view> choices;
  // Shorthands the reader also accepts.
  bool or_string = false;        // a table or array that may be written as a string
  bool or_strings = false;       // a string that may be an array of strings
  bool or_numbers = false;       // a table that may be an array of numbers
  bool items_or_string = false;  // an array of tables whose elements may be strings
  bool required = false;

  Key require() const {
    Key k = *this;
    k.required = true;
    return k;
  }
  Key or_a_string() const {
    Key k = *this;
    k.or_string = true;
    return k;
  }
  Key or_a_list() const {
    Key k = *this;
    k.or_strings = true;
    return k;
  }
  Key items_or_strings() const {
    Key k = *this;
    k.items_or_string = true;
    return k;
  }
  Key or_numbers_list() const {
    Key k = *this;
    k.or_numbers = true;
    return k;
  }
};

// The declared keys of one kind of table.
struct Keys {
  // What such a table is, for the schema's title: "an SQS standard queue".
  std::string_view title;
  std::vector<Key> keys;

  const Key* find(std::string_view name) const;
};

// Builders of keys, one per shape; `what` is the description an editor shows.
Key text(std::string_view name, std::string_view what, std::vector<std::string_view> choices = {});
Key flag(std::string_view name, std::string_view what);
Key integer(std::string_view name, Range<std::int64_t> range, std::string_view what);
Key number(std::string_view name, Range<double> range, std::string_view what);
Key duration(std::string_view name, Range<Duration> range, std::string_view what);
Key size(std::string_view name, Range<std::int64_t> range, std::string_view what);
Key rate(std::string_view name, Range<double> range, std::string_view what);
Key distribution(std::string_view name, std::string_view what);
Key table(std::string_view name, const Keys& keys, std::string_view what);
Key tables(std::string_view name, const Keys& keys, std::string_view what);
Key named(std::string_view name, const Keys& keys, std::string_view what);
Key named_values(std::string_view name, const Key& value, std::string_view what);
Key strings(std::string_view name, std::string_view what);
Key free_form(std::string_view name, std::string_view what);

// The whole scenario format: [scenario], every registered kind's table,
// [monitoring], [[alarms]], [cost], and a study's [study], [[designs]] and
// [plan].
const Keys& scenario_keys();

// The keys of a distribution written as a table ({ dist = "lognormal", ... }).
const Keys& distribution_keys();

// A key's range as a scenario writes it: "0s .. 12h", "> 0 .. 1"; empty when
// unbounded on both sides.
std::string describe_range(const Key& key);

}  // namespace edasim::scenario
