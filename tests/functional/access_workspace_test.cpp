// /api/v1/workspace: every member reads the workspace (name, time zone); only an admin changes it,
// with an IANA time zone checked by ICU (422 naming time_zone otherwise) and an audit entry holding
// before and after. Another workspace's name and zone: tenancy_isolation_writes_test.cpp.
#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

class WorkspaceSettings : public Access {};

TEST_F(WorkspaceSettings, EveryMemberReadsOnlyAnAdminChanges) {
  const std::string ws = text(get("/api/v1/auth/me").json(), "workspace_id");
  auto mine = get("/api/v1/workspace");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(text(mine.json(), "id"), ws);
  EXPECT_FALSE(text(mine.json(), "name").empty());
  EXPECT_FALSE(text(mine.json(), "created_at").empty());
  EXPECT_EQ(mine.json().as_object().size(), 4u) << mine.body;
  for (const char* who : {"rep1", "reader", "support"}) {
    auto read = as(who, "GET", "/api/v1/workspace");
    EXPECT_EQ(read.status, 200) << who << ": " << read.body;
    EXPECT_EQ(read.json(), mine.json()) << who;
    json::value change = json::object{{"time_zone", "Asia/Tokyo"}, {"name", "Taken over"}};
    auto refused = as(who, "PATCH", "/api/v1/workspace", &change);
    EXPECT_EQ(refused.status, 403) << who << ": " << refused.body;
  }
  EXPECT_EQ(get("/api/v1/workspace").json(), mine.json()) << "a refused change changed the workspace";

  const std::string before_zone = text(mine.json(), "time_zone");
  const std::string zone = before_zone == "America/Argentina/Buenos_Aires" ? "Europe/Paris" : "America/Argentina/Buenos_Aires";
  auto changed = patch("/api/v1/workspace", json::object{{"time_zone", zone}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(text(changed.json(), "time_zone"), zone);
  EXPECT_EQ(text(changed.json(), "name"), text(mine.json(), "name"));
  EXPECT_EQ(text(get("/api/v1/workspace").json(), "time_zone"), zone);
  EXPECT_EQ(text(as("rep1", "GET", "/api/v1/workspace").json(), "time_zone"), zone);

  auto audit = get("/api/v1/audit-events?object_type=workspaces&limit=1");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const json::array entries = data_of(audit);
  ASSERT_EQ(entries.size(), 1u) << audit.body;
  const json::value& entry = entries[0];
  EXPECT_EQ(text(entry, "object_id"), ws);
  EXPECT_EQ(text(entry, "action"), "update");
  EXPECT_EQ(entry.at("changes"), (json::array{json::object{{"field", "time_zone"}, {"before", before_zone}, {"after", zone}}}));
}

TEST_F(WorkspaceSettings, BadValuesAre422NamingTheFieldAndStoreNothing) {
  auto before = get("/api/v1/workspace");
  ASSERT_EQ(before.status, 200);
  const int64_t audited = static_cast<int64_t>(data_of(get("/api/v1/audit-events?object_type=workspaces&limit=500")).size());
  std::string long_zone = "Europe/";
  while (long_zone.size() <= 64) long_zone += "x";
  const std::vector<std::pair<json::value, std::string>> bad = {
      {json::object{{"time_zone", "Mars/Olympus"}}, "time_zone"},
      {json::object{{"time_zone", ""}}, "time_zone"},
      {json::object{{"time_zone", long_zone}}, "time_zone"},
      {json::object{{"time_zone", "europe/paris"}}, "time_zone"},
      {json::object{{"time_zone", "IST"}}, "time_zone"},
      {json::object{{"time_zone", 1}}, "time_zone"},
      {json::object{{"time_zone", nullptr}}, "time_zone"},
      {json::object{{"name", ""}}, "name"},
      {json::object{{"name", std::string(101, 'n')}}, "name"},
      {json::object{{"name", "Fine"}, {"time_zone", "Mars/Olympus"}}, "time_zone"},
      {json::object{{"colour", "blue"}}, "colour"},
  };
  for (const auto& [body, field] : bad) {
    auto r = patch("/api/v1/workspace", body);
    EXPECT_EQ(r.status, 422) << json::serialize(body) << ": " << r.body;
    EXPECT_EQ(error_fields(r), std::vector<std::string>{field}) << json::serialize(body) << ": " << r.body;
  }
  EXPECT_EQ(get("/api/v1/workspace").json(), before.json()) << "a refused change was stored";
  EXPECT_EQ(static_cast<int64_t>(data_of(get("/api/v1/audit-events?object_type=workspaces&limit=500")).size()), audited);
}

}  // namespace
}  // namespace rapport::testing
