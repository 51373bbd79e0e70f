#include "sim/scenario/archive_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>
#include <utility>

#include "sim/scenario/traffic_file.hpp"

namespace edasim::scenario {

namespace {

constexpr std::int64_t ns_per_second = 1'000'000'000;
// No run is longer than a year: an offset past this one is never replayed,
// and keeping offsets below it keeps every time arithmetic far from overflow.
constexpr double longest_offset_ns = 1e18;

// What went wrong on a line, and where (a byte column, from 1).
struct Failure {
  std::size_t column;
  std::string message;
};

// The names of the paths met so far: (parent, key) -> index into
// EventArchive::paths. The root, which is no path, is `no_path`.
class PathNames {
 public:
  static constexpr std::uint32_t no_path = UINT32_MAX;

  explicit PathNames(model::EventArchive& archive) : archive_(archive) {}

  std::uint32_t child(std::uint32_t parent, const std::string& key) {
    const auto [it, added] = ids_.try_emplace({parent, key}, 0);
    if (!added) return it->second;
    std::vector<std::string> path;
    if (parent != no_path) path = archive_.paths[parent];
    path.push_back(key);
    archive_.paths.push_back(std::move(path));
    archive_.single.push_back(false);
    it->second = static_cast<std::uint32_t>(archive_.paths.size() - 1);
    return it->second;
  }

 private:
  model::EventArchive& archive_;
  std::map<std::pair<std::uint32_t, std::string>, std::uint32_t> ids_;
};

// The envelope fields an event is checked for and measured by.
struct Envelope {
  std::optional<std::int64_t> time;  // nanoseconds since the Unix epoch
  std::int64_t entry_bytes = 14;     // a PutEvents entry's size, `Time` being set
};

// Reads one line, a JSON object, into the archive's vectors as the rule
// engine's JSON reader would walk it (rules/json_event.cpp): objects name
// paths, an array adds an array and an element per item, scalars are leaves.
// The envelope's fields are checked as they are met. Throws Failure.
class EventParser {
 public:
  EventParser(std::string_view line, PathNames& names, model::EventArchive& archive,
              model::ArchivedEvent& event)
      : line_(line), names_(names), archive_(archive), event_(event) {}

  Envelope parse() {
    skip_space();
    if (at_ >= line_.size() || line_[at_] != '{') {
      fail(at_, "expected an event: a JSON object on one line, got " + what_is(at_));
    }
    object(PathNames::no_path, 0, 1);
    skip_space();
    if (at_ < line_.size()) fail(at_, "invalid JSON: more text after the event's closing brace");
    if (!envelope_.time) {
      fail(0,
           "the event has no \"time\": expected an RFC 3339 time such as \"2026-11-27T10:00:00Z\"");
    }
    return envelope_;
  }

 private:
  [[noreturn]] void fail(std::size_t at, std::string message) {
    throw Failure{at + 1, std::move(message)};
  }

  void skip_space() {
    while (at_ < line_.size() &&
           (line_[at_] == ' ' || line_[at_] == '\t' || line_[at_] == '\r' || line_[at_] == '\n'))
      ++at_;
  }

  // What the value at `at` is, for messages.
  std::string what_is(std::size_t at) const {
    if (at >= line_.size()) return "the end of the line";
    switch (line_[at]) {
      case '{':
        return "an object";
      case '[':
        return "an array";
      case '"':
        return "a string";
      case 't':
      case 'f':
        return "a boolean";
      case 'n':
        return "null";
      default:
        break;
    }
    if (line_[at] == '-' || (line_[at] >= '0' && line_[at] <= '9')) return "a number";
    return "\"" + std::string(line_.substr(at, 1)) + "\"";
  }

  void expect(char c, const char* after) {
    skip_space();
    if (at_ >= line_.size() || line_[at_] != c) {
      fail(at_,
           std::string("invalid JSON: expected '") + c + "' " + after + ", got " + what_is(at_));
    }
    ++at_;
  }

