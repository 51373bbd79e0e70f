#include "sim/model/producers/event_factory.hpp"

#include "sim/rules/hash.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace edasim::model {

namespace {
constexpr std::size_t max_number_digits = 20;
}

EventFactory::EventFactory(std::span<const EventTemplate> templates) {
  std::vector<double> weights;
  for (const EventTemplate& t : templates) {
    Template compiled{&t, {}, {}};
    for (const FieldGenerator& f : t.fields) compiled.fields.push_back(make_field(f, {}));
    for (const ArrayGenerator& a : t.arrays) {
      Array array{&a, intern(a.path), {}};
      for (const FieldGenerator& f : a.fields) array.fields.push_back(make_field(f, a.path));
      compiled.arrays.push_back(std::move(array));
    }
    templates_.push_back(std::move(compiled));
    weights.push_back(t.weight);
  }
  if (!weights.empty()) pick_template_ = core::Choice(weights);
  content_.paths_ = &paths_;
}

EventFactory::EventFactory(const EventArchive& archive)
    : paths_(archive.paths), archive_(&archive) {
  content_.paths_ = &paths_;
}

std::uint32_t EventFactory::intern(std::vector<std::string> path) {
  const auto it = std::find(paths_.begin(), paths_.end(), path);
  if (it != paths_.end()) return static_cast<std::uint32_t>(it - paths_.begin());
  paths_.push_back(std::move(path));
  return static_cast<std::uint32_t>(paths_.size() - 1);
}

EventFactory::Field EventFactory::make_field(const FieldGenerator& spec,
                                             std::vector<std::string> prefix) {
  for (const std::string& segment : spec.path) prefix.push_back(segment);
  Field f{&spec, intern(std::move(prefix)), {}};
  if (spec.kind == FieldGenerator::Kind::choice) {
    if (spec.values.empty()) throw std::invalid_argument("a choice field needs at least one value");
    std::vector<double> w = spec.weights;
    if (w.empty()) w.assign(spec.values.size(), 1.0);
    f.choice = core::Choice(w);
  }
  if (spec.kind == FieldGenerator::Kind::id || spec.kind == FieldGenerator::Kind::sequence) {
    // Room for this field's text in the arena, counted once per possible
    // use; arrays are bounded below when the event is made.
    arena_capacity_ += spec.prefix.size() + max_number_digits;
  }
  return f;
}

std::string_view EventFactory::store(std::string_view prefix, std::uint64_t number) {
  const std::size_t start = arena_.size();
  // generate() reserved room for every string of this event before making
  // the first, so appending never moves the views already handed out.
  if (start + prefix.size() + max_number_digits > arena_.capacity()) {
    throw std::logic_error("event arena reserved too small");
  }
  arena_.append(prefix);
  char digits[max_number_digits];
  const auto [end, ec] = std::to_chars(digits, digits + max_number_digits, number);
  arena_.append(digits, static_cast<std::size_t>(end - digits));
  return std::string_view(arena_).substr(start);
}

void EventFactory::emit(const Field& field, core::RandomStream& rng, std::uint64_t sequence,
                        std::uint32_t group) {
  const FieldGenerator& spec = *field.spec;
  rules::Value v;
  switch (spec.kind) {
    case FieldGenerator::Kind::choice:
      v = rules::Value::of_string(spec.values[field.choice.sample(rng)]);
      break;
    case FieldGenerator::Kind::number: {
      const double scale = std::pow(10.0, spec.decimals);
      v = rules::Value::of_number(std::round(spec.number.sample(rng) * scale) / scale);
      break;
    }
    case FieldGenerator::Kind::id:
      v = rules::Value::of_string(store(spec.prefix, rng.below(spec.cardinality)));
      break;
    case FieldGenerator::Kind::boolean:
      v = rules::Value::of_bool(rng.bernoulli(spec.probability));
      break;
    case FieldGenerator::Kind::sequence:
      v = rules::Value::of_string(store(spec.prefix, sequence));
      break;
  }
  content_.leaves_.push_back(EventLeaf{field.path, v, group});
}

