// Step Functions state machines: each state type's timing and transitions
// on a tiny machine, Retry and Catch, timeouts, the history cap, the
// account's StartExecution and StateTransition buckets, prices, and
// conservation in a whole system.
#include "sim/model/state_machines/state_machine.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

using Type = StateConfig::Type;

// The transition latency every machine here has, so each expectation is
// exact: a state entered costs L, and nothing but the states takes time.
constexpr Duration L = milliseconds(20);

StateConfig state(const std::string& name, Type type, const std::string& next = "") {
  StateConfig s;
  s.name = name;
  s.type = type;
  s.next = next;
  s.end = next.empty() && type != Type::succeed && type != Type::fail && type != Type::choice;
  return s;
}

StateConfig task(const std::string& name, double seconds, const std::string& next = "") {
  StateConfig s = state(name, Type::task, next);
  s.duration = DurationDistribution(Distribution::constant(seconds));
  return s;
}

// What the scenario reader does: names to indices.
std::uint32_t index_of(const StateMachineConfig& m, const std::string& name) {
  for (std::size_t i = 0; i < m.states.size(); ++i) {
    if (m.states[i].name == name) return static_cast<std::uint32_t>(i);
  }
  FAIL("no state " << name);
  return kNoState;
}

StateMachineConfig machine(std::vector<StateConfig> states,
                           StateMachineConfig::Type type = StateMachineConfig::Type::standard) {
  StateMachineConfig m;
  m.name = "flow";
  m.type = type;
  apply_type_defaults(m);
  m.transition_latency = L;
  m.start_at = states.front().name;
  m.states = std::move(states);
  for (StateConfig& s : m.states) {
    if (!s.next.empty()) s.next_state = index_of(m, s.next);
    if (!s.default_next.empty()) s.default_state = index_of(m, s.default_next);
    if (!s.iterator.empty()) s.iterator_state = index_of(m, s.iterator);
    for (ChoiceRule& c : s.choices) c.next_state = index_of(m, c.next);
    for (Catcher& c : s.catches) c.next_state = index_of(m, c.next);
    for (const std::string& b : s.branches) s.branch_states.push_back(index_of(m, b));
  }
  m.start_state = 0;
  return m;
}

// One machine on its own kernel, alone in its account.
struct Rig {
  explicit Rig(StateMachineConfig config, const StepFunctionsQuotas& quotas = {})
      : account(quotas), flow(std::move(config), Context{7, kernel, books}, account) {
    flow.attach(kernel.attach(flow));
  }
  // Starts `n` executions now and runs for an hour.
  StateMachineResult run(int n = 1) {
    for (int i = 0; i < n; ++i) flow.start_execution(kernel.now());
    kernel.run_until(Time::zero() + hours(1));
    return flow.result();
  }
  Kernel kernel;
  Books books;
  StepFunctionsAccount account;
  StateMachine flow;
};

Duration only_duration(const StateMachineResult& r) {
  REQUIRE(r.duration.count() == 1);
  return nanoseconds(r.duration.max());
}

}  // namespace

TEST_CASE("a wait of 5 s adds exactly 5 s and one transition to an execution") {
  const StateMachineResult without =
      Rig(machine({state("Start", Type::pass, "Done"), state("Done", Type::succeed)})).run();
  const StateMachineResult with = Rig(machine({state("Start", Type::pass, "Pause"),
                                               [] {
                                                 StateConfig w = state("Pause", Type::wait, "Done");
                                                 w.wait = seconds(5);
                                                 return w;
                                               }(),
                                               state("Done", Type::succeed)}))
                                      .run();
  CHECK(only_duration(without) == L * 2);
  CHECK(only_duration(with) == only_duration(without) + seconds(5) + L);
  CHECK(without.transitions == 2);
  CHECK(with.transitions == 3);
  CHECK(with.succeeded == 1);
  CHECK(with.state_entries == std::vector<std::uint64_t>{1, 1, 1});
}

