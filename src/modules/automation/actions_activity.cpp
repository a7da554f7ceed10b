// The actions that add an activity linked to the rule's record: create_task and create_activity,
// written as POST /api/v1/activities would (records::insert_new: validation, hooks, the link, audit
// entry and activity.created), in one transaction with the run's step.
#include "modules/automation/action_kinds.hpp"
#include "modules/automation/action_support.hpp"
#include "platform/clock.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

constexpr int64_t kMaxDueInDays = 3650;

// Writes the activity body linked to the record and commits the step with its id.
Result<json::object> insert_activity(ActionEnv& env, json::object body) {
  records::Service* svc = env.services("activities");
  if (!svc) return Problem::internal();
  body[env.spec.singular + "_id"] = env.record.at("id");
  json::object detail;
  Status st = env.db.write([&](db::Connection& c) -> Status {
    auto rec = records::insert_new(c, env.ctx, svc->store(), body);
    if (!rec) return rec.take_problem();
    detail = json::object{{"activity_id", rec->at("id")}, {"activity", body}};
    if (env.commit) env.commit(c, detail);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return detail;
}

// {"title", optional "due_in_days" (0..3650), optional "assignee": "owner" (the record's owner, the
// default) or a user id}.
class CreateTask final : public Action {
 public:
  std::string_view type() const override { return "create_task"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"title", "due_in_days", "assignee"});
    text_param(env, params, "title", 255, true);
    if (const auto* d = params.if_contains("due_in_days"); d && !(d->is_int64() && d->as_int64() >= 0 && d->as_int64() <= kMaxDueInDays))
      env.errors.push_back({env.path + ".due_in_days", "range", "must be a whole number of days from 0 to " + std::to_string(kMaxDueInDays)});
    if (auto who = text_param(env, params, "assignee", 100, false); who && *who != "owner") {
      if (!active_user(env.c, env.author.workspace_id, *who))
        env.errors.push_back({env.path + ".assignee", "not_found", "must be \"owner\" or an active user of this workspace"});
    }
    require_scope(env, "activities", identity::Action::Create);
    if (!env.author.can_reassign())
      env.errors.push_back({env.path, "forbidden", "the rule's author may not create activities owned by another user"});
  }

  Result<json::object> plan(ActionEnv& env, const json::object& params) const override {
    json::object body = task(env, params);
    body[env.spec.singular + "_id"] = env.record.at("id");
    return json::object{{"activity", std::move(body)}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override { return insert_activity(env, task(env, params)); }

 private:
  static json::object task(const ActionEnv& env, const json::object& params) {
    json::object body{{"type", "task"}, {"subject", params.at("title")}};
    const auto* days = params.if_contains("due_in_days");
    body["due_at"] = clock::format_ms(clock::now_ms() + (days ? days->as_int64() : 0) * 86'400'000);
    const auto* who = params.if_contains("assignee");
    if (who && *who != "owner") body["owner_id"] = *who;
    else if (const auto* owner = env.record.if_contains("owner_id"); owner && owner->is_string()) body["owner_id"] = *owner;
    return body;
  }
};

// {"kind": note|call|meeting|email, "subject", optional "body"}: an activity that happened now.
class CreateActivity final : public Action {
 public:
  std::string_view type() const override { return "create_activity"; }

  void check(CheckEnv& env, json::object& params) const override {
    refuse_unknown_keys(env, params, {"kind", "subject", "body"});
    if (auto kind = text_param(env, params, "kind", 20, true); kind && *kind != "note" && *kind != "call" && *kind != "meeting" && *kind != "email")
      env.errors.push_back({env.path + ".kind", "enum", "must be note, call, meeting or email (create_task makes tasks)"});
    text_param(env, params, "subject", 255, true);
    text_param(env, params, "body", 100000, false);
    require_scope(env, "activities", identity::Action::Create);
  }

  Result<json::object> plan(ActionEnv& env, const json::object& params) const override {
    json::object body = activity(env, params);
    body[env.spec.singular + "_id"] = env.record.at("id");
    return json::object{{"activity", std::move(body)}};
  }

  Result<json::object> run(ActionEnv& env, const json::object& params) const override {
    return insert_activity(env, activity(env, params));
  }

 private:
  static json::object activity(const ActionEnv& env, const json::object& params) {
    json::object body{{"type", params.at("kind")}, {"subject", params.at("subject")}, {"occurred_at", clock::now_text()}};
    if (const auto* b = params.if_contains("body")) body["body"] = *b;
    if (const auto* owner = env.record.if_contains("owner_id"); owner && owner->is_string()) body["owner_id"] = *owner;
    return body;
  }
};

}  // namespace

const Action& create_task_action() {
  static const CreateTask a;
  return a;
}
const Action& create_activity_action() {
  static const CreateActivity a;
  return a;
}

}  // namespace rapport::automation
