#include "modules/support/kpi_durations.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/support/sla_store.hpp"
#include "modules/support/ticket_sla.hpp"
#include "platform/clock.hpp"

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

// The calendars of the backfill, by workspace, policy and team.
class Calendars {
 public:
  explicit Calendars(db::Connection& c) : c_(c) {}
  // The business calendar of a ticket timed by `policy_id` ("": none): nullptr for calendar time.
  const Calendar* of(const std::string& workspace_id, const std::string& policy_id, const std::string& team_id) {
    if (policy_id.empty()) return nullptr;
    auto ws = policies_.find(workspace_id);
    if (ws == policies_.end()) {
      std::map<std::string, SlaPolicy> byid;
      for (auto& p : sla_store::policies(c_, workspace_id)) byid.emplace(p.id, std::move(p));
      ws = policies_.emplace(workspace_id, std::move(byid)).first;
    }
    const auto p = ws->second.find(policy_id);
    if (p == ws->second.end() || p->second.calendar_time) return nullptr;  // deleted since, or calendar time
    const std::string key = workspace_id + '/' + policy_id + '/' + team_id;
    auto cal = calendars_.find(key);
    if (cal == calendars_.end()) cal = calendars_.emplace(key, sla_calendar(c_, workspace_id, p->second, team_id)).first;
    return &cal->second;
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

// 1 / 0 / null: the ticket's `target` met by its due time / late / none or not met (as track_sla judges it).
std::string met_of(const char* target) {
  std::string sql = "(SELECT CASE WHEN s.met_at IS NULL THEN NULL WHEN s.due_at IS NULL OR s.met_at <= s.due_at THEN 1 ELSE 0 END "
                    "FROM ticket_sla s WHERE s.ticket_id = tickets.id AND s.minutes IS NOT NULL AND s.target = '";
  sql += target;
  sql += "')";
  return sql;
}

}  // namespace

void set_kpi_sla(json::object& ticket, const std::optional<std::string>& policy_id, std::optional<bool> first_response_met,
                 std::optional<bool> resolution_met) {
  auto flag = [](std::optional<bool> b) { return b ? json::value(*b) : json::value(nullptr); };
  ticket["sla_policy_id"] = policy_id ? json::value(*policy_id) : json::value(nullptr);
  ticket["first_response_sla_met"] = flag(first_response_met);
  ticket["resolution_sla_met"] = flag(resolution_met);
}

void time_kpi_durations(json::object& ticket, const Calendar* business) {
  const auto created = ms_at(ticket, "created_at");
  auto put = [&](const char* end_key, const char* calendar_key, const char* business_key) {
    const auto end = ms_at(ticket, end_key);
    if (!created || !end) {
      ticket[calendar_key] = nullptr;
      ticket[business_key] = nullptr;
      return;
    }
    const int64_t to = std::max(*created, *end);
    const int64_t calendar = (to - *created) / 1000;
    ticket[calendar_key] = calendar;
    ticket[business_key] = business ? business_ms_between(*business, *created, to) / 1000 : calendar;
  };
  put("first_response_at", "first_response_seconds", "first_response_business_seconds");
  put("solved_at", "resolution_seconds", "resolution_business_seconds");
}

namespace {

// An answered or solved ticket without durations, as the backfill reads it.
struct Untimed {
  json::object ticket;  // id, team_id, created_at, first_response_at, solved_at, policy_id, and its SLA outcome
  std::string workspace_id;
};

// The next kKpiBackfillBatch untimed tickets after `after_id`, by id.
std::vector<Untimed> read_untimed(db::Connection& c, const std::string& after_id) {
  // The policy that times the ticket: the one its SLA rows name (as track_sla wrote them); each
  // target's outcome as the report judged it from them.
  auto& st = c.prepare(std::string("SELECT id, workspace_id, team_id, created_at, first_response_at, solved_at, "
                                   "(SELECT min(s.policy_id) FROM ticket_sla s WHERE s.ticket_id = tickets.id AND s.minutes IS NOT "
                                   "NULL), ") +
                       met_of("first_response") + ", " + met_of("resolution") + " FROM tickets WHERE " + kUntimed +
                       " AND id > ? ORDER BY id LIMIT ?");
  st.bind_all({after_id, int64_t{kKpiBackfillBatch}});
  std::vector<Untimed> rows;
  auto text = [&](int col) { return st.is_null(col) ? json::value(nullptr) : json::value(st.text(col)); };
  auto flag = [&](int col) { return st.is_null(col) ? std::optional<bool>() : std::optional<bool>(st.int64(col) != 0); };
  while (st.step()) {
    json::object t{{"id", st.text(0)},           {"team_id", text(2)},   {"created_at", text(3)},
                   {"first_response_at", text(4)}, {"solved_at", text(5)}, {"policy_id", text(6)}};
    set_kpi_sla(t, st.is_null(6) ? std::nullopt : std::optional<std::string>(st.text(6)), flag(7), flag(8));
    rows.push_back(Untimed{std::move(t), st.text(1)});
  }
  st.reset();
  return rows;
}

// Times one untimed ticket and writes its durations and SLA outcome; whether it had any.
bool time_untimed(db::Connection& c, Calendars& calendars, Untimed& row) {
  json::object& t = row.ticket;
  const auto str = [&](const char* key) { return t.at(key).is_string() ? std::string(t.at(key).as_string()) : std::string(); };
  time_kpi_durations(t, calendars.of(row.workspace_id, str("policy_id"), str("team_id")));
  std::vector<db::Value> params;
  for (const char* key : {"first_response_seconds", "first_response_business_seconds", "resolution_seconds", "resolution_business_seconds",
                          "sla_policy_id", "first_response_sla_met", "resolution_sla_met", "id"})
    params.push_back(number_or_null(t, key));
  c.prepare("UPDATE tickets SET first_response_seconds = ?, first_response_business_seconds = ?, resolution_seconds = ?, "
            "resolution_business_seconds = ?, sla_policy_id = ?, first_response_sla_met = ?, resolution_sla_met = ? WHERE id = ?")
      .bind_all(params)
      .run();
  return !t.at("first_response_seconds").is_null() || !t.at("resolution_seconds").is_null();
}

}  // namespace

int64_t fill_kpi_durations_at_start(db::Connection& c) {
  const bool pg = c.dialect() == db::Dialect::Postgres;
  Calendars calendars(c);
  int64_t filled = 0;
  std::string after_id;  // a ticket whose creation does not read stays untimed: the walk moves past it
  for (;;) {
    c.exec(pg ? "BEGIN" : "BEGIN IMMEDIATE");
    std::size_t seen = 0;
    try {
      auto rows = read_untimed(c, after_id);
      seen = rows.size();
      for (auto& row : rows) {
        if (time_untimed(c, calendars, row)) ++filled;
        after_id = std::string(row.ticket.at("id").as_string());
      }
      c.exec("COMMIT");
    } catch (...) {
      try {
        c.exec("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
    if (seen < static_cast<std::size_t>(kKpiBackfillBatch)) return filled;
  }
}

}  // namespace rapport::support
