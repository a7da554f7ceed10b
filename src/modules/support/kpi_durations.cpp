#include "modules/support/kpi_durations.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/support/sla_store.hpp"
#include "modules/support/status_intervals.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_chunks.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

std::optional<int64_t> ms_at(const json::object& t, const char* key) {
  const auto* v = t.if_contains(key);
  return v && v->is_string() ? clock::parse_datetime(v->as_string()) : std::nullopt;
}

// The untimed tickets: the WHERE of the partial index tickets_kpi_untimed (migration 0050), spelled
// the same so that both planners read that index.
constexpr const char* kUntimed =
    "((first_response_at IS NOT NULL AND first_response_seconds IS NULL) OR (solved_at IS NOT NULL AND resolution_seconds IS NULL))";

// The policy that times a ticket (of `tickets`): the one its SLA rows name, as track_sla wrote them.
constexpr const char* kPolicyOfTicket =
    "(SELECT min(s.policy_id) FROM ticket_sla s WHERE s.ticket_id = tickets.id AND s.minutes IS NOT NULL)";

// The KPI clocks of the backfill and of the report's untimed tickets: calendars by workspace,
// policy and team, read once each, and the pauses of each ticket.
class Clocks {
 public:
  explicit Clocks(db::Connection& c) : c_(c) {}
  // The clock of a ticket timed by `policy_id` ("": none, calendar time).
  KpiClock of(const std::string& workspace_id, const std::string& ticket_id, const std::string& policy_id, const std::string& team_id) {
    if (policy_id.empty()) return {};
    auto ws = policies_.find(workspace_id);
    if (ws == policies_.end()) {
      std::map<std::string, SlaPolicy> byid;
      for (auto& p : sla_store::policies(c_, workspace_id)) byid.emplace(p.id, std::move(p));
      ws = policies_.emplace(workspace_id, std::move(byid)).first;
    }
    const auto p = ws->second.find(policy_id);
    if (p == ws->second.end()) return {};  // deleted since: calendar time
    const std::string key = workspace_id + '/' + policy_id + '/' + team_id;
    auto cal = calendars_.find(key);
    if (cal == calendars_.end()) cal = calendars_.emplace(key, sla_calendar(c_, workspace_id, p->second, team_id)).first;
    return {&cal->second, sla_pauses(p->second, status_intervals(c_, workspace_id, ticket_id))};
  }

 private:
  db::Connection& c_;
  std::map<std::string, std::map<std::string, SlaPolicy>> policies_;
  std::map<std::string, Calendar> calendars_;
};

// A number, a flag (stored 0/1, as the record engine stores a Boolean) or a text of the ticket, or null.
db::Value number_or_null(const json::object& t, const char* key) {
  const auto& v = t.at(key);
  if (v.is_bool()) return db::Value(int64_t{v.as_bool() ? 1 : 0});
  if (v.is_string()) return db::Value(std::string(v.as_string()));
  return v.is_int64() ? db::Value(v.as_int64()) : db::Value(nullptr);
}

// 1 / 0 / null: a target met by its due time / late / none or not met (as track_sla judges it), of
// the ticket_sla row `s` (the caller's WHERE picks it).
constexpr const char* kMetOfRow =
    "(SELECT CASE WHEN s.met_at IS NULL THEN NULL WHEN s.due_at IS NULL OR s.met_at <= s.due_at THEN 1 ELSE 0 END FROM ticket_sla s WHERE ";

std::string met_of(const char* target) {
  std::string sql = kMetOfRow;
  sql += "s.ticket_id = tickets.id AND s.minutes IS NOT NULL AND s.target = '";
  sql += target;
  sql += "')";
  return sql;
}

std::optional<bool> flag_of(const db::Statement& st, int col) {
  return st.is_null(col) ? std::optional<bool>() : std::optional<bool>(st.int64(col) != 0);
}
json::value text_or_null(const db::Statement& st, int col) { return st.is_null(col) ? json::value(nullptr) : json::value(st.text(col)); }

// An answered or solved ticket without durations, as the backfill reads it.
struct Untimed {
  json::object ticket;  // id, team_id, created_at, first_response_at, solved_at, policy_id, and its SLA outcome
  std::string workspace_id;
};

const std::string& untimed_columns() {
  static const std::string columns = std::string("SELECT id, workspace_id, team_id, created_at, first_response_at, solved_at, ") +
                                     kPolicyOfTicket + ", " + met_of("first_response") + ", " + met_of("resolution") + " FROM tickets ";
  return columns;
}

Untimed untimed_of(const db::Statement& st) {
  json::object t{{"id", st.text(0)},
                 {"team_id", text_or_null(st, 2)},
                 {"created_at", text_or_null(st, 3)},
                 {"first_response_at", text_or_null(st, 4)},
                 {"solved_at", text_or_null(st, 5)},
                 {"policy_id", text_or_null(st, 6)}};
  set_kpi_sla(t, st.is_null(6) ? std::nullopt : std::optional<std::string>(st.text(6)), flag_of(st, 7), flag_of(st, 8));
  return Untimed{std::move(t), st.text(1)};
}

