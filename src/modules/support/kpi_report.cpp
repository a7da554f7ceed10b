#include "modules/support/kpi_report.hpp"

#include <time.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "modules/support/kpi_backlog.hpp"
#include "modules/support/kpi_durations.hpp"
#include "modules/support/kpi_filters.hpp"
#include "modules/support/kpi_kept.hpp"
#include "modules/support/kpi_stats.hpp"
#include "modules/support/sla_store.hpp"
#include "platform/clock.hpp"

namespace rapport::support {
namespace json = boost::json;
using kpi::append_filters;
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

// "SELECT <columns> FROM tickets t WHERE <the workspace's live tickets>" with `column` in [from, to).
// `from`/`to`: another part of the range than q's (an edge of kept counts).
std::string in_range(const std::string& columns, const char* column, std::vector<db::Value>& params, const access::Context& ctx,
                     const Query& q, std::optional<std::pair<int64_t, int64_t>> part = std::nullopt) {
  std::string sql = "SELECT " + columns + " FROM tickets t WHERE t.workspace_id = ? AND t.deleted_at IS NULL AND t.";
  sql.append(column).append(" >= ? AND t.").append(column).append(" < ?");
  const auto [from, to] = part ? *part : std::make_pair(q.from, q.to);
  params = {ctx.workspace_id, clock::format_ms(from), clock::format_ms(to)};
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

// The SLA's attainment: targets met by their due time, of those decided.
struct SlaTally {
  Attainment all;
  std::map<std::string, Attainment> by_target, by_policy, by_priority;
  void add(const std::string& target, const std::string& policy_id, const std::string& priority, int64_t met, int64_t total) {
    all.add(met, total);
    by_target[target].add(met, total);
    by_policy[policy_id].add(met, total);
    by_priority[priority].add(met, total);
  }
};

// The workspace's SLA policies by id (for the names and order of the SLA section).
using Policies = std::map<std::string, SlaPolicy>;

// The durations of one section (first response, next response, resolution) and the SLA outcomes
// of its target, overall and per priority.
class DurationTally {
 public:
  void add_duration(std::string_view priority, int64_t calendar, int64_t business) {
    all_.add(calendar, business);
    auto group = by_priority_.find(priority);
    if (group == by_priority_.end()) group = by_priority_.emplace(std::string(priority), kpi::Durations{}).first;
    group->second.add(calendar, business);
  }
  // By policy and priority: a handful, found without copying the row's text.
  void add_outcome(std::string_view policy, std::string_view priority, bool met) {
    auto o = std::find_if(outcomes_.begin(), outcomes_.end(), [&](const Outcome& x) { return x.policy_id == policy && x.priority == priority; });
    if (o == outcomes_.end()) o = outcomes_.insert(outcomes_.end(), Outcome{std::string(policy), std::string(priority), {}});
    o->a.add(met ? 1 : 0, 1);
  }
  // The section's JSON; its outcomes go to `sla` as the target `target`'s.
  json::object finish(const std::string& target, SlaTally& sla) {
    for (const auto& o : outcomes_) sla.add(target, o.policy_id, o.priority, o.a.met, o.a.total);
    json::object out = summary_json(all_);
    json::array rows;
    for (const auto& [key, label] : kPriorities) {
      json::object row{{"key", key}, {"label", label}};
      auto group = by_priority_.find(std::string_view(key));
      kpi::Durations none;
      for (auto& kv : summary_json(group == by_priority_.end() ? none : group->second)) row[kv.key()] = kv.value();
      rows.push_back(std::move(row));
    }
    out["by_priority"] = std::move(rows);
    return out;
  }

 private:
  struct Outcome {
    std::string policy_id, priority;
    Attainment a;
  };
  kpi::Durations all_;
  std::map<std::string, kpi::Durations, std::less<>> by_priority_;
  std::vector<Outcome> outcomes_;
};

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

// Flows by a text key, looked up by the row's text without copying it.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using FlowsByText = std::unordered_map<std::string, Flow, TextHash, std::equal_to<>>;
Flow& flow_of(FlowsByText& flows, std::string_view key) {
  auto it = flows.find(key);
  if (it == flows.end()) it = flows.emplace(std::string(key), Flow{}).first;
  return it->second;
}

// The volume section: tickets created and solved in the range per local day, channel, agent and
// team. Without kept counts, counted row by row as the passes over the two ranges read them in time
// order: the created tickets by count_created (tickets_kpi_created), the solved ones by the
// resolution section's pass (tickets_kpi_resolution, the same rows: one pass for both). With them
// (kept_volume), the whole UTC quarter-hours and days of the range come as counts and only its edges
// as rows. Summed here rather than grouped by SQL (a GROUP BY sorts every row of a year). The local
// day of an instant changes at most once per UTC quarter-hour (every zone's offset is whole
// quarter-hours), so it is worked out once per quarter-hour.
class Volume {
 public:
  explicit Volume(const Query& q) : q_(q) {}

  // One ticket of a pass: `at` its created_at (created) or solved_at as stored; assignee and team "" for none.
  void count(bool created, std::string_view at, std::string_view channel, std::string_view assignee, std::string_view team) {
    if (at.size() < 16) return;  // not a stored date-time
    count_day(created, at);
    count_groups(created, channel, assignee, team, 1);
  }
  // A ticket's day only (its groups are kept), or `n` of the kept quarter `at` ("YYYY-MM-DDTHH:" and its digit).
  void count_day(bool created, std::string_view at, int64_t n = 1) {
    if (at.size() < 15) return;
    const char q15 = at.size() == 15 ? at[14] : static_cast<char>('0' + ((at[14] - '0') * 10 + (at[15] - '0')) / 15);
    Pass& p = created ? created_ : solved_;
    if (!p.day || at.compare(0, 14, p.quarter, 0, 14) != 0 || p.quarter[14] != q15) {
      p.quarter.assign(at.substr(0, 14));
      p.quarter.push_back(q15);
      const auto start = kpi::quarter_start(p.quarter);
      if (!start) {
        p.day = nullptr;
        return;
      }
      p.day = &days_[kpi::day_text(kpi::local_day(q_, *start))];
    }
    (created ? p.day->created : p.day->solved) += n;
    p.total += n;
  }
  void count_groups(bool created, std::string_view channel, std::string_view assignee, std::string_view team, int64_t n) {
    auto add = [&](Flow& f) { (created ? f.created : f.solved) += n; };
    add(flow_of(channels_, channel));
    add(flow_of(agents_, assignee));
    add(flow_of(teams_, team));
  }
  // A kept group: `dimension` "channel", "assignee" or "team".
  void count_group(std::string_view dimension, std::string_view value, bool created, int64_t n) {
    FlowsByText& flows = dimension == "channel" ? channels_ : dimension == "assignee" ? agents_ : teams_;
    Flow& f = flow_of(flows, value);
    (created ? f.created : f.solved) += n;
  }

  json::object finish(db::Connection& c, const std::string& workspace_id) {
    json::array by_day, by_channel;
    const auto [first, last] = kpi::day_span(q_);
    for (int64_t d = first; d <= last; ++d) {
      const std::string day = kpi::day_text(d);
      by_day.push_back(flow_row(json::value(day), day, days_[day]));
    }
    for (const auto& [key, label] : kChannels) by_channel.push_back(flow_row(json::value(key), label, flow_of(channels_, key)));
    const Flows by_agent(agents_.begin(), agents_.end()), by_team(teams_.begin(), teams_.end());
    return {{"created", created_.total},
            {"solved", solved_.total},
            {"by_day", std::move(by_day)},
            {"by_channel", std::move(by_channel)},
            {"by_agent", flows_by_name(by_agent, names(c, "SELECT id, COALESCE(name, email) FROM users WHERE workspace_id = ?", workspace_id),
                                       "Unassigned")},
            {"by_team", flows_by_name(by_team, names(c, "SELECT id, name FROM teams WHERE workspace_id = ?", workspace_id), "No team")}};
  }

 private:
  struct Pass {
    std::string quarter;  // "YYYY-MM-DDTHH:" and the quarter's digit, of the rows being counted
    Flow* day = nullptr;
    int64_t total = 0;
  };
  const Query& q_;
  Flows days_;
  FlowsByText channels_, agents_, teams_;
  Pass created_, solved_;
};

}  // namespace

std::string duration_pass_sql(const access::Context& ctx, const Query& q, const std::string& prefix, bool volume,
                              std::vector<db::Value>& params) {
  const char* end_column = prefix == "resolution" ? "solved_at" : "first_response_at";
  // The id only of a ticket not timed yet (the rows of a range are tens of thousands; PostgreSQL sends each).
  std::string columns = "t.priority, t." + prefix + "_seconds, t." + prefix + "_business_seconds, t.sla_policy_id, t." + prefix +
                        "_sla_met, CASE WHEN t." + prefix + "_seconds IS NULL OR t." + prefix + "_business_seconds IS NULL THEN t.id END";
  if (volume) columns.append(", t.").append(end_column).append(", t.channel, t.assignee_id, t.team_id");
  return in_range(columns, end_column, params, ctx, q);
}

namespace {

// first_response or resolution: the tickets whose `end_column` falls in the range, with the durations
// and the SLA outcome stored on them (kpi_durations.hpp: `<prefix>_seconds`, `<prefix>_business_seconds`,
// `sla_policy_id`, `<prefix>_sla_met`), read from the covering index tickets_kpi_<prefix> (migration
// 0050). The outcome of the ticket's `<prefix>` target, met in the range, goes to `sla`. Tickets not
// timed yet (the background backfill, kpi_backfill.hpp, has not reached them) are timed here as it
// will time them (time_untimed), so the figures do not depend on its progress.
json::object durations(db::Connection& c, const access::Context& ctx, const Query& q, const std::string& prefix, SlaTally& sla,
                       Volume* solved = nullptr) {
  std::vector<db::Value> params;
  auto& st = c.prepare(duration_pass_sql(ctx, q, prefix, solved != nullptr, params));
  st.bind_all(params);
  DurationTally tally;
  std::map<std::string, std::string> untimed;  // id -> priority
  while (st.step()) {
    const std::string_view priority = st.text_view(0);
    if (solved)  // the volume section's solved tickets, timed or not
      solved->count(false, st.text_view(6), st.text_view(7), st.is_null(8) ? std::string_view() : st.text_view(8),
                    st.is_null(9) ? std::string_view() : st.text_view(9));
    if (st.is_null(1) || st.is_null(2)) {
      untimed.emplace(st.text(5), std::string(priority));
      continue;
    }
    if (!st.is_null(3) && !st.is_null(4)) tally.add_outcome(st.text_view(3), priority, st.int64(4) != 0);
    tally.add_duration(priority, st.int64(1), st.int64(2));
  }
  st.reset();
  if (!untimed.empty()) {
    std::vector<std::string> ids;
    for (const auto& [id, priority] : untimed) ids.push_back(id);
    const std::string seconds = prefix + "_seconds", business = prefix + "_business_seconds", met = prefix + "_sla_met";
    for (const json::object& t : time_untimed(c, ids)) {
      const std::string& priority = untimed.at(std::string(t.at("id").as_string()));
      if (t.at("sla_policy_id").is_string() && t.at(met).is_bool())
        tally.add_outcome(t.at("sla_policy_id").as_string(), priority, t.at(met).as_bool());
      if (t.at(seconds).is_int64() && t.at(business).is_int64()) tally.add_duration(priority, t.at(seconds).as_int64(), t.at(business).as_int64());
    }
  }
  return tally.finish(prefix, sla);
}

// next_response: the next responses given in the range (ticket_next_responses, migration 0057, by
// met_at), their durations and the outcome of their next_response target as stored (those the
// backfill has not reached timed here, as for the tickets above).
json::object next_responses(db::Connection& c, const access::Context& ctx, const Query& q, SlaTally& sla) {
  std::string sql =
      "SELECT t.priority, n.seconds, n.business_seconds, n.sla_policy_id, n.sla_met, n.ticket_id, n.started_at FROM "
      "ticket_next_responses n JOIN tickets t ON t.id = n.ticket_id WHERE n.workspace_id = ? AND n.met_at >= ? AND n.met_at < ? AND "
      "t.workspace_id = ? AND t.deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id, clock::format_ms(q.from), clock::format_ms(q.to), ctx.workspace_id};
  append_filters(sql, params, ctx, q);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  DurationTally tally;
  std::map<std::pair<std::string, std::string>, std::string> untimed;  // (ticket id, started_at) -> priority
  while (st.step()) {
    const std::string_view priority = st.text_view(0);
    if (st.is_null(1) || st.is_null(2)) {
      untimed.emplace(std::make_pair(st.text(5), st.text(6)), std::string(priority));
      continue;
    }
    if (!st.is_null(3) && !st.is_null(4)) tally.add_outcome(st.text_view(3), priority, st.int64(4) != 0);
    tally.add_duration(priority, st.int64(1), st.int64(2));
  }
  st.reset();
  if (!untimed.empty()) {
    std::vector<std::string> ids;
    for (const auto& [key, priority] : untimed)
      if (ids.empty() || ids.back() != key.first) ids.push_back(key.first);
    for (const NextResponse& n : time_next_responses(c, ids, false)) {
      auto it = untimed.find({n.ticket_id, n.started_at});
      if (it == untimed.end()) continue;  // another of the ticket's, outside the range
      if (n.sla_policy_id && n.sla_met) tally.add_outcome(*n.sla_policy_id, it->second, *n.sla_met);
      tally.add_duration(it->second, n.seconds, n.business_seconds);
    }
  }
  return tally.finish("next_response", sla);
}

json::array counted(const Labels& labels, std::map<std::string, int64_t>& counts) {
  json::array out;
  for (const auto& [key, label] : labels) out.push_back(json::object{{"key", key}, {"label", label}, {"value", counts[key]}});
  return out;
}

// The open tickets now by status and age: per status the count younger than each age bound
// (kpi_backlog.hpp: kept counts or the tickets), turned into buckets here.
json::object backlog(db::Connection& c, const access::Context& ctx, const Query& q, int64_t now_ms) {
  std::vector<int64_t> bounds;
  for (const int64_t days : kAgeBoundsDays) bounds.push_back(now_ms - days * kpi::kDayMs);
  std::map<std::string, int64_t> by_status, by_age;
  int64_t total = 0;
  for (const auto& [status, n] : kpi::open_counts(c, ctx, q, bounds)) {
    by_status[status] += n.total;
    int64_t younger = 0;  // than the previous bound
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
      const int64_t upto = i < bounds.size() ? n.younger[i] : n.total;
      by_age[kAges[i].first] += upto - younger;
      younger = upto;
    }
    total += n.total;
  }
  return {{"total", total}, {"by_status", counted(kOpenStatuses, by_status)}, {"by_age", counted(kAges, by_age)}};
}

// The SLA section: the targets met in the range came with the duration sections (`tally`); here the
// targets of every kind still unmet whose due time fell in it and is past, of live tickets, filtered
// and scoped by the copies of their ticket's fields that each target carries (migration 0062, kept by
// triggers): one range of the covering index ticket_sla_kpi_unmet, no lookup of the tickets.
// The unmet targets past due of [from, to) from the targets themselves, grouped (kinds × policies ×
// priorities: a handful) and counted as breached.
void unmet_targets(db::Connection& c, const access::Context& ctx, const Query& q, int64_t from, int64_t to, SlaTally& tally) {
  if (from >= to) return;
  std::string sql =
      "SELECT s.target, s.policy_id, s.ticket_priority FROM ticket_sla s WHERE s.workspace_id = ? AND "
      "s.met_at IS NULL AND s.due_at IS NOT NULL AND s.due_at >= ? AND s.due_at < ? AND s.minutes IS NOT NULL AND "
      "s.ticket_deleted_at IS NULL AND s.ticket_priority IS NOT NULL";
  std::vector<db::Value> params{ctx.workspace_id, clock::format_ms(from), clock::format_ms(to)};
  append_filters(sql, params, ctx, q, "s.ticket_");
  // Counted here, not by GROUP BY: the rows come in due-time order, and sorting a month's 40k
  // targets by group cost five times the read (SQLite, 1M tickets).
  struct Group {
    std::string target, policy_id, priority;
    int64_t n = 0;
  };
  std::vector<Group> groups;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    const std::string_view target = st.text_view(0), policy = st.text_view(1), priority = st.text_view(2);
    auto g = std::find_if(groups.begin(), groups.end(),
                          [&](const Group& x) { return x.target == target && x.policy_id == policy && x.priority == priority; });
    if (g == groups.end()) g = groups.insert(groups.end(), Group{std::string(target), std::string(policy), std::string(priority)});
    ++g->n;
  }
  st.reset();
  for (const auto& g : groups) tally.add(g.target, g.policy_id, g.priority, 0, g.n);  // unmet past due: breached
}

