#include "platform/net/smtp_connections.hpp"

namespace rapport::net {

void SmtpConnections::expire(std::vector<Handle>& closing) {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = idle_.begin(); it != idle_.end();) {
    auto& q = it->second;
    while (!q.empty() && now - q.front().since > limits_.idle) {
      closing.push_back(std::move(q.front().handle));
      q.pop_front();
      --count_;
    }
    it = q.empty() ? idle_.erase(it) : std::next(it);
  }
}

SmtpConnections::Handle SmtpConnections::take(const std::string& key) {
  std::vector<Handle> closing;  // declared before the lock: closed after it is released
  std::lock_guard lock(mu_);
  expire(closing);
  auto it = idle_.find(key);
  if (it == idle_.end()) return nullptr;
  Handle out = std::move(it->second.back().handle);  // the most recent: the least likely to be dropped
  it->second.pop_back();
  --count_;
  if (it->second.empty()) idle_.erase(it);
  return out;
}

void SmtpConnections::give_back(const std::string& key, Handle handle) {
  if (!handle) return;
  std::vector<Handle> closing;
  std::lock_guard lock(mu_);
  expire(closing);
  auto& q = idle_[key];
  if (q.size() >= limits_.per_key || count_ >= limits_.total) {
    if (q.empty()) idle_.erase(key);
    closing.push_back(std::move(handle));
    return;
  }
  q.push_back({std::move(handle), std::chrono::steady_clock::now()});
  ++count_;
}

std::size_t SmtpConnections::idle() {
  std::vector<Handle> closing;
  std::lock_guard lock(mu_);
  expire(closing);
  return count_;
}

}  // namespace rapport::net
