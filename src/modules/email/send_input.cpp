#include "modules/email/send_input.hpp"

#include <set>

#include "modules/email/email_record.hpp"
#include "modules/email/template_input.hpp"
#include "platform/formats.hpp"
#include "platform/ids.hpp"
#include "platform/utf8.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

const std::set<std::string> kSendKeys = {"to", "cc", "subject", "body", "html", "template_id",
                                     "contact_id", "company_id", "lead_id", "deal_id", "attachment_ids", "in_reply_to"};

void read_addresses(const json::object& body, const char* key, bool required, std::vector<std::string>& out,
                    std::set<std::string>& seen, std::vector<FieldError>& errors) {
  const auto* v = body.if_contains(key);
  if (!v) {
    if (required) errors.push_back({key, "required", "is required: an array of email addresses"});
    return;
  }
  if (!v->is_array() || (required && v->as_array().empty()) || v->as_array().size() > kMaxRecipients) {
    errors.push_back({key, "type", counted(required ? "must be an array of 1 to " : "must be an array of 0 to ", kMaxRecipients,
                                           " email addresses")});
    return;
  }
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const json::value& a = v->as_array()[i];
    std::string path = key;
    path += '.';
    path += std::to_string(i);
    if (!a.is_string() || !formats::is_email(a.as_string())) {
      errors.push_back({path, "format", "must be an email address"});
      continue;
    }
    std::string address(a.as_string());
    std::string folded = address;
    for (auto& ch : folded) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (!seen.insert(folded).second) {
      errors.push_back({path, "unique", "is listed twice"});
      continue;
    }
    out.push_back(std::move(address));
  }
}

}  // namespace

Result<SendRequest> read_send_body(const json::object& body) {
  std::vector<FieldError> errors;
  SendRequest r;
  for (const auto& kv : body)
    if (!kSendKeys.count(std::string(kv.key())))
      errors.push_back({utf8::scrub(kv.key()), "unknown",
                        "is not a field of an email (to, cc, subject, body, html, template_id, contact_id, company_id, lead_id, deal_id, "
                        "attachment_ids, in_reply_to)"});
  std::set<std::string> seen;
  read_addresses(body, "to", true, r.to, seen, errors);
  read_addresses(body, "cc", false, r.cc, seen, errors);
  if (r.to.size() + r.cc.size() > kMaxRecipients)
    errors.push_back({"cc", "range", counted("to and cc hold at most ", kMaxRecipients, " addresses together")});
  if (const auto* v = body.if_contains("template_id")) {
    if (!v->is_string() || v->as_string().empty() || v->as_string().size() > 64) errors.push_back({"template_id", "type", "must be a template's id"});
    else r.template_id = std::string(v->as_string());
    for (const char* k : {"subject", "body", "html"})
      if (body.contains(k)) errors.push_back({k, "conflict", "comes from the template: give template_id, or subject and body"});
  } else {
    if (const auto* v = body.if_contains("subject"); !v) errors.push_back({"subject", "required", "is required (or template_id)"});
    else if (!v->is_string() || v->as_string().empty() || !is_subject(v->as_string()))
      errors.push_back({"subject", "format", counted("must be text of 1 to ", kMaxSubjectChars, " characters without line breaks")});
    else r.subject = std::string(v->as_string());
    for (const char* k : {"body", "html"}) {
      const auto* v = body.if_contains(k);
      if (!v) {
        if (std::string(k) == "body") errors.push_back({"body", "required", "is required (or template_id)"});
        continue;
      }
      if (!v->is_string() || v->as_string().size() > kMaxBodyBytes || !utf8::valid(v->as_string()))
        errors.push_back({k, "length", counted("must be UTF-8 text of at most ", kMaxBodyBytes, " bytes")});
      else (std::string(k) == "body" ? r.body : r.html) = std::string(v->as_string());
    }
  }
  for (const char* k : kLinkKeys) {
    const auto* v = body.if_contains(k);
    if (!v || v->is_null()) continue;
    if (!v->is_string() || v->as_string().empty() || v->as_string().size() > 64) errors.push_back({k, "type", "must be a record's id"});
    else r.links[k] = *v;
  }
  if (const auto* v = body.if_contains("attachment_ids"); v && !v->is_null()) {
    std::set<std::string> seen;
    bool ok = v->is_array() && v->as_array().size() <= kMaxOutboundAttachments;
    for (std::size_t i = 0; ok && i < v->as_array().size(); ++i) {
      const auto& id = v->as_array()[i];
      ok = id.is_string() && ids::is_uuid(id.as_string()) && seen.insert(std::string(id.as_string())).second;
      if (ok) r.attachment_ids.emplace_back(id.as_string());
    }
    if (!ok)
      errors.push_back({"attachment_ids", "type", counted("must be an array of at most ", kMaxOutboundAttachments, " distinct file ids")});
  }
  if (const auto* v = body.if_contains("in_reply_to"); v && !v->is_null()) {
    if (!v->is_string() || !ids::is_uuid(v->as_string())) errors.push_back({"in_reply_to", "type", "must be an email's id"});
    else r.in_reply_to = std::string(v->as_string());
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return r;
}

}  // namespace rapport::email