// The SLA section: the targets met in the range came with the duration sections (`tally`); here the
// targets of every kind still unmet whose due time fell in it and is past, of live tickets, filtered
// and scoped by the copies of their ticket's fields that each target carries (migration 0062, kept by
// triggers): one range of the covering index ticket_sla_kpi_unmet, no lookup of the tickets; or,
// when only a priority narrows them, the kept counts of the whole quarter-hours (migration 0082) and
// the targets of the edges.
json::object sla(db::Connection& c, const access::Context& ctx, const Query& q, int64_t now_ms, const Policies& policies, bool kept,
                 SlaTally& tally) {
  const int64_t due_to = std::min(q.to, now_ms);
  if (kept && kpi::may_use_kept(ctx, q, true)) {
    const kpi::Cut quarters = kpi::cut(q.from, due_to, kpi::kQuarterMs);
    kpi::kept_unmet_targets(c, ctx.workspace_id, quarters.whole_from, quarters.whole_to, q.priority,
                            [&](std::string_view target, std::string_view policy, std::string_view priority, int64_t n) {
                              tally.add(std::string(target), std::string(policy), std::string(priority), 0, n);
                            });
    for (const auto& [from, to] : quarters.edges) unmet_targets(c, ctx, q, from, to, tally);
  } else {
    unmet_targets(c, ctx, q, q.from, due_to, tally);
  }
  json::object out = attainment_json(tally.all);
  json::array targets, priorities, policy_rows;
  for (const auto& [key, label] : kTargets) targets.push_back(attainment_row(key, label, tally.by_target[key]));
  for (const auto& [key, label] : kPriorities) priorities.push_back(attainment_row(key, label, tally.by_priority[key]));
  // Policies by position (as they apply), then any deleted since by id.
  std::vector<std::pair<const SlaPolicy*, std::string>> order;
  for (const auto& [id, a] : tally.by_policy) {
    auto p = policies.find(id);
    order.emplace_back(p == policies.end() ? nullptr : &p->second, id);
  }
  auto rank = [](const std::pair<const SlaPolicy*, std::string>& e) {
    return std::make_tuple(e.first == nullptr, e.first ? e.first->position : 0, e.second);
  };
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  for (const auto& [p, id] : order) policy_rows.push_back(attainment_row(id, p ? p->name : "(deleted policy)", tally.by_policy[id]));
  out["by_target"] = std::move(targets);
  out["by_policy"] = std::move(policy_rows);
  out["by_priority"] = std::move(priorities);
  return out;
}

