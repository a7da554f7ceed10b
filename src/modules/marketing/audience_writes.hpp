// The use cases segments and static lists share, over their table: listing and reading them (a role
// that reads contacts), creating them (at most `max` a workspace; a name unique case-insensitively,
// 409 naming the other), a change under If-Match that writes nothing when nothing changed (no new
// version or audit entry), and a delete; each write one transaction audited under the audience's
// object ("segments", "lists"). Another workspace's id is 404, as a missing one. Who may write is
// the caller's check (audience_access.hpp).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/marketing/audience_access.hpp"
#include "platform/clock.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::marketing {

template <typename T>
struct AudienceTable {
  const char* object;  // the audit entries' object
  const char* what;    // "segment", "list": messages
  std::size_t max;     // a workspace's at most
  std::function<std::optional<T>(db::Connection&, const std::string& workspace_id, const std::string& id)> find;
  std::function<std::vector<T>(db::Connection&, const std::string& workspace_id)> list;
  std::function<int64_t(db::Connection&, const std::string& workspace_id)> count;
  // The id of another of the workspace's with this name (case-insensitively).
  std::function<std::optional<std::string>(db::Connection&, const std::string& workspace_id, const std::string& name,
                                           const std::string& except_id)>
      same_name;
  std::function<void(db::Connection&, const std::string& workspace_id, const T&)> insert;
  std::function<void(db::Connection&, const std::string& workspace_id, const T&)> update;
  std::function<void(db::Connection&, const std::string& workspace_id, const std::string& id)> remove;
};

// A check of an audience about to be written (a segment's filter); ok_status() for none.
template <typename T>
using AudienceCheck = std::function<Status(db::Connection&, const T&)>;

// 409 naming the other one when the name is taken.
template <typename T>
Status check_name(db::Connection& c, const identity::Context& ctx, const AudienceTable<T>& table, const T& v) {
  if (auto other = table.same_name(c, ctx.workspace_id, v.name, v.id)) {
    FieldError e{"name", "unique", std::string("is the name of another ") + table.what};
    e.extra["existing_id"] = *other;
    return Problem::conflict(std::string("A ") + table.what + " with this name exists", {e});
  }
  return ok_status();
}

template <typename T>
Result<std::vector<T>> list_audiences(db::Database& db, const identity::Context& ctx, const AudienceTable<T>& table) {
  if (!reads_audiences(ctx)) return cannot_read();
  return db.read_statement([&](db::Connection& c) { return table.list(c, ctx.workspace_id); });
}

template <typename T>
Result<T> get_audience(db::Database& db, const identity::Context& ctx, const AudienceTable<T>& table, const std::string& id) {
  if (!reads_audiences(ctx)) return cannot_read();
  if (!ids::is_uuid(id)) return Problem::not_found();
  auto v = db.read_statement([&](db::Connection& c) { return table.find(c, ctx.workspace_id, id); });
  if (!v) return Problem::not_found();
  return std::move(*v);
}

// `v` holds what the body gave; its id, creator and times are set here.
template <typename T>
Result<T> create_audience(db::Database& db, const identity::Context& ctx, const AudienceTable<T>& table, T v,
                          const AudienceCheck<T>& check) {
  v.id = ids::uuid_v7();
  v.created_by = ctx.user_id;
  v.created_at = v.updated_at = clock::now_text();
  auto st = db.write([&](db::Connection& c) -> Status {
    if (table.count(c, ctx.workspace_id) >= static_cast<int64_t>(table.max))
      return Problem::conflict("The workspace has " + std::to_string(table.max) + " " + table.object + " already");
    if (auto st = check(c, v); !st) return st;
    if (auto st = check_name(c, ctx, table, v); !st) return st;
    table.insert(c, ctx.workspace_id, v);
    journal::audit(c, ctx, table.object, v.id, "create", journal::diff(boost::json::object{}, v.to_json()));
    return ok_status();
  });
  if (!st) return st.take_problem();
  return v;
}

// `apply` changes the stored version; `check` refuses the result (names, filters) before it is written.
template <typename T>
Result<T> change_audience(db::Database& db, const identity::Context& ctx, const AudienceTable<T>& table, const std::string& id,
                          std::string_view if_match, const std::function<void(T&)>& apply, const AudienceCheck<T>& check) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  std::optional<T> after;
  auto st = db.write([&](db::Connection& c) -> Status {
    auto before = table.find(c, ctx.workspace_id, id);
    if (!before) return Problem::not_found();
    if (!http::if_match_allows(if_match, before->version))
      return Problem::precondition_failed(std::string("The ") + table.what + " changed since you read it");
    T v = *before;
    apply(v);
    auto changes = journal::diff(before->to_json(), v.to_json());
    if (changes.empty()) {
      after = std::move(v);
      return ok_status();
    }
    if (auto st = check(c, v); !st) return st;
    if (auto st = check_name(c, ctx, table, v); !st) return st;
    v.version = before->version + 1;
    v.updated_at = clock::now_text();
    table.update(c, ctx.workspace_id, v);
    journal::audit(c, ctx, table.object, v.id, "update", std::move(changes));
    after = std::move(v);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return std::move(*after);
}

template <typename T>
Status remove_audience(db::Database& db, const identity::Context& ctx, const AudienceTable<T>& table, const std::string& id,
                       std::string_view if_match) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  return db.write([&](db::Connection& c) -> Status {
    auto v = table.find(c, ctx.workspace_id, id);
    if (!v) return Problem::not_found();
    if (!http::if_match_allows(if_match, v->version))
      return Problem::precondition_failed(std::string("The ") + table.what + " changed since you read it");
    table.remove(c, ctx.workspace_id, id);
    journal::audit(c, ctx, table.object, id, "delete", journal::diff(v->to_json(), boost::json::object{}));
    return ok_status();
  });
}

}  // namespace rapport::marketing
