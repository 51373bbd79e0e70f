// Studies: a base scenario, its [study] settings and its [[designs]].
//
// Each design is the base tree with the design's sections put in place of the
// base's (a topology of its own) and then its `set` values applied (a variant
// of the base), read exactly as a single scenario is read. The workload stays
// shared because the designs keep the base's producers unless a design
// changes them on purpose.
#include <algorithm>
#include <map>
#include <set>

#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/error.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/override_tree.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/section.hpp"

namespace edasim::scenario {

namespace {

// Keys of a design table that describe the design rather than replace a
// section of the base.
constexpr std::string_view kOwnKeys[] = {"name", "description", "set"};

bool own_key(std::string_view key) {
  return std::find(std::begin(kOwnKeys), std::end(kOwnKeys), key) != std::end(kOwnKeys);
}

// A bound is a duration (for measures in seconds) or a plain number.
std::optional<double> read_bound(const toml::node& node, const std::string& key,
                                 Diagnostics& diagnostics) {
  if (node.is_string()) {
    const auto d = read_duration(node, key, any_duration, diagnostics);
    return d ? std::optional<double>(d->seconds()) : std::nullopt;
  }
  return read_number(node, key, any_number, diagnostics);
}

std::string origin(const Diagnostics& diagnostics, const toml::node& node, const std::string& key) {
  const auto& at = node.source().begin;
  return diagnostics.file() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
         ": " + key;
}

void read_slos(Section& study, StudyConfig& out) {
  const toml::array* slos = study.array("slos");
  if (slos == nullptr) return;
  for (std::size_t i = 0; i < slos->size(); ++i) {
    const std::string key = element_path(study.key("slos"), i);
    auto s = section_of(*slos->get(i), key, study.diagnostics());
    if (!s) continue;
    Slo slo;
    s->read("name", slo.name);
    if (const toml::node* m = s->require("measure")) {
      s->read("measure", slo.measure);
      slo.origin = origin(study.diagnostics(), *m, s->key("measure"));
    }
    const toml::node* most = s->take("at_most");
    const toml::node* least = s->take("at_least");
    if ((most == nullptr) == (least == nullptr)) {
      study.diagnostics().report(key, s->table().source(),
                                 "an SLO needs exactly one of at_most and at_least");
    } else {
      slo.at_most = most != nullptr;
      const std::string bound_key = s->key(slo.at_most ? "at_most" : "at_least");
      if (auto b = read_bound(slo.at_most ? *most : *least, bound_key, study.diagnostics()))
        slo.bound = *b;
    }
    if (slo.name.empty()) slo.name = slo.measure;
    s->finish();
    out.slos.push_back(std::move(slo));
  }
}

void read_stopping(Section& study, StudyConfig& out) {
  auto s = study.section("stopping");
  if (!s) return;
  StoppingRule rule;
  if (const toml::node* m = s->require("measure")) {
    s->read("measure", rule.measure);
    rule.origin = origin(study.diagnostics(), *m, s->key("measure"));
  }
  s->read("relative_half_width", rule.relative_half_width, positive);
  s->read("step", rule.step, {1, 1000});
  s->read("max_replications", rule.max_replications, {2, 100'000});
  if (rule.max_replications < out.replications) {
    s->report("max_replications",
              "must be at least study.replications (" + std::to_string(out.replications) + ")");
  }
  s->finish();
  out.stopping = rule;
}

void read_study_settings(Section& root, StudyConfig& out) {
  auto s = root.section("study");
  if (!s) return;
  s->read("replications", out.replications, {1, 100'000});
  s->read("confidence", out.confidence, {0.5, 0.999});
  if (const toml::node* w = s->take("warmup")) {
    if (w->value<std::string>() == "auto") {
      out.automatic_warmup = true;
    } else if (auto d = read_duration(*w, s->key("warmup"), any_duration, s->diagnostics())) {
      out.warmup = *d;
    }
  }
  if (std::string workload; s->read("workload", workload)) {
    if (workload == "varies") {
      out.workload_varies = true;
    } else if (workload != "same") {
      s->report("workload",
                "expected \"same\" (the default) or \"varies\", not \"" + workload + "\"");
    }
  }
  s->take("baseline");  // read with the designs
  read_stopping(*s, out);
  read_slos(*s, out);
  s->finish();
}

struct DesignTree {
  std::string name;
  std::string description;
  std::string key;  // designs[i]
  toml::table tree;
  // Where the values the design sets were written.
  std::vector<std::pair<std::string, toml::source_region>> placed;
};

// The base tree without the study's own tables.
toml::table base_of(const toml::table& tree) {
  toml::table base = tree;
  base.erase("study");
  base.erase("designs");
  return base;
}

std::vector<DesignTree> design_trees(const toml::table& tree, Diagnostics& diagnostics) {
  std::vector<DesignTree> out;
  const toml::node* node = tree.get("designs");
  if (node == nullptr) return out;
  const toml::array* designs = node->as_array();
  if (designs == nullptr || !designs->is_array_of_tables()) {
    diagnostics.report("designs", node->source(),
                       "expected an array of tables ([[designs]] entries), got " + show(*node));
    return out;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < designs->size(); ++i) {
    const toml::table& d = *designs->get(i)->as_table();
    DesignTree design;
    design.key = element_path("designs", i);
    design.tree = base_of(tree);
    Section s(d, design.key, diagnostics);
    if (s.require("name") && s.read("name", design.name)) {
      if (!is_bare_key(design.name) || design.name.size() > 80) {
        s.report("name", "a design name is 1 to 80 letters, digits, '-' or '_'");
      } else if (!names.insert(design.name).second) {
        s.report("name", "another design is already named \"" + design.name + "\"");
      }
    }
    s.read("description", design.description);
    for (const auto& [k, value] : d) {
      const std::string key(k.str());
      if (own_key(key)) continue;
      s.take(key);
      if (key == "scenario" || key == "study" || key == "designs") {
        diagnostics.report(child_path(design.key, key), value.source(),
                           "a design cannot hold [" + key + "]; it belongs to the whole study");
        continue;
      }
      design.tree.insert_or_assign(key, value);
    }
    if (auto set = s.section("set")) {
      for (const auto& [path, value] : set->table()) {
        const std::string key = set->key(path.str());
        set->take(path.str());
        if (auto at = set_value(design.tree, std::string(path.str()), value, key, diagnostics))
          design.placed.emplace_back(std::move(*at), value.source());
      }
      set->finish();
    }
    s.finish();
    out.push_back(std::move(design));
  }
  return out;
}

// Reads every design; a problem found in every design is reported once, as
// the base's, and one found in only some names them.
std::vector<DesignConfig> read_designs(std::vector<DesignTree>& trees, std::string_view text,
                                       std::string_view source, Diagnostics& diagnostics) {
  std::vector<DesignConfig> out;
  std::vector<std::vector<Diagnostic>> found;
  for (DesignTree& t : trees) {
    Diagnostics own = diagnostics.fresh();
    for (const auto& [path, region] : t.placed) own.note_placed(path, region);
    DesignConfig d;
    d.name = t.name;
    d.description = t.description;
    d.system = read_system(t.tree, text, source, own);
    found.push_back(own.found());
    out.push_back(std::move(d));
  }
  const auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.line == b.line && a.column == b.column && a.key == b.key && a.message == b.message;
  };
  std::vector<Diagnostic> reported;
  for (std::size_t i = 0; i < found.size(); ++i) {
    for (const Diagnostic& problem : found[i]) {
      if (std::any_of(reported.begin(), reported.end(),
                      [&](const Diagnostic& r) { return same(r, problem); }))
        continue;
      std::vector<std::string> in;
      for (std::size_t j = 0; j < found.size(); ++j) {
        if (std::any_of(found[j].begin(), found[j].end(),
                        [&](const Diagnostic& p) { return same(p, problem); }))
          in.push_back(trees[j].name);
      }
      reported.push_back(problem);
      Diagnostic shown = problem;
      if (in.size() < found.size()) {
        std::string names;
        for (const std::string& n : in) names += (names.empty() ? "" : ", ") + n;
        shown.message = "in design " + names + ": " + shown.message;
      }
      diagnostics.adopt(std::move(shown));
    }
  }
  return out;
}

}  // namespace

StudyConfig load_study_text(std::string_view text, std::string_view source_name,
                            std::span<const Override> overrides) {
  Diagnostics diagnostics{std::string(source_name)};
  toml::table tree = parse_scenario(text, source_name);
  apply_overrides(tree, overrides, diagnostics);

  StudyConfig study;
  study.declared = tree.contains("study") || tree.contains("designs");
  {
    Section root(tree, "", diagnostics);
    read_study_settings(root, study);
  }
  std::vector<DesignTree> trees = design_trees(tree, diagnostics);
  if (trees.empty() && !tree.contains("designs")) {
    DesignTree only;
    only.tree = base_of(tree);
    trees.push_back(std::move(only));
  }
  if (trees.empty()) {
    diagnostics.report("designs", tree.get("designs")->source(),
                       "a study needs at least one design");
  }
  study.designs = read_designs(trees, text, source_name, diagnostics);
  for (DesignConfig& d : study.designs) {
    if (d.name.empty()) d.name = d.system.name;
  }
  if (!study.designs.empty()) {
    study.name = study.designs.front().system.name;
    study.question = study.designs.front().system.question;
  }

  // The baseline goes first.
  if (const toml::table* s = tree["study"].as_table()) {
    if (const toml::node* b = s->get("baseline")) {
      std::vector<std::string> names;
      for (const DesignConfig& d : study.designs) names.push_back(d.name);
      const auto name = read_string(*b, "study.baseline", diagnostics);
      const auto at = name ? std::find(names.begin(), names.end(), *name) : names.end();
      if (name && at == names.end()) {
        std::string message = "no design named \"" + *name + "\"";
        if (const auto guess = closest(*name, names))
          message += "; did you mean \"" + *guess + "\"?";
        diagnostics.report("study.baseline", b->source(), message);
      } else if (name) {
        std::rotate(study.designs.begin(), study.designs.begin() + (at - names.begin()),
                    study.designs.begin() + (at - names.begin()) + 1);
      }
    }
  }
  if (!diagnostics.empty()) throw ScenarioError(diagnostics.found());
  return study;
}

StudyConfig load_study(const std::filesystem::path& file, std::span<const Override> overrides) {
  return load_study_text(read_scenario_file(file), file.string(), overrides);
}

StudyConfig load_designs(std::span<const std::filesystem::path> files,
                         std::span<const Override> overrides) {
  StudyConfig study;
  std::vector<Diagnostic> problems;
  for (const auto& file : files) {
    try {
      DesignConfig d;
      d.system = load(file, overrides);
      d.name = d.system.name;
      study.designs.push_back(std::move(d));
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  std::set<std::string> names;
  for (std::size_t i = 0; i < study.designs.size(); ++i) {
    const DesignConfig& d = study.designs[i];
    if (!names.insert(d.name).second) {
      problems.push_back({files[i].string(), 0, 0, "scenario.name",
                          "another file's scenario is also named \"" + d.name +
                              "\"; designs need distinct names"});
    }
    const auto producers = [](const DesignConfig& c) {
      std::vector<std::string> out;
      for (const ProducerConfig& p : c.system.producers) out.push_back(p.name);
      return out;
    };
    if (i > 0 && producers(d) != producers(study.designs.front())) {
      problems.push_back({files[i].string(), 0, 0, "producers",
                          "declares other producers than " + files[0].string() +
                              "; designs compared from separate files must share their workload "
                              "(the same producer names)"});
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  if (!study.designs.empty()) {
    study.name = study.designs.front().name;
    for (std::size_t i = 1; i < study.designs.size(); ++i)
      study.name += "-vs-" + study.designs[i].name;
    study.question = study.designs.front().system.question;
  }
  return study;
}

}  // namespace edasim::scenario
