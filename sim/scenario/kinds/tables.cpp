// [tables.NAME]: DynamoDB tables written by producers, emit lists and chain
// steps (to = "table.NAME"), and their streams, which functions read
// (`table = "NAME"` on a function).
#include "sim/core/units.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// TransactWriteItems takes at most 100 actions (services.md §11.1); shards
// are simulated one by one, so bound them as streams' partitions are.
constexpr Range<std::int64_t> items_per_write{1, 100};
constexpr Range<std::int64_t> shard_counts{1, 100'000};
constexpr Range<Duration> propagations{Duration::zero(), minutes(10)};

const Keys& table_keys() {
  static const Keys keys{
      "a DynamoDB table and its stream",
      {
          text("write", "a write is one PutItem, or a TransactWriteItems of `items` items",
               {"put", "transaction"}),
          integer("items", items_per_write,
                  "items per write (a transaction's business and outbox items: 2)"),
          text("stream", "the stream's view type (what a record carries), or none",
               {"none", "keys_only", "new_image", "old_image", "new_and_old_images"}),
          integer("shards", shard_counts, "shards the stream's records spread over, by item"),
          duration("propagation", propagations, "from a write until its stream record can be read"),
      }};
  return keys;
}

model::TableConfig read_table(Section& section, const std::string& name) {
  model::TableConfig t;
  t.name = name;
  std::string write;
  if (section.read("write", write)) {
    if (write == "transaction") {
      t.write = model::TableConfig::Write::transaction;
    } else if (write != "put") {
      section.report("write", "expected \"put\" or \"transaction\", got \"" + write + "\"");
    }
  }
  section.read("items", t.items, items_per_write);
  if (t.items > 1 && t.write != model::TableConfig::Write::transaction) {
    section.report("items", "several items per write need write = \"transaction\"");
  }
  std::string view;
  if (section.read("stream", view)) {
    using View = model::TableConfig::View;
    if (view == "none") {
      t.view = View::none;
    } else if (view == "keys_only") {
      t.view = View::keys_only;
    } else if (view == "new_image") {
      t.view = View::new_image;
    } else if (view == "old_image") {
      t.view = View::old_image;
    } else if (view == "new_and_old_images") {
      t.view = View::new_and_old_images;
    } else {
      section.report("stream",
                     "expected \"none\", \"keys_only\", \"new_image\", \"old_image\" "
                     "or \"new_and_old_images\", got \"" +
                         view + "\"");
    }
  }
  const bool stream = t.has_stream();
  for (const char* key : {"shards", "propagation"}) {
    if (!stream && section.has(key)) {
      section.take(key);
      section.report(key, "a table with stream = \"none\" has no stream");
    }
  }
  section.read("shards", t.shards, shard_counts);
  section.read("propagation", t.propagation, propagations);
  section.finish();
  return t;
}

}  // namespace

Key tables_key() {
  return named("tables", table_keys(), "DynamoDB tables and their streams, by name");
}

void read_tables(Section& root, model::SystemConfig& config) {
  read_named(root, "tables", config.tables, read_table);
}

namespace {

void add_tables(Topology& topology, const model::SystemConfig& config) {
  topology.declare("tables", "table", "table");
  topology.add_each("tables", config.tables);
}

void check_tables(const model::SystemConfig& config, const Topology& topology,
                  std::vector<Finding>& findings) {
  for (const model::TableConfig& t : config.tables) {
    const Topology::Vertex v = *topology.find("tables", t.name);
    const std::string key = child_path("tables", t.name);
    if (!topology.has_in_edge(v, Topology::Link::sends_to)) {
      findings.push_back({Severity::warning, key, "nothing writes to table " + t.name});
    }
    if (t.has_stream() && !topology.has_out_edge(v, Topology::Link::feeds)) {
      findings.push_back({Severity::info, child_path(key, "stream"),
                          "no function reads the stream of table " + t.name +
                              ": its records are counted and left unread"});
    }
  }
}

}  // namespace

const TopologyKind tables_topology{add_tables, nullptr, check_tables};

}  // namespace edasim::scenario
