// The component kinds a system is made of, registered in one list
// (sim/model/kinds.cpp): a kind is its own folder (config, component,
// result, part) plus one line there.
#pragma once

#include <memory>
#include <span>
#include <string_view>

namespace edasim {

class Assembly;
class Part;

struct Kind {
  std::string_view name;  // as the scenario's table names it
  // Builds the kind's components from the assembly's design and connects
  // them to the components of the kinds listed before it.
  std::unique_ptr<Part> (*build)(Assembly& assembly);
};

// Every kind, in build order. Events that parts schedule for the same
// instant run in the order they were scheduled, so this order (parts start
// in it) is part of what a run is.
std::span<const Kind> kinds();

}  // namespace edasim