  void object(std::uint32_t path, std::uint32_t element, std::size_t depth) {
    if (depth > max_archive_depth) {
      fail(at_, "objects and arrays are nested deeper than " + std::to_string(max_archive_depth) +
                    " levels");
    }
    ++at_;  // the brace
    skip_space();
    if (at_ < line_.size() && line_[at_] == '}') {
      ++at_;
      return;
    }
    for (;;) {
      skip_space();
      if (at_ >= line_.size() || line_[at_] != '"') {
        fail(at_, "invalid JSON: expected a key in double quotes, got " + what_is(at_));
      }
      const std::string key = string_token();
      expect(':', "after an object's key");
      skip_space();
      const std::uint32_t child = names_.child(path, key);
      if (depth == 1) {
        envelope_member(key, child, element, depth);
      } else {
        value(child, element, depth);
      }
      skip_space();
      if (at_ < line_.size() && line_[at_] == ',') {
        ++at_;
        continue;
      }
      expect('}', "or ',' after an object's member");
      return;
    }
  }

  // A member of the event itself: the envelope's fields have their shapes.
  void envelope_member(const std::string& key, std::uint32_t path, std::uint32_t element,
                       std::size_t depth) {
    const std::size_t begin = at_;
    const bool string = at_ < line_.size() && line_[at_] == '"';
    if (key == "time") {
      if (envelope_.time) fail(begin, "the event has a second \"time\"");
      if (!string) fail(begin, "expected \"time\" to be a string, got " + what_is(begin));
      const std::size_t leaf = archive_.leaves.size();
      value(path, element, depth);
      const model::ArchivedLeaf& l = archive_.leaves[leaf];
      envelope_.time =
          parse_time(std::string_view(archive_.text).substr(l.text_begin, l.text_size), begin);
      return;
    }
    if (key == "source" || key == "detail-type") {
      if (!string) fail(begin, "expected \"" + key + "\" to be a string, got " + what_is(begin));
      const std::size_t leaf = archive_.leaves.size();
      value(path, element, depth);
      envelope_.entry_bytes += archive_.leaves[leaf].text_size;
      return;
    }
    if (key == "detail") {
      if (at_ >= line_.size() || line_[at_] != '{') {
        fail(begin, "expected \"detail\" to be a JSON object, got " + what_is(begin));
      }
      value(path, element, depth);
      envelope_.entry_bytes += static_cast<std::int64_t>(at_ - begin);
      return;
    }
    if (key == "resources") {
      if (at_ >= line_.size() || line_[at_] != '[') {
        fail(begin,
             "expected \"resources\" to be an array of strings (ARNs), got " + what_is(begin));
      }
      in_resources_ = true;
      const std::size_t first = archive_.leaves.size();
      value(path, element, depth);
      in_resources_ = false;
      for (std::size_t i = first; i < archive_.leaves.size(); ++i) {
        envelope_.entry_bytes += archive_.leaves[i].text_size;
      }
      return;
    }
    value(path, element, depth);
  }

  void array(std::uint32_t path, std::uint32_t element, std::size_t depth) {
    if (depth > max_archive_depth) {
      fail(at_, "objects and arrays are nested deeper than " + std::to_string(max_archive_depth) +
                    " levels");
    }
    ++at_;  // the bracket
    archive_.arrays.push_back(model::ArchivedArray{path, element});
    const auto array = static_cast<std::uint32_t>(archive_.arrays.size() - 1 - event_.first_array);
    skip_space();
    if (at_ < line_.size() && line_[at_] == ']') {
      ++at_;
      return;
    }
    for (;;) {
      skip_space();
      if (in_resources_ && depth == 2 && (at_ >= line_.size() || line_[at_] != '"')) {
        fail(at_, "expected \"resources\" to hold strings (ARNs), got " + what_is(at_));
      }
      archive_.elements.push_back(array);
      const auto item = static_cast<std::uint32_t>(archive_.elements.size() - event_.first_element);
      value(path, item, depth);
      skip_space();
      if (at_ < line_.size() && line_[at_] == ',') {
        ++at_;
        continue;
      }
      expect(']', "or ',' after an array's item");
      return;
    }
  }

