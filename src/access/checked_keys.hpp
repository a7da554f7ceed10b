// API keys checked a moment ago: the context the database answered for a key's hash, kept for at most
// `ttl_ms` (one second by default) so that a client's burst of requests with one key costs one lookup
// instead of one each. Authentication is on every request and its lookup was a third of a GET by id's
// server time (docs/benchmarks.md, "Request cost (session 24)").
//
// What a cached answer may miss, and for how long:
// - A change on this node through the API (a key revoked or its role changed, a user deactivated, a
//   role redefined, an MFA policy set, a workspace deleted) calls forget_all() after it commits (the
//   API wrapper does so after every state-changing request not declared RouteDoc::leaves_credentials),
//   so the next request is checked against the database. A lookup that was under way while the change
//   committed is not kept: entries carry the epoch read before their lookup, and forget_all() moves it.
// - A change made elsewhere (another node, a command such as `rapport apikey revoke`, a background
//   job) is seen within ttl_ms: a revoked key may still be accepted for up to a second.
// - A key's own expiry is exact: an entry is never kept past the key's expires_at.
// Only the key's hash is held, never the key itself. At most `capacity` entries: beyond it all are
// dropped (the next request of each key looks it up again).
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "access/context.hpp"

namespace rapport::access {

class CheckedKeys {
 public:
  explicit CheckedKeys(int64_t ttl_ms = 1000, std::size_t capacity = 10'000) : ttl_ms_(ttl_ms), capacity_(capacity) {}

  // The epoch to hand to remember(): read it before looking the key up.
  uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }
  // The context remembered for the key with this hash, when it was looked up less than ttl_ms before
  // now_ms, before its expiry, and no forget_all() came since.
  std::optional<Context> find(const std::string& key_hash, int64_t now_ms) const;
  // Keeps what the lookup started at `epoch` answered; expires_ms is the key's expiry (0: none).
  void remember(const std::string& key_hash, const Context& ctx, uint64_t epoch, int64_t now_ms, int64_t expires_ms);
  // Something a cached answer depends on may have changed: nothing remembered is used again.
  void forget_all();

 private:
  struct Entry {
    Context ctx;
    uint64_t epoch = 0;
    int64_t until_ms = 0;
  };
  const int64_t ttl_ms_;
  const std::size_t capacity_;
  std::atomic<uint64_t> epoch_{1};
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace rapport::access
