#include "modules/activities/activities.hpp"
#include "modules/customers/specs.hpp"
#include "modules/privacy/consents.hpp"
#include "modules/privacy/privacy.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/store.hpp"

namespace rapport::privacy {
namespace json = boost::json;

namespace {

json::value text_or_null(const db::Statement& st, int col) {
  return st.is_null(col) ? json::value(nullptr) : json::value(st.text(col));
}

json::array activities_of(db::Connection& c, const access::Context& ctx, const std::string& id) {
  static const records::Store store(activities::activity_spec());
  auto& st = c.prepare("SELECT " + store.columns_sql("a.") +
                       " FROM activity_links l JOIN activities a ON a.id = l.activity_id WHERE l.workspace_id = ? AND "
                       "l.target_type = 'contacts' AND l.target_id = ? AND a.erased_at IS NULL ORDER BY a.occurred_at, a.id");
  st.bind_all({ctx.workspace_id, id});
  json::array out;
  while (st.step()) out.push_back(store.row_to_json(st));
  st.reset();
  for (auto& a : out) activities::activity_spec().hooks.decorate(c, ctx, a.as_object());
  return out;
}

json::array audit_of(db::Connection& c, const access::Context& ctx, const std::string& id) {
  auto& st = c.prepare(
      "SELECT id, object_type, object_id, action, actor_id, request_id, at, changes FROM audit_log WHERE workspace_id = ? "
      "AND ((object_type = 'contacts' AND object_id = ?) OR (object_type = 'activities' AND object_id IN "
      "(SELECT activity_id FROM activity_links WHERE workspace_id = ? AND target_type = 'contacts' AND target_id = ?))) "
      "ORDER BY id");
  st.bind_all({ctx.workspace_id, id, ctx.workspace_id, id});
  json::array out;
  while (st.step())
    out.push_back(json::object{{"id", st.int64(0)},
                               {"object_type", st.text(1)},
                               {"object_id", st.text(2)},
                               {"action", st.text(3)},
                               {"actor_id", text_or_null(st, 4)},
                               {"request_id", text_or_null(st, 5)},
                               {"at", st.text(6)},
                               {"changes", json::parse(st.text(7))}});
  st.reset();
  return out;
}

}  // namespace

Result<json::object> export_contact(db::Database& db, const access::Context& ctx, const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  static const records::Store contacts(customers::contact_spec());
  auto doc = db.read([&](db::Connection& c) -> Result<json::object> {
    if (!contact_held(c, ctx.workspace_id, id)) return Problem::not_found();
    // Only contacts within the caller's export scope (a contact outside it is, to them, no contact).
    auto contact = contacts.find(c, ctx, id, true, access::Action::Export);
    if (!contact) return Problem::not_found();
    json::value company = nullptr;
    if (auto& cid = contact->at("company_id"); cid.is_string()) {
      auto& st = c.prepare("SELECT id, name, domain, deleted_at FROM companies WHERE workspace_id = ? AND id = ?");
      st.bind_all({ctx.workspace_id, std::string(cid.as_string())});
      if (st.step())
        company = json::object{{"id", st.text(0)}, {"name", st.text(1)}, {"domain", text_or_null(st, 2)}, {"deleted_at", text_or_null(st, 3)}};
      st.reset();
    }
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
                     {"audit_log", audit_of(c, ctx, id)}};
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
