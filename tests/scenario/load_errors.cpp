// Every kind of mistake in a scenario is reported with where it is and what
// was expected; nothing is clamped or ignored.
#include <catch2/catch.hpp>

#include "snippets.hpp"

using namespace edasim;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

TEST_CASE("a TOML syntax error is placed at its line and column", "[errors]") {
  const Diagnostic d = only_problem("[queues.q]\nretention = \"1d\nx = 1\n");
  CHECK(d.where == "test.toml");
  CHECK(d.line == 2);
  CHECK(d.column > 0);
  CHECK_FALSE(d.message.empty());
}

TEST_CASE("an error prints as one line: file, position, key, message", "[errors]") {
  const std::string text = minimal + "\n[queues.slow]\nvisibility_timeout = \"13h\"\n";
  try {
    load_text(text, "scenarios/x.toml");
    FAIL("loaded");
  } catch (const ScenarioError& e) {
    CHECK(std::string(e.what()) ==
          "scenarios/x.toml:10:22: queues.slow.visibility_timeout: expected a duration of at "
          "most 12h, got \"13h\"");
    CHECK(e.where() == "scenarios/x.toml");
    CHECK(e.line() == 10);
    CHECK(e.column() == 22);
    CHECK(e.key() == "queues.slow.visibility_timeout");
  }
}

TEST_CASE("every problem in a file is reported, one per line", "[errors]") {
  const std::string text = minimal + "batch = 11\nwait = \"25s\"\ninstancs = 2\n";
  try {
    load_text(text, "t.toml");
    FAIL("loaded");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 3);
    const std::string what = e.what();
    CHECK(std::count(what.begin(), what.end(), '\n') == 2);
    CHECK(contains(what, "consumers.c.batch"));
    CHECK(contains(what, "consumers.c.wait"));
    CHECK(contains(what, "consumers.c.instancs"));
  }
}

TEST_CASE("an unknown key is reported with the nearest known key", "[errors]") {
  const Diagnostic d = only_problem(minimal + "[queues.r]\nvisiblity_timeout = \"30s\"\n");
  CHECK(d.key == "queues.r.visiblity_timeout");
  CHECK(d.line == 9);
  CHECK(contains(d.message, "unknown key \"visiblity_timeout\""));
  CHECK(contains(d.message, "did you mean \"visibility_timeout\"?"));
}

TEST_CASE("unknown keys are caught at every level", "[errors]") {
  CHECK(contains(only_problem(minimal + "[consumer.x]\n").message, "did you mean \"consumers\"?"));
  CHECK(only_problem("[scenario]\nseeds = 3\n" + minimal).key == "scenario.seeds");
  CHECK(only_problem(minimal + "processing = { dist = \"exponential\", mean = \"1s\", sd = 1 }\n")
            .key == "consumers.c.processing.sd");
  CHECK(only_problem(minimal + "on_failure = { action = \"backoff\", bse = \"1s\" }\n").key ==
        "consumers.c.on_failure.bse");
}

TEST_CASE("a value of the wrong type says what was expected", "[errors]") {
  const Diagnostic d = only_problem(minimal + "instances = \"4\"\n");
  CHECK(d.key == "consumers.c.instances");
  CHECK(d.message == "expected an integer, got \"4\"");
  CHECK(only_problem(minimal + "[buses]\nmain = 3\n").message == "expected a table, got 3");
}

TEST_CASE("a duration without a unit is rejected, not guessed", "[errors]") {
  const Diagnostic d = only_problem(minimal + "[queues.r]\nvisibility_timeout = 30\n");
  CHECK(d.key == "queues.r.visibility_timeout");
  CHECK(contains(d.message, "a bare number has no unit"));
}

TEST_CASE("a quantity with an unknown unit is rejected", "[errors]") {
  CHECK(contains(only_problem(minimal + "wait = \"20fortnights\"\n").message,
                 "unknown unit \"fortnights\""));
  CHECK(contains(only_problem(minimal + "[queues.r]\nmax_message_size = \"3 bananas\"\n").message,
                 "expected a size"));
  CHECK(only_problem(R"(
[producers.p]
to = "queue.q"
rate = "5 per fortnight"
[queues.q]
[consumers.c]
queue = "q"
)")
            .key == "producers.p.rate");
}

TEST_CASE("negative or impossible durations are rejected", "[errors]") {
  CHECK_FALSE(problems(minimal + "wait = \"-5s\"\n").empty());
  CHECK(only_problem("[scenario]\nduration = \"0s\"\n" + minimal).message ==
        "expected a duration greater than 0s, got \"0s\"");
}

