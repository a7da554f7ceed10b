#include "access/checked_keys.hpp"

#include <algorithm>

namespace rapport::access {

std::optional<Context> CheckedKeys::find(const std::string& key_hash, int64_t now_ms) const {
  const uint64_t current = epoch();
  std::lock_guard lock(mu_);
  auto it = entries_.find(key_hash);
  if (it == entries_.end() || it->second.epoch != current || now_ms >= it->second.until_ms) return std::nullopt;
  return it->second.ctx;
}

void CheckedKeys::remember(const std::string& key_hash, const Context& ctx, uint64_t epoch, int64_t now_ms,
                           int64_t expires_ms) {
  if (ttl_ms_ <= 0) return;
  int64_t until = now_ms + ttl_ms_;
  if (expires_ms > 0) until = std::min(until, expires_ms);
  if (until <= now_ms) return;
  std::lock_guard lock(mu_);
  // Checked under the lock: a forget_all() that moved the epoch after this lookup began has cleared
  // the map, and this answer may predate its change.
  if (epoch != epoch_.load(std::memory_order_acquire)) return;
  if (entries_.size() >= capacity_) entries_.clear();
  Entry& e = entries_[key_hash];
  e.ctx = ctx;
  e.ctx.request_id.clear();
  e.epoch = epoch;
  e.until_ms = until;
}

void CheckedKeys::forget_all() {
  std::lock_guard lock(mu_);
  epoch_.fetch_add(1, std::memory_order_acq_rel);
  entries_.clear();
}

}  // namespace rapport::access
