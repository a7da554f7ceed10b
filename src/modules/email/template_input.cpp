#include "modules/email/template_input.hpp"

#include <set>

#include "modules/email/email_record.hpp"
#include "modules/email/template_engine.hpp"
#include "platform/utf8.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

const std::set<std::string> kTemplateKeys = {"name", "subject", "text", "html"};

}  // namespace

bool is_subject(std::string_view s) {
  auto points = utf8::decode(s);
  if (!points || points->size() > kMaxSubjectChars) return false;
  for (char32_t c : *points)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

Result<TemplateChange> read_template_body(const json::object& body, bool creating) {
  std::vector<FieldError> errors;
  TemplateChange c;
  for (const auto& kv : body)
    if (!kTemplateKeys.count(std::string(kv.key())))
      errors.push_back({utf8::scrub(kv.key()), "unknown", "is not a field of an email template (name, subject, text, html)"});
  if (const auto* v = body.if_contains("name")) {
    auto points = v->is_string() ? utf8::decode(v->as_string()) : std::nullopt;
    if (!points || points->empty() || points->size() > kMaxTemplateNameChars)
      errors.push_back({"name", "length", counted("must be text of 1 to ", kMaxTemplateNameChars, " characters")});
    else c.name = std::string(v->as_string());
  } else if (creating) {
    errors.push_back({"name", "required", "is required"});
  }
  if (const auto* v = body.if_contains("subject")) {
    if (!v->is_string() || v->as_string().empty() || !is_subject(v->as_string()))
      errors.push_back({"subject", "format", counted("must be text of 1 to ", kMaxSubjectChars, " characters without line breaks")});
    else c.subject = std::string(v->as_string());
  } else if (creating) {
    errors.push_back({"subject", "required", "is required"});
  }
  for (const char* part : {"text", "html"}) {
    const auto* v = body.if_contains(part);
    if (!v) continue;
    if (!v->is_string() || v->as_string().size() > kMaxTemplateBytes || !utf8::valid(v->as_string()))
      errors.push_back({part, "length", counted("must be UTF-8 text of at most ", kMaxTemplateBytes, " bytes")});
    else (std::string(part) == "text" ? c.text : c.html) = std::string(v->as_string());
  }
  if (creating && errors.empty() && c.text.value_or("").empty() && c.html.value_or("").empty())
    errors.push_back({"text", "required", "a template needs a text or an html body"});
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return c;
}

}  // namespace rapport::email