TEST_CASE("SQS queue limits are enforced", "[errors]") {
  const auto queue_problem = [](const std::string& line) {
    return only_problem(minimal + "[queues.r]\n" + line + "\n");
  };
  CHECK(queue_problem("visibility_timeout = \"13h\"").message ==
        "expected a duration of at most 12h, got \"13h\"");
  CHECK(contains(queue_problem("retention = \"30s\"").message, "of at least 1m"));
  CHECK(contains(queue_problem("retention = \"15d\"").message, "of at most 14d"));
  CHECK(contains(queue_problem("delay = \"16m\"").message, "of at most 15m"));
  CHECK(contains(queue_problem("duplicate_probability = 1.5").message, "of at most 1"));
  CHECK(contains(queue_problem("max_message_size = \"2MiB\"").message, "of at most"));
  CHECK(contains(only_problem(minimal + "[queues.r]\ndead_letter_queue = \"q\"\n"
                                        "max_receive_count = 0\n")
                     .message,
                 "expected an integer of at least 1, got 0"));
  CHECK(contains(only_problem(minimal + "[queues.r]\ndead_letter_queue = \"q\"\n"
                                        "max_receive_count = 1001\n")
                     .message,
                 "of at most 1000"));
}

TEST_CASE("a dead-letter queue needs max_receive_count and the count needs a queue", "[errors]") {
  const Diagnostic missing = only_problem(minimal + "[queues.r]\ndead_letter_queue = \"q\"\n");
  CHECK(missing.key == "queues.r.max_receive_count");
  CHECK(contains(missing.message, "missing required key"));
  CHECK(contains(only_problem(minimal + "[queues.r]\nmax_receive_count = 3\n").message,
                 "only applies with a dead_letter_queue"));
}

TEST_CASE("receive and send batches are limited to 10", "[errors]") {
  CHECK(contains(only_problem(minimal + "batch = 11\n").message, "of at most 10"));
  CHECK(contains(only_problem(minimal + "batch = 0\n").message, "of at least 1"));
  CHECK(contains(only_problem(minimal + "wait = \"21s\"\n").message, "of at most 20s"));
  const Diagnostic put_events = only_problem(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
batch = 11
[queues.q]
[consumers.c]
queue = "q"
)");
  CHECK(put_events.key == "producers.p.batch");
  CHECK(contains(put_events.message, "of at most 10"));
}

TEST_CASE("probabilities outside [0, 1] are rejected", "[errors]") {
  CHECK(only_problem(minimal + "failure_probability = 1.5\n").key ==
        "consumers.c.failure_probability");
  CHECK(contains(only_problem(minimal + "[[faults]]\nname = \"p\"\nkind = \"poison\"\n"
                                        "target = \"c\"\nfraction = -0.1\n")
                     .message,
                 "of at least 0"));
}

namespace {

std::string with_rule(const std::string& targets) {
  return R"(
[producers.p]
to = "bus.b"
rate = "1/s"
[[buses.b.rules]]
name = "r"
pattern = '{"source": ["x"]}'
targets = )" +
         targets + R"(
[queues.q]
[queues.q2]
[queues.q3]
[queues.q4]
[queues.q5]
[queues.q6]
)";
}

}  // namespace

TEST_CASE("a rule has 1 to 5 targets", "[errors]") {
  const auto too_many = problems(with_rule(R"(["q", "q2", "q3", "q4", "q5", "q6"])"));
  REQUIRE_FALSE(too_many.empty());
  CHECK(too_many.front().key == "buses.b.rules[0].targets");
  CHECK(contains(too_many.front().message, "expected 1 to 5 targets"));
  CHECK(contains(problems(with_rule("[]")).front().message, "got 0"));
}

TEST_CASE("generated fields must be well formed", "[errors]") {
  const auto field = [](const std::string& generator) {
    return only_problem(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[[producers.p.events]]
name = "E"
fields = { "detail.x" = )" +
                        generator + R"( }
[queues.q]
[consumers.c]
queue = "q"
)");
  };
  CHECK(contains(field("{ choice = [] }").message, "at least one value"));
  CHECK(
      contains(field("{ choice = [\"a\", \"b\"], weights = [1] }").message, "expected 2 weights"));
  CHECK(contains(field("{ choice = [\"a\", 2] }").message, "must be strings"));
  CHECK(contains(field("{ boolean = 2 }").message, "of at most 1"));
  CHECK(contains(field("{ id = \"s-\" }").message, "missing required key \"cardinality\""));
  CHECK(contains(field("{ sequence = \"o-\", decimals = 2 }").message,
                 "only applies to number fields"));
  CHECK(contains(field("{ }").message, "exactly one of"));
  CHECK(contains(field("{ choice = [\"a\"], each = [\"b\"] }").message,
                 "only applies to boolean fields"));
  CHECK(contains(field("{ boolean = 0.5, each = [] }").message, "expected a list of names"));
  const Diagnostic twice = field("{ boolean = 0.5, each = [\"a\", \"a\"] }");
  CHECK(twice.key == "producers.p.events[0].fields.\"detail.x\".each[1]");
  CHECK(contains(twice.message, "listed twice"));
  CHECK(contains(field("{ boolean = 0.5, each = [\"a.b\"] }").message, "without dots"));
}

