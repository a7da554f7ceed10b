// This node's real-time subscribers, by workspace. Publishing an event hands its notice to every
// subscriber of the event's workspace; a subscriber that reports itself gone is dropped. The hub
// never blocks on a client: deliver() only queues (a slow client is the socket's problem).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/events/event.hpp"

namespace rapport::events {

class Hub {
 public:
  // Returns false when the subscriber is gone (its connection closed); it is then removed.
  using Deliver = std::function<bool(const std::shared_ptr<const std::string>& message)>;

  uint64_t subscribe(const std::string& workspace_id, Deliver deliver);
  void unsubscribe(uint64_t token);
  void publish(const Event& e);
  // Tells every subscriber that notices may have been missed ({"op":"resync"}): fetch again.
  void broadcast_resync();
  std::size_t subscribers();
  uint64_t published() const { return published_.load(std::memory_order_relaxed); }

 private:
  struct Sub {
    uint64_t token;
    Deliver deliver;
  };
  std::mutex mu_;
  uint64_t next_ = 1;
  std::unordered_map<std::string, std::vector<Sub>> by_workspace_;
  std::unordered_map<uint64_t, std::string> workspace_of_;
  std::atomic<uint64_t> published_{0};
  // Delivers to subs, then drops those that are gone.
  void deliver_all(const std::vector<Sub>& subs, const std::shared_ptr<const std::string>& message);
};

}  // namespace rapport::events
