// The assembly of a system: what each kind's part is built with (the
// design, the run's Context, the message pool) and the
// components built before it, found by type and name. Kinds build in the
// order sim/model/kinds.cpp lists them, so a part finds every component it
// connects to (a fleet its queue and APIs, a producer its destination).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string_view>
#include <typeindex>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/system_config.hpp"

namespace edasim::model {

class Assembly : public Context {
 public:
  Assembly(const SystemConfig& design, core::Kernel& run_on, MessagePool& messages, Books& ledger,
           EventSources& contents)
      : Context{design.seed, run_on, ledger, &contents}, config(design), pool(messages) {}

  const SystemConfig& config;
  MessagePool& pool;

  // Makes `component` findable by later kinds. The part that built it owns it.
  template <typename T>
  void add(T& component) {
    typed<T>().items.push_back(&component);
  }
  // Every component of type T, in the order they were added. The vector
  // stays where it is for the system's life (a queue keeps a view of its
  // peers), and grows only while T's kind builds.
  template <typename T>
  const std::vector<T*>& all() {
    return typed<T>().items;
  }
  // The component of type T called `name`, or null.
  template <typename T>
  T* find(std::string_view name) {
    for (T* item : all<T>()) {
      if (item->name() == name) return item;
    }
    return nullptr;
  }

 private:
  struct Index {
    virtual ~Index() = default;
  };
  template <typename T>
  struct Typed final : Index {
    std::vector<T*> items;
  };
  template <typename T>
  Typed<T>& typed() {
    std::unique_ptr<Index>& slot = index_[std::type_index(typeid(T))];
    if (slot == nullptr) slot = std::make_unique<Typed<T>>();
    return static_cast<Typed<T>&>(*slot);
  }

  std::map<std::type_index, std::unique_ptr<Index>> index_;
};

}  // namespace edasim::model
