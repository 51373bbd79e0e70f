#include "sim/plan/measure.hpp"

namespace edasim::plan {

std::string family_of(const std::string& name) {
  return name.substr(0, name.find('.'));
}

const char* unit_name(Unit unit) {
  switch (unit) {
    case Unit::seconds:
      return "seconds";
    case Unit::count:
      return "count";
    case Unit::usd:
      return "usd_per_month";
    case Unit::ratio:
      return "ratio";
    case Unit::number:
      return "number";
  }
  return "number";
}

}  // namespace edasim::plan
