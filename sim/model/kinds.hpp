// The component kinds a system is made of, as the model builds them: one
// entry per line of sim/model/kinds.def, whose part build_<table> the kind
// defines in its folder. A kind is its own folder (config, component,
// result, part) plus its line there.
#pragma once

#include <memory>
#include <span>
#include <string_view>

namespace edasim::model {

class Assembly;
class Part;

struct Kind {
  std::string_view name;  // as the scenario's table names it
  // Builds the kind's components from the assembly's design and connects
  // them to the components of the kinds listed before it.
  std::unique_ptr<Part> (*build)(Assembly& assembly);
};

// Every kind, in build order (the order of sim/model/kinds.def).
std::span<const Kind> kinds();

}  // namespace edasim::model
