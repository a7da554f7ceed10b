// What a visitor sends through a form's public address (/f/{id}), with no sign-in:
// - the form must exist and be enabled (404 otherwise, the same for both);
// - each client address may submit a few times a minute per form, a form as a whole about once a
//   second (429 with the seconds to wait; http::SubmissionLimiter, in this node's memory);
// - a filled honeypot field (kHoneypotField, hidden from people) is counted as spam and dropped:
//   nothing is stored, and the visitor is answered as after a success;
// - the values are the form's fields, by their keys ("email", "custom.score"), trimmed; a required
//   one left empty, one longer than kMaxValueChars or not UTF-8 is a 422 naming the field, and so is
//   any value the record's own rules refuse; nothing is stored then;
// - the record is the live lead (not converted) or contact of the workspace with that email, the
//   newest, updated with the values given (an empty one changes nothing), or a new one (a new
//   lead's source, a new contact's lead_source: "Web form: <name>" unless the form sets it);
// - each consent ticked (consent.<channel> = on, true, yes or 1) is recorded: for a contact as
//   privacy's consent (granted, source web_form, the note naming the form, the text's version and
//   the submission); for a contact and a lead alike in the submission with its exact text;
// - a contact joins the form's static list (when the form has one and it still exists);
// - the submission row holds the visit's utm_source, utm_medium, utm_campaign, utm_term,
//   utm_content and referrer (the posted fields of those names, each clipped to its bound);
// - all in one transaction by the form ("form:<id>" in the audit entries), with the record's own
//   audit entry and event, an audit entry "submit" on the form and the event form.submitted.
#pragma once
#include <optional>
#include <string>

#include "modules/marketing/form_store.hpp"
#include "platform/db/database.hpp"
#include "platform/http/public_form.hpp"

namespace rapport::marketing {

inline constexpr const char* kHoneypotField = "homepage";
inline constexpr const char* kConsentPrefix = "consent.";

struct Submitted {
  std::string submission_id, object_type, record_id;
  bool created = false;
};

class FormIntake {
 public:
  explicit FormIntake(db::Database& db);

  Result<form_store::Located> form_for(const std::string& id);
  Status admit(const std::string& form_id, const std::string& client_address, int& retry_after);
  // nullopt for a submission the honeypot dropped.
  Result<std::optional<Submitted>> submit(const form_store::Located& form, const http::FormFields& fields);

 private:
  db::Database& db_;
  http::SubmissionLimiter limiter_;
};

// Whether a checkbox's posted value means ticked.
bool ticked(const std::string* value);

}  // namespace rapport::marketing
