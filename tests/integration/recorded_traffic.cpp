// A producer replaying recorded traffic sends what the recording counted:
// exactly, period by period, with arrival = "exact"; as a Poisson process of
// each period's rate otherwise.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <string>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

// orders-per-minute.csv counts 30, 120, 0, 0 and 60 events in five minutes.
std::uint64_t produced(const std::string& arrival, double scale, const std::string& duration) {
  const std::string text =
      "[scenario]\nduration = \"" + duration +
      "\"\n[producers.p]\nto = " + "\"queue.q\"\narrival = \"" + arrival +
      "\"\ntraffic = { file = \"orders-per-minute.csv\", scale = " + std::to_string(scale) +
      " }\n[queues.q]\n[consumers.c]\nqueue = \"q\"\n";
  const auto here = std::filesystem::path(EDASIM_SOURCE_DIR) / "tests/scenario/data/traffic";
  System system(scenario::load_text(text, (here / "scenario.toml").string()));
  system.run();
  return system.result().producers.at(0).produced;
}

}  // namespace

TEST_CASE("the exact process sends each period's recorded count within that period") {
  // x1.5: 45, 180, 0, 0, 90.
  CHECK(produced("exact", 1.5, "1m") == 45);
  CHECK(produced("exact", 1.5, "2m") == 225);
  CHECK(produced("exact", 1.5, "4m") == 225);
  CHECK(produced("exact", 1.5, "5m") == 315);
}

TEST_CASE("the Poisson process sends each period's rate on average") {
  // x100: 3,000 expected in the first minute and 21,000 in all; a Poisson
  // count lies within 4.5 standard deviations of its mean but for a chance
  // of about 7e-6.
  const auto within = [](std::uint64_t n, double mean) {
    return std::abs(static_cast<double>(n) - mean) <= 4.5 * std::sqrt(mean);
  };
  CHECK(within(produced("poisson", 100, "1m"), 3'000));
  CHECK(within(produced("poisson", 100, "5m"), 21'000));
  CHECK(produced("poisson", 100, "10m") == produced("poisson", 100, "5m"));
  // Evenly spaced at each period's rate: 3,000 in the first minute, give or
  // take the one that straddles its end.
  CHECK(std::abs(static_cast<double>(produced("constant", 100, "1m")) - 3'000) <= 1);
}
