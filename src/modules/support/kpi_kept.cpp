#include "modules/support/kpi_kept.hpp"

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/records/scope.hpp"

namespace rapport::support::kpi {

namespace {

int64_t floor_to(int64_t ms, int64_t size) { return (ms / size - (ms % size < 0 ? 1 : 0)) * size; }

}  // namespace

Cut cut(int64_t from, int64_t to, int64_t size) {
  Cut c;
  if (from >= to) return c;
  const int64_t first = floor_to(from, size) == from ? from : floor_to(from, size) + size;  // the first boundary at or after from
  const int64_t last = floor_to(to, size);                                                   // the last at or before to
  if (first >= last) {
    c.whole_from = c.whole_to = from;
    c.edges.emplace_back(from, to);
    return c;
  }
  c.whole_from = first;
  c.whole_to = last;
  if (from < first) c.edges.emplace_back(from, first);
  if (last < to) c.edges.emplace_back(last, to);
  return c;
}

std::string quarter_key(int64_t ms) {
  const std::string text = clock::format_ms(ms);  // YYYY-MM-DDTHH:MM:SS.mmmZ
  std::string key = text.substr(0, 14);
  key.push_back(static_cast<char>('0' + ((text[14] - '0') * 10 + (text[15] - '0')) / 15));
  return key;
}

std::string day_key(int64_t ms) { return clock::format_ms(ms).substr(0, 10); }

std::optional<int64_t> quarter_start(std::string_view key) {
  if (key.size() != 15 || key[14] < '0' || key[14] > '3') return std::nullopt;
  std::string hour(key.substr(0, 13));
  hour += ":00:00Z";
  const auto at = clock::parse_datetime(hour);
  if (!at) return std::nullopt;
  return *at + (key[14] - '0') * kQuarterMs;
}

bool may_use_kept(const access::Context& ctx, const Query& q, bool by_priority) {
  if (!q.team_id.empty() || !q.assignee_id.empty() || !q.channel.empty() || (!by_priority && !q.priority.empty())) return false;
  std::string scope;
  std::vector<db::Value> params;
  records::append_scope(scope, params, ctx, "tickets", access::Action::Read, "t.");
  return scope.empty();
}

void kept_volume_quarters(db::Connection& c, const std::string& workspace_id, int64_t from, int64_t to,
                          const std::function<void(std::string_view, bool, int64_t)>& add) {
  if (from >= to) return;
  auto& st = c.prepare(
      "SELECT quarter, kind, tickets FROM ticket_volume_quarters WHERE workspace_id = ? AND quarter >= ? AND quarter < ? AND tickets <> 0");
  st.bind_all({workspace_id, quarter_key(from), quarter_key(to)});
  while (st.step()) add(st.text_view(0), st.text_view(1) == "created", st.int64(2));
  st.reset();
}

void kept_volume_days(db::Connection& c, const std::string& workspace_id, int64_t from, int64_t to,
                      const std::function<void(std::string_view, std::string_view, bool, int64_t)>& add) {
  if (from >= to) return;
  auto& st = c.prepare(
      "SELECT dimension, value, kind, tickets FROM ticket_volume_days WHERE workspace_id = ? AND day >= ? AND day < ? AND tickets <> 0");
  st.bind_all({workspace_id, day_key(from), day_key(to)});
  while (st.step()) add(st.text_view(0), st.text_view(1), st.text_view(2) == "created", st.int64(3));
  st.reset();
}

void kept_unmet_targets(db::Connection& c, const std::string& workspace_id, int64_t from, int64_t to, const std::string& priority,
                        const std::function<void(std::string_view, std::string_view, std::string_view, int64_t)>& add) {
  if (from >= to) return;
  std::string sql =
      "SELECT target, policy_id, priority, targets FROM ticket_sla_unmet_quarters WHERE workspace_id = ? AND quarter >= ? AND quarter < ? "
      "AND targets <> 0";
  std::vector<db::Value> params{workspace_id, quarter_key(from), quarter_key(to)};
  if (!priority.empty()) {
    sql += " AND priority = ?";
    params.emplace_back(priority);
  }
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) add(st.text_view(0), st.text_view(1), st.text_view(2), st.int64(3));
  st.reset();
}

}  // namespace rapport::support::kpi
