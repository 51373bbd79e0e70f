// The error for an invalid pattern (or SNS filter policy): which rule, where
// in the pattern, and why.
//
// `where` is a JSON path into the pattern, keys joined by '.' and array
// positions in brackets, e.g. "detail.total[0].numeric"; it is empty when the
// whole pattern is at fault. what() combines all three for printing.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace edasim::rules {

class PatternError : public std::runtime_error {
 public:
  PatternError(std::string rule, std::string where, std::string why)
      : std::runtime_error(describe(rule, where, why)),
        rule_(std::move(rule)),
        where_(std::move(where)),
        why_(std::move(why)) {}

  const std::string& rule() const { return rule_; }
  const std::string& where() const { return where_; }
  const std::string& why() const { return why_; }

  // The same error, now naming the rule it belongs to.
  PatternError for_rule(std::string rule) const { return {std::move(rule), where_, why_}; }

 private:
  static std::string describe(const std::string& rule, const std::string& where,
                              const std::string& why) {
    std::string out;
    if (!rule.empty()) out += "rule '" + rule + "': ";
    out += where.empty() ? std::string("pattern: ") : "at " + where + ": ";
    out += why;
    return out;
  }

  std::string rule_;
  std::string where_;
  std::string why_;
};

}  // namespace edasim::rules
