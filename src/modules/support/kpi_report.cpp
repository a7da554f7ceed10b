#include "modules/support/kpi_report.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <tuple>

#include "modules/support/kpi_stats.hpp"
#include "modules/support/sla_store.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/records/scope.hpp"

namespace rapport::support {
namespace json = boost::json;
using kpi::Query;

namespace {

using Labels = std::vector<std::pair<const char*, const char*>>;  // key, label, in their order
const Labels kPriorities{{"low", "Low"}, {"normal", "Normal"}, {"high", "High"}, {"urgent", "Urgent"}};
const Labels kOpenStatuses{{"new", "New"}, {"open", "Open"}, {"pending", "Pending"}, {"on_hold", "On hold"}};
const Labels kChannels{{"email", "Email"}, {"web", "Web form"}, {"phone", "Phone"}, {"api", "API"}};
const Labels kTargets{{"first_response", "First response"}, {"next_response", "Next response"}, {"resolution", "Resolution"}};
// Ages of open tickets: a bucket holds the tickets younger than its bound (the last: the rest).
const Labels kAges{{"lt_1d", "< 1 day"}, {"1_3d", "1-3 days"}, {"3_7d", "3-7 days"}, {"7_30d", "7-30 days"}, {"gt_30d", "> 30 days"}};
constexpr int64_t kAgeBoundsDays[] = {1, 3, 7, 30};

json::value opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value text_or_null(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

// The filters and the caller's scope, appended to a query on `tickets t`.
void append_filters(std::string& sql, std::vector<db::Value>& params, const access::Context& ctx, const Query& q) {
  const std::pair<const char*, const std::string*> filters[] = {
      {"team_id", &q.team_id}, {"assignee_id", &q.assignee_id}, {"channel", &q.channel}, {"priority", &q.priority}};
  for (const auto& [column, value] : filters) {
    if (value->empty()) continue;
    sql.append(" AND t.").append(column).append(" = ?");
    params.emplace_back(*value);
  }
  records::append_scope(sql, params, ctx, "tickets", access::Action::Read, "t.");
}

// "SELECT <columns> FROM tickets t WHERE <the workspace's live tickets>" with `column` in [from, to).
std::string in_range(const std::string& columns, const char* column, std::vector<db::Value>& params, const access::Context& ctx,
                     const Query& q) {
  std::string sql = "SELECT " + columns + " FROM tickets t WHERE t.workspace_id = ? AND t.deleted_at IS NULL AND t.";
  sql.append(column).append(" >= ? AND t.").append(column).append(" < ?");
  params = {ctx.workspace_id, clock::format_ms(q.from), clock::format_ms(q.to)};
  append_filters(sql, params, ctx, q);
  return sql;
}

json::object summary_json(kpi::Durations& d) {
  const kpi::Summary s = kpi::summarize(d);
  return {{"count", s.count},
          {"median_seconds", opt(s.median)},
          {"p90_seconds", opt(s.p90)},
          {"business_median_seconds", opt(s.business_median)},
          {"business_p90_seconds", opt(s.business_p90)}};
}

// Business time on the calendar of each ticket's policy, cached per policy and team.
class BusinessClock {
 public:
  BusinessClock(db::Connection& c, const std::string& workspace_id) : c_(c), workspace_id_(workspace_id) {
    for (auto& p : sla_store::policies(c, workspace_id)) policies_.emplace(p.id, std::move(p));
  }
  const std::map<std::string, SlaPolicy>& policies() const { return policies_; }
  // Seconds of business time; calendar seconds when the policy is unknown (none, or deleted since).
  int64_t seconds(const std::string& policy_id, const std::string& team_id, int64_t from, int64_t to) {
    auto p = policies_.find(policy_id);
    if (p == policies_.end() || p->second.calendar_time) return (to - from) / 1000;
    auto key = policy_id + "/" + team_id;
    auto cal = calendars_.find(key);
    if (cal == calendars_.end()) cal = calendars_.emplace(key, sla_calendar(c_, workspace_id_, p->second, team_id)).first;
    return business_ms_between(cal->second, from, to) / 1000;
  }

 private:
  db::Connection& c_;
  const std::string& workspace_id_;
  std::map<std::string, SlaPolicy> policies_;
  std::map<std::string, Calendar> calendars_;
};

// first_response or resolution: the tickets whose `end_column` falls in the range, timed from creation.
json::object durations(db::Connection& c, const access::Context& ctx, const Query& q, const char* end_column, BusinessClock& hours) {
  std::vector<db::Value> params;
  const std::string columns = std::string("t.created_at, t.") + end_column +
                              ", t.priority, t.team_id, (SELECT min(s.policy_id) FROM ticket_sla s WHERE s.ticket_id = t.id "
                              "AND s.minutes IS NOT NULL)";
  auto& st = c.prepare(in_range(columns, end_column, params, ctx, q));
  st.bind_all(params);
  kpi::Durations all;
  std::map<std::string, kpi::Durations> by_priority;
  while (st.step()) {
    const auto start = clock::parse_datetime(st.text(0)), end = clock::parse_datetime(st.text(1));
    if (!start || !end) continue;
    const int64_t to = std::max(*start, *end);
    const int64_t calendar = (to - *start) / 1000;
    const int64_t business = st.is_null(4) ? calendar : hours.seconds(st.text(4), st.is_null(3) ? "" : st.text(3), *start, to);
    all.add(calendar, business);
    by_priority[st.text(2)].add(calendar, business);
  }
  st.reset();
  json::object out = summary_json(all);
  json::array rows;
  for (const auto& [key, label] : kPriorities) {
    json::object row{{"key", key}, {"label", label}};
    for (auto& kv : summary_json(by_priority[key])) row[kv.key()] = kv.value();
    rows.push_back(std::move(row));
  }
  out["by_priority"] = std::move(rows);
  return out;
}

json::array counted(const Labels& labels, std::map<std::string, int64_t>& counts) {
  json::array out;
  for (const auto& [key, label] : labels) out.push_back(json::object{{"key", key}, {"label", label}, {"value", counts[key]}});
  return out;
}

json::object backlog(db::Connection& c, const access::Context& ctx, const Query& q, int64_t now_ms) {
  std::string sql = "SELECT t.status, CASE";
  std::vector<db::Value> params;
  for (std::size_t i = 0; i < std::size(kAgeBoundsDays); ++i) {
    sql += " WHEN t.created_at > ? THEN ";
    sql += std::to_string(i);
    params.emplace_back(clock::format_ms(now_ms - kAgeBoundsDays[i] * kpi::kDayMs));
  }
  sql += " ELSE ";
  sql += std::to_string(std::size(kAgeBoundsDays));
  sql += " END AS age, CAST(COUNT(*) AS BIGINT) FROM tickets t WHERE t.workspace_id = ? AND t.deleted_at IS NULL AND t.status NOT IN "
         "('solved', 'closed')";
  params.emplace_back(ctx.workspace_id);
  append_filters(sql, params, ctx, q);
  sql += " GROUP BY t.status, age";
  std::map<std::string, int64_t> by_status, by_age;
  int64_t total = 0;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    const int64_t n = st.int64(2);
    by_status[st.text(0)] += n;
    by_age[kAges[static_cast<std::size_t>(st.int64(1))].first] += n;
    total += n;
  }
  st.reset();
  return {{"total", total}, {"by_status", counted(kOpenStatuses, by_status)}, {"by_age", counted(kAges, by_age)}};
}

struct Attainment {
  int64_t met = 0, total = 0;
  void add(int64_t m, int64_t t) {
    met += m;
    total += t;
  }
};
json::object attainment_json(const Attainment& a) {
  return {{"met", a.met}, {"breached", a.total - a.met}, {"total", a.total}, {"ratio", opt(kpi::ratio(a.met, a.total))}};
}
json::object attainment_row(const std::string& key, const std::string& label, const Attainment& a) {
  json::object row{{"key", key}, {"label", label}};
  for (auto& kv : attainment_json(a)) row[kv.key()] = kv.value();
  return row;
}

json::object sla(db::Connection& c, const access::Context& ctx, const Query& q, int64_t now_ms, const BusinessClock& hours) {
  const std::string from = clock::format_ms(q.from), to = clock::format_ms(q.to), due_by = clock::format_ms(std::min(q.to, now_ms));
  std::string sql =
      "SELECT s.target, s.policy_id, t.priority, CAST(SUM(CASE WHEN s.met_at IS NOT NULL AND (s.due_at IS NULL OR s.met_at <= s.due_at) "
      "THEN 1 ELSE 0 END) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id "
      "WHERE s.workspace_id = ? AND s.minutes IS NOT NULL AND ((s.met_at >= ? AND s.met_at < ?) OR (s.met_at IS NULL AND "
      "s.due_at >= ? AND s.due_at < ?)) AND t.workspace_id = ? AND t.deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id, from, to, from, due_by, ctx.workspace_id};
  append_filters(sql, params, ctx, q);
  sql += " GROUP BY s.target, s.policy_id, t.priority";
  Attainment all;
  std::map<std::string, Attainment> by_target, by_policy, by_priority;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    const int64_t met = st.int64(3), total = st.int64(4);
    all.add(met, total);
    by_target[st.text(0)].add(met, total);
    by_policy[st.text(1)].add(met, total);
    by_priority[st.text(2)].add(met, total);
  }
  st.reset();
  json::object out = attainment_json(all);
  json::array targets, priorities, policies;
  for (const auto& [key, label] : kTargets) targets.push_back(attainment_row(key, label, by_target[key]));
  for (const auto& [key, label] : kPriorities) priorities.push_back(attainment_row(key, label, by_priority[key]));
  // Policies by position (as they apply), then any deleted since by id.
  std::vector<std::pair<const SlaPolicy*, std::string>> order;
  for (const auto& [id, a] : by_policy) {
    auto p = hours.policies().find(id);
    order.emplace_back(p == hours.policies().end() ? nullptr : &p->second, id);
  }
  auto rank = [](const std::pair<const SlaPolicy*, std::string>& e) {
    return std::make_tuple(e.first == nullptr, e.first ? e.first->position : 0, e.second);
  };
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  for (const auto& [p, id] : order) policies.push_back(attainment_row(id, p ? p->name : "(deleted policy)", by_policy[id]));
  out["by_target"] = std::move(targets);
  out["by_policy"] = std::move(policies);
  out["by_priority"] = std::move(priorities);
  return out;
}

// Created and solved counts of one group (a day, a channel, an agent, a team).
struct Flow {
  int64_t created = 0, solved = 0;
};
using Flows = std::map<std::string, Flow>;

json::object flow_row(const json::value& key, const std::string& label, const Flow& f) {
  return {{"key", key}, {"label", label}, {"created", f.created}, {"solved", f.solved}};
}

// id -> name of the workspace's users (name, else email) or teams.
std::map<std::string, std::string> names(db::Connection& c, const std::string& sql, const std::string& workspace_id) {
  std::map<std::string, std::string> out;
  auto& st = c.prepare(sql);
  st.bind_all({workspace_id});
  while (st.step()) out[st.text(0)] = st.text(1);
  st.reset();
  return out;
}

// Agents or teams, most tickets created first; "" (none) last, labelled `none`.
json::array flows_by_name(const Flows& flows, const std::map<std::string, std::string>& labels, const char* none) {
  std::vector<std::pair<std::string, const Flow*>> rows;
  for (const auto& [id, f] : flows) rows.emplace_back(id, &f);
  auto label_of = [&](const std::string& id) {
    if (id.empty()) return std::string(none);
    auto l = labels.find(id);
    return l == labels.end() ? id : l->second;
  };
  std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    if (a.first.empty() != b.first.empty()) return b.first.empty();
    if (a.second->created != b.second->created) return a.second->created > b.second->created;
    return std::make_pair(label_of(a.first), a.first) < std::make_pair(label_of(b.first), b.first);
  });
  json::array out;
  for (const auto& [id, f] : rows) out.push_back(flow_row(text_or_null(id), label_of(id), *f));
  return out;
}

