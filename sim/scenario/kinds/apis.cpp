#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

const Keys& api_keys() {
  static const Keys keys{
      "a downstream API that fleets and chains call",
      {
          text("name", "1 to 80 letters, digits, '.', '-', '_'; unique").require(),
          distribution("latency", "the time one call takes (a duration)"),
          number("error_probability", probability, "the API's own errors"),
          integer("concurrency", concurrency_count,
                  "calls running at once, beyond which a call is rejected; 0: no limit"),
          number("price_per_million", price, "dollars per million admitted calls"),
      }};
  return keys;
}

model::ApiConfig read_api(Section& section) {
  model::ApiConfig api;
  section.require("name");
  if (section.read("name", api.name) && !is_dotted_name(api.name, 80)) {
    section.report("name", "an API name is 1 to 80 letters, digits, '.', '-' or '_', got \"" +
                               api.name + "\"");
  }
  if (const toml::node* node = section.take("latency")) {
    if (auto d = read_distribution(*node, section.key("latency"), Dimension::duration,
                                   section.diagnostics())) {
      api.latency = core::DurationDistribution(std::move(*d));
    }
  }
  section.read("error_probability", api.error_probability, probability);
  section.read("concurrency", api.concurrency, concurrency_count);
  section.read("price_per_million", api.price_per_million, price);
  section.finish();
  return api;
}

}  // namespace

Key apis_key() {
  return tables("apis", api_keys(), "downstream APIs");
}

void read_apis(Section& root, model::SystemConfig& config) {
  read_list(root, "apis", config.apis, read_api);
}

// No vertices: a call, a poll or a fault is no stop on the way events flow.
const TopologyKind apis_topology{};

}  // namespace edasim::scenario
