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
