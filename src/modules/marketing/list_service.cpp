#include "modules/marketing/list_service.hpp"

#include <set>

#include "modules/marketing/audience_access.hpp"
#include "modules/marketing/audience_writes.hpp"
#include "modules/marketing/list_store.hpp"
#include "modules/marketing/members_page.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_list.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/scope.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

// Of `ids`, the live contacts of the workspace the caller may read.
std::set<std::string> readable_contacts(db::Connection& c, const identity::Context& ctx, const std::vector<std::string>& ids) {
  std::string sql = "SELECT id FROM contacts WHERE workspace_id = ? AND deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id};
  records::append_scope(sql, params, ctx, "contacts", identity::Action::Read);
  sql += " AND id IN ";
  db::append_in_list(sql, params, std::vector<db::Value>(ids.begin(), ids.end()));
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::set<std::string> out;
  while (st.step()) out.insert(st.text(0));
  return out;
}

json::array member_ids(const std::vector<std::string>& ids) { return json::array(ids.begin(), ids.end()); }

// A list has nothing to check beyond its name.
Status no_check(db::Connection&, const StaticList&) { return ok_status(); }

const AudienceTable<StaticList>& lists_table() {
  static const AudienceTable<StaticList> table{
      "lists",           "list",         kMaxLists, list_store::find, list_store::list, list_store::count,
      list_store::same_name, list_store::insert, list_store::update, list_store::remove};
  return table;
}

}  // namespace

Result<std::vector<StaticList>> ListService::list(const identity::Context& ctx) { return list_audiences(db_, ctx, lists_table()); }

Result<StaticList> ListService::get(const identity::Context& ctx, const std::string& id) { return get_audience(db_, ctx, lists_table(), id); }

Result<StaticList> ListService::create(const identity::Context& ctx, const ListChange& in) {
  if (!manages_audiences(ctx)) return cannot_manage();
  StaticList l;
  l.name = in.name.value_or("");
  l.description = in.description.value_or(std::nullopt);
  return create_audience<StaticList>(db_, ctx, lists_table(), std::move(l), no_check);
}

Result<StaticList> ListService::update(const identity::Context& ctx, const std::string& id, const ListChange& in, std::string_view if_match) {
  if (!manages_audiences(ctx)) return cannot_manage();
  return change_audience<StaticList>(
      db_, ctx, lists_table(), id, if_match,
      [&](StaticList& l) {
        if (in.name) l.name = *in.name;
        if (in.description) l.description = *in.description;
      },
      no_check);
}

Status ListService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!manages_audiences(ctx)) return cannot_manage();
  return remove_audience(db_, ctx, lists_table(), id, if_match);
}

Result<std::string> ListService::members(const identity::Context& ctx, const std::string& id,
                                         const std::vector<std::pair<std::string, std::string>>& query) {
  if (!reads_audiences(ctx)) return cannot_read();
  if (!ids::is_uuid(id)) return Problem::not_found();
  auto params = read_page_params(query);
  if (!params) return params.take_problem();
  return db_.read([&](db::Connection& c) -> Result<std::string> {
    if (!list_store::find(c, ctx.workspace_id, id)) return Problem::not_found();
    return members_page(c, ctx, contacts_, list_store::member_condition(ctx.workspace_id, id), *params);
  });
}

Result<MemberChange> ListService::add_members(const identity::Context& ctx, const std::string& id, const std::vector<std::string>& contact_ids) {
  if (!manages_audiences(ctx)) return cannot_manage();
  if (!ids::is_uuid(id)) return Problem::not_found();
  MemberChange out;
  auto st = db_.write([&](db::Connection& c) -> Status {
    if (!list_store::find(c, ctx.workspace_id, id)) return Problem::not_found();
    const auto readable = readable_contacts(c, ctx, contact_ids);
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < contact_ids.size(); ++i)
      if (!readable.count(contact_ids[i])) {
        std::string at = "contact_ids.";
        at += std::to_string(i);
        errors.push_back({at, "not_found", "names no contact of the workspace you may read"});
      }
    if (!errors.empty()) return Problem::invalid(std::move(errors), "Some contacts cannot be added");
    const auto present = list_store::members_among(c, ctx.workspace_id, id, contact_ids);
    const std::set<std::string> already(present.begin(), present.end());
    std::vector<std::string> added;
    for (const auto& cid : contact_ids)
      if (!already.count(cid)) added.push_back(cid);
    out = {static_cast<int64_t>(added.size()), static_cast<int64_t>(present.size())};
    if (added.empty()) return ok_status();
    list_store::add_members(c, ctx.workspace_id, id, added, ctx.user_id, clock::now_text());
    journal::audit(c, ctx, "lists", id, "members_added", json::array{json::object{{"field", "members"}, {"added", member_ids(added)}}});
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

Result<MemberChange> ListService::remove_members(const identity::Context& ctx, const std::string& id,
                                                 const std::vector<std::string>& contact_ids) {
  if (!manages_audiences(ctx)) return cannot_manage();
  if (!ids::is_uuid(id)) return Problem::not_found();
  MemberChange out;
  auto st = db_.write([&](db::Connection& c) -> Status {
    if (!list_store::find(c, ctx.workspace_id, id)) return Problem::not_found();
    // A member the caller may not read stays (and is counted unchanged, as a non-member would be).
    const auto readable = readable_contacts(c, ctx, contact_ids);
    std::vector<std::string> present;
    for (auto& cid : list_store::members_among(c, ctx.workspace_id, id, contact_ids))
      if (readable.count(cid)) present.push_back(std::move(cid));
    out = {static_cast<int64_t>(present.size()), static_cast<int64_t>(contact_ids.size() - present.size())};
    if (present.empty()) return ok_status();
    list_store::remove_members(c, ctx.workspace_id, id, present);
    journal::audit(c, ctx, "lists", id, "members_removed", json::array{json::object{{"field", "members"}, {"removed", member_ids(present)}}});
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

}  // namespace rapport::marketing
