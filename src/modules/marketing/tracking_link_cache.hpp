// The tracked links a node has followed (GET /t/c/{token}), so that the clicks of a campaign read
// each stored link from the database once per node rather than once per click. A campaign's links
// never change once registered, but they go when the campaign is deleted: the node that deletes it
// forgets them at once (CampaignService::remove), and every entry is kept at most kEntryTtlMs, so
// another node of the cluster stops redirecting a deleted campaign's links within that time.
// Bounded: emptied when it holds kMaxCached links. Thread-safe.
#pragma once
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace rapport::marketing {

class LinkCache {
 public:
  static constexpr std::size_t kMaxCached = 20'000;
  static constexpr int64_t kEntryTtlMs = 60'000;

  // The URL of that link, when kept and not older than kEntryTtlMs at `now_ms`.
  std::optional<std::string> find(const std::string& workspace_id, const std::string& campaign_id, int64_t link, int64_t now_ms);
  void keep(const std::string& workspace_id, const std::string& campaign_id, int64_t link, const std::string& url, int64_t now_ms);
  // Every kept link of the campaign goes (it was deleted).
  void forget_campaign(const std::string& workspace_id, const std::string& campaign_id);

 private:
  struct Entry {
    std::string url;
    int64_t kept_ms = 0;
  };
  // campaign key (workspace id + campaign id) -> link index -> entry
  std::mutex mu_;
  std::unordered_map<std::string, std::unordered_map<int64_t, Entry>> campaigns_;
  std::size_t size_ = 0;
};

}  // namespace rapport::marketing
