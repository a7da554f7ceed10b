#include "modules/privacy/routes.hpp"

#include "modules/privacy/consents.hpp"
#include "modules/privacy/privacy.hpp"

namespace rapport::privacy {
namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

// Exports follow the role's "export" grant on contacts (and its scope); erasure is irreversible and
// stays with admins.
const Problem kExportNotAllowed = Problem::forbidden("Your role does not allow exporting contacts");
const Problem kEraseAdminOnly = Problem::forbidden("Only an admin can erase a contact");
constexpr std::size_t kMaxReason = 500;

}  // namespace

void add_routes(http::Api& api, db::Database& db) {
  api.route("GET", "/api/v1/contacts/{id}/export",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (ctx.scope("contacts", access::Action::Export) == access::Scope::None) return http::fail(kExportNotAllowed, req);
              const std::string id = req.param("id");
              auto r = export_contact(db, ctx, id);
              if (!r) return http::fail(r.problem(), req);
              Response res = http::json(200, *r);
              res.header("Content-Disposition", "attachment; filename=\"contact-" + id + ".json\"");
              res.header("Cache-Control", "no-store");
              return res;
            },
            {.summary = "Export everything held about a contact (GDPR access and portability); needs the export grant on contacts",
             .description = "The contact with its custom fields, its company reference, its activities (deleted ones "
                            "included), its consents, the imports that created or updated it and the audit entries of the contact and its activities, as a "
                            "JSON download. The export is itself recorded in the audit log (action \"export\"). The "
                            "role's export grant on contacts decides who may (403 without one); a contact outside its "
                            "export or read scope, or erased, is 404. Every part follows the read rules of GET: hidden "
                            "fields are left out (also from the audit entries' changes), the company is null when the "
                            "caller may not read it, and activities outside the caller's read scope are left out.",
             .tag = "Privacy",
             .response_schema = "ContactExport",
             .restricted = true});

  api.route("POST", "/api/v1/contacts/{id}/erase",
            [&db](Request& req, const access::Context& ctx) -> Response {
              if (!ctx.is_admin()) return http::fail(kEraseAdminOnly, req);
              std::string reason;
              if (!req.body().empty()) {
                auto body = http::parse_json_object(req);
                if (!body) return http::fail(body.problem(), req);
                std::vector<FieldError> errors;
                for (const auto& kv : *body) {
                  if (kv.key() != "reason") {
                    errors.push_back({std::string(kv.key()), "unknown", "is not accepted; only reason is"});
                  } else if (!kv.value().is_null()) {
                    if (!kv.value().is_string()) errors.push_back({"reason", "type", "must be a string or null"});
                    else if (kv.value().as_string().size() > kMaxReason) errors.push_back({"reason", "length", "has at most 500 characters"});
                    else reason = kv.value().as_string();
                  }
                }
                if (!errors.empty()) return http::fail(Problem::invalid(std::move(errors)), req);
              }
              auto r = erase_contact(db, ctx, req.param("id"), reason);
              if (!r) return http::fail(r.problem(), req);
              return http::json(200, *r);
            },
            {.summary = "Erase a contact's personal data for good (GDPR erasure); admins only",
             .description = "In one transaction: the contact's personal fields are cleared and it becomes a tombstone "
                            "(out of every list, the recycle bin and restore); activities about this person only are "
                            "erased, shared ones lose the link and the person's addresses; audit entries, outbox "
                            "payloads and stored Idempotency-Key answers are scrubbed; saved views (any owner's) lose "
                            "the filter conditions whose value is one of the person's e-mail addresses, phone numbers or "
                            "names (views_changed counts them), and so do saved reports' definitions (reports_changed); the contact's rows in imports go and every stored import "
                            "file holding the person is dropped whole (imports_scrubbed counts the imports; 409, nothing "
                            "changed, while such an import is queued or running); consent notes are cleared and "
                            "the person's emails go on the suppression list. Answers the tombstone. The optional body "
                            "{\"reason\"} is an operator's note and must not contain personal data.",
             .tag = "Privacy",
             .request_schema = "ErasureInput",
             .response_schema = "Erasure",
             .restricted = true});

  api.route("GET", "/api/v1/contacts/{id}/consents",
            [&db](Request& req, const access::Context& ctx) -> Response {
              auto r = read_consents(db, ctx, req.param("id"));
              if (!r) return http::fail(r.problem(), req);
              return http::json(200, *r);
            },
            {.summary = "A contact's consents: the current state per channel and the history, newest first",
             .tag = "Privacy",
             .response_schema = "ConsentState"});

  api.route("POST", "/api/v1/contacts/{id}/consents",
            [&db](Request& req, const access::Context& ctx) -> Response {
              // No body at all: every field is missing (422), or the contact is not there (404).
              Result<json::object> body = json::object{};
              if (!req.body().empty()) body = http::parse_json_object(req);
              if (!body) return http::fail(body.problem(), req);
              const std::string id = req.param("id");
              auto r = record_consent(db, ctx, id, *body);
              if (!r) return http::fail(r.problem(), req);
              Response res = http::json(201, *r);
              res.header("Location", "/api/v1/contacts/" + id + "/consents");
              return res;
            },
            {.summary = "Record that a contact granted or withdrew consent on a channel (the history is append-only)",
             .tag = "Privacy",
             .request_schema = "ConsentInput",
             .response_schema = "Consent",
             .success_status = 201,
             .sends_location = true});
}

}  // namespace rapport::privacy
