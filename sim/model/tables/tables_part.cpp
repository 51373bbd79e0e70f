// The DynamoDB tables of a system: what producers, emit lists and chain
// steps write to (to = "table.NAME"), and the streams of item-level changes
// that Lambda event source mappings read.
#include <memory>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/tables/table.hpp"

namespace edasim::model {

namespace {

class Tables final : public Part {
 public:
  explicit Tables(Assembly& a) {
    for (const TableConfig& tc : a.config.tables) {
      tables_.push_back(std::make_unique<Table>(tc, a));
      a.add(*tables_.back());
    }
  }

  // The tables' readers were built after them, so every mapping is
  // registered by now.
  void start(Time) override {
    for (auto& t : tables_) t->start();
  }
  void bill(BillingSnapshot& s) const override {
    for (const auto& t : tables_) {
      s.meters.push_back(
          {"tables." + t->name(), "write_units", static_cast<double>(t->result().write_units)});
    }
  }
  void report(RunResult& r) override {
    for (auto& t : tables_) {
      r.events.in_flight += t->unprocessed();
      r.tables.push_back(t->result());
    }
  }

 private:
  std::vector<std::unique_ptr<Table>> tables_;
};

}  // namespace

std::unique_ptr<Part> build_tables(Assembly& a) {
  return std::make_unique<Tables>(a);
}

}  // namespace edasim::model
