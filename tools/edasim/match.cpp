// `edasim match`: tests EventBridge patterns (or SNS filter policies)
// against events from the command line. The matching itself lives in
// sim/rules; this file reads inputs and prints results.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "sim/rules/json_event.hpp"
#include "sim/rules/match_case.hpp"
#include "sim/rules/rule_set.hpp"
#include "sim/rules/sns_policy.hpp"
#include "tools/edasim/commands.hpp"

namespace edasim::cli {

namespace {

using rules::Dialect;

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file, or standard input for "-".
class Input {
 public:
  explicit Input(const std::string& path) {
    if (path == "-") {
      stream_ = &std::cin;
      return;
    }
    file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file_) throw InputError("cannot open " + path);
    stream_ = file_.get();
  }
  std::istream& stream() { return *stream_; }
  std::string all() {
    return std::string(std::istreambuf_iterator<char>(*stream_), std::istreambuf_iterator<char>());
  }
  bool next_line(std::string& line) {
    if (!std::getline(*stream_, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }

 private:
  std::unique_ptr<std::ifstream> file_;
  std::istream* stream_ = nullptr;
};

Dialect dialect_named(const std::string& name) {
  if (name == "sns-attributes") return Dialect::sns_attributes;
  if (name == "sns-body") return Dialect::sns_body;
  return Dialect::eventbridge;
}

int match_pair(const std::string& pattern_path, const std::string& event_path, Dialect dialect) {
  if (pattern_path == "-" && event_path == "-") {
    throw InputError("PATTERN and EVENT cannot both be read from standard input");
  }
  const std::string pattern = Input(pattern_path).all();
  const std::string event = Input(event_path).all();
  std::cout << (rules::pattern_matches(pattern, event, dialect) ? "true" : "false") << '\n';
  return exit_ok;
}

int match_jsonl(const std::string& path, Dialect dialect) {
  Input input(path);
  std::string line;
  while (input.next_line(line)) std::cout << rules::evaluate_match_case(line, dialect) << '\n';
  return exit_ok;
}

int match_rules(const std::string& rules_path, const std::string& events_path, Dialect dialect) {
  if (rules_path == "-" && events_path == "-") {
    throw InputError("RULES and EVENTS cannot both be read from standard input");
  }
  const auto sources = rules::parse_rules_file(Input(rules_path).all());
  const rules::RuleSet rule_set =
      dialect == Dialect::eventbridge
          ? rules::RuleSet::compile(sources)
          : rules::compile_filter_policies(sources,
                                           dialect == Dialect::sns_attributes
                                               ? rules::FilterPolicyScope::message_attributes
                                               : rules::FilterPolicyScope::message_body);
  Input events(events_path);
  rules::JsonEventReader reader;
  rules::MessageAttributesReader attributes;
  rules::Event event;
  rules::MatchBuffers buffers;
  std::vector<rules::RuleIndex> matched;
  std::string line;
  while (events.next_line(line)) {
    try {
      if (dialect == Dialect::sns_attributes) {
        attributes.read_json(line, rule_set.paths(), event);
      } else {
        reader.read(line, rule_set.paths(), event);
      }
    } catch (const rules::JsonError& error) {
      std::cout << "error: " << error.what() << '\n';
      continue;
    }
    matched.clear();
    rule_set.match(event, buffers, matched);
    std::cout << rules::rule_names_json(rule_set, matched) << '\n';
  }
  return exit_ok;
}

}  // namespace

int match(const std::vector<std::string>& args) {
  CLI::App app{
      "Tests event patterns against events.\n\n"
      "  edasim match PATTERN EVENT                  prints true or false\n"
      "  edasim match --jsonl CASES.jsonl            one {\"pattern\":..,\"event\":..} per line;\n"
      "                                              prints true, false or error: ... per line\n"
      "  edasim match --rules RULES.json --events EVENTS.jsonl\n"
      "                                              RULES.json maps names to patterns; prints\n"
      "                                              the names each event matches, as a JSON "
      "array\n\n"
      "Files may be - for standard input. Exit status: 0 done, 2 bad input.",
      "edasim match"};
  std::vector<std::string> files;
  std::string jsonl, rules_path, events_path, dialect = "eventbridge";
  app.add_option("files", files, "PATTERN and EVENT (JSON files, or -)");
  app.add_option("--jsonl", jsonl, "JSONL file of {\"pattern\":..,\"event\":..} cases");
  app.add_option("--rules", rules_path, "JSON object mapping rule names to patterns");
  app.add_option("--events", events_path, "JSONL file of events, one per line");
  app.add_option("--dialect", dialect,
                 "eventbridge (default), sns-body or sns-attributes (SNS filter policies; "
                 "with sns-attributes an event is SNS MessageAttributes JSON)")
      ->check(CLI::IsMember({"eventbridge", "sns-body", "sns-attributes"}));

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) {
      app.exit(error);
      return exit_ok;
    }
    std::cerr << "edasim match: " << error.what() << "\n(see edasim match --help)\n";
    return exit_bad_input;
  }

  try {
    const Dialect chosen = dialect_named(dialect);
    const int modes = (!files.empty() ? 1 : 0) + (!jsonl.empty() ? 1 : 0) +
                      (!rules_path.empty() || !events_path.empty() ? 1 : 0);
    if (modes != 1) {
      throw InputError("give PATTERN EVENT, or --jsonl FILE, or --rules RULES --events EVENTS");
    }
    if (!jsonl.empty()) return match_jsonl(jsonl, chosen);
    if (!rules_path.empty() || !events_path.empty()) {
      if (rules_path.empty() || events_path.empty()) {
        throw InputError("--rules and --events go together");
      }
      return match_rules(rules_path, events_path, chosen);
    }
    if (files.size() != 2) throw InputError("expected two files, PATTERN and EVENT");
    return match_pair(files[0], files[1], chosen);
  } catch (const rules::PatternError& error) {
    std::cerr << "error: " << error.what() << '\n';
  } catch (const rules::JsonError& error) {
    std::cerr << "error: event: " << error.what() << '\n';
  } catch (const InputError& error) {
    std::cerr << "edasim match: " << error.what() << '\n';
  }
  return exit_bad_input;
}

}  // namespace edasim::cli
