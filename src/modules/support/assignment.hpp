// Round-robin assignment within a team (issue 15, part 3). A team's setting (team_assignment)
// turns it on, may skip agents marked away (agent_availability, set by each agent on themselves) and
// may cap the open tickets (not solved or closed) an agent holds. A new ticket with a team and no
// assignee gets the team's next eligible member (active users, in id order, after the last one
// picked) in its creating transaction. The team's setting row is locked on PostgreSQL while the pick
// is made and the ticket written (SQLite has one writer), so two tickets created at once never both
// go to an agent whose cap leaves room for one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::support {

inline constexpr int64_t kMaxOpenCap = 10'000;

struct AssignmentSettings {
  std::string team_id;
  bool round_robin = false;
  bool skip_away = true;
  std::optional<int64_t> max_open;  // open tickets per agent; none: no cap
  std::string last_user_id;         // the member picked last
  std::string updated_at;
  int64_t version = 0;  // 0: never set (the defaults)
};

// The team's setting, or its defaults (round_robin off) when none was stored.
AssignmentSettings find_assignment(db::Connection& c, const std::string& workspace_id, const std::string& team_id);
// Inserts or replaces the setting (version + 1); last_user_id is kept.
void put_assignment(db::Connection& c, const std::string& workspace_id, const AssignmentSettings& s);

// Whether the user marked themselves away; and marking it.
bool is_away(db::Connection& c, const std::string& workspace_id, const std::string& user_id);
void set_away(db::Connection& c, const std::string& workspace_id, const std::string& user_id, bool away);
// The team's members marked away, in id order (the team page shows who the round robin passes over).
std::vector<std::string> away_members(db::Connection& c, const std::string& workspace_id, const std::string& team_id);

// The member of the team the next ticket goes to, or nullopt (round robin off, or nobody eligible),
// remembered as the team's last pick. Runs in the ticket's write transaction.
std::optional<std::string> pick_assignee(db::Connection& c, const std::string& workspace_id, const std::string& team_id);

// The team's next eligible member by its round robin (away members skipped as the team says, its
// cap), whether or not the team assigns new tickets by itself: for the automation action
// assign_round_robin. take_turn remembers the pick as the team's last (the same turn the creation
// hook takes, with the same lock); peek_turn only reads it (a dry run).
std::optional<std::string> take_turn(db::Connection& c, const std::string& workspace_id, const std::string& team_id);
std::optional<std::string> peek_turn(db::Connection& c, const std::string& workspace_id, const std::string& team_id);

}  // namespace rapport::support
