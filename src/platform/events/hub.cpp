#include "platform/events/hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace rapport::events {

Hub::~Hub() { stop_rechecks(); }

uint64_t Hub::subscribe(const std::string& workspace_id, Audience audience, Subscriber subscriber) {
  auto entry = std::make_shared<Entry>();
  entry->sub = std::move(subscriber);
  entry->audience = std::move(audience);
  std::lock_guard lock(mu_);
  entry->token = next_++;
  by_workspace_[workspace_id].push_back(entry);
  workspace_of_.emplace(entry->token, workspace_id);
  return entry->token;
}

void Hub::unsubscribe(uint64_t token) {
  std::lock_guard lock(mu_);
  auto it = workspace_of_.find(token);
  if (it == workspace_of_.end()) return;
  auto ws = by_workspace_.find(it->second);
  if (ws != by_workspace_.end()) {
    auto& subs = ws->second;
    subs.erase(std::remove_if(subs.begin(), subs.end(), [&](const auto& s) { return s->token == token; }), subs.end());
    if (subs.empty()) by_workspace_.erase(ws);
  }
  workspace_of_.erase(it);
}

std::vector<std::shared_ptr<Hub::Entry>> Hub::entries_of(const std::string& workspace_id) {
  std::lock_guard lock(mu_);
  auto ws = by_workspace_.find(workspace_id);
  return ws == by_workspace_.end() ? std::vector<std::shared_ptr<Entry>>{} : ws->second;
}

void Hub::publish(const Event& e) {
  published_.fetch_add(1, std::memory_order_relaxed);
  auto subs = entries_of(e.workspace_id);
  if (subs.empty()) return;
  deliver_all(subs, std::make_shared<const std::string>(client_message(e)), [&](const Audience& a) { return a.may_hear(e); });
}

void Hub::notify(const Notice& n) {
  auto subs = entries_of(n.workspace_id);
  if (subs.empty()) return;
  deliver_all(subs, std::make_shared<const std::string>(n.message),
              [&](const Audience& a) { return a.ctx.user_id == n.user_id || a.ctx.is_admin(); });
}

std::vector<std::shared_ptr<Hub::Entry>> Hub::all_entries() {
  std::vector<std::shared_ptr<Entry>> out;
  std::lock_guard lock(mu_);
  for (const auto& [ws, list] : by_workspace_) out.insert(out.end(), list.begin(), list.end());
  return out;
}

void Hub::broadcast_resync() {
  deliver_all(all_entries(), std::make_shared<const std::string>(R"({"op":"resync"})"), {});
}

void Hub::deliver_all(const std::vector<std::shared_ptr<Entry>>& entries, const std::shared_ptr<const std::string>& message,
                      const std::function<bool(const Audience&)>& hears) {
  // Outside the hub's lock: delivering may close a connection, whose close handler unsubscribes.
  std::vector<uint64_t> gone;
  for (const auto& s : entries) {
    if (hears) {
      std::lock_guard lock(s->mu);
      if (!hears(s->audience)) continue;
    }
    if (!s->sub.deliver(message)) gone.push_back(s->token);
  }
  for (auto t : gone) unsubscribe(t);
}

std::size_t Hub::subscribers() {
  std::lock_guard lock(mu_);
  return workspace_of_.size();
}

int Hub::recheck_all() {
  int closed = 0;
  for (const auto& s : all_entries()) {
    std::optional<Audience> now;
    try {
      now = s->sub.recheck();
    } catch (const std::exception& ex) {
      // The database is unavailable: the credential cannot be read now; try again next period.
      spdlog::debug("events: rechecking a subscriber failed: {}", ex.what());
      continue;
    }
    const char* reason = nullptr;
    if (!now) {
      reason = "credential ended";
    } else {
      std::lock_guard lock(s->mu);
      if (s->audience.reads_less(*now)) reason = "access changed";
      else s->audience = std::move(*now);
    }
    if (!reason) continue;
    unsubscribe(s->token);
    s->sub.close(reason);
    closed_by_recheck_.fetch_add(1, std::memory_order_relaxed);
    ++closed;
  }
  return closed;
}

void Hub::start_rechecks(std::chrono::milliseconds period) {
  std::lock_guard lock(recheck_mu_);
  if (recheck_thread_.joinable()) return;
  recheck_stopping_ = false;
  recheck_thread_ = std::thread([this, period] {
    std::unique_lock lock(recheck_mu_);
    while (!recheck_cv_.wait_for(lock, period, [this] { return recheck_stopping_; })) {
      lock.unlock();
      recheck_all();
      lock.lock();
    }
  });
}

void Hub::stop_rechecks() {
  {
    std::lock_guard lock(recheck_mu_);
    recheck_stopping_ = true;
  }
  recheck_cv_.notify_all();
  if (recheck_thread_.joinable()) recheck_thread_.join();
}

}  // namespace rapport::events
