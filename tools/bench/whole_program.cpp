// The whole program against a hand-written loop of the same model, timed in
// one run, so that the ratio (issue 16's table) does not depend on a figure
// measured on another day or under another load.
//
// Two models, those of the reference simulators the issue compares with
// (an M/M/c queue, and a fan-out to three queues with re-push retries and a
// dead-letter queue); tools/bench/scenarios/anchor-*.toml are the same
// models as edasim scenarios. Each iteration runs edasim on the scenario's
// text (loading, building the system, running it and computing its result)
// and then the hand loop, for the same number of customers or simulated
// seconds, and times each with the thread's CPU clock: the two are
// interleaved, so load from other processes on the machine falls on both.
//
//   build/tools/bench/bench_whole_program --benchmark_min_time=0.01   (one run of each)
//
// Counters: CPU microseconds per customer (per message for the fan-out) of
// edasim and of the hand loop, `x_hand_loop` (edasim's over the loop's, the
// table's ratio), and kernel events per customer (the loop has exactly the
// model's events: 2 per M/M/c customer).
#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <queue>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

namespace edasim {
namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string anchor_text(const char* file) {
  return scenario::read_scenario_file(std::string(EDASIM_SOURCE_DIR) + "/tools/bench/scenarios/" +
                                      file);
}

// A pending event of a hand loop: integer nanoseconds, ties in the order
// scheduled, as in the kernel, and a payload the model decodes.
struct LoopEvent {
  std::int64_t at;
  std::uint64_t seq;
  std::uint32_t kind;
  std::uint32_t a;
  std::uint64_t b;
};
struct LoopLater {
  bool operator()(const LoopEvent& x, const LoopEvent& y) const {
    return x.at != y.at ? x.at > y.at : x.seq > y.seq;
  }
};
using LoopEvents = std::priority_queue<LoopEvent, std::vector<LoopEvent>, LoopLater>;

constexpr double kNsPerSecond = 1e9;

std::int64_t exponential_ns(std::mt19937_64& rng, double mean_ns) {
  // (k + 0.5) / 2^53 is never 0 or 1, so the log is finite.
  const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
  return static_cast<std::int64_t>(-mean_ns * std::log(u));
}

// --- M/M/c: Poisson arrivals (lambda 7.2/s), c = 8 servers, exponential
// service of mean 1 s, FIFO, until the n-th departure.

struct MMcOutcome {
  std::uint64_t departed = 0;
  std::uint64_t events = 0;
  double mean_wait_s = 0;  // Wq, for a sanity check against Erlang C
};

MMcOutcome hand_loop_mmc(std::uint64_t customers, std::uint64_t seed) {
  constexpr std::uint32_t kArrival = 0, kDeparture = 1;
  constexpr std::uint32_t kServers = 8;
  constexpr double kMeanGapNs = kNsPerSecond / 7.2, kMeanServiceNs = kNsPerSecond;
  std::mt19937_64 rng(seed);
  LoopEvents events;
  std::uint64_t seq = 0;
  // Arrival times of the waiting customers, a ring that doubles when full.
  std::vector<std::int64_t> waiting(1024);
  std::uint64_t head = 0, tail = 0;
  std::uint32_t busy = 0;
  double waited_ns = 0;
  MMcOutcome out;
  events.push({exponential_ns(rng, kMeanGapNs), seq++, kArrival, 0, 0});
  while (out.departed < customers) {
    const LoopEvent e = events.top();
    events.pop();
    ++out.events;
    if (e.kind == kArrival) {
      events.push({e.at + exponential_ns(rng, kMeanGapNs), seq++, kArrival, 0, 0});
      if (busy < kServers) {
        ++busy;
        events.push({e.at + exponential_ns(rng, kMeanServiceNs), seq++, kDeparture, 0, 0});
      } else {
        if (tail - head == waiting.size()) {
          std::vector<std::int64_t> bigger(waiting.size() * 2);
          for (std::uint64_t i = head; i != tail; ++i) {
            bigger[i - head] = waiting[i & (waiting.size() - 1)];
          }
          tail -= head;
          head = 0;
          waiting.swap(bigger);
        }
        waiting[tail++ & (waiting.size() - 1)] = e.at;
      }
    } else {
      ++out.departed;
      if (head != tail) {
        waited_ns += static_cast<double>(e.at - waiting[head++ & (waiting.size() - 1)]);
        events.push({e.at + exponential_ns(rng, kMeanServiceNs), seq++, kDeparture, 0, 0});
      } else {
        --busy;
      }
    }
  }
  out.mean_wait_s = waited_ns / static_cast<double>(out.departed) / kNsPerSecond;
  return out;
}

void BM_WholeProgram_MMc(benchmark::State& state) {
  const auto customers = static_cast<std::uint64_t>(state.range(0));
  const std::string text = anchor_text("anchor-mmc8.toml");
  // The duration that brings about `customers` arrivals at 7.2/s.
  const std::vector<scenario::Override> duration = {scenario::parse_override(
      "scenario.duration=" + std::to_string(std::llround(static_cast<double>(customers) / 7.2)) +
      "s")};
  double edasim_s = 0, loop_s = 0;
  std::uint64_t edasim_customers = 0, kernel_events = 0, loop_customers = 0, loop_events = 0;
  std::uint64_t seed = 1;
  double loop_wait_s = 0;
  for (auto _ : state) {
    const double t0 = thread_cpu_seconds();
    {
      model::System system(scenario::load_text(text, "anchor-mmc8.toml", duration));
      system.run();
      const model::RunResult r = system.result();
      edasim_customers += r.events.processed;
      kernel_events += r.kernel_events;
    }
    const double t1 = thread_cpu_seconds();
    const MMcOutcome loop = hand_loop_mmc(customers, seed++);
    const double t2 = thread_cpu_seconds();
    loop_wait_s += loop.mean_wait_s;
    edasim_s += t1 - t0;
    loop_s += t2 - t1;
    loop_customers += loop.departed;
    loop_events += loop.events;
  }
  const double edasim_us = edasim_s * 1e6 / static_cast<double>(edasim_customers);
  const double loop_us = loop_s * 1e6 / static_cast<double>(loop_customers);
  state.counters["edasim_us/customer"] = edasim_us;
  state.counters["loop_us/customer"] = loop_us;
  state.counters["x_hand_loop"] = edasim_us / loop_us;
  state.counters["kernel_events/customer"] =
      static_cast<double>(kernel_events) / static_cast<double>(edasim_customers);
  state.counters["loop_events/customer"] =
      static_cast<double>(loop_events) / static_cast<double>(loop_customers);
  // The loop's mean wait in queue: Erlang C says 0.8769 s.
  state.counters["loop_wq_s"] = loop_wait_s / static_cast<double>(state.iterations());
}
BENCHMARK(BM_WholeProgram_MMc)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

// --- Fan-out: Poisson arrivals at 1000/s; each message puts one branch in
// each of 3 queues of 4 servers; an attempt takes a lognormal time (mean
// 3 ms, sigma 0.5) and fails with probability 0.05; a failed attempt a < 3
// rejoins the tail of its queue after 10 x 2^a ms, a failed attempt 3 goes
// to the dead-letter count. A message is done when its 3 branches are; its
// latency counts if all 3 succeeded. Runs until a simulated time.

struct FanoutOutcome {
  std::uint64_t messages = 0;
  std::uint64_t events = 0;
  std::uint64_t dead_lettered = 0;
  std::int64_t p50_ns = 0, p99_ns = 0;
};

FanoutOutcome hand_loop_fanout(double seconds, std::uint64_t seed) {
  constexpr std::uint32_t kArrival = 0, kDone = 1, kRejoin = 2;
  constexpr std::uint32_t kQueues = 3, kServers = 4, kLastAttempt = 3;
  constexpr double kMeanGapNs = kNsPerSecond / 1000;
  constexpr std::int64_t kBackoffNs = 10'000'000;
  const auto end = static_cast<std::int64_t>(seconds * kNsPerSecond);
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> attempt_s(std::log(0.003) - 0.125, 0.5);
  std::bernoulli_distribution fails(0.05);
  struct Message {
    std::int64_t arrived;
    std::uint8_t open;  // branches not yet resolved
    bool all_ok;
  };
  std::vector<Message> messages;
  // A branch is (message, attempt) packed in one word.
  const auto branch = [](std::uint64_t message, std::uint64_t attempt) {
    return message << 2 | attempt;
  };
  std::array<std::vector<std::uint64_t>, kQueues> fifo;  // with a moving head
  std::array<std::size_t, kQueues> head{};
  std::array<std::uint32_t, kQueues> busy{};
  std::vector<std::int64_t> latencies;
  LoopEvents events;
  std::uint64_t seq = 0;
  FanoutOutcome out;
  const auto start = [&](std::int64_t now, std::uint32_t q, std::uint64_t b) {
    ++busy[q];
    const auto took = static_cast<std::int64_t>(attempt_s(rng) * kNsPerSecond);
    events.push({now + took, seq++, kDone, q, b});
  };
  const auto join = [&](std::int64_t now, std::uint32_t q, std::uint64_t b) {
    if (busy[q] < kServers) {
      start(now, q, b);
      return;
    }
    if (head[q] > 4096 && head[q] * 2 > fifo[q].size()) {
      fifo[q].erase(fifo[q].begin(), fifo[q].begin() + static_cast<std::ptrdiff_t>(head[q]));
      head[q] = 0;
    }
    fifo[q].push_back(b);
  };
  events.push({exponential_ns(rng, kMeanGapNs), seq++, kArrival, 0, 0});
  while (!events.empty() && events.top().at <= end) {
    const LoopEvent e = events.top();
    events.pop();
    ++out.events;
    if (e.kind == kArrival) {
      events.push({e.at + exponential_ns(rng, kMeanGapNs), seq++, kArrival, 0, 0});
      messages.push_back({e.at, kQueues, true});
      ++out.messages;
      for (std::uint32_t q = 0; q < kQueues; ++q) join(e.at, q, branch(messages.size() - 1, 0));
    } else if (e.kind == kRejoin) {
      join(e.at, e.a, e.b);
    } else {
      const std::uint64_t id = e.b >> 2, attempt = e.b & 3;
      Message& m = messages[id];
      bool resolved = true;
      if (fails(rng)) {
        if (attempt < kLastAttempt) {
          events.push(
              {e.at + (kBackoffNs << attempt), seq++, kRejoin, e.a, branch(id, attempt + 1)});
          resolved = false;
        } else {
          ++out.dead_lettered;
          m.all_ok = false;
        }
      }
      if (resolved && --m.open == 0 && m.all_ok) latencies.push_back(e.at - m.arrived);
      --busy[e.a];
      if (head[e.a] < fifo[e.a].size()) start(e.at, e.a, fifo[e.a][head[e.a]++]);
    }
  }
  if (!latencies.empty()) {
    // Nearest rank: the value at rank ceil(q n).
    const auto rank = [&](double q) {
      const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(latencies.size())));
      const auto it =
          latencies.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(k, 1) - 1);
      std::nth_element(latencies.begin(), it, latencies.end());
      return *it;
    };
    out.p50_ns = rank(0.50);
    out.p99_ns = rank(0.99);
  }
  return out;
}

