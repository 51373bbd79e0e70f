#include "sim/model/kinds.hpp"

#include <array>

namespace edasim {

// Each kind's part, defined in its folder.
std::unique_ptr<Part> build_queues(Assembly&);
std::unique_ptr<Part> build_buses(Assembly&);
std::unique_ptr<Part> build_apis(Assembly&);
std::unique_ptr<Part> build_chains(Assembly&);
std::unique_ptr<Part> build_streams(Assembly&);
std::unique_ptr<Part> build_topics(Assembly&);
std::unique_ptr<Part> build_pollers(Assembly&);
std::unique_ptr<Part> build_producers(Assembly&);
std::unique_ptr<Part> build_fleets(Assembly&);
std::unique_ptr<Part> build_functions(Assembly&);
std::unique_ptr<Part> build_groups(Assembly&);
std::unique_ptr<Part> build_faults(Assembly&);

namespace {

// Build order: a kind comes after every kind it connects to. Parts also
// start, sample, bill and report in this order.
constexpr std::array kKinds{
    Kind{"queues", build_queues},
    Kind{"buses", build_buses},
    Kind{"apis", build_apis},
    Kind{"chains", build_chains},
    Kind{"streams", build_streams},
    Kind{"topics", build_topics},
    Kind{"pollers", build_pollers},
    Kind{"producers", build_producers},
    Kind{"consumers", build_fleets},
    Kind{"functions", build_functions},
    Kind{"consumer_groups", build_groups},
    Kind{"faults", build_faults},
};

}  // namespace

std::span<const Kind> kinds() {
  return kKinds;
}

}  // namespace edasim
