// Every sales route declares the query parameters it takes (with a type, and the allowed values where
// they are fixed) and refuses any other with 400, so the OpenAPI document lists everything a handler
// can read: an undeclared parameter never reaches it.
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

bool sales_path(const std::string& path) {
  for (const char* prefix : {"/api/v1/pipelines", "/api/v1/deals", "/api/v1/leads", "/api/v1/products", "/api/v1/reports"})
    if (path.rfind(prefix, 0) == 0) return true;
  return false;
}

// The path with every {param} replaced by an id that names nothing.
std::string concrete(std::string path) {
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{'))
    path.replace(open, path.find('}', open) - open + 1, "0190a000-0000-7000-8000-00000000abcd");
  return path;
}

// A value of the declared type, good enough to get past the parameter's name.
std::string sample(const json::object& param) {
  const auto& schema = param.at("schema").as_object();
  if (auto* values = schema.if_contains("enum")) return std::string(values->as_array()[0].as_string());
  if (schema.contains("format") && schema.at("format") == "uuid") return "0190a000-0000-7000-8000-00000000abcd";
  if (schema.at("type") == "integer") return schema.contains("minimum") ? std::to_string(schema.at("minimum").to_number<int64_t>()) : "1";
  if (schema.at("type") == "boolean") return "true";
  return "2026-01";  // months for the reports; any text for the others
}

TEST_F(Sales, EverySalesRouteDeclaresTheQueryParametersItTakes) {
  auto doc = get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const auto paths = doc.json().at("paths").as_object();
  int operations = 0;
  for (const auto& [path, item] : paths) {
    if (!sales_path(path)) continue;
    for (const auto& [method_lower, op] : item.as_object()) {
      std::string method(method_lower);
      for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      std::string where = method + " " + std::string(path);
      ++operations;
      std::string url = concrete(std::string(path));
      json::value empty = json::object{};
      const json::value* body = method == "POST" || method == "PATCH" ? &empty : nullptr;
      // An undeclared parameter is refused before anything else happens.
      auto unknown = http().call(method, url + "?zz_undeclared=1", token(), body);
      EXPECT_EQ(unknown.status, 400) << where << ": " << unknown.body;
      EXPECT_NE(unknown.body.find("Unknown query parameter"), std::string::npos) << where << ": " << unknown.body;
      // Each declared one has a type and is taken.
      auto* params = op.as_object().if_contains("parameters");
      if (!params) continue;
      for (const auto& p : params->as_array()) {
        const auto& param = p.as_object();
        if (param.at("in") != "query") continue;
        std::string name(param.at("name").as_string());
        ASSERT_TRUE(param.contains("schema") && param.at("schema").as_object().contains("type")) << where << " " << name;
        std::string query = name == "filter" ? "filter[name][eq]=x" : name + "=" + sample(param);
        auto r = http().call(method, url + "?" + query, token(), body);
        EXPECT_EQ(r.body.find("Unknown query parameter"), std::string::npos) << where << " ?" << query << ": " << r.body;
      }
    }
  }
  EXPECT_GE(operations, 40) << "the sales routes were not found in the document";
}

TEST_F(Sales, TheBoardsAndPipelinesParametersAreDocumented) {
  auto doc = get("/api/v1/openapi.json").json();
  auto names = [&](const char* path, const char* method) {
    std::map<std::string, json::object> out;
    for (const auto& p : doc.at("paths").at(path).at(method).at("parameters").as_array())
      if (p.at("in") == "query") out[std::string(p.at("name").as_string())] = p.at("schema").as_object();
    return out;
  };
  auto board = names("/api/v1/pipelines/{id}/board", "get");
  ASSERT_EQ(board.size(), 4u);
  EXPECT_EQ(board["limit"].at("type"), "integer");
  EXPECT_EQ(board["limit"].at("maximum"), 500);
  EXPECT_EQ(board["stage_id"].at("format"), "uuid");
  EXPECT_EQ(board["totals"].at("type"), "boolean");
  EXPECT_TRUE(board.count("cursor"));
  auto pipelines = names("/api/v1/pipelines", "get");
  EXPECT_EQ(pipelines["include_archived"].at("type"), "boolean");
  auto removal = names("/api/v1/pipelines/{id}/stages/{stage_id}", "delete");
  EXPECT_TRUE(removal.count("move_to") && removal.count("lost_reason"));
  // A role's permissions name the six securable objects, not three.
  const auto& permissions = doc.at("components").at("schemas").at("RoleInput").at("properties").at("permissions");
  EXPECT_EQ(permissions.at("propertyNames").at("enum").as_array().size(), 6u);
  EXPECT_NE(std::string(permissions.at("description").as_string()).find("deals"), std::string::npos);
}

}  // namespace
}  // namespace rapport::testing
