// The unit names that the text of each quantity accepts (sim/core/units.hpp):
// for documents that describe the format, such as the scenario schema, so
// that they name exactly the units the parsers know.
#pragma once

#include <string_view>
#include <vector>

namespace edasim::core {

std::vector<std::string_view> duration_unit_names();
std::vector<std::string_view> size_unit_names();
std::vector<std::string_view> rate_unit_names();

}  // namespace edasim::core
