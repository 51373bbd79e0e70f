// The topics of a system: each delivers to the queues its subscriptions
// name, through the destinations the queues' registration makes for a
// service, and marks its subscriptions' dead-letter queues as such.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/model/topics/topic.hpp"

namespace edasim::model {

namespace {

class Topics final : public Part {
 public:
  explicit Topics(Assembly& a) {
    for (const TopicConfig& tc : a.config.topics) {
      const std::string component = "topic:" + tc.name;
      const MakeDelivery deliveries = [&a, &component](std::string_view table,
                                                       const std::string& name) {
        return make_destination(a, table, {&name, 1}, Sending{component, Sending::Role::service});
      };
      topics_.push_back(std::make_unique<Topic>(tc, a, a.all<Queue>(), deliveries));
      topics_.back()->attach(a.kernel.attach(*topics_.back()));
      a.add(*topics_.back());
      for (const SubscriptionConfig& s : tc.subscriptions) {
        if (s.dead_letter_queue) a.find<Queue>(*s.dead_letter_queue)->mark_as_dead_letter_queue();
      }
    }
  }

  void report(RunResult& r) override {
    for (auto& t : topics_) {
      r.events.in_flight += t->pending_deliveries();
      r.topics.push_back(t->result());
    }
  }

  // The Publish quota counts messages, batched or not (services.md §3.6;
  // a FIFO topic's 3,000/s, §3.5).
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const auto& t : topics_) {
      const TopicConfig& c = t->config();
      if (!(c.publish_rate_limit > 0)) continue;
      const ComponentLoad l = load.peak("topics", c.name);
      const double utilisation = l.per_second.events / c.publish_rate_limit;
      if (!(utilisation > 0.8)) continue;
      std::string m = at_peak_text(l.peak) + " " + count_text(l.per_second.events) +
                      " messages/s are published; the Publish quota is " +
                      count_text(c.publish_rate_limit) + " messages/s" +
                      utilisation_text(utilisation);
      m += utilisation > 1 ? ": publishes over it are throttled" : ": little headroom for bursts";
      out.limits.push_back({"topics", c.name, utilisation, std::move(m)});
    }
  }

 private:
  std::vector<std::unique_ptr<Topic>> topics_;
};

}  // namespace

std::unique_ptr<Part> build_topics(Assembly& a) {
  return std::make_unique<Topics>(a);
}

}  // namespace edasim::model
