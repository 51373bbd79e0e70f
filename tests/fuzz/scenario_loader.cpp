// libFuzzer harness for the scenario loader: any text either loads into a
// validated configuration or fails with a ScenarioError; nothing else (a
// crash, another exception, undefined behaviour, a leak, a hang) is allowed.
//
// Input: TOML text. A line "#set KEY=VALUE" anywhere in it also becomes a
// --set override, so the fuzzer reaches the override paths with the same
// mutations. Seeds: scenarios/*.toml.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/error.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/override.hpp"

namespace {

// The text after each "#set " at the start of a line, to its end.
std::vector<std::string> override_lines(std::string_view text) {
  std::vector<std::string> out;
  constexpr std::string_view marker = "#set ";
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    if (line.starts_with(marker)) out.emplace_back(line.substr(marker.size()));
    at = end + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<edasim::scenario::Override> overrides;
  try {
    for (const std::string& line : override_lines(text)) {
      overrides.push_back(edasim::scenario::parse_override(line));
    }
  } catch (const edasim::scenario::ScenarioError&) {
    overrides.clear();
  }
  try {
    (void)edasim::scenario::load_study_text(text, "fuzz.toml", overrides);
  } catch (const edasim::scenario::ScenarioError&) {
    // A located rejection is the expected outcome for most inputs.
  }
  return 0;
}
