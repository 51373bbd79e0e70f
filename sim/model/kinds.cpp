#include "sim/model/kinds.hpp"

#include <array>

#include "sim/model/system_config.hpp"

namespace edasim::model {

// Each kind's part, defined in its folder (queues/queues_part.cpp, ...).
#define EDASIM_KIND(table, Config, member, Result, receives) \
  std::unique_ptr<Part> build_##table(Assembly&);
#include "sim/model/kinds.def"

namespace {

constexpr std::array kKinds{
#define EDASIM_KIND(table, Config, member, Result, receives) Kind{#table, build_##table},
#include "sim/model/kinds.def"
};

}  // namespace

std::span<const Kind> kinds() {
  return kKinds;
}

}  // namespace edasim::model
