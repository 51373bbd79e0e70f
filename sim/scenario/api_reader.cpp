#include <algorithm>
#include <cctype>

#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

namespace {

// API names are what fleets' `calls` name: letters, digits, '.', '-', '_'
// ("payments.GetOrder").
bool valid_api_name(std::string_view name) {
  return !name.empty() && name.size() <= 80 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
  });
}

}  // namespace

ApiConfig read_api(Section& section) {
  ApiConfig api;
  section.require("name");
  if (section.read("name", api.name) && !valid_api_name(api.name)) {
    section.report("name", "an API name is 1 to 80 letters, digits, '.', '-' or '_', got \"" +
                               api.name + "\"");
  }
  if (const toml::node* node = section.take("latency")) {
    if (auto d = read_distribution(*node, section.key("latency"), Dimension::duration,
                                   section.diagnostics())) {
      api.latency = DurationDistribution(std::move(*d));
    }
  }
  section.read("error_probability", api.error_probability, probability);
  section.read("concurrency", api.concurrency, any_count);
  section.finish();
  return api;
}

}  // namespace edasim::scenario
