#include "sim/rules/json_event.hpp"

#include <simdjson.h>

#include <cstring>
#include <vector>

namespace edasim::rules {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Walks a parsed document into an event. `Paths` is const PathTable (skip
// unknown keys) or PathTable (intern them).
template <typename Paths>
class Walker {
 public:
  Walker(Paths& paths, Event& event) : paths_(paths), event_(event) {}

  void object(const element& value, PathId path, ElementId in) {
    for (const auto member : simdjson::dom::object(value)) {
      PathId child;
      if constexpr (std::is_const_v<Paths>) {
        child = paths_.find_child(path, member.key);
        if (child == PathTable::none) continue;
      } else {
        child = paths_.intern_child(path, member.key);
      }
      any(member.value, child, in);
    }
  }

  void any(const element& value, PathId path, ElementId in) {
    switch (value.type()) {
      case element_type::OBJECT:
        object(value, path, in);
        return;
      case element_type::ARRAY: {
        const ArrayId array = event_.add_array(path, in);
        for (element item : simdjson::dom::array(value)) any(item, path, event_.add_element(array));
        return;
      }
      case element_type::STRING:
        event_.add_string(path, std::string_view(value), in);
        return;
      case element_type::INT64:
        event_.add_number(path, static_cast<double>(std::int64_t(value)), in);
        return;
      case element_type::UINT64:
        event_.add_number(path, static_cast<double>(std::uint64_t(value)), in);
        return;
      case element_type::DOUBLE:
        event_.add_number(path, double(value), in);
        return;
      case element_type::BOOL:
        event_.add_bool(path, bool(value), in);
        return;
      case element_type::NULL_VALUE:
        event_.add_null(path, in);
        return;
    }
  }

 private:
  Paths& paths_;
  Event& event_;
};

}  // namespace

struct JsonEventReader::State {
  simdjson::dom::parser parser;
  std::vector<char> padded;

  element parse(std::string_view json) {
    // simdjson reads up to SIMDJSON_PADDING bytes past the end; copying into
    // our own padded buffer avoids its per-call allocation.
    const std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
    if (padded.size() < needed) padded.resize(needed);
    std::memcpy(padded.data(), json.data(), json.size());
    std::memset(padded.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    element root;
    const auto error = parser.parse(padded.data(), json.size(), false).get(root);
    if (error) throw JsonError(std::string("invalid JSON: ") + simdjson::error_message(error));
    if (root.type() != element_type::OBJECT) throw JsonError("an event must be a JSON object");
    return root;
  }
};

JsonEventReader::JsonEventReader() : state_(std::make_unique<State>()) {}
JsonEventReader::~JsonEventReader() = default;
JsonEventReader::JsonEventReader(JsonEventReader&&) noexcept = default;
JsonEventReader& JsonEventReader::operator=(JsonEventReader&&) noexcept = default;

void JsonEventReader::read(std::string_view json, const PathTable& paths, Event& event) {
  event.clear();
  const element root = state_->parse(json);
  Walker<const PathTable>(paths, event).object(root, PathTable::root, Event::top);
}

void JsonEventReader::read_all(std::string_view json, PathTable& paths, Event& event) {
  event.clear();
  const element root = state_->parse(json);
  Walker<PathTable>(paths, event).object(root, PathTable::root, Event::top);
}

}  // namespace edasim::rules
