#include "app/openapi_schema.hpp"

#include "platform/identity/securable_objects.hpp"

namespace rapport::app {
namespace json = boost::json;

void add_access_schemas(json::object& schemas) {
  json::object scope{{"type", "string"}, {"enum", json::array{"none", "own", "team", "all"}}};
  json::object grants = obj({{"read", scope}, {"create", scope}, {"update", scope}, {"delete", scope}, {"export", scope}});
  // The objects a role names are the securable ones, listed from the same list the roles are read with.
  json::array objects;
  std::string names;
  for (const auto& o : identity::securable_objects()) {
    objects.push_back(json::value(o));
    names += (names.empty() ? "" : ", ") + o;
  }
  json::object permissions{{"type", "object"},
                           {"description", "Per object (" + names + "): per action a scope; an object left out is none"},
                           {"propertyNames", json::object{{"enum", objects}}},
                           {"additionalProperties", grants}};
  json::object field_rule{{"type", "string"}, {"enum", json::array{"hidden", "read_only"}}};
  json::object field_rules{{"type", "object"},
                           {"description", "Per object (" + names + "): field name (custom.<name> for custom fields) to a rule"},
                           {"propertyNames", json::object{{"enum", objects}}},
                           {"additionalProperties", json::object{{"type", "object"}, {"additionalProperties", field_rule}}}};
  schemas["Role"] = obj({{"name", str()},
                         {"label", str()},
                         {"description", nstr()},
                         {"builtin", boolean()},
                         {"admin", boolean()},
                         {"can_reassign", boolean()},
                         {"permissions", permissions},
                         {"field_rules", field_rules}},
                        {"name", "label", "builtin", "admin", "can_reassign", "permissions", "field_rules"});
  schemas["RolePage"] = page_of("Role");
  schemas["RoleInput"] = obj({{"name", str()},
                              {"label", str()},
                              {"description", nstr()},
                              {"can_reassign", boolean()},
                              {"permissions", permissions},
                              {"field_rules", field_rules}});

  json::object ids = array_of(json::object{{"type", "string"}, {"format", "uuid"}});
  // The password policy (access/passwords.hpp); JSON Schema's minLength counts code points too.
  json::object password{{"type", "string"},
                        {"minLength", 12},
                        {"description", "A new password: at least 12 characters (Unicode code points), at most 1024 bytes, "
                                        "no control characters, not one character repeated, not one of the commonly used "
                                        "passwords of the list shipped with the server (NIST SP 800-63B, compared "
                                        "case-insensitively); 422 naming the field otherwise"}};
  schemas["User"] = obj({{"id", str()},
                         {"email", str()},
                         {"name", nstr()},
                         {"role", str()},
                         {"active", boolean()},
                         {"team_ids", ids},
                         {"created_at", str()},
                         {"updated_at", str()}},
                        {"id", "email", "role", "active", "team_ids"});
  schemas["UserPage"] = page_of("User");
  schemas["UserInput"] = obj({{"email", str()}, {"password", password}, {"name", nstr()}, {"role", str()}, {"team_ids", ids}},
                             {"email", "password", "role"});
  schemas["UserUpdate"] = obj({{"name", nstr()}, {"role", str()}, {"team_ids", ids}, {"active", boolean()}, {"password", password}});

  schemas["Team"] = obj({{"id", str()},
                         {"name", str()},
                         {"description", nstr()},
                         {"member_ids", ids},
                         {"created_at", str()},
                         {"updated_at", str()},
                         {"version", json::object{{"type", "integer"}}}},
                        {"id", "name", "member_ids"});
  schemas["TeamPage"] = page_of("Team");
  schemas["TeamInput"] = obj({{"name", str()}, {"description", nstr()}, {"member_ids", ids}});

  json::object zone{{"type", "string"}, {"maxLength", 64}, {"description", "An IANA time zone name, e.g. Europe/Paris or UTC"}};
  schemas["Workspace"] = obj({{"id", str()}, {"name", str()}, {"time_zone", zone}, {"created_at", str()}},
                             {"id", "name", "time_zone", "created_at"});
  schemas["WorkspaceInput"] = obj({{"name", str()}, {"time_zone", zone}});

  schemas["SessionInfo"] = obj({{"id", str()}, {"created_at", str()}, {"expires_at", str()}, {"last_seen_at", nstr()},
                                {"current", boolean()}},
                               {"id", "created_at", "expires_at", "current"});
  schemas["SessionInfoPage"] = page_of("SessionInfo");
  schemas["PasswordChange"] = obj({{"current_password", str()}, {"new_password", password}}, {"current_password", "new_password"});

  json::object key_props{{"id", str()},         {"name", str()},         {"prefix", str()},
                         {"user_id", str()},    {"created_at", str()},   {"expires_at", nstr()},
                         {"last_used_at", nstr()}, {"revoked_at", nstr()}, {"role", nstr()}};
  schemas["ApiKey"] = obj(key_props);
  schemas["ApiKeyPage"] = page_of("ApiKey");
  schemas["ApiKeyInput"] = obj({{"name", str()}, {"expires_at", nstr()}, {"role", nstr()}}, {"name"});
  schemas["NewApiKey"] = obj({{"id", str()}, {"name", str()}, {"prefix", str()}, {"key", str()}, {"user_id", str()},
                              {"expires_at", nstr()}, {"role", nstr()}});
}

}  // namespace rapport::app
