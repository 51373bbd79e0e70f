// Benchmarks of the rule engine on a realistic e-commerce routing mix.
//
// Events: about 500 bytes of JSON each, an EventBridge envelope whose
// `source` is one of 20 services and `detail-type` one of 10, and a `detail`
// with orderId, sellerId (one of 10,000), customerId, country (one of 30),
// currency, total, channel, 1 to 3 items and a shipping block.
// Rules: K rules rotating through four classes, chosen so that few rules
// match each event, as in real routing:
//   exact         source and detail.sellerId
//   prefix        detail-type and a 5-character detail.sellerId prefix
//   numeric       source and a detail.total range 5 wide
//   anything-but  detail-type, detail.sellerId, country not US/CA/GB
// Measured from JSON text (parse + match) and from in-memory events (match
// only, and build + match as a producer would), on one thread.
// BM_Compile/K compiles the K rules (the same generator, pattern texts made
// before timing); items/s is rules compiled per second. Its peak memory:
//   /usr/bin/time -f "%M KB" build/tools/bench/bench_rules --benchmark_filter='BM_Compile/10000$'
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "sim/rules/event.hpp"
#include "sim/rules/json_event.hpp"
#include "sim/rules/rule_set.hpp"
#include "sim/rules/text.hpp"

namespace {

using namespace edasim::rules;

constexpr std::array<const char*, 20> source_names = {
    "com.shop.orders",     "com.shop.payments", "com.shop.inventory", "com.shop.shipping",
    "com.shop.returns",    "com.shop.reviews",  "com.shop.catalog",   "com.shop.pricing",
    "com.shop.customers",  "com.shop.loyalty",  "com.shop.fraud",     "com.shop.search",
    "com.shop.cart",       "com.shop.checkout", "com.shop.invoicing", "com.shop.tax",
    "com.shop.promotions", "com.shop.sellers",  "com.shop.warehouse", "com.shop.support"};
constexpr std::array<const char*, 10> detail_types = {
    "OrderPlaced",  "OrderCancelled",    "OrderShipped",      "PaymentCaptured", "PaymentFailed",
    "RefundIssued", "InventoryReserved", "InventoryReleased", "ReturnRequested", "ReviewPosted"};
constexpr std::array<const char*, 30> countries = {
    "US", "CA", "GB", "FR", "DE", "ES", "IT", "NL", "BE", "SE", "NO", "DK", "FI", "PL", "PT",
    "IE", "AT", "CH", "CZ", "JP", "KR", "CN", "IN", "AU", "NZ", "BR", "MX", "AR", "ZA", "SG"};
constexpr std::array<const char*, 5> currencies = {"USD", "EUR", "GBP", "JPY", "CAD"};
constexpr std::array<const char*, 4> channels = {"web", "mobile", "marketplace", "store"};
constexpr std::array<const char*, 3> methods = {"standard", "express", "pickup"};
constexpr std::array<const char*, 6> cities = {"Springfield", "Riverton", "Lakeside",
                                               "Hillcrest",   "Fairview", "Brookfield"};

// JSON texts cycle through 4096 events (2 MB, so the parser streams text
// from memory as a bus would). In-memory events cycle through 256: a
// producer builds each event just before it is routed, so its leaves and
// template strings are in cache, which a ring of 4096 (5 MB of leaves and
// strings) would not reproduce.
constexpr std::size_t event_count = 4096;
constexpr std::size_t memory_ring = 256;

std::string seller_id(int n) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "S%05d", n);
  return buffer;
}

struct Item {
  std::string sku;
  int qty;
  double price;
};

// One order event, kept as values so it can be written as JSON or built in
// memory from the same data.
struct Order {
  std::string id, time, source, detail_type, order_id, seller, customer, country, currency, channel,
      method, city, postcode;
  double total;
  std::vector<Item> items;
};

