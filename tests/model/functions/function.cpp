// Lambda functions fed by an SQS event source mapping: scaling, throttling,
// batching, partial batch failures, timeouts, cold starts and billing.
#include "sim/model/functions/function.hpp"

#include <catch2/catch.hpp>

#include "sim/model/queues/queue.hpp"
#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

// A queue read by function "f"; no producer unless a test adds one.
SystemConfig lambda_system() {
  SystemConfig s;
  s.name = "lambda-test";
  s.seed = 5;
  s.duration = minutes(10);
  s.series_period = seconds(1);
  QueueConfig q;
  q.name = "q";
  q.visibility_timeout = seconds(60);
  s.queues.push_back(q);
  FunctionConfig f;
  f.name = "f";
  f.queue = "q";
  f.timeout = seconds(10);
  f.processing = DurationDistribution(Distribution::constant(0.01));
  f.cold_start = DurationDistribution(Distribution::constant(0.0));
  s.functions.push_back(f);
  return s;
}

void add_producer(SystemConfig& s, double rate, Duration stop_after) {
  ProducerConfig p;
  p.name = "p";
  p.target_table = "queues";
  p.target = "q";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{rate};
  p.stop_after = stop_after;
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
}

// A mapping that neither scales up nor down: exactly n pollers.
void fixed_pollers(FunctionConfig& f, std::int32_t n) {
  f.initial_concurrency = n;
  f.idle_concurrency = n;
  f.max_pollers = n;
}

void send(System& system, std::uint64_t events) {
  for (std::uint64_t e = 0; e < events; ++e) system.component<Queue>(0).send(e, Time::zero(), 1024);
}

}  // namespace

TEST_CASE("Lambda concurrency starts at 5 and grows by 300 a minute up to its cap") {
  SystemConfig s = lambda_system();
  add_producer(s, 2000, minutes(10));
  s.functions[0].processing = DurationDistribution(Distribution::constant(5.0));
  s.functions[0].maximum_concurrency = 50;
  s.functions[0].batch_size = 1;
  System system(s);
  // One poller every 200 ms while messages wait: 5 + floor(t / 0.2 s).
  for (const double t : {0.1, 0.3, 1.1, 2.05, 5.5, 8.9}) {
    system.run_until(Time::zero() + from_seconds(t));
    INFO("t = " << t);
    CHECK(system.component<Function>(0).concurrency() == 5 + static_cast<int>(t / 0.2));
  }
  system.run_until(Time::zero() + seconds(9) + milliseconds(100));
  CHECK(system.component<Function>(0).concurrency() == 50);
  system.run_until(Time::zero() + seconds(60));
  CHECK(system.component<Function>(0).concurrency() == 50);
  CHECK(system.result().functions[0].peak_concurrency == 50);
}

TEST_CASE("Lambda concurrency falls back to the idle level once the queue is empty") {
  SystemConfig s = lambda_system();
  add_producer(s, 2000, seconds(3));
  s.functions[0].processing = DurationDistribution(Distribution::constant(0.5));
  System system(s);
  system.run_until(Time::zero() + seconds(3));
  CHECK(system.component<Function>(0).concurrency() > 5);
  system.run();
  const RunResult r = system.result();
  CHECK(system.component<Function>(0).concurrency() == 5);
  CHECK(r.functions[0].processed == r.events.produced);
  CHECK(r.events.balanced());
  CHECK(r.events.processed == r.events.produced);
}

TEST_CASE("a throttled batch consumes a receive: with max_receive_count 1 it reaches the DLQ") {
  SystemConfig s = lambda_system();
  s.queues[0].visibility_timeout = seconds(5);
  s.queues[0].dead_letter_queue = "dlq";
  s.queues[0].max_receive_count = 1;
  QueueConfig dlq;
  dlq.name = "dlq";
  s.queues.push_back(dlq);
  FunctionConfig& f = s.functions[0];
  f.timeout = seconds(4);
  fixed_pollers(f, 1);
  f.reserved_concurrency = 0;
  f.throttle_retry = seconds(1);
  s.duration = seconds(6);
  System system(s);
  send(system, 1);
  system.run();
  const RunResult r = system.result();
  // Attempts at 0, 1, 2, 3 and 4 s; a retry at 5 s would be past the
  // visibility timeout, so the batch is given up and the message returns at
  // 5 s, when its second receive moves it to the DLQ.
  CHECK(r.functions[0].throttles == 5);
  CHECK(r.functions[0].throttled_batches == 1);
  CHECK(r.functions[0].invocations == 0);
  CHECK(r.queues[0].moved_to_dlq == 1);
  CHECK(r.queues[1].final_visible == 1);
}

