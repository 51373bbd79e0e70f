#include "sim/model/tables/table_destination.hpp"

#include "sim/model/receiving_kind.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/offered_load.hpp"
#include "sim/model/tables/table.hpp"

namespace edasim::model {

namespace {

std::unique_ptr<Destination> to_table(Assembly& a, std::span<const std::string> names,
                                      const Sending& sending) {
  require_client(sending, "table");
  return std::make_unique<TableDestination>(only_component<Table>(a, names, "table"),
                                            sending.component, a.books);
}

}  // namespace

const ReceivingKind tables_receiving{"table", "tables", false, to_table};

TableDestination::TableDestination(Table& table, std::string_view component, Books& books)
    : table_(table),
      books_(books),
      write_(books.calls.counter(component, table.config().write == TableConfig::Write::transaction
                                                ? "TransactWriteItems"
                                                : "PutItem")) {}

void TableDestination::offer(const OfferSample& s, OfferedLoad& load) const {
  const double w = s.weight, size = static_cast<double>(s.entry.size);
  load.add("tables", table_.name(), LoadShare{w, w * size, w});
}

void TableDestination::send(const Request& request, Sender&) {
  // Each entry is its own request: DynamoDB writes one item (or one
  // transaction) a call. Billing units are the write request units.
  for (const Outgoing& e : request.entries) {
    const std::uint64_t before = table_.write_units();
    table_.write(e.event, e.produced, e.size, e.key, e.keys.cause);
    books_.calls.add(write_, 1, table_.write_units() - before);
  }
}

}  // namespace edasim::model
