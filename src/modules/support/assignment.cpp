#include "modules/support/assignment.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "platform/clock.hpp"
#include "platform/db/in_list.hpp"

namespace rapport::support {

AssignmentSettings find_assignment(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  AssignmentSettings s;
  s.team_id = team_id;
  auto& st = c.prepare(
      "SELECT round_robin, skip_away, max_open, last_user_id, updated_at, version FROM team_assignment WHERE workspace_id = ? AND "
      "team_id = ?");
  st.bind_all({workspace_id, team_id});
  if (st.step()) {
    s.round_robin = st.int64(0) != 0;
    s.skip_away = st.int64(1) != 0;
    if (!st.is_null(2)) s.max_open = st.int64(2);
    s.last_user_id = st.is_null(3) ? "" : st.text(3);
    s.updated_at = st.text(4);
    s.version = st.int64(5);
  }
  st.reset();
  return s;
}

void put_assignment(db::Connection& c, const std::string& workspace_id, const AssignmentSettings& s) {
  c.prepare(
       "INSERT INTO team_assignment(workspace_id, team_id, round_robin, skip_away, max_open, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1) "
       "ON CONFLICT(team_id) DO UPDATE SET round_robin = excluded.round_robin, skip_away = excluded.skip_away, "
       "max_open = excluded.max_open, updated_at = excluded.updated_at, version = team_assignment.version + 1")
      .bind_all({workspace_id, s.team_id, int64_t{s.round_robin}, int64_t{s.skip_away},
                 s.max_open ? db::Value(*s.max_open) : db::Value(nullptr), clock::now_text()})
      .run();
}

bool is_away(db::Connection& c, const std::string& workspace_id, const std::string& user_id) {
  auto v = c.scalar("SELECT away FROM agent_availability WHERE workspace_id = ? AND user_id = ?", {workspace_id, user_id});
  return std::holds_alternative<int64_t>(v) && std::get<int64_t>(v) != 0;
}

void set_away(db::Connection& c, const std::string& workspace_id, const std::string& user_id, bool away) {
  c.prepare(
       "INSERT INTO agent_availability(workspace_id, user_id, away, updated_at) VALUES (?, ?, ?, ?) "
       "ON CONFLICT(user_id) DO UPDATE SET away = excluded.away, updated_at = excluded.updated_at")
      .bind_all({workspace_id, user_id, int64_t{away}, clock::now_text()})
      .run();
}

std::vector<std::string> away_members(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  auto& st = c.prepare(
      "SELECT m.user_id FROM team_members m JOIN agent_availability a ON a.workspace_id = m.workspace_id AND a.user_id = m.user_id "
      "AND a.away = 1 WHERE m.workspace_id = ? AND m.team_id = ? ORDER BY m.user_id");
  st.bind_all({workspace_id, team_id});
  std::vector<std::string> ids;
  while (st.step()) ids.push_back(st.text(0));
  return ids;
}

namespace {

// The eligible member after the team's last pick (the first again after the end), under the team's
// setting (away members skipped when it says so, the cap), whether or not its round robin is on;
// nullopt when nobody is eligible. Nothing is written.
std::optional<std::string> next_member(db::Connection& c, const std::string& workspace_id, const AssignmentSettings& s) {
  // The team's members who can sign in (and are not away, when the team skips them), in id order.
  std::string sql =
      "SELECT m.user_id FROM team_members m JOIN users u ON u.id = m.user_id AND u.workspace_id = m.workspace_id AND u.active = 1 "
      "WHERE m.workspace_id = ? AND m.team_id = ?";
  if (s.skip_away)
    sql += " AND NOT EXISTS (SELECT 1 FROM agent_availability a WHERE a.workspace_id = m.workspace_id AND a.user_id = m.user_id AND "
           "a.away = 1)";
  sql += " ORDER BY m.user_id";
  std::vector<std::string> members;
  auto& st = c.prepare(sql);
  st.bind_all({workspace_id, s.team_id});
  while (st.step()) members.push_back(st.text(0));
  st.reset();
  if (members.empty()) return std::nullopt;
  if (s.max_open) {
    // Open tickets per member, read by the (workspace_id, assignee_id, status) index.
    std::map<std::string, int64_t> open;
    std::vector<db::Value> ids(members.begin(), members.end());
    std::string count_sql =
        "SELECT assignee_id, count(*) FROM tickets WHERE workspace_id = ? AND deleted_at IS NULL AND status NOT IN ('solved', "
        "'closed') AND assignee_id IN ";
    std::vector<db::Value> params{workspace_id};
    db::append_in_list(count_sql, params, ids);
    count_sql += " GROUP BY assignee_id";
    auto& counts = c.prepare(count_sql);
    counts.bind_all(params);
    while (counts.step()) open[counts.text(0)] = counts.int64(1);
    counts.reset();
    std::erase_if(members, [&](const std::string& id) { return open[id] >= *s.max_open; });
    if (members.empty()) return std::nullopt;
  }
  auto next = std::upper_bound(members.begin(), members.end(), s.last_user_id);
  return next == members.end() ? members.front() : *next;
}

// The lock that makes concurrent picks of one team take turns on PostgreSQL: held until the ticket
// commits, so the next pick counts it among the agent's open tickets.
void lock_team(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  if (c.dialect() == db::Dialect::Postgres)
    (void)c.scalar("SELECT team_id FROM team_assignment WHERE workspace_id = ? AND team_id = ? FOR UPDATE", {workspace_id, team_id});
}

// Remembers the team's last pick (a row with the default setting when the team has none yet).
void save_pick(db::Connection& c, const std::string& workspace_id, const std::string& team_id, const std::string& user_id) {
  c.prepare(
       "INSERT INTO team_assignment(workspace_id, team_id, last_user_id, updated_at, version) VALUES (?, ?, ?, ?, 1) "
       "ON CONFLICT(team_id) DO UPDATE SET last_user_id = excluded.last_user_id")
      .bind_all({workspace_id, team_id, user_id, clock::now_text()})
      .run();
}

}  // namespace

std::optional<std::string> pick_assignee(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  lock_team(c, workspace_id, team_id);
  const AssignmentSettings s = find_assignment(c, workspace_id, team_id);
  if (!s.round_robin) return std::nullopt;
  auto picked = next_member(c, workspace_id, s);
  if (picked) save_pick(c, workspace_id, team_id, *picked);
  return picked;
}

std::optional<std::string> take_turn(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  lock_team(c, workspace_id, team_id);
  auto picked = next_member(c, workspace_id, find_assignment(c, workspace_id, team_id));
  if (picked) save_pick(c, workspace_id, team_id, *picked);
  return picked;
}

std::optional<std::string> peek_turn(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  return next_member(c, workspace_id, find_assignment(c, workspace_id, team_id));
}

}  // namespace rapport::support