TEST_CASE("throttling beyond reserved concurrency delays a batch until an invocation ends") {
  SystemConfig s = lambda_system();
  FunctionConfig& f = s.functions[0];
  f.batch_size = 1;
  fixed_pollers(f, 2);
  f.reserved_concurrency = 1;
  f.processing = DurationDistribution(Distribution::constant(3.0));
  s.duration = seconds(20);
  System system(s);
  send(system, 2);
  system.run();
  const RunResult r = system.result();
  // The second batch is refused at 0, 1 and 2 s and runs at 3 s.
  CHECK(r.functions[0].throttles == 3);
  CHECK(r.functions[0].throttled_batches == 0);
  CHECK(r.functions[0].invocations == 2);
  CHECK(r.functions[0].peak_executions == 1);
  CHECK(r.queues[0].deleted == 2);
  CHECK(r.functions[0].queue_wait.max() == 0);
}

TEST_CASE("with ReportBatchItemFailures only the failed messages return to the queue") {
  SystemConfig s = lambda_system();
  s.functions[0].poison_fraction = 0.5;
  s.functions[0].report_batch_item_failures = true;
  s.duration = seconds(5);
  System system(s);
  send(system, 10);
  system.run_until(Time::zero() + seconds(1));
  const PoisonSet poison(s.seed, "lambda:f/poison", 0.5);
  std::uint64_t bad = 0;
  for (std::uint64_t e = 0; e < 10; ++e) bad += poison.contains(e) ? 1 : 0;
  REQUIRE(bad > 0);
  REQUIRE(bad < 10);
  const RunResult r = system.result();
  CHECK(r.functions[0].invocations == 1);
  CHECK(r.functions[0].partial_failures == 1);
  CHECK(r.functions[0].failed_batches == 0);
  CHECK(r.functions[0].failed == bad);
  CHECK(r.queues[0].deleted == 10 - bad);
  CHECK(r.queues[0].final_in_flight == bad);
  CHECK(calls_made(r, "lambda:f", "DeleteMessageBatch") == 1);
}

TEST_CASE("without ReportBatchItemFailures the first failure returns the whole batch") {
  SystemConfig s = lambda_system();
  s.functions[0].poison_fraction = 0.5;
  s.duration = seconds(5);
  System system(s);
  send(system, 10);
  system.run_until(Time::zero() + seconds(1));
  const PoisonSet poison(s.seed, "lambda:f/poison", 0.5);
  std::uint64_t first_bad = 0;
  while (first_bad < 10 && !poison.contains(first_bad)) ++first_bad;
  REQUIRE(first_bad < 10);
  const RunResult r = system.result();
  CHECK(r.functions[0].failed_batches == 1);
  CHECK(r.functions[0].failed == 1);
  CHECK(r.functions[0].processed == first_bad);
  CHECK(r.functions[0].returned == 9);
  CHECK(r.queues[0].deleted == 0);
  CHECK(r.queues[0].final_in_flight == 10);
  CHECK(calls_made(r, "lambda:f", "DeleteMessageBatch") == 0);
}

TEST_CASE("a handler past its timeout is stopped, billed to the timeout, and deletes nothing") {
  SystemConfig s = lambda_system();
  s.functions[0].processing = DurationDistribution(Distribution::constant(2.0));
  s.functions[0].timeout = seconds(5);
  s.functions[0].batch_size = 3;
  s.duration = seconds(8);
  System system(s);
  send(system, 3);
  system.run();
  const RunResult r = system.result();
  CHECK(r.functions[0].timeouts == 1);
  CHECK(r.functions[0].failed_batches == 1);
  CHECK(r.queues[0].deleted == 0);
  CHECK(r.functions[0].duration.max() == seconds(5).ns);
  CHECK(r.functions[0].billed_ns == static_cast<std::uint64_t>(seconds(5).ns));
  CHECK(r.functions[0].gb_seconds == Approx(5.0 * 128 / 1024));
}