void BM_WholeProgram_Fanout(benchmark::State& state) {
  const auto seconds = static_cast<double>(state.range(0));
  const std::string text = anchor_text("anchor-fanout.toml");
  const std::vector<scenario::Override> duration = {
      scenario::parse_override("scenario.duration=" + std::to_string(state.range(0)) + "s")};
  double edasim_s = 0, loop_s = 0;
  std::uint64_t edasim_messages = 0, kernel_events = 0, loop_messages = 0, loop_events = 0;
  std::uint64_t seed = 1, loop_dead_lettered = 0;
  double loop_p99_ns = 0;
  for (auto _ : state) {
    const double t0 = thread_cpu_seconds();
    {
      model::System system(scenario::load_text(text, "anchor-fanout.toml", duration));
      system.run();
      const model::RunResult r = system.result();
      edasim_messages += r.events.produced;
      kernel_events += r.kernel_events;
    }
    const double t1 = thread_cpu_seconds();
    const FanoutOutcome loop = hand_loop_fanout(seconds, seed++);
    const double t2 = thread_cpu_seconds();
    loop_p99_ns += static_cast<double>(loop.p99_ns);
    loop_dead_lettered += loop.dead_lettered;
    edasim_s += t1 - t0;
    loop_s += t2 - t1;
    loop_messages += loop.messages;
    loop_events += loop.events;
  }
  const double edasim_us = edasim_s * 1e6 / static_cast<double>(edasim_messages);
  const double loop_us = loop_s * 1e6 / static_cast<double>(loop_messages);
  state.counters["edasim_us/message"] = edasim_us;
  state.counters["loop_us/message"] = loop_us;
  state.counters["x_hand_loop"] = edasim_us / loop_us;
  state.counters["kernel_events/message"] =
      static_cast<double>(kernel_events) / static_cast<double>(edasim_messages);
  state.counters["loop_events/message"] =
      static_cast<double>(loop_events) / static_cast<double>(loop_messages);
  // The loop's figures, to set beside the model's expected values (3e6 x
  // 0.05^4 = 18.75 dead letters in 1,000 s).
  const auto runs = static_cast<double>(state.iterations());
  state.counters["loop_p99_ms"] = loop_p99_ns / runs / 1e6;
  state.counters["loop_dlq/1000s"] =
      static_cast<double>(loop_dead_lettered) / runs * 1000.0 / seconds;
}
BENCHMARK(BM_WholeProgram_Fanout)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace edasim

BENCHMARK_MAIN();