TEST_CASE("a task that always fails is retried after 1, 2 and 4 s, then caught") {
  StateConfig call = task("Call", 0, "Done");
  call.failure_probability = 1.0;
  call.error = "Lambda.Unknown";
  call.retry.push_back(Retrier{{"States.ALL"}, seconds(1), 3, 2.0});
  call.catches.push_back(Catcher{{"Lambda.Unknown"}, "Recover"});
  const StateMachineResult r =
      Rig(machine({call, state("Recover", Type::pass), state("Done", Type::succeed)})).run();
  // Entered at L, fails at once; retries at L+1, L+3, L+7; then Recover.
  CHECK(only_duration(r) == seconds(1 + 2 + 4) + L * 2);
  CHECK(r.retries == 3);
  CHECK(r.caught == 1);
  // §10.2: each entry and each retry is a transition: Call, 3 retries, Recover.
  CHECK(r.transitions == 5);
  CHECK(r.state_entries == std::vector<std::uint64_t>{1, 1, 0});
}

TEST_CASE("max_delay caps the backoff and an exhausted retrier without a catch fails the run") {
  StateConfig call = task("Call", 0);
  call.failure_probability = 1.0;
  call.retry.push_back(Retrier{{"States.TaskFailed"}, seconds(1), 3, 2.0, milliseconds(1500)});
  const StateMachineResult r = Rig(machine({call})).run();
  CHECK(r.failed == 1);
  CHECK(r.succeeded == 0);
  REQUIRE(r.failed_duration.count() == 1);
  // 1 s, then 2 s and 4 s capped at 1.5 s.
  CHECK(r.failed_duration.max() == (L + seconds(4)).ns);
}

TEST_CASE("full jitter draws each retry's wait from zero to the backoff") {
  StateConfig call = task("Call", 0);
  call.failure_probability = 1.0;
  Retrier retrier{{"States.ALL"}, seconds(10), 1, 2.0};
  retrier.full_jitter = true;
  call.retry.push_back(retrier);
  Rig rig(machine({call}));
  const StateMachineResult r = rig.run(200);
  CHECK(r.failed == 200);
  // One 10 s backoff each, jittered: spread over [0, 10 s], mean near 5 s.
  CHECK(r.failed_duration.min() < (L + seconds(1)).ns);
  CHECK(r.failed_duration.max() > (L + seconds(9)).ns);
  CHECK(r.failed_duration.max() <= (L + seconds(10)).ns);
  const double mean_s = r.failed_duration.mean() * 1e-9 - L.seconds();
  CHECK(mean_s == Approx(5.0).margin(0.8));
}

TEST_CASE("a task past its timeout fails with States.Timeout, which TaskFailed does not catch") {
  StateConfig call = task("Call", 3.0, "Done");
  call.timeout = seconds(1);
  call.catches.push_back(Catcher{{"States.TaskFailed"}, "Wrong"});
  call.catches.push_back(Catcher{{"States.Timeout"}, "Done"});
  const StateMachineResult r =
      Rig(machine({call, state("Wrong", Type::fail), state("Done", Type::succeed)})).run();
  CHECK(r.task_timeouts == 1);
  CHECK(r.succeeded == 1);
  CHECK(only_duration(r) == seconds(1) + L * 2);
  CHECK(r.state_entries == std::vector<std::uint64_t>{1, 0, 1});
}

TEST_CASE("a task timeout counts when it comes, not when the attempt starts") {
  StateConfig call = task("Call", 3600.0, "Done");
  call.timeout = minutes(10);
  Rig rig(machine({call, state("Done", Type::succeed)}));
  rig.flow.start_execution(rig.kernel.now());
  // Before the 10 minutes are up the attempt is still running.
  rig.kernel.run_until(Time::zero() + minutes(9));
  StateMachineResult r = rig.flow.result();
  CHECK(r.task_timeouts == 0);
  CHECK(r.running == 1);
  rig.kernel.run_until(Time::zero() + minutes(11));
  r = rig.flow.result();
  CHECK(r.task_timeouts == 1);
  CHECK(r.failed == 1);
  CHECK(r.running == 0);
}

