#include "sim/core/random.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

using namespace edasim;
using namespace edasim::core;

TEST_CASE("xoshiro256** gives the published outputs for state {1, 2, 3, 4}") {
  auto rng = RandomStream::from_state({1, 2, 3, 4});
  CHECK(rng.next() == 11520U);
  CHECK(rng.next() == 0U);
  CHECK(rng.next() == 1509978240U);
  CHECK(rng.next() == 1215971899390074240U);
}

TEST_CASE("splitmix64 gives the published outputs for seed 1234567") {
  std::uint64_t state = 1234567;
  CHECK(splitmix64(state) == 6457827717110365317U);
  CHECK(splitmix64(state) == 3203168211198807973U);
  CHECK(splitmix64(state) == 9817491932198370423U);
  CHECK(splitmix64(state) == 4593380528125082431U);
}

TEST_CASE("fnv1a64 gives the published hashes") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325U);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cU);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8U);
}

TEST_CASE("a named stream's first draws are pinned, so generator changes are caught") {
  RandomStream rng(2024, "producer:orders/arrivals");
  CHECK(rng.next() == 9486569041253541355U);
  CHECK(rng.next() == 166379143116822714U);
  CHECK(rng.next() == 2943559733604267208U);
  CHECK(rng.next() == 10764079408702464586U);
}

TEST_CASE("the same seed and name give the same sequence") {
  RandomStream a(7, "consumer:billing");
  RandomStream b(7, "consumer:billing");
  for (int i = 0; i < 1000; ++i) REQUIRE(a.next() == b.next());
}

TEST_CASE("different names or seeds give different sequences") {
  RandomStream base(7, "consumer:billing");
  RandomStream other_name(7, "consumer:billing2");
  RandomStream other_seed(8, "consumer:billing");
  int same_name = 0;
  int same_seed = 0;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = base.next();
    same_name += x == other_name.next();
    same_seed += x == other_seed.next();
  }
  CHECK(same_name == 0);
  CHECK(same_seed == 0);
  CHECK(stream_seed(1, "a") != stream_seed(1, "b"));
  CHECK(stream_seed(1, "a") != stream_seed(2, "a"));
}

TEST_CASE("a stream is unaffected by draws from other streams") {
  RandomStream alone(3, "queue:orders");
  const std::uint64_t first = alone.next();
  RandomStream noisy(3, "producer:noise");
  for (int i = 0; i < 100; ++i) noisy.next();
  RandomStream again(3, "queue:orders");
  CHECK(again.next() == first);
}

TEST_CASE("uniform is at least 0 and below 1, and uniform_open excludes 0") {
  // The second output of state {1,2,3,4} is 0: the edge case itself.
  auto a = RandomStream::from_state({1, 2, 3, 4});
  a.next();
  CHECK(a.uniform() == 0.0);
  auto b = RandomStream::from_state({1, 2, 3, 4});
  b.next();
  const double u = b.uniform_open();
  CHECK(u > 0.0);
  CHECK(u < 1e-15);

  RandomStream rng(11);
  for (int i = 0; i < 100000; ++i) {
    const double x = rng.uniform();
    REQUIRE(x >= 0.0);
    REQUIRE(x < 1.0);
    const double y = rng.uniform_open();
    REQUIRE(y > 0.0);
    REQUIRE(y < 1.0);
  }
}

TEST_CASE("the all-zero state is refused") {
  CHECK_THROWS_AS(RandomStream::from_state({0, 0, 0, 0}), std::invalid_argument);
}

TEST_CASE("below(n) stays under n and hits every value equally often") {
  RandomStream rng(5);
  CHECK(rng.below(1) == 0U);
  const std::uint64_t n = 6;
  const int draws = 600000;
  std::array<int, 6> count{};
  for (int i = 0; i < draws; ++i) {
    const std::uint64_t x = rng.below(n);
    REQUIRE(x < n);
    ++count[x];
  }
  const double p = 1.0 / static_cast<double>(n);
  const double expected = draws * p;
  const double se = std::sqrt(draws * p * (1 - p));
  for (const int c : count) CHECK(std::abs(c - expected) < 5 * se);
  // A range that is not a power of two and near 2^63 exercises rejection.
  const std::uint64_t big = (std::uint64_t{1} << 63) + 12345;
  for (int i = 0; i < 1000; ++i) REQUIRE(rng.below(big) < big);
}

TEST_CASE("normal variates have mean 0 and variance 1") {
  RandomStream rng(99, "normal");
  const int n = 200000;
  double sum = 0;
  double sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  const double var = sum2 / n - mean * mean;
  CHECK(std::abs(mean) < 5 * std::sqrt(1.0 / n));
  // The sample variance of a normal has standard error sqrt(2/n).
  CHECK(std::abs(var - 1) < 5 * std::sqrt(2.0 / n));
}

TEST_CASE("bernoulli(p) succeeds with frequency p") {
  RandomStream rng(1234);
  const int n = 100000;
  int hits = 0;
  for (int i = 0; i < n; ++i) hits += rng.bernoulli(0.3);
  CHECK(std::abs(hits - 0.3 * n) < 5 * std::sqrt(n * 0.3 * 0.7));
}
