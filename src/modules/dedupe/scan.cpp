#include "modules/dedupe/scan.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "modules/dedupe/candidates.hpp"
#include "modules/dedupe/pair_store.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_list.hpp"
#include "platform/jobs/enqueue.hpp"
#include "platform/records/scope.hpp"

namespace rapport::dedupe {
namespace json = boost::json;

namespace {

int64_t since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

ScanResult scan(db::Database& db, const std::string& workspace_id, std::string_view object) {
  ScanResult r;
  auto t0 = std::chrono::steady_clock::now();
  // Read outside the write: the pairs of records changed meanwhile are found again by the next scan
  // (and those of records created meanwhile were stored when they were created).
  auto all = db.read([&](db::Connection& c) { return load_all(c, workspace_id, object); });
  r.read_ms = since(t0);
  t0 = std::chrono::steady_clock::now();
  auto found = find_pairs(all, kind_of(object));
  if (found.size() > kMaxPairs) {
    std::stable_sort(found.begin(), found.end(), [](const Pair& l, const Pair& r) { return l.confidence > r.confidence; });
    spdlog::warn("dedupe: {} pairs of {} in workspace {}; keeping the {} strongest", found.size(), std::string(object),
                 workspace_id, kMaxPairs);
    found.resize(kMaxPairs);
  }
  std::vector<StoredPair> pairs;
  pairs.reserve(found.size());
  for (const auto& p : found) pairs.push_back(stored(all[p.a], all[p.b], p));
  r.match_ms = since(t0);
  t0 = std::chrono::steady_clock::now();
  auto st = db.write([&](db::Connection& c) -> Status {
    replace_pairs(c, workspace_id, object, pairs, clock::now_text());
    return ok_status();
  });
  if (!st) throw std::runtime_error("dedupe scan: " + st.problem().detail);
  r.write_ms = since(t0);
  r.records = all.size();
  r.pairs = pairs.size();
  return r;
}

jobs::JobType scan_job_type(db::Database& db) {
  jobs::JobType t;
  t.name = kScanJob;
  t.handler = [&db](jobs::JobContext& job) {
    const auto* object = job.job.payload.is_object() ? job.job.payload.as_object().if_contains("object") : nullptr;
    if (!object || !object->is_string() || !is_deduplicated(object->as_string()))
      return jobs::Outcome::fail("payload.object must be contacts, companies or leads");
    auto r = scan(db, job.job.workspace_id, object->as_string());
    spdlog::info("dedupe: {} {} records, {} probable duplicate pairs (read {} ms, match {} ms, write {} ms)",
                 r.records, std::string(object->as_string()), r.pairs, r.read_ms, r.match_ms, r.write_ms);
    return jobs::Outcome::done();
  };
  t.max_attempts = 3;
  t.concurrency = 1;
  return t;
}

std::string enqueue_scan(db::Connection& c, const std::string& workspace_id, std::string_view object) {
  std::string key = "dedupe:";
  key += object;
  return jobs::enqueue(c, {.type = kScanJob,
                           .payload = json::object{{"object", object}},
                           .workspace_id = workspace_id,
                           .unique_key = std::move(key)});
}

namespace {

// Of `ids` (live records of `object`), those the caller may read. The header counts a pair only when
// its creator can read both records, as GET /api/v1/duplicates lists them: a pair with a record
// outside their scope is stored for those who can, but the creator learns nothing of it, not even
// that it exists.
std::unordered_set<std::string> readable_ids(db::Connection& c, const identity::Context& ctx, std::string_view object,
                                             const std::vector<db::Value>& ids) {
  std::string sql = "SELECT id FROM " + std::string(object) + " WHERE workspace_id = ? AND deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id};
  records::append_scope(sql, params, ctx, object, identity::Action::Read);
  sql += " AND id IN ";
  db::append_in_list(sql, params, ids);
  auto& q = c.prepare(sql);
  q.bind_all(params);
  std::unordered_set<std::string> out;
  while (q.step()) out.insert(q.text(0));
  return out;
}

}  // namespace

std::size_t check_created(db::Database& db, const identity::Context& ctx, std::string_view object, const std::string& id) {
  std::size_t shown = 0;
  auto pairs = db.read([&](db::Connection& c) {
    std::vector<StoredPair> out;
    auto rec = load_one(c, ctx.workspace_id, object, id);
    if (!rec) return out;
    const Kind kind = kind_of(object);
    std::vector<db::Value> ids{id};
    for (const auto& other : load_near(c, ctx.workspace_id, object, *rec)) {
      Pair p = compare(*rec, other, kind);
      if (p.confidence < kMinConfidence) continue;
      out.push_back(stored(*rec, other, p));
      ids.emplace_back(other.id);
    }
    if (out.empty()) return out;
    auto seen = readable_ids(c, ctx, object, ids);
    if (seen.count(id)) shown = seen.size() - 1;
    return out;
  });
  if (pairs.empty()) return 0;
  auto st = db.write([&](db::Connection& c) -> Status {
    upsert_pairs(c, ctx.workspace_id, object, pairs, clock::now_text());
    return ok_status();
  });
  if (!st) return 0;  // a hint only: the scan finds them
  return shown;
}

records::CreatedNotice created_notice(db::Database& db, std::string_view object) {
  if (!is_deduplicated(object)) return {};
  return [&db, object = std::string(object)](const identity::Context& ctx, const std::string& id) {
    std::vector<std::pair<std::string, std::string>> headers;
    // The create has committed: a database failing now must not make its answer an error, which a
    // client would retry into a second record. Without the header the scan finds the pairs later.
    try {
      if (auto n = check_created(db, ctx, object, id); n > 0) headers.emplace_back("Possible-Duplicates", std::to_string(n));
    } catch (const std::exception& e) {
      spdlog::warn("dedupe: the duplicates check of {} {} did not run: {}", object, id, e.what());
    }
    return headers;
  };
}

}  // namespace rapport::dedupe
