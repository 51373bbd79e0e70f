// Reads JSON text into an Event, with simdjson.
//
// Two modes: read() keeps only leaves whose paths the table already knows
// (the rule set's paths) and skips every other subtree without looking inside
// it: what matching needs, and fast. read_all() interns every path it meets,
// for when the whole event matters (printing it back, tests).
//
// Strings in the event are views into the reader's parse buffer: the event is
// valid until the next read with the same reader. Keys are split on '.' like
// pattern keys (see path_table.hpp). Duplicate keys all count.
//
// Promises: after warm-up (buffers grown to the largest event) read()
// allocates nothing. Invalid JSON, or JSON that is not an object, throws
// JsonError and leaves the event cleared.
#pragma once

#include <memory>
#include <stdexcept>
#include <string_view>

#include "sim/rules/event.hpp"
#include "sim/rules/path_table.hpp"

namespace edasim::rules {

class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JsonEventReader {
 public:
  JsonEventReader();
  ~JsonEventReader();
  JsonEventReader(JsonEventReader&&) noexcept;
  JsonEventReader& operator=(JsonEventReader&&) noexcept;

  void read(std::string_view json, const PathTable& paths, Event& event);
  void read_all(std::string_view json, PathTable& paths, Event& event);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace edasim::rules
