#include "modules/views/view_service.hpp"

#include "modules/views/view_check.hpp"
#include "modules/views/view_scrub.hpp"
#include "modules/views/view_store.hpp"
#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/must.hpp"
#include "platform/records/custom_fields.hpp"

namespace rapport::views {
namespace json = boost::json;

namespace {

bool reads_object(const access::Context& ctx, const std::string& object_type) {
  return ctx.scope(object_type, access::Action::Read) != access::Scope::None;
}

bool sees(const access::Context& ctx, const View& v) {
  return reads_object(ctx, v.object_type) && (v.shared() || v.owner_id == ctx.user_id);
}

bool may_change(const access::Context& ctx, const View& v) {
  return v.owner_id == ctx.user_id || (v.shared() && ctx.is_admin());
}

// Only shared views are announced: the real-time feed reaches every member of the workspace.
void announce(db::Connection& c, const access::Context& ctx, const std::string& type, const View& v) {
  journal::emit(c, ctx, type, "views", v.id, json::object{{"id", v.id}, {"object_type", v.object_type}, {"visibility", v.visibility}});
}

// The rules that read stored data: the object's fields (custom ones included), a free name, the limit.
Status check_stored(db::Connection& c, const access::Context& ctx, const records::ObjectSpec& spec, const ViewChange& in,
                    const View& v, bool name_or_visibility_changed, bool visibility_changed) {
  auto errors = check_against_object(spec, records::load_custom_fields(c, ctx.workspace_id, v.object_type), ctx, in, c.dialect());
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  if (name_or_visibility_changed)
    if (auto other = same_name(c, ctx.workspace_id, v, v.id)) {
      FieldError e{"name", "unique",
                   v.shared() ? "is the name of another shared view of " + v.object_type
                              : "is the name of another of your private views of " + v.object_type};
      e.extra["existing_id"] = *other;  // the caller sees it: a shared view, or one of their own
      return Problem::conflict("A view with this name exists", {e});
    }
  if (visibility_changed && views_in_limit(c, ctx.workspace_id, v, v.id) >= kMaxViews)
    return Problem::conflict(v.shared() ? "The workspace has " + std::to_string(kMaxViews) + " shared views of " + v.object_type + " already"
                                        : "You have " + std::to_string(kMaxViews) + " private views of " + v.object_type + " already");
  return ok_status();
}

}  // namespace

ViewService::ViewService(db::Database& db, const std::vector<const records::ObjectSpec*>& specs) : db_(db) {
  for (const auto* s : specs) specs_[s->object] = s;
}

const records::ObjectSpec& ViewService::spec_of(const std::string& object_type) const {
  auto it = specs_.find(object_type);
  if (it == specs_.end()) invariant_broken("the record spec of " + object_type + ", a securable object");
  return *it->second;
}

std::vector<View> ViewService::list(const access::Context& ctx, const std::string& object_type) {
  if (!reads_object(ctx, object_type)) return {};
  return db_.read([&](db::Connection& c) { return list_views(c, ctx.workspace_id, object_type, ctx.user_id); });
}

Result<View> ViewService::get(const access::Context& ctx, const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  auto v = db_.read_statement([&](db::Connection& c) { return load_view(c, ctx.workspace_id, id); });
  if (!v || !sees(ctx, *v)) return Problem::not_found();
  return std::move(*v);
}

Result<View> ViewService::create(const access::Context& ctx, const ViewChange& in) {
  View v;
  v.object_type = must(in.object_type, "a new view's object type");
  if (!reads_object(ctx, v.object_type)) return Problem::forbidden("Your role reads no " + v.object_type + ", so it keeps no views of them");
  const records::ObjectSpec& spec = spec_of(v.object_type);
  v.id = ids::uuid_v7();
  v.name = must(in.name, "a new view's name");
  v.visibility = in.visibility.value_or(kPrivate);
  v.owner_id = ctx.user_id;
  v.filters = in.filters.value_or(std::vector<records::Filter>{});
  v.sort = in.sort.value_or(std::nullopt);
  v.columns = in.columns.value_or(std::vector<std::string>{});
  v.created_at = v.updated_at = clock::now_text();
  auto st = db_.write([&](db::Connection& c) -> Status {
    if (auto st = check_stored(c, ctx, spec, in, v, true, true); !st) return st;
    v.position = in.position ? *in.position : next_position(c, ctx.workspace_id, v.object_type, ctx.user_id);
    insert_view(c, ctx.workspace_id, v);
    journal::audit(c, ctx, "views", v.id, "create", journal::diff(json::object{}, v.to_json()));
    if (v.shared()) announce(c, ctx, "view.created", v);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return v;
}

Result<View> ViewService::update(const access::Context& ctx, const std::string& id, const ViewChange& in, std::string_view if_match) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  std::optional<View> after;
  auto st = db_.write([&](db::Connection& c) -> Status {
    auto before = load_view(c, ctx.workspace_id, id);
    if (!before || !sees(ctx, *before)) return Problem::not_found();
    if (!may_change(ctx, *before)) return Problem::forbidden("Only the view's owner or an admin may change a shared view");
    if (!http::if_match_allows(if_match, before->version)) return Problem::precondition_failed("The view changed since you read it");
    View v = *before;
    if (in.name) v.name = *in.name;
    if (in.visibility) v.visibility = *in.visibility;
    if (in.filters) v.filters = *in.filters;
    if (in.sort) v.sort = *in.sort;
    if (in.columns) v.columns = *in.columns;
    if (in.position) v.position = *in.position;
    bool visibility_changed = v.visibility != before->visibility;
    if (auto st = check_stored(c, ctx, spec_of(v.object_type), in, v, visibility_changed || v.name != before->name, visibility_changed); !st)
      return st;
    auto changes = journal::diff(before->to_json(), v.to_json());
    if (changes.empty()) {  // the same view again: no new version, audit entry or event
      after = std::move(v);
      return ok_status();
    }
    v.version = before->version + 1;
    v.updated_at = clock::now_text();
    update_view(c, ctx.workspace_id, v);
    journal::audit(c, ctx, "views", v.id, "update", changes);
    if (before->shared() || v.shared()) announce(c, ctx, "view.updated", v);
    after = std::move(v);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return std::move(*after);
}

Status ViewService::remove(const access::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  return db_.write([&](db::Connection& c) -> Status {
    auto v = load_view(c, ctx.workspace_id, id);
    if (!v || !sees(ctx, *v)) return Problem::not_found();
    if (!may_change(ctx, *v)) return Problem::forbidden("Only the view's owner or an admin may delete a shared view");
    if (!http::if_match_allows(if_match, v->version)) return Problem::precondition_failed("The view changed since you read it");
    delete_view(c, ctx.workspace_id, v->id);
    journal::audit(c, ctx, "views", v->id, "delete", journal::diff(v->to_json(), json::object{}));
    if (v->shared()) announce(c, ctx, "view.deleted", *v);
    return ok_status();
  });
}

namespace {

// Stores a view that upkeep changed (`after`, from `before`), with its audit entry and event.
void store_upkeep(db::Connection& c, const access::Context& ctx, const View& before, View after, const std::string& action,
                  json::array changes, const std::string& now) {
  after.version = before.version + 1;
  after.updated_at = now;
  update_view(c, ctx.workspace_id, after);
  journal::audit(c, ctx, "views", after.id, action, std::move(changes));
  if (after.shared()) announce(c, ctx, "view.updated", after);
}

}  // namespace

int64_t forget_field(db::Connection& c, const access::Context& ctx, const std::string& object_type, const std::string& field) {
  const std::string now = clock::now_text();
  int64_t changed = 0;
  for (const View& before : workspace_views(c, ctx.workspace_id, object_type)) {
    View after = before;
    if (!drop_field(after, field)) continue;
    auto changes = journal::diff(before.to_json(), after.to_json());
    store_upkeep(c, ctx, before, std::move(after), "custom_field_deleted", std::move(changes), now);
    ++changed;
  }
  return changed;
}

int64_t forget_person(db::Connection& c, const access::Context& ctx, const PersonValues& person, std::string_view replacement) {
  if (person.empty()) return 0;
  const std::string now = clock::now_text();
  int64_t changed = 0;
  for (const View& before : workspace_views(c, ctx.workspace_id, "")) {
    View after = before;
    if (!drop_person_values(after.filters, person)) continue;
    std::vector<records::Filter> shown = before.filters;  // what the entry may say was there
    redact_person_values(shown, person, replacement);
    json::array changes{json::object{{"field", "filters"}, {"before", filters_json(shown)}, {"after", filters_json(after.filters)}}};
    store_upkeep(c, ctx, before, std::move(after), "erase_filter", std::move(changes), now);
    ++changed;
  }
  // The views' history, deleted views' included: what they were saved with, changed to and deleted with.
  std::vector<std::pair<int64_t, std::string>> rewritten;
  auto& st = c.prepare("SELECT id, changes FROM audit_log WHERE workspace_id = ? AND object_type = 'views'");
  st.bind_all({ctx.workspace_id});
  while (st.step()) {
    auto v = json::parse(st.text(1));
    if (v.is_array() && redact_filter_changes(v.as_array(), person, replacement)) rewritten.emplace_back(st.int64(0), json::serialize(v));
  }
  st.reset();
  for (const auto& [id, changes] : rewritten)
    c.prepare("UPDATE audit_log SET changes = ? WHERE id = ?").bind_all({changes, id}).run();
  return changed;
}

}  // namespace rapport::views
