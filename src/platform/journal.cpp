#include "platform/journal.hpp"

#include "platform/identity/securable_objects.hpp"
#include "platform/identity/team_columns.hpp"

#include "platform/clock.hpp"
#include "platform/db/multi_row.hpp"

namespace rapport::journal {
namespace json = boost::json;

void audit(db::Connection& c, const identity::Context& ctx, const std::string& object, const std::string& id,
           const std::string& action, const json::array& changes) {
  c.prepare(
       "INSERT INTO audit_log(workspace_id, object_type, object_id, action, actor_id, request_id, at, changes) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({ctx.workspace_id, object, id, action, ctx.actor().empty() ? db::Value(nullptr) : db::Value(ctx.actor()),
                 ctx.request_id.empty() ? db::Value(nullptr) : db::Value(ctx.request_id), clock::now_text(),
                 json::serialize(changes)})
      .run();
}

namespace {

// The owner an event is stamped with (see emit).
db::Value owner_of(db::Connection& c, const identity::Context& ctx, const std::string& object, const std::string& id,
                   const json::object* record) {
  if (record) {
    if (const auto* owner = record->if_contains("owner_id"))
      return owner->is_string() ? db::Value(std::string(owner->as_string())) : db::Value(nullptr);
  }
  if (!identity::is_securable(object)) return nullptr;
  return c.scalar("SELECT owner_id FROM " + object + " WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, id});
}

// The record's value of `column` (a team's id), null when it has none.
db::Value team_value(const json::object& record, std::string_view column) {
  const auto* team = record.if_contains(column);
  return team && team->is_string() ? db::Value(std::string(team->as_string())) : db::Value(nullptr);
}

// The team an event is stamped with, for an object whose records belong to a team
// (identity::team_column: a ticket's queue), so the real-time feed can show it to that team
// (events/audience.hpp): the record's team column, else the stored row's; null for other objects.
db::Value team_of(db::Connection& c, const identity::Context& ctx, const std::string& object, const std::string& id,
                  const json::object* record) {
  const std::string_view column = identity::team_column(object);
  if (column.empty()) return nullptr;
  if (record && record->contains(column)) return team_value(*record, column);
  return c.scalar("SELECT " + std::string(column) + " FROM " + object + " WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, id});
}

// team_of for a batched event, from its payload (the record, or {"record", "changes"}): read only
// for objects with a team column, so other objects' batches pay nothing.
db::Value team_of_payload(const Event& e) {
  const std::string_view column = identity::team_column(e.object);
  if (column.empty()) return nullptr;
  boost::system::error_code ec;
  const json::value payload = json::parse(e.payload_json, ec);
  if (ec || !payload.is_object()) return nullptr;
  const json::object& o = payload.as_object();
  const auto* record = o.if_contains("record");
  return team_value(record && record->is_object() ? record->as_object() : o, column);
}

void insert_event(db::Connection& c, const identity::Context& ctx, const std::string& event_type, const std::string& object,
                  const std::string& id, const std::string& payload_json, const json::object* record) {
  c.prepare(
       "INSERT INTO outbox(workspace_id, event_type, object_type, object_id, payload, created_at, owner_id, depth, team_id) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({ctx.workspace_id, event_type, object, id, payload_json, clock::now_text(), owner_of(c, ctx, object, id, record),
                 int64_t{ctx.automation_depth}, team_of(c, ctx, object, id, record)})
      .run();
}

}  // namespace

void emit(db::Connection& c, const identity::Context& ctx, const std::string& event_type, const std::string& object,
          const std::string& id, const json::value& payload) {
  const json::object* record = nullptr;
  if (const auto* o = payload.if_object()) {
    if (o->contains("owner_id")) record = o;
    else if (const auto* r = o->if_contains("record"); r && r->is_object()) record = &r->as_object();
  }
  insert_event(c, ctx, event_type, object, id, json::serialize(payload), record);
}

void emit_text(db::Connection& c, const identity::Context& ctx, const std::string& event_type, const std::string& object,
               const std::string& id, const std::string& payload_json, const json::object* record) {
  insert_event(c, ctx, event_type, object, id, payload_json, record);
}

void audit_many(db::Connection& c, const identity::Context& ctx, const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  const db::Value actor = ctx.actor().empty() ? db::Value(nullptr) : db::Value(ctx.actor());
  const db::Value request = ctx.request_id.empty() ? db::Value(nullptr) : db::Value(ctx.request_id);
  const std::string at = clock::now_text();
  std::vector<db::Value> values;
  values.reserve(entries.size() * 8);
  for (const auto& e : entries)
    values.insert(values.end(), {ctx.workspace_id, e.object, e.id, e.action, actor, request, at, json::serialize(e.changes)});
  db::insert_rows(c, "audit_log(workspace_id, object_type, object_id, action, actor_id, request_id, at, changes)",
                  std::vector<std::string>(8, "TEXT"), values);
}

void emit_many(db::Connection& c, const identity::Context& ctx, const std::vector<Event>& events) {
  if (events.empty()) return;
  const std::string at = clock::now_text();
  std::vector<db::Value> values;
  values.reserve(events.size() * 9);
  const db::Value depth = int64_t{ctx.automation_depth};
  for (const auto& e : events)
    values.insert(values.end(), {ctx.workspace_id, e.type, e.object, e.id, e.payload_json, at, e.owner, depth,
                                 e.team ? *e.team : team_of_payload(e)});
  std::vector<std::string> types(7, "TEXT");
  types.push_back("BIGINT");
  types.push_back("TEXT");
  db::insert_rows(c, "outbox(workspace_id, event_type, object_type, object_id, payload, created_at, owner_id, depth, team_id)",
                  types, values);
}

db::Value owner_of_record(const json::object& record) {
  const auto* owner = record.if_contains("owner_id");
  return owner && owner->is_string() ? db::Value(std::string(owner->as_string())) : db::Value(nullptr);
}

db::Value team_of_record(const std::string& object, const json::object& record) {
  const std::string_view column = identity::team_column(object);
  return column.empty() ? db::Value(nullptr) : team_value(record, column);
}

json::array import_changes(const std::string& import_id, const std::string& file_name) {
  return json::array{json::object{
      {"field", "import"}, {"before", nullptr}, {"after", json::object{{"import_id", import_id}, {"file_name", file_name}}}}};
}

json::array diff(const json::object& before, const json::object& after) {
  json::array out;
  static const json::value null_value = nullptr;
  auto field_diff = [&](const json::object& b, const json::object& a, const std::string& prefix) {
    auto get = [](const json::object& o, std::string_view k) -> const json::value& {
      auto* v = o.if_contains(k);
      return v ? *v : null_value;
    };
    for (const auto& kv : a) {
      std::string k(kv.key());
      if (prefix.empty() && (k == "custom" || k == "updated_at" || k == "version")) continue;
      const json::value& bv = get(b, k);
      if (bv != kv.value()) out.push_back(json::object{{"field", prefix + k}, {"before", bv}, {"after", kv.value()}});
    }
    for (const auto& kv : b) {
      if (!a.contains(kv.key()) && !kv.value().is_null() && !(prefix.empty() && kv.key() == "custom"))
        out.push_back(json::object{{"field", prefix + std::string(kv.key())}, {"before", kv.value()}, {"after", nullptr}});
    }
  };
  field_diff(before, after, "");
  static const json::object empty;
  auto custom_of = [](const json::object& o) -> const json::object& {
    auto* c = o.if_contains("custom");
    return c && c->is_object() ? c->as_object() : empty;
  };
  field_diff(custom_of(before), custom_of(after), "custom.");
  return out;
}

}  // namespace rapport::journal
