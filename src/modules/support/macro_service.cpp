#include "modules/support/macro_service.hpp"

#include "modules/support/macro_merge.hpp"
#include "modules/support/macro_store.hpp"
#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/versioned_item.hpp"
#include "platform/records/store.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

Problem not_found(const std::string& id) { return Problem::not_found("No macro " + id + " of yours in this workspace"); }

json::object audited(const Macro& m) {
  return json::object{{"name", m.name}, {"kind", m.kind}, {"body", m.body}, {"changes", m.changes},
                      {"owner_id", m.shared() ? json::value(nullptr) : json::value(m.owner_id)}};
}

// Who may own a macro of this kind: shared ones are the admins', personal ones need the right to
// change tickets (a macro is a way of changing them).
std::optional<Problem> may_hold(const identity::Context& ctx, bool shared) {
  if (shared && !ctx.is_admin()) return Problem::forbidden("Only an admin can create, change and delete shared macros");
  if (!shared && ctx.scope("tickets", identity::Action::Update) == identity::Scope::None)
    return Problem::forbidden("Your role cannot change tickets, so it has no macros");
  if (!shared && ctx.user_id.empty()) return Problem::forbidden("A personal macro belongs to a user; an API key without one has none");
  return std::nullopt;
}

void apply(Macro& m, const MacroChange& in, const identity::Context& ctx) {
  if (in.name) m.name = *in.name;
  if (in.kind) m.kind = *in.kind;
  if (in.body) m.body = *in.body;
  if (in.changes) m.changes = *in.changes;
  if (in.shared) m.owner_id = *in.shared ? std::string() : (m.shared() ? ctx.user_id : m.owner_id);
}

// What the workspace must hold for the macro: its merge fields, its assignee (a user who can sign in)
// and its team. One 422 names every failing part.
Status check_stored(db::Connection& c, const identity::Context& ctx, const std::vector<const records::ObjectSpec*>& specs, const Macro& m) {
  std::vector<FieldError> errors;
  if (!m.body.empty())
    if (Status st = check_macro_body(c, ctx.workspace_id, specs, m.body); !st)
      for (auto& e : st.take_problem().errors) errors.push_back(std::move(e));
  if (auto* a = m.changes.if_contains("assignee_id"); a && a->is_string() &&
      !records::reference_exists(c, ctx, "users", std::string(a->as_string()), records::ReferencePolicy::Active))
    errors.push_back({"changes.assignee_id", "not_found", "refers to no active user of this workspace"});
  if (auto* t = m.changes.if_contains("team_id"); t && t->is_string() &&
      std::holds_alternative<std::nullptr_t>(
          c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, std::string(t->as_string())})))
    errors.push_back({"changes.team_id", "not_found", "refers to no team of this workspace"});
  if (m.body.empty() && m.changes.empty()) errors.push_back({"body", "required", "a macro needs a body or some changes"});
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return ok_status();
}

}  // namespace

Status may_create_macros(const identity::Context& ctx) {
  if (ctx.is_admin()) return ok_status();
  if (auto refused = may_hold(ctx, false)) return std::move(*refused);
  return ok_status();
}

bool may_see(const identity::Context& ctx, const Macro& m) { return m.shared() || m.owner_id == ctx.user_id; }

bool may_change(const identity::Context& ctx, const Macro& m) { return m.shared() ? ctx.is_admin() : m.owner_id == ctx.user_id; }

json::object Macro::to_json() const {
  return json::object{{"id", id},
                      {"name", name},
                      {"kind", kind},
                      {"body", body},
                      {"changes", changes},
                      {"shared", shared()},
                      {"owner_id", shared() ? json::value(nullptr) : json::value(owner_id)},
                      {"version", version},
                      {"created_by", created_by},
                      {"created_at", created_at},
                      {"updated_at", updated_at}};
}

Result<std::vector<Macro>> MacroService::list(const identity::Context& ctx) {
  return db_.read([&](db::Connection& c) { return macro_store::list_visible(c, ctx.workspace_id, ctx.user_id); });
}

Result<Macro> MacroService::get(const identity::Context& ctx, const std::string& id) {
  if (!ids::is_uuid(id)) return not_found(id);
  auto m = db_.read([&](db::Connection& c) { return macro_store::find(c, ctx.workspace_id, id); });
  if (!m || !may_see(ctx, *m)) return not_found(id);
  return std::move(*m);
}

Result<Macro> MacroService::create(const identity::Context& ctx, const MacroChange& in) {
  if (auto refused = may_hold(ctx, in.shared.value_or(false))) return std::move(*refused);
  Macro m;
  m.id = ids::uuid_v7();
  m.workspace_id = ctx.workspace_id;
  m.owner_id = in.shared.value_or(false) ? std::string() : ctx.user_id;
  apply(m, in, ctx);
  m.created_by = ctx.actor();
  m.created_at = m.updated_at = clock::now_text();
  Status st = db_.write([&](db::Connection& c) -> Status {
    if (Status ok = check_stored(c, ctx, specs_, m); !ok) return ok;
    if (macro_store::count(c, ctx.workspace_id) >= static_cast<int64_t>(kMaxMacros))
      return Problem::conflict("A workspace has at most " + std::to_string(kMaxMacros) + " macros");
    macro_store::insert(c, m);
    journal::audit(c, ctx, "macros", m.id, "create", journal::diff(json::object{}, audited(m)));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return m;
}

Result<Macro> MacroService::update(const identity::Context& ctx, const std::string& id, const MacroChange& in,
                                   std::string_view if_match) {
  if (!ids::is_uuid(id)) return not_found(id);
  Macro after;
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto before = macro_store::find(c, ctx.workspace_id, id);
    if (!before || !may_see(ctx, *before)) return not_found(id);
    if (!may_change(ctx, *before)) return Problem::forbidden("Only an admin can create, change and delete shared macros");
    // Sharing a personal macro makes it the admins'; taking a shared one back makes it the caller's.
    if (in.shared && *in.shared != before->shared())
      if (auto refused = may_hold(ctx, *in.shared)) return std::move(*refused);
    if (Status fresh = require_if_match(if_match, before->version, "macro"); !fresh) return fresh;
    after = *before;
    apply(after, in, ctx);
    if (Status ok = check_stored(c, ctx, specs_, after); !ok) return ok;
    save_version(c, ctx, "macros", *before, after, audited, [&](const Macro& m) { macro_store::update(c, m); });
    return ok_status();
  });
  if (!st) return st.take_problem();
  return after;
}

Status MacroService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ids::is_uuid(id)) return not_found(id);
  return db_.write([&](db::Connection& c) -> Status {
    auto m = macro_store::find(c, ctx.workspace_id, id);
    if (!m || !may_see(ctx, *m)) return not_found(id);
    if (!may_change(ctx, *m)) return Problem::forbidden("Only an admin can create, change and delete shared macros");
    if (Status fresh = require_if_match(if_match, m->version, "macro"); !fresh) return fresh;
    macro_store::remove(c, ctx.workspace_id, id);
    journal::audit(c, ctx, "macros", id, "delete", journal::diff(audited(*m), json::object{}));
    return ok_status();
  });
}

}  // namespace rapport::support
