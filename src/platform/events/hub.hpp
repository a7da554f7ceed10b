// This node's real-time subscribers, by workspace. Publishing an event hands its notice to every
// subscriber of the event's workspace whose audience may hear it (audience.hpp: the read scope on the
// event's object); a subscriber that reports itself gone is dropped. The hub never blocks on a
// client: deliver() only queues (a slow client is the socket's problem).
//
// Credentials end while sockets stay open (logout, a revoked session or API key, a deactivated user,
// a password change, a role that reads less): every `recheck` period the hub re-reads each
// subscriber's credential (Subscriber::recheck) on its own thread. A credential that ended, or a role
// that now reads less, closes the socket (Subscriber::close); otherwise the fresh audience (role,
// team members) replaces the old one. Each node checks its own sockets against the shared database,
// so a revocation made through any node closes them on every node within one period.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "platform/events/audience.hpp"
#include "platform/events/event.hpp"
#include "platform/events/notice.hpp"

namespace rapport::events {

class Hub {
 public:
  // Returns false when the subscriber is gone (its connection closed); it is then removed.
  using Deliver = std::function<bool(const std::shared_ptr<const std::string>& message)>;

  struct Subscriber {
    Deliver deliver;
    // The subscriber's audience now, or nullopt when its credential ended (revoked, expired, user
    // deactivated). May block (a database read); may throw (the database is unavailable: the
    // subscriber is kept and checked again next period).
    std::function<std::optional<Audience>()> recheck;
    // Ends the connection, telling the client why.
    std::function<void(const char* reason)> close;
  };

  ~Hub();
  uint64_t subscribe(const std::string& workspace_id, Audience audience, Subscriber subscriber);
  void unsubscribe(uint64_t token);
  void publish(const Event& e);
  // Hands a notice's message to the sockets of its user and of its workspace's admins (notice.hpp).
  void notify(const Notice& n);
  // Tells every subscriber that notices may have been missed ({"op":"resync"}): fetch again.
  void broadcast_resync();
  std::size_t subscribers();
  uint64_t published() const { return published_.load(std::memory_order_relaxed); }
  uint64_t closed_by_recheck() const { return closed_by_recheck_.load(std::memory_order_relaxed); }

  // Rechecks every subscriber once (the thread below calls it every period); returns how many it closed.
  int recheck_all();
  // Starts the thread that rechecks every `period`; stop_rechecks() (or the destructor) ends it.
  void start_rechecks(std::chrono::milliseconds period);
  void stop_rechecks();

 private:
  struct Entry {
    uint64_t token;
    Subscriber sub;
    std::mutex mu;      // guards audience
    Audience audience;
  };
  std::mutex mu_;
  uint64_t next_ = 1;
  std::unordered_map<std::string, std::vector<std::shared_ptr<Entry>>> by_workspace_;
  std::unordered_map<uint64_t, std::string> workspace_of_;
  std::atomic<uint64_t> published_{0};
  std::atomic<uint64_t> closed_by_recheck_{0};
  std::mutex recheck_mu_;
  std::condition_variable recheck_cv_;
  bool recheck_stopping_ = false;
  std::thread recheck_thread_;
  // Delivers to those entries that pass `hears` (all when it is empty), then drops those that are gone.
  void deliver_all(const std::vector<std::shared_ptr<Entry>>& entries, const std::shared_ptr<const std::string>& message,
                   const std::function<bool(const Audience&)>& hears);
  std::vector<std::shared_ptr<Entry>> all_entries();
  std::vector<std::shared_ptr<Entry>> entries_of(const std::string& workspace_id);
};

}  // namespace rapport::events
