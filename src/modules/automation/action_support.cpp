#include "modules/automation/action_support.hpp"

#include "platform/records/scope.hpp"
#include "platform/utf8.hpp"

namespace rapport::automation {
namespace json = boost::json;

void refuse_unknown_keys(CheckEnv& env, const json::object& params, const std::set<std::string>& allowed) {
  for (const auto& kv : params) {
    std::string key(kv.key());
    if (key != "type" && !allowed.count(key))
      env.errors.push_back({env.path + "." + utf8::scrub(key), "unknown", "is not a key of this action"});
  }
}

std::optional<std::string> text_param(CheckEnv& env, const json::object& params, std::string_view key, std::size_t max_chars,
                                      bool required) {
  const std::string path = env.path + "." + std::string(key);
  const auto* v = params.if_contains(key);
  if (!v) {
    if (required) env.errors.push_back({path, "required", "is required"});
    return std::nullopt;
  }
  auto points = v->is_string() ? utf8::decode(v->as_string()) : std::nullopt;
  if (!points || points->empty() || points->size() > max_chars) {
    env.errors.push_back({path, "length", "must be a string of 1 to " + std::to_string(max_chars) + " characters"});
    return std::nullopt;
  }
  return std::string(v->as_string());
}

void require_scope(CheckEnv& env, std::string_view object, identity::Action action) {
  if (env.author.scope(object, action) == identity::Scope::None)
    env.errors.push_back({env.path, "forbidden",
                          "the rule's author may not " + std::string(identity::action_name(action)) + " " + std::string(object)});
}

void require_writable(CheckEnv& env, std::string_view object, const json::object& body, const std::string& prefix) {
  for (auto& e : records::forbidden_fields(env.author, object, body)) {
    e.field.insert(0, prefix);
    e.message = "the rule's author may not change it: it " + e.message;
    env.errors.push_back(std::move(e));
  }
}

bool active_user(db::Connection& c, const std::string& workspace_id, const std::string& user_id) {
  return !std::holds_alternative<std::nullptr_t>(
      c.scalar("SELECT id FROM users WHERE workspace_id = ? AND id = ? AND active = 1", {workspace_id, user_id}));
}

Result<json::object> update_record(ActionEnv& env, const json::object& body, json::object detail) {
  records::Service* svc = env.services(env.spec.object);
  if (!svc) return Problem::internal();
  const std::string id(env.record.at("id").as_string());
  auto written = svc->update(env.ctx, id, body, "", [&](db::Connection& c, const json::object&) -> Status {
    if (env.commit) env.commit(c, detail);
    return ok_status();
  });
  if (!written) return written.take_problem();
  return detail;
}

json::object field_change(const json::object& record, const std::string& field, const json::value& after) {
  json::value before = nullptr;
  if (field.rfind("custom.", 0) == 0) {
    if (const auto* custom = record.if_contains("custom"); custom && custom->is_object())
      if (const auto* v = custom->as_object().if_contains(field.substr(7))) before = *v;
  } else if (const auto* v = record.if_contains(field)) {
    before = *v;
  }
  return json::object{{"field", field}, {"before", before}, {"after", after}};
}

}  // namespace rapport::automation