json::object volume(db::Connection& c, const access::Context& ctx, const Query& q) {
  Flows days, channels, agents, teams;
  int64_t created = 0, solved = 0;
  for (const char* column : {"created_at", "solved_at"}) {
    const bool is_created = std::string_view(column) == "created_at";
    std::vector<db::Value> params;
    std::string sql = in_range(std::string("substr(t.") + column + ", 1, 10) AS day, t.channel, t.assignee_id, t.team_id, "
                               "CAST(COUNT(*) AS BIGINT)", column, params, ctx, q);
    sql += " GROUP BY day, t.channel, t.assignee_id, t.team_id";
    auto& st = c.prepare(sql);
    st.bind_all(params);
    while (st.step()) {
      const int64_t n = st.int64(4);
      const std::string agent = st.is_null(2) ? "" : st.text(2), team = st.is_null(3) ? "" : st.text(3);
      for (Flow* f : {&days[st.text(0)], &channels[st.text(1)], &agents[agent], &teams[team]}) (is_created ? f->created : f->solved) += n;
      (is_created ? created : solved) += n;
    }
    st.reset();
  }
  json::array by_day, by_channel;
  const auto [first, last] = kpi::day_span(q);
  for (int64_t d = first; d <= last; ++d) {
    const std::string day = kpi::day_text(d);
    by_day.push_back(flow_row(json::value(day), day, days[day]));
  }
  for (const auto& [key, label] : kChannels) by_channel.push_back(flow_row(json::value(key), label, channels[key]));
  return {{"created", created},
          {"solved", solved},
          {"by_day", std::move(by_day)},
          {"by_channel", std::move(by_channel)},
          {"by_agent", flows_by_name(agents, names(c, "SELECT id, COALESCE(name, email) FROM users WHERE workspace_id = ?", ctx.workspace_id),
                                     "Unassigned")},
          {"by_team", flows_by_name(teams, names(c, "SELECT id, name FROM teams WHERE workspace_id = ?", ctx.workspace_id), "No team")}};
}

