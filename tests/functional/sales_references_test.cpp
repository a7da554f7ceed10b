// When a deal's references count (records::ReferencePolicy, which each field declares): a pipeline
// or a stage while not archived, an owner while the user is active, a company while it is live. A
// reference that does not count is a 422 on its field and changes nothing.
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

// The fields of a problem document's errors with code "not_found".
std::vector<std::string> not_found(const HttpResponse& r) {
  std::vector<std::string> out;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("errors")) return out;
  for (const auto& e : j.at("errors").as_array())
    if (e.at("code") == "not_found") out.emplace_back(e.at("field").as_string());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST_F(Sales, DealReferencesCountUnderTheirFieldsPolicy) {
  auto p = make_pipeline(unique_name("Refs "));
  auto archived = make_pipeline(unique_name("Archived "));
  ASSERT_EQ(del("/api/v1/pipelines/" + archived.id).status, 204);
  std::string deal = make_deal(p, "Referrer");

  json::value in_archived = json::object{{"name", "Nowhere"}, {"pipeline_id", archived.id}};
  auto a = post("/api/v1/deals", in_archived);
  EXPECT_EQ(a.status, 422) << a.body;
  EXPECT_TRUE(has(not_found(a), "pipeline_id")) << a.body;

  // A removed stage (it held no deals) is archived.
  ASSERT_EQ(del("/api/v1/pipelines/" + p.id + "/stages/" + p.propose).status, 204);
  json::value to_removed = json::object{{"stage_id", p.propose}};
  auto s = patch("/api/v1/deals/" + deal, to_removed);
  EXPECT_EQ(s.status, 422) << s.body;
  EXPECT_TRUE(has(not_found(s), "stage_id")) << s.body;

  // An owner counts while active.
  json::value user = json::object{{"email", "owner" + unique_name("") + "@refs.test"}, {"password", "long-enough-password"}, {"role", "sales_rep"}};
  auto u = post("/api/v1/users", user);
  ASSERT_EQ(u.status, 201) << u.body;
  std::string owner = text(u.json(), "id");
  json::value to_owner = json::object{{"owner_id", owner}};
  auto o = patch("/api/v1/deals/" + deal, to_owner);
  ASSERT_EQ(o.status, 200) << o.body;
  json::value off = json::object{{"active", false}};
  ASSERT_EQ(patch("/api/v1/users/" + owner, off).status, 200);
  std::string other = make_deal(p, "Other");
  auto inactive = patch("/api/v1/deals/" + other, to_owner);
  EXPECT_EQ(inactive.status, 422) << inactive.body;
  EXPECT_TRUE(has(not_found(inactive), "owner_id")) << inactive.body;

  // A company counts while live (and readable: tests/functional/access_*).
  std::string company = create("companies", json::object{{"name", unique_name("Binned ")}});
  ASSERT_EQ(del("/api/v1/companies/" + company).status, 204);
  json::value to_company = json::object{{"company_id", company}};
  auto c = patch("/api/v1/deals/" + other, to_company);
  EXPECT_EQ(c.status, 422) << c.body;
  EXPECT_TRUE(has(not_found(c), "company_id")) << c.body;

  EXPECT_EQ(get("/api/v1/deals/" + other).json().at("version").as_int64(), 1);
  EXPECT_EQ(get("/api/v1/deals/" + deal).json().at("version").as_int64(), 2);
}

}  // namespace
}  // namespace rapport::testing
