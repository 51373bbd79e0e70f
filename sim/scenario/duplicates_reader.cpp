// `duplicates = { window = "1h" }` on a consumer fleet or a Lambda function:
// counting successful processings of an event it had already processed
// (sim/model/support/duplicate_count.hpp).
#include "sim/scenario/components.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/values.hpp"

namespace edasim::scenario {

namespace {

const Keys& duplicates_keys() {
  static const Keys keys{
      "counting duplicates: successful processings of an event (by its identity) already "
      "processed within the window",
      {duration("window", positive_duration,
                "how long a processed event is remembered; memory follows the events processed "
                "within one window")}};
  return keys;
}

}  // namespace

Key duplicates_key() {
  return table("duplicates", duplicates_keys(),
               "counts successful processings of an event already processed (a `duplicates` "
               "figure)");
}

void read_duplicates(Section& section, model::DuplicatesConfig& out) {
  if (auto duplicates = section.section("duplicates")) {
    out.enabled = true;
    duplicates->read("window", out.window, positive_duration);
    duplicates->finish();
  }
}

}  // namespace edasim::scenario
