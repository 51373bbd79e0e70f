#include "sim/report/chain_section.hpp"

#include <fmt/format.h>

#include "sim/report/format.hpp"

namespace edasim::report {

namespace {

std::string quantile(const Histogram& h, double q) {
  return h.empty() ? "n/a" : format_latency(h.quantile(q));
}

}  // namespace

std::optional<Section> chains_section(const RunResult& r) {
  if (r.chains.empty()) return std::nullopt;
  Section s;
  s.id = "chains";
  s.title = "Synchronous call chains";
  Table t({{"chain", Align::left},
           {column_of(chain_fields(), "requests")},
           {column_of(chain_fields(), "succeeded")},
           {column_of(chain_fields(), "failed")},
           {column_of(chain_fields(), "failed_errors")},
           {column_of(chain_fields(), "failed_timeouts")},
           {column_of(chain_fields(), "failed_rejections")},
           {"p50"},
           {"p99"},
           {"max"},
           {column_of(chain_fields(), "retries")}});
  for (const ChainResult& c : r.chains) {
    t.add_row(
        {c.name, format_count(c.requests), format_count(c.succeeded), format_count(c.failed),
         format_count(c.failed_errors), format_count(c.failed_timeouts),
         format_count(c.failed_rejections), quantile(c.latency, 0.5), quantile(c.latency, 0.99),
         c.latency.empty() ? "n/a" : format_latency(c.latency.max()), format_count(c.retries)});
  }
  s.tables.push_back(std::move(t));
  s.notes.push_back(
      {"Latency is from request to answer for requests that succeeded; a failed "
       "request is one whose caller got an error (a required call failed after its "
       "retries), by the cause of that call."});
  for (const ChainResult& c : r.chains) {
    if (c.optional_given_up > 0) {
      s.notes.push_back({fmt::format("{}: {} optional calls failed for good and were skipped.",
                                     c.name, format_count(c.optional_given_up))});
    }
  }
  return s;
}

}  // namespace edasim::report
