#include "app/openapi.hpp"

#include "app/openapi_dedupe.hpp"
#include "app/openapi_scoring.hpp"
#include "app/openapi_schema.hpp"
#include "platform/identity/securable_objects.hpp"
#include "platform/build_info.hpp"
#include "platform/money.hpp"

#include <set>

namespace rapport::app {
namespace json = boost::json;
using records::FieldType;

namespace {

json::object nullable(json::object schema) {
  // OpenAPI 3.1 follows JSON Schema: a nullable value lists "null" among its types, and an enum
  // lists null among its values too (the enum alone would refuse null whatever the type says).
  if (auto* t = schema.if_contains("type"); t && t->is_string()) {
    schema["type"] = json::array{t->as_string(), "null"};
  }
  if (auto* e = schema.if_contains("enum"); e && e->is_array()) e->as_array().push_back(nullptr);
  return schema;
}

json::object field_schema(const records::FieldSpec& f) {
  json::object s;
  switch (f.type) {
    case FieldType::Integer: s = {{"type", "integer"}, {"format", "int64"}}; break;
    case FieldType::Money:  // platform/money.hpp: one maximum for every amount
      s = {{"type", "integer"}, {"format", "int64"}, {"minimum", -money::kMax}, {"maximum", money::kMax}};
      break;
    case FieldType::Boolean: s = {{"type", "boolean"}}; break;
    case FieldType::DateTime: s = {{"type", "string"}, {"format", "date-time"}}; break;
    case FieldType::Date: s = {{"type", "string"}, {"format", "date"}}; break;
    // idn-email (RFC 6531): the server takes UTF-8 beyond ASCII in the local part ("jürgen@example.de").
    case FieldType::Email: s = {{"type", "string"}, {"format", "idn-email"}}; break;
    case FieldType::Url: s = {{"type", "string"}, {"format", "uri"}}; break;
    case FieldType::Reference: s = {{"type", "string"}, {"format", "uuid"}}; break;
    case FieldType::Country: s = {{"type", "string"}, {"pattern", "^[A-Z]{2}$"}}; break;
    case FieldType::Currency: s = {{"type", "string"}, {"pattern", "^[A-Z]{3}$"}}; break;
    case FieldType::Phone: s = {{"type", "string"}, {"description", "E.164, e.g. +4930123456"}}; break;
    case FieldType::EmailList:
      s = {{"type", "array"}, {"items", json::object{{"type", "string"}, {"format", "idn-email"}}}, {"maxItems", 20}};
      break;
    case FieldType::PhoneList: s = {{"type", "array"}, {"items", json::object{{"type", "string"}}}, {"maxItems", 20}}; break;
    case FieldType::Tags:
      s = {{"type", "array"},
           {"items", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", records::kMaxTagChars}}},
           {"maxItems", records::kMaxTags},
           {"description", "Tags: trimmed, unique regardless of case (the first spelling is kept)"}};
      break;
    case FieldType::Enum: {
      json::array e;
      for (const auto& o : f.options) e.push_back(json::value(o));
      s = {{"type", "string"}, {"enum", e}};
      break;
    }
    default: s = {{"type", "string"}, {"maxLength", f.max_length}}; break;
  }
  if (f.min && (f.type == FieldType::Integer || f.type == FieldType::Money)) s["minimum"] = static_cast<int64_t>(*f.min);
  if (f.max && (f.type == FieldType::Integer || f.type == FieldType::Money)) s["maximum"] = static_cast<int64_t>(*f.max);
  if (!f.description.empty()) s["description"] = f.description;
  return s;
}

json::object problem_response(const std::string& description) {
  return {{"description", description},
          {"content", json::object{{"application/problem+json", json::object{{"schema", ref("Problem")}}}}}};
}

std::string operation_id(const http::Route& r) {
  std::string id;
  std::string m = r.method;
  for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  id = m;
  for (const auto& seg : r.segments) {
    if (seg == "api" || seg == "v1") continue;
    id += "_";
    for (char c : seg) {
      if (c == '{' || c == '}') continue;
      id += (c == '-' || c == '.') ? '_' : c;
    }
  }
  return id;
}

}  // namespace

json::object build_openapi(const http::Router& router, const std::vector<const records::ObjectSpec*>& specs) {
  json::object schemas;
  schemas["Problem"] = obj(
      {{"type", problem_type_schema()},
       {"title", str()},
       {"status", json::object{{"type", "integer"}}},
       {"detail", str()},
       {"instance", str()},
       {"errors", json::object{{"type", "array"},
                               {"items", obj({{"field", str()},
                                              {"code", str()},
                                              {"message", str()},
                                              {"existing_id", json::object{{"type", "string"},
                                                                           {"description", "A uniqueness conflict: the record holding the value, when the caller may read it"}}},
                                              {"deal_ids", json::object{{"type", "array"},
                                                                        {"items", json::object{{"type", "string"}, {"format", "uuid"}}},
                                                                        {"maxItems", 20},
                                                                        {"description", "A stage removal: the first 20 deals that need a lost reason"}}},
                                              {"newer_message", described(obj({{"id", json::object{{"type", "string"}, {"format", "uuid"}}},
                                                                               {"kind", str()},
                                                                               {"author_id", nstr()},
                                                                               {"created_at", json::object{{"type", "string"}, {"format", "date-time"}}}},
                                                                              {"id", "kind", "author_id", "created_at"}),
                                                                          "A ticket message's collision notice (after_message_id): the message added since")}},
                                             {"field", "code", "message"})}}}},
      {"title", "status"});
  for (const auto* s : specs) {
    json::object props, input;
    json::array required;
    for (const auto* fields : {&s->fields, &records::system_fields()}) {
      for (const auto& f : *fields) {
        props[f.name] = (f.required || f.name == "id" || f.name == "version" || f.name == "created_at" || f.name == "updated_at")
                            ? field_schema(f)
                            : nullable(field_schema(f));
        if (f.writable) input[f.name] = f.required ? field_schema(f) : nullable(field_schema(f));
        if (f.required) required.push_back(json::value(f.name));
      }
    }
    json::object custom{{"type", "object"}, {"description", "Values of the workspace's custom fields, by name"}};
    props["custom"] = custom;
    input["custom"] = custom;
    for (const auto& k : s->hooks.extra_keys) {
      if (auto* schema = s->extra_schemas.if_contains(k)) {
        input[k] = *schema;
        props[k] = *schema;
        continue;
      }
      bool many = k.size() > 4 && k.substr(k.size() - 4) == "_ids";
      input[k] = many ? json::object{{"type", "array"}, {"items", json::object{{"type", "string"}, {"format", "uuid"}}}}
                      : json::object{{"type", json::array{"string", "null"}}, {"format", "uuid"}};
      if (many) props[k] = input[k];
    }
    // records::strip_hidden: a field the caller's role hides is left out.
    schemas[s->title] = described(obj(props, {"id", "version", "created_at", "updated_at"}),
                                  "A " + s->singular + ". A field the caller's role hides is absent from the answer "
                                  "(GET /api/v1/auth/me shows the role's grants and hidden fields)");
    json::object in_schema = obj(input);
    in_schema["additionalProperties"] = false;
    if (!required.empty()) in_schema["description"] = "On create, these fields are required: " + json::serialize(required);
    schemas[s->title + "Input"] = in_schema;
    schemas[s->title + "Page"] = page_of(s->title);
  }
  schemas["ActivityPage"] = page_of("Activity");
  schemas["HistoryEntry"] = obj({{"id", json::object{{"type", "integer"}}},
                                 {"action", json::object{{"type", "string"},
                                                         {"description",
                                                          "create, update, delete, restore, revert (a restore to an earlier version: its last change is {\"field\": \"restored_to\", \"after\": <entry id>, \"undone\": [ids]}), merge (duplicates merged into the record: its last change is {\"field\": \"merge\", \"after\": {\"merge_id\", \"merged_ids\"}}), merged (the record was merged into another: {\"field\": \"merged_into\", \"after\": <id>, \"merge_id\"}), unmerge, ...; import: an import created the record (it has no create "
                                                          "entry: its values are the record's) or updated it (after its update entry); "
                                                          "its one change is {\"field\": \"import\", \"before\": null, "
                                                          "\"after\": {\"import_id\", \"file_name\"}}"}}},
                                 {"actor_id", nstr()},
                                 {"request_id", nstr()},
                                 {"at", json::object{{"type", "string"}, {"format", "date-time"}}},
                                 {"changes", json::object{{"type", "array"},
                                                          {"items", obj({{"field", str()},
                                                                         {"before", json::object{}},
                                                                         {"after", json::object{}},
                                                                         {"undone", json::object{{"type", "array"},
                                                                                                 {"items", json::object{{"type", "integer"}}},
                                                                                                 {"description",
                                                                                                  "revert's restored_to change only: the ids of the entries it undid"}}},
                                                                         {"merge_id", json::object{{"type", "string"},
                                                                                                   {"format", "uuid"},
                                                                                                   {"description",
                                                                                                    "merged and unmerge entries' merged_into change only: the merge "
                                                                                                    "(POST /api/v1/{object}/merges/{merge_id}/undo)"}}}})}}}});
  schemas["HistoryPage"] = page_of("HistoryEntry");
  schemas["RecycleBinEntry"] = obj({{"object_type", str()}, {"id", str()}, {"name", nstr()}, {"deleted_at", str()}, {"deleted_by", nstr()}});
  schemas["RecycleBinPage"] = page_of("RecycleBinEntry");
  // GET /api/v1/search (platform/records/search.cpp).
  schemas["SearchResult"] = described(
      obj({{"object_type", json::object{{"type", "string"}, {"enum", [&] {
                                           json::array a;
                                           for (const auto* s : specs)
                                             if (!s->search.groups.empty()) a.push_back(json::value(s->object));
                                           return a;
                                         }()}}},
           {"id", str()},
           {"title", described(str(), "The record's name from the fields the caller may see; empty when all are hidden")},
           {"subtitle", described(nstr(), "More fields the caller may see (an e-mail address, the company), joined by \" · \"")},
           {"matched", described(str(), "The field the query matched")}},
          {"object_type", "id", "title", "subtitle", "matched"}),
      "A record found by GET /api/v1/search");
  schemas["SearchResults"] = obj({{"data", array_of(ref("SearchResult"))}}, {"data"});
  json::object cf_props{{"object_type", json::object{{"type", "string"}, {"enum", [] {
                                                      json::array a;
                                                      for (const auto& o : identity::securable_objects()) a.push_back(json::value(o));
                                                      return a;
                                                    }()}}},
                        {"name", json::object{{"type", "string"}, {"pattern", "^[a-z][a-z0-9_]{0,62}$"}}},
                        {"label", str()},
                        {"type", json::object{{"type", "string"}, {"enum", json::array{"text", "number", "money", "date", "bool", "select", "multi_select", "email", "phone", "url"}}}},
                        {"required", json::object{{"type", "boolean"}}},
                        {"unique", json::object{{"type", "boolean"}}},
                        {"min", json::object{{"type", json::array{"number", "null"}}}},
                        {"max", json::object{{"type", json::array{"number", "null"}}}},
                        {"max_length", json::object{{"type", json::array{"integer", "null"}}}},
                        {"pattern", json::object{{"type", json::array{"string", "null"}}, {"maxLength", 200},
                                                 {"description", "Text fields: an RE2 regular expression (https://github.com/google/re2/wiki/Syntax) "
                                                                 "the whole value must match. RE2 runs in linear time; unlike ECMAScript it has no "
                                                                 "backreferences and no lookaround, and refuses patterns that would compile to more "
                                                                 "than 2 MiB (422)."}}},
                        {"options", json::object{{"type", "array"}, {"items", str()}}},
                        {"currency", nstr()}};
  schemas["CustomFieldInput"] = obj(cf_props);
  json::object cf_out = cf_props;
  cf_out["id"] = str();
  cf_out["version"] = json::object{{"type", "integer"}};
  cf_out["created_at"] = str();
  cf_out["updated_at"] = str();
  schemas["CustomField"] = obj(cf_out);
  schemas["CustomFieldPage"] = page_of("CustomField");
  json::object code_prop{{"type", "string"},
                         {"description", "The current 6-digit code of the authenticator app, or an unused recovery code"}};
  schemas["LoginInput"] = obj({{"email", str()}, {"password", str()}, {"workspace", str()}, {"code", code_prop},
                               {"cookie", json::object{{"type", "boolean"}, {"description", "A browser session: HttpOnly cookie + CSRF token"}}}},
                              {"email", "password"});
  schemas["Session"] = obj({{"token", described(str(), "The session token for Authorization: Bearer. Absent with \"cookie\": true "
                                                          "(the token is then only in the HttpOnly cookie)")},
                            {"token_type", json::object{{"type", "string"}, {"enum", json::array{"Bearer", "cookie"}}}},
                            {"csrf_token", described(str(), "Present only with \"cookie\": true: send it in X-CSRF-Token with "
                                                            "every request other than GET made with the cookie")}, {"expires_at", str()}, {"user_id", str()},
                            {"workspace_id", str()}, {"role", str()},
                            {"mfa_enrollment_required",
                             json::object{{"type", "boolean"},
                                          {"description", "The role requires MFA: until it is confirmed, only MFA enrolment, "
                                                          "/auth/me and logout are open"}}}});
  json::object codes{{"type", "array"}, {"items", str()}, {"description", "Single-use recovery codes, shown only in this response"}};
  json::object date_time{{"type", "string"}, {"format", "date-time"}};
  schemas["MfaStatus"] = obj({{"enabled", json::object{{"type", "boolean"}}},
                              {"pending", json::object{{"type", "boolean"}, {"description", "Enrolled, not yet confirmed"}}},
                              {"confirmed_at", json::object{{"type", json::array{"string", "null"}}, {"format", "date-time"}}},
                              {"recovery_codes_left", json::object{{"type", "integer"}}},
                              {"required", json::object{{"type", "boolean"}, {"description", "Your role requires MFA"}}}},
                             {"enabled", "pending", "confirmed_at", "recovery_codes_left", "required"});
  schemas["MfaEnrollment"] = obj({{"secret", json::object{{"type", "string"}, {"description", "The TOTP secret in base32"}}},
                                  {"otpauth_uri", json::object{{"type", "string"}, {"description", "otpauth://totp/... for a QR code"}}},
                                  {"confirmed", json::object{{"type", "boolean"}}}},
                                 {"secret", "otpauth_uri", "confirmed"});
  schemas["MfaCode"] = obj({{"code", code_prop}}, {"code"});
  schemas["MfaDisableInput"] = obj({{"password", str()}, {"code", code_prop}}, {"password", "code"});
  schemas["MfaConfirmation"] = obj({{"enabled", json::object{{"type", "boolean"}}}, {"confirmed_at", date_time}, {"recovery_codes", codes}},
                                   {"enabled", "confirmed_at", "recovery_codes"});
  schemas["MfaRecoveryCodes"] = obj({{"recovery_codes", codes}}, {"recovery_codes"});
  schemas["MfaPolicy"] = obj({{"required_roles", json::object{{"type", "array"},
                                                              {"items", json::object{{"type", "string"}, {"pattern", "^[a-z0-9_-]{1,64}$"}}},
                                                              {"maxItems", 50}}}},
                             {"required_roles"});
  schemas["Me"] = obj({{"user_id", str()}, {"email", str()}, {"name", nstr()}, {"role", str()}, {"workspace_id", str()},
                       {"workspace_name", str()}, {"api_key_id", nstr()}, {"grants", ref("Role")},
                       {"csrf_token", described(str(), "Present only when the request was authenticated by the session "
                                                        "cookie (sessionCookie): the session's token for X-CSRF-Token, "
                                                        "the one its sign-in answered")}});
  add_access_schemas(schemas);
  add_sales_schemas(schemas);
  add_analytics_schemas(schemas);
  add_view_schemas(schemas);
  add_dedupe_schemas(schemas);
  add_scoring_schemas(schemas);
  add_marketing_schemas(schemas);
  add_campaign_schemas(schemas);
  add_webhook_schemas(schemas);
  add_automation_schemas(schemas);
  add_email_schemas(schemas);
  add_import_schemas(schemas);
  add_calendar_feed_schemas(schemas);
  add_support_schemas(schemas);
  // Privacy (modules/privacy) and the audit log.
  // A field's change is before/after; a set's (a static list's members) names the ids added or removed.
  json::object changes{{"type", "array"},
                       {"items", obj({{"field", str()},
                                      {"before", json::object{}},
                                      {"after", json::object{}},
                                      {"added", array_of(str())},
                                      {"removed", array_of(str())}})}};
  json::object audit_props{{"id", json::object{{"type", "integer"}}},
                           {"object_type", str()},
                           {"object_id", str()},
                           {"action", str()},
                           {"actor_id", nstr()},
                           {"request_id", nstr()},
                           {"at", json::object{{"type", "string"}, {"format", "date-time"}}},
                           {"changes", changes}};
  schemas["AuditEvent"] = obj(audit_props, {"id", "object_type", "object_id", "action", "at", "changes"});
  schemas["AuditEventPage"] = page_of("AuditEvent");
  // Background jobs (platform/jobs).
  json::object dt{{"type", "string"}, {"format", "date-time"}};
  json::object ndt{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::object state{{"type", "string"}, {"enum", json::array{"queued", "running", "succeeded", "dead", "cancelled"}}};
  json::object job_props{{"id", str()},
                         {"type", str()},
                         {"state", state},
                         {"priority", json::object{{"type", "integer"}}},
                         {"run_at", described(dt, "When it may run (next)")},
                         {"attempts", described(json::object{{"type", "integer"}}, "Attempts started, the running one included")},
                         {"last_error", nstr()},
                         {"created_at", dt},
                         {"updated_at", dt},
                         {"started_at", described(ndt, "When the attempt running (or last run) started")},
                         {"finished_at", ndt}};
  json::array job_required{"id", "type", "state", "priority", "run_at", "attempts", "created_at", "updated_at"};
  schemas["Job"] = obj(job_props, job_required);
  schemas["JobPage"] = page_of("Job");
  json::object attempt = obj({{"attempt", json::object{{"type", "integer"}}},
                              {"node", str()},
                              {"started_at", dt},
                              {"finished_at", dt},
                              {"outcome", json::object{{"type", "string"}, {"enum", json::array{"succeeded", "failed", "lease_expired"}}}},
                              {"error", nstr()}},
                             {"attempt", "node", "started_at", "finished_at", "outcome"});
  json::object detail_props = job_props;
  detail_props["payload"] = described(json::object{}, "What the job works on, as its type defines it");
  detail_props["attempt_log"] = json::object{{"type", "array"}, {"items", attempt}};
  json::array detail_required = job_required;
  detail_required.push_back("attempt_log");
  schemas["JobDetail"] = obj(detail_props, detail_required);
  json::array channels{"email_marketing", "phone", "sms"};
  json::array statuses{"granted", "withdrawn"};
  json::array sources{"web_form", "import", "api", "unsubscribe_link", "manual", "double_opt_in"};
  json::object consent_in = obj({{"channel", json::object{{"type", "string"}, {"enum", channels}}},
                                 {"status", json::object{{"type", "string"}, {"enum", statuses}}},
                                 {"source", json::object{{"type", "string"}, {"enum", sources}}},
                                 {"note", json::object{{"type", json::array{"string", "null"}}, {"maxLength", 1000}}}},
                                {"channel", "status", "source"});
  consent_in["additionalProperties"] = false;
  schemas["ConsentInput"] = consent_in;
  schemas["Consent"] = obj({{"id", str()},
                            {"contact_id", str()},
                            {"channel", json::object{{"type", "string"}, {"enum", channels}}},
                            {"status", json::object{{"type", "string"}, {"enum", statuses}}},
                            {"source", str()},
                            {"note", nstr()},
                            {"recorded_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                            {"recorded_by", nstr()}},
                           {"id", "channel", "status", "source", "recorded_at"});
  json::object current_props;
  for (const auto& ch : channels)
    current_props[ch.as_string()] = json::object{
        {"oneOf", json::array{obj({{"status", str()}, {"source", str()}, {"recorded_at", str()}}), json::object{{"type", "null"}}}}};
  schemas["ConsentState"] = obj({{"contact_id", str()},
                                 {"current", obj(current_props)},
                                 {"history", json::object{{"type", "array"}, {"items", ref("Consent")}}}},
                                {"current", "history"});
  json::object erasure_in = obj({{"reason", json::object{{"type", json::array{"string", "null"}}, {"maxLength", 500},
                                                         {"description", "An operator's note; no personal data"}}}});
  erasure_in["additionalProperties"] = false;
  schemas["ErasureInput"] = erasure_in;
  schemas["Erasure"] = obj({{"id", str()},
                            {"object_type", str()},
                            {"object_id", str()},
                            {"erased_by", nstr()},
                            {"erased_at", json::object{{"type", "string"}, {"format", "date-time"}}},
                            {"request_id", nstr()},
                            {"reason", nstr()},
                            {"activities_erased", json::object{{"type", "integer"}}},
                            {"activities_unlinked", json::object{{"type", "integer"}}},
                            {"views_changed", json::object{{"type", "integer"},
                                                           {"description", "Saved views that lost filter conditions holding the person's values"}}},
                            {"reports_changed", json::object{{"type", "integer"},
                                                             {"description", "Saved reports whose definitions lost filter conditions holding the person's values"}}},
                            {"emails_erased", json::object{{"type", "integer"},
                                                           {"description", "Sent and received emails about this person only, deleted with their files"}}},
                            {"emails_scrubbed", json::object{{"type", "integer"},
                                                             {"description", "Emails that name other contacts too: the person's link, addresses and values removed"}}},
                            {"attachments_erased", json::object{{"type", "integer"}}},
                            {"imports_scrubbed", json::object{{"type", "integer"},
                                                              {"description", "Imports that held the person: their rows of the person deleted, their stored file dropped"}}}},
                           {"id", "object_type", "object_id", "erased_at"});
  schemas["ContactExport"] = obj(
      {{"format", json::object{{"type", "string"}, {"const", "rapport.contact-export"}}},
       {"format_version", json::object{{"type", "integer"}}},
       {"exported_at", json::object{{"type", "string"}, {"format", "date-time"}}},
       {"workspace_id", str()},
       {"contact", ref("Contact")},
       {"company", json::object{{"oneOf", json::array{obj({{"id", str()}, {"name", str()}, {"domain", nstr()}, {"deleted_at", nstr()}}),
                                                       json::object{{"type", "null"}}}}}},
       {"activities", json::object{{"type", "array"}, {"items", ref("Activity")}}},
       {"consents", obj({{"current", json::object{{"type", "object"}}}, {"history", json::object{{"type", "array"}, {"items", ref("Consent")}}}})},
       {"audit_log", json::object{{"type", "array"}, {"items", ref("AuditEvent")}}},
       {"imports", json::object{{"type", "array"},
                                {"description", "The imports that created or updated the contact and their files"},
                                {"items", obj({{"import_id", str()}, {"file_name", str()},
                                               {"kind", json::object{{"type", "string"}, {"enum", json::array{"created", "updated"}}}},
                                               {"line", described(json::object{{"type", "integer"}, {"minimum", 1}},
                                                                  "The line of the file where the contact's row starts (the header is line 1)")},
                                               {"state", str()}, {"created_at", str()}},
                                              {"import_id", "file_name", "kind", "line", "state", "created_at"})}}}},
      {"format", "format_version", "exported_at", "contact", "activities", "consents", "audit_log"});
  schemas["Health"] = obj({{"status", str()}, {"version", str()}, {"commit", str()}});
  schemas["Hello"] = obj({{"message", str()}});
  schemas["OpenApiDocument"] = obj({{"openapi", json::object{{"type", "string"}, {"pattern", "^3\\.1\\."}}},
                                    {"info", json::object{{"type", "object"}}},
                                    {"paths", json::object{{"type", "object"}}},
                                    {"webhooks", described(json::object{{"type", "object"}}, "The requests webhooks send, one per event type")},
                                    {"servers", json::object{{"type", "array"}, {"items", json::object{{"type", "object"}}}}},
                                    {"components", json::object{{"type", "object"}}}},
                                   {"openapi", "info", "paths"});

  json::object paths;
  for (const auto& r : router.routes()) {
    const auto& d = r.doc;
    json::object op{{"operationId", operation_id(r)}, {"summary", d.summary}, {"tags", json::array{json::value(d.tag)}}};
    if (!d.description.empty()) op["description"] = d.description;
    json::array params;
    for (const auto& seg : r.segments) {
      if (seg.size() > 2 && seg.front() == '{') {
        std::string name = seg.substr(1, seg.size() - 2);
        // Ids are UUIDs; other path parameters (a role's name) are text.
        bool id = name == "id" || (name.size() > 3 && name.ends_with("_id"));
        params.push_back(json::object{{"name", name},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", id ? json::object{{"type", "string"}, {"format", "uuid"}} : str()}});
      }
    }
    if (d.list || d.list_filters)
      for (auto& p : list_parameters(d)) params.push_back(std::move(p));
    for (const auto& q : d.query_params) {
      json::object schema{{"type", q.type}};
      if (!q.format.empty()) schema["format"] = q.format;
      if (!q.values.empty()) {
        json::array values;
        for (const auto& v : q.values) values.push_back(json::value(v));
        schema["enum"] = std::move(values);
      }
      if (q.maximum > 0) {
        schema["minimum"] = q.minimum;
        schema["maximum"] = q.maximum;
      }
      params.push_back(json::object{{"name", q.name}, {"in", "query"}, {"description", q.description}, {"schema", std::move(schema)}});
    }
    if (d.idempotent_post)
      params.push_back(json::object{{"name", "Idempotency-Key"}, {"in", "header"}, {"description", "Retries with the same key replay the first response"}, {"schema", json::object{{"type", "string"}, {"maxLength", 255}}}});
    if (d.conditional)
      params.push_back(json::object{{"name", "If-Match"}, {"in", "header"}, {"description", "The ETag you read; a stale one gets 412"}, {"schema", str()}});
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!d.request_schema.empty())
      op["requestBody"] = json::object{{"required", true},
                                       {"content", json::object{{"application/json", json::object{{"schema", ref(d.request_schema)}}}}}};
    else if (!d.request_content_type.empty())
      op["requestBody"] = json::object{{"required", true},
                                       {"content", json::object{{d.request_content_type, json::object{{"schema", str()}}}}}};
    json::object responses;
    json::object ok{{"description", "Success"}};
    if (!d.response_schema.empty())
      ok["content"] = json::object{{d.response_content_type, json::object{{"schema", ref(d.response_schema)}}}};
    else if (!d.response_content_type.empty() && d.response_content_type != "application/json")
      ok["content"] = json::object{{d.response_content_type, json::object{{"schema", str()}}}};
    for (const auto& type : d.more_content_types) {
      if (!ok.contains("content")) ok["content"] = json::object{};
      ok["content"].as_object()[type] = json::object{{"schema", str()}};
    }
    if (d.success_status >= 300 && d.success_status < 400) ok["description"] = "Redirects to the address in the Location header";
    if (d.success_status == 101) {
      ok["description"] = "Switching to the WebSocket protocol";
      responses["426"] = problem_response("Not a WebSocket upgrade request");
    }
    responses[std::to_string(d.success_status)] = ok;
    if (!d.no_content.empty()) responses["204"] = json::object{{"description", d.no_content}};
    responses["400"] = problem_response("Malformed request");
    if (!d.is_public) {
      responses["401"] = problem_response("Missing or invalid credentials");
      if (d.credential.empty())
        responses["403"] = problem_response("Not allowed for this caller (type .../mfa-enrollment-required: confirm MFA first)");
    } else {
      op["security"] = json::array{json::object{}};
    }
    if (d.restricted) responses["403"] = problem_response("Your role does not allow this");
    if (r.pattern.find('{') != std::string::npos) responses["404"] = problem_response("No such record in your workspace");
    if (!d.request_schema.empty() || !d.request_content_type.empty()) {
      responses["413"] = problem_response("Body too large");
      responses["415"] = problem_response(d.request_schema.empty() ? "Body is not " + d.request_content_type : "Body is not JSON");
      responses["422"] = problem_response("Invalid fields");
    }
    if (d.conditional) responses["412"] = problem_response("Stale If-Match");
    if (r.method == "POST" || r.method == "PATCH") responses["409"] = problem_response("Conflict with stored data");
    // Any route can fail unexpectedly; a route's own problems (RouteDoc::problems); then what the
    // contract adds to every operation (rate limits, 503, security, headers: openapi_contract.cpp).
    responses["500"] = problem_response("Unexpected server error");
    for (const auto& [status, description] : d.problems) responses[std::to_string(status)] = problem_response(description);
    // A public page's answers to a person's browser (text/html beside its problem documents).
    for (const auto& [status, description] : d.html_pages) {
      auto& answer = responses[std::to_string(status)];
      if (!answer.is_object()) answer = json::object{{"description", description}};
      auto& content = answer.as_object()["content"];
      if (!content.is_object()) content = json::object{};
      content.as_object()["text/html"] = json::object{{"schema", str()}};
    }
    if (!d.see_other.empty()) responses["303"] = json::object{{"description", d.see_other}};
    add_contract(r, op, responses);
    op["responses"] = std::move(responses);
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto& path_item = paths[r.pattern];
    if (!path_item.is_object()) path_item = json::object{};
    path_item.as_object()[method] = std::move(op);
  }

  return json::object{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", "Rapport API"},
                            {"version", build::version()},
                            {"description", "The REST API of Rapport, an open-source CRM server. Errors are RFC 9457 problem documents."},
                            {"license", json::object{{"name", "Apache-2.0"}, {"identifier", "Apache-2.0"}}}}},
      {"servers", json::array{json::object{{"url", "/"}}}},
      {"paths", std::move(paths)},
      {"webhooks", webhook_events(specs)},
      {"components", json::object{{"schemas", std::move(schemas)},
                                  {"headers", contract_headers()},
                                  {"securitySchemes", security_schemes()}}}};
}

}  // namespace rapport::app
