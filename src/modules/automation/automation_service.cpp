#include "modules/automation/automation_service.hpp"

#include "modules/automation/automation_store.hpp"
#include "modules/automation/conditions.hpp"
#include "modules/automation/rule_check.hpp"
#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/matches.hpp"

namespace rapport::automation {
namespace json = boost::json;

namespace {

const Problem kNotAdmin = Problem::forbidden("Only an admin can see and change the workspace's automations");

Problem not_found(const std::string& id) { return Problem::not_found("No automation " + id + " in this workspace"); }

// The audited fields of a rule: its definition and why the server paused it.
json::object audited(const Rule& r) {
  json::object o = r.definition();
  o["paused_reason"] = r.paused_reason ? json::value(*r.paused_reason) : json::value(nullptr);
  return o;
}

void apply(Rule& r, const RuleChange& in) {
  if (in.name) r.name = *in.name;
  if (in.description) r.description = *in.description;
  if (in.enabled) r.enabled = *in.enabled;
  if (in.object_type) r.object_type = *in.object_type;
  if (in.trigger) r.trigger = *in.trigger;
  if (in.conditions) r.conditions = *in.conditions;
  if (in.actions) r.actions = *in.actions;
}

}  // namespace

Result<std::vector<Rule>> AutomationService::list(const identity::Context& ctx) {
  if (!ctx.is_admin()) return kNotAdmin;
  return deps_.db.read([&](db::Connection& c) { return store::list(c, ctx.workspace_id); });
}

Result<Rule> AutomationService::get(const identity::Context& ctx, const std::string& id) {
  if (!ctx.is_admin()) return kNotAdmin;
  auto r = deps_.db.read([&](db::Connection& c) { return store::find(c, ctx.workspace_id, id); });
  if (!r) return not_found(id);
  return std::move(*r);
}

Result<Rule> AutomationService::create(const identity::Context& ctx, const RuleChange& in) {
  if (!ctx.is_admin()) return kNotAdmin;
  if (ctx.user_id.empty()) return Problem::forbidden("An automation is created by a user, whose rights its actions may not exceed");
  Rule r;
  r.id = ids::uuid_v7();
  r.workspace_id = ctx.workspace_id;
  r.conditions = json::array{};
  apply(r, in);
  r.created_by = ctx.user_id;
  r.created_at = r.updated_at = clock::now_text();
  // The checks resolve URLs' hosts: on a reader, before the write.
  const CheckDeps deps{deps_.specs, deps_.allow, deps_.resolver};
  auto errors = deps_.db.read([&](db::Connection& c) { return check_rule(c, deps, ctx, r); });
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  Status st = deps_.db.write([&](db::Connection& c) -> Status {
    if (store::count(c, ctx.workspace_id) >= static_cast<int64_t>(kMaxRules))
      return Problem::conflict("A workspace has at most " + std::to_string(kMaxRules) + " automations");
    store::insert(c, r, ctx.user_id);
    journal::audit(c, ctx, "automations", r.id, "create", journal::diff(json::object{}, audited(r)));
    return ok_status();
  });
  if (!st) return st.problem();
  return r;
}

Result<Rule> AutomationService::update(const identity::Context& ctx, const std::string& id, const RuleChange& in,
                                       std::string_view if_match) {
  if (!ctx.is_admin()) return kNotAdmin;
  auto current = deps_.db.read([&](db::Connection& c) { return store::find(c, ctx.workspace_id, id); });
  if (!current) return not_found(id);
  Rule changed = *current;
  apply(changed, in);
  const CheckDeps deps{deps_.specs, deps_.allow, deps_.resolver};
  auto errors = deps_.db.read([&](db::Connection& c) { return check_rule(c, deps, ctx, changed); });
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  Rule after;
  Status st = deps_.db.write([&](db::Connection& c) -> Status {
    auto before = store::find(c, ctx.workspace_id, id);
    if (!before) return not_found(id);
    if (!http::if_match_allows(if_match, before->version)) return Problem::precondition_failed("The automation changed since you read it");
    after = *before;
    apply(after, in);
    after.actions = changed.actions;  // normalised by the check
    // Enabled again by a person: the server's pause is over.
    if (after.enabled && !before->enabled) after.paused_reason.reset();
    auto diff = journal::diff(audited(*before), audited(after));
    if (diff.empty()) {
      after = *before;
      return ok_status();
    }
    after.version = before->version + 1;
    after.updated_at = clock::now_text();
    store::update(c, after, true, ctx.user_id);
    const bool toggled = diff.size() == 1 && diff[0].as_object().at("field") == "enabled";
    journal::audit(c, ctx, "automations", id, toggled ? (after.enabled ? "enable" : "disable") : "update", diff);
    return ok_status();
  });
  if (!st) return st.problem();
  return after;
}

Status AutomationService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ctx.is_admin()) return kNotAdmin;
  return deps_.db.write([&](db::Connection& c) -> Status {
    auto r = store::find(c, ctx.workspace_id, id);
    if (!r) return not_found(id);
    if (!http::if_match_allows(if_match, r->version)) return Problem::precondition_failed("The automation changed since you read it");
    store::remove(c, ctx.workspace_id, id);
    journal::audit(c, ctx, "automations", id, "delete", journal::diff(audited(*r), json::object{}));
    return ok_status();
  });
}