  void value(std::uint32_t path, std::uint32_t element, std::size_t depth) {
    skip_space();
    if (at_ >= line_.size()) fail(at_, "invalid JSON: the line ends where a value should be");
    const char c = line_[at_];
    model::ArchivedLeaf leaf;
    leaf.path = path;
    leaf.element = element;
    if (c == '{') {
      object(path, element, depth + 1);
      return;
    }
    if (c == '[') {
      array(path, element, depth + 1);
      return;
    }
    if (c == '"') {
      const std::size_t begin = archive_.text.size();
      archive_.text += string_token();
      leaf.kind = rules::ValueKind::string;
      leaf.text_begin = static_cast<std::uint32_t>(begin);
      leaf.text_size = static_cast<std::uint32_t>(archive_.text.size() - begin);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      leaf.kind = rules::ValueKind::number;
      leaf.number = number_token();
    } else if (literal("true")) {
      leaf.kind = rules::ValueKind::true_value;
    } else if (literal("false")) {
      leaf.kind = rules::ValueKind::false_value;
    } else if (literal("null")) {
      leaf.kind = rules::ValueKind::null;
    } else {
      fail(at_, "invalid JSON: expected a value, got " + what_is(at_));
    }
    archive_.leaves.push_back(leaf);
    if (element == 0) archive_.single[path] = true;
  }

