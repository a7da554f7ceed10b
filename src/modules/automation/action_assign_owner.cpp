// assign_owner: {"user_id"} gives the record to that user; {"team_id", "mode": "round_robin"} to the
// team's active members in turn (ordered by user id, starting after the one the action picked last).
// The turn is a row (automation_store.hpp take_turn) taken under a lock in its own short transaction
// before the record's write, so simultaneous runs pick different members; a run whose write then
// fails has used its turn (the next run takes the member after it).
#include "modules/automation/action_kinds.hpp"
#include "modules/automation/action_support.hpp"
#include "modules/automation/automation_store.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

std::vector<std::string> members(db::Connection& c, const std::string& workspace_id, const std::string& team_id) {
  auto& st = c.prepare(
      "SELECT m.user_id FROM team_members m JOIN users u ON u.workspace_id = m.workspace_id AND u.id = m.user_id "
      "WHERE m.workspace_id = ? AND m.team_id = ? AND u.active = 1 ORDER BY m.user_id");
  st.bind_all({workspace_id, team_id});
  std::vector<std::string> out;
  while (st.step()) out.push_back(st.text(0));
  st.reset();
  return out;
}

class AssignOwner final : public Action {
 public:
  std::string_view type() const override { return "assign_owner"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"user_id", "team_id", "mode"});
    const std::string& ws = env.author.workspace_id;
    if (params.contains("user_id") == params.contains("team_id")) {
      env.errors.push_back({env.path, "required", "takes either user_id, or team_id with mode \"round_robin\""});
      return;
    }
    if (params.contains("user_id")) {
      auto user = text_param(env, params, "user_id", 100, true);
      if (user && !active_user(env.c, ws, *user)) env.errors.push_back({env.path + ".user_id", "not_found", "is not an active user of this workspace"});
      if (params.contains("mode")) env.errors.push_back({env.path + ".mode", "unknown", "applies to team_id only"});
    } else {
      auto team = text_param(env, params, "team_id", 100, true);
      if (team && std::holds_alternative<std::nullptr_t>(env.c.scalar("SELECT id FROM teams WHERE workspace_id = ? AND id = ?", {ws, *team})))
        env.errors.push_back({env.path + ".team_id", "not_found", "is not a team of this workspace"});
      const auto* mode = params.if_contains("mode");
      if (!mode || *mode != "round_robin") env.errors.push_back({env.path + ".mode", "enum", "must be \"round_robin\""});
    }
    require_scope(env, env.spec.object, identity::Action::Update);
    require_writable(env, env.spec.object, json::object{{"owner_id", nullptr}}, env.path + ".");
    if (!env.author.can_reassign())
      env.errors.push_back({env.path, "forbidden", "the rule's author may not give records to another owner"});
  }

  Result<json::object> plan(ActionEnv& env, const json::object& params) const override {
    std::optional<std::string> pick;
    if (const auto* user = params.if_contains("user_id")) {
      pick = std::string(user->as_string());
    } else {
      // The dry run reads the turn without taking it.
      const std::string team(params.at("team_id").as_string());
      pick = env.db.read([&](db::Connection& c) {
        auto last = store::last_turn(c, env.rule.workspace_id, env.rule.id, env.index);
        return next_member(members(c, env.rule.workspace_id, team), last ? last : legacy_turn(env));
      });
    }
    if (!pick) return no_member();
    return json::object{{"changes", json::array{field_change(env.record, "owner_id", json::value(*pick))}}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override {
    std::optional<std::string> pick;
    if (const auto* user = params.if_contains("user_id")) {
      pick = std::string(user->as_string());
    } else {
      const std::string team(params.at("team_id").as_string());
      const std::string& ws = env.rule.workspace_id;
      Status st = env.db.write([&](db::Connection& c) -> Status {
        pick = next_member(members(c, ws, team), store::take_turn(c, ws, env.rule.id, env.index, legacy_turn(env)));
        if (pick) store::save_turn(c, ws, env.rule.id, env.index, *pick);
        return ok_status();
      });
      if (!st) return st.problem();
    }
    if (!pick) return no_member();
    json::object detail{{"changes", json::array{field_change(env.record, "owner_id", json::value(*pick))}}};
    return update_record(env, json::object{{"owner_id", *pick}}, std::move(detail));
  }

 private:
  static Problem no_member() { return Problem::conflict("The team has no active member to assign"); }

  // The member after `last` in user-id order, from the first again after the end; nullopt for none.
  static std::optional<std::string> next_member(const std::vector<std::string>& list, const std::optional<std::string>& last) {
    if (list.empty()) return std::nullopt;
    if (last) {
      auto next = std::upper_bound(list.begin(), list.end(), *last);
      if (next != list.end()) return *next;
    }
    return list.front();
  }

  // Where rules written before the turns' table kept their turn (the rule's state), for their first run.
  static std::optional<std::string> legacy_turn(const ActionEnv& env) {
    const auto* last = env.rule.state.if_contains("round_robin." + std::to_string(env.index));
    return last && last->is_string() ? std::optional<std::string>(std::string(last->as_string())) : std::nullopt;
  }
};

}  // namespace

const Action& assign_owner_action() {
  static const AssignOwner a;
  return a;
}

}  // namespace rapport::automation
