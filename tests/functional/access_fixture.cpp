#include "access_fixture.hpp"

namespace rapport::testing {

void Access::SetUpTestSuite() {
  ServerTest::SetUpTestSuite();
  auto team = [](const std::string& name) {
    json::value body = json::object{{"name", name}};
    auto r = client_->call("POST", "/api/v1/teams", token_, &body);
    EXPECT_EQ(r.status, 201) << r.body;
    return text(r.json(), "id");
  };
  east_ = team("East");
  west_ = team("West");
  add_member("rep1", "sales_rep", {json::value(east_)});
  add_member("rep2", "sales_rep", {json::value(east_)});
  add_member("rep3", "sales_rep", {json::value(west_)});
  add_member("manager", "sales_manager", {json::value(east_)});
  add_member("support", "support_agent", {});
  add_member("reader", "read_only", {});
}

Member& Access::add_member(const std::string& key, const std::string& role, const json::array& team_ids) {
  auto member = std::make_unique<Member>();
  member->email = key + "-" + random_suffix() + "@access.test";
  std::string password = "password-of-" + key + "-123";
  json::value body = json::object{{"email", member->email}, {"password", password}, {"role", role}, {"team_ids", team_ids}};
  auto r = client_->call("POST", "/api/v1/users", token_, &body);
  EXPECT_EQ(r.status, 201) << r.body;
  member->id = text(r.json(), "id");
  member->client = std::make_unique<HttpClient>(server_->port());
  member->token = login(*member->client, member->email, password);
  auto& slot = members_[key];
  slot = std::move(member);
  return *slot;
}

}  // namespace rapport::testing
