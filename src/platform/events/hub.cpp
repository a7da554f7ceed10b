#include "platform/events/hub.hpp"

#include <algorithm>

namespace rapport::events {

uint64_t Hub::subscribe(const std::string& workspace_id, Deliver deliver) {
  std::lock_guard lock(mu_);
  uint64_t token = next_++;
  by_workspace_[workspace_id].push_back(Sub{token, std::move(deliver)});
  workspace_of_.emplace(token, workspace_id);
  return token;
}

void Hub::unsubscribe(uint64_t token) {
  std::lock_guard lock(mu_);
  auto it = workspace_of_.find(token);
  if (it == workspace_of_.end()) return;
  auto ws = by_workspace_.find(it->second);
  if (ws != by_workspace_.end()) {
    auto& subs = ws->second;
    subs.erase(std::remove_if(subs.begin(), subs.end(), [&](const Sub& s) { return s.token == token; }), subs.end());
    if (subs.empty()) by_workspace_.erase(ws);
  }
  workspace_of_.erase(it);
}

void Hub::publish(const Event& e) {
  published_.fetch_add(1, std::memory_order_relaxed);
  std::vector<Sub> subs;
  {
    std::lock_guard lock(mu_);
    auto ws = by_workspace_.find(e.workspace_id);
    if (ws == by_workspace_.end()) return;
    subs = ws->second;
  }
  deliver_all(subs, std::make_shared<const std::string>(client_message(e)));
}

void Hub::broadcast_resync() {
  std::vector<Sub> subs;
  {
    std::lock_guard lock(mu_);
    for (const auto& [ws, list] : by_workspace_) subs.insert(subs.end(), list.begin(), list.end());
  }
  deliver_all(subs, std::make_shared<const std::string>(R"({"op":"resync"})"));
}

void Hub::deliver_all(const std::vector<Sub>& subs, const std::shared_ptr<const std::string>& message) {
  // Outside the lock: delivering may close a connection, whose close handler unsubscribes.
  std::vector<uint64_t> gone;
  for (const auto& s : subs)
    if (!s.deliver(message)) gone.push_back(s.token);
  for (auto t : gone) unsubscribe(t);
}

std::size_t Hub::subscribers() {
  std::lock_guard lock(mu_);
  return workspace_of_.size();
}

}  // namespace rapport::events
