// Studies: a base scenario, its [study] settings and its [[designs]].
//
// Each design is the base tree with the design's sections put in place of the
// base's (a topology of its own) and then its `set` values applied (a variant
// of the base), read exactly as a single scenario is read. The workload stays
// shared because the designs keep the base's producers unless a design
// changes them on purpose.
#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <tuple>

#include "sim/core/units.hpp"
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

// "file:line:column" of `node` when it was read from `file`, else "".
std::string position_in(const std::string& file, const toml::node& node) {
  const toml::source_region& at = node.source();
  if (at.begin.line == 0 || at.path == nullptr || *at.path != file) return {};
  return file + ":" + std::to_string(at.begin.line) + ":" + std::to_string(at.begin.column);
}

// Where each producer's table of `tree` was written in `file`.
std::map<std::string, std::string> producer_origins(const toml::table& tree,
                                                    const std::string& file) {
  std::map<std::string, std::string> out;
  const toml::table* producers = tree["producers"].as_table();
  if (producers == nullptr) return out;
  for (const auto& [name, node] : *producers) {
    if (std::string at = position_in(file, node); !at.empty()) out[std::string(name.str())] = at;
  }
  return out;
}

const Keys& slo_keys() {
  static const Keys keys{
      "a bound on a measure: each design meets it, does not, or is uncertain",
      {
          text("name", "the SLO's name in reports; default: the measure"),
          text("measure", "a study measure, such as latency.end_to_end.p99").require(),
          number("at_most", any_number,
                 "the largest value that meets it (a duration for latencies)")
              .or_a_string(),
          number("at_least", any_number,
                 "the smallest value that meets it (a duration for latencies)")
              .or_a_string(),
      }};
  return keys;
}

