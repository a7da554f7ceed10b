#include "modules/imports/progress_notice.hpp"

#include <memory>

#include "platform/clock.hpp"
#include "platform/utf8.hpp"

namespace rapport::imports {
namespace json = boost::json;

namespace {

// A reader's message may quote a long cell; NOTIFY carries at most 8000 bytes.
constexpr std::size_t kMaxErrorBytes = 1000;

bool ended(std::string_view state) { return state != "queued" && state != "running"; }

}  // namespace

std::string progress_message(const Import& i, int64_t now_ms) {
  json::object full = i.to_json(now_ms);
  json::object out;
  for (const char* key : {"id", "object", "state", "dry_run", "counts", "progress", "created_by"}) out[key] = full[key];
  out["error"] = i.error ? json::value(std::string(utf8::clip(*i.error, kMaxErrorBytes))) : json::value(nullptr);
  return json::serialize(json::object{{"op", "import"}, {"import", std::move(out)}});
}

bool ProgressThrottle::due(const std::string& import_id, const std::string& state, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = last_.find(import_id);
  if (ended(state)) {
    if (it != last_.end()) last_.erase(it);
    return true;
  }
  if (it != last_.end() && it->second.state == state && now_ms - it->second.at_ms < every_ms_) return false;
  last_[import_id] = Last{state, now_ms};
  return true;
}

OnProgress progress_notices(events::NoticeSender& sender, std::chrono::milliseconds every) {
  auto throttle = std::make_shared<ProgressThrottle>(every);
  return [&sender, throttle](const Import& i) {
    int64_t now = clock::now_ms();
    if (!throttle->due(i.id, i.state, now)) return;
    sender.send({i.workspace_id, i.created_by, progress_message(i, now)});
  };
}

}  // namespace rapport::imports
