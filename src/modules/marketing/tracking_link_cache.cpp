#include "modules/marketing/tracking_link_cache.hpp"

namespace rapport::marketing {

namespace {

std::string campaign_key(const std::string& workspace_id, const std::string& campaign_id) {
  std::string key = workspace_id;
  key += '/';
  key += campaign_id;
  return key;
}

}  // namespace

std::optional<std::string> LinkCache::find(const std::string& workspace_id, const std::string& campaign_id, int64_t link, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto c = campaigns_.find(campaign_key(workspace_id, campaign_id));
  if (c == campaigns_.end()) return std::nullopt;
  auto it = c->second.find(link);
  if (it == c->second.end() || now_ms - it->second.kept_ms > kEntryTtlMs) return std::nullopt;
  return it->second.url;
}

void LinkCache::keep(const std::string& workspace_id, const std::string& campaign_id, int64_t link, const std::string& url, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (size_ >= kMaxCached) {
    campaigns_.clear();
    size_ = 0;
  }
  auto [it, added] = campaigns_[campaign_key(workspace_id, campaign_id)].insert_or_assign(link, Entry{url, now_ms});
  (void)it;
  if (added) ++size_;
}

void LinkCache::forget_campaign(const std::string& workspace_id, const std::string& campaign_id) {
  std::lock_guard lock(mu_);
  auto c = campaigns_.find(campaign_key(workspace_id, campaign_id));
  if (c == campaigns_.end()) return;
  size_ -= c->second.size();
  campaigns_.erase(c);
}

}  // namespace rapport::marketing
