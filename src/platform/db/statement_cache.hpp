// A connection's prepared statements by SQL text, least recently used first out. Each distinct
// text costs memory in the process (and on PostgreSQL in the server backend too), and list queries
// make many texts, so every connection keeps at most `capacity` of them; the engine frees what is
// evicted (sqlite3_finalize, DEALLOCATE).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace rapport::db {

// Statements evicted from every connection's cache since start (rapport_db_statements_evicted).
inline std::atomic<int64_t>& statements_evicted() {
  static std::atomic<int64_t> n{0};
  return n;
}

template <class V>
class StatementCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 256;
  explicit StatementCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The entry for sql, now the most recently used, or null.
  V* find(const std::string& sql) {
    auto it = index_.find(sql);
    if (it == index_.end()) return nullptr;
    entries_.splice(entries_.begin(), entries_, it->second);
    return &it->second->second;
  }
  // Adds sql as the most recently used entry (the caller evicts first to stay within capacity).
  V& insert(const std::string& sql, V value) {
    entries_.emplace_front(sql, std::move(value));
    index_.emplace(std::string_view(entries_.front().first), entries_.begin());
    return entries_.front().second;
  }
  void erase(const std::string& sql) {
    auto it = index_.find(sql);
    if (it == index_.end()) return;
    auto pos = it->second;
    index_.erase(it);
    entries_.erase(pos);
  }
  // Evicts least recently used entries until at most `keep` remain. drop(sql, value) frees the
  // engine's statement and returns false when that entry must stay (in use, or it cannot be freed
  // now): eviction stops there, since every entry after it was used more recently.
  template <class Drop>
  void evict_to(std::size_t keep, Drop&& drop) {
    while (entries_.size() > keep) {
      auto& [sql, value] = entries_.back();
      if (!drop(sql, value)) return;
      index_.erase(std::string_view(sql));
      entries_.pop_back();
      statements_evicted().fetch_add(1, std::memory_order_relaxed);
    }
  }
  // Makes room for one more entry.
  template <class Drop>
  void make_room(Drop&& drop) {
    if (capacity_ > 0) evict_to(capacity_ - 1, std::forward<Drop>(drop));
  }
  void clear() {
    index_.clear();
    entries_.clear();
  }
  std::size_t size() const { return entries_.size(); }
  std::size_t capacity() const { return capacity_; }

 private:
  std::size_t capacity_;
  std::list<std::pair<std::string, V>> entries_;  // most recently used first
  // Keys view the texts held by entries_ (list nodes do not move).
  std::unordered_map<std::string_view, typename std::list<std::pair<std::string, V>>::iterator> index_;
};

}  // namespace rapport::db