std::int64_t EventFactory::generate(core::RandomStream& rng, std::uint64_t sequence) {
  content_.leaves_.clear();
  arena_.clear();
  if (archive_ != nullptr) {
    if (archive_->events.empty()) return 0;
    const std::size_t which = static_cast<std::size_t>(sequence % archive_->events.size());
    const ArchivedEvent& e = archive_->events[which];
    content_.archived_ = which;
    for (std::uint32_t i = e.first_leaf; i < e.first_leaf + e.leaves; ++i) {
      const ArchivedLeaf& leaf = archive_->leaves[i];
      content_.leaves_.push_back(EventLeaf{leaf.path, archive_->value(leaf), leaf.element});
    }
    return e.size;
  }
  if (templates_.empty()) return 0;
  const std::size_t which = pick_template_.sample(rng);
  const Template& t = templates_[which];
  content_.template_ = which;

  // Bound the arena for this event: arrays repeat their id fields.
  std::size_t need = arena_capacity_;
  std::vector<std::int64_t>& counts = array_counts_;
  counts.clear();
  for (const Array& a : t.arrays) {
    const auto n = std::max<std::int64_t>(0, std::llround(a.spec->count.sample(rng)));
    counts.push_back(n);
    for (const Field& f : a.fields) {
      if (f.spec->kind == FieldGenerator::Kind::id ||
          f.spec->kind == FieldGenerator::Kind::sequence) {
        need += static_cast<std::size_t>(n) * (f.spec->prefix.size() + max_number_digits);
      }
    }
  }
  if (arena_.capacity() < need) arena_.reserve(need * 2);

  for (const Field& f : t.fields) emit(f, rng, sequence, 0);
  for (std::size_t ai = 0; ai < t.arrays.size(); ++ai) {
    for (std::int64_t e = 0; e < counts[ai]; ++e) {
      const auto group = static_cast<std::uint32_t>((ai << 16) | static_cast<std::size_t>(e)) + 1;
      for (const Field& f : t.arrays[ai].fields) emit(f, rng, sequence, group);
    }
  }
  const double size = t.spec->size_bytes.sample(rng);
  return std::max<std::int64_t>(1, std::llround(size));
}

namespace {

// An archived event as the rule engine reads it: its arrays first, then
// their elements, so that element numbers are the event's own, then its
// leaves (an array's place among the leaves does not matter to matching).
void build_archived_event(const EventArchive& archive, const EventContent& content,
                          const std::vector<rules::PathId>& ids, rules::Event& out) {
  const ArchivedEvent& e = archive.events[content.archived_index()];
  for (std::uint32_t a = e.first_array; a < e.first_array + e.arrays; ++a) {
    out.add_array(ids[archive.arrays[a].path], archive.arrays[a].parent);
  }
  for (std::uint32_t el = e.first_element; el < e.first_element + e.elements; ++el) {
    out.add_element(archive.elements[el]);
  }
  for (const EventLeaf& leaf : content.leaves()) out.add(ids[leaf.path], leaf.value, leaf.group);
}

}  // namespace

void build_rules_event(const EventFactory& factory, const std::vector<rules::PathId>& ids,
                       rules::Event& out) {
  const EventContent& content = factory.content();
  out.clear();
  if (factory.archive() != nullptr) {
    build_archived_event(*factory.archive(), content, ids, out);
    return;
  }
  std::uint32_t group = 0;
  rules::ElementId element = rules::Event::top;
  std::size_t array = SIZE_MAX;
  rules::ArrayId array_id = 0;
  for (const EventLeaf& leaf : content.leaves()) {
    if (leaf.group != group) {
      group = leaf.group;
      const std::size_t a = (group - 1) >> 16;
      if (a != array) {
        array = a;
        array_id = out.add_array(ids[factory.array_path(content.template_index(), a)]);
      }
      element = out.add_element(array_id);
    }
    out.add(ids[leaf.path], leaf.value, leaf.group == 0 ? rules::Event::top : element);
  }
}

std::vector<rules::PathId> intern_paths(const EventFactory& factory, rules::PathTable& table) {
  std::vector<rules::PathId> ids;
  ids.reserve(factory.paths().size());
  for (const auto& path : factory.paths()) ids.push_back(table.intern(dotted(path)));
  return ids;
}

std::uint64_t field_key(const rules::Value& v) {
  switch (v.kind) {
    case rules::ValueKind::string:
      return rules::hash_bytes(v.text, 0x5eed);
    case rules::ValueKind::number: {
      std::uint64_t bits;
      std::memcpy(&bits, &v.number, sizeof bits);
      return core::splitmix64(bits);
    }
    default: {
      std::uint64_t kind = static_cast<std::uint64_t>(v.kind) + 1;
      return core::splitmix64(kind);
    }
  }
}

std::string dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& segment : path) {
    if (!out.empty()) out += '.';
    out += segment;
  }
  return out;
}

}  // namespace edasim::model
