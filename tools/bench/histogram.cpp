// The cost of Histogram::record, the one metrics call on the simulator's hot
// path (every delivered message records its latency), and of the reads a
// report makes once per run.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sim/metrics/histogram.hpp"

namespace {

// Latencies spread over six decades, so the bucket index is not predictable
// and the counters touched are spread over the whole array.
std::vector<std::int64_t> latencies(std::size_t n) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> exponent(3.0, 9.0);
  std::vector<std::int64_t> out(n);
  for (auto& v : out) v = static_cast<std::int64_t>(std::pow(10.0, exponent(rng)));
  return out;
}

void BM_RecordSpreadValues(benchmark::State& state) {
  const auto values = latencies(1 << 16);
  edasim::metrics::Histogram h;
  std::size_t i = 0;
  for (auto _ : state) {
    h.record(values[i]);
    i = (i + 1) & (values.size() - 1);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RecordSpreadValues);

void BM_RecordSameValue(benchmark::State& state) {
  edasim::metrics::Histogram h;
  std::int64_t v = 2'500'000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    h.record(v);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_RecordSameValue);

void BM_Quantile(benchmark::State& state) {
  edasim::metrics::Histogram h;
  for (auto v : latencies(1 << 16)) h.record(v);
  for (auto _ : state) benchmark::DoNotOptimize(h.quantile(0.99));
}
BENCHMARK(BM_Quantile);

void BM_Merge(benchmark::State& state) {
  edasim::metrics::Histogram a;
  edasim::metrics::Histogram b;
  for (auto v : latencies(1 << 16)) b.record(v);
  for (auto _ : state) {
    a.merge(b);
    benchmark::DoNotOptimize(a.count());
  }
}
BENCHMARK(BM_Merge);

}  // namespace

BENCHMARK_MAIN();
