#include "modules/customfields/routes.hpp"

#include "modules/views/view_service.hpp"
#include "platform/clock.hpp"
#include "platform/identity/securable_objects.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/custom_field_indexes.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/service.hpp"

namespace rapport::customfields {
namespace json = boost::json;
using http::Request;
using http::Response;
using records::CustomFieldDef;

namespace {

const Problem kAdminOnly = Problem::forbidden("Only an admin can change custom field definitions");

// Records whose value a deleted definition takes away per write transaction.
constexpr int64_t kRemovalBatch = 200;

std::optional<CustomFieldDef> find(db::Connection& c, const access::Context& ctx, const std::string& id) {
  auto obj = c.scalar("SELECT object_type FROM custom_fields WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, id});
  if (!std::holds_alternative<std::string>(obj)) return std::nullopt;
  for (auto& d : records::load_custom_fields(c, ctx.workspace_id, std::get<std::string>(obj)))
    if (d.id == id) return d;
  return std::nullopt;
}

void save(db::Connection& c, const access::Context& ctx, const CustomFieldDef& d, bool creating) {
  json::array opts;
  for (const auto& o : d.options) opts.push_back(json::value(o));
  auto opt = [](const auto& v) { return v ? db::Value(*v) : db::Value(nullptr); };
  if (creating) {
    c.prepare(
         "INSERT INTO custom_fields(id, workspace_id, object_type, name, label, type, required, is_unique, min_value, "
         "max_value, max_length, pattern, options, currency, created_at, updated_at, version) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all({d.id, ctx.workspace_id, d.object, d.name, d.label, d.type, int64_t{d.required}, int64_t{d.unique},
                   opt(d.min), opt(d.max), opt(d.max_length), d.pattern, json::serialize(opts), d.currency, d.created_at,
                   d.updated_at, d.version})
        .run();
  } else {
    c.prepare(
         "UPDATE custom_fields SET label = ?, required = ?, is_unique = ?, min_value = ?, max_value = ?, max_length = ?, "
         "pattern = ?, options = ?, currency = ?, updated_at = ?, version = ? WHERE workspace_id = ? AND id = ?")
        .bind_all({d.label, int64_t{d.required}, int64_t{d.unique}, opt(d.min), opt(d.max), opt(d.max_length), d.pattern,
                   json::serialize(opts), d.currency, d.updated_at, d.version, ctx.workspace_id, d.id})
        .run();
  }
}

// Takes the value of `d` from up to kRemovalBatch records that hold one (live or in the recycle bin),
// each as a change of that record (version, audit entry, event); returns how many held one.
Result<int64_t> remove_values(db::Connection& c, const access::Context& system, const records::Store& store,
                              const CustomFieldDef& d) {
  std::vector<std::string> holders;
  auto& q = c.prepare("SELECT id FROM " + d.object + " WHERE workspace_id = ? AND " + d.sql_present(c.dialect()) +
                      " ORDER BY id LIMIT ?");
  q.bind_all({system.workspace_id, kRemovalBatch});
  while (q.step()) holders.push_back(q.text(0));
  q.reset();
  for (const auto& id : holders) {
    auto before = store.find(c, system, id, true);
    if (!before) continue;
    json::object after = *before;
    after["custom"].as_object().erase(d.name);
    auto written = records::write_change(c, system, store, *before, std::move(after));
    if (!written) return written.take_problem();
  }
  return static_cast<int64_t>(holders.size());
}

}  // namespace

void add_routes(http::Api& api, db::Database& db, const std::vector<const records::ObjectSpec*>& specs) {
  const std::string tag = "Custom fields";
  auto stores = std::make_shared<std::map<std::string, records::Store>>();
  for (const auto* s : specs) stores->emplace(s->object, records::Store(*s));
  api.route("GET", "/api/v1/custom-fields",
            [&db](Request& req, const access::Context& ctx) -> Response {
              std::vector<std::string> objects = identity::securable_objects();
              for (const auto& [k, v] : req.query) {
                if (k != "object_type") return http::fail(Problem::bad_request("Unknown query parameter '" + k + "'"), req);
                if (std::find(objects.begin(), objects.end(), v) == objects.end())
                  return http::fail(Problem::bad_request("object_type must be one of the record types (" + identity::securable_objects_text() + ")"), req);
                objects = {v};
              }
              json::array data = db.read([&](db::Connection& c) {
                json::array out;
                for (const auto& o : objects)
                  for (const auto& d : records::load_custom_fields(c, ctx.workspace_id, o)) out.push_back(d.to_json());
                return out;
              });
              return http::json(200, json::object{{"data", std::move(data)}, {"next_cursor", nullptr}});
            },
            {.summary = "List custom field definitions (optionally of one object)", .tag = tag,
             .response_schema = "CustomFieldPage",
             .query_params = {{.name = "object_type", .description = "Only this object's definitions (default: all)",
                               .values = identity::securable_objects()}}});

  api.route("POST", "/api/v1/custom-fields",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(kAdminOnly, req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              auto def = records::parse_custom_field(*body, nullptr);
              if (!def) return http::fail(def.problem(), req);
              def->id = ids::uuid_v7();
              def->created_at = def->updated_at = clock::now_text();
              auto st = db.write([&](db::Connection& c) -> Status {
                auto taken = c.scalar("SELECT id FROM custom_fields WHERE workspace_id = ? AND object_type = ? AND name = ?",
                                      {ctx.workspace_id, def->object, def->name});
                if (auto* id = std::get_if<std::string>(&taken)) {
                  FieldError e{"name", "unique", "is already a custom field of " + def->object};
                  e.extra["existing_id"] = *id;
                  return Problem::conflict("A custom field with this name exists", {e});
                }
                save(c, ctx, *def, true);
                if (auto st = records::ensure_custom_field_indexes(c, ctx.workspace_id, *def); !st) return st;
                journal::audit(c, ctx, "custom_fields", def->id, "create", json::array{json::object{{"field", "definition"}, {"before", nullptr}, {"after", def->to_json()}}});
                journal::emit(c, ctx, "custom_field.created", "custom_fields", def->id, def->to_json());
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              Response r = http::json(201, def->to_json());
              r.header("Location", "/api/v1/custom-fields/" + def->id).header("ETag", http::etag(def->version));
              return r;
            },
            {.summary = "Define a custom field (admin)", .tag = tag, .request_schema = "CustomFieldInput",
             .response_schema = "CustomField", .success_status = 201, .sends_etag = true, .sends_location = true});

  api.route("GET", "/api/v1/custom-fields/{id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              auto d = db.read([&](db::Connection& c) { return find(c, ctx, req.param("id")); });
              if (!d) return http::fail(Problem::not_found(), req);
              Response r = http::json(200, d->to_json());
              r.header("ETag", http::etag(d->version));
              return r;
            },
            {.summary = "Read a custom field definition", .tag = tag, .response_schema = "CustomField", .sends_etag = true});

  api.route("PATCH", "/api/v1/custom-fields/{id}",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(kAdminOnly, req);
              auto body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              json::object out;
              int64_t version = 0;
              auto st = db.write([&](db::Connection& c) -> Status {
                auto cur = find(c, ctx, req.param("id"));
                if (!cur) return Problem::not_found();
                if (!http::if_match_allows(req.header("If-Match"), cur->version))
                  return Problem::precondition_failed("The definition changed since you read it");
                auto next = records::parse_custom_field(*body, &*cur);
                if (!next) return next.take_problem();
                next->version = cur->version + 1;
                next->updated_at = clock::now_text();
                save(c, ctx, *next, false);
                // A field made unique gets its unique index (409 while values are shared); one made
                // not unique loses it.
                if (auto st = records::ensure_custom_field_indexes(c, ctx.workspace_id, *next); !st) return st;
                journal::audit(c, ctx, "custom_fields", next->id, "update", json::array{json::object{{"field", "definition"}, {"before", cur->to_json()}, {"after", next->to_json()}}});
                journal::emit(c, ctx, "custom_field.updated", "custom_fields", next->id, next->to_json());
                out = next->to_json();
                version = next->version;
                return ok_status();
              });
              if (!st) return http::fail(st.problem(), req);
              Response r = http::json(200, out);
              r.header("ETag", http::etag(version));
              return r;
            },
            {.summary = "Change a custom field definition (admin)", .tag = tag, .request_schema = "CustomFieldInput",
             .response_schema = "CustomField", .conditional = true, .sends_etag = true});

  api.route("DELETE", "/api/v1/custom-fields/{id}",
            [&db, stores](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(kAdminOnly, req);
              // Every record that holds a value loses it as a change of that record (version, audit
              // entry, `*.updated` event), whatever the admin's own record scope, a batch per write
              // transaction so that no transaction grows with the table. The transaction that finds
              // less than a batch left also deletes the definition and its indexes: no value written
              // meanwhile can outlive it.
              access::Context system = ctx;
              system.grants = nullptr;
              const std::string id = req.param("id");
              bool deleted = false;
              int conflicts = 0;
              while (!deleted) {
                auto st = db.write([&](db::Connection& c) -> Status {
                  auto cur = find(c, ctx, id);
                  if (!cur) return Problem::not_found();
                  auto store = stores->find(cur->object);
                  if (store == stores->end()) return Problem::internal();
                  auto removed = remove_values(c, system, store->second, *cur);
                  if (!removed) return removed.take_problem();
                  if (*removed == kRemovalBatch) return ok_status();  // more to go
                  c.prepare("DELETE FROM custom_fields WHERE workspace_id = ? AND id = ?").bind_all({ctx.workspace_id, cur->id}).run();
                  records::drop_custom_field_indexes(c, *cur);
                  // Saved views of the object that filter, sort or show the field lose it.
                  views::forget_field(c, ctx, cur->object, "custom." + cur->name);
                  journal::audit(c, ctx, "custom_fields", cur->id, "delete", json::array{json::object{{"field", "definition"}, {"before", cur->to_json()}, {"after", nullptr}}});
                  journal::emit(c, ctx, "custom_field.deleted", "custom_fields", cur->id, cur->to_json());
                  deleted = true;
                  return ok_status();
                });
                if (st) continue;
                // A record changed by someone else between our read and our write: read again.
                const auto& slug = st.problem().type_slug;
                if ((slug == "precondition-failed" || slug == "concurrent-change") && ++conflicts < 5) continue;
                return http::fail(st.problem(), req);
              }
              return http::no_content();
            },
            {.summary = "Delete a custom field definition and its values (admin)",
             .description = "Every record holding a value loses it as a change of that record. In the transaction that "
                            "deletes the definition, the workspace's saved views of its object (any owner's) lose their "
                            "filter conditions on the field, its column, and a sort on it (which falls back to the list's "
                            "default).",
             .tag = tag, .success_status = 204});
}

}  // namespace rapport::customfields