TEST_CASE("a map of 6 items of 1 s at most 2 at once takes 3 s") {
  StateConfig map = state("Each", Type::map, "Done");
  map.iterator = "Work";
  map.items = Distribution::constant(6);
  map.max_concurrency = 2;
  const StateMachineResult r =
      Rig(machine({map, task("Work", 1.0), state("Done", Type::succeed)})).run();
  // The Map, three rounds of two iterations, then Done.
  CHECK(only_duration(r) == L + (L + seconds(1)) * 3 + L);
  CHECK(r.transitions == 1 + 6 + 1);
  CHECK(r.state_entries == std::vector<std::uint64_t>{1, 6, 1});
}

TEST_CASE("a map of no items goes straight on") {
  StateConfig map = state("Each", Type::map, "Done");
  map.iterator = "Work";
  map.items = Distribution::constant(0);
  const StateMachineResult r =
      Rig(machine({map, task("Work", 1.0), state("Done", Type::succeed)})).run();
  CHECK(only_duration(r) == L * 2);
  CHECK(r.state_entries == std::vector<std::uint64_t>{1, 0, 1});
}

TEST_CASE("a parallel state takes as long as its longest branch") {
  StateConfig both = state("Both", Type::parallel, "Done");
  both.branches = {"Short", "Long"};
  const StateMachineResult r =
      Rig(machine({both, task("Short", 1.0), task("Long", 3.0), state("Done", Type::succeed)}))
          .run();
  CHECK(only_duration(r) == L + (L + seconds(3)) + L);
  CHECK(r.transitions == 4);
}

TEST_CASE("a failed branch fails its parallel with States.BranchFailed and abandons the rest") {
  StateConfig both = state("Both", Type::parallel, "Done");
  both.branches = {"Broken", "Long"};
  both.catches.push_back(Catcher{{"States.BranchFailed"}, "Recover"});
  StateConfig broken = task("Broken", 1.0);
  broken.failure_probability = 1.0;
  const StateMachineResult r =
      Rig(machine({both, broken, task("Long", 30.0), state("Recover", Type::pass),
                   state("Done", Type::succeed)}))
          .run();
  // Caught when Broken fails at 1 s; Long's answer at 30 s comes to nobody.
  CHECK(r.caught == 1);
  CHECK(r.succeeded == 1);
  CHECK(only_duration(r) == L + (L + seconds(1)) + L);
  CHECK(r.state_entries == std::vector<std::uint64_t>{1, 1, 1, 1, 0});
}

