#include "platform/retention.hpp"

#include <spdlog/spdlog.h>
#include <algorithm>
#include <stdexcept>

#include "platform/clock.hpp"

namespace rapport {

Retention::Retention(db::Database& db, std::vector<RetentionRule> rules, RetentionOptions opts)
    : db_(db), rules_(std::move(rules)), opts_(opts) {
  for (const auto& r : rules_) {
    auto placeholders = std::count(r.expired_when.begin(), r.expired_when.end(), '?');
    if (placeholders != static_cast<std::ptrdiff_t>(r.ages.size()))
      throw std::logic_error("retention rule for " + r.table + ": one age per '?' in its condition");
  }
}

Retention::~Retention() { stop(); }

void Retention::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void Retention::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t Retention::purge(const RetentionRule& rule) {
  std::vector<db::Value> cutoffs;
  const int64_t now = clock::now_ms();
  for (auto age : rule.ages)
    cutoffs.emplace_back(clock::format_ms(now - std::chrono::duration_cast<std::chrono::milliseconds>(age).count()));
  cutoffs.emplace_back(int64_t{opts_.batch});
  // Row values in IN (...) work on both engines; the subquery bounds one transaction's work.
  const std::string sql = "DELETE FROM " + rule.table + " WHERE (" + rule.key_columns + ") IN (SELECT " + rule.key_columns +
                          " FROM " + rule.table + " WHERE " + rule.expired_when + " LIMIT ?)";
  int64_t total = 0;
  for (;;) {
    int64_t deleted = 0;
    Status st = db_.write([&](db::Connection& c) -> Status {
      c.prepare(sql).bind_all(cutoffs).run();
      deleted = c.changes();
      return ok_status();
    });
    if (!st) throw std::runtime_error("retention of " + rule.table + ": " + st.problem().detail);
    total += deleted;
    if (deleted < opts_.batch) return total;
    std::lock_guard lock(mu_);
    if (stopping_) return total;
  }
}

std::vector<int64_t> Retention::purge() {
  std::vector<int64_t> out;
  out.reserve(rules_.size());
  for (const auto& r : rules_) out.push_back(purge(r));
  return out;
}

void Retention::loop() {
  for (;;) {
    try {
      auto counts = purge();
      for (std::size_t i = 0; i < rules_.size(); ++i)
        if (counts[i] > 0) spdlog::info("retention: deleted {} {} past their retention", counts[i], rules_[i].what);
    } catch (const std::exception& e) {
      spdlog::warn("retention: {}; trying again at the next pass", e.what());
    }
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, opts_.every, [&] { return stopping_; })) return;
  }
}

}  // namespace rapport
