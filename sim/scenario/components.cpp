#include "sim/scenario/components.hpp"

namespace edasim::scenario {

bool valid_name(std::string_view name) {
  return name.size() <= 80 && is_bare_key(name);
}

std::string too_many(std::string_view kind, std::size_t count) {
  // More components of one kind than a run is built for: the model's set-up
  // grows faster than linearly with them, so check and run would not answer.
  return "at most " + std::to_string(max_components) + " " + std::string(kind) + ", got " +
         std::to_string(count);
}

}  // namespace edasim::scenario
