// An EventBridge archive to replay: a JSON Lines file, one event envelope per
// line (`version`, `id`, `detail-type`, `source`, `account`, `time`,
// `region`, `resources`, `detail`), the shape of an archive's events exported
// one per line. A producer replays it instead of a rate, a profile and
// templates (docs/scenario/producers.md, "Replaying an EventBridge archive").
//
// Promises: every line is an event or is blank; each event is replayed at its
// `time` from the first event's (or from `start`; earlier events are counted
// and not replayed), divided by `speed`, with the content the rule engine
// would read from its JSON (rules::JsonEventReader::read_all). Events keep the
// file's order among equal times and are otherwise sorted by time, as an
// archive does not promise order (reference/services.md 14.3). Invalid JSON,
// a line that is not an object, a missing or malformed `time`, a `detail`
// that is not an object, a `source`, `detail-type` or `resources` not shaped
// as EventBridge writes them, and more than max_archive_events events are
// problems located at the file's line and column; nothing is dropped
// silently. The file is read whole into memory at load, within
// max_archive_bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/producers/event_archive.hpp"
#include "sim/scenario/error.hpp"

namespace edasim::scenario {

// As for recorded traffic; an archived event is rarely under 300 bytes, so
// the byte limit binds first.
inline constexpr std::size_t max_archive_bytes = 64 * 1024 * 1024;
inline constexpr std::size_t max_archive_events = 1'000'000;
// Objects and arrays nested deeper than this are refused rather than read
// by recursion.
inline constexpr std::size_t max_archive_depth = 64;

struct ArchiveFileOptions {
  // Time 0 of the replay, as nanoseconds since the Unix epoch; the first
  // event's time when absent.
  std::optional<std::int64_t> start;
  // Recorded time passes this many times faster in the replay.
  double speed = 1.0;
  // An event's size: its line's bytes, or the size EventBridge bills a
  // PutEvents entry of it (14 bytes for the time, plus the UTF-8 bytes of
  // `source`, `detail-type`, the `detail` JSON and each of `resources`).
  enum class Size { line, entry };
  Size size = Size::line;
};

// An event's `time` or a replay's `start`: RFC 3339 as EventBridge writes it
// ("2026-11-27T10:00:00Z"; fractional seconds and an offset are accepted),
// as nanoseconds since the Unix epoch. Years from 1970 to 2200 only, so that
// the span between any two such times fits 64-bit nanoseconds.
std::optional<std::int64_t> parse_archive_time(std::string_view text);

// Reads `text`, the contents of the file `where` names. Problems are appended
// to `problems`, each at `where`:line:column with `key` (the scenario key
// that named the file); the result is empty when there is any.
std::optional<model::EventArchive> read_archive_file(std::string_view text,
                                                     const std::string& where,
                                                     const std::string& key,
                                                     const ArchiveFileOptions& options,
                                                     std::vector<Diagnostic>& problems);

}  // namespace edasim::scenario