class Mix {
 public:
  explicit Mix(std::uint64_t seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  Order order() {
    Order o;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%08x-%04x-%04x-%04x-%012llx", below(1 << 30),
                  below(1 << 16), below(1 << 16), below(1 << 16),
                  static_cast<unsigned long long>(rng_() & 0xFFFFFFFFFFFFULL));
    o.id = buffer;
    std::snprintf(buffer, sizeof buffer, "2026-11-%02dT%02d:%02d:%02dZ", 1 + below(28), below(24),
                  below(60), below(60));
    o.time = buffer;
    o.source = source_names[static_cast<std::size_t>(below(20))];
    o.detail_type = detail_types[static_cast<std::size_t>(below(10))];
    std::snprintf(buffer, sizeof buffer, "ORD-%010d", below(1'000'000'000));
    o.order_id = buffer;
    o.seller = seller_id(below(10'000));
    std::snprintf(buffer, sizeof buffer, "C%08d", below(100'000'000));
    o.customer = buffer;
    o.country = countries[static_cast<std::size_t>(below(30))];
    o.currency = currencies[static_cast<std::size_t>(below(5))];
    o.channel = channels[static_cast<std::size_t>(below(4))];
    o.method = methods[static_cast<std::size_t>(below(3))];
    o.city = cities[static_cast<std::size_t>(below(6))];
    std::snprintf(buffer, sizeof buffer, "%05d", below(100'000));
    o.postcode = buffer;
    o.total = below(200'000) / 100.0;
    const int items = 1 + below(3);
    for (int i = 0; i < items; ++i) {
      std::snprintf(buffer, sizeof buffer, "SKU-%06d", below(1'000'000));
      o.items.push_back({buffer, 1 + below(5), below(50'000) / 100.0});
    }
    return o;
  }

  std::string rule(int i) {
    const std::string source = source_names[static_cast<std::size_t>(below(20))];
    const std::string type = detail_types[static_cast<std::size_t>(below(10))];
    const std::string seller = seller_id(below(10'000));
    switch (i % 4) {
      case 0:
        return concat(R"({"source":[")", source, R"("],"detail":{"sellerId":[")", seller,
                      R"("]}})");
      case 1:
        return concat(R"({"detail-type":[")", type, R"("],"detail":{"sellerId":[{"prefix":")",
                      seller.substr(0, 5), R"("}]}})");
      case 2: {
        const int low = below(1995);
        return concat(R"({"source":[")", source, R"("],"detail":{"total":[{"numeric":[">=",)",
                      std::to_string(low), R"(,"<",)", std::to_string(low + 5), "]}]}}");
      }
      default:
        return concat(R"({"detail-type":[")", type, R"("],"detail":{"sellerId":[")", seller,
                      R"("],"country":[{"anything-but":["US","CA","GB"]}]}})");
    }
  }

 private:
  std::mt19937_64 rng_;
};

std::string to_json(const Order& o) {
  char total[32];
  std::snprintf(total, sizeof total, "%.2f", o.total);
  std::string s = concat(R"({"version":"0","id":")", o.id, R"(","detail-type":")", o.detail_type,
                         R"(","source":")", o.source, R"(","account":"123456789012","time":")",
                         o.time, R"(","region":"us-east-1","resources":[],"detail":{"orderId":")",
                         o.order_id, R"(","sellerId":")", o.seller, R"(","customerId":")",
                         o.customer, R"(","country":")", o.country, R"(","currency":")", o.currency,
                         R"(","total":)", total, R"(,"channel":")", o.channel, R"(","items":[)");
  for (std::size_t i = 0; i < o.items.size(); ++i) {
    char price[32];
    std::snprintf(price, sizeof price, "%.2f", o.items[i].price);
    s += concat(i ? "," : "", R"({"sku":")", o.items[i].sku, R"(","qty":)",
                std::to_string(o.items[i].qty), R"(,"price":)", price, "}");
  }
  s += concat(R"(],"shipping":{"method":")", o.method, R"(","address":{"city":")", o.city,
              R"(","postcode":")", o.postcode, R"(","country":")", o.country, R"("}}}})");
  return s;
}

// The paths a producer resolves once, up front.
struct OrderPaths {
  explicit OrderPaths(PathTable& t)
      : version(t.intern("version")),
        id(t.intern("id")),
        detail_type(t.intern("detail-type")),
        source(t.intern("source")),
        account(t.intern("account")),
        time(t.intern("time")),
        region(t.intern("region")),
        resources(t.intern("resources")),
        order_id(t.intern("detail.orderId")),
        seller(t.intern("detail.sellerId")),
        customer(t.intern("detail.customerId")),
        country(t.intern("detail.country")),
        currency(t.intern("detail.currency")),
        total(t.intern("detail.total")),
        channel(t.intern("detail.channel")),
        items(t.intern("detail.items")),
        sku(t.intern("detail.items.sku")),
        qty(t.intern("detail.items.qty")),
        price(t.intern("detail.items.price")),
        method(t.intern("detail.shipping.method")),
        city(t.intern("detail.shipping.address.city")),
        postcode(t.intern("detail.shipping.address.postcode")),
        ship_country(t.intern("detail.shipping.address.country")) {}

  void build(const Order& o, Event& e) const {
    e.clear();
    e.add_string(version, "0");
    e.add_string(id, o.id);
    e.add_string(detail_type, o.detail_type);
    e.add_string(source, o.source);
    e.add_string(account, "123456789012");
    e.add_string(time, o.time);
    e.add_string(region, "us-east-1");
    e.add_array(resources);
    e.add_string(order_id, o.order_id);
    e.add_string(seller, o.seller);
    e.add_string(customer, o.customer);
    e.add_string(country, o.country);
    e.add_string(currency, o.currency);
    e.add_number(total, o.total);
    e.add_string(channel, o.channel);
    const ArrayId list = e.add_array(items);
    for (const Item& item : o.items) {
      const ElementId element = e.add_element(list);
      e.add_string(sku, item.sku, element);
      e.add_number(qty, item.qty, element);
      e.add_number(price, item.price, element);
    }
    e.add_string(method, o.method);
    e.add_string(city, o.city);
    e.add_string(postcode, o.postcode);
    e.add_string(ship_country, o.country);
  }

