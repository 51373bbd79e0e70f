#include "sim/report/chain_section.hpp"

#include <fmt/format.h>

#include "sim/report/format.hpp"

namespace edasim::report {

namespace {

std::string quantile(const metrics::Histogram& h, double q) {
  return h.empty() ? "n/a" : format_latency(h.quantile(q));
}

}  // namespace

std::optional<Section> chains_section(const model::RunResult& r) {
  if (r.chains.empty()) return std::nullopt;
  Section s;
  s.id = "chains";
  s.title = "Synchronous call chains";
  Table t({{"chain", Align::left},
           {model::column_of(model::chain_fields(), "requests")},
           {model::column_of(model::chain_fields(), "succeeded")},
           {model::column_of(model::chain_fields(), "failed")},
           {model::column_of(model::chain_fields(), "failed_errors")},
           {model::column_of(model::chain_fields(), "failed_timeouts")},
           {model::column_of(model::chain_fields(), "failed_rejections")},
           {"p50"},
           {"p99"},
           {"max"},
           {model::column_of(model::chain_fields(), "retries")}});
  for (const model::ChainResult& c : r.chains) {
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
  for (const model::ChainResult& c : r.chains) {
    if (c.optional_given_up > 0) {
      s.notes.push_back({fmt::format("{}: {} optional calls failed for good and were skipped.",
                                     c.name, format_count(c.optional_given_up))});
    }
  }
  return s;
}

}  // namespace edasim::report