Result<json::object> AutomationService::runs(const identity::Context& ctx, const std::string& id, const records::keyset::Query& q) {
  if (!ctx.is_admin()) return kNotAdmin;
  auto page = deps_.db.read([&](db::Connection& c) -> std::optional<json::object> {
    if (!store::find(c, ctx.workspace_id, id)) return std::nullopt;
    return store::runs_page(c, ctx.workspace_id, id, q.limit, q.after);
  });
  if (!page) return not_found(id);
  return std::move(*page);
}

Result<json::object> AutomationService::test(const identity::Context& ctx, const std::string& id, const std::string& record_id) {
  if (!ctx.is_admin()) return kNotAdmin;
  auto rule = deps_.db.read([&](db::Connection& c) { return store::find(c, ctx.workspace_id, id); });
  if (!rule) return not_found(id);
  const records::ObjectSpec* spec = spec_of(deps_.specs, rule->object_type);
  records::Service* svc = spec ? deps_.services(spec->object) : nullptr;
  if (!svc) return Problem::internal();
  identity::Context server = identity::server_context(ctx.workspace_id);
  struct Loaded {
    std::optional<json::object> record;
    json::array conditions;
    bool met = true;
  };
  Loaded l = deps_.db.read([&](db::Connection& c) -> Loaded {
    Loaded out;
    out.record = svc->store().find(c, server, record_id);
    if (!out.record) return out;
    const auto defs = records::load_custom_fields(c, ctx.workspace_id, spec->object);
    for (std::size_t i = 0; i < rule->conditions.size(); ++i) {
      const json::object& cond = rule->conditions[i].as_object();
      json::object one{{"index", i}, {"field", cond.at("field")}, {"op", cond.at("op")}};
      if (is_changed_op(cond.at("op").as_string())) {
        one["met"] = nullptr;
        one["note"] = "a \"changed\" condition looks at an event's changes: a dry run has none, so it is not evaluated";
      } else {
        auto m = records::matches(c, *spec, defs, list_filters(json::array{cond}), ctx.workspace_id, record_id);
        one["met"] = m && *m;
        if (!m) one["error"] = m.problem().detail;
        out.met = out.met && m && *m;
      }
      out.conditions.push_back(std::move(one));
    }
    return out;
  });
  if (!l.record)
    return Problem::invalid({{"record_id", "not_found", "is not a live " + spec->singular + " of this workspace"}});
  server.automation_actor = "automation:" + rule->id;
  json::array actions;
  for (std::size_t i = 0; i < rule->actions.size(); ++i) {
    const json::object& params = rule->actions[i].as_object();
    const Action* action = find_action(params.at("type").as_string());
    json::object one{{"index", i}, {"type", params.at("type")}};
    if (!action) {
      one["error"] = "unknown action";
    } else {
      ActionEnv env{.db = deps_.db, .services = deps_.services, .ctx = server, .rule = *rule, .index = i, .spec = *spec,
                    .record = *l.record, .http = nullptr, .commit = {}};
      auto plan = action->plan(env, params);
      if (plan) one["would"] = std::move(*plan);
      else one["error"] = plan.problem().detail;
    }
    actions.push_back(std::move(one));
  }
  return json::object{{"rule_id", rule->id},         {"rule_version", rule->version}, {"record_id", record_id},
                      {"conditions_met", l.met},      {"conditions", std::move(l.conditions)},
                      {"actions", std::move(actions)}, {"dry_run", true}};
}

}  // namespace rapport::automation
