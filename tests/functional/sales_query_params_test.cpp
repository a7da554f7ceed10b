// The sales routes' query parameters as the document declares them (api_query_params_test checks
// that every route, these included, takes its declared parameters and refuses any other).
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

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
  // A role's permissions name the seven securable objects, not three.
  const auto& permissions = doc.at("components").at("schemas").at("RoleInput").at("properties").at("permissions");
  EXPECT_EQ(permissions.at("propertyNames").at("enum").as_array().size(), 7u);
  EXPECT_NE(std::string(permissions.at("description").as_string()).find("deals"), std::string::npos);
}

}  // namespace
}  // namespace rapport::testing
