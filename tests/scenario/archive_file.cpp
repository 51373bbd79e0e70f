// Reading an EventBridge archive: a JSON Lines file of event envelopes
// becomes events in time order, each with its offset, its size and the
// content the rule engine would read from its line, and every mistake in the
// file is placed at its line and column.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/model/producers/event_factory.hpp"
#include "sim/rules/json_event.hpp"
#include "sim/scenario/archive_file.hpp"
#include "sim/scenario/traffic_file.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string key = "producers.p.archive.file";

// One envelope at `time` with `detail` (JSON text), on one line.
std::string envelope(const std::string& time, const std::string& detail = "{}",
                     const std::string& type = "OrderCreated") {
  return R"({"version":"0","id":"x","detail-type":")" + type +
         R"(","source":"shop.orders","account":"1","time":")" + time +
         R"(","region":"us-east-1","resources":[],"detail":)" + detail + "}";
}

EventArchive read_ok(std::string_view jsonl, const ArchiveFileOptions& options = {}) {
  std::vector<Diagnostic> problems;
  auto archive = read_archive_file(jsonl, "a.jsonl", key, options, problems);
  INFO((problems.empty() ? std::string() : problems.front().to_string()));
  REQUIRE(archive.has_value());
  return *archive;
}

Diagnostic read_fails(std::string_view jsonl, const ArchiveFileOptions& options = {}) {
  std::vector<Diagnostic> problems;
  auto archive = read_archive_file(jsonl, "a.jsonl", key, options, problems);
  CHECK_FALSE(archive.has_value());
  REQUIRE(problems.size() == 1);
  return problems.front();
}

// The JSON the rule engine reads from archived event `i`, through the
// factory a producer replays it with.
std::string replayed_json(const EventArchive& archive, std::size_t i) {
  EventFactory factory(archive);
  core::RandomStream unused(1, "unused");
  factory.generate(unused, i);
  rules::PathTable paths;
  std::vector<rules::PathId> ids;
  for (const auto& path : factory.paths()) ids.push_back(paths.intern(dotted(path)));
  rules::Event event;
  build_rules_event(factory, ids, event);
  return rules::to_json(event, paths);
}

std::string read_json(std::string_view line) {
  rules::PathTable paths;
  rules::Event event;
  // The event's strings are views into the reader's buffer: it outlives them.
  rules::JsonEventReader reader;
  reader.read_all(line, paths, event);
  return rules::to_json(event, paths);
}

}  // namespace

TEST_CASE("archived events are replayed at their times from the first, sorted stably") {
  const EventArchive a = read_ok(envelope("2026-11-27T10:00:02Z", R"({"n":1})") + "\n" +
                                 envelope("2026-11-27T10:00:00.250Z", R"({"n":2})") + "\n\n" +
                                 envelope("2026-11-27T10:00:02Z", R"({"n":3})") + "\r\n");
  REQUIRE(a.events.size() == 3);
  CHECK(a.events[0].line == 2);
  CHECK(a.events[0].at == Duration::zero());
  CHECK(a.events[1].line == 1);  // equal times keep the file's order
  CHECK(a.events[1].at == milliseconds(1750));
  CHECK(a.events[2].line == 4);
  CHECK(a.events[2].at == milliseconds(1750));
  CHECK(a.busiest_second == 2);
  CHECK(a.before_start == 0);
}

TEST_CASE("a start moves time 0 and leaves earlier events out, and speed compresses time") {
  const std::string jsonl = envelope("2026-11-27T10:00:00Z") + "\n" +
                            envelope("2026-11-27T10:01:00Z") + "\n" +
                            envelope("2026-11-27T10:03:00Z") + "\n";
  ArchiveFileOptions options;
  options.start = parse_timestamp("2026-11-27T10:00:30Z");
  options.speed = 4;
  const EventArchive a = read_ok(jsonl, options);
  REQUIRE(a.events.size() == 2);
  CHECK(a.before_start == 1);
  CHECK(a.events[0].at == milliseconds(7500));   // 30 s / 4
  CHECK(a.events[1].at == milliseconds(37500));  // 150 s / 4

  options.start = parse_timestamp("2026-11-27T11:00:00Z");
  CHECK(read_fails(jsonl, options).message ==
        "no event is at or after the start: the last is at line 3");
}

