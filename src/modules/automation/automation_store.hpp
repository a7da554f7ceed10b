// The SQL of automation rules, their versions and their runs (tables of migration 0023). Every
// statement names the workspace, so no call reaches another workspace's rows.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "modules/automation/rule.hpp"
#include "platform/db/connection.hpp"
#include "platform/records/keyset.hpp"

namespace rapport::automation::store {

std::optional<Rule> find(db::Connection& c, const std::string& workspace_id, const std::string& id);
// Oldest first (a workspace has at most kMaxRules).
std::vector<Rule> list(db::Connection& c, const std::string& workspace_id);
// The enabled rules of a workspace: who hears its events.
std::vector<Rule> enabled(db::Connection& c, const std::string& workspace_id);
int64_t count(db::Connection& c, const std::string& workspace_id);
// Inserts the rule and its version row (the definition as of rule.version).
void insert(db::Connection& c, const Rule& r, const std::string& author);
// Writes every changeable column (the caller bumped version and updated_at) and, when
// `new_version`, the version row of the definition.
void update(db::Connection& c, const Rule& r, bool new_version, const std::string& author);
void save_state(db::Connection& c, const Rule& r);
// Deletes the rule, its versions, its runs and its round-robin turns.
void remove(db::Connection& c, const std::string& workspace_id, const std::string& id);
// The definition of one version (nullopt when there is no such version).
std::optional<boost::json::object> version(db::Connection& c, const std::string& workspace_id, const std::string& id,
                                           int64_t version);

std::optional<Run> find_run(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                            const std::string& trigger_key);
// Inserts the run unless the rule has one for its trigger_key already; false then.
bool insert_run(db::Connection& c, const Run& r);
// Writes status, reason, steps and finished_at.
void update_run(db::Connection& c, const Run& r);
// The order runs are listed in: newest first (ids are UUIDv7: time order).
const records::keyset::Order& run_order();
// One page of the rule's runs after `after`: {"data", "next_cursor"} (keyset::page).
boost::json::object runs_page(db::Connection& c, const std::string& workspace_id, const std::string& rule_id, int limit,
                              const std::optional<records::keyset::Position>& after);
// The rule's runs on the record that did something (not skipped) since `since`.
int64_t recent_runs(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                    const std::string& record_id, const std::string& since);

// The member a round-robin action (the rule's action `index`) picked last (migration 0027). take_turn
// makes the row when there is none (starting after `initial`) and locks it until the transaction
// ends (FOR UPDATE on PostgreSQL; SQLite's single writer serialises anyway), so two runs take turns
// one after the other; last_turn only reads it (the dry run).
std::optional<std::string> take_turn(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                                     std::size_t index, const std::optional<std::string>& initial);
std::optional<std::string> last_turn(db::Connection& c, const std::string& workspace_id, const std::string& rule_id,
                                     std::size_t index);
void save_turn(db::Connection& c, const std::string& workspace_id, const std::string& rule_id, std::size_t index,
               const std::string& user_id);

// How far the date scan has looked for a date_relative rule (migration 0025): moments up to
// `watermark` are done; a scan that stopped at its bound is still in the window up to `until`,
// after the record id `cursor`.
struct ScanMark {
  std::string workspace_id, rule_id, watermark;
  std::optional<std::string> until, cursor;
};
// The marks of enabled rules, every workspace (only date_relative rules have one), oldest rule first.
std::vector<ScanMark> scan_marks(db::Connection& c);
// One enabled rule's mark, locked until the transaction ends on PostgreSQL (two scans of one rule
// take turns); nullopt when it has none or is disabled.
std::optional<ScanMark> scan_mark(db::Connection& c, const std::string& workspace_id, const std::string& id);
// Starts the rule's scan afresh from `from`; nullopt removes the mark (the rule is not date_relative).
void reset_scan(db::Connection& c, const std::string& workspace_id, const std::string& id, const std::optional<std::string>& from);
void save_scan(db::Connection& c, const ScanMark& m);

}  // namespace rapport::automation::store
