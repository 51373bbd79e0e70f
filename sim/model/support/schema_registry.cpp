#include "sim/model/support/schema_registry.hpp"

#include <algorithm>

namespace edasim::model {

namespace {

bool has_type(rules::ValueKind kind, SchemaConfig::Type type) {
  switch (type) {
    case SchemaConfig::Type::string:
      return kind == rules::ValueKind::string;
    case SchemaConfig::Type::number:
      return kind == rules::ValueKind::number;
    case SchemaConfig::Type::boolean:
      return kind == rules::ValueKind::true_value || kind == rules::ValueKind::false_value;
    case SchemaConfig::Type::null:
      return kind == rules::ValueKind::null;
  }
  return false;
}

}  // namespace

SchemaRegistry::SchemaRegistry(std::span<const SchemaConfig> schemas, std::uint32_t first_rule,
                               rules::PathTable& paths) {
  std::uint32_t next = first_rule;
  for (const SchemaConfig& s : schemas) {
    Compiled c;
    c.config = s;
    if (!s.applies_to.empty()) c.selector = next++;
    for (const std::string& path : s.required) c.required.push_back(paths.intern(path));
    for (const auto& [path, type] : s.types) c.types.emplace_back(paths.intern(path), type);
    schemas_.push_back(std::move(c));
  }
}

std::vector<rules::RuleSource> SchemaRegistry::selectors() const {
  std::vector<rules::RuleSource> out;
  for (const Compiled& c : schemas_) {
    if (c.selector != UINT32_MAX) out.push_back({"schema:" + c.config.name, c.config.applies_to});
  }
  return out;
}

bool SchemaRegistry::holds(const Compiled& schema, const rules::Event& event) {
  const auto leaves = event.leaves();
  for (const rules::PathId path : schema.required) {
    if (std::none_of(leaves.begin(), leaves.end(),
                     [&](const rules::Leaf& l) { return l.path == path; })) {
      return false;
    }
  }
  for (const auto& [path, type] : schema.types) {
    for (const rules::Leaf& l : leaves) {
      if (l.path == path && !has_type(l.value.kind, type)) return false;
    }
  }
  return true;
}

SchemaRegistry::Check SchemaRegistry::check(const rules::Event& event,
                                            std::span<const std::uint32_t> matched) const {
  Check result;
  for (std::uint32_t i = 0; i < schemas_.size(); ++i) {
    const Compiled& c = schemas_[i];
    if (c.selector != UINT32_MAX &&
        !std::binary_search(matched.begin(), matched.end(), c.selector)) {
      continue;
    }
    if (holds(c, event)) {
      if (result.verdict == SchemaVerdict::unchecked) result.verdict = SchemaVerdict::valid;
      continue;
    }
    result.schema = i;
    switch (c.config.on_mismatch) {
      case SchemaConfig::OnMismatch::deliver:
        result.verdict = SchemaVerdict::delivered;
        break;
      case SchemaConfig::OnMismatch::reject:
        result.verdict = SchemaVerdict::rejected;
        break;
      case SchemaConfig::OnMismatch::quarantine:
        result.verdict = SchemaVerdict::quarantined;
        break;
    }
    return result;
  }
  return result;
}

}  // namespace edasim::model
