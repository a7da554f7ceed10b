// assign_round_robin: {"team_id"} gives a ticket to the team's next agent by the support module's
// round robin (modules/support/assignment.hpp): the team's turn (the same one its new tickets take),
// its members who can sign in in user-id order, passing over agents marked away when the team skips
// them and agents holding the team's cap of open tickets. The pick and the ticket's write are one
// transaction, the team's setting row locked on PostgreSQL meanwhile (as the creation hook does), so
// simultaneous runs never exceed a cap. Rules on tickets only; the team must exist at save time.
// Unlike assign_owner, it sets assignee_id (who works on the ticket), not owner_id.
#include "modules/automation/action_kinds.hpp"
#include "modules/automation/action_support.hpp"
#include "modules/support/assignment.hpp"
#include "platform/records/existing_records.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

class AssignRoundRobin final : public Action {
 public:
  std::string_view type() const override { return "assign_round_robin"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"team_id"});
    if (env.spec.object != "tickets") {
      env.errors.push_back({env.path + ".type", "object", "applies to rules on tickets"});
      return;
    }
    auto team = text_param(env, params, "team_id", 100, true);
    if (team && std::holds_alternative<std::nullptr_t>(
                    env.c.scalar("SELECT id FROM teams WHERE workspace_id = ? AND id = ?", {env.author.workspace_id, *team})))
      env.errors.push_back({env.path + ".team_id", "not_found", "is not a team of this workspace"});
    require_scope(env, env.spec.object, identity::Action::Update);
    require_writable(env, env.spec.object, json::object{{"assignee_id", nullptr}}, env.path + ".");
  }

  Result<json::object> plan(ActionEnv& env, const json::object& params) const override {
    // The dry run reads the turn without taking it.
    const std::string team(params.at("team_id").as_string());
    auto pick = env.db.read([&](db::Connection& c) { return support::peek_turn(c, env.rule.workspace_id, team); });
    if (!pick) return no_agent();
    return json::object{{"changes", json::array{field_change(env.record, "assignee_id", json::value(*pick))}}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override {
    const std::string team(params.at("team_id").as_string());
    records::Service* svc = env.services(env.spec.object);
    if (!svc) return Problem::internal();
    const std::string id(env.record.at("id").as_string());
    json::object detail;
    Status st = env.db.write([&](db::Connection& c) -> Status {
      auto pick = support::take_turn(c, env.rule.workspace_id, team);
      if (!pick) return no_agent();
      detail = json::object{{"changes", json::array{field_change(env.record, "assignee_id", json::value(*pick))}}};
      auto written = records::update_existing(c, env.ctx, svc->store(), id, json::object{{"assignee_id", *pick}});
      if (!written) return written.take_problem();
      if (env.commit) env.commit(c, detail);
      return ok_status();
    });
    if (!st) return st.take_problem();
    return detail;
  }

 private:
  static Problem no_agent() { return Problem::conflict("The team has no agent to assign (none active, all away or at their cap)"); }
};

}  // namespace

const Action& assign_round_robin_action() {
  static const AssignRoundRobin a;
  return a;
}

}  // namespace rapport::automation