  bool literal(std::string_view word) {
    if (line_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  double number_token() {
    const std::size_t begin = at_;
    const auto digits = [&] {
      const std::size_t from = at_;
      while (at_ < line_.size() && line_[at_] >= '0' && line_[at_] <= '9') ++at_;
      return at_ - from;
    };
    if (line_[at_] == '-') ++at_;
    const std::size_t integer_begin = at_;
    const std::size_t integer = digits();
    if (integer == 0 || (integer > 1 && line_[integer_begin] == '0')) {
      fail(begin, "invalid JSON: a malformed number");
    }
    if (at_ < line_.size() && line_[at_] == '.') {
      ++at_;
      if (digits() == 0) fail(begin, "invalid JSON: a malformed number");
    }
    if (at_ < line_.size() && (line_[at_] == 'e' || line_[at_] == 'E')) {
      ++at_;
      if (at_ < line_.size() && (line_[at_] == '+' || line_[at_] == '-')) ++at_;
      if (digits() == 0) fail(begin, "invalid JSON: a malformed number");
    }
    double number = 0;
    const auto [end, error] = std::from_chars(line_.data() + begin, line_.data() + at_, number);
    if (error != std::errc{} || end != line_.data() + at_ || !std::isfinite(number)) {
      fail(begin, "a number out of the range of a double");
    }
    return number;
  }

  // Four hex digits at `at_`, consumed.
  std::uint32_t hex4() {
    std::uint32_t code = 0;
    for (int i = 0; i < 4; ++i, ++at_) {
      if (at_ >= line_.size()) fail(at_, "invalid JSON: \\u takes four hex digits");
      const char h = line_[at_];
      code <<= 4;
      if (h >= '0' && h <= '9') {
        code |= static_cast<std::uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        code |= static_cast<std::uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        code |= static_cast<std::uint32_t>(h - 'A' + 10);
      } else {
        fail(at_, "invalid JSON: \\u takes four hex digits");
      }
    }
    return code;
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  // The length of the well-formed UTF-8 sequence at `at_` (whose first byte
  // is 0x80 or above), or 0.
  std::size_t utf8_length() const {
    const auto byte = [&](std::size_t i) {
      return at_ + i < line_.size() ? static_cast<unsigned char>(line_[at_ + i]) : 0u;
    };
    const unsigned first = byte(0);
    std::size_t length = 0;
    unsigned low = 0x80, high = 0xBF;  // the range of the second byte
    if (first >= 0xC2 && first <= 0xDF) {
      length = 2;
    } else if (first >= 0xE0 && first <= 0xEF) {
      length = 3;
      if (first == 0xE0) low = 0xA0;
      if (first == 0xED) high = 0x9F;  // no surrogates
    } else if (first >= 0xF0 && first <= 0xF4) {
      length = 4;
      if (first == 0xF0) low = 0x90;
      if (first == 0xF4) high = 0x8F;
    } else {
      return 0;
    }
    if (byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
      if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    }
    return length;
  }

  // The string at `at_` (its opening quote), unescaped.
  std::string string_token() {
    const std::size_t begin = at_;
    ++at_;
    std::string out;
    for (;;) {
      if (at_ >= line_.size()) fail(begin, "invalid JSON: a string is not closed on its line");
      const char c = line_[at_];
      if (c == '"') {
        ++at_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail(at_, "invalid JSON: a control character in a string must be escaped");
      }
      if (static_cast<unsigned char>(c) >= 0x80) {
        const std::size_t length = utf8_length();
        if (length == 0) fail(at_, "invalid UTF-8 in a string");
        out.append(line_.substr(at_, length));
        at_ += length;
        continue;
      }
      if (c != '\\') {
        out.push_back(c);
        ++at_;
        continue;
      }
      const std::size_t escape = at_;
      ++at_;
      if (at_ >= line_.size()) fail(begin, "invalid JSON: a string is not closed on its line");
      const char e = line_[at_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out.push_back(e);
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          std::uint32_t code = hex4();
          if (code >= 0xDC00 && code <= 0xDFFF) {
            fail(escape, "invalid JSON: a low surrogate without a high one before it");
          }
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (line_.substr(at_, 2) != "\\u") {
              fail(escape, "invalid JSON: a high surrogate without a low one after it");
            }
            at_ += 2;
            const std::uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) {
              fail(escape, "invalid JSON: a high surrogate without a low one after it");
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, code);
          break;
        }
        default:
          fail(escape, "invalid JSON: an unknown escape \\" + std::string(1, e));
      }
    }
  }

  std::int64_t parse_time(std::string_view text, std::size_t at) {
    const std::optional<std::int64_t> time = parse_archive_time(text);
    if (!time) {
      fail(at, "expected an RFC 3339 time such as \"2026-11-27T10:00:00Z\", got \"" +
                   std::string(text) + "\"");
    }
    return *time;
  }

  std::string_view line_;
  std::size_t at_ = 0;
  PathNames& names_;
  model::EventArchive& archive_;
  model::ArchivedEvent& event_;
  Envelope envelope_;
  bool in_resources_ = false;
};

// Reads the archive in steps: its lines into events, their order, then their
// times from the start.
class ArchiveReader {
 public:
  ArchiveReader(const std::string& where, const std::string& key, const ArchiveFileOptions& options,
                std::vector<Diagnostic>& problems)
      : where_(where), key_(key), options_(options), problems_(problems) {}

  std::optional<model::EventArchive> read(std::string_view text) {
    model::EventArchive archive;
    std::vector<std::int64_t> times;
    if (!read_lines(text, archive, times)) return std::nullopt;
    if (!place(archive, times)) return std::nullopt;
    return archive;
  }

 private:
  void problem(std::uint32_t line, std::uint32_t column, std::string message) {
    problems_.push_back(Diagnostic{where_, line, column, key_, std::move(message)});
  }