TEST_CASE("references to components that do not exist are errors", "[errors]") {
  const Diagnostic rule_target = only_problem(with_rule(R"(["qq"])"));
  CHECK(rule_target.key == "buses.b.rules[0].targets[0]");
  CHECK(rule_target.message == "queue \"qq\" does not exist; did you mean \"q\"?");
  CHECK(rule_target.line == 8);

  const Diagnostic consumer = only_problem(minimal + "[consumers.d]\nqueue = \"nope\"\n");
  CHECK(consumer.key == "consumers.d.queue");
  CHECK(contains(consumer.message, "queue \"nope\" does not exist"));

  const Diagnostic dlq =
      only_problem(minimal + "[queues.r]\ndead_letter_queue = \"r-dlq\"\nmax_receive_count = 3\n");
  CHECK(dlq.key == "queues.r.dead_letter_queue");
  CHECK(contains(dlq.message, "queue \"r-dlq\" does not exist"));

  const Diagnostic producer = only_problem(R"(
[producers.p]
to = "bus.mian"
rate = "1/s"
[buses.main]
)");
  CHECK(producer.key == "producers.p.to");
  CHECK(producer.message == "bus \"mian\" does not exist; did you mean \"main\"?");
  CHECK(contains(only_problem(R"(
[producers.p]
to = "bucket.x"
rate = "1/s"
)")
                     .message,
                 "expected \"bus.NAME\""));
  CHECK(only_problem(R"(
[producers.p]
to = "topic.x"
rate = "1/s"
)")
            .message == "topic \"x\" does not exist");
}

TEST_CASE("a queue cannot be its own dead-letter queue", "[errors]") {
  const Diagnostic d =
      only_problem(minimal + "[queues.r]\ndead_letter_queue = \"r\"\nmax_receive_count = 3\n");
  CHECK(d.key == "queues.r.dead_letter_queue");
  CHECK(contains(d.message, "its own dead-letter queue"));
}

TEST_CASE("a redrive cycle is an error", "[errors]") {
  const Diagnostic d = only_problem(minimal + R"(
[queues.a]
dead_letter_queue = "b"
max_receive_count = 3
[queues.b]
dead_letter_queue = "a"
max_receive_count = 3
)");
  CHECK(d.key == "queues.a.dead_letter_queue");
  CHECK(contains(d.message, "redrive cycle a -> b -> a"));
}

TEST_CASE("an invalid event pattern is an error at the rule", "[errors]") {
  const auto found = problems(R"(
[producers.p]
to = "bus.b"
rate = "1/s"
[[buses.b.rules]]
name = "r"
pattern = '{"detail": {"total": 5}}'
targets = ["q"]
[queues.q]
[consumers.c]
queue = "q"
)");
  REQUIRE(found.size() == 1);
  CHECK(found[0].key == "buses.b.rules[0].pattern");
  CHECK(found[0].line == 7);
  CHECK(contains(found[0].message, "invalid event pattern"));
}

TEST_CASE("a missing required key is reported at its table", "[errors]") {
  const Diagnostic d = only_problem(minimal + "[consumers.d]\ninstances = 2\n");
  CHECK(d.key == "consumers.d.queue");
  CHECK(d.message == "missing required key \"queue\"");
  CHECK(d.line == 8);
}

TEST_CASE("backoff settings need action = backoff", "[errors]") {
  CHECK(contains(
      only_problem(minimal + "on_failure = { action = \"wait\", base = \"1s\" }\n").message,
      "only applies when action = \"backoff\" or \"repush\""));
  CHECK(contains(only_problem(minimal + "on_failure = \"retry\"\n").message,
                 "expected \"wait\", \"release\", \"backoff\" or \"repush\""));
  CHECK(contains(only_problem(minimal + "on_failure = { action = \"backoff\", base = \"1m\", "
                                        "cap = \"10s\" }\n")
                     .message,
                 "must not be shorter than its base"));
}

TEST_CASE("profile changes must be in order and not overlap", "[errors]") {
  const Diagnostic d = only_problem(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
profile = [ { at = "30m", ramp = "5m", factor = 2 }, { at = "32m", factor = 1 } ]
[queues.q]
[consumers.c]
queue = "q"
)");
  CHECK(d.key == "producers.p.profile[1]");
  CHECK(contains(d.message, "must not overlap"));
}

TEST_CASE("an invalid distribution says why", "[errors]") {
  CHECK(
      contains(only_problem(minimal + "processing = { dist = \"expo\", mean = \"1s\" }\n").message,
               "did you mean \"exponential\"?"));
  CHECK(only_problem(minimal + "processing = { dist = \"uniform\", low = \"1s\" }\n").key ==
        "consumers.c.processing.high");
  CHECK(only_problem(minimal + "processing = { dist = \"exponential\", mean = 0.1 }\n").key ==
        "consumers.c.processing.mean");
}

