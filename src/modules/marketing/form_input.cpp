#include "modules/marketing/form_input.hpp"

#include <algorithm>
#include <set>

#include "modules/marketing/audience_input.hpp"
#include "modules/marketing/segment.hpp"
#include "modules/privacy/consents.hpp"
#include "platform/formats.hpp"
#include "platform/ids.hpp"

namespace rapport::marketing {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxFieldKeyChars = 80;  // "custom." and a custom field's name (63)

std::string at(const char* list, std::size_t i, const char* key = nullptr) {
  std::string out = list;
  out += '.';
  out += std::to_string(i);
  if (key) {
    out += '.';
    out += key;
  }
  return out;
}

// An array of 1..max objects (min 0 when empty is allowed), else an error.
const json::array* objects(const json::value& v, const char* field, std::size_t min, std::size_t max, std::vector<FieldError>& errors) {
  std::string message = "must be an array of ";
  message += std::to_string(min);
  message += " to ";
  message += std::to_string(max);
  message += " objects";
  if (!v.is_array() || v.as_array().size() < min || v.as_array().size() > max) {
    errors.push_back({field, "type", message});
    return nullptr;
  }
  for (const auto& e : v.as_array())
    if (!e.is_object()) {
      errors.push_back({field, "type", message});
      return nullptr;
    }
  return &v.as_array();
}

std::vector<FormField> read_fields(const json::value& v, std::vector<FieldError>& errors) {
  std::vector<FormField> out;
  const json::array* a = objects(v, "fields", 1, kMaxFormFields, errors);
  if (!a) return out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto& o = (*a)[i].as_object();
    unknown_keys(o, {"field", "label", "required"}, errors);
    FormField f;
    if (auto* x = o.if_contains("field")) {
      if (auto key = read_text(*x, at("fields", i, "field"), kMaxFieldKeyChars, errors)) f.field = *key;
    } else {
      errors.push_back({at("fields", i, "field"), "required", "is required: a field of the target, or custom.<name>"});
    }
    if (!f.field.empty() && !seen.insert(f.field).second)
      errors.push_back({at("fields", i, "field"), "duplicate", "is on the form already"});
    if (auto* x = o.if_contains("label")) {
      if (auto label = read_text(*x, at("fields", i, "label"), kMaxLabelChars, errors)) f.label = *label;
    }
    if (auto* x = o.if_contains("required")) {
      if (!x->is_bool()) errors.push_back({at("fields", i, "required"), "type", "must be true or false"});
      else f.required = x->as_bool();
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<ConsentText> read_consents(const json::value& v, std::vector<FieldError>& errors) {
  std::vector<ConsentText> out;
  const auto& channels = privacy::consent_channels();
  const json::array* a = objects(v, "consents", 0, channels.size(), errors);
  if (!a) return out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto& o = (*a)[i].as_object();
    unknown_keys(o, {"channel", "text"}, errors);
    ConsentText c;
    auto* ch = o.if_contains("channel");
    if (!ch || !ch->is_string() || std::find(channels.begin(), channels.end(), ch->as_string()) == channels.end())
      errors.push_back({at("consents", i, "channel"), "enum", "must be one of email_marketing, phone, sms"});
    else if (!seen.insert(std::string(ch->as_string())).second)
      errors.push_back({at("consents", i, "channel"), "duplicate", "has a consent on the form already"});
    else
      c.channel = ch->as_string();
    if (auto* x = o.if_contains("text")) {
      if (auto text = read_text(*x, at("consents", i, "text"), kMaxConsentChars, errors)) c.text = *text;
    } else {
      errors.push_back({at("consents", i, "text"), "required", "is required: what the visitor agrees to"});
    }
    out.push_back(std::move(c));
  }
  return out;
}

// null clears; else read by `read`.
template <typename Read>
std::optional<std::optional<std::string>> nullable(const json::object& body, const char* key, Read read) {
  auto* v = body.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  return read(*v);
}

}  // namespace

Result<FormChange> read_form_body(const json::object& body, bool creating) {
  std::vector<FieldError> errors;
  unknown_keys(body, {"name", "target", "fields", "consents", "success_message", "redirect_url", "list_id", "enabled"}, errors);
  FormChange out;
  if (auto* v = body.if_contains("name")) out.name = read_text(*v, "name", kMaxNameChars, errors);
  else if (creating) errors.push_back({"name", "required", "is required"});
  if (auto* v = body.if_contains("target")) {
    if (!v->is_string() || (v->as_string() != "lead" && v->as_string() != "contact"))
      errors.push_back({"target", "enum", "must be lead or contact"});
    else out.target = std::string(v->as_string());
  } else if (creating) {
    out.target = "contact";
  }
  if (auto* v = body.if_contains("fields")) out.fields = read_fields(*v, errors);
  else if (creating) errors.push_back({"fields", "required", "is required: at least the email field"});
  if (auto* v = body.if_contains("consents")) out.consents = read_consents(*v, errors);
  out.success_message = nullable(body, "success_message", [&](const json::value& v) -> std::optional<std::string> {
    return read_text(v, "success_message", kMaxMessageChars, errors);
  });
  out.redirect_url = nullable(body, "redirect_url", [&](const json::value& v) -> std::optional<std::string> {
    if (!v.is_string() || !formats::is_url(v.as_string())) {
      errors.push_back({"redirect_url", "url", "must be an absolute http or https URL (at most 2048 characters), or null"});
      return std::nullopt;
    }
    return std::string(v.as_string());
  });
  out.list_id = nullable(body, "list_id", [&](const json::value& v) -> std::optional<std::string> {
    if (!v.is_string() || !ids::is_uuid(v.as_string())) {
      errors.push_back({"list_id", "type", "must be a static list's id, or null"});
      return std::nullopt;
    }
    return std::string(v.as_string());
  });
  if (auto* v = body.if_contains("enabled")) {
    if (!v->is_bool()) errors.push_back({"enabled", "type", "must be true or false"});
    else out.enabled = v->as_bool();
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return out;
}

}  // namespace rapport::marketing
