#include "sim/report/progress_bar.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

using namespace edasim;
using namespace edasim::report;

TEST_CASE("a progress bar that is not shown writes nothing", "[progress_bar]") {
  std::ostringstream out;
  {
    ProgressBar bar(hours(1), out, false);
    bar.update(Time::zero() + minutes(30));
    bar.finish();
  }
  CHECK(out.str().empty());
}

TEST_CASE("a progress bar redraws at most ten times a second", "[progress_bar]") {
  std::ostringstream out;
  ProgressBar bar(hours(1), out, true);
  bar.update(Time::zero() + minutes(15));
  for (int i = 0; i < 1000; ++i) bar.update(Time::zero() + minutes(16));
  CHECK(bar.redraws() == 1);
  CHECK(out.str().find(" 25.0%") != std::string::npos);
  CHECK(out.str().find("15m 00s of 1h 00m simulated") != std::string::npos);
}

TEST_CASE("finishing draws a full bar once and ends the line", "[progress_bar]") {
  std::ostringstream out;
  ProgressBar bar(hours(1), out, true);
  bar.update(Time::zero() + minutes(6));
  bar.finish();
  bar.finish();
  bar.update(Time::zero() + minutes(59));
  const std::string s = out.str();
  CHECK(s.find("[##############################] 100.0%") != std::string::npos);
  CHECK(s.back() == '\n');
  CHECK(bar.redraws() == 2);
}

TEST_CASE("a run shorter than the quiet start shows no bar at all", "[progress_bar]") {
  std::ostringstream out;
  {
    ProgressBar bar(hours(1), out, true, std::chrono::milliseconds(60'000));
    bar.update(Time::zero() + minutes(30));
    bar.finish();
  }
  CHECK(out.str().empty());
}

TEST_CASE("the time left is estimated from the pace so far, once there is a pace",
          "[progress_bar]") {
  // A quarter done in 64 s: three quarters more take 192 s.
  CHECK(eta_text(0.25, 64) == "ETA 3m 12s");
  CHECK(eta_text(0.5, 10) == "ETA 10.0s");
  CHECK(eta_text(0.01, 5).empty());
  CHECK(eta_text(1.0, 5).empty());
}

TEST_CASE("a bar shows its note and its ETA", "[progress_bar]") {
  std::ostringstream out;
  ProgressBar bar(hours(1), out, true);
  bar.set_note("run 3 of 12");
  bar.update(Time::zero() + minutes(15));
  CHECK(out.str().find("ETA ") != std::string::npos);
  CHECK(out.str().find("run 3 of 12") != std::string::npos);
}
