// Every route declares the query parameters it takes (with a type, and the allowed values or range
// where they are fixed) and refuses any other with 400 before its handler runs (RouteDoc::strict_query),
// so the OpenAPI document lists everything a handler can read. This walks every operation of the
// document: an undeclared parameter must be refused, and each declared one must be taken.
#include <set>

#include "fixture.hpp"
#include "platform/ascii.hpp"

namespace rapport::testing {
namespace {
namespace json = boost::json;

class ApiDocument : public ServerTest {};

// Routes allowed to take parameters the document cannot list ("METHOD /path"), each with its
// reason. None today: a route added here must say why, and its handler must check what it reads.
const std::set<std::string> kNotStrict = {};

// The path with every {param} replaced by an id that names nothing.
std::string concrete(std::string path) {
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{'))
    path.replace(open, path.find('}', open) - open + 1, "0190a000-0000-7000-8000-00000000abcd");
  return path;
}

// A value of the declared type, good enough to get past the parameter's name.
std::string sample(const json::object& schema) {
  if (auto* values = schema.if_contains("enum")) return std::string(values->as_array()[0].as_string());
  if (auto* format = schema.if_contains("format")) {
    if (*format == "uuid") return "0190a000-0000-7000-8000-00000000abcd";
    if (*format == "date-time") return "2026-01-01T00:00:00Z";
  }
  if (schema.at("type") == "integer") return schema.contains("minimum") ? std::to_string(schema.at("minimum").to_number<int64_t>()) : "1";
  if (schema.at("type") == "boolean") return "true";
  return "2026-01";  // months for the reports; any text for the others
}

// The names the Api wrapper's refusal of ?zz_undeclared=1 lists: "Unknown query parameter
// 'zz_undeclared' (a, b)", or "(this route takes none)". {"?"} when the refusal is not the wrapper's.
std::set<std::string> accepted_names(const HttpResponse& r) {
  auto j = r.json();
  const std::string prefix = "Unknown query parameter 'zz_undeclared' (";
  if (!j.is_object() || !j.as_object().contains("detail")) return {"?"};
  std::string detail(j.at("detail").as_string());
  if (detail.rfind(prefix, 0) != 0 || detail.back() != ')') return {"?"};
  std::string list = detail.substr(prefix.size(), detail.size() - prefix.size() - 1);
  if (list == "this route takes none") return {};
  std::set<std::string> out;
  for (std::size_t at = 0; at <= list.size();) {
    auto comma = list.find(", ", at);
    if (comma == std::string::npos) comma = list.size();
    out.insert(list.substr(at, comma - at));
    at = comma + 2;
  }
  return out;
}

using ascii::upper;

TEST_F(ApiDocument, EveryRouteDeclaresTheQueryParametersItTakes) {
  auto response = get("/api/v1/openapi.json");
  ASSERT_EQ(response.status, 200);
  const json::value doc = response.json();
  // A session of its own: should a route reach its handler after all (a logout), the suite's token lives on.
  const std::string session = login(http(), ServerProcess::admin_email(), ServerProcess::admin_password());
  int operations = 0, declared = 0;
  std::string inbound_secret;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method_lower, op_value] : item.as_object()) {
      const auto& op = op_value.as_object();
      const std::string method = upper(method_lower);
      const std::string where = method + " " + std::string(path);
      ++operations;
      const bool is_public = op.at("security").as_array()[0].as_object().empty();
      // A route with a credential of its own (the inbound-email secret) is called with one.
      const bool inbound = op.at("security").as_array()[0].as_object().contains("inboundSecret");
      if (inbound && inbound_secret.empty()) {
        auto made = http().call("POST", "/api/v1/email/inbound-secret", session);
        ASSERT_EQ(made.status, 201) << made.body;
        inbound_secret = std::string(made.json().at("secret").as_string());
      }
      const std::string token = is_public ? "" : inbound ? inbound_secret : session;
      const std::string url = concrete(std::string(path));
      json::value empty = json::object{};
      const json::value* body = method == "POST" || method == "PATCH" || method == "PUT" ? &empty : nullptr;
      std::set<std::string> names;  // the declared query parameters
      if (auto* params = op.if_contains("parameters"))
        for (const auto& p : params->as_array()) {
          const auto& param = p.as_object();
          if (param.at("in") != "query") continue;
          ++declared;
          std::string name(param.at("name").as_string());
          names.insert(name);
          ASSERT_TRUE(param.contains("schema") && param.at("schema").as_object().contains("type")) << where << " " << name;
          const auto& schema = param.at("schema").as_object();
          if (schema.at("type") == "integer") {
            EXPECT_TRUE(schema.contains("minimum") && schema.contains("maximum")) << where << " " << name << ": an integer has a range";
          }
          if (kNotStrict.count(where)) continue;
          // Each declared one is taken (whatever else the handler then says of it).
          std::string query = name == "filter" ? "filter[name][eq]=x" : name + "=" + sample(schema);
          auto r = http().call(method, url + "?" + query, token, body);
          EXPECT_EQ(r.body.find("Unknown query parameter"), std::string::npos) << where << " ?" << query << ": " << r.body;
        }
      if (kNotStrict.count(where)) continue;
      // An undeclared parameter is refused before anything else happens, by the Api wrapper (not by
      // a handler's own check), which names the parameters it accepts: exactly the declared ones.
      auto unknown = http().call(method, url + "?zz_undeclared=1", token, body);
      EXPECT_EQ(unknown.status, 400) << where << ": " << unknown.body;
      EXPECT_EQ(accepted_names(unknown), names) << where << ": " << unknown.body;
    }
  }
  EXPECT_GE(operations, 100) << "the document lists fewer operations than the server has";
  EXPECT_GE(declared, 40);
  // The exceptions name operations of the document.
  for (const auto& where : kNotStrict) {
    auto space = where.find(' ');
    auto* item = doc.at("paths").as_object().if_contains(where.substr(space + 1));
    std::string method = where.substr(0, space);
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_TRUE(item && item->as_object().contains(method)) << where << " is not in the document";
  }
  // Nothing above ended the suite's session.
  EXPECT_EQ(get("/api/v1/auth/me").status, 200);
}

