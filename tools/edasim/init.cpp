// edasim init: write a commented starter scenario to edit, so that a first
// run needs no blank page. It never overwrites a file.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tools/edasim/commands.hpp"
#include "tools/edasim/options.hpp"

namespace edasim::cli {

namespace {

// A small event-driven design that `edasim run` answers in seconds: orders
// through a bus rule to a queue with a dead-letter queue and a consumer
// fleet, a 10x sale in the middle, and a dependency that fails now and then.
constexpr const char* starter =
    R"(# A starter scenario: edit it, then `edasim check` and `edasim run` it.
# Every key is described in the scenario reference (docs/scenario/README.md);
# values with a unit are quoted strings ("30m", "100ms", "50/s").
[scenario]
name = "starter"
question = "How many fulfilment consumers keep p99 under 2 s through a 10x sale?"
duration = "30m"
seed = 1

# Orders arrive as a Poisson stream at 50/s, rising tenfold for 5 minutes.
[producers.orders]
to = "bus.shop"
arrival = "poisson"
rate = "50/s"
profile = [
  { at = "10m", ramp = "1m", factor = 10 },
  { at = "16m", ramp = "1m", factor = 1 },
]

[[producers.orders.events]]
name = "OrderPlaced"
size = "2KB"
[producers.orders.events.fields]
"source" = { choice = ["shop.orders"] }
"detail-type" = { choice = ["OrderPlaced"] }
"detail.total" = { number = { dist = "lognormal", median = 60, sigma = 1.0 }, decimals = 2 }

# An EventBridge-style bus: a rule routes the orders to the fulfilment queue.
[buses.shop]

[[buses.shop.rules]]
name = "orders-to-fulfilment"
pattern = '''{"source": ["shop.orders"], "detail-type": ["OrderPlaced"]}'''
targets = ["fulfilment"]

# An SQS-style queue; a message received 5 times without being deleted moves
# to the dead-letter queue.
[queues.fulfilment]
visibility_timeout = "30s"
dead_letter_queue = "fulfilment-dlq"
max_receive_count = 5

[queues.fulfilment-dlq]
retention = "14d"

# The consumer fleet: instances x pollers messages in processing at once.
# Change instances and rerun (or --set consumers.fulfilment.instances=24) to
# see the sale's p99 move.
[consumers.fulfilment]
queue = "fulfilment"
instances = 12
pollers = 4
batch = 1
processing = { dist = "lognormal", median = "40ms", sigma = 0.5 }
calls = { "payments" = 1 }

# A synchronous dependency each message calls; 1% of its calls fail.
[[apis]]
name = "payments"
latency = { dist = "lognormal", median = "80ms", sigma = 0.3 }
error_probability = 0.01
)";

}  // namespace

int init(const std::vector<std::string>& args) {
  CLI::App app{"Write a commented starter scenario to edit.", "init"};
  std::string file = "scenario.toml";
  app.add_option("file", file, "Where to write it (default scenario.toml); never overwritten");
  if (auto code = parse(app, args)) return *code;
  std::error_code error;
  if (std::filesystem::exists(file, error) || error) {
    std::cerr << "edasim init: " << file << " already exists; choose another name\n";
    return exit_bad_input;
  }
  // Written to a temporary name and renamed, so that a failed write leaves
  // nothing half-written at `file`.
  const std::string partial = file + ".partial";
  {
    std::ofstream out(partial, std::ios::binary);
    out << starter;
    if (!out.flush()) {
      std::filesystem::remove(partial, error);
      std::cerr << "edasim init: cannot write " << file << '\n';
      return exit_bad_input;
    }
  }
  std::filesystem::rename(partial, file, error);
  if (error) {
    std::filesystem::remove(partial, error);
    std::cerr << "edasim init: cannot write " << file << '\n';
    return exit_bad_input;
  }
  std::cout << "wrote " << file << "; next: edasim check " << file << " && edasim run " << file
            << '\n';
  return exit_ok;
}

}  // namespace edasim::cli
