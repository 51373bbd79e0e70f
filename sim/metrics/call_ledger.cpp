#include "sim/metrics/call_ledger.hpp"

#include <limits>
#include <stdexcept>

namespace edasim::metrics {

std::uint64_t billing_units(Bytes payload) {
  constexpr std::int64_t kChunk = 64 * 1024;
  if (payload.n < 0) {
    throw std::invalid_argument("a request payload cannot be negative, got " +
                                std::to_string(payload.n) + " bytes");
  }
  if (payload.n == 0) return 1;
  return static_cast<std::uint64_t>((payload.n - 1) / kChunk + 1);
}

CounterId CallLedger::counter(std::string_view component, std::string_view kind, bool fifo) {
  auto key = std::make_tuple(std::string(component), std::string(kind), fifo);
  if (auto it = ids_.find(key); it != ids_.end()) return it->second;
  if (counts_.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("CallLedger has run out of counter ids");
  }
  const CounterId id{static_cast<std::uint32_t>(counts_.size())};
  counts_.emplace_back();
  ids_.emplace(std::move(key), id);
  return id;
}

void CallLedger::merge(const CallLedger& other) {
  for (const auto& [names, id] : other.ids_) {
    const CallCount& theirs = other.at(id);
    add(counter(std::get<0>(names), std::get<1>(names), std::get<2>(names)), theirs.calls,
        theirs.billing_units);
  }
}

std::vector<CallLedger::Line> CallLedger::lines() const {
  std::vector<Line> out;
  out.reserve(ids_.size());
  for (const auto& [names, id] : ids_) {
    out.push_back({std::get<0>(names), std::get<1>(names), std::get<2>(names), at(id)});
  }
  return out;
}

std::vector<CallLedger::Subtotal> CallLedger::by_kind() const {
  std::map<std::string, CallCount> kinds;
  for (const auto& [names, id] : ids_) kinds[std::get<1>(names)] += at(id);
  std::vector<Subtotal> out;
  out.reserve(kinds.size());
  for (const auto& [kind, count] : kinds) out.push_back({kind, count});
  return out;
}

std::vector<CallLedger::Subtotal> CallLedger::by_component() const {
  // ids_ is ordered by component first, so each component's counters are
  // adjacent and the output comes out sorted without another map.
  std::vector<Subtotal> out;
  for (const auto& [names, id] : ids_) {
    const std::string& component = std::get<0>(names);
    if (out.empty() || out.back().name != component) out.push_back({component, {}});
    if (!is_breakdown(std::get<1>(names))) out.back().count += at(id);
  }
  return out;
}

CallCount CallLedger::total() const {
  CallCount sum;
  for (const auto& [names, id] : ids_) {
    if (!is_breakdown(std::get<1>(names))) sum += at(id);
  }
  return sum;
}

}  // namespace edasim::metrics
