// What every component of a run is built with: the run's seed (a component
// draws each of its random streams from the seed and its own name, so
// adding a component never shifts another's numbers), the kernel its events
// run on, the books every event and API call is counted in, and where every
// event's fields come from (support/event_sources.hpp; null in a test that
// builds a component alone: an emit entry without a template then sends an
// event with no fields).
#pragma once

#include <cstdint>

#include "sim/core/kernel.hpp"
#include "sim/model/support/books.hpp"

namespace edasim::model {

class EventSources;

struct Context {
  std::uint64_t seed;
  core::Kernel& kernel;
  Books& books;
  EventSources* sources = nullptr;
};

}  // namespace edasim::model