  PathId version, id, detail_type, source, account, time, region, resources, order_id, seller,
      customer, country, currency, total, channel, items, sku, qty, price, method, city, postcode,
      ship_country;
};

std::vector<RuleSource> rule_sources(int rule_count) {
  Mix mix(42);
  std::vector<RuleSource> sources;
  for (int i = 0; i < rule_count; ++i)
    sources.push_back({concat("r", std::to_string(i)), mix.rule(i)});
  return sources;
}

struct Workload {
  explicit Workload(int rule_count) {
    rules = RuleSet::compile(rule_sources(rule_count));
    Mix events(7);
    for (std::size_t i = 0; i < event_count; ++i) orders.push_back(events.order());
    for (const Order& o : orders) json.push_back(to_json(o));
  }
  RuleSet rules;
  std::vector<Order> orders;
  std::vector<std::string> json;
};

const Workload& workload(int rule_count) {
  static std::vector<std::pair<int, std::unique_ptr<Workload>>> cache;
  for (auto& [k, w] : cache) {
    if (k == rule_count) return *w;
  }
  cache.emplace_back(rule_count, std::make_unique<Workload>(rule_count));
  return *cache.back().second;
}

void report(benchmark::State& state, std::size_t matched, std::size_t bytes) {
  state.SetItemsProcessed(state.iterations());
  state.counters["matches/event"] =
      benchmark::Counter(static_cast<double>(matched) / static_cast<double>(state.iterations()));
  if (bytes > 0) state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_MatchJson(benchmark::State& state) {
  const Workload& w = workload(static_cast<int>(state.range(0)));
  JsonEventReader reader;
  Event event;
  MatchBuffers buffers;
  std::vector<RuleIndex> out;
  std::size_t i = 0, matched = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& text = w.json[i++ % event_count];
    reader.read(text, w.rules.paths(), event);
    out.clear();
    w.rules.match(event, buffers, out);
    matched += out.size();
    bytes += text.size();
  }
  report(state, matched, bytes);
}

void BM_MatchInMemory(benchmark::State& state) {
  const Workload& w = workload(static_cast<int>(state.range(0)));
  const OrderPaths paths(w.rules.paths());
  std::vector<Event> events(memory_ring);
  for (std::size_t k = 0; k < memory_ring; ++k) paths.build(w.orders[k], events[k]);
  MatchBuffers buffers;
  std::vector<RuleIndex> out;
  std::size_t i = 0, matched = 0;
  for (auto _ : state) {
    out.clear();
    w.rules.match(events[i++ % memory_ring], buffers, out);
    matched += out.size();
  }
  report(state, matched, 0);
}

void BM_BuildAndMatchInMemory(benchmark::State& state) {
  const Workload& w = workload(static_cast<int>(state.range(0)));
  const OrderPaths paths(w.rules.paths());
  Event event;
  MatchBuffers buffers;
  std::vector<RuleIndex> out;
  std::size_t i = 0, matched = 0;
  for (auto _ : state) {
    paths.build(w.orders[i++ % memory_ring], event);
    out.clear();
    w.rules.match(event, buffers, out);
    matched += out.size();
  }
  report(state, matched, 0);
}

void BM_ReadJsonOnly(benchmark::State& state) {
  const Workload& w = workload(static_cast<int>(state.range(0)));
  JsonEventReader reader;
  Event event;
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& text = w.json[i++ % event_count];
    reader.read(text, w.rules.paths(), event);
    benchmark::DoNotOptimize(event.leaves().data());
    bytes += text.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_Compile(benchmark::State& state) {
  const std::vector<RuleSource> sources = rule_sources(static_cast<int>(state.range(0)));
  std::size_t nodes = 0;
  for (auto _ : state) {
    const RuleSet rules = RuleSet::compile(sources);
    nodes = rules.node_count();
    benchmark::DoNotOptimize(nodes);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["nodes"] = static_cast<double>(nodes);
}

void rule_counts(benchmark::internal::Benchmark* b) {
  for (int k : {1, 10, 100, 1000, 10000}) b->Arg(k);
}

BENCHMARK(BM_MatchJson)->Apply(rule_counts);
BENCHMARK(BM_MatchInMemory)->Apply(rule_counts);
BENCHMARK(BM_BuildAndMatchInMemory)->Apply(rule_counts);
BENCHMARK(BM_ReadJsonOnly)->Arg(1000);
BENCHMARK(BM_Compile)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
