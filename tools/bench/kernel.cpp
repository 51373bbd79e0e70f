// Throughput of the event kernel and of the future-event set alone.
//
// BM_Kernel_MMc: an M/M/c queue driven by the kernel (Poisson arrivals,
// exponential service, c servers, a FIFO ring of waiting customers), at a
// load that keeps about c events pending. items/s is model events per second.
//
// BM_EventSet_Hold, BM_BinaryHeap_Hold and BM_FourAryHeap_Hold: the classic
// hold model (pop the earliest event, push it back a random exponential
// increment later) at a fixed number of pending events, for the event set and,
// as yardsticks, std::priority_queue (a binary heap) and a hand-written 4-ary
// heap with hole-based sifts (the anchors' tuned loop) of the same events,
// ordered by (time, seq). items/s is hold operations (one pop and one push)
// per second. 9 pending is the anchors' M/M/c model (c = 8).
//
// BM_Hold_Ratio: the same three hold models at one size, run alternately in
// slices and each timed on the thread's CPU clock, so the ratios
// (x_binary_heap, x_four_ary: the yardstick's ns per hold over the event
// set's; above 1 means the event set is faster) do not depend on the load of
// the moment.
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <queue>
#include <type_traits>
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

struct Later {
  bool operator()(const core::Event& a, const core::Event& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};
bool earlier(const core::Event& a, const core::Event& b) {
  return a.at != b.at ? a.at < b.at : a.seq < b.seq;
}

// The yardsticks behind one interface: push, pop (returning the earliest).
struct BinaryHeap {
  std::priority_queue<core::Event, std::vector<core::Event>, Later> heap;
  void push(const core::Event& e) { heap.push(e); }
  core::Event pop() {
    core::Event e = heap.top();
    heap.pop();
    return e;
  }
};

// 4-ary implicit min-heap with hole-based sift-up and sift-down.
struct FourAryHeap {
  std::vector<core::Event> h;
  void push(const core::Event& e) {
    std::size_t i = h.size();
    h.emplace_back();
    while (i > 0) {
      const std::size_t p = (i - 1) >> 2;
      if (!earlier(e, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }
  core::Event pop() {
    const core::Event top = h.front();
    const core::Event last = h.back();
    h.pop_back();
    const std::size_t n = h.size();
    if (n == 0) return top;
    std::size_t i = 0;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      std::size_t best = c;
      const std::size_t end = std::min(c + 4, n);
      for (std::size_t j = c + 1; j < end; ++j)
        if (earlier(h[j], h[best])) best = j;
      if (!earlier(h[best], last)) break;
      h[i] = h[best];
      i = best;
    }
    h[i] = last;
    return top;
  }
};

// A hold model over any of the three: n events pending, then pop-and-push.
template <class Set>
struct Hold {
  Set set;
  std::vector<std::int64_t> inc = increments();
  std::uint64_t seq = 0;
  std::size_t j = 0;

  explicit Hold(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) set.push(core::Event{Time{next_inc()}, seq++, 0, 0, i});
  }
  std::int64_t next_inc() { return inc[j++ & (inc.size() - 1)]; }
  // Returns a checksum so that the work cannot be optimized away.
  std::uint64_t run(int ops) {
    std::uint64_t sum = 0;
    for (int k = 0; k < ops; ++k) {
      core::Event e = set.pop();
      sum += e.data;
      e.at += Duration{next_inc()};
      e.seq = seq++;
      set.push(e);
    }
    return sum;
  }
};

template <class Set>
void hold_bench(benchmark::State& state) {
  Hold<Set> hold(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(hold.run(kOpsPerIteration));
  state.SetItemsProcessed(state.iterations() * kOpsPerIteration);
  if constexpr (std::is_same_v<Set, core::EventSet>) {
    state.counters["bytes_per_event"] =
        static_cast<double>(hold.set.bytes_reserved()) / static_cast<double>(hold.set.size());
  }
}

void BM_EventSet_Hold(benchmark::State& state) {
  hold_bench<core::EventSet>(state);
}
BENCHMARK(BM_EventSet_Hold)->Arg(9)->Arg(32)->Arg(100)->Arg(1000)->Arg(100000)->Arg(1000000);

void BM_BinaryHeap_Hold(benchmark::State& state) {
  hold_bench<BinaryHeap>(state);
}
BENCHMARK(BM_BinaryHeap_Hold)->Arg(9)->Arg(32)->Arg(100)->Arg(1000)->Arg(100000)->Arg(1000000);

void BM_FourAryHeap_Hold(benchmark::State& state) {
  hold_bench<FourAryHeap>(state);
}
BENCHMARK(BM_FourAryHeap_Hold)->Arg(9)->Arg(32)->Arg(100)->Arg(1000)->Arg(100000)->Arg(1000000);

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class Set>
std::uint64_t timed(Hold<Set>& hold, int ops, double& seconds) {
  const double start = thread_cpu_seconds();
  const std::uint64_t sum = hold.run(ops);
  seconds += thread_cpu_seconds() - start;
  return sum;
}

void BM_Hold_Ratio(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Hold<core::EventSet> event_set(n);
  Hold<BinaryHeap> binary(n);
  Hold<FourAryHeap> four(n);
  constexpr int kSlice = 64 * kOpsPerIteration;
  double t_set = 0;
  double t_binary = 0;
  double t_four = 0;
  std::uint64_t ops = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(timed(event_set, kSlice, t_set));
    benchmark::DoNotOptimize(timed(binary, kSlice, t_binary));
    benchmark::DoNotOptimize(timed(four, kSlice, t_four));
    ops += kSlice;
  }
  const auto per_op_ns = [&](double t) { return t * 1e9 / static_cast<double>(ops); };
  state.counters["event_set_ns"] = per_op_ns(t_set);
  state.counters["binary_heap_ns"] = per_op_ns(t_binary);
  state.counters["four_ary_ns"] = per_op_ns(t_four);
  state.counters["x_binary_heap"] = t_binary / t_set;
  state.counters["x_four_ary"] = t_four / t_set;
}
BENCHMARK(BM_Hold_Ratio)->Arg(9)->Arg(32)->Arg(100)->Arg(1000)->Arg(100000)->Arg(1000000);

}  // namespace
}  // namespace edasim

BENCHMARK_MAIN();
