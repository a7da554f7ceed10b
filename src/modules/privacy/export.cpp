#include "modules/activities/activities.hpp"
#include "modules/customers/specs.hpp"
#include "modules/imports/forget_person.hpp"
#include "modules/privacy/consents.hpp"
#include "modules/privacy/privacy.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/store.hpp"

namespace rapport::privacy {
namespace json = boost::json;

namespace {

json::value text_or_null(const db::Statement& st, int col) {
  return st.is_null(col) ? json::value(nullptr) : json::value(st.text(col));
}

// The contact's activities that the caller may read (the read scope on activities), without the
// caller's hidden fields: the same rules as GET /api/v1/activities/{id}.
json::array activities_of(db::Connection& c, const access::Context& ctx, const std::string& id) {
  static const records::Store store(activities::activity_spec());
  std::string sql = "SELECT " + store.columns_sql("a.") +
                    " FROM activity_links l JOIN activities a ON a.id = l.activity_id WHERE l.workspace_id = ? AND "
                    "l.target_type = 'contacts' AND l.target_id = ? AND a.erased_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id, id};
  records::append_scope(sql, params, ctx, "activities", access::Action::Read, "a.");
  auto& st = c.prepare(sql + " ORDER BY a.occurred_at, a.id");
  st.bind_all(params);
  json::array out;
  while (st.step()) out.push_back(store.row_to_json(st));
  st.reset();
  for (auto& a : out) {
    activities::activity_spec().hooks.decorate(c, ctx, a.as_object());
    records::strip_hidden(ctx, "activities", a.as_object());
  }
  return out;
}

// The contact's company as its reference is shown (id, name, domain, deleted_at) when the caller may
// read it (the read scope on companies; one in the recycle bin too) and the contact's company_id is
// not hidden from them, without the caller's hidden fields; null otherwise.
json::value company_of(db::Connection& c, const access::Context& ctx, const json::object& contact) {
  static const records::Store companies(customers::company_spec());
  const auto* cid = contact.if_contains("company_id");
  if (!cid || !cid->is_string() || records::is_hidden(ctx, "contacts", "company_id")) return nullptr;
  auto company = companies.find(c, ctx, cid->as_string(), true);
  if (!company) return nullptr;
  records::strip_hidden(ctx, "companies", *company);
  json::object out;
  for (const char* k : {"id", "name", "domain", "deleted_at"})
    if (auto* v = company->if_contains(k)) out[k] = *v;
  return out;
}

// Leaves out the changes of fields hidden from the caller, as a record's history does.
void strip_hidden_changes(const access::Context& ctx, std::string_view object, json::value& changes) {
  if (!changes.is_array() || !records::hides_fields(ctx, object)) return;
  auto& arr = changes.as_array();
  for (auto it = arr.begin(); it != arr.end();) {
    auto* f = it->is_object() ? it->as_object().if_contains("field") : nullptr;
    if (f && f->is_string() && records::is_hidden(ctx, object, f->as_string())) it = arr.erase(it);
    else ++it;
  }
}

// The audit entries of the contact and of the activities the export holds (those the caller may
// read), each without the changes of fields hidden from the caller.
json::array audit_of(db::Connection& c, const access::Context& ctx, const std::string& id) {
  std::string sql =
      "SELECT id, object_type, object_id, action, actor_id, request_id, at, changes FROM audit_log WHERE workspace_id = ? "
      "AND ((object_type = 'contacts' AND object_id = ?) OR (object_type = 'activities' AND object_id IN "
      "(SELECT l.activity_id FROM activity_links l JOIN activities a ON a.id = l.activity_id WHERE l.workspace_id = ? "
      "AND l.target_type = 'contacts' AND l.target_id = ? AND a.erased_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id, id, ctx.workspace_id, id};
  records::append_scope(sql, params, ctx, "activities", access::Action::Read, "a.");
  auto& st = c.prepare(sql + "))) ORDER BY id");
  st.bind_all(params);
  json::array out;
  while (st.step()) {
    std::string object = st.text(1);
    json::value changes = json::parse(st.text(7));
    strip_hidden_changes(ctx, object, changes);
    out.push_back(json::object{{"id", st.int64(0)},
                               {"object_type", object},
                               {"object_id", st.text(2)},
                               {"action", st.text(3)},
                               {"actor_id", text_or_null(st, 4)},
                               {"request_id", text_or_null(st, 5)},
                               {"at", st.text(6)},
                               {"changes", std::move(changes)}});
  }
  st.reset();
  return out;
}

// The imports that created or updated the contact (the file each came from).
json::array imports_of(db::Connection& c, const access::Context& ctx, const std::string& id) {
  json::array out;
  for (const auto& t : imports::imports_of_contact(c, ctx.workspace_id, id))
    out.push_back(json::object{{"import_id", t.import_id}, {"file_name", t.file_name}, {"kind", t.kind},
                               {"line", t.line},            {"state", t.state},          {"created_at", t.created_at}});
  return out;
}

}  // namespace

Result<json::object> export_contact(db::Database& db, const access::Context& ctx, const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  static const records::Store contacts(customers::contact_spec());
  auto doc = db.read([&](db::Connection& c) -> Result<json::object> {
    if (!contact_held(c, ctx.workspace_id, id)) return Problem::not_found();
    // Only a contact within the caller's export scope and read scope (a contact outside them is, to
    // them, no contact); every part of it under the read rules of GET (scopes, hidden fields).
    auto contact = contacts.find(c, ctx, id, true, access::Action::Export);
    if (!contact || !contacts.in_scope(c, ctx, id, access::Action::Read)) return Problem::not_found();
    json::value company = company_of(c, ctx, *contact);
    records::strip_hidden(ctx, "contacts", *contact);
    json::object consents = consent_state(c, ctx.workspace_id, id);
    consents.erase("contact_id");
    json::object out{{"format", "rapport.contact-export"},
                     {"format_version", kExportFormatVersion},
                     {"exported_at", clock::now_text()},
                     {"workspace_id", ctx.workspace_id},
                     {"contact", std::move(*contact)},
                     {"company", std::move(company)},
                     {"activities", activities_of(c, ctx, id)},
                     {"consents", std::move(consents)},
                     {"audit_log", audit_of(c, ctx, id)},
                     {"imports", imports_of(c, ctx, id)}};
    return out;
  });
  if (!doc) return doc;
  // The export itself is audited; without that entry there is no export.
  auto st = db.write([&](db::Connection& c) -> Status {
    if (!contact_held(c, ctx.workspace_id, id)) return Problem::not_found();  // erased meanwhile
    journal::audit(c, ctx, "contacts", id, "export", json::array{});
    return ok_status();
  });
  if (!st) return st.take_problem();
  return doc;
}

}  // namespace rapport::privacy