TEST_CASE("a file that cannot be read is an error naming it", "[errors]") {
  try {
    load("/nonexistent/scenario.toml");
    FAIL("loaded");
  } catch (const ScenarioError& e) {
    CHECK(e.where() == "/nonexistent/scenario.toml");
  }
}

namespace {

std::string with_fault(std::string_view body) {
  return minimal + "[[faults]]\n" + std::string(body);
}

}  // namespace

TEST_CASE("a fault names a target of its kind", "[errors]") {
  const Diagnostic d = only_problem(
      with_fault("name = \"f\"\nkind = \"consumer_outage\"\ntarget = \"cc\"\nstart = \"1m\"\n"
                 "duration = \"1m\"\n"));
  CHECK(d.key == "faults[0].target");
  CHECK(contains(d.message, "no consumer named \"cc\"; did you mean \"c\"?"));
  CHECK(d.line > 0);
  CHECK(contains(only_problem(with_fault("name = \"f\"\nkind = \"downstream_outage\"\ntarget = "
                                         "\"c\"\nstart = \"1m\"\nduration = \"1m\"\n"))
                     .message,
                 "no API named \"c\""));
}

TEST_CASE("a fault's kind, window and kind-specific keys are checked", "[errors]") {
  CHECK(contains(only_problem(with_fault("name = \"f\"\nkind = \"outage\"\ntarget = \"c\"\n"
                                         "start = \"1m\"\nduration = \"1m\"\n"))
                     .message,
                 "expected one of \"consumer_outage\""));
  CHECK(only_problem(with_fault("name = \"f\"\nkind = \"consumer_outage\"\ntarget = \"c\"\n"
                                "start = \"1m\"\n"))
            .key == "faults[0].duration");
  CHECK(only_problem(with_fault("name = \"f\"\nkind = \"consumer_outage\"\ntarget = \"c\"\n"
                                "start = \"1m\"\nduration = \"0s\"\n"))
            .key == "faults[0].duration");
  const Diagnostic misplaced = only_problem(
      with_fault("name = \"f\"\nkind = \"consumer_outage\"\ntarget = \"c\"\nstart = \"1m\"\n"
                 "duration = \"1m\"\nfraction = 0.5\n"));
  CHECK(misplaced.key == "faults[0].fraction");
  CHECK(contains(misplaced.message, "does not apply to a consumer_outage fault"));
  CHECK(only_problem(with_fault("name = \"f\"\nkind = \"consumer_crash\"\ntarget = \"c\"\n"
                                "start = \"1m\"\nduration = \"1m\"\n"))
            .key == "faults[0].rate");
  CHECK(only_problem(with_fault("name = \"f\"\nkind = \"consumer_crash\"\ntarget = \"c\"\n"
                                "start = \"1m\"\nduration = \"1m\"\nat = [\"5m\"]\n"))
            .key == "faults[0].at[0]");
  CHECK(only_problem(with_fault("name = \"f\"\nkind = \"consumer_outage\"\ntarget = \"c\"\n"
                                "start = \"1m\"\nduration = \"1m\"\ninstances = 2\n"))
            .key == "faults[0].instances");
}

TEST_CASE("a bus throttling fault names a bus and a rate", "[errors]") {
  const std::string bus = R"(
[producers.p]
to = "bus.b"
rate = "1/s"
[buses.b]
[[buses.b.rules]]
name = "r"
pattern = '{"source": ["x"]}'
targets = ["q"]
[queues.q]
[consumers.c]
queue = "q"
)";
  const std::string fault =
      "[[faults]]\nname = \"f\"\nkind = \"bus_throttling\"\nstart = \"1m\"\n"
      "duration = \"1m\"\n";
  CHECK(problems(bus + fault + "target = \"b\"\nput_events_rate = \"5/s\"\n").empty());
  CHECK(contains(only_problem(bus + fault + "target = \"c\"\nput_events_rate = \"5/s\"\n").message,
                 "no bus named \"c\""));
  CHECK(only_problem(bus + fault + "target = \"b\"\n").key == "faults[0].put_events_rate");
  CHECK(only_problem(bus + fault + "target = \"b\"\nput_events_rate = 5\n").key ==
        "faults[0].put_events_rate");
}

TEST_CASE("faults of one kind on one target must not overlap, and names are unique", "[errors]") {
  const std::string one =
      "name = \"a\"\nkind = \"consumer_outage\"\ntarget = \"c\"\nstart = \"10m\"\n"
      "duration = \"5m\"\n";
  const Diagnostic d = only_problem(
      with_fault(one + "[[faults]]\nname = \"b\"\nkind = \"consumer_outage\"\ntarget = \"c\"\n"
                       "start = \"12m\"\nduration = \"1m\"\n"));
  CHECK(d.key == "faults[1]");
  CHECK(contains(d.message, "must not overlap"));
  CHECK(problems(with_fault(one +
                            "[[faults]]\nname = \"b\"\nkind = \"consumer_crash\"\ntarget = \"c\"\n"
                            "start = \"12m\"\nduration = \"1m\"\nrate = 1\n"))
            .empty());
  CHECK(only_problem(with_fault(one + "[[faults]]\nname = \"a\"\nkind = \"consumer_outage\"\n"
                                      "target = \"c\"\nstart = \"30m\"\nduration = \"1m\"\n"))
            .key == "faults[1].name");
}

