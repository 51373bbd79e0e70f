// The meaning of every operator and combination, checked through the compiled
// rule set and the reference evaluator at once (see matching.hpp), and the
// rule set's own promises: every match once, in rule order, no allocation.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#include "sim/rules/rule_set.hpp"
#include "sim/rules/text.hpp"
#include "tests/rules/matching.hpp"

using edasim::rules::testing::matches;

// Counts every allocation in the test program, to show that matching makes
// none. All replaceable forms are replaced together so that memory is always
// freed by the allocator that gave it (the sanitizer build checks this).
namespace {
std::atomic<long> allocations{0};

void* counted_allocation(std::size_t size) {
  ++allocations;
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = counted_allocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted_allocation(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocation(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_allocation(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace edasim::rules {

TEST_CASE("an exact string matches only the identical string") {
  const char* pattern = R"({"source":["aws.ec2"]})";
  CHECK(matches(pattern, R"({"source":"aws.ec2"})"));
  CHECK_FALSE(matches(pattern, R"({"source":"aws.EC2"})"));
  CHECK_FALSE(matches(pattern, R"({"source":"aws.ec2 "})"));
  CHECK_FALSE(matches(pattern, R"({"source":"aws.ec"})"));
  CHECK_FALSE(matches(pattern, R"({"other":"aws.ec2"})"));
  CHECK(matches(R"({"s":["caf\u00e9"]})", R"({"s":"café"})"));
}

TEST_CASE("values in one list are alternatives and fields are all required") {
  const char* pattern = R"({"source":["a","b"],"detail-type":["x"]})";
  CHECK(matches(pattern, R"({"source":"b","detail-type":"x","other":1})"));
  CHECK_FALSE(matches(pattern, R"({"source":"b","detail-type":"y"})"));
  CHECK_FALSE(matches(pattern, R"({"source":"c","detail-type":"x"})"));
  CHECK_FALSE(matches(pattern, R"({"source":"a"})"));
}

TEST_CASE("strings, numbers, booleans and null never match each other") {
  CHECK_FALSE(matches(R"({"x":["300"]})", R"({"x":300})"));
  CHECK_FALSE(matches(R"({"x":[300]})", R"({"x":"300"})"));
  CHECK_FALSE(matches(R"({"x":[true]})", R"({"x":"true"})"));
  CHECK(matches(R"({"x":[true]})", R"({"x":true})"));
  CHECK_FALSE(matches(R"({"x":[true]})", R"({"x":false})"));
  CHECK(matches(R"({"x":[false]})", R"({"x":false})"));
  CHECK(matches(R"({"x":[null]})", R"({"x":null})"));
  CHECK_FALSE(matches(R"({"x":[null]})", R"({"y":1})"));
  CHECK_FALSE(matches(R"({"x":[null]})", R"({"x":""})"));
  CHECK(matches(R"({"x":[""]})", R"({"x":""})"));
  CHECK_FALSE(matches(R"({"x":[""]})", R"({"x":null})"));
}

TEST_CASE("numbers are equal whenever their values are, however written") {
  CHECK(matches(R"({"x":[300]})", R"({"x":300.0})"));
  CHECK(matches(R"({"x":[300]})", R"({"x":3e2})"));
  CHECK(matches(R"({"x":[3.0e2]})", R"({"x":300})"));
  CHECK(matches(R"({"x":[0]})", R"({"x":-0.0})"));
  CHECK_FALSE(matches(R"({"x":[300]})", R"({"x":300.5})"));
  CHECK(matches(R"({"x":[{"numeric":["=",3.018e2]}]})", R"({"x":301.8})"));
  CHECK(matches(R"({"x":[12345678901]})", R"({"x":12345678901})"));
}

TEST_CASE("an event array matches when any of its elements matches") {
  CHECK(matches(R"({"x":["b"]})", R"({"x":["a","b"]})"));
  CHECK_FALSE(matches(R"({"x":["c"]})", R"({"x":["a","b"]})"));
  CHECK_FALSE(matches(R"({"x":["a"]})", R"({"x":[]})"));
  CHECK(matches(R"({"x":["b"]})", R"({"x":[["a"],["b"]]})"));
  CHECK(matches(R"({"x":{"y":[2]}})", R"({"x":[{"y":1},{"y":[2,3]}]})"));
}

TEST_CASE("fields inside one array must come from the same element") {
  const char* event = R"({"employees":[{"firstName":"Anna","lastName":"Smith"},)"
                      R"({"firstName":"Peter","lastName":"Jones"}]})";
  CHECK_FALSE(matches(R"({"employees":{"firstName":["Anna"],"lastName":["Jones"]}})", event));
  CHECK(matches(R"({"employees":{"firstName":["Anna"],"lastName":["Smith"]}})", event));
  CHECK(matches(R"({"employees":{"firstName":["Peter"],"lastName":["Jones","Smith"]}})", event));
}

TEST_CASE("array consistency holds through nested arrays") {
  const char* event = R"({"orders":[{"id":"o1","items":[{"sku":"a","qty":1},{"sku":"b","qty":5}]},)"
                      R"({"id":"o2","items":[{"sku":"a","qty":5}]}]})";
  CHECK(matches(R"({"orders":{"items":{"sku":["a"],"qty":[5]}}})", event));
  CHECK_FALSE(matches(R"({"orders":{"id":["o1"],"items":{"sku":["a"],"qty":[5]}}})", event));
  CHECK(matches(R"({"orders":{"id":["o1"],"items":{"sku":["b"],"qty":[5]}}})", event));
  CHECK(matches(R"({"orders":{"id":["o2"],"items":{"sku":["a"]}}})", event));
}

TEST_CASE("fields in different arrays are independent") {
  const char* event = R"({"a":[{"x":1},{"x":2}],"b":[{"y":1},{"y":2}]})";
  CHECK(matches(R"({"a":{"x":[1]},"b":{"y":[2]}})", event));
}

TEST_CASE("exists false is judged within the array element of the other fields") {
  const char* event = R"({"employees":[{"firstName":"Anna"},{"firstName":"Peter","ids":[1,2]}]})";
  CHECK(matches(R"({"employees":{"firstName":["Anna"],"ids":[{"exists":false}]}})", event));
  CHECK_FALSE(matches(R"({"employees":{"firstName":["Peter"],"ids":[{"exists":false}]}})", event));
  CHECK_FALSE(matches(R"({"employees":{"ids":[{"exists":false}]}})", event));
  CHECK(matches(R"({"employees":{"firstName":["Anna"]},"other":[{"exists":false}]})", event));
}

TEST_CASE("prefix matches the start of strings only") {
  CHECK(matches(R"({"r":[{"prefix":"us-"}]})", R"({"r":"us-east-1"})"));
  CHECK_FALSE(matches(R"({"r":[{"prefix":"us-"}]})", R"({"r":"eu-west-1"})"));
  CHECK_FALSE(matches(R"({"r":[{"prefix":"us-"}]})", R"({"r":"US-east-1"})"));
  CHECK_FALSE(matches(R"({"r":[{"prefix":"1"}]})", R"({"r":123})"));
  CHECK(matches(R"({"r":[{"prefix":""}]})", R"({"r":""})"));
  CHECK_FALSE(matches(R"({"r":[{"prefix":""}]})", R"({"r":null})"));
  CHECK(matches(R"({"r":[{"prefix":{"equals-ignore-case":"EventB"}}]})", R"({"r":"eventbridge"})"));
  CHECK_FALSE(
      matches(R"({"r":[{"prefix":{"equals-ignore-case":"EventB"}}]})", R"({"r":"xeventb"})"));
  CHECK(matches(R"({"r":[{"prefix":"a"},{"prefix":"abc"}]})", R"({"r":"abcd"})"));
}

TEST_CASE("suffix matches the end of strings only") {
  CHECK(matches(R"({"f":[{"suffix":".png"}]})", R"({"f":"image.png"})"));
  CHECK_FALSE(matches(R"({"f":[{"suffix":".png"}]})", R"({"f":"image.PNG"})"));
  CHECK_FALSE(matches(R"({"f":[{"suffix":"5"}]})", R"({"f":15})"));
  CHECK(matches(R"({"f":[{"suffix":{"equals-ignore-case":".png"}}]})", R"({"f":"IMAGE.PNG"})"));
  CHECK_FALSE(matches(R"({"f":[{"suffix":{"equals-ignore-case":".png"}}]})", R"({"f":"png"})"));
}

TEST_CASE("equals-ignore-case folds case in ASCII and European scripts") {
  CHECK(matches(R"({"n":[{"equals-ignore-case":"alice"}]})", R"({"n":"ALiCE"})"));
  CHECK_FALSE(matches(R"({"n":[{"equals-ignore-case":"alice"}]})", R"({"n":"alicee"})"));
  CHECK(matches(R"({"n":[{"equals-ignore-case":"ÉCOLE"}]})", R"({"n":"école"})"));
  CHECK(matches(R"({"n":[{"equals-ignore-case":"ΣΟΦΙΑ"}]})", R"({"n":"σοφια"})"));
  CHECK_FALSE(matches(R"({"n":[{"equals-ignore-case":"STRASSE"}]})", R"({"n":"straße"})"));
  CHECK_FALSE(matches(R"({"n":[{"equals-ignore-case":"1"}]})", R"({"n":1})"));
}

TEST_CASE("wildcard stars match any run of characters, escapes are literal") {
  CHECK(matches(R"({"k":[{"wildcard":"*"}]})", R"({"k":""})"));
  CHECK(matches(R"({"k":[{"wildcard":"dir/*.png"}]})", R"({"k":"dir/a/b.png"})"));
  CHECK_FALSE(matches(R"({"k":[{"wildcard":"dir/*.png"}]})", R"({"k":"dir/a.jpg"})"));
  CHECK(matches(R"({"k":[{"wildcard":"*/lib/*.jar"}]})", R"({"k":"/opt/lib/x.jar"})"));
  CHECK(matches(R"({"k":[{"wildcard":"a*b*c"}]})", R"({"k":"abc"})"));
  CHECK_FALSE(matches(R"({"k":[{"wildcard":"a*b*c"}]})", R"({"k":"acb"})"));
  CHECK(matches(R"({"k":[{"wildcard":"*ab*ab*"}]})", R"({"k":"xabyab"})"));
  CHECK_FALSE(matches(R"({"k":[{"wildcard":"*ab*ab*"}]})", R"({"k":"xaby"})"));
  CHECK(matches(R"({"k":[{"wildcard":"a\\*b"}]})", R"({"k":"a*b"})"));
  CHECK_FALSE(matches(R"({"k":[{"wildcard":"a\\*b"}]})", R"({"k":"axb"})"));
  CHECK(matches(R"({"k":[{"wildcard":"a\\\\b"}]})", R"({"k":"a\\b"})"));
  CHECK(matches(R"({"k":[{"wildcard":"exact"}]})", R"({"k":"exact"})"));
  CHECK_FALSE(matches(R"({"k":[{"wildcard":"*"}]})", R"({"k":5})"));
}

TEST_CASE("anything-but needs a present value that is not excluded") {
  CHECK(matches(R"({"s":[{"anything-but":"stopped"}]})", R"({"s":"running"})"));
  CHECK_FALSE(matches(R"({"s":[{"anything-but":"stopped"}]})", R"({"s":"stopped"})"));
  CHECK_FALSE(matches(R"({"s":[{"anything-but":"stopped"}]})", R"({"t":"running"})"));
  CHECK(matches(R"({"s":[{"anything-but":"stopped"}]})", R"({"s":5})"));
  CHECK(matches(R"({"s":[{"anything-but":"stopped"}]})", R"({"s":null})"));
  CHECK(matches(R"({"s":[{"anything-but":["a","b"]}]})", R"({"s":"c"})"));
  CHECK_FALSE(matches(R"({"s":[{"anything-but":["a","b"]}]})", R"({"s":"b"})"));
  CHECK(matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":["a","b"]})"));
  CHECK_FALSE(matches(R"({"s":[{"anything-but":"a"}]})", R"({"s":["a","a"]})"));
  CHECK(matches(R"({"s":[{"anything-but":""}]})", R"({"s":"x"})"));
  CHECK_FALSE(matches(R"({"s":[{"anything-but":""}]})", R"({"s":""})"));
}

TEST_CASE("anything-but numbers compare numerically") {
  CHECK_FALSE(matches(R"({"n":[{"anything-but":300}]})", R"({"n":300.0})"));
  CHECK_FALSE(matches(R"({"n":[{"anything-but":[100,200,300]}]})", R"({"n":2e2})"));
  CHECK(matches(R"({"n":[{"anything-but":[100,200,300]}]})", R"({"n":250})"));
  CHECK(matches(R"({"n":[{"anything-but":300}]})", R"({"n":"300"})"));
}

TEST_CASE("anything-but prefix, suffix, equals-ignore-case and wildcard exclude by pattern") {
  CHECK_FALSE(matches(R"({"s":[{"anything-but":{"prefix":"init"}}]})", R"({"s":"initializing"})"));
  CHECK(matches(R"({"s":[{"anything-but":{"prefix":"init"}}]})", R"({"s":"running"})"));
  CHECK(matches(R"({"s":[{"anything-but":{"prefix":"init"}}]})", R"({"s":1})"));
  CHECK_FALSE(matches(R"({"s":[{"anything-but":{"prefix":["a","b"]}}]})", R"({"s":"bx"})"));
  CHECK_FALSE(matches(R"({"f":[{"anything-but":{"suffix":".png"}}]})", R"({"f":"a.png"})"));
  CHECK(matches(R"({"f":[{"anything-but":{"suffix":[".png",".jpg"]}}]})", R"({"f":"a.gif"})"));
  CHECK_FALSE(matches(R"({"s":[{"anything-but":{"equals-ignore-case":"Stopped"}}]})",
                      R"({"s":"STOPPED"})"));
  CHECK(matches(R"({"s":[{"anything-but":{"equals-ignore-case":["a","b"]}}]})", R"({"s":"C"})"));
  CHECK_FALSE(matches(R"({"s":[{"anything-but":{"wildcard":"*/lib/*"}}]})", R"({"s":"/x/lib/y"})"));
  CHECK(matches(R"({"s":[{"anything-but":{"wildcard":["*/lib/*","*.tmp"]}}]})", R"({"s":"/x/y"})"));
}

TEST_CASE("numeric compares numbers only, with open and closed bounds") {
  const char* range = R"({"n":[{"numeric":[">",0,"<=",5]}]})";
  CHECK(matches(range, R"({"n":5})"));
  CHECK(matches(range, R"({"n":0.0001})"));
  CHECK_FALSE(matches(range, R"({"n":0})"));
  CHECK_FALSE(matches(range, R"({"n":5.0001})"));
  CHECK_FALSE(matches(range, R"({"n":"3"})"));
  CHECK(matches(R"({"n":[{"numeric":[">=",10]}]})", R"({"n":1e1})"));
  CHECK_FALSE(matches(R"({"n":[{"numeric":[">",10]}]})", R"({"n":10})"));
  CHECK(matches(R"({"n":[{"numeric":["<",-1.5]}]})", R"({"n":-2})"));
  CHECK_FALSE(matches(R"({"n":[{"numeric":["<",-1.5]}]})", R"({"n":-1.5})"));
  CHECK(matches(R"({"n":[{"numeric":["<=",-1.5]}]})", R"({"n":-1.5})"));
  CHECK(matches(R"({"n":[{"numeric":[">",0,"<",1]},{"numeric":[">",10]}]})", R"({"n":[0.5]})"));
  CHECK(matches(R"({"n":[{"numeric":[">",0,"<",1]},{"numeric":[">",10]}]})", R"({"n":11})"));
  CHECK_FALSE(matches(R"({"n":[{"numeric":[">",0,"<",1]},{"numeric":[">",10]}]})", R"({"n":5})"));
}

TEST_CASE("exists tests for a leaf: null is one, objects and empty arrays are not") {
  CHECK(matches(R"({"x":[{"exists":true}]})", R"({"x":"v"})"));
  CHECK(matches(R"({"x":[{"exists":true}]})", R"({"x":null})"));
  CHECK_FALSE(matches(R"({"x":[{"exists":true}]})", R"({"x":{"y":1}})"));
  CHECK_FALSE(matches(R"({"x":[{"exists":true}]})", R"({"x":[]})"));
  CHECK(matches(R"({"x":[{"exists":false}]})", R"({"x":{"y":1}})"));
  CHECK(matches(R"({"x":[{"exists":false}]})", R"({"x":[]})"));
  CHECK(matches(R"({"x":[{"exists":false}]})", R"({})"));
  CHECK_FALSE(matches(R"({"x":[{"exists":false}]})", R"({"x":false})"));
  CHECK(matches(R"({"a":{"b":[{"exists":true}]}})", R"({"a":{"b":0}})"));
  CHECK_FALSE(matches(R"({"a":{"b":[{"exists":true}]}})", R"({"a":{"c":0}})"));
}

TEST_CASE("exists false may be mixed with values in one list") {
  const char* pattern = R"({"x":[{"exists":false},"a"],"y":["1"]})";
  CHECK(matches(pattern, R"({"y":"1"})"));
  CHECK(matches(pattern, R"({"x":"a","y":"1"})"));
  CHECK_FALSE(matches(pattern, R"({"x":"b","y":"1"})"));
  CHECK(matches(R"({"x":[{"exists":false},{"exists":true}]})", R"({"z":1})"));
}

TEST_CASE("cidr matches IPv4 and IPv6 addresses inside the block") {
  CHECK(matches(R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"10.0.0.255"})"));
  CHECK_FALSE(matches(R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"10.0.1.0"})"));
  CHECK(matches(R"({"ip":[{"cidr":"10.0.0.7/32"}]})", R"({"ip":"10.0.0.7"})"));
  CHECK(matches(R"({"ip":[{"cidr":"0.0.0.0/0"}]})", R"({"ip":"192.168.1.1"})"));
  CHECK_FALSE(matches(R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":"not an ip"})"));
  CHECK_FALSE(matches(R"({"ip":[{"cidr":"10.0.0.0/24"}]})", R"({"ip":167772161})"));
  CHECK(matches(R"({"ip":[{"cidr":"2001:db8::/32"}]})", R"({"ip":"2001:DB8:0:0:1::1"})"));
  CHECK_FALSE(matches(R"({"ip":[{"cidr":"2001:db8::/32"}]})", R"({"ip":"2001:db9::1"})"));
  CHECK_FALSE(matches(R"({"ip":[{"cidr":"::/0"}]})", R"({"ip":"10.0.0.1"})"));
}

TEST_CASE("$or matches when any branch does, at any depth") {
  const char* top = R"({"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization"]},)"
                    R"({"namespace":["AWS/EC2"]}]})";
  CHECK(matches(top, R"({"source":"aws.cloudwatch","namespace":"AWS/EC2"})"));
  CHECK(matches(top, R"({"source":"aws.cloudwatch","metricName":"CPUUtilization"})"));
  CHECK_FALSE(matches(top, R"({"source":"aws.cloudwatch","metricName":"Other"})"));
  CHECK_FALSE(matches(top, R"({"source":"aws.ec2","namespace":"AWS/EC2"})"));

  const char* nested =
      R"({"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},)"
      R"({"d-count":[{"numeric":["<",10]}]},{"x-limit":[{"numeric":["=",3.018e2]}]}]}})";
  CHECK(matches(nested, R"({"detail":{"x-limit":301.8}})"));
  CHECK(matches(nested, R"({"detail":{"c-count":3,"d-count":50}})"));
  CHECK_FALSE(matches(nested, R"({"detail":{"c-count":30,"d-count":50}})"));
  CHECK_FALSE(matches(nested, R"({"c-count":3})"));

  const char* deeper = R"({"$or":[{"a":["1"],"$or":[{"b":["2"]},{"c":["3"]}]},{"d":["4"]}]})";
  CHECK(matches(deeper, R"({"a":"1","c":"3"})"));
  CHECK(matches(deeper, R"({"d":"4"})"));
  CHECK_FALSE(matches(deeper, R"({"a":"1","d":"5"})"));
  CHECK_FALSE(matches(deeper, R"({"b":"2","c":"3"})"));
}

TEST_CASE("$or that is not a list of field objects is an ordinary field") {
  CHECK(matches(R"({"$or":["x"]})", R"({"$or":"x"})"));
  CHECK(matches(R"({"$or":{"a":["x"]}})", R"({"$or":{"a":"x"}})"));
  CHECK(matches(R"({"$or":[{"numeric":[">",1]},{"numeric":["<",0]}]})", R"({"$or":5})"));
  CHECK_FALSE(matches(R"({"$or":[{"numeric":[">",1]},{"numeric":["<",0]}]})", R"({"$or":0.5})"));
}

TEST_CASE("deeply nested fields match at their full path") {
  const char* pattern = R"({"a":{"b":{"c":{"d":{"e":{"f":["deep"]}}}}}})";
  CHECK(matches(pattern, R"({"a":{"b":{"c":{"d":{"e":{"f":"deep"}}}}}})"));
  CHECK_FALSE(matches(pattern, R"({"a":{"b":{"c":{"d":{"f":"deep"}}}}})"));
  CHECK(matches(pattern, R"({"a":[{"b":{"c":[{"d":{"e":{"f":["x","deep"]}}}]}}]})"));
}

TEST_CASE("dotted keys name the same path as nested objects") {
  CHECK(matches(R"({"a.b":["x"]})", R"({"a":{"b":"x"}})"));
  CHECK(matches(R"({"a":{"b":["x"]}})", R"({"a.b":"x"})"));
}

TEST_CASE("a path given twice keeps the last condition") {
  CHECK(matches(R"({"x":["a"],"x":["b"]})", R"({"x":"b"})"));
  CHECK_FALSE(matches(R"({"x":["a"],"x":["b"]})", R"({"x":"a"})"));
  CHECK(matches(R"({"a":{"b":["1"]},"a":{"c":["2"]}})", R"({"a":{"b":"1","c":"2"}})"));
  CHECK_FALSE(matches(R"({"a":{"b":["1"]},"a":{"c":["2"]}})", R"({"a":{"c":"2"}})"));
  const char* overridden = R"({"x":["a"],"$or":[{"x":["b"]},{"y":["c"]}]})";
  CHECK(matches(overridden, R"({"x":"b"})"));
  CHECK(matches(overridden, R"({"x":"a","y":"c"})"));
  CHECK_FALSE(matches(overridden, R"({"x":"a"})"));
}

TEST_CASE("empty strings are values like any other") {
  CHECK(matches(R"({"x":[""]})", R"({"x":["a",""]})"));
  CHECK(matches(R"({"x":[{"suffix":""}]})", R"({"x":""})"));
  CHECK(matches(R"({"x":[{"equals-ignore-case":""}]})", R"({"x":""})"));
  CHECK_FALSE(matches(R"({"x":[{"equals-ignore-case":""}]})", R"({"x":" "})"));
  CHECK(matches(R"({"":["v"]})", R"({"":"v"})"));
}

TEST_CASE("every matching rule is returned once, in rule order") {
  const RuleSet rules = RuleSet::compile({
      {"by-source", R"({"source":["shop"]})"},
      {"never", R"({"source":["other"]})"},
      {"by-total", R"({"detail":{"total":[{"numeric":[">=",1000]}]}})"},
      {"by-either", R"({"$or":[{"source":["shop"]},{"detail":{"total":[5000]}}]})"},
      {"by-country", R"({"detail":{"country":[{"anything-but":["US","CA"]}]}})"},
  });
  JsonEventReader reader;
  Event event;
  reader.read(R"({"source":"shop","detail":{"total":5000,"country":"FR"}})", rules.paths(), event);
  CHECK(rules.match(event) == std::vector<RuleIndex>{0, 2, 3, 4});
  reader.read(R"({"source":"x","detail":{"total":10,"country":"US"}})", rules.paths(), event);
  CHECK(rules.match(event).empty());
}

TEST_CASE("rules sharing conditions are matched independently") {
  std::vector<RuleSource> sources;
  for (int i = 0; i < 50; ++i) {
    sources.push_back(
        {concat("r", std::to_string(i)),
         concat(R"({"source":["shop"],"detail":{"n":[)", std::to_string(i % 10), "]}}")});
  }
  const RuleSet rules = RuleSet::compile(sources);
  JsonEventReader reader;
  Event event;
  reader.read(R"({"source":"shop","detail":{"n":3}})", rules.paths(), event);
  CHECK(rules.match(event) == std::vector<RuleIndex>{3, 13, 23, 33, 43});
  // The selective step (n, shared by 5 rules) comes before the common one
  // (source, shared by all 50), and rules with equal steps share trie nodes:
  // the root, 10 nodes for n, 10 for source after them.
  CHECK(rules.node_count() == 21);
}

TEST_CASE("matching a warmed-up event allocates nothing") {
  const RuleSet rules = RuleSet::compile({
      {"a", R"({"source":["shop"],"detail":{"items":{"sku":[{"prefix":"A"}]}}})"},
      {"b", R"({"detail":{"total":[{"numeric":[">",10]}],"tag":[{"equals-ignore-case":"x"}]}})"},
      {"c", R"({"detail":{"country":[{"anything-but":"US"}],"missing":[{"exists":false}]}})"},
  });
  const std::string json = R"({"source":"shop","detail":{"total":50,"tag":"X","country":"FR",)"
                           R"("items":[{"sku":"A1"},{"sku":"B2"}]}})";
  JsonEventReader reader;
  Event event;
  MatchBuffers buffers;
  std::vector<RuleIndex> out;
  out.reserve(16);
  reader.read(json, rules.paths(), event);
  rules.match(event, buffers, out);
  const long before = allocations.load();
  for (int i = 0; i < 100; ++i) {
    out.clear();
    reader.read(json, rules.paths(), event);
    rules.match(event, buffers, out);
  }
  CHECK(allocations.load() == before);
  CHECK(out == std::vector<RuleIndex>{0, 1, 2});
}

TEST_CASE("an empty rule set matches nothing") {
  const RuleSet empty;
  Event event;
  event.add_string(empty.paths().intern("x"), "1");
  CHECK(empty.size() == 0);
  CHECK(empty.match(event).empty());
  CHECK(RuleSet::compile(std::span<const RuleSource>{}).match(event).empty());
}

TEST_CASE("a rule set ignores paths interned after it was compiled") {
  const RuleSet rules = RuleSet::compile({{"a", R"({"x":["1"]})"}});
  Event event;
  const PathId later = rules.paths().intern("later.path");
  event.add_string(later, "1");
  event.add_string(*rules.paths().find("x"), "1");
  CHECK(rules.match(event) == std::vector<RuleIndex>{0});
}

TEST_CASE("compile errors name the rule, the place and the reason") {
  try {
    RuleSet::compile({{"good", R"({"a":["x"]})"},
                      {"fraud", R"({"detail":{"total":[{"numeric":[">",5,">",6]}]}})"}});
    FAIL("accepted an invalid rule");
  } catch (const PatternError& error) {
    CHECK(error.rule() == "fraud");
    CHECK(error.where() == "detail.total[0].numeric[2]");
    CHECK_THAT(error.why(), Catch::Contains("upper bound"));
    CHECK_THAT(std::string(error.what()), Catch::StartsWith("rule 'fraud': at detail.total"));
  }
}

}  // namespace edasim::rules