// The created pass of the volume section (tickets_kpi_created, in time order); the solved one is the
// resolution section's.
void count_created(db::Connection& c, const access::Context& ctx, const Query& q, Volume& volume) {
  std::vector<db::Value> params;
  auto& st = c.prepare(in_range("t.created_at, t.channel, t.assignee_id, t.team_id", "created_at", params, ctx, q));
  st.bind_all(params);
  while (st.step())
    volume.count(true, st.text_view(0), st.text_view(1), st.is_null(2) ? std::string_view() : st.text_view(2),
                 st.is_null(3) ? std::string_view() : st.text_view(3));
  st.reset();
}

// The volume from kept counts (kpi_kept.hpp): the days from the whole quarter-hours of the range, the
// groups from its whole UTC days, and the tickets created or solved in its edges (at most a day at
// each end: tickets_kpi_created / tickets_kpi_resolution), whose days count only outside the whole
// quarter-hours.
void kept_volume(db::Connection& c, const access::Context& ctx, const Query& q, Volume& volume) {
  const kpi::Cut quarters = kpi::cut(q.from, q.to, kpi::kQuarterMs), days = kpi::cut(q.from, q.to, kpi::kDayMs);
  kpi::kept_volume_quarters(c, ctx.workspace_id, quarters.whole_from, quarters.whole_to,
                            [&](std::string_view quarter, bool created, int64_t n) { volume.count_day(created, quarter, n); });
  kpi::kept_volume_days(c, ctx.workspace_id, days.whole_from, days.whole_to,
                        [&](std::string_view dimension, std::string_view value, bool created, int64_t n) {
                          volume.count_group(dimension, value, created, n);
                        });
  const std::string kept_from = clock::format_ms(quarters.whole_from), kept_to = clock::format_ms(quarters.whole_to);
  for (const auto& part : days.edges)
    for (const bool created : {true, false}) {
      const char* column = created ? "created_at" : "solved_at";
      std::vector<db::Value> params;
      auto& st = c.prepare(in_range(std::string("t.") + column + ", t.channel, t.assignee_id, t.team_id", column, params, ctx, q, part));
      st.bind_all(params);
      while (st.step()) {
        const std::string_view at = st.text_view(0);
        if (at.size() < 16) continue;  // not a stored date-time (as Volume::count)
        volume.count_groups(created, st.text_view(1), st.is_null(2) ? std::string_view() : st.text_view(2),
                            st.is_null(3) ? std::string_view() : st.text_view(3), 1);
        if (at < kept_from || at >= kept_to) volume.count_day(created, at);
      }
      st.reset();
    }
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

// Each section's CPU time of this thread (ReportOptions::section_cpu_us), when asked for.
class SectionClock {
 public:
  explicit SectionClock(std::vector<std::pair<std::string, int64_t>>* out) : out_(out), last_(out ? now_us() : 0) {}
  void lap(const char* name) {
    if (!out_) return;
    const int64_t t = now_us();
    out_->emplace_back(name, t - last_);
    last_ = t;
  }

 private:
  static int64_t now_us() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return int64_t{ts.tv_sec} * 1'000'000 + ts.tv_nsec / 1000;
  }
  std::vector<std::pair<std::string, int64_t>>* out_;
  int64_t last_;
};

}  // namespace