TEST_CASE("downstream calls name declared APIs", "[errors]") {
  const Diagnostic d = only_problem(minimal + "calls = { \"pay.Get\" = 1 }\n");
  CHECK(d.key == "consumers.c.calls.\"pay.Get\"");
  CHECK(contains(d.message, "declare it under [[apis]]"));
  CHECK(problems(minimal + "calls = { \"pay.Get\" = 1 }\n[[apis]]\nname = \"pay.Get\"\n").empty());
  CHECK(only_problem(minimal + "[[apis]]\nname = \"a\"\nerror_probability = 2\n").key ==
        "apis[0].error_probability");
  CHECK(only_problem(minimal + "[[apis]]\nname = \"a\"\n[[apis]]\nname = \"a\"\n").key ==
        "apis[1].name");
  CHECK(only_problem(minimal + "[[apis]]\nname = \"a b\"\n").key == "apis[0].name");
  const Diagnostic price =
      only_problem(minimal + "[[apis]]\nname = \"a\"\nprice_per_million = -1\n");
  CHECK(price.key == "apis[0].price_per_million");
  CHECK(price.line == 10);
}

TEST_CASE("retry and re-push settings are checked", "[errors]") {
  CHECK(only_problem(minimal + "retry = { backoff = \"linear\", attempts = 2 }\n").key ==
        "consumers.c.retry.backoff");
  CHECK(only_problem(minimal + "retry = { backoff = \"fixed\" }\n").key ==
        "consumers.c.retry.attempts");
  CHECK(only_problem(minimal + "retry = { jitter = \"full\", attempts = 2 }\n").key ==
        "consumers.c.retry.jitter");
  const Diagnostic repush = only_problem(minimal + "on_failure = { action = \"repush\" }\n");
  CHECK(repush.key == "consumers.c.on_failure.action");
  CHECK(contains(repush.message, "has no dead_letter_queue"));
  CHECK(only_problem(minimal + "on_failure = { action = \"backoff\", max_repushes = 2 }\n").key ==
        "consumers.c.on_failure.max_repushes");
  CHECK(only_problem(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[queues.q]
dead_letter_queue = "d"
max_receive_count = 3
[queues.d]
[consumers.c]
queue = "q"
on_failure = { action = "repush", cap = "20m" }
)")
            .key == "consumers.c.on_failure.cap");
}

TEST_CASE("a producer's list of targets names queues or sources, of one kind, once each",
          "[errors]") {
  const std::string queues = "[queues.q2]\n[consumers.c2]\nqueue = \"q2\"\n";
  const std::string p2p = "\n[producers.m]\nrate = \"1/s\"\nto = ";
  CHECK(only_problem(minimal + queues + p2p + "[\"queue.q\", \"queue.nope\"]\n").key ==
        "producers.m.to[1]");
  CHECK(contains(only_problem(minimal + queues + p2p + "[\"queue.q\", \"queue.q\"]\n").message,
                 "already a target"));
  CHECK(contains(only_problem(minimal + queues + p2p + "[\"queue.q\", \"bus.b\"]\n").message,
                 "send to a bus"));
  CHECK(contains(only_problem(minimal + queues + p2p + "[\"queue.q\", \"source.s\"]\n").message,
                 "same kind as the first"));
  CHECK(contains(only_problem(minimal + queues + p2p + "[]\n").message, "1 to 64 targets"));
  CHECK(contains(only_problem(minimal + p2p + "\"lambda.t\"\n").message, "\"source.NAME\""));
}

TEST_CASE("a poller needs an interval and its calls, and a source names a poller", "[errors]") {
  const std::string poller = "\n[pollers.s]\ninterval = \"30s\"\nlist = \"src.List\"\n";
  const Diagnostic missing = only_problem(minimal + poller);
  CHECK(missing.key == "pollers.s.fetch");
  CHECK(only_problem(minimal + poller + "fetch = \"src.Get\"\npage_size = 0\n").key ==
        "pollers.s.page_size");
  CHECK(only_problem(minimal + poller + "fetch = \"src Get\"\n").key == "pollers.s.fetch");
  const Diagnostic source = only_problem(minimal + poller +
                                         "fetch = \"src.Get\"\n[producers.m]\nrate = \"1/s\"\n"
                                         "to = \"source.t\"\n");
  CHECK(source.key == "producers.m.to");
  CHECK(contains(source.message, "no poller named \"t\""));
  CHECK(problems(minimal + poller +
                 "fetch = \"src.Get\"\n[producers.m]\nrate = \"1/s\"\nto = \"source.s\"\n")
            .empty());
}

