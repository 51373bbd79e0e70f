// What every component of a run is built with: the run's seed (a component
// draws each of its random streams from the seed and its own name, so
// adding a component never shifts another's numbers), the kernel its events
// run on, and the books every event and API call is counted in.
#pragma once

#include <cstdint>

#include "sim/core/kernel.hpp"
#include "sim/model/support/books.hpp"

namespace edasim::model {

struct Context {
  std::uint64_t seed;
  core::Kernel& kernel;
  Books& books;
};

}  // namespace edasim::model