TEST_CASE("a choice takes each branch with its probability, the default the rest") {
  StateConfig pick = state("Pick", Type::choice);
  pick.choices.push_back(ChoiceRule{0.3, "A"});
  pick.default_next = "B";
  StateMachineConfig m = machine({pick, state("A", Type::succeed), state("B", Type::succeed)});
  StepFunctionsQuotas all_at_once;  // not throttled
  all_at_once.standard_start_bucket = 10'000;
  all_at_once.standard_transition_bucket = 20'000;
  const StateMachineResult r = Rig(m, all_at_once).run(10'000);
  CHECK(r.throttled == 0);
  CHECK(r.throttled_transitions == 0);
  CHECK(r.succeeded == 10'000);
  // Binomial(10,000, 0.3): sd 46; five of them either side.
  CHECK(r.state_entries[1] > 2'770);
  CHECK(r.state_entries[1] < 3'230);
  CHECK(r.state_entries[1] + r.state_entries[2] == 10'000);
}

TEST_CASE("a choice with no default fails with States.NoChoiceMatched when no rule is drawn") {
  StateConfig pick = state("Pick", Type::choice);
  pick.choices.push_back(ChoiceRule{0.0, "A"});
  const StateMachineResult r = Rig(machine({pick, state("A", Type::succeed)})).run();
  CHECK(r.failed == 1);
}

TEST_CASE("waiting for a task token adds the callback's delay to the task") {
  StateConfig call = task("Call", 1.0);
  call.wait_for_task_token = true;
  call.token_delay = DurationDistribution(Distribution::constant(30));
  const StateMachineResult r = Rig(machine({call})).run();
  CHECK(only_duration(r) == L + seconds(31));
}

TEST_CASE("an execution still open at the machine's timeout has timed out") {
  StateMachineConfig m = machine({task("Slow", 600.0)});
  m.timeout = seconds(5);
  const StateMachineResult r = Rig(m).run();
  CHECK(r.timed_out == 1);
  CHECK(r.succeeded == 0);
  REQUIRE(r.failed_duration.count() == 1);
  CHECK(r.failed_duration.max() == seconds(5).ns);
}

TEST_CASE("a Standard loop that never ends fails at the history cap") {
  StateMachineConfig m = machine({state("A", Type::pass, "B"), state("B", Type::pass, "A")});
  m.max_history_events = 100;
  const StateMachineResult r = Rig(m).run();
  CHECK(r.failed == 1);
  CHECK(r.history_exceeded == 1);
  // Two history events a state: the 51st entry passes 100.
  CHECK(r.transitions == 51);
}

TEST_CASE("StartExecution beyond the bucket is throttled until it refills") {
  StateMachineConfig m = machine({task("Work", 1.0)});
  StepFunctionsQuotas q;
  q.standard_start_bucket = 5;
  q.standard_start_rate = 1;
  Rig rig(m, q);
  int admitted = 0;
  for (int i = 0; i < 10; ++i) admitted += rig.flow.start_execution(Time::zero()) ? 1 : 0;
  CHECK(admitted == 5);
  rig.kernel.run_until(Time::zero() + seconds(1));
  CHECK(rig.flow.start_execution(rig.kernel.now()));
  CHECK_FALSE(rig.flow.start_execution(rig.kernel.now()));
  const StateMachineResult r = rig.flow.result();
  CHECK(r.started == 6);
  CHECK(r.throttled == 6);
}

TEST_CASE("the type's defaults are services.md's quotas and limits") {
  StateMachineConfig m;
  apply_type_defaults(m);
  CHECK(m.timeout == hours(24 * 365));
  m.type = StateMachineConfig::Type::express;
  apply_type_defaults(m);
  CHECK(m.timeout == minutes(5));
  // §10.6, big-3 Regions: the account's buckets.
  const StepFunctionsQuotas q;
  CHECK(q.standard_start_bucket == 1300);
  CHECK(q.standard_start_rate == 300);
  CHECK(q.express_start_bucket == 6000);
  CHECK(q.express_start_rate == 6000);
  CHECK(q.standard_transition_bucket == 5000);
  CHECK(q.standard_transition_rate == 1500);
}

TEST_CASE("a 5-state 1-second execution costs $2.04 per million as Express, $125 as Standard") {
  // services.md §10.7's worked comparison: five states, one second, 64 MB.
  const auto five_states = [](StateMachineConfig::Type type) {
    StateMachineConfig m =
        machine({state("A", Type::pass, "B"), state("B", Type::pass, "C"), task("C", 0.9, "D"),
                 state("D", Type::pass, "E"), state("E", Type::succeed)},
                type);
    m.transition_latency = milliseconds(5);
    return m;
  };
  const StateMachineResult express = Rig(five_states(StateMachineConfig::Type::express)).run();
  const StateMachineResult standard = Rig(five_states(StateMachineConfig::Type::standard)).run();
  // 0.925 s billed as 1.0 s, at 64 MB.
  CHECK(express.billed_gb_seconds == Approx(0.0625));
  CHECK(express.cost_usd * 1e6 == Approx(1.00 + 10 * 0.1042).epsilon(1e-6));
  CHECK(standard.transitions == 5);
  CHECK(standard.cost_usd * 1e6 == Approx(125.0));
}

TEST_CASE("every execution a producer starts closes once or is still running, and events balance") {
  SystemConfig c;
  c.name = "sfn-test";
  c.duration = seconds(60);
  ProducerConfig p;
  p.name = "orders";
  p.target_table = "state_machines";
  p.target = "flow";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{20};
  p.templates.push_back(EventTemplate{});
  c.producers.push_back(p);
  StateConfig call = task("Call", 2.0, "Done");
  call.failure_probability = 0.2;
  StateMachineConfig m = machine({call, state("Done", Type::succeed)});
  // 20 starts a second against 10 refilled: the producer's retries and
  // give-ups show the quota; 40 transitions a second against 30 refilled
  // hold transitions back.
  c.step_functions.standard_start_bucket = 10;
  c.step_functions.standard_start_rate = 10;
  c.step_functions.standard_transition_bucket = 30;
  c.step_functions.standard_transition_rate = 15;
  c.state_machines.push_back(m);
  System system(c);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.state_machines.size() == 1);
  const StateMachineResult& f = r.state_machines[0];
  CHECK(f.started > 0);
  CHECK(f.throttled > 0);
  CHECK(f.failed > 0);
  CHECK(f.started == f.succeeded + f.failed + f.timed_out + f.running);
  CHECK(f.started <= 10 + 60 * 10);
  CHECK(f.throttled_transitions > 0);
  CHECK(f.transition_throttle.count() == f.throttled_transitions);
  CHECK(r.events.balanced());
  CHECK(r.events.throttled == f.throttled_given_up);
}

namespace {

// Machines sharing one account on one kernel.
struct Account {
  explicit Account(std::vector<StateMachineConfig> configs, const StepFunctionsQuotas& quotas = {})
      : account(quotas) {
    for (StateMachineConfig& c : configs) {
      machines.push_back(
          std::make_unique<StateMachine>(std::move(c), Context{7, kernel, books}, account));
      machines.back()->attach(kernel.attach(*machines.back()));
    }
  }
  // Each machine is started `per_second` times a second (evenly) for
  // `seconds`, then the run goes on for an hour.
  void start_steadily(int per_second, int seconds) {
    const std::int64_t step = 1'000'000 / per_second;
    for (std::int64_t i = 0; i < std::int64_t{per_second} * seconds; ++i) {
      const Time at = Time::zero() + microseconds(i * step);
      kernel.run_until(at);
      for (auto& m : machines) m->start_execution(at);
    }
    kernel.run_until(Time::zero() + hours(1));
  }
  Kernel kernel;
  Books books;
  StepFunctionsAccount account;
  std::vector<std::unique_ptr<StateMachine>> machines;
};

StateMachineConfig named(StateMachineConfig m, const std::string& name) {
  m.name = name;
  return m;
}

}  // namespace

TEST_CASE("the account's StartExecution bucket is shared by every Standard machine") {
  const StateMachineConfig one = machine({state("Done", Type::succeed)});
  // 200 starts a second for 20 s against 1,300 tokens refilled at 300 a
  // second: one machine alone is never throttled.
  Account alone({named(one, "restock")});
  alone.start_steadily(200, 20);
  CHECK(alone.machines[0]->result().started == 4'000);
  CHECK(alone.machines[0]->result().throttled == 0);
  // Two take 400 a second from the same bucket: it runs dry after 13 s, and
  // from then on only the refill's 300 a second start.
  Account both({named(one, "restock"), named(one, "refund")});
  both.start_steadily(200, 20);
  const StateMachineResult a = both.machines[0]->result();
  const StateMachineResult b = both.machines[1]->result();
  // Each step restock asks first and takes the refill's token; refund,
  // asking second, is refused.
  CHECK(a.throttled + b.throttled > 600);
  CHECK(a.started + a.throttled == 4'000);
  CHECK(b.started + b.throttled == 4'000);
  // 1,300 + 300 x 20 at most (the last start comes at 19.995 s).
  CHECK(a.started + b.started <= 1'300 + 300 * 20);
  CHECK(a.started + b.started >= 1'300 + 300 * 20 - 2);
}

TEST_CASE("Standard and Express machines take from separate StartExecution buckets") {
  StepFunctionsQuotas q;
  q.standard_start_bucket = 3;
  q.standard_start_rate = 0.001;
  q.express_start_bucket = 5;
  q.express_start_rate = 0.001;
  Account mixed({named(machine({state("Done", Type::succeed)}), "standard"),
                 named(machine({state("Done", Type::succeed)}, StateMachineConfig::Type::express),
                       "express")},
                q);
  for (int i = 0; i < 10; ++i) {
    mixed.machines[0]->start_execution(Time::zero());
    mixed.machines[1]->start_execution(Time::zero());
  }
  CHECK(mixed.machines[0]->result().started == 3);
  CHECK(mixed.machines[1]->result().started == 5);
}

TEST_CASE("transitions beyond the StateTransition bucket wait exactly for their tokens") {
  // 5 tokens refilled at 2 a second; 10 one-state executions at once: the
  // first 5 enter at once, the others as tokens come, 0.5 s apart.
  StepFunctionsQuotas q;
  q.standard_transition_bucket = 5;
  q.standard_transition_rate = 2;
  Rig rig(machine({state("Done", Type::succeed)}), q);
  for (int i = 0; i < 10; ++i) rig.flow.start_execution(Time::zero());
  const auto succeeded_by = [&](Duration d) {
    rig.kernel.run_until(Time::zero() + L + d);
    return rig.flow.result().succeeded;
  };
  CHECK(succeeded_by(milliseconds(250)) == 5);
  CHECK(succeeded_by(milliseconds(750)) == 6);
  CHECK(succeeded_by(milliseconds(1250)) == 7);
  CHECK(succeeded_by(milliseconds(2250)) == 9);
  CHECK(succeeded_by(milliseconds(2750)) == 10);
  const StateMachineResult r = rig.run(0);
  CHECK(r.transitions == 10);
  CHECK(r.throttled_transitions == 5);
  // 0.5 + 1 + 1.5 + 2 + 2.5 s.
  CHECK(r.transition_throttle_seconds == Approx(7.5));
  CHECK(r.transition_throttle.count() == 5);
  CHECK(r.transition_throttle.max() == milliseconds(2500).ns);
  CHECK(r.duration.max() == (L + milliseconds(2500)).ns);
  CHECK(r.duration.min() == L.ns);
}

TEST_CASE("a saturated StateTransition bucket admits its size plus its refill over time") {
  // 100 tokens refilled at 50 a second; 2,000 one-state executions at once.
  // By t (past the first transition latency), 100 + floor(50 t) have
  // entered their state and closed.
  StepFunctionsQuotas q;
  q.standard_start_bucket = 2'000;
  q.standard_transition_bucket = 100;
  q.standard_transition_rate = 50;
  Rig rig(machine({state("Done", Type::succeed)}), q);
  for (int i = 0; i < 2'000; ++i) rig.flow.start_execution(Time::zero());
  for (const double t : {0.01, 1.01, 7.33, 19.99, 30.51}) {
    rig.kernel.run_until(Time::zero() + L + from_seconds(t));
    CHECK(rig.flow.result().succeeded == static_cast<std::uint64_t>(100 + std::floor(50 * t)));
  }
  const StateMachineResult r = rig.run(0);
  CHECK(r.succeeded == 2'000);
  CHECK(r.throttled_transitions == 1'900);
  CHECK(r.started == r.succeeded + r.failed + r.timed_out + r.running);
}

TEST_CASE("a retry is a transition that waits for its token before the attempt runs") {
  // Two tokens, refilled every 10 s: Call (token 1), its retry 1 s later
  // (token 2), the Done after it waits for the third token at 10 s.
  StateConfig call = task("Call", 0.0, "Done");
  call.failure_probability = 1.0;
  call.retry.push_back(Retrier{{"States.ALL"}, seconds(1), 1, 2.0});
  call.catches.push_back(Catcher{{"States.ALL"}, "Done"});
  StepFunctionsQuotas q;
  q.standard_transition_bucket = 2;
  q.standard_transition_rate = 0.1;
  const StateMachineResult r = Rig(machine({call, state("Done", Type::succeed)}), q).run();
  CHECK(r.transitions == 3);
  CHECK(r.retries == 1);
  CHECK(r.throttled_transitions == 1);
  // Done was asked for at L + 1 s; its token came at 10 s.
  CHECK(r.transition_throttle_seconds == Approx(10 - 1 - L.seconds()));
  CHECK(only_duration(r).seconds() == Approx(10 + L.seconds()));
}

TEST_CASE("Express executions are never held back by the StateTransition bucket") {
  StepFunctionsQuotas q;
  q.standard_transition_bucket = 1;
  q.standard_transition_rate = 0.001;
  const std::vector<StateConfig> five = {state("A", Type::pass, "B"), state("B", Type::pass, "C"),
                                         state("C", Type::pass, "D"), state("D", Type::pass, "E"),
                                         state("E", Type::succeed)};
  const StateMachineResult express =
      Rig(machine(five, StateMachineConfig::Type::express), q).run(100);
  CHECK(express.succeeded == 100);
  CHECK(express.transitions == 500);
  CHECK(express.throttled_transitions == 0);
  CHECK(express.transition_throttle.count() == 0);
  CHECK(express.duration.max() == (L * 5).ns);
  // The same machine as Standard under the same quota waits 1,000 s a
  // token.
  const StateMachineResult standard = Rig(machine(five), q).run(1);
  CHECK(standard.throttled_transitions == 4);
  CHECK(standard.running == 1);
}

TEST_CASE("machines of an account wait in one line for StateTransition tokens") {
  // One token a second, no burst beyond 1: restock's 3 executions take the
  // first token and the next two; refund's execution, started after them,
  // waits its turn behind them.
  StepFunctionsQuotas q;
  q.standard_transition_bucket = 1;
  q.standard_transition_rate = 1;
  Account both({named(machine({state("Done", Type::succeed)}), "restock"),
                named(machine({state("Done", Type::succeed)}), "refund")},
               q);
  for (int i = 0; i < 3; ++i) both.machines[0]->start_execution(Time::zero());
  both.machines[1]->start_execution(Time::zero());
  both.kernel.run_until(Time::zero() + hours(1));
  const StateMachineResult refund = both.machines[1]->result();
  CHECK(both.machines[0]->result().throttled_transitions == 2);
  CHECK(refund.throttled_transitions == 1);
  CHECK(refund.duration.max() == (seconds(3) + L).ns);
}

TEST_CASE("expected transitions follow choices, retries, catches, maps and loops") {
  // A task failing half its attempts, retried twice: 1 + 0.5 + 0.25
  // transitions, then Done (0.875) or, caught, Recover (0.125).
  StateConfig call = task("Call", 1.0, "Done");
  call.failure_probability = 0.5;
  call.retry.push_back(Retrier{{"States.ALL"}, seconds(1), 2, 2.0});
  call.catches.push_back(Catcher{{"States.ALL"}, "Recover"});
  CHECK(expected_transitions(machine(
            {call, state("Done", Type::succeed), state("Recover", Type::fail)})) == Approx(2.75));
  // A map of 3 items of 2 states, then Done.
  StateConfig map = state("Map", Type::map, "Done");
  map.iterator = "Work";
  map.items = Distribution::constant(3);
  CHECK(expected_transitions(machine({map, state("Work", Type::pass, "More"),
                                      state("More", Type::pass), state("Done", Type::succeed)})) ==
        Approx(1 + 3 * 2 + 1));
  // A loop back half the time: T = 1 + (1 + T/2 + 1/2), so T = 5.
  StateConfig again = state("Again", Type::choice);
  again.choices.push_back(ChoiceRule{0.5, "A"});
  again.default_next = "Done";
  const StateMachineConfig loop =
      machine({state("A", Type::pass, "Again"), again, state("Done", Type::succeed)});
  CHECK(expected_transitions(loop) == Approx(5.0));
  // And the simulated mean agrees.
  StepFunctionsQuotas q;
  q.standard_start_bucket = 20'000;
  q.standard_transition_bucket = 1e6;
  const StateMachineResult r = Rig(loop, q).run(20'000);
  CHECK(static_cast<double>(r.transitions) / 20'000 == Approx(5.0).epsilon(0.03));
}