TEST_CASE("a consumer's wants is a valid event pattern", "[errors]") {
  const Diagnostic d = only_problem(minimal + "wants = '{\"detail-type\": \"x\"}'\n");
  CHECK(d.key == "consumers.c.wants");
  CHECK(problems(minimal + "wants = '{\"detail-type\": [\"x\"]}'\ndiscard_processing = \"2ms\"\n")
            .empty());
}

TEST_CASE("an alarm on a metric that does not exist is placed and gets a suggestion", "[errors]") {
  const std::string text = minimal + R"([[alarms]]
name = "depth"
metric = "queue.q.ApproximateNumberOfMessagesVisable"
statistic = "Maximum"
threshold = 100
comparison = "GreaterThanThreshold"
)";
  const Diagnostic d = only_problem(text);
  CHECK(d.key == "alarms[0].metric");
  CHECK(d.line == 10);
  CHECK(contains(d.message, "no metric \"queue.q.ApproximateNumberOfMessagesVisable\""));
  CHECK(contains(d.message, "did you mean \"queue.q.ApproximateNumberOfMessagesVisible\"?"));
  const Diagnostic far = only_problem(minimal + R"([[alarms]]
name = "x"
metric = "sqs.depth"
statistic = "Maximum"
threshold = 1
comparison = "GreaterThanThreshold"
)");
  CHECK(far.key == "alarms[0].metric");
  CHECK(contains(far.message, "metrics are named queue.<queue>.<SQS metric>"));
}

TEST_CASE("an alarm's statistic, comparison, M of N and missing data are checked", "[errors]") {
  const std::string head = minimal + R"([[alarms]]
name = "depth"
metric = "queue.q.ApproximateNumberOfMessagesVisible"
threshold = 1
)";
  const std::string good = "statistic = \"Maximum\"\ncomparison = \"GreaterThanThreshold\"\n";
  CHECK(problems(head + good).empty());
  const Diagnostic stat =
      only_problem(head + "statistic = \"Max\"\ncomparison = \"GreaterThanThreshold\"\n");
  CHECK(stat.key == "alarms[0].statistic");
  CHECK(contains(stat.message, "did you mean \"Maximum\"?"));
  CHECK(only_problem(head + "statistic = \"Sum\"\ncomparison = \">\"\n").key ==
        "alarms[0].comparison");
  const Diagnostic m_of_n =
      only_problem(head + good + "evaluation_periods = 2\ndatapoints_to_alarm = 3\n");
  CHECK(m_of_n.key == "alarms[0].datapoints_to_alarm");
  CHECK(contains(m_of_n.message, "must not exceed evaluation_periods (2)"));
  CHECK(only_problem(head + good + "treat_missing_data = \"notbreaching\"\n").key ==
        "alarms[0].treat_missing_data");
  const Diagnostic missing = only_problem(minimal + "[[alarms]]\nname = \"a\"\n" +
                                          "metric = \"run.Backlog\"\nthreshold = 1\n" +
                                          "comparison = \"LessThanThreshold\"\n");
  CHECK(missing.key == "alarms[0].statistic");
  CHECK(contains(missing.message, "missing required key \"statistic\""));
  const std::string twice = head + good + "[[alarms]]\nname = \"depth\"\n" +
                            "metric = \"run.Backlog\"\nthreshold = 1\n" + good;
  CHECK(only_problem(twice).key == "alarms[1].name");
}

TEST_CASE("a monitoring period must be a whole number of samples", "[errors]") {
  CHECK(problems(minimal + "[monitoring]\nperiod = \"5m\"\nsample_every = \"10s\"\n").empty());
  const Diagnostic d =
      only_problem(minimal + "[monitoring]\nperiod = \"1m\"\nsample_every = \"25s\"\n");
  CHECK(d.key == "monitoring.period");
  CHECK(contains(d.message, "whole number of samples"));
  CHECK(only_problem(minimal + "[monitoring]\nperod = \"1m\"\n").key == "monitoring.perod");
}

TEST_CASE("a redrive that waits on an alarm names one that exists", "[errors]") {
  const std::string base = minimal + R"([queues.q2]
dead_letter_queue = "d"
max_receive_count = 3
[queues.d]
)";
  const std::string alarm = R"([[alarms]]
name = "q2-errors"
metric = "consumer.c.Errors"
statistic = "Sum"
threshold = 10
comparison = "GreaterThanThreshold"
)";
  CHECK(problems(base + "redrive = { when_alarm_clears = \"q2-errors\" }\n" + alarm).empty());
  const Diagnostic typo =
      only_problem(base + "redrive = { when_alarm_clears = \"q2-eror\" }\n" + alarm);
  CHECK(typo.key == "queues.d.redrive.when_alarm_clears");
  CHECK(typo.line == 12);
  CHECK(contains(typo.message, "did you mean \"q2-errors\"?"));
  CHECK(only_problem(base + "redrive = { when_alarm_clears = \"q2-errors\", start = \"1h\" }\n" +
                     alarm)
            .key == "queues.d.redrive.start");
}

