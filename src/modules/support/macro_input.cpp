#include "modules/support/macro_input.hpp"

#include "modules/email/template_engine.hpp"
#include "modules/support/specs.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/ids.hpp"
#include "platform/records/validate.hpp"
#include "platform/utf8.hpp"

namespace rapport::support {
namespace json = boost::json;

std::optional<json::object> read_macro_changes(const json::value& v, std::vector<FieldError>& errors) {
  if (!v.is_object()) {
    errors.push_back({"changes", "type", "must be an object: status, priority, assignee_id, team_id, add_tags, remove_tags"});
    return std::nullopt;
  }
  const std::size_t before = errors.size();
  json::object out;
  for (const auto& kv : v.as_object()) {
    const std::string key(kv.key());
    const std::string path = "changes." + utf8::scrub(key);
    if (key == "status" || key == "priority") {
      // The ticket's own rule for the field (its options); a macro cannot clear them.
      std::vector<FieldError> field_errors;
      auto value = kv.value().is_null() ? json::value(nullptr)
                                        : records::validate_value(*ticket_spec().field(key), kv.value(), "", field_errors);
      if (value.is_null()) {
        const std::string why = field_errors.empty() ? "must be one of the ticket's options" : field_errors[0].message;
        errors.push_back({path, field_errors.empty() ? "required" : field_errors[0].code, why});
      } else {
        out[key] = value;
      }
    } else if (key == "assignee_id" || key == "team_id") {
      // assignee_id null unassigns; a ticket keeps a team, so team_id names one.
      if (kv.value().is_null() && key == "assignee_id") out[key] = nullptr;
      else if (!kv.value().is_string() || !ids::is_uuid(kv.value().as_string()))
        errors.push_back({path, "format", key == "assignee_id" ? "must be a user's id, or null to unassign" : "must be a team's id"});
      else out[key] = kv.value();
    } else if (key == "add_tags" || key == "remove_tags") {
      if (auto tags = records::normalize_tags(kv.value(), path, errors)) out[key] = std::move(*tags);
    } else {
      errors.push_back({path, "unknown", "is not a change a macro makes (status, priority, assignee_id, team_id, add_tags, remove_tags)"});
    }
  }
  if (errors.size() != before) return std::nullopt;
  return out;
}

Result<MacroChange> read_macro_body(const json::object& body, bool creating) {
  http::BodyReader in(body);
  in.only({"name", "kind", "body", "changes", "shared"}, "a macro (name, kind, body, changes, shared)");
  MacroChange m;
  if (const auto* v = body.if_contains("name")) {
    auto points = v->is_string() ? utf8::decode(v->as_string()) : std::nullopt;
    if (!points || points->empty() || points->size() > kMaxMacroNameChars)
      in.error("name", "length", "must be text of 1 to " + std::to_string(kMaxMacroNameChars) + " characters");
    else m.name = std::string(v->as_string());
  } else if (creating) {
    in.error("name", "required", "is required");
  }
  if (const auto* v = body.if_contains("kind")) {
    if (!v->is_string() || (v->as_string() != "reply" && v->as_string() != "note"))
      in.error("kind", "enum", "must be reply (sent to the requester) or note (internal)");
    else m.kind = std::string(v->as_string());
  } else if (creating) {
    in.error("kind", "required", "is required: reply or note");
  }
  // The body's merge fields are compiled by the service; here its size: at most a message's, in
  // bytes of the template (the rendered message is held to kMaxMessageBody characters again).
  if (const auto* v = body.if_contains("body")) {
    if (!v->is_string() || !utf8::valid(v->as_string()) || v->as_string().size() > email::kMaxTemplateBytes)
      in.error("body", "length", "must be UTF-8 text of at most " + std::to_string(email::kMaxTemplateBytes) + " bytes");
    else m.body = std::string(v->as_string());
  }
  if (const auto* v = body.if_contains("changes")) m.changes = read_macro_changes(*v, in.errors());
  m.shared = in.boolean("shared");
  if (creating && in.ok() && m.body.value_or("").empty() && (!m.changes || m.changes->empty()))
    in.error("body", "required", "a macro needs a body or some changes");
  if (!in.ok()) return in.problem();
  return m;
}

}  // namespace rapport::support
