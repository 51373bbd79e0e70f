#include "sim/model/state_machines/state_machine.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "sim/model/support/books.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/offered_load.hpp"

namespace edasim::model {

namespace {

using Type = StateConfig::Type;

// §10.3: States.ALL matches every error, States.TaskFailed every one but
// States.Timeout.
bool matches(const std::vector<std::string>& errors, std::string_view error) {
  return std::any_of(errors.begin(), errors.end(), [&](const std::string& e) {
    return e == error || e == kStatesAll || (e == kStatesTaskFailed && error != kStatesTimeout);
  });
}

// §10.2 (UNCONFIRMED there, its suggested parameter): history events a
// state's entry writes.
std::uint64_t history_events(Type type) {
  return type == Type::task ? 5 : 2;
}

}  // namespace

StateMachine::StateMachine(StateMachineConfig config, const Context& context,
                           StepFunctionsAccount& account)
    : config_(std::move(config)),
      sources_(context.sources),
      kernel_(context.kernel),
      books_(context.books),
      account_(account),
      durations_(context.seed, "state_machine:" + config_.name + "/durations"),
      failures_(context.seed, "state_machine:" + config_.name + "/failures"),
      choices_(context.seed, "state_machine:" + config_.name + "/choices"),
      jitter_(context.seed, "state_machine:" + config_.name + "/jitter") {
  if (config_.states.empty() || config_.start_state >= config_.states.size())
    throw std::invalid_argument("state machine " + config_.name + ": no start state");
  result_.name = config_.name;
  result_.type = config_.type == StateMachineConfig::Type::express ? "express" : "standard";
  for (const StateConfig& s : config_.states) result_.state_names.push_back(s.name);
  result_.state_entries.assign(config_.states.size(), 0);
  std::vector<rules::RuleSource> patterns;
  for (std::uint32_t i = 0; i < config_.states.size(); ++i) {
    const StateConfig& s = config_.states[i];
    for (std::uint32_t r = 0; r < s.choices.size(); ++r) {
      if (s.choices[r].pattern.empty()) continue;
      patterns.push_back({s.name + ".choices[" + std::to_string(r) + "]", s.choices[r].pattern});
      pattern_rule_.emplace_back(i, r);
    }
  }
  matcher_ = std::make_unique<rules::RuleSet>(rules::RuleSet::compile(patterns));
  items_path_ids_.assign(config_.states.size(), 0);
  for (std::uint32_t i = 0; i < config_.states.size(); ++i) {
    if (!config_.states[i].items_path.empty())
      items_path_ids_[i] = matcher_->paths().intern(config_.states[i].items_path);
  }
}

const rules::Event& StateMachine::read_input(std::uint32_t execution) {
  input_.clear();
  input_matched_.clear();
  const std::uint64_t input = executions_[execution].input;
  const EventFactory* factory =
      input == kNoInput || sources_ == nullptr ? nullptr : sources_->remake(input);
  if (factory != nullptr) {
    auto it = std::find_if(input_paths_.begin(), input_paths_.end(),
                           [&](const auto& p) { return p.first == factory; });
    if (it == input_paths_.end()) {
      input_paths_.emplace_back(factory, intern_paths(*factory, matcher_->paths()));
      it = std::prev(input_paths_.end());
    }
    build_rules_event(*factory, it->second, input_);
  }
  if (!pattern_rule_.empty()) matcher_->match(input_, match_buffers_, input_matched_);
  return input_;
}

bool StateMachine::input_matches(std::uint32_t state, std::size_t rule) const {
  for (const rules::RuleIndex k : input_matched_) {
    if (pattern_rule_[k].first == state && pattern_rule_[k].second == rule) return true;
  }
  return false;
}

std::uint32_t StateMachine::input_items(std::uint32_t state) const {
  // Elements of every array at the path (one, unless it is nested in
  // another array: then all of them, as a flattened ItemsPath would give).
  std::uint32_t n = 0;
  const auto arrays = input_.arrays();
  for (const rules::EventElement& e : input_.elements()) {
    // Element 0 is the event itself, in no array.
    if (e.array != rules::Event::no_array && arrays[e.array].path == items_path_ids_[state]) ++n;
  }
  return n;
}

void StateMachine::schedule(Duration delay, Kind kind, std::uint32_t slot,
                            std::uint32_t generation) {
  kernel_.schedule_in(delay, id_, kind,
                      static_cast<std::uint64_t>(slot) | (std::uint64_t{generation} << 32));
}

bool StateMachine::start_execution(Time produced, bool relayed, std::uint64_t input) {
  if (!account_.starts(config_.type).take(kernel_.now())) {
    ++result_.throttled;
    return false;
  }
  const std::uint32_t e = new_execution();
  Execution& x = executions_[e];
  // An execution's time runs from its start; the event's wait before it
  // (a producer's batching, throttled retries) is the sender's.
  (void)produced;
  x.started = kernel_.now();
  x.input = input;
  x.relayed = relayed;
  if (relayed) ++running_relayed_;
  ++result_.started;
  schedule(config_.timeout, execution_timeout, e, x.generation);
  enter(spawn(e, kNoState), config_.start_state);
  return true;
}

void StateMachine::give_up(std::uint64_t starts) {
  result_.throttled_given_up += starts;
  books_.events.throttled += starts;
}

std::uint32_t StateMachine::new_execution() {
  std::uint32_t e;
  if (free_executions_.empty()) {
    e = static_cast<std::uint32_t>(executions_.size());
    executions_.emplace_back();
  } else {
    e = free_executions_.back();
    free_executions_.pop_back();
  }
  Execution& x = executions_[e];
  x.active = true;
  x.history = 0;
  x.threads.clear();
  return e;
}

std::uint32_t StateMachine::spawn(std::uint32_t execution, std::uint32_t parent) {
  std::uint32_t t;
  if (free_threads_.empty()) {
    t = static_cast<std::uint32_t>(threads_.size());
    threads_.emplace_back();
  } else {
    t = free_threads_.back();
    free_threads_.pop_back();
  }
  Thread& th = threads_[t];
  th.execution = execution;
  th.parent = parent;
  th.active = true;
  th.pending = 0;
  th.items_left = 0;
  executions_[execution].threads.push_back(t);
  return t;
}

void StateMachine::free_thread(std::uint32_t t) {
  Thread& th = threads_[t];
  if (!th.active) return;
  th.active = false;
  ++th.generation;
  free_threads_.push_back(t);
}

void StateMachine::enter(std::uint32_t t, std::uint32_t state) {
  Thread& th = threads_[t];
  const StateConfig& s = config_.states[state];
  th.state = state;
  ++result_.transitions;
  ++result_.state_entries[state];
  Execution& x = executions_[th.execution];
  x.history += history_events(s.type);
  if (config_.type == StateMachineConfig::Type::standard &&
      x.history > config_.max_history_events) {
    ++result_.history_exceeded;
    close(th.execution, Outcome::failed);
    return;
  }
  schedule(throttle_transition() + config_.transition_latency, entered, t, th.generation);
}

Duration StateMachine::throttle_transition() {
  if (config_.type == StateMachineConfig::Type::express) return Duration::zero();
  const Duration wait = account_.transitions().reserve(kernel_.now());
  if (wait > Duration::zero()) {
    ++result_.throttled_transitions;
    result_.transition_throttle_seconds += wait.seconds();
    result_.transition_throttle.record(wait.ns);
  }
  return wait;
}

void StateMachine::run_state(std::uint32_t t) {
  const StateConfig& s = config_.states[threads_[t].state];
  switch (s.type) {
    case Type::pass:
      advance(t);
      return;
    case Type::succeed:
      thread_succeeded(t);
      return;
    case Type::fail:
      thread_failed(t, s.error);
      return;
    case Type::wait:
      schedule(s.wait, resume, t, threads_[t].generation);
      return;
    case Type::choice: {
      // One uniform per Choice, whatever its rules, so a pattern added
      // moves no other draw.
      const double u = choices_.uniform();
      const bool reads = std::any_of(s.choices.begin(), s.choices.end(),
                                     [](const ChoiceRule& r) { return !r.pattern.empty(); });
      if (reads) read_input(threads_[t].execution);
      double below = 0;
      for (std::size_t r = 0; r < s.choices.size(); ++r) {
        const ChoiceRule& rule = s.choices[r];
        bool taken = false;
        if (!rule.pattern.empty()) {
          taken = input_matches(threads_[t].state, r);
        } else {
          below += rule.probability;
          taken = u < below;
        }
        if (taken) {
          enter(t, rule.next_state);
          return;
        }
      }
      if (s.default_state != kNoState) {
        enter(t, s.default_state);
      } else {
        thread_failed(t, kStatesNoChoiceMatched);
      }
      return;
    }
    case Type::task:
      threads_[t].retried.assign(s.retry.size(), 0);
      attempt(t);
      return;
    case Type::parallel: {
      threads_[t].pending = static_cast<std::uint32_t>(s.branch_states.size());
      const std::uint32_t execution = threads_[t].execution;
      for (const std::uint32_t start : s.branch_states) enter(spawn(execution, t), start);
      return;
    }
    case Type::map: {
      std::uint32_t items = 0;
      if (!s.items_path.empty()) {
        read_input(threads_[t].execution);
        items = input_items(threads_[t].state);
      } else {
        const double drawn = s.items.sample(durations_);
        items = static_cast<std::uint32_t>(std::clamp(std::floor(drawn), 0.0, 1e9));
      }
      if (items == 0) {
        advance(t);
        return;
      }
      const std::uint32_t now = std::min(items, s.max_concurrency);
      threads_[t].pending = now;
      threads_[t].items_left = items - now;
      const std::uint32_t execution = threads_[t].execution;
      for (std::uint32_t i = 0; i < now; ++i) enter(spawn(execution, t), s.iterator_state);
      return;
    }
  }
}

void StateMachine::attempt(std::uint32_t t, Duration after) {
  const StateConfig& s = config_.states[threads_[t].state];
  Duration took = s.duration.sample(durations_);
  if (s.wait_for_task_token) took += s.token_delay.sample(durations_);
  bool ok = !(s.failure_probability > 0 && failures_.uniform() < s.failure_probability);
  std::string_view error = s.error;
  // §10.4: the task fails with States.Timeout when its time is up (counted
  // then, in handle(): an attempt whose timeout lies past the run's end, or
  // whose branch is abandoned first, has not timed out).
  const bool timed_out = s.timeout > Duration::zero() && took > s.timeout;
  if (timed_out) {
    took = s.timeout;
    ok = false;
    error = kStatesTimeout;
  }
  threads_[t].ok = ok;
  threads_[t].timed_out = timed_out;
  threads_[t].error = error;
  schedule(after + took, task_done, t, threads_[t].generation);
}

void StateMachine::advance(std::uint32_t t) {
  const StateConfig& s = config_.states[threads_[t].state];
  if (s.end || s.next_state == kNoState) {
    thread_succeeded(t);
  } else {
    enter(t, s.next_state);
  }
}

void StateMachine::state_failed(std::uint32_t t, std::string_view error) {
  const StateConfig& s = config_.states[threads_[t].state];
  for (std::size_t r = 0; r < s.retry.size(); ++r) {
    const Retrier& retrier = s.retry[r];
    if (!matches(retrier.errors, error)) continue;
    std::int32_t& retried = threads_[t].retried[r];
    if (retried >= retrier.max_attempts) break;
    // §10.3: the wait before retry n is interval * rate^(n-1), capped.
    double wait = retrier.interval.seconds() * std::pow(retrier.backoff_rate, retried);
    if (retrier.max_delay > Duration::zero()) wait = std::min(wait, retrier.max_delay.seconds());
    if (retrier.full_jitter) wait *= jitter_.uniform();
    ++retried;
    ++result_.retries;
    // §10.2: each retry is one more billed transition.
    ++result_.transitions;
    Execution& x = executions_[threads_[t].execution];
    x.history += history_events(s.type);
    if (config_.type == StateMachineConfig::Type::standard &&
        x.history > config_.max_history_events) {
      ++result_.history_exceeded;
      close(threads_[t].execution, Outcome::failed);
      return;
    }
    schedule(from_seconds(wait), retry_due, t, threads_[t].generation);
    return;
  }
  for (const Catcher& c : s.catches) {
    if (!matches(c.errors, error)) continue;
    ++result_.caught;
    enter(t, c.next_state);
    return;
  }
  thread_failed(t, error);
}

void StateMachine::abandon_children(std::uint32_t parent) {
  const Execution& x = executions_[threads_[parent].execution];
  // A child's children are abandoned with it.
  for (std::size_t i = 0; i < x.threads.size(); ++i) {
    const std::uint32_t c = x.threads[i];
    if (threads_[c].active && threads_[c].execution == threads_[parent].execution &&
        threads_[c].parent == parent) {
      abandon_children(c);
      free_thread(c);
    }
  }
}

void StateMachine::thread_succeeded(std::uint32_t t) {
  const std::uint32_t parent = threads_[t].parent;
  if (parent == kNoState) {
    close(threads_[t].execution, Outcome::succeeded);
    return;
  }
  const std::uint32_t execution = threads_[t].execution;
  free_thread(t);
  Thread& p = threads_[parent];
  const StateConfig& s = config_.states[p.state];
  if (s.type == Type::map && p.items_left > 0) {
    --p.items_left;
    enter(spawn(execution, parent), s.iterator_state);
    return;
  }
  if (--threads_[parent].pending == 0) advance(parent);
}

void StateMachine::thread_failed(std::uint32_t t, std::string_view error) {
  const std::uint32_t parent = threads_[t].parent;
  if (parent == kNoState) {
    (void)error;
    close(threads_[t].execution, Outcome::failed);
    return;
  }
  free_thread(t);
  abandon_children(parent);
  state_failed(parent, kStatesBranchFailed);
}

void StateMachine::close(std::uint32_t e, Outcome outcome) {
  Execution& x = executions_[e];
  if (!x.active) return;
  const Duration took = kernel_.now() - x.started;
  switch (outcome) {
    case Outcome::succeeded:
      ++result_.succeeded;
      result_.duration.record(took.ns);
      if (!x.relayed) {
        ++books_.events.routed_events;
        ++books_.events.copies;
      }
      ++books_.events.processed;
      break;
    case Outcome::failed:
    case Outcome::timed_out:
      ++(outcome == Outcome::failed ? result_.failed : result_.timed_out);
      result_.failed_duration.record(took.ns);
      ++(x.relayed ? books_.events.rejected : books_.events.failed_requests);
      break;
  }
  if (x.relayed) --running_relayed_;
  if (config_.type == StateMachineConfig::Type::express) {
    // §10.7: duration rounded up to the next 100 ms, memory to 64 MB chunks.
    const std::int64_t step = milliseconds(100).ns;
    const std::int64_t billed_ns = (took.ns + step - 1) / step * step;
    const std::int64_t billed_mb = (config_.memory_mb + 63) / 64 * 64;
    result_.billed_gb_seconds +=
        static_cast<double>(billed_ns) * 1e-9 * static_cast<double>(billed_mb) / 1024.0;
  }
  // A slot freed earlier may run another execution's branch by now.
  for (const std::uint32_t t : x.threads) {
    if (threads_[t].execution == e) free_thread(t);
  }
  x.threads.clear();
  x.active = false;
  ++x.generation;
  free_executions_.push_back(e);
  ++closed_;
}

void StateMachine::handle(core::Kernel&, const core::Event& event) {
  const auto slot = static_cast<std::uint32_t>(event.data & 0xFFFFFFFF);
  const auto generation = static_cast<std::uint32_t>(event.data >> 32);
  if (event.kind == execution_timeout) {
    const Execution& x = executions_[slot];
    if (x.active && x.generation == generation) close(slot, Outcome::timed_out);
    return;
  }
  const Thread& th = threads_[slot];
  // A branch its execution closed, or its Parallel abandoned.
  if (!th.active || th.generation != generation) return;
  switch (static_cast<Kind>(event.kind)) {
    case entered:
      run_state(slot);
      return;
    case task_done:
      if (th.ok) {
        advance(slot);
      } else {
        if (th.timed_out) ++result_.task_timeouts;
        state_failed(slot, th.error);
      }
      return;
    case resume:
      advance(slot);
      return;
    case retry_due:
      // §10.2: the retry is a transition of its own, taken now.
      attempt(slot, throttle_transition());
      return;
    case execution_timeout:
      return;
  }
}

double expected_transitions(const StateMachineConfig& m) {
  const std::size_t n = m.states.size();
  if (n == 0) return 0;
  const double cap = static_cast<double>(m.max_history_events);
  // after[s]: the transitions of a branch entering s, s's own included.
  std::vector<double> after(n, 0.0), next(n, 0.0);
  const auto at = [&](std::uint32_t s) { return s < n ? after[s] : 0.0; };
  for (int round = 0; round < 10'000; ++round) {
    double moved = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const StateConfig& s = m.states[i];
      const double on = s.end ? 0.0 : at(s.next_state);
      double t = 1;
      switch (s.type) {
        case Type::pass:
        case Type::wait:
          t += on;
          break;
        case Type::succeed:
        case Type::fail:
          break;
        case Type::choice: {
          // A rule on the input's fields has no share known before a run:
          // the rest of the probability goes to the cheapest of those
          // rules' branches and the default, so the estimate stays a lower
          // bound, as offered load is.
          double taken = 0;
          bool patterns = false;
          double cheapest = at(s.default_state);
          for (const ChoiceRule& c : s.choices) {
            if (!c.pattern.empty()) {
              patterns = true;
              cheapest = std::min(cheapest, at(c.next_state));
              continue;
            }
            t += c.probability * at(c.next_state);
            taken += c.probability;
          }
          t += std::max(0.0, 1 - taken) * (patterns ? cheapest : at(s.default_state));
          break;
        }
        case Type::parallel:
          for (const std::uint32_t b : s.branch_states) t += at(b);
          t += on;
          break;
        case Type::map:
          t += std::max(0.0, s.items.mean()) * at(s.iterator_state) + on;
          break;
        case Type::task: {
          const double p = s.failure_probability;
          // The first retrier matching the error retries up to max_attempts
          // times: p + p^2 + ... retries, and the task fails for good with
          // p^(attempts + 1).
          double retries = 0, fails = p;
          for (const Retrier& r : s.retry) {
            if (!matches(r.errors, s.error)) continue;
            for (std::int32_t k = 0; k < r.max_attempts && fails > 1e-12; ++k) {
              retries += fails;
              fails *= p;
            }
            break;
          }
          t += retries + (1 - fails) * on;
          for (const Catcher& c : s.catches) {
            if (!matches(c.errors, s.error)) continue;
            t += fails * at(c.next_state);
            break;
          }
          break;
        }
      }
      next[i] = std::min(t, cap);
      moved = std::max(moved, std::abs(next[i] - after[i]));
    }
    after.swap(next);
    if (moved < 1e-9) break;
  }
  return at(m.start_state);
}

StateMachineResult StateMachine::result() const {
  StateMachineResult r = result_;
  r.running = running();
  if (config_.type == StateMachineConfig::Type::express) {
    r.cost_usd = static_cast<double>(r.started) * StateMachineConfig::kExpressPerRequest +
                 r.billed_gb_seconds * StateMachineConfig::kExpressPerGbSecond;
  } else {
    r.cost_usd = static_cast<double>(r.transitions) * StateMachineConfig::kStandardPerTransition;
  }
  return r;
}

void StateMachine::offer(const OfferSample& s, OfferedLoad& load) const {
  const double w = s.weight;
  load.add("state_machines", name(), {w, w * static_cast<double>(s.entry.size), w});
}

}  // namespace edasim::model
