#include "modules/analytics/saved_item_service.hpp"

#include "modules/analytics/dashboard_widgets.hpp"
#include "modules/analytics/definition.hpp"
#include "modules/analytics/report_schedule_service.hpp"
#include "modules/analytics/saved_item_store.hpp"
#include "modules/analytics/sharing.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/scope.hpp"
#include "platform/versioned_item.hpp"

namespace rapport::analytics {
namespace json = boost::json;

namespace {

Problem not_found(const ItemKind& kind, const std::string& id) {
  return Problem::not_found(std::string("No ") + kind.what + " " + id + " you may see in this workspace");
}

Problem not_yours(const ItemKind& kind) {
  return Problem::forbidden(std::string("Only its owner, or an admin for a shared one, can change or delete a ") + kind.what);
}

void apply(SavedItem& m, const ItemChange& in) {
  if (in.name) m.name = *in.name;
  if (in.visibility) m.sharing.visibility = *in.visibility;
  if (in.team_id) m.sharing.team_id = *in.team_id;
  if (in.visibility && *in.visibility != "team" && !in.team_id) m.sharing.team_id.clear();
  if (in.payload) m.payload = *in.payload;
}

}  // namespace

bool SavedItemService::visible(const identity::Context& ctx, const SavedItem& item, const std::vector<std::string>& teams) const {
  if (!may_see(ctx, item.sharing, teams)) return false;
  return !kind_.has_object || ctx.scope(item.object_type, identity::Action::Read) != identity::Scope::None;
}

Status SavedItemService::check_payload(db::Connection& c, const identity::Context& ctx, SavedItem& item,
                                       const std::vector<std::string>& teams) const {
  if (!kind_.has_object) {
    auto widgets = check_widgets(c, ctx, item.payload, teams, specs_);
    if (!widgets) return widgets.take_problem();
    item.payload = std::move(*widgets);
    return ok_status();
  }
  const json::object& body = item.payload.as_object();
  if (json::serialize(body).size() > kMaxDefinitionBytes)
    return Problem::invalid({{"definition", "length", "must be at most " + std::to_string(kMaxDefinitionBytes) + " bytes as JSON"}});
  auto spec = report_object(body, specs_);
  auto prefixed = [](Problem p) {
    for (auto& e : p.errors) e.field = "definition." + e.field;
    return p;
  };
  if (!spec) return prefixed(spec.take_problem());
  if (ctx.scope((*spec)->object, identity::Action::Read) == identity::Scope::None)
    return records::not_allowed(identity::Action::Read, (*spec)->singular);
  const auto custom = records::load_custom_fields(c, ctx.workspace_id, (*spec)->object);
  auto d = parse_definition(body, **spec, custom, ctx);
  if (!d) return prefixed(d.take_problem());
  item.object_type = (*spec)->object;
  item.payload = d->to_json();
  return ok_status();
}

Result<std::vector<SavedItem>> SavedItemService::list(const identity::Context& ctx) const {
  return db_.read([&](db::Connection& c) {
    const auto teams = caller_teams(c, ctx);
    std::vector<SavedItem> out;
    for (auto& m : item_store::list(c, kind_, ctx.workspace_id))
      if (visible(ctx, m, teams)) out.push_back(std::move(m));
    return out;
  });
}

Result<SavedItem> SavedItemService::get(const identity::Context& ctx, const std::string& id) const {
  if (!ids::is_uuid(id)) return not_found(kind_, id);
  return db_.read([&](db::Connection& c) -> Result<SavedItem> {
    auto m = item_store::find(c, kind_, ctx.workspace_id, id);
    if (!m || !visible(ctx, *m, caller_teams(c, ctx))) return not_found(kind_, id);
    return std::move(*m);
  });
}

Result<SavedItem> SavedItemService::create(const identity::Context& ctx, const ItemChange& in) {
  if (ctx.user_id.empty()) return Problem::forbidden(std::string("A ") + kind_.what + " belongs to a user; an API key without one has none");
  SavedItem m;
  m.kind = &kind_;
  m.id = ids::uuid_v7();
  m.workspace_id = ctx.workspace_id;
  m.sharing.owner_id = ctx.user_id;
  apply(m, in);
  m.created_by = ctx.actor();
  m.created_at = m.updated_at = clock::now_text();
  Status st = db_.write([&](db::Connection& c) -> Status {
    const auto teams = caller_teams(c, ctx);
    if (Status ok = check_sharing(c, ctx, m.sharing, teams); !ok) return ok;
    if (Status ok = check_payload(c, ctx, m, teams); !ok) return ok;
    if (item_store::count(c, kind_, ctx.workspace_id) >= static_cast<int64_t>(kind_.max_per_workspace))
      return Problem::conflict("A workspace has at most " + std::to_string(kind_.max_per_workspace) + " " + kind_.table);
    item_store::insert(c, m);
    journal::audit(c, ctx, kind_.table, m.id, "create", journal::diff(json::object{}, m.audited()));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return m;
}

Result<SavedItem> SavedItemService::update(const identity::Context& ctx, const std::string& id, const ItemChange& in,
                                           std::string_view if_match) {
  if (!ids::is_uuid(id)) return not_found(kind_, id);
  SavedItem after;
  Status st = db_.write([&](db::Connection& c) -> Status {
    const auto teams = caller_teams(c, ctx);
    auto before = item_store::find(c, kind_, ctx.workspace_id, id);
    if (!before || !visible(ctx, *before, teams)) return not_found(kind_, id);
    if (!may_change(ctx, before->sharing)) return not_yours(kind_);
    if (Status fresh = require_if_match(if_match, before->version, kind_.what); !fresh) return fresh;
    after = *before;
    apply(after, in);
    if (Status ok = check_sharing(c, ctx, after.sharing, teams); !ok) return ok;
    // The stored definition was checked when saved; it is checked again (under this caller) only when sent.
    if (in.payload)
      if (Status ok = check_payload(c, ctx, after, teams); !ok) return ok;
    save_version(c, ctx, kind_.table, *before, after, [](const SavedItem& m) { return m.audited(); },
                 [&](const SavedItem& m) { item_store::update(c, m); });
    return ok_status();
  });
  if (!st) return st.take_problem();
  return after;
}

Status SavedItemService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ids::is_uuid(id)) return not_found(kind_, id);
  return db_.write([&](db::Connection& c) -> Status {
    auto m = item_store::find(c, kind_, ctx.workspace_id, id);
    if (!m || !visible(ctx, *m, caller_teams(c, ctx))) return not_found(kind_, id);
    if (!may_change(ctx, m->sharing)) return not_yours(kind_);
    if (Status fresh = require_if_match(if_match, m->version, kind_.what); !fresh) return fresh;
    if (kind_.has_object) remove_report_schedules(c, ctx.workspace_id, id);  // a saved report's: sent no more
    item_store::remove(c, kind_, ctx.workspace_id, id);
    journal::audit(c, ctx, kind_.table, id, "delete", journal::diff(m->audited(), json::object{}));
    return ok_status();
  });
}

}  // namespace rapport::analytics
