#include "sim/model/receiving_kind.hpp"

#include <array>
#include <stdexcept>

namespace edasim {

namespace {

constexpr std::array kReceivingKinds{
#define EDASIM_RECEIVING_KIND(table) &table##_receiving,
#include "sim/model/receiving_kinds.def"
};

}  // namespace

std::span<const ReceivingKind* const> receiving_kinds() {
  return kReceivingKinds;
}

const ReceivingKind* receiving_kind(std::string_view table) {
  for (const ReceivingKind* kind : kReceivingKinds) {
    if (kind->table == table) return kind;
  }
  return nullptr;
}

const ReceivingKind* receiving_kind_with_prefix(std::string_view prefix) {
  for (const ReceivingKind* kind : kReceivingKinds) {
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

}  // namespace edasim