json::object support_report(db::Connection& c, const access::Context& ctx, const Query& q, int64_t now_ms, const ReportOptions& options) {
  SectionClock section(options.section_cpu_us);
  Policies policies;
  for (auto& p : sla_store::policies(c, ctx.workspace_id)) policies.emplace(p.id, std::move(p));
  json::object out{{"from", clock::format_ms(q.from)},
                   {"to", clock::format_ms(q.to)},
                   {"as_of", clock::format_ms(now_ms)},
                   {"filters", json::object{{"team_id", text_or_null(q.team_id)},
                                            {"assignee_id", text_or_null(q.assignee_id)},
                                            {"channel", text_or_null(q.channel)},
                                            {"priority", text_or_null(q.priority)}}},
                   {"time_zone", q.zone ? q.zone->id() : std::string("UTC")},
                   {"percentile", "nearest-rank"}};
  section.lap("policies");
  const bool kept_volume_counts = options.kept && kpi::may_use_kept(ctx, q, false);
  SlaTally tally;
  out["first_response"] = durations(c, ctx, q, "first_response", tally);
  section.lap("first_response");
  out["next_response"] = next_responses(c, ctx, q, tally);
  section.lap("next_response");
  Volume volume(q);
  out["resolution"] = durations(c, ctx, q, "resolution", tally, kept_volume_counts ? nullptr : &volume);
  section.lap(kept_volume_counts ? "resolution" : "resolution (with the volume's solved tickets)");
  out["backlog"] = backlog(c, ctx, q, now_ms);
  section.lap("backlog");
  out["sla"] = sla(c, ctx, q, now_ms, policies, options.kept, tally);
  section.lap("sla");
  if (kept_volume_counts) kept_volume(c, ctx, q, volume);
  else count_created(c, ctx, q, volume);
  out["volume"] = volume.finish(c, ctx.workspace_id);
  section.lap(kept_volume_counts ? "volume (kept)" : "volume (created pass)");
  out["satisfaction"] = satisfaction(c, ctx, q);
  section.lap("satisfaction");
  return out;
}

}  // namespace rapport::support