std::string text_at(const json::object& t, const char* key) {
  return t.at(key).is_string() ? std::string(t.at(key).as_string()) : std::string();
}

// Times one ticket read by untimed_of: its durations and SLA outcome set on row.ticket.
void time_row(Clocks& clocks, Untimed& row) {
  json::object& t = row.ticket;
  time_kpi_durations(t, clocks.of(row.workspace_id, text_at(t, "id"), text_at(t, "policy_id"), text_at(t, "team_id")));
}

// Writes a timed row's durations and SLA outcome, unless the ticket was timed or its instants moved
// since it was read (a writer on another PostgreSQL connection got there first; on SQLite the
// batch's transaction holds the only writer); whether it had any.
bool store_row(db::Connection& c, const Untimed& row) {
  const json::object& t = row.ticket;
  std::vector<db::Value> params;
  for (const char* key : {"first_response_seconds", "first_response_business_seconds", "resolution_seconds", "resolution_business_seconds",
                          "sla_policy_id", "first_response_sla_met", "resolution_sla_met", "id"})
    params.push_back(number_or_null(t, key));
  for (const char* key : {"first_response_at", "solved_at"}) params.emplace_back(text_at(t, key));
  c.prepare(std::string("UPDATE tickets SET first_response_seconds = ?, first_response_business_seconds = ?, resolution_seconds = ?, "
                        "resolution_business_seconds = ?, sla_policy_id = ?, first_response_sla_met = ?, resolution_sla_met = ? "
                        "WHERE id = ? AND COALESCE(first_response_at, '') = ? AND COALESCE(solved_at, '') = ? AND ") +
            kUntimed)
      .bind_all(params)
      .run();
  return !t.at("first_response_seconds").is_null() || !t.at("resolution_seconds").is_null();
}

std::vector<db::Value> values_of(const std::vector<std::string>& ids) { return {ids.begin(), ids.end()}; }

// Calendar and business seconds from `from` to `to` (ms) on `clock` (0 when to is before from).
std::pair<int64_t, int64_t> seconds_between(const KpiClock& clock, int64_t from, int64_t to) {
  to = std::max(from, to);
  const int64_t calendar = (to - from) / 1000;
  return {calendar, clock.calendar ? business_ms_between(*clock.calendar, from, to, clock.pauses) / 1000 : calendar};
}

}  // namespace

std::vector<Pause> sla_pauses(const SlaPolicy& policy, const std::vector<StatusInterval>& intervals) {
  std::vector<Pause> pauses;
  for (const auto& i : intervals)
    if (policy.pauses(i.status) || i.status == "solved" || i.status == "closed") pauses.push_back({i.start, i.end});
  return pauses;
}

void set_kpi_sla(json::object& ticket, const std::optional<std::string>& policy_id, std::optional<bool> first_response_met,
                 std::optional<bool> resolution_met) {
  auto flag = [](std::optional<bool> b) { return b ? json::value(*b) : json::value(nullptr); };
  ticket["sla_policy_id"] = policy_id ? json::value(*policy_id) : json::value(nullptr);
  ticket["first_response_sla_met"] = flag(first_response_met);
  ticket["resolution_sla_met"] = flag(resolution_met);
}

void time_kpi_durations(json::object& ticket, const KpiClock& clock) {
  const auto created = ms_at(ticket, "created_at");
  auto put = [&](const char* end_key, const char* calendar_key, const char* business_key) {
    const auto end = ms_at(ticket, end_key);
    if (!created || !end) {
      ticket[calendar_key] = nullptr;
      ticket[business_key] = nullptr;
      return;
    }
    const auto [calendar, business] = seconds_between(clock, *created, *end);
    ticket[calendar_key] = calendar;
    ticket[business_key] = business;
  };
  put("first_response_at", "first_response_seconds", "first_response_business_seconds");
  put("solved_at", "resolution_seconds", "resolution_business_seconds");
}

std::vector<json::object> time_untimed(db::Connection& c, const std::vector<std::string>& ids) {
  std::vector<Untimed> rows;
  if (!ids.empty())
    db::rows_in_chunks(c, untimed_columns() + "WHERE id IN ", {}, values_of(ids), "", [&](const db::Statement& st) { rows.push_back(untimed_of(st)); });
  Clocks clocks(c);
  std::vector<json::object> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    time_row(clocks, row);
    out.push_back(std::move(row.ticket));
  }
  return out;
}

