#include "modules/marketing/form_intake.hpp"

#include "modules/customers/specs.hpp"
#include "modules/marketing/form_submission.hpp"
#include "modules/marketing/list_store.hpp"
#include "modules/privacy/consents.hpp"
#include "modules/sales/specs.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/identity/server_context.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/existing_records.hpp"
#include "platform/records/service.hpp"
#include "platform/utf8.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

// A client address may send kClientBurst submissions at once through a form, then one every
// kClientEverySeconds; a form as a whole kFormBurst, then one a second.
constexpr double kClientBurst = 5, kClientEverySeconds = 12;
constexpr double kFormBurst = 60, kFormPerSecond = 1;
constexpr std::size_t kMaxReferrerChars = 2048;
constexpr std::size_t kMaxSourceChars = 100;  // a lead's source, a contact's lead_source

const records::Store& store_for(const Form& f) {
  static const records::Store leads(sales::lead_spec());
  static const records::Store contacts(customers::contact_spec());
  return f.target == "lead" ? leads : contacts;
}

// The body of the record's write from the form's fields; errors name the form's field keys.
json::object record_body(const Form& f, const http::FormFields& fields, std::vector<FieldError>& errors) {
  json::object body, custom;
  for (const auto& field : f.fields) {
    const std::string value = http::trimmed([&] {
      const std::string* v = http::form_field(fields, field.field);
      return v ? std::string_view(*v) : std::string_view();
    }());
    if (value.empty()) {
      if (field.required) errors.push_back({field.field, "required", "is required"});
      continue;
    }
    if (!utf8::valid(value)) {
      errors.push_back({field.field, "encoding", "is not UTF-8 text"});
      continue;
    }
    if (value.size() > kMaxValueChars) {
      std::string message = "must have at most ";
      message += std::to_string(kMaxValueChars);
      message += " characters";
      errors.push_back({field.field, "length", std::move(message)});
      continue;
    }
    if (field.field.rfind("custom.", 0) == 0) custom[field.field.substr(7)] = value;
    else body[field.field] = value;
  }
  if (!custom.empty()) body["custom"] = std::move(custom);
  return body;
}

// The newest live record of the target with this address (a lead not yet converted).
std::optional<std::string> existing_record(db::Connection& c, const std::string& workspace_id, const Form& f, const std::string& email) {
  std::string sql = "SELECT id FROM ";
  sql += f.object();
  sql += " WHERE workspace_id = ? AND email_key = ? AND deleted_at IS NULL";
  if (f.target == "lead") sql += " AND converted_at IS NULL";
  sql += " ORDER BY created_at DESC, id DESC LIMIT 1";
  auto v = c.scalar(sql, {workspace_id, case_fold::key(email)});
  if (auto* id = std::get_if<std::string>(&v)) return *id;
  return std::nullopt;
}

std::optional<std::string> visit_value(const http::FormFields& fields, const std::string& key) {
  const std::string* v = http::form_field(fields, key);
  if (!v) return std::nullopt;
  std::string text = http::trimmed(utf8::scrub(*v));
  if (text.empty()) return std::nullopt;
  return std::string(utf8::clip(text, key == "referrer" ? kMaxReferrerChars : kMaxVisitChars));
}

}  // namespace

bool ticked(const std::string* value) {
  if (!value) return false;
  const std::string v = case_fold::key(http::trimmed(*value));
  return v == "on" || v == "true" || v == "yes" || v == "1";
}

FormIntake::FormIntake(db::Database& db) : db_(db), limiter_(kClientBurst, kClientEverySeconds, kFormBurst, kFormPerSecond) {}

Result<form_store::Located> FormIntake::form_for(const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found("No form at this address");
  auto f = db_.read([&](db::Connection& c) { return form_store::find_public(c, id); });
  if (!f || !f->form.enabled) return Problem::not_found("No form at this address");
  return std::move(*f);
}

