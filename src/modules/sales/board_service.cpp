#include "modules/sales/board_service.hpp"

#include "modules/sales/board_store.hpp"
#include "modules/sales/pipelines.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/store.hpp"

namespace rapport::sales {
namespace json = boost::json;

namespace {

// Counts and amounts per stage and currency (amounts of different currencies are never added up).
// The sums are exact (platform/money: split in SQL, joined in 128 bits); one that does not fit int64
// is a 422 naming its currency rather than a wrapped number.
Status add_totals(db::Connection& c, const access::Context& ctx, const std::string& pipeline_id, json::array& stages) {
  auto by_stage = stage_totals(c, ctx, pipeline_id);
  bool amounts = !records::is_hidden(ctx, "deals", "amount");
  for (auto& v : stages) {
    auto& o = v.as_object();
    auto it = by_stage.find(std::string(o["id"].as_string()));
    o["count"] = it == by_stage.end() ? 0 : it->second.count;
    if (!amounts) continue;
    json::object by_currency;
    if (it != by_stage.end())
      for (const auto& [currency, total] : it->second.amounts) {
        auto value = total.value();
        if (!value) return money::sum_too_large(currency, "the deals of the stage " + std::string(o["name"].as_string()));
        by_currency[currency] = *value;
      }
    o["amount_by_currency"] = std::move(by_currency);
  }
  return ok_status();
}

}  // namespace

Result<json::object> read_board(db::Database& db, const access::Context& ctx, const std::string& pipeline_id, const BoardQuery& q) {
  return db.read([&](db::Connection& c) -> Result<json::object> {
    auto p = load_pipeline(c, ctx.workspace_id, pipeline_id);
    if (!p || p->archived) return Problem::not_found();
    json::array stages;
    for (const auto& s : p->stages) {
      if (!q.stage_id.empty() && s.id != q.stage_id) continue;
      auto after = records::keyset::parse_cursor(column_order(s.id), q.cursor);
      if (!after) return after.take_problem();
      auto page = column_page(c, ctx, s.id, q.limit, *after);
      json::object column = stage_json(s);
      column["deals"] = std::move(page.cards);
      column["next_cursor"] = page.next_cursor ? json::value(*page.next_cursor) : json::value(nullptr);
      stages.push_back(std::move(column));
    }
    if (!q.stage_id.empty() && stages.empty()) return Problem::not_found("No such stage in this pipeline");
    if (q.totals)
      if (auto added = add_totals(c, ctx, pipeline_id, stages); !added) return added.take_problem();
    return json::object{{"pipeline_id", p->id}, {"name", p->name}, {"stages", std::move(stages)}};
  });
}

std::optional<double> rank_between(std::optional<double> above, std::optional<double> below) {
  if (!above && !below) return 0.0;
  if (!above) return *below - 1024.0;
  if (!below) return *above + 1024.0;
  double mid = *above + (*below - *above) / 2;
  if (!(mid > *above && mid < *below)) return std::nullopt;
  return mid;
}

Status place_on_board(db::Connection& c, const access::Context& ctx, const std::string& deal_id, const std::string& stage_id,
                      const std::string& after_id, const std::string& before_id) {
  const std::string& ws = ctx.workspace_id;
  std::string neighbour = after_id.empty() ? before_id : after_id;
  if (neighbour.empty()) {
    set_rank(c, ws, deal_id, top_rank(c, ws, stage_id, deal_id));
    return ok_status();
  }
  const char* field = after_id.empty() ? "before_id" : "after_id";
  auto stage = live_deal_stage(c, ws, neighbour);
  if (!stage || !records::reference_exists(c, ctx, "deals", neighbour))
    return Problem::invalid({{field, "not_found", "refers to no deal you can see"}});
  if (*stage != stage_id) return Problem::invalid({{field, "consistency", "is in another column"}});
  const bool above_given = !after_id.empty();
  auto rank = [&] {
    double n = *rank_of(c, ws, neighbour);
    auto other = neighbour_rank(c, ws, stage_id, deal_id, n, !above_given);
    return above_given ? rank_between(n, other) : rank_between(other, n);
  };
  auto r = rank();
  if (!r) {
    respace(c, ws, stage_id);
    r = rank();
  }
  set_rank(c, ws, deal_id, *r);
  return ok_status();
}

}  // namespace rapport::sales