TEST_CASE("Lambda event source mapping limits are enforced", "[errors]") {
  const std::string base = R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[queues.q]
visibility_timeout = "60s"
[functions.f]
queue = "q"
)";
  CHECK(problems(base).empty());
  const auto function_problem = [&](const std::string& lines) {
    return only_problem(base + lines);
  };
  CHECK(contains(function_problem("batch = 10001\n").message, "of at most 10000"));
  const Diagnostic window = function_problem("batch = 100\n");
  CHECK(window.key == "functions.f.batch");
  CHECK(contains(window.message, "batching_window of at least 1s"));
  CHECK(problems(base + "batch = 100\nbatching_window = \"1s\"\n").empty());
  CHECK(contains(function_problem("batching_window = \"301s\"\n").message, "of at most 5m"));
  CHECK(contains(function_problem("maximum_concurrency = 1\n").message, "of at least 2"));
  CHECK(contains(function_problem("maximum_concurrency = 1001\n").message, "of at most 1000"));
  CHECK(contains(function_problem("reserved_concurrency = 1001\n").message, "of at most 1000"));
  CHECK(contains(function_problem("memory_mb = 64\n").message, "of at least 128"));
  CHECK(contains(function_problem("timeout = \"16m\"\n").message, "of at most 15m"));
  CHECK(contains(function_problem("idle_concurrency = 6\n").message,
                 "must not exceed initial_concurrency"));
  CHECK(function_problem("report_batch_items_failures = true\n").key ==
        "functions.f.report_batch_items_failures");
  const Diagnostic timeout = function_problem("timeout = \"61s\"\n");
  CHECK(timeout.key == "functions.f.timeout");
  CHECK(contains(timeout.message, "exceeds the visibility timeout of queue q"));
  const Diagnostic queue = only_problem(base + "[functions.g]\nqueue = \"qq\"\n");
  CHECK(queue.key == "functions.g.queue");
  CHECK(contains(queue.message, "did you mean \"q\"?"));
}

TEST_CASE("stream and consumer group settings are checked", "[errors]") {
  const std::string base = R"(
[producers.p]
to = "stream.s"
rate = "1/s"
key = "detail.id"
[streams.s]
kind = "kinesis"
shards = 2
[consumer_groups.g]
stream = "s"
)";
  CHECK(problems(base).empty());
  const auto stream_problem = [&](const std::string& lines) {
    return only_problem(base + "[streams.t]\n" + lines);
  };
  CHECK(contains(stream_problem("kind = \"pulsar\"\n").message,
                 "expected \"kafka\" or \"kinesis\", got \"pulsar\""));
  CHECK(contains(stream_problem("").message, "missing required key"));
  const Diagnostic shards = stream_problem("kind = \"kafka\"\nshards = 4\n");
  CHECK(shards.key == "streams.t.shards");
  CHECK(contains(shards.message, "a Kafka topic has partitions, not shards"));
  CHECK(contains(stream_problem("kind = \"kinesis\"\nretention = \"1h\"\n").message,
                 "of at least 1d"));
  CHECK(stream_problem("kind = \"kinesis\"\nbrokers = 3\n").key == "streams.t.brokers");
  CHECK(
      contains(stream_problem("kind = \"kafka\"\nmax_retries = 101\n").message, "of at most 100"));

  const Diagnostic key = only_problem(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
key = "detail.id"
[queues.q]
[consumers.c]
queue = "q"
)");
  CHECK(key.key == "producers.p.key");
  CHECK(contains(key.message, "only applies when the producer writes to a stream"));
  const auto with_batch = [&](const std::string& batch) {
    std::string text = base;
    text.insert(text.find("[streams.s]"), "batch = " + batch + "\n");
    return text;
  };
  const Diagnostic batch = only_problem(with_batch("501"));
  CHECK(batch.key == "producers.p.batch");
  CHECK(contains(batch.message, "of at most 500"));
  CHECK(problems(with_batch("500")).empty());

  const auto group_problem = [&](const std::string& lines) {
    return only_problem(base + "[consumer_groups.h]\nstream = \"s\"\n" + lines);
  };
  CHECK(contains(group_problem("rebalance = \"lazy\"\n").message,
                 "expected \"eager\" or \"incremental\""));
  CHECK(contains(group_problem("batch = 10001\n").message, "of at most 10000"));
  CHECK(contains(group_problem("changes = [{ at = \"2s\", change = \"crash\" }]\n").message,
                 "expected \"join\", \"leave\" or \"fail\""));
  CHECK(contains(group_problem("changes = [{ at = \"2s\", change = \"join\" }, { at = \"1s\", "
                               "change = \"leave\" }]\n")
                     .message,
                 "in time order"));
  const Diagnostic fan_out = only_problem(R"(
[producers.p]
to = "stream.s"
rate = "1/s"
[streams.s]
kind = "kafka"
[consumer_groups.g]
stream = "s"
enhanced_fan_out = true
)");
  CHECK(fan_out.key == "consumer_groups.g.enhanced_fan_out");
  CHECK(contains(fan_out.message, "is a Kinesis feature"));
  const Diagnostic missing = only_problem(base + "[consumer_groups.h]\nstream = \"ss\"\n");
  CHECK(missing.key == "consumer_groups.h.stream");
  CHECK(contains(missing.message, "stream \"ss\" does not exist; did you mean \"s\"?"));
  const Diagnostic target = only_problem(R"(
[producers.p]
to = "stream.x"
rate = "1/s"
[streams.s]
kind = "kafka"
[consumer_groups.g]
stream = "s"
)");
  CHECK(target.key == "producers.p.to");
  CHECK(contains(target.message, "stream \"x\" does not exist"));
}

