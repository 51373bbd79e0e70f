#include "sim/plan/measure.hpp"

namespace edasim::plan {

std::string family_of(const std::string& name) {
  return name.substr(0, name.find('.'));
}

}  // namespace edasim::plan