TEST_CASE("a replayed event is what the rule engine reads from its line") {
  const std::string line =
      R"({"version":"0","id":"x","detail-type":"OrderCreated","source":"shop.orders",)"
      R"("time":"2026-11-27T10:00:00Z","resources":["arn:1","arn:2"],)"
      R"("detail":{"total":1e3,"tags":[["a","b"],[]],"items":[{"sku":"\u00e9\"","qty":2},)"
      R"({"sku":"z","gift":true,"note":null}],"a.b":false}})";
  const EventArchive a = read_ok(line);
  CHECK(replayed_json(a, 0) == read_json(line));
  // A second event replays against the same paths.
  const EventArchive two =
      read_ok(envelope("2026-11-27T10:00:00Z", R"({"x":{"y":[1,2]}})") + "\n" + line);
  CHECK(replayed_json(two, 0) ==
        read_json(envelope("2026-11-27T10:00:00Z", R"({"x":{"y":[1,2]}})")));
  CHECK(replayed_json(two, 1) == read_json(line));
}

TEST_CASE("an event's size is its line's bytes, or its PutEvents entry's") {
  const std::string line = envelope("2026-11-27T10:00:00Z", R"({"k": "v"})", "T");
  CHECK(read_ok(line + "\r\n").events[0].size == static_cast<std::int64_t>(line.size()));
  ArchiveFileOptions entry;
  entry.size = ArchiveFileOptions::Size::entry;
  // 14 for the time, "shop.orders", "T" and the detail's 10 bytes of JSON.
  CHECK(read_ok(line, entry).events[0].size == 14 + 11 + 1 + 10);
  const std::string with_resources = R"({"time":"2026-11-27T10:00:00Z","resources":["ab","c"]})";
  CHECK(read_ok(with_resources, entry).events[0].size == 14 + 3);
}

