#include "platform/records/pattern.hpp"

#include <re2/re2.h>

#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace rapport::records::pattern {

namespace {

struct Entry {
  std::shared_ptr<const re2::RE2> re;  // null when RE2 refused the pattern
  std::string error;
};

// Least recently used patterns go first. A refused pattern is cached too, so a stored definition RE2
// refuses is not compiled again on every write.
class Cache {
 public:
  std::optional<Entry> find(const std::string& text) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(text);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }
  void put(const std::string& text, Entry e) {
    std::lock_guard lock(mutex_);
    if (index_.count(text)) return;  // compiled meanwhile by another thread
    order_.emplace_front(text, std::move(e));
    index_.emplace(text, order_.begin());
    if (order_.size() > kMaxCached) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return order_.size();
  }

 private:
  std::mutex mutex_;
  std::list<std::pair<std::string, Entry>> order_;
  std::unordered_map<std::string, std::list<std::pair<std::string, Entry>>::iterator> index_;
};

Cache& cache() {
  static Cache c;
  return c;
}

Entry build(const std::string& text) {
  RE2::Options opts;
  opts.set_max_mem(kMaxMemory);
  opts.set_log_errors(false);  // a refused pattern is the admin's mistake, answered with a 422
  auto re = std::make_shared<const re2::RE2>(text, opts);
  if (!re->ok()) return {nullptr, re->error()};
  return {std::move(re), {}};
}

}  // namespace

std::shared_ptr<const re2::RE2> compile(const std::string& text, std::string* error) {
  if (text.size() > kMaxPatternBytes) {
    if (error) *error = "pattern longer than " + std::to_string(kMaxPatternBytes) + " bytes";
    return nullptr;
  }
  auto e = cache().find(text);
  if (!e) {
    e = build(text);  // outside the lock: compiling takes a while
    cache().put(text, *e);
  }
  if (error) *error = e->error;
  return e->re;
}

Match full_match(const std::string& text, std::string_view value) {
  auto re = compile(text);
  if (!re) return Match::Invalid;
  return re2::RE2::FullMatch(value, *re) ? Match::Yes : Match::No;
}

std::size_t cached_count() { return cache().size(); }

}  // namespace rapport::records::pattern