std::vector<NextResponse> time_next_responses(db::Connection& c, const std::vector<std::string>& ticket_ids, bool store) {
  std::vector<NextResponse> out;
  if (ticket_ids.empty()) return out;
  // The untimed next responses of these tickets, with what times them: the ticket's workspace, team
  // and policy, and the outcome of the next_response target that started at the customer's message.
  std::string head =
      "SELECT n.ticket_id, n.started_at, n.met_at, t.workspace_id, t.team_id, (SELECT min(s.policy_id) FROM ticket_sla s WHERE "
      "s.ticket_id = t.id AND s.minutes IS NOT NULL), ";
  head += kMetOfRow;
  head += "s.ticket_id = n.ticket_id AND s.target = 'next_response' AND s.started_at = n.started_at AND s.minutes IS NOT NULL), "
          "(SELECT s.policy_id FROM ticket_sla s WHERE s.ticket_id = n.ticket_id AND s.target = 'next_response' AND s.started_at = "
          "n.started_at AND s.minutes IS NOT NULL) FROM ticket_next_responses n JOIN tickets t ON t.id = n.ticket_id "
          "WHERE n.seconds IS NULL AND n.ticket_id IN ";
  struct Row {
    NextResponse n;
    std::string workspace_id, team_id, policy_id;
  };
  std::vector<Row> rows;
  db::rows_in_chunks(c, head, {}, values_of(ticket_ids), "", [&](const db::Statement& st) {
    Row r;
    r.n.ticket_id = st.text(0);
    r.n.started_at = st.text(1);
    r.n.met_at = st.text(2);
    r.workspace_id = st.text(3);
    r.team_id = st.is_null(4) ? "" : st.text(4);
    r.policy_id = st.is_null(5) ? "" : st.text(5);
    r.n.sla_met = flag_of(st, 6);
    if (r.n.sla_met && !st.is_null(7)) r.n.sla_policy_id = st.text(7);
    else r.n.sla_met.reset();
    rows.push_back(std::move(r));
  });
  Clocks clocks(c);
  std::map<std::string, KpiClock> by_ticket;  // a ticket's clock, its pauses read once
  for (auto& r : rows) {
    const auto from = clock::parse_datetime(r.n.started_at), to = clock::parse_datetime(r.n.met_at);
    if (!from || !to) continue;  // not stored date-times: left untimed
    auto k = by_ticket.find(r.n.ticket_id);
    if (k == by_ticket.end()) k = by_ticket.emplace(r.n.ticket_id, clocks.of(r.workspace_id, r.n.ticket_id, r.policy_id, r.team_id)).first;
    std::tie(r.n.seconds, r.n.business_seconds) = seconds_between(k->second, *from, *to);
    if (store)
      c.prepare("UPDATE ticket_next_responses SET seconds = ?, business_seconds = ?, sla_policy_id = ?, sla_met = ? WHERE ticket_id = ? "
                "AND started_at = ? AND seconds IS NULL")
          .bind_all({r.n.seconds, r.n.business_seconds, r.n.sla_policy_id ? db::Value(*r.n.sla_policy_id) : db::Value(nullptr),
                     r.n.sla_met ? db::Value(int64_t{*r.n.sla_met ? 1 : 0}) : db::Value(nullptr), r.n.ticket_id, r.n.started_at})
          .run();
    out.push_back(std::move(r.n));
  }
  return out;
}

bool fill_kpi_durations_batch(db::Connection& c, KpiBackfill& walk) {
  // The calendars as they are now (an admin may change one between two batches).
  Clocks clocks(c);
  if (!walk.tickets_done) {
    std::vector<Untimed> rows;
    auto& st = c.prepare(untimed_columns() + "WHERE " + kUntimed + " AND id > ? ORDER BY id LIMIT ?");
    st.bind_all({walk.after_id, int64_t{kKpiBackfillBatch}});
    while (st.step()) rows.push_back(untimed_of(st));
    st.reset();
    for (auto& row : rows) {
      time_row(clocks, row);
      if (store_row(c, row)) ++walk.filled;
      walk.after_id = std::string(row.ticket.at("id").as_string());  // one whose creation does not read stays untimed: passed
    }
    ++walk.transactions;
    if (rows.size() == static_cast<std::size_t>(kKpiBackfillBatch)) return true;
    walk.tickets_done = true;
    walk.after_id.clear();
    return true;
  }
  // Then the next responses (migration 0057 kept the latest of each ticket), by ticket.
  std::vector<std::string> ids;
  auto& st = c.prepare("SELECT DISTINCT ticket_id FROM ticket_next_responses WHERE seconds IS NULL AND ticket_id > ? ORDER BY ticket_id LIMIT ?");
  st.bind_all({walk.after_id, int64_t{kKpiBackfillBatch}});
  while (st.step()) ids.push_back(st.text(0));
  st.reset();
  walk.next_responses += static_cast<int64_t>(time_next_responses(c, ids, true).size());
  if (!ids.empty()) walk.after_id = ids.back();
  ++walk.transactions;
  return ids.size() == static_cast<std::size_t>(kKpiBackfillBatch);
}

bool has_untimed(db::Connection& c) {
  auto& st = c.prepare(std::string("SELECT 1 FROM tickets WHERE ") + kUntimed +
                       " UNION ALL SELECT 1 FROM ticket_next_responses WHERE seconds IS NULL LIMIT 1");
  const bool any = st.step();
  st.reset();
  return any;
}

}  // namespace rapport::support
