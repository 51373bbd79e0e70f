// Throughput of the event kernel and of the future-event set alone.
//
// BM_Kernel_MMc: an M/M/c queue driven by the kernel (Poisson arrivals,
// exponential service, c servers, a FIFO ring of waiting customers), at a
// load that keeps about c events pending. items/s is model events per second.
//
// BM_EventSet_Hold and BM_BinaryHeap_Hold: the classic hold model (pop the
// earliest event, push it back a random exponential increment later) at a
// fixed number of pending events, for the event set and, as a yardstick, a
// binary heap of the same events. items/s is hold operations (one pop and one
// push) per second.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <queue>
#include <vector>

#include "sim/core/event_set.hpp"
#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"

namespace edasim {
namespace {

class MMc final : public core::Component {
 public:
  static constexpr std::uint32_t kArrival = 0;
  static constexpr std::uint32_t kDeparture = 1;

  MMc(core::Kernel& kernel, std::uint64_t servers, double load, Duration mean_service)
      : servers_(servers),
        mean_service_ns_(static_cast<double>(mean_service.ns)),
        mean_gap_ns_(mean_service_ns_ / (load * static_cast<double>(servers))),
        rng_(42, "bench:mmc"),
        waiting_(1024) {
    id_ = kernel.attach(*this);
    // Start with every server busy: exponential service is memoryless, so
    // this is a state the chain visits, and the set starts at full size.
    for (std::uint64_t i = 0; i < servers_; ++i) kernel.schedule_in(service(), id_, kDeparture);
    busy_ = servers_;
    kernel.schedule_in(gap(), id_, kArrival);
  }

  void handle(core::Kernel& kernel, const core::Event& event) override {
    if (event.kind == kArrival) {
      kernel.schedule_in(gap(), id_, kArrival);
      if (busy_ < servers_) {
        ++busy_;
        kernel.schedule_in(service(), id_, kDeparture);
      } else {
        enqueue(event.at);
      }
    } else if (head_ != tail_) {
      ++head_;
      kernel.schedule_in(service(), id_, kDeparture);
    } else {
      --busy_;
    }
  }

 private:
  Duration exponential(double mean_ns) {
    return Duration{static_cast<std::int64_t>(-mean_ns * std::log(rng_.uniform_open()))};
  }
  Duration service() { return exponential(mean_service_ns_); }
  Duration gap() { return exponential(mean_gap_ns_); }

  void enqueue(Time t) {
    if (tail_ - head_ == waiting_.size()) {
      std::vector<Time> bigger(waiting_.size() * 2);
      for (std::uint64_t i = head_; i != tail_; ++i) bigger[i - head_] = at(i);
      tail_ -= head_;
      head_ = 0;
      waiting_.swap(bigger);
    }
    at(tail_++) = t;
  }
  Time& at(std::uint64_t i) { return waiting_[i & (waiting_.size() - 1)]; }

  std::uint64_t servers_;
  double mean_service_ns_;
  double mean_gap_ns_;
  core::RandomStream rng_;
  core::ComponentId id_ = 0;
  std::uint64_t busy_ = 0;
  std::vector<Time> waiting_;
  std::uint64_t head_ = 0;
  std::uint64_t tail_ = 0;
};

void BM_Kernel_MMc(benchmark::State& state) {
  const auto servers = static_cast<std::uint64_t>(state.range(0));
  const double load = 0.99;
  const Duration mean_service = seconds(1);
  core::Kernel kernel;
  MMc model(kernel, servers, load, mean_service);
  // About 2 * servers events per simulated second of mean service; a slice
  // runs some 64 thousand of them.
  const Duration slice = from_seconds(32768.0 / static_cast<double>(servers));
  kernel.run_until(kernel.now() + slice * 16);  // warm up past the first regrouping
  const std::uint64_t before = kernel.executed();
  for (auto _ : state) kernel.run_until(kernel.now() + slice);
  state.SetItemsProcessed(static_cast<std::int64_t>(kernel.executed() - before));
  state.counters["pending"] = static_cast<double>(kernel.pending());
}
BENCHMARK(BM_Kernel_MMc)->Arg(1000)->Arg(1000000)->Unit(benchmark::kMillisecond);

constexpr int kOpsPerIteration = 1024;

std::vector<std::int64_t> increments() {
  // A second's mean in nanoseconds, as for timers and service times.
  core::RandomStream rng(7, "bench:hold");
  std::vector<std::int64_t> inc(1 << 16);
  for (auto& x : inc) x = static_cast<std::int64_t>(-1e9 * std::log(rng.uniform_open()));
  return inc;
}

void BM_EventSet_Hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto inc = increments();
  const std::size_t mask = inc.size() - 1;
  core::EventSet set;
  std::uint64_t seq = 0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < n; ++i) set.push(core::Event{Time{inc[j++ & mask]}, seq++, 0, 0, i});
  for (auto _ : state) {
    for (int k = 0; k < kOpsPerIteration; ++k) {
      core::Event e = set.pop();
      e.at += Duration{inc[j++ & mask]};
      e.seq = seq++;
      set.push(e);
    }
  }
  state.SetItemsProcessed(state.iterations() * kOpsPerIteration);
  state.counters["bytes_per_event"] =
      static_cast<double>(set.bytes_reserved()) / static_cast<double>(set.size());
}
BENCHMARK(BM_EventSet_Hold)->Arg(1000)->Arg(100000)->Arg(1000000);

struct Later {
  bool operator()(const core::Event& a, const core::Event& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

void BM_BinaryHeap_Hold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto inc = increments();
  const std::size_t mask = inc.size() - 1;
  std::priority_queue<core::Event, std::vector<core::Event>, Later> heap;
  std::uint64_t seq = 0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < n; ++i) heap.push(core::Event{Time{inc[j++ & mask]}, seq++, 0, 0, i});
  for (auto _ : state) {
    for (int k = 0; k < kOpsPerIteration; ++k) {
      core::Event e = heap.top();
      heap.pop();
      e.at += Duration{inc[j++ & mask]};
      e.seq = seq++;
      heap.push(e);
    }
  }
  state.SetItemsProcessed(state.iterations() * kOpsPerIteration);
}
BENCHMARK(BM_BinaryHeap_Hold)->Arg(1000)->Arg(100000)->Arg(1000000);

}  // namespace
}  // namespace edasim

BENCHMARK_MAIN();