Status FormIntake::admit(const std::string& form_id, const std::string& client_address, int& retry_after) {
  return limiter_.admit(form_id, client_address, retry_after);
}

Result<std::optional<Submitted>> FormIntake::submit(const form_store::Located& located, const http::FormFields& fields) {
  const Form& form = located.form;
  const std::string& ws = located.workspace_id;
  if (!http::trimmed([&] {
        const std::string* pot = http::form_field(fields, kHoneypotField);
        return pot ? std::string_view(*pot) : std::string_view();
      }()).empty()) {
    Status counted = db_.write([&](db::Connection& c) -> Status {
      form_store::count_submission(c, ws, form.id, true);
      return ok_status();
    });
    if (!counted) return counted.take_problem();
    return std::optional<Submitted>();
  }
  std::vector<FieldError> errors;
  json::object body = record_body(form, fields, errors);
  if (!errors.empty()) return Problem::invalid(std::move(errors), "Some fields need another look");

  Submitted out;
  out.submission_id = ids::uuid_v7();
  out.object_type = form.object();
  Status st = db_.write([&](db::Connection& c) -> Status {
    identity::Context ctx = identity::server_context(ws);
    ctx.automation_actor = "form:" + form.id;
    const records::Store& store = store_for(form);
    const std::string email(body.at("email").as_string());
    auto found = existing_record(c, ws, form, email);
    Result<json::object> record = Problem::internal();
    if (found) {
      body.erase("email");
      record = records::update_existing(c, ctx, store, *found, body);
    } else {
      const char* source = form.target == "lead" ? "source" : "lead_source";
      if (!body.contains(source)) body[source] = std::string(utf8::clip("Web form: " + form.name, kMaxSourceChars));
      record = records::insert_new(c, ctx, store, body);
    }
    if (!record) return record.take_problem();
    out.record_id = std::string(record->at("id").as_string());
    out.created = !found;

    const std::string now = clock::now_text();
    json::array consents;
    for (const auto& consent : form.consents) {
      std::string name = kConsentPrefix;
      name += consent.channel;
      if (!ticked(http::form_field(fields, name))) continue;
      consents.push_back(json::object{{"channel", consent.channel}, {"text", consent.text}, {"version", consent.version}});
      if (form.target != "contact") continue;
      privacy::append_consent(c, ctx, out.record_id,
                              {consent.channel, "granted", "web_form", consent_note(form.id, consent.version, out.submission_id)});
    }
    if (form.list_id && form.target == "contact" && list_store::find(c, ws, *form.list_id) &&
        list_store::members_among(c, ws, *form.list_id, {out.record_id}).empty()) {
      list_store::add_members(c, ws, *form.list_id, {out.record_id}, "", now);
      journal::audit(c, ctx, "lists", *form.list_id, "members_added",
                     json::array{json::object{{"field", "members"}, {"added", json::array{json::value(out.record_id)}}}});
    }

    FormSubmission s;
    s.id = out.submission_id;
    s.form_id = form.id;
    s.object_type = out.object_type;
    s.record_id = out.record_id;
    s.created = out.created;
    s.consents = consents;
    for (const auto& key : visit_keys()) s.visit.push_back(visit_value(fields, key));
    s.submitted_at = now;
    submission_store::insert(c, ws, s);
    form_store::count_submission(c, ws, form.id, false);
    journal::audit(c, ctx, "forms", form.id, "submit",
                   json::array{json::object{{"field", "submission"}, {"before", nullptr}, {"after", s.id}}});
    journal::emit(c, ctx, "form.submitted", "forms", form.id,
                  json::object{{"id", form.id},
                               {"object_type", "forms"},
                               {"submission_id", s.id},
                               {"record_type", out.object_type},
                               {"record_id", out.record_id},
                               {"created", out.created},
                               {"consents", std::move(consents)}});
    return ok_status();
  });
  if (!st) return st.take_problem();
  return std::optional<Submitted>(std::move(out));
}

}  // namespace rapport::marketing
