// A receiving kind: a kind of component that events are sent to (a bus, a
// queue, a topic, a stream, a chain, a polling integration's source, a state
// machine). Each is a kind whose line in sim/model/kinds.def says
// `receiving`, and defines its ReceivingKind in its own folder: the prefix a scenario names its
// components by (to = "queue.NAME"), the table that declares them, whether
// a sender may name several of them at once, and how to make a Destination
// to them.
//
// Promises: senders reach a receiving kind only through this registration
// and the Destination it makes (producers for every kind; a bus's rule
// targets, a topic's subscriptions and a chain's publish step for the kinds
// their scenario syntax names), so adding a receiving kind edits no sender's
// files: the scenario layer reads the prefixes from here, and the model
// makes every destination here.
#pragma once

#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/model/assembly.hpp"
#include "sim/model/support/destination.hpp"

namespace edasim::model {

// Who a destination is made for.
struct Sending {
  // Who sends. A client (a producer, a chain's publish step) makes its
  // requests through the destination, which bills them in the client's
  // name. A service (a bus delivering to a rule's target, a topic to a
  // subscription) makes, bills and retries its own calls: its destination
  // bills and routes nothing, and takes each entry through deliver().
  enum class Role { client, service };
  // The sender in the books ("producer:orders", "bus:main").
  std::string_view component;
  Role role = Role::client;
};

struct ReceivingKind {
  // Makes the destination to the components `names` (one, or several when
  // the kind takes a list). Throws std::invalid_argument naming a component
  // that is not in the Assembly.
  using Make = std::unique_ptr<Destination> (*)(Assembly& assembly,
                                                std::span<const std::string> names,
                                                const Sending& sending);

  std::string_view prefix;  // to = "PREFIX.NAME"
  std::string_view table;   // the scenario table that declares the components
  // Whether a producer may name a list of these components (every event to
  // each): to = ["queue.a", "queue.b"].
  bool takes_list = false;
  Make make = nullptr;
  // Whether a client sends to it by calling an ingest API (PutEvents,
  // SendMessage, Publish, PutRecords, StartExecution: services.md §6,
  // §10.9), as a processing component's emit list does. A chain takes a
  // synchronous request, not an event, and a polling integration's change
  // log is written by no API call: producers name them, emit lists do not.
  bool ingest_api = true;
};

// Each kind's registration, defined in its folder
// (queues/queue_destination.cpp, ...).
#define EDASIM_RECEIVING_receiving(table) extern const ReceivingKind table##_receiving;
#define EDASIM_RECEIVING_not_receiving(table)
#define EDASIM_KIND(table, Config, member, Result, receives) EDASIM_RECEIVING_##receives(table)
#include "sim/model/kinds.def"
#undef EDASIM_RECEIVING_receiving
#undef EDASIM_RECEIVING_not_receiving

// Every registered receiving kind, in the order of their prefixes.
std::span<const ReceivingKind* const> receiving_kinds();
// The kind whose components the scenario table `table` declares, or null.
const ReceivingKind* receiving_kind(std::string_view table);
// The kind named by `prefix` in to = "PREFIX.NAME", or null.
const ReceivingKind* receiving_kind_with_prefix(std::string_view prefix);

// A destination to the components `names` of the kind of `table`. Throws
// std::invalid_argument for an unregistered table or an unknown component;
// the sender says whose (a producer's, a bus rule's).
std::unique_ptr<Destination> make_destination(Assembly& assembly, std::string_view table,
                                              std::span<const std::string> names,
                                              const Sending& sending);

// For a kind's Make: the one component of type T that `names` names
// (`noun`: "bus"). Throws std::invalid_argument unless there is exactly one
// and the Assembly has it.
template <typename T>
T& only_component(Assembly& assembly, std::span<const std::string> names, std::string_view noun) {
  if (names.size() != 1) {
    throw std::invalid_argument("a list of targets names no " + std::string(noun));
  }
  T* component = assembly.find<T>(names[0]);
  if (component == nullptr) {
    throw std::invalid_argument("no such " + std::string(noun) + " " + names[0]);
  }
  return *component;
}

// For a kind's Make, when its destinations serve clients only (nothing
// delivers to the kind as a service yet). Throws std::invalid_argument for
// a service.
void require_client(const Sending& sending, std::string_view noun);

}  // namespace edasim::model