const Keys& knob_range_keys() {
  static const Keys keys{
      "the integers a knob takes, from min to max",
      {
          integer("min", {0, 1'000'000'000'000'000}, "the smallest value").require(),
          integer("max", {0, 1'000'000'000'000'000}, "the largest value").require(),
      }};
  return keys;
}

const Keys& stopping_keys() {
  static const Keys keys{
      "add replications until a measure's interval is narrow enough in every design",
      {
          text("measure", "the measure whose interval decides").require(),
          number("relative_half_width", {0, 1, true},
                 "the half width to reach, as a share of the mean"),
          integer("step", {1, 1000}, "replications added at a time"),
          integer("max_replications", {2, 100'000}, "replications at most"),
      }};
  return keys;
}

const Keys& study_settings_keys() {
  static const Keys keys{
      "a study: designs side by side, replicated",
      {
          text("baseline", "the design listed first, against which deltas are taken"),
          integer("replications", {1, 100'000}, "replications of each design"),
          number("confidence", {0.5, 0.999}, "the confidence of every interval"),
          duration("warmup", any_duration,
                   "latencies are measured after it; \"auto\": found by MSER-5")
              .or_a_string(),
          text("workload", "whether designs must emit the same events", {"same", "varies"}),
          named_values("sweep", free_form("", "the values of this dotted path"),
                       "the designs are the grid of these values, by dotted key path"),
          table("stopping", stopping_keys(), "a stopping rule on replications"),
          tables("slos", slo_keys(), "service-level objectives"),
      }};
  return keys;
}

const Keys& plan_keys() {
  static const Keys keys{
      "a capacity plan: the cheapest values of the knobs that meet every SLO",
      {
          text("objective", "the measure to minimise; default: cost.total"),
          named_values(
              "vary",
              table("", knob_range_keys(), "{ min, max }, or a list of values").or_numbers_list(),
              "the knobs, each a dotted key path as --set takes it"),
          tables("slos", slo_keys(), "SLOs added to study.slos"),
          integer("replications", {2, 10'000}, "replications per point searched"),
          number("confidence", {0.5, 0.999},
                 "a point meets an SLO only when its whole "
                 "interval is on the right side"),
          integer("verify_replications", {2, 100'000},
                  "replications of the final check of the recommendation"),
          integer("max_evaluations", {1, 10'000}, "the most points simulated"),
      }};
  return keys;
}

// A design: its name, and any top-level sections of its own, which replace
// the base's section of that name.
const Keys& design_keys() {
  static const Keys keys = [] {
    Keys k{"a design of the study", {}};
    k.keys.push_back(text("name", "the design's name").require());
    k.keys.push_back(text("description", "what the design changes"));
    k.keys.push_back(named_values("set", free_form("", "the value"),
                                  "values set by dotted key path, as --set does"));
#define EDASIM_KIND(table, Config, member, Result, receives) k.keys.push_back(table##_key());
#include "sim/model/kinds.def"
    for (Key& m : monitoring_keys()) k.keys.push_back(std::move(m));
    k.keys.push_back(cost_key());
    return k;
  }();
  return keys;
}

void read_slos(Section& study, plan::StudyConfig& out) {
  const toml::array* slos = study.array("slos");
  if (slos == nullptr) return;
  for (std::size_t i = 0; i < slos->size(); ++i) {
    const std::string key = element_path(study.key("slos"), i);
    auto s = section_of(*slos->get(i), key, study.diagnostics(), study.keys_of("slos"));
    if (!s) continue;
    plan::Slo slo;
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

// One knob of [plan].vary: `{ min = 1, max = 64 }` or a list of values.
std::optional<plan::Knob> read_knob(const std::string& path, const toml::node& node,
                                    const std::string& key, Diagnostics& diagnostics) {
  // Values a scenario would take as a count or a size; far beyond any.
  constexpr double limit = 1e15;
  plan::Knob knob;
  knob.path = path;
  knob.origin = origin(diagnostics, node, key);
  if (const toml::table* t = node.as_table()) {
    Section range(*t, key, diagnostics, &knob_range_keys());
    const bool has_min = range.require("min") != nullptr;
    const bool has_max = range.require("max") != nullptr;
    range.read("min", knob.min, {0, static_cast<std::int64_t>(limit)});
    range.read("max", knob.max, {0, static_cast<std::int64_t>(limit)});
    range.finish();
    if (!has_min || !has_max) return std::nullopt;
    if (knob.max < knob.min) {
      diagnostics.report(
          key, node.source(),
          "max (" + std::to_string(knob.max) + ") is below min (" + std::to_string(knob.min) + ")");
      return std::nullopt;
    }
    return knob;
  }
  if (const toml::array* list = node.as_array()) {
    knob.range = false;
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string element = element_path(key, i);
      const auto v = read_number(*list->get(i), element, Range<double>{-limit, limit}, diagnostics);
      if (!v) return std::nullopt;
      knob.list.push_back(*v);
    }
    std::sort(knob.list.begin(), knob.list.end());
    if (knob.list.empty()) {
      diagnostics.report(key, node.source(), "expected at least one value");
      return std::nullopt;
    }
    if (std::adjacent_find(knob.list.begin(), knob.list.end()) != knob.list.end()) {
      diagnostics.report(key, node.source(), "a value is listed twice");
      return std::nullopt;
    }
    return knob;
  }
  diagnostics.report(
      key, node.source(),
      "expected { min = N, max = M } (integers) or a list of values, got " + show(node));
  return std::nullopt;
}

// [plan]: what `edasim plan` varies, what it minimises, and the SLOs every
// recommendation must meet (added to the study's own).
void read_plan(Section& root, plan::StudyConfig& out) {
  auto s = root.section("plan");
  if (!s) return;
  plan::PlanConfig plan;
  plan.origin = position_in(s->diagnostics().file(), s->table());
  if (const toml::node* o = s->take("objective")) {
    if (auto name = read_string(*o, s->key("objective"), s->diagnostics())) plan.objective = *name;
    plan.objective_origin = origin(s->diagnostics(), *o, s->key("objective"));
  }
  if (const toml::node* vary = s->require("vary")) {
    const toml::table* knobs = vary->as_table();
    if (knobs == nullptr || knobs->empty()) {
      s->report("vary",
                "expected a table of knobs: { \"consumers.NAME.instances\" = { min = 1, max = 64 } "
                "}, a dotted key path each, with a range or a list of values");
    } else {
      // In the order the file writes them: the first knob is tried first.
      std::vector<std::pair<std::string, const toml::node*>> entries;
      for (const auto& [path, node] : *knobs) entries.emplace_back(std::string(path.str()), &node);
      std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const auto& x = a.second->source().begin;
        const auto& y = b.second->source().begin;
        return std::tie(x.line, x.column) < std::tie(y.line, y.column);
      });
      for (const auto& [path, node] : entries) {
        if (auto knob = read_knob(path, *node, child_path(s->key("vary"), path), s->diagnostics()))
          plan.knobs.push_back(std::move(*knob));
      }
    }
  }
  const std::size_t study_slos = out.slos.size();
  read_slos(*s, out);
  if (out.slos.size() == study_slos && study_slos == 0) {
    s->report("slos",
              "a plan needs at least one SLO to meet (plan.slos, or study.slos): without one "
              "the cheapest design is always the smallest");
  }
  s->read("replications", plan.replications, {2, 10'000});
  s->read("confidence", plan.confidence, {0.5, 0.999});
  plan.verify_replications = std::max(plan.verify_replications, 2 * plan.replications);
  s->read("verify_replications", plan.verify_replications, {2, 100'000});
  s->read("max_evaluations", plan.max_evaluations, {1, 10'000});
  s->finish();
  out.plan = std::move(plan);
}

void read_stopping(Section& study, plan::StudyConfig& out) {
  auto s = study.section("stopping");
  if (!s) return;
  plan::StoppingRule rule;
  if (const toml::node* m = s->require("measure")) {
    s->read("measure", rule.measure);
    rule.origin = origin(study.diagnostics(), *m, s->key("measure"));
  }
  s->read("relative_half_width", rule.relative_half_width, Range<double>{0, 1, true});
  s->read("step", rule.step, {1, 1000});
  s->read("max_replications", rule.max_replications, {2, 100'000});
  if (rule.max_replications < out.replications) {
    s->report("max_replications",
              "must be at least study.replications (" + std::to_string(out.replications) + ")");
  }
  s->finish();
  out.stopping = rule;
}

void read_study_settings(Section& root, plan::StudyConfig& out) {
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
  s->take("sweep");     // read with the designs
  read_stopping(*s, out);
  read_slos(*s, out);
  s->finish();
}

struct DesignTree {
  std::string name;
  std::string description;
  std::string key;     // designs[i]
  std::string origin;  // file:line:column of the design's name, or ""
  toml::table tree;
  // Where the values the design sets were written.
  std::vector<std::pair<std::string, toml::source_region>> placed;
};

// The scenario's tree, parsed again with the overrides applied: TOML++ drops
// source positions when it copies a node, and every problem a design's
// reading finds must still say where its value was written. Parsing the text
// again costs one pass over it; copying would cost the positions.
struct Reparse {
  std::string_view text;
  std::string_view source;
  std::span<const Override> overrides;

  toml::table operator()() const {
    Diagnostics already_reported{std::string(source)};
    toml::table tree = parse_scenario(text, source);
    apply_overrides(tree, overrides, already_reported);
    return tree;
  }
};

// The base tree without the study's own tables, positions kept.
toml::table base_of(toml::table tree) {
  tree.erase("study");
  tree.erase("designs");
  tree.erase("plan");
  return tree;
}

std::vector<DesignTree> design_trees(const toml::table& tree, const Reparse& reparse,
                                     Diagnostics& diagnostics) {
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
    const toml::node* name = d.get("name");
    design.origin = position_in(diagnostics.file(), name != nullptr ? *name : d);
    // The design's sections are moved, not copied, out of a tree of their
    // own, so that they keep their positions.
    toml::table tree_of_design = reparse();
    toml::array designs_again = std::move(*tree_of_design.get("designs")->as_array());
    toml::table& own = *designs_again.get(i)->as_table();
    design.tree = base_of(std::move(tree_of_design));
    Section s(d, design.key, diagnostics, &design_keys());
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
      s.pass_on(key);
      if (key == "scenario" || key == "study" || key == "designs" || key == "plan") {
        diagnostics.report(child_path(design.key, key), value.source(),
                           "a design cannot hold [" + key + "]; it belongs to the whole study");
        continue;
      }
      own.get(key)->visit(
          [&](auto& moved) { design.tree.insert_or_assign(key, std::move(moved)); });
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

// [study.sweep]: key paths, each with a list of values, whose grid (every
// combination, the last path varying fastest) becomes the designs.
struct SweepPath {
  std::string path;
  std::string key;    // study.sweep."path"
  std::string label;  // what design names call it: its last segment
  std::vector<const toml::node*> values;
  std::vector<std::string> texts;  // each value as a name spells it
};

// Far more designs than a comparison can show, or than replications of each
// could run in a sitting.
constexpr std::size_t kMaxSweepPoints = 1000;

// A value as a design's name and compare.csv spell it: a number or a string
// bare, anything else as messages show it.
std::string value_text(const toml::node& node) {
  if (const auto i = node.value_exact<std::int64_t>()) return std::to_string(*i);
  if (const auto x = node.value_exact<double>()) {
    char text[32];
    const auto end = std::to_chars(std::begin(text), std::end(text), *x);
    return std::string(text, end.ptr);
  }
  if (const auto str = node.value_exact<std::string>()) return *str;
  return show(node);
}

std::optional<double> value_number(const toml::node& node) {
  if (!node.is_number()) return std::nullopt;
  return node.value<double>();
}

// The last segment of a key path, unquoted: `instances` of
// `consumers.orders.instances`.
std::string last_segment(const std::string& path) {
  const std::string parent = parent_path(path);
  std::string label = path.substr(parent.size());
  if (!label.empty() && label.front() == '.') label.erase(0, 1);
  if (label.size() >= 2 && label.front() == '"' && label.back() == '"')
    label = label.substr(1, label.size() - 2);
  return label.empty() ? path : label;
}

// The sweep's paths in the order the file writes them, each with its
// values; nullopt after a problem (reported).
std::optional<std::vector<SweepPath>> sweep_paths(const toml::node& node,
                                                  Diagnostics& diagnostics) {
  const toml::table* table = node.as_table();
  if (table == nullptr || table->empty()) {
    diagnostics.report("study.sweep", node.source(),
                       "expected a table of key paths, each with a list of values: "
                       "{ \"consumers.NAME.instances\" = [4, 6, 8] }");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, const toml::node*>> entries;
  for (const auto& [path, value] : *table) entries.emplace_back(std::string(path.str()), &value);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& x = a.second->source().begin;
    const auto& y = b.second->source().begin;
    return std::tie(x.line, x.column) < std::tie(y.line, y.column);
  });
  std::vector<SweepPath> out;
  bool ok = true;
  for (const auto& [path, value] : entries) {
    SweepPath p;
    p.path = path;
    p.key = child_path("study.sweep", path);
    p.label = last_segment(path);
    const toml::array* list = value->as_array();
    if (list == nullptr) {
      diagnostics.report(
          p.key, value->source(),
          "expected a list of values to sweep, such as [4, 6, 8], got " + show(*value));
      ok = false;
      continue;
    }
    if (list->empty()) {
      diagnostics.report(p.key, value->source(), "expected at least one value to sweep");
      ok = false;
      continue;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::node& v = *list->get(i);
      std::string text = value_text(v);
      if (std::find(p.texts.begin(), p.texts.end(), text) != p.texts.end()) {
        diagnostics.report(element_path(p.key, i), v.source(),
                           "the value " + text + " is listed twice");
        ok = false;
      }
      p.values.push_back(&v);
      p.texts.push_back(std::move(text));
    }
    out.push_back(std::move(p));
  }
  if (!ok) return std::nullopt;
  // Paths that end alike are named in full.
  for (SweepPath& p : out) {
    const auto alike = std::count_if(out.begin(), out.end(), [&](const SweepPath& q) {
      return last_segment(q.path) == last_segment(p.path);
    });
    if (alike > 1) p.label = p.path;
  }
  std::size_t points = 1;
  std::string sizes;
  for (const SweepPath& p : out) {
    points = std::min(points * p.values.size(), kMaxSweepPoints + 1);
    sizes += (sizes.empty() ? "" : " x ") + std::to_string(p.values.size());
  }
  if (points > kMaxSweepPoints) {
    diagnostics.report("study.sweep", node.source(),
                       "the grid (" + sizes + " values) has more than " +
                           std::to_string(kMaxSweepPoints) +
                           " points; sweep fewer values, or fewer paths at once");
    return std::nullopt;
  }
  return out;
}

// Each swept value on its own must give a scenario that loads, checked
// before the grid is built: a path nothing reads, or a value out of its
// key's range, is reported at the first value of the path that fails,
// naming the path and value.
// Skipped when the base scenario does not load either: its own problems are
// reported as the base's.
bool check_sweep_values(const std::vector<SweepPath>& paths, const Reparse& reparse,
                        std::string_view text, std::string_view source, Diagnostics& diagnostics) {
  {
    Diagnostics base = diagnostics.fresh();
    toml::table tree = base_of(reparse());
    read_system(tree, text, source, base);
    if (!base.empty()) return true;
  }
  bool ok = true;
  for (const SweepPath& p : paths) {
    for (std::size_t i = 0; i < p.values.size(); ++i) {
      const toml::node& value = *p.values[i];
      const std::string key = element_path(p.key, i);
      Diagnostics own = diagnostics.fresh();
      toml::table tree = base_of(reparse());
      if (auto at = set_value(tree, p.path, value, key, own)) {
        own.note_placed(*at, value.source());
        read_system(tree, text, source, own);
      }
      if (own.empty()) continue;
      const Diagnostic& first = own.found().front();
      diagnostics.report(key, value.source(),
                         "the scenario does not load with " + p.path + " = " + show(value) + ": " +
                             first.key + (first.key.empty() ? "" : ": ") + first.message);
      ok = false;
      break;  // a path nothing reads fails at every value: once is enough
    }
  }
  return ok;
}

// The grid's designs, in grid order: `start()` (the base, or one of the
// study's [[designs]]) with one value of each path set, named after those
// values ("instances=8,partitions=64"), after the design's own name when it
// has one ("bus,instances=8"); each one's values go to `swept` and the name
// of the design it was made from ("bus", or "" for the base) to
// `swept_from`.
std::vector<DesignTree> sweep_trees(const std::vector<SweepPath>& paths,
                                    const std::function<DesignTree()>& start,
                                    Diagnostics& diagnostics,
                                    std::vector<std::vector<plan::SweptValue>>& swept,
                                    std::vector<std::string>& swept_from) {
  std::vector<DesignTree> out;
  std::vector<std::size_t> at(paths.size(), 0);
  while (true) {
    DesignTree design = start();
    const bool named = !design.name.empty();
    swept_from.push_back(design.name);
    std::vector<plan::SweptValue> values;
    for (std::size_t k = 0; k < paths.size(); ++k) {
      const SweepPath& p = paths[k];
      const toml::node& value = *p.values[at[k]];
      const std::string key = element_path(p.key, at[k]);
      design.name += (k == 0 && !named ? "" : ",") + p.label + "=" + p.texts[at[k]];
      if (k == 0 && !named) design.origin = position_in(diagnostics.file(), value);
      if (auto placed = set_value(design.tree, p.path, value, key, diagnostics))
        design.placed.emplace_back(std::move(*placed), value.source());
      values.push_back({p.path, p.texts[at[k]], value_number(value)});
    }
    if (!named) design.key = "study.sweep";
    out.push_back(std::move(design));
    swept.push_back(std::move(values));
    // The next grid point: the last path varies fastest.
    std::size_t k = paths.size();
    while (k > 0 && ++at[k - 1] == paths[k - 1].values.size()) at[--k] = 0;
    if (k == 0) break;
  }
  return out;
}

// Problems found in several designs, merged: a problem found in every design
// is reported once, as the base's, and one found in only some names them.
// Linear in the number of problems (a map from each problem to the designs
// it was found in), so a file with many mistakes is still answered at once.
void merge(const std::vector<std::vector<Diagnostic>>& found, const std::vector<DesignTree>& trees,
           const std::function<void(Diagnostic)>& adopt) {
  using Identity = std::tuple<std::uint32_t, std::uint32_t, std::string, std::string>;
  std::map<Identity, std::vector<std::size_t>> designs_of;
  std::vector<const Diagnostic*> order;
  for (std::size_t i = 0; i < found.size(); ++i) {
    for (const Diagnostic& problem : found[i]) {
      auto& in = designs_of[{problem.line, problem.column, problem.key, problem.message}];
      if (in.empty()) order.push_back(&problem);
      if (in.empty() || in.back() != i) in.push_back(i);
    }
  }
  for (const Diagnostic* problem : order) {
    const auto& in = designs_of[{problem->line, problem->column, problem->key, problem->message}];
    Diagnostic shown = *problem;
    if (in.size() < found.size()) {
      std::string names;
      for (const std::size_t j : in) names += (names.empty() ? "" : ", ") + trees[j].name;
      shown.message = "in design " + names + ": " + shown.message;
    }
    adopt(std::move(shown));
  }
}

// Reads every design, merging what each reports.
std::vector<plan::DesignConfig> read_designs(std::vector<DesignTree>& trees, std::string_view text,
                                             std::string_view source, Diagnostics& diagnostics) {
  std::vector<plan::DesignConfig> out;
  std::vector<std::vector<Diagnostic>> found;
  std::vector<std::vector<Diagnostic>> warned;
  for (DesignTree& t : trees) {
    Diagnostics own = diagnostics.fresh();
    for (const auto& [path, region] : t.placed) own.note_placed(path, region);
    plan::DesignConfig d;
    d.name = t.name;
    d.description = t.description;
    d.origin = t.origin.empty() ? std::string(source) : t.origin;
    d.producer_origins = producer_origins(t.tree, std::string(source));
    d.system = read_system(t.tree, text, source, own);
    found.push_back(own.found());
    warned.push_back(own.warnings());
    out.push_back(std::move(d));
  }
  merge(found, trees, [&](Diagnostic d) { diagnostics.adopt(std::move(d)); });
  merge(warned, trees, [&](Diagnostic d) { diagnostics.adopt_warning(std::move(d)); });
  return out;
}

// Reports `message` at knob `path` of [plan].vary, where the file wrote it
// (an override's knob has no place in the file).
void report_at_knob(const toml::table& tree, const std::string& path, const std::string& message,
                    Diagnostics& diagnostics) {
  const toml::node* vary = tree["plan"]["vary"].node();
  const toml::node* at =
      vary != nullptr && vary->as_table() != nullptr ? vary->as_table()->get(path) : nullptr;
  const std::string key = child_path("plan.vary", path);
  if (at != nullptr) {
    diagnostics.report(key, at->source(), message);
  } else {
    diagnostics.report(key, message);
  }
}

// In a plan over a study's designs, each knob applies to the designs whose
// scenario has the component it sets; a knob that applies to none is
// reported at the knob, with the designs it could have named.
void place_knobs(plan::PlanConfig& plan, const std::vector<DesignTree>& trees,
                 const toml::table& tree, Diagnostics& diagnostics) {
  for (plan::Knob& knob : plan.knobs) {
    for (const DesignTree& t : trees) {
      if (has_parent_of(t.tree, knob.path)) knob.designs.push_back(t.name);
    }
    if (!knob.designs.empty()) continue;
    std::string names;
    for (const DesignTree& t : trees) names += (names.empty() ? "" : ", ") + t.name;
    report_at_knob(tree, knob.path,
                   "no design has the component this knob sets (" + parent_path(knob.path) +
                       "), so it cannot be planned anywhere; the designs are " + names,
                   diagnostics);
  }
}

// Every knob at both ends of its values must give a scenario that loads (in
// a study, each design's that it applies to): a path nothing reads, or a
// value out of its key's range, is found before a single run, at the knob.
void check_knobs(const plan::PlanConfig& plan, std::string_view text, std::string_view source_name,
                 std::span<const Override> overrides, Diagnostics& diagnostics) {
  for (const plan::Knob& knob : plan.knobs) {
    // One scenario, or each design the knob applies to.
    std::vector<std::string> designs = knob.designs;
    if (!plan.over_designs) designs.assign(1, "");
    bool failed = false;
    for (const std::string& design : designs) {
      for (const std::size_t i : {std::size_t{0}, knob.size() - 1}) {
        const std::vector<Override> value{{knob.path, knob.text(i)}};
        try {
          if (plan.over_designs) {
            load_design_variant_text(text, source_name, overrides, design, value);
          } else {
            std::vector<Override> with(overrides.begin(), overrides.end());
            with.push_back(value.front());
            load_variant_text(text, source_name, with);
          }
        } catch (const ScenarioError& e) {
          const Diagnostic& first = e.diagnostics().front();
          report_at_knob(parse_scenario(text, source_name), knob.path,
                         (design.empty() ? "" : "in design " + design + ": ") +
                             "the scenario does not load with " + knob.path + " = " + knob.text(i) +
                             ": " + first.key + (first.key.empty() ? "" : ": ") + first.message,
                         diagnostics);
          failed = true;
          break;
        }
      }
      if (failed) break;
    }
  }
}

}  // namespace

std::vector<Key> study_keys() {
  return {table("study", study_settings_keys(), "a study: designs side by side, replicated"),
          tables("designs", design_keys(), "the designs of a study"),
          table("plan", plan_keys(), "a capacity plan")};
}

plan::StudyConfig load_study_text(std::string_view text, std::string_view source_name,
                                  std::span<const Override> overrides,
                                  std::vector<Diagnostic>* warnings) {
  Diagnostics diagnostics{std::string(source_name)};
  toml::table tree = parse_scenario(text, source_name);
  apply_overrides(tree, overrides, diagnostics);

  plan::StudyConfig study;
  study.declared = tree.contains("study") || tree.contains("designs");
  {
    Section root(tree, "", diagnostics, &scenario_keys());
    read_study_settings(root, study);
    read_plan(root, study);
  }
  const Reparse reparse{text, source_name, overrides};
  std::vector<DesignTree> trees = design_trees(tree, reparse, diagnostics);
  // A sweep's designs, and each one's swept values.
  std::vector<std::vector<plan::SweptValue>> swept;
  std::vector<std::string> swept_from;  // by design: the [[designs]] entry's name, or ""
  const toml::node* sweep = tree["study"]["sweep"].node();
  if (sweep != nullptr && !tree.contains("designs")) {
    if (auto paths = sweep_paths(*sweep, diagnostics);
        paths && check_sweep_values(*paths, reparse, text, source_name, diagnostics)) {
      const auto base = [&] {
        DesignTree t;
        t.tree = base_of(reparse());
        return t;
      };
      trees = sweep_trees(*paths, base, diagnostics, swept, swept_from);
    }
  } else if (sweep != nullptr && diagnostics.empty()) {
    // Every design at every grid point, design by design. Each copy of a
    // design is derived again, so that it keeps its positions; its
    // problems were reported when it was first derived. A value that does
    // not load is reported where it was written by the designs' reading
    // (the base alone need not load, so it cannot check the values).
    if (auto paths = sweep_paths(*sweep, diagnostics)) {
      std::vector<DesignTree> grid;
      for (std::size_t d = 0; d < trees.size(); ++d) {
        const auto design = [&] {
          Diagnostics reported = diagnostics.fresh();
          return std::move(design_trees(tree, reparse, reported)[d]);
        };
        for (DesignTree& t : sweep_trees(*paths, design, diagnostics, swept, swept_from))
          grid.push_back(std::move(t));
      }
      trees = std::move(grid);
    }
  }
  if (trees.empty() && !tree.contains("designs") && sweep == nullptr) {
    DesignTree only;
    only.tree = base_of(reparse());
    trees.push_back(std::move(only));
  }
  if (trees.empty() && tree.contains("designs")) {
    diagnostics.report("designs", tree.get("designs")->source(),
                       "a study needs at least one design");
  }
  study.designs = read_designs(trees, text, source_name, diagnostics);
  for (std::size_t d = 0; d < swept.size() && d < study.designs.size(); ++d) {
    study.designs[d].swept = std::move(swept[d]);
    study.designs[d].swept_from = std::move(swept_from[d]);
  }
  for (plan::DesignConfig& d : study.designs) {
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
      for (const plan::DesignConfig& d : study.designs) names.push_back(d.name);
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
  // A design without producers has nothing to simulate (an empty or
  // comment-only file, say): run and compare would refuse it, so loading
  // does, and check says so too.
  for (const plan::DesignConfig& d : study.designs) {
    if (!d.system.producers.empty() || diagnostics.mentions("producers")) continue;
    std::string message =
        "the scenario has no producers, so there is nothing to simulate; add a "
        "[producers.NAME] table";
    if (study.declared) message = "in design " + d.name + ": " + message;
    diagnostics.report("producers", tree.source(), message);
  }
  // A warm-up as long as the run leaves nothing to measure.
  if (!study.automatic_warmup && study.warmup > Duration::zero()) {
    for (const plan::DesignConfig& d : study.designs) {
      if (study.warmup < d.system.duration) continue;
      diagnostics.report("study.warmup", "the warm-up (" + core::format_duration(study.warmup) +
                                             ") is not shorter than the run (" +
                                             core::format_duration(d.system.duration) +
                                             "), so nothing would be measured");
      break;
    }
  }
  if (study.plan && sweep != nullptr) {
    diagnostics.report("plan", tree.get("plan")->source(),
                       "a plan varies one scenario or each of a study's [[designs]], and this one "
                       "has a [study.sweep]: plan the scenario without it");
  } else if (study.plan && tree.contains("designs") && diagnostics.empty()) {
    study.plan->over_designs = true;
    place_knobs(*study.plan, trees, tree, diagnostics);
  }
  if (study.plan && diagnostics.empty())
    check_knobs(*study.plan, text, source_name, overrides, diagnostics);
  if (!diagnostics.empty()) throw ScenarioError(diagnostics.found());
  if (warnings != nullptr) {
    warnings->insert(warnings->end(), diagnostics.warnings().begin(), diagnostics.warnings().end());
  }
  return study;
}

model::SystemConfig load_design_variant_text(std::string_view text, std::string_view source_name,
                                             std::span<const Override> overrides,
                                             std::string_view design,
                                             std::span<const Override> design_overrides) {
  Diagnostics diagnostics{std::string(source_name)};
  toml::table tree = parse_scenario(text, source_name);
  apply_overrides(tree, overrides, diagnostics);
  const Reparse reparse{text, source_name, overrides};
  std::vector<DesignTree> trees = design_trees(tree, reparse, diagnostics);
  const auto named = std::find_if(trees.begin(), trees.end(),
                                  [&](const DesignTree& t) { return t.name == design; });
  model::SystemConfig system;
  if (named == trees.end()) {
    diagnostics.report("designs", "no design named \"" + std::string(design) + "\"");
  } else {
    Diagnostics own = diagnostics.fresh();
    for (const auto& [path, region] : named->placed) own.note_placed(path, region);
    apply_overrides(named->tree, design_overrides, own);
    system = read_system(named->tree, text, source_name, own);
    for (const Diagnostic& d : own.found()) diagnostics.adopt(d);
  }
  if (!diagnostics.empty()) throw ScenarioError(diagnostics.found());
  return system;
}

plan::StudyConfig load_study(const std::filesystem::path& file, std::span<const Override> overrides,
                             std::vector<Diagnostic>* warnings) {
  return load_study_text(read_scenario_file(file), file.string(), overrides, warnings);
}

plan::StudyConfig load_designs(std::span<const std::filesystem::path> files,
                               std::span<const Override> overrides) {
  plan::StudyConfig study;
  std::vector<Diagnostic> problems;
  for (const auto& file : files) {
    try {
      plan::DesignConfig d;
      const std::string text = read_scenario_file(file);
      d.system = load_text(text, file.string(), overrides);
      d.name = d.system.name;
      d.origin = file.string();
      d.producer_origins = producer_origins(parse_scenario(text, file.string()), file.string());
      study.designs.push_back(std::move(d));
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw ScenarioError(problems);
  std::set<std::string> names;
  for (std::size_t i = 0; i < study.designs.size(); ++i) {
    const plan::DesignConfig& d = study.designs[i];
    if (!names.insert(d.name).second) {
      problems.push_back({files[i].string(), 0, 0, "scenario.name",
                          "another file's scenario is also named \"" + d.name +
                              "\"; designs need distinct names"});
    }
    const auto producers = [](const plan::DesignConfig& c) {
      std::vector<std::string> out;
      for (const model::ProducerConfig& p : c.system.producers) out.push_back(p.name);
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
