#include "sim/model/receiving_kind.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace edasim::model {

namespace {

// In the order of their prefixes, so that a list of them (an error's) reads
// the same whatever the build order of kinds.def. Each registration is
// constant-initialized, so reading them here is safe whenever this runs.
auto sorted_receiving_kinds() {
  std::array kinds{
#define EDASIM_RECEIVING_receiving(table) &table##_receiving,
#define EDASIM_RECEIVING_not_receiving(table)
#define EDASIM_KIND(table, Config, member, Result, receives) EDASIM_RECEIVING_##receives(table)
#include "sim/model/kinds.def"
#undef EDASIM_RECEIVING_receiving
#undef EDASIM_RECEIVING_not_receiving
  };
  std::ranges::sort(kinds, {}, &ReceivingKind::prefix);
  return kinds;
}

}  // namespace

std::span<const ReceivingKind* const> receiving_kinds() {
  static const auto kinds = sorted_receiving_kinds();
  return kinds;
}

const ReceivingKind* receiving_kind(std::string_view table) {
  for (const ReceivingKind* kind : receiving_kinds()) {
    if (kind->table == table) return kind;
  }
  return nullptr;
}

const ReceivingKind* receiving_kind_with_prefix(std::string_view prefix) {
  for (const ReceivingKind* kind : receiving_kinds()) {
    if (kind->prefix == prefix) return kind;
  }
  return nullptr;
}

std::unique_ptr<Destination> make_destination(Assembly& assembly, std::string_view table,
                                              std::span<const std::string> names,
                                              const Sending& sending) {
  const ReceivingKind* kind = receiving_kind(table);
  if (kind == nullptr) {
    throw std::invalid_argument("no receiving kind declares [" + std::string(table) + "]");
  }
  return kind->make(assembly, names, sending);
}

void require_client(const Sending& sending, std::string_view noun) {
  if (sending.role == Sending::Role::service) {
    throw std::invalid_argument("a " + std::string(noun) + " takes no deliveries from a service");
  }
}

}  // namespace edasim::model
