#include "modules/sales/stage_removal.hpp"

#include "modules/sales/deals.hpp"
#include "modules/sales/specs.hpp"
#include "platform/clock.hpp"
#include "platform/records/service.hpp"

namespace rapport::sales {
namespace json = boost::json;

namespace {

// Deals are read and written 512 at a time, so a stage of any size is moved with bounded memory
// (all in the caller's one transaction), and a whole batch is one statement per table
// (db::kMaxChunkRows).
constexpr int64_t kBatch = 512;

const records::Store& deal_store() {
  static const records::Store s(deal_spec());
  return s;
}

bool blank(const json::object& deal, const char* key) {
  auto* v = deal.if_contains(key);
  return !v || v->is_null() || (v->is_string() && v->as_string().empty());
}

// The next batch of deals still in the stage, whole (decorated, hidden fields included): live ones
// in board order (the board index serves it), then those in the recycle bin.
std::vector<json::object> next_batch(db::Connection& c, const access::Context& ctx, const std::string& stage_id, bool deleted) {
  const auto& store = deal_store();
  std::string sql = "SELECT " + store.columns_sql("") + " FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS " +
                    (deleted ? "NOT NULL ORDER BY id" : "NULL ORDER BY board_rank, id") + " LIMIT ?";
  auto& st = c.prepare(sql);
  st.bind_all({ctx.workspace_id, stage_id, kBatch});
  std::vector<json::object> out;
  while (st.step()) out.push_back(store.row_to_json(st));
  st.reset();
  if (store.spec().hooks.decorate)
    for (auto& d : out) store.spec().hooks.decorate(c, ctx, d);
  return out;
}

}  // namespace

StageDeals deals_in_stage(db::Connection& c, const std::string& workspace_id, const std::string& stage_id) {
  auto& st = c.prepare(
      "SELECT count(*), coalesce(sum(CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END), 0) FROM deals WHERE workspace_id = ? AND stage_id = ?");
  st.bind_all({workspace_id, stage_id});
  st.step();
  StageDeals out{st.int64(0) - st.int64(1), st.int64(1)};
  st.reset();
  return out;
}

Result<int64_t> move_stage_deals(db::Connection& c, const access::Context& ctx, const Stage& from, const Stage& to,
                                 const std::optional<std::string>& lost_reason) {
  if (to.type == "lost" && !lost_reason) {
    json::array ids;
    auto& st = c.prepare(
        "SELECT id FROM deals WHERE workspace_id = ? AND stage_id = ? AND (lost_reason IS NULL OR lost_reason = '') ORDER BY id LIMIT 21");
    st.bind_all({ctx.workspace_id, from.id});
    while (st.step()) ids.push_back(json::value(st.text(0)));
    st.reset();
    if (!ids.empty()) {
      bool more = ids.size() > 20;
      if (more) ids.pop_back();
      FieldError e{"lost_reason", "required",
                   "deals moving to the lost stage '" + to.name + "' need a lost reason and " + (more ? "more than 20" : std::to_string(ids.size())) +
                       " of them have none: give one with ?lost_reason=<text> (applied to those without one)"};
      e.extra["deal_ids"] = std::move(ids);
      return Problem::invalid({std::move(e)});
    }
  }
  std::string today = clock::now_text().substr(0, 10);
  double rank = std::get<double>(c.scalar(
      "SELECT CAST(coalesce(max(board_rank), 0) AS DOUBLE PRECISION) FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL",
      {ctx.workspace_id, to.id}));
  // Each batch is written set-based (records::write_changes, enter_stage_many): five statements per
  // 512 deals instead of about eight per deal. The deal's place in its new column is written by the
  // same UPDATE as its fields (each index entry of the row is replaced once).
  static const std::vector<std::string> kMoved{"stage_id", "closed_at", "expected_close_date", "lost_reason"};
  static const std::vector<records::Column> kPlace{{"board_rank", "DOUBLE PRECISION"}, {"stage_entered_at", "TEXT"}};
  int64_t moved = 0;
  for (bool deleted : {false, true}) {
    for (auto batch = next_batch(c, ctx, from.id, deleted); !batch.empty(); batch = next_batch(c, ctx, from.id, deleted)) {
      const std::string now = clock::now_text();
      std::vector<records::Change> changes;
      changes.reserve(batch.size());
      for (auto& before : batch) {
        json::object after = before;
        after["stage_id"] = to.id;
        follow_stage_type(after, to.type);
        if (to.type != "open" && blank(after, "expected_close_date")) after["expected_close_date"] = today;
        if (to.type == "lost" && lost_reason && blank(after, "lost_reason")) after["lost_reason"] = *lost_reason;
        rank += 1024.0;
        changes.push_back({std::move(before), std::move(after), {rank, now}});
      }
      auto written = records::write_changes(c, ctx, deal_store(), std::move(changes), kMoved, "update", kPlace);
      if (!written) return written.take_problem();
      std::vector<StageEntry> entries;
      entries.reserve(written->size());
      for (const auto& deal : *written) {
        const auto& owner = deal.at("owner_id");
        entries.push_back({std::string(deal.at("id").as_string()), owner.is_string() ? std::string(owner.as_string()) : ""});
      }
      enter_stage_many(c, ctx, from.id, to.id, now, entries);
      moved += static_cast<int64_t>(entries.size());
    }
  }
  return moved;
}

}  // namespace rapport::sales