// The parameters of the access and administration routes, as the handlers read them.
TEST_F(ApiDocument, AdministrationRoutesDeclareTypesAndRanges) {
  auto doc = get("/api/v1/openapi.json").json();
  auto schemas = [&](const char* path) {
    std::map<std::string, json::object> out;
    for (const auto& p : doc.at("paths").at(path).at("get").at("parameters").as_array())
      if (p.at("in") == "query") out[std::string(p.at("name").as_string())] = p.at("schema").as_object();
    return out;
  };
  auto users = schemas("/api/v1/users");
  EXPECT_EQ(users["limit"].at("type"), "integer");
  EXPECT_EQ(users["limit"].at("maximum"), 500);
  EXPECT_TRUE(users.count("cursor"));
  auto fields = schemas("/api/v1/custom-fields");
  ASSERT_TRUE(fields.count("object_type"));
  EXPECT_EQ(fields["object_type"].at("enum").as_array().size(), 7u);
  auto bin = schemas("/api/v1/recycle-bin");
  EXPECT_EQ(bin["object_type"].at("enum").as_array().size(), 7u);
  EXPECT_EQ(bin["limit"].at("minimum"), 1);
  auto audit = schemas("/api/v1/audit-events");
  EXPECT_EQ(audit["since"].at("format"), "date-time");
  EXPECT_EQ(audit["limit"].at("maximum"), 500);
  // A role is named, not numbered: its path parameter is text.
  const auto& role = doc.at("paths").at("/api/v1/roles/{name}").at("get").at("parameters").as_array()[0];
  EXPECT_FALSE(role.at("schema").as_object().contains("format")) << role;
  // A value the declaration refuses is refused by the handler too.
  EXPECT_EQ(get("/api/v1/users?limit=501").status, 400);
  EXPECT_EQ(get("/api/v1/custom-fields?object_type=planets").status, 400);
  EXPECT_EQ(get("/api/v1/recycle-bin?object_type=planets").status, 400);
  // One spelling: the record type is object_type, never object.
  EXPECT_EQ(get("/api/v1/recycle-bin?object=contacts").status, 400);
  EXPECT_EQ(get("/api/v1/custom-fields?object=contacts").status, 400);
  EXPECT_EQ(get("/api/v1/audit-events?since=yesterday").status, 400);
}

}  // namespace
}  // namespace rapport::testing