TEST_CASE("billed duration rounds up to the billing granularity") {
  SystemConfig s = lambda_system();
  s.functions[0].processing = DurationDistribution(Distribution::constant(0.0015));
  s.functions[0].batch_size = 1;
  s.functions[0].memory_mb = 1024;
  System system(s);
  send(system, 4);
  system.run();
  const RunResult r = system.result();
  CHECK(r.functions[0].invocations == 4);
  CHECK(r.functions[0].billed_ns == static_cast<std::uint64_t>(milliseconds(8).ns));
  CHECK(calls_made(r, "lambda:f", "Invoke") == 4);
}

TEST_CASE("a new environment starts cold, a warm one is reused until keep_warm passes") {
  SystemConfig s = lambda_system();
  add_producer(s, 1, seconds(3));  // events at 1 s and 2 s
  fixed_pollers(s.functions[0], 1);
  s.functions[0].cold_start = DurationDistribution(Distribution::constant(0.3));
  s.duration = seconds(10);
  {
    System system(s);
    system.run();
    const RunResult r = system.result();
    CHECK(r.functions[0].invocations == 2);
    CHECK(r.functions[0].cold_starts == 1);
    CHECK(r.functions[0].cold_start.max() == milliseconds(300).ns);
  }
  s.functions[0].keep_warm = milliseconds(500);
  System system(s);
  system.run();
  CHECK(system.result().functions[0].cold_starts == 2);
}

TEST_CASE("the mapping's receives and deletes are counted, empty receives included") {
  SystemConfig s = lambda_system();
  s.duration = seconds(100);
  System system(s);
  system.run();
  const RunResult r = system.result();
  // Five idle pollers, each long poll ends empty at 20, 40, ..., 100 s.
  CHECK(calls_made(r, "lambda:f", "EmptyReceive") == 5 * 5);
  CHECK(calls_made(r, "lambda:f", "ReceiveMessage") == 5 * 5);
}

TEST_CASE("a batching window gathers several receives into one invocation") {
  SystemConfig s = lambda_system();
  FunctionConfig& f = s.functions[0];
  fixed_pollers(f, 1);
  f.batch_size = 100;
  f.batching_window = seconds(2);
  s.duration = seconds(5);
  System system(s);
  send(system, 30);
  system.run();
  const RunResult r = system.result();
  // Three receives of 10 at once, then a long poll that ends with the
  // window at 2 s: one invocation of 30.
  CHECK(r.functions[0].invocations == 1);
  CHECK(r.functions[0].processed == 30);
  CHECK(calls_made(r, "lambda:f", "DeleteMessageBatch") == 3);
  CHECK(r.functions[0].end_to_end.min() >= seconds(2).ns);
  CHECK(r.functions[0].end_to_end.max() < seconds(3).ns);
}

TEST_CASE("a mapping over a FIFO queue's receive quota waits throttle_retry before polling again") {
  // Two pollers on a FIFO queue that allows one ReceiveMessage a second:
  // the second poller's first receive is throttled. Polling again after
  // only the API latency would make ~1,000 calls a second here (and with
  // no latency, loop at one instant for ever).
  Kernel kernel;
  MessagePool pool;
  Books books;
  QueueConfig q;
  q.name = "q";
  q.fifo = FifoConfig{};
  q.fifo->api_rate_limit = 1;
  q.api_latency = DurationDistribution(Distribution::constant(0.001));
  Queue queue(q, 0, Context{1, kernel, books}, pool);
  queue.attach(kernel.attach(queue));
  FunctionConfig f;
  f.name = "f";
  f.queue = "q";
  f.initial_concurrency = 2;
  f.throttle_retry = seconds(1);
  Function function(f, queue, Context{1, kernel, books});
  function.attach(kernel.attach(function));
  function.start();
  kernel.run_until(Time::zero() + seconds(10));
  // One throttled receive a second at most, each followed by a 1 s wait.
  CHECK(queue.counters().throttled_receives >= 1);
  CHECK(queue.counters().throttled_receives <= 10);
}
