// scenarios/autoscaling.toml shows what autoscaling trades: the autoscaled
// designs react to the flash sale only after their evaluation periods and
// start-up, so latency suffers, and they use fewer instance-hours than the
// fleet sized for the peak; every design balances its books.
#include <catch2/catch.hpp>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

RunResult run(const SystemConfig& config) {
  System system(config);
  system.run();
  return system.result();
}

}  // namespace

TEST_CASE("autoscaling.toml: autoscaled fleets follow the sale and cost fewer instance-hours") {
  const plan::StudyConfig study =
      scenario::load_study(std::string(EDASIM_SOURCE_DIR) + "/scenarios/autoscaling.toml");
  REQUIRE(study.designs.size() == 3);
  const RunResult fixed = run(study.designs[0].system);
  CHECK(fixed.events.balanced());
  const FleetResult& f = fixed.fleets.at(0);
  CHECK_FALSE(f.autoscaled);
  CHECK(f.instance_hours == Approx(10.0).epsilon(1e-12));  // 10 instances for 1 h

  for (std::size_t d = 1; d < study.designs.size(); ++d) {
    const RunResult r = run(study.designs[d].system);
    CHECK(r.events.balanced());
    const FleetResult& a = r.fleets.at(0);
    REQUIRE(a.autoscaled);
    REQUIRE_FALSE(a.scaling.empty());
    // The sale starts at 20 min; the first action needs three datapoints
    // above the target after that, and a base load of 20/s keeps the
    // starting 2 instances under it.
    CHECK(a.scaling.front().at >= minutes(22));
    CHECK(a.scaling.front().to > a.scaling.front().from);
    CHECK(a.peak_instances == 16);
    // Back to the minimum after the sale.
    CHECK(a.final_instances == 2);
    CHECK(a.instance_hours < f.instance_hours);
    CHECK(r.fleets[0].end_to_end.quantile(0.99) > fixed.fleets[0].end_to_end.quantile(0.99));
  }
}
