// A change to one scenario value from the command line: `--set KEY=VALUE`.
//
// KEY is a key path as errors print them (`consumers.fraud.instances`,
// `buses.main.rules[0].targets`, quoted segments for keys with dots:
// `producers.orders.events[0].fields."detail.total".decimals`). VALUE is
// read as a TOML value when it is one (8, 0.5, true, "text", [1, 2],
// { dist = "exponential", mean = "100ms" }) and as a plain string otherwise
// (45s, fraud-dlq). Overrides are applied to the parsed TOML before any
// validation, so an overridden value is checked exactly like one in the file.
#pragma once

#include <string>
#include <string_view>

namespace edasim::scenario {

struct Override {
  std::string path;
  std::string value;
};

// Splits "KEY=VALUE" at the first '=' outside quotes; throws ScenarioError
// placed at the --set when there is no '=' or no key.
Override parse_override(std::string_view text);

}  // namespace edasim::scenario
