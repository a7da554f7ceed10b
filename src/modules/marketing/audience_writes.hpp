// The writes segments and static lists share: a change under If-Match that writes nothing when
// nothing changed (no new version or audit entry), and a delete, each one transaction audited under
// the audience's object ("segments", "lists"). Another workspace's id is 404, as a missing one.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

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
  std::function<std::optional<T>(db::Connection&, const std::string& workspace_id, const std::string& id)> find;
  std::function<void(db::Connection&, const std::string& workspace_id, const T&)> update;
  std::function<void(db::Connection&, const std::string& workspace_id, const std::string& id)> remove;
};

// `apply` changes the stored version; `check` refuses the result (names, filters) before it is written.
template <typename T>
Result<T> change_audience(db::Database& db, const identity::Context& ctx, const AudienceTable<T>& table, const std::string& id,
                          std::string_view if_match, const std::function<void(T&)>& apply,
                          const std::function<Status(db::Connection&, const T&)>& check) {
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
