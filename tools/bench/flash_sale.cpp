// Whole runs of the shipped flash-sale scenario: simulated kernel events and
// produced events per wall-clock second, on one core.
//
//   build/tools/bench/bench_flash_sale --benchmark_min_time=1
//
// Peak memory is measured outside (see docs/performance.md: /usr/bin/time on
// `edasim run`), since a benchmark loop's allocator state blurs it.
#include <benchmark/benchmark.h>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

namespace {

void BM_FlashSale(benchmark::State& state) {
  edasim::model::SystemConfig config =
      edasim::scenario::load(std::string(EDASIM_SOURCE_DIR) + "/scenarios/flash-sale.toml");
  config.duration = edasim::minutes(state.range(0));
  std::uint64_t kernel_events = 0, produced = 0;
  for (auto _ : state) {
    edasim::model::System system(config);
    system.run();
    const edasim::model::RunResult r = system.result();
    kernel_events += r.kernel_events;
    produced += r.events.produced;
    benchmark::DoNotOptimize(r.events.processed);
  }
  state.counters["kernel_events/s"] =
      benchmark::Counter(static_cast<double>(kernel_events), benchmark::Counter::kIsRate);
  state.counters["produced/s"] =
      benchmark::Counter(static_cast<double>(produced), benchmark::Counter::kIsRate);
}
// 40 minutes of simulated time (covering the sale) and the full 2 hours.
BENCHMARK(BM_FlashSale)->Arg(40)->Arg(120)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