TEST_CASE("a rule target's retry policy is range-checked", "[errors]") {
  const Diagnostic attempts =
      only_problem(with_rule(R"([{ queue = "q", max_retry_attempts = 186 }])"));
  CHECK(attempts.key == "buses.b.rules[0].targets[0].max_retry_attempts");
  CHECK(contains(attempts.message, "of at most 185"));
  CHECK(attempts.line == 8);
  const Diagnostic age = only_problem(with_rule(R"([{ queue = "q", max_event_age = "30s" }])"));
  CHECK(age.key == "buses.b.rules[0].targets[0].max_event_age");
  const Diagnostic unknown = only_problem(with_rule(R"([{ queue = "q", retries = 3 }])"));
  CHECK(unknown.key == "buses.b.rules[0].targets[0].retries");
  const Diagnostic missing = only_problem(with_rule(R"([{ max_retry_attempts = 3 }])"));
  CHECK(missing.key == "buses.b.rules[0].targets[0].queue");
}

TEST_CASE("a rule target's dead-letter queue is an existing standard queue", "[errors]") {
  const Diagnostic absent =
      only_problem(with_rule(R"([{ queue = "q", dead_letter_queue = "q-dlq" }])"));
  CHECK(absent.key == "buses.b.rules[0].targets[0].dead_letter_queue");
  CHECK(contains(absent.message, "queue \"q-dlq\" does not exist"));
  const Diagnostic fifo = only_problem(with_rule(R"([{ queue = "q", dead_letter_queue = "f" }])") +
                                       "[queues.f]\nfifo = true\n");
  CHECK(fifo.key == "buses.b.rules[0].targets[0].dead_letter_queue");
  CHECK(contains(fifo.message, "must be a standard queue"));
}

TEST_CASE("a target_outage hits a queue that a rule targets, with a known error", "[errors]") {
  const std::string outage =
      "[[faults]]\nname = \"down\"\nkind = \"target_outage\"\nstart = \"1m\"\nduration = \"1m\"\n";
  const Diagnostic untargeted = only_problem(with_rule(R"(["q"])") + outage + "target = \"q2\"\n");
  CHECK(untargeted.key == "faults[0].target");
  CHECK(contains(untargeted.message, "no rule target named \"q2\""));
  const Diagnostic error =
      only_problem(with_rule(R"(["q"])") + outage + "target = \"q\"\nerror = \"gone\"\n");
  CHECK(error.key == "faults[0].error");
  CHECK(contains(error.message, "\"no_permissions\""));
  const Diagnostic misplaced =
      only_problem(with_rule(R"(["q"])") + outage + "target = \"q\"\nfraction = 0.5\n");
  CHECK(misplaced.key == "faults[0].fraction");
}

TEST_CASE("a poison pattern is a valid event pattern, and only poison takes one", "[errors]") {
  const std::string poison =
      minimal + "[[faults]]\nname = \"p\"\nkind = \"poison\"\ntarget = \"c\"\n";
  CHECK(problems(poison + "pattern = '{\"source\": [\"x\"]}'\n").empty());
  const Diagnostic invalid = only_problem(poison + "pattern = '{\"source\": \"x\"}'\n");
  CHECK(invalid.key == "faults[0].pattern");
  const Diagnostic neither = only_problem(poison);
  CHECK(neither.key == "faults[0].fraction");
  const Diagnostic misplaced = only_problem(
      minimal +
      "[[faults]]\nname = \"o\"\nkind = \"consumer_outage\"\ntarget = \"c\"\nstart = \"1m\"\n"
      "duration = \"1m\"\npattern = '{\"source\": [\"x\"]}'\n");
  CHECK(misplaced.key == "faults[0].pattern");
  CHECK(contains(misplaced.message, "does not apply to a consumer_outage fault"));
}
