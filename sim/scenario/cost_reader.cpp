// [cost]: a declared typical month (sim/model/cost_config.hpp).
#include <sstream>
#include <string>

#include "sim/core/units.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

namespace {

// A 30-day month, as the cost estimate counts it.
constexpr Duration kMonth = hours(30 * 24);

// steady_window = ["FROM", "TO"]: two durations from the run's start.
bool read_window(Section& section, model::CostConfig& cost) {
  const std::string key = section.key("steady_window");
  const toml::array* window = section.array("steady_window");
  if (window == nullptr) return false;
  if (window->size() != 2) {
    section.report("steady_window", "expected two durations [\"FROM\", \"TO\"], got " +
                                        std::to_string(window->size()) + " values");
    return false;
  }
  const auto from =
      read_duration(*window->get(0), element_path(key, 0), any_duration, section.diagnostics());
  const auto to =
      read_duration(*window->get(1), element_path(key, 1), any_duration, section.diagnostics());
  if (!from || !to) return false;
  if (*from >= *to) {
    section.report("steady_window", "the window's end (" + core::format_duration(*to) +
                                        ") must come after its start (" +
                                        core::format_duration(*from) + ")");
    return false;
  }
  cost.steady_from = *from;
  cost.steady_to = *to;
  return true;
}

}  // namespace

namespace {

const Keys& cost_keys() {
  static const Keys keys{
      "a typical month, for the monthly cost estimate",
      {
          number("runs_per_month", positive, "how many times the run's window happens in 30 days")
              .require(),
          text("rest_of_month", "how the rest of the month bills", {"steady", "idle"}).require(),
          free_form("steady_window",
                    "with steady: [\"FROM\", \"TO\"], the durations of the window whose "
                    "rates the rest of the month bills at"),
      }};
  return keys;
}

}  // namespace

Key cost_key() {
  return table("cost", cost_keys(), "a typical month, for the monthly cost estimate");
}

void read_cost(Section& root, model::SystemConfig& config) {
  auto section = root.section("cost");
  if (!section) return;
  model::CostConfig cost;
  section->require("runs_per_month");
  const bool runs = section->read("runs_per_month", cost.runs_per_month, positive);
  if (runs && cost.runs_per_month * config.duration.seconds() > kMonth.seconds()) {
    std::ostringstream runs_text;
    runs_text << cost.runs_per_month;
    section->report("runs_per_month", runs_text.str() + " runs of " +
                                          core::format_duration(config.duration) +
                                          " do not fit in a 30-day month");
  }
  section->require("rest_of_month");
  std::string rest;
  if (section->read("rest_of_month", rest)) {
    if (rest == "steady") {
      cost.rest_of_month = model::CostConfig::RestOfMonth::steady;
    } else if (rest == "idle") {
      cost.rest_of_month = model::CostConfig::RestOfMonth::idle;
    } else {
      section->report("rest_of_month", "expected \"steady\" or \"idle\", got \"" + rest + "\"");
    }
  }
  if (cost.rest_of_month == model::CostConfig::RestOfMonth::steady) {
    section->require("steady_window");
    if (read_window(*section, cost) && cost.steady_to > config.duration) {
      section->report("steady_window", "the window ends (" + core::format_duration(cost.steady_to) +
                                           ") after the run (" +
                                           core::format_duration(config.duration) + ")");
    }
  } else if (section->has("steady_window")) {
    section->take("steady_window");
    section->report("steady_window",
                    "a steady window is only used with rest_of_month = \"steady\"");
  }
  section->finish();
  config.cost = cost;
}

}  // namespace edasim::scenario
