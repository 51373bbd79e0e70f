#include "sim/rules/reference.hpp"

#include <algorithm>
#include <vector>

#include "sim/rules/matcher.hpp"

namespace edasim::rules {

namespace {

struct FieldChoices {
  std::vector<const Leaf*> all;         // every leaf at the field's path
  std::vector<const Leaf*> candidates;  // those a matcher accepts
  bool may_be_absent = false;
};

class Search {
 public:
  explicit Search(const Event& event) : event_(event) {}

  bool run(std::vector<FieldChoices>& fields) {
    fields_ = &fields;
    chosen_.assign(fields.size(), nullptr);
    return choose(0);
  }

 private:
  std::vector<ElementId> chain(const Leaf& leaf) const {
    std::vector<ElementId> out;
    for (ElementId e = leaf.element; e != Event::top; e = event_.elements()[e].parent) {
      out.push_back(e);
    }
    return out;
  }

  bool consistent(const Leaf& a, const Leaf& b) const {
    for (ElementId ea : chain(a)) {
      for (ElementId eb : chain(b)) {
        if (event_.elements()[ea].array == event_.elements()[eb].array && ea != eb) return false;
      }
    }
    return true;
  }

  bool consistent_with_chosen(const Leaf& leaf, std::size_t upto) const {
    for (std::size_t i = 0; i < upto; ++i) {
      if (chosen_[i] != nullptr && !consistent(*chosen_[i], leaf)) return false;
    }
    return true;
  }

  bool choose(std::size_t i) {
    auto& fields = *fields_;
    if (i == fields.size()) {
      for (std::size_t f = 0; f < fields.size(); ++f) {
        if (chosen_[f] != nullptr) continue;
        for (const Leaf* leaf : fields[f].all) {
          if (consistent_with_chosen(*leaf, fields.size())) return false;
        }
      }
      return true;
    }
    for (const Leaf* leaf : fields[i].candidates) {
      if (!consistent_with_chosen(*leaf, i)) continue;
      chosen_[i] = leaf;
      if (choose(i + 1)) return true;
    }
    chosen_[i] = nullptr;
    return fields[i].may_be_absent && choose(i + 1);
  }

  const Event& event_;
  std::vector<FieldChoices>* fields_ = nullptr;
  std::vector<const Leaf*> chosen_;
};

}  // namespace

bool reference_matches(const Pattern& pattern, const Event& event, const PathTable& paths) {
  for (const Conjunction& conjunction : alternatives(pattern)) {
    std::vector<FieldChoices> fields;
    for (const Field* field : conjunction) {
      FieldChoices choices;
      const auto path = paths.find(field->path);
      for (const Leaf& leaf : event.leaves()) {
        if (!path || leaf.path != *path) continue;
        choices.all.push_back(&leaf);
        if (std::any_of(field->matchers.begin(), field->matchers.end(),
                        [&](const Matcher& m) { return matcher_accepts(m, leaf.value); })) {
          choices.candidates.push_back(&leaf);
        }
      }
      choices.may_be_absent =
          std::any_of(field->matchers.begin(), field->matchers.end(),
                      [](const Matcher& m) { return m.kind == MatcherKind::exists && !m.exists; });
      fields.push_back(std::move(choices));
    }
    if (Search(event).run(fields)) return true;
  }
  return false;
}

}  // namespace edasim::rules