  bool read_lines(std::string_view text, model::EventArchive& archive,
                  std::vector<std::int64_t>& times) {
    const std::size_t problems_before = problems_.size();
    PathNames names(archive);
    // A byte-order mark, as some editors write one, is no part of the JSON.
    std::size_t at = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    std::uint32_t line_number = 0;
    while (at < text.size() && problems_.size() - problems_before < max_problems_shown) {
      const std::size_t end = std::min(text.find('\n', at), text.size());
      std::string_view line = text.substr(at, end - at);
      at = end + 1;
      ++line_number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      if (archive.events.size() == max_archive_events) {
        problem(line_number, 1,
                "the file holds more than " + std::to_string(max_archive_events) +
                    " events, the limit: replay a shorter window of the archive");
        return false;
      }
      model::ArchivedEvent event;
      event.line = line_number;
      event.first_leaf = static_cast<std::uint32_t>(archive.leaves.size());
      event.first_array = static_cast<std::uint32_t>(archive.arrays.size());
      event.first_element = static_cast<std::uint32_t>(archive.elements.size());
      const std::size_t text_before = archive.text.size();
      try {
        const Envelope envelope = EventParser(line, names, archive, event).parse();
        event.leaves = static_cast<std::uint32_t>(archive.leaves.size()) - event.first_leaf;
        event.arrays = static_cast<std::uint32_t>(archive.arrays.size()) - event.first_array;
        event.elements = static_cast<std::uint32_t>(archive.elements.size()) - event.first_element;
        event.size = options_.size == ArchiveFileOptions::Size::entry
                         ? envelope.entry_bytes
                         : static_cast<std::int64_t>(line.size());
        archive.events.push_back(event);
        times.push_back(*envelope.time);
      } catch (const Failure& f) {
        problem(line_number, static_cast<std::uint32_t>(f.column), f.message);
        archive.leaves.resize(event.first_leaf);
        archive.arrays.resize(event.first_array);
        archive.elements.resize(event.first_element);
        archive.text.resize(text_before);
      }
    }
    if (problems_.size() != problems_before) return false;
    if (archive.events.empty()) {
      problem(0, 0, "the file holds no events");
      return false;
    }
    return true;
  }

  // Sorts the events by time (an archive keeps no order), keeps those from
  // the start on and gives each its offset in the replay.
  bool place(model::EventArchive& archive, const std::vector<std::int64_t>& times) {
    std::vector<std::size_t> order(times.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });
    const std::int64_t origin = options_.start.value_or(times[order.front()]);
    std::vector<model::ArchivedEvent> placed;
    placed.reserve(order.size());
    for (const std::size_t i : order) {
      if (times[i] < origin) {
        ++archive.before_start;
        continue;
      }
      model::ArchivedEvent e = archive.events[i];
      const double offset = static_cast<double>(times[i] - origin) / options_.speed;
      e.at = Duration{static_cast<std::int64_t>(std::llround(std::min(offset, longest_offset_ns)))};
      placed.push_back(e);
    }
    if (placed.empty()) {
      problem(0, 0,
              "no event is at or after the start: the last is at line " +
                  std::to_string(archive.events[order.back()].line));
      return false;
    }
    archive.events = std::move(placed);
    // The busiest second: events are in time order, so each second's are
    // consecutive.
    std::int64_t second = -1, count = 0;
    for (const model::ArchivedEvent& e : archive.events) {
      const std::int64_t s = e.at.ns / ns_per_second;
      count = s == second ? count + 1 : 1;
      second = s;
      archive.busiest_second = std::max(archive.busiest_second, count);
    }
    return true;
  }

  const std::string& where_;
  const std::string& key_;
  const ArchiveFileOptions& options_;
  std::vector<Diagnostic>& problems_;
};

}  // namespace

std::optional<std::int64_t> parse_archive_time(std::string_view text) {
  // Unix seconds, which recorded traffic accepts, are no envelope's time.
  if (text.size() < 10 || text[4] != '-') return std::nullopt;
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + 4, year);
  if (error != std::errc{} || end != text.data() + 4 || year < 1970 || year > 2200) {
    return std::nullopt;
  }
  return parse_timestamp(text);
}

std::optional<model::EventArchive> read_archive_file(std::string_view text,
                                                     const std::string& where,
                                                     const std::string& key,
                                                     const ArchiveFileOptions& options,
                                                     std::vector<Diagnostic>& problems) {
  return ArchiveReader(where, key, options, problems).read(text);
}

}  // namespace edasim::scenario