TEST_CASE("mistakes in an archive are placed at their line and column") {
  const std::string good = envelope("2026-11-27T10:00:00Z") + "\n";
  Diagnostic d = read_fails(good + R"({"time":"2026-11-27T10:00:01Z","detail":{"a":1,}})");
  CHECK(d.to_string() ==
        "a.jsonl:2:48: producers.p.archive.file: invalid JSON: expected a key in double "
        "quotes, got \"}\"");

  d = read_fails(good + R"({"time":"2026-11-27T10:00:01Z","detail":[1]})");
  CHECK(d.line == 2);
  CHECK(d.column == 41);
  CHECK(d.message == "expected \"detail\" to be a JSON object, got an array");

  d = read_fails(R"({"detail":{}})");
  CHECK(d.line == 1);
  CHECK(d.column == 1);
  CHECK(contains(d.message, "the event has no \"time\""));

  d = read_fails(R"({"time":"yesterday"})");
  CHECK(d.column == 9);
  CHECK(d.message ==
        "expected an RFC 3339 time such as \"2026-11-27T10:00:00Z\", got \"yesterday\"");
  CHECK(read_fails(R"({"time":"1795773600"})").column == 9);  // Unix time is no envelope's
  CHECK(read_fails(R"({"time":"9999-01-01T00:00:00Z"})").column == 9);
  CHECK(read_fails(R"({"time":"1969-12-31T23:59:59Z"})").column == 9);
  CHECK(parse_archive_time("2200-12-31T23:59:59.999Z").has_value());
  CHECK(parse_archive_time("2026-11-27T11:00:00+01:00") ==
        parse_archive_time("2026-11-27T10:00:00Z"));
  CHECK(read_fails(R"({"time":1795773600})").message ==
        "expected \"time\" to be a string, got a number");
  CHECK(read_fails(R"({"time":"2026-11-27T10:00:00Z","time":"2026-11-27T10:00:00Z"})").column ==
        39);

  d = read_fails(good + good + "[1, 2]\n");
  CHECK(d.line == 3);
  CHECK(d.message == "expected an event: a JSON object on one line, got an array");

  CHECK(read_fails(R"({"time":"2026-11-27T10:00:00Z"} x)").message ==
        "invalid JSON: more text after the event's closing brace");
  CHECK(read_fails(R"({"time":"2026-11-27T10:00:00Z","source":7})").message ==
        "expected \"source\" to be a string, got a number");
  d = read_fails(R"({"time":"2026-11-27T10:00:00Z","resources":["arn",{"a":1}]})");
  CHECK(d.column == 51);
  CHECK(d.message == "expected \"resources\" to hold strings (ARNs), got an object");
  CHECK(read_fails(R"({"time":"2026-11-27T10:00:00Z","n":01})").message ==
        "invalid JSON: a malformed number");
  CHECK(read_fails(R"({"time":"2026-11-27T10:00:00Z","n":1e999})").message ==
        "a number out of the range of a double");
  CHECK(read_fails(R"({"time":"2026-11-27T10:00:00Z","s":"\ud800"})").message ==
        "invalid JSON: a high surrogate without a low one after it");
  CHECK(read_fails("{\"time\":\"2026-11-27T10:00:00Z\",\"s\":\"\xff\"}").message ==
        "invalid UTF-8 in a string");
  CHECK(read_fails(R"({"time":"2026-11-27T10:00:00Z","s":"open)").message ==
        "invalid JSON: a string is not closed on its line");
  CHECK(read_fails("\n \n").message == "the file holds no events");

  std::string deep = R"({"time":"2026-11-27T10:00:00Z","d":)";
  for (int i = 0; i < 70; ++i) deep += "[";
  CHECK(contains(read_fails(deep).message, "nested deeper than 64 levels"));
}

TEST_CASE("every bad line of an archive is reported, not only the first") {
  std::vector<Diagnostic> problems;
  const auto archive = read_archive_file(
      "{\"time\":1}\n" + envelope("2026-11-27T10:00:00Z") + "\n{\n", "a.jsonl", key, {}, problems);
  CHECK_FALSE(archive.has_value());
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].line == 1);
  CHECK(problems[1].line == 3);
}

TEST_CASE("an archive of more events than the limit is refused at the first one over it") {
  const std::string line = R"({"time":"2026-11-27T10:00:00Z"})"
                           "\n";
  std::string jsonl;
  jsonl.reserve(line.size() * (max_archive_events + 1));
  for (std::size_t i = 0; i <= max_archive_events; ++i) jsonl += line;
  const Diagnostic d = read_fails(jsonl);
  CHECK(d.line == max_archive_events + 1);
  CHECK(contains(d.message, "more than 1000000 events"));
}

TEST_CASE("every cut of an event's line is a located problem, never a crash or a silent drop") {
  const std::string line =
      R"({"version":"0","id":"x","detail-type":"OrderCreated","source":"shop.orders",)"
      R"("time":"2026-11-27T10:00:00.5Z","resources":["arn:1"],)"
      R"("detail":{"total":-1.5e2,"items":[{"sku":"\u00e9\ud83d\ude00","n":[1,[true,null]]}]}})";
  read_ok(line);
  for (std::size_t cut = 1; cut < line.size(); ++cut) {
    INFO(line.substr(0, cut));
    const std::string prefix = line.substr(0, cut);
    std::vector<Diagnostic> problems;
    const auto archive = read_archive_file(prefix, "a.jsonl", key, {}, problems);
    CHECK_FALSE(archive.has_value());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 1);
    CHECK(problems[0].column >= 1);
    CHECK(problems[0].column <= cut + 1);
  }
}
