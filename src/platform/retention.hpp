// Rows that are kept only for a while: stored idempotent answers (they hold personal data), ended
// sessions, used MFA recovery codes, old sign-in failures. Each owner states its rule; one thread per
// node deletes what the rules let go, a bounded batch per write transaction so that a large backlog
// never holds the writer for long. Several nodes may purge at once: deleting a row twice is harmless.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/db/database.hpp"

namespace rapport {

struct RetentionRule {
  std::string what;         // for the log and docs/operations.md, e.g. "stored Idempotency-Key answers"
  std::string table;
  std::string key_columns;  // the primary key, e.g. "workspace_id, actor_id, key"
  // The condition of a row that may go. Each `?` is bound to now minus the age at the same position
  // of `ages`, formatted as the stored timestamps are (clock::format_ms), e.g. "created_at < ?".
  std::string expired_when;
  std::vector<std::chrono::seconds> ages;
};

struct RetentionOptions {
  std::chrono::seconds every{std::chrono::minutes(10)};
  int batch = 500;  // rows a write transaction deletes
};

class Retention {
 public:
  Retention(db::Database& db, std::vector<RetentionRule> rules, RetentionOptions opts = {});
  ~Retention();
  Retention(const Retention&) = delete;
  Retention& operator=(const Retention&) = delete;

  // Purges at once, then every opts.every, on its own thread.
  void start();
  void stop();

  // Deletes everything the rules let go now; returns the rows deleted per rule (in rule order).
  // Throws when a write fails (what was deleted before stays deleted).
  std::vector<int64_t> purge();

  const std::vector<RetentionRule>& rules() const { return rules_; }

 private:
  int64_t purge(const RetentionRule& rule);
  void loop();

  db::Database& db_;
  std::vector<RetentionRule> rules_;
  RetentionOptions opts_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace rapport
