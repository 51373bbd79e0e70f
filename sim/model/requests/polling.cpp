#include "sim/model/requests/polling.hpp"

#include <algorithm>
#include <utility>

#include "sim/model/support/message.hpp"

namespace edasim::model {

Poller::Poller(PollerConfig config, Api* list, Api* fetch, const Context& context)
    : config_(std::move(config)),
      list_(list),
      fetch_(fetch),
      kernel_(context.kernel),
      books_(context.books),
      processing_rng_(context.seed, "poller:" + config_.name + "/processing") {
  const std::string component = "poller:" + config_.name;
  list_calls_ = books_.calls.counter(component, config_.list_api);
  fetch_calls_ = books_.calls.counter(component, config_.fetch_api);
  result_.name = config_.name;
}

void Poller::start(Time end) {
  end_ = end;
  if (Time::zero() + config_.interval <= end_) kernel_.schedule_in(config_.interval, id_, poll, 0);
}

void Poller::record(std::uint64_t event, Time produced) {
  ++result_.changes;
  pending_.push_back(Change{event, produced});
}

std::uint32_t Poller::take(const Change& change) {
  ++taken_;
  if (free_.empty()) {
    slots_.push_back(change);
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }
  const std::uint32_t slot = free_.back();
  free_.pop_back();
  slots_[slot] = change;
  return slot;
}

Api::Call Poller::call(Api* api, Time at) {
  if (api == nullptr) return Api::Call{};
  return api->call(at);
}

void Poller::handle(core::Kernel&, const core::Event& event) {
  const Time now = kernel_.now();
  switch (event.kind) {
    case poll: {
      if (now + config_.interval <= end_) kernel_.schedule_in(config_.interval, id_, poll, 0);
      ++result_.polls;
      const std::size_t changes = pending_.size();
      if (changes == 0) ++result_.empty_polls;
      const auto page = static_cast<std::size_t>(config_.page_size);
      const std::size_t pages = std::max<std::size_t>(1, (changes + page - 1) / page);
      Duration listed = Duration::zero();
      for (std::size_t p = 0; p < pages; ++p) {
        const Api::Call c = call(list_, now + listed);
        books_.calls.add(list_calls_, 1, 1);
        ++result_.list_calls;
        listed += c.latency;
        if (c.outcome != Api::Outcome::ok) {
          ++result_.failed_polls;
          return;
        }
      }
      for (std::size_t i = 0; i < changes; ++i) {
        const std::uint32_t slot = take(pending_.pop_front());
        const Api::Call c = call(fetch_, now + listed);
        books_.calls.add(fetch_calls_, 1, 1);
        ++result_.fetches;
        kernel_.schedule(now + listed + c.latency, id_, fetched,
                         pack(slot, c.outcome == Api::Outcome::ok ? 1 : 0));
      }
      return;
    }
    case fetched: {
      const std::uint32_t slot = packed_id(event.data);
      if (packed_counter(event.data) == 0) {
        // The change waits for the next poll.
        ++result_.failed_fetches;
        pending_.push_back(slots_[slot]);
        free_.push_back(slot);
        --taken_;
        return;
      }
      kernel_.schedule_in(config_.processing.sample(processing_rng_), id_, processed, slot);
      return;
    }
    case processed: {
      const auto slot = static_cast<std::uint32_t>(event.data);
      ++result_.processed;
      ++books_.events.processed;
      end_to_end_.record((now - slots_[slot].produced).ns);
      books_.period_end_to_end.record((now - slots_[slot].produced).ns);
      free_.push_back(slot);
      --taken_;
      return;
    }
    default:
      return;
  }
}

PollerResult Poller::result() const {
  PollerResult r = result_;
  r.end_to_end = end_to_end_;
  return r;
}

}  // namespace edasim::model