json::object satisfaction(db::Connection& c, const access::Context& ctx, const Query& q) {
  std::vector<db::Value> params;
  std::string sql = in_range("t.satisfaction, CAST(COUNT(*) AS BIGINT)", "satisfaction_at", params, ctx, q);
  sql += " AND t.satisfaction IS NOT NULL GROUP BY t.satisfaction";
  int64_t good = 0, bad = 0;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) (st.text(0) == "good" ? good : bad) += st.int64(1);
  st.reset();
  return {{"responses", good + bad}, {"good", good}, {"bad", bad}, {"csat_percent", opt(kpi::csat_percent(good, bad))}};
}

}  // namespace

json::object support_report(db::Connection& c, const access::Context& ctx, const Query& q, int64_t now_ms) {
  BusinessClock business(c, ctx.workspace_id);
  json::object out{{"from", clock::format_ms(q.from)},
                   {"to", clock::format_ms(q.to)},
                   {"as_of", clock::format_ms(now_ms)},
                   {"filters", json::object{{"team_id", text_or_null(q.team_id)},
                                            {"assignee_id", text_or_null(q.assignee_id)},
                                            {"channel", text_or_null(q.channel)},
                                            {"priority", text_or_null(q.priority)}}},
                   {"percentile", "nearest-rank"}};
  out["first_response"] = durations(c, ctx, q, "first_response_at", business);
  out["resolution"] = durations(c, ctx, q, "solved_at", business);
  out["backlog"] = backlog(c, ctx, q, now_ms);
  out["sla"] = sla(c, ctx, q, now_ms, business);
  out["volume"] = volume(c, ctx, q);
  out["satisfaction"] = satisfaction(c, ctx, q);
  return out;
}

}  // namespace rapport::support
