// Saved views (/api/v1/views): saving, reading, changing and deleting one; every validation failure
// is a 422 naming the field and stores nothing; names are unique per owner (private) or per
// workspace (shared); a stale If-Match is 412; a custom field works in filters, sort and columns, and
// a view's filters and sort are a list request the list route takes.
#include "views_helpers.hpp"

namespace rapport::testing {
namespace {

class ViewsCrud : public Views {};

TEST_F(ViewsCrud, SaveReadChangeAndDelete) {
  const std::string x = random_suffix();
  json::value body = json::object{{"object_type", "contacts"},
                                  {"name", "Hot " + x},
                                  {"visibility", "workspace"},
                                  {"filters", json::array{filter("last_name", "starts_with", "A"), filter("created_at", "gte", "2026-01-01")}},
                                  {"sort", "-created_at"},
                                  {"columns", json::array{"last_name", "email", "owner_id"}},
                                  {"position", 5}};
  auto created = post("/api/v1/views", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json::value v = created.json();
  const std::string id = text(v, "id");
  EXPECT_EQ(created.header("location"), "/api/v1/views/" + id);
  EXPECT_EQ(created.header("etag"), "\"1\"");
  for (const char* k : {"object_type", "name", "visibility", "filters", "sort", "columns", "position"})
    EXPECT_EQ(v.at(k), body.at(k)) << k;
  EXPECT_EQ(v.at("version"), 1);
  EXPECT_EQ(text(v, "owner_id"), text(get("/api/v1/auth/me").json(), "user_id"));
  EXPECT_EQ(v.as_object().size(), 12u) << created.body;

  auto read = get("/api/v1/views/" + id);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json(), v);
  EXPECT_EQ(read.header("etag"), "\"1\"");
  EXPECT_TRUE(has(listed("admin"), id));

  // A change with the current version; then the same change with the stale one is 412.
  json::value rename = json::object{{"name", "Hotter " + x}, {"sort", nullptr}, {"columns", json::array{"email"}}};
  auto changed = patch("/api/v1/views/" + id, rename, {{"If-Match", "\"1\""}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.header("etag"), "\"2\"");
  EXPECT_EQ(text(changed.json(), "name"), "Hotter " + x);
  EXPECT_TRUE(changed.json().at("sort").is_null());
  EXPECT_EQ(changed.json().at("filters"), body.at("filters")) << "what the change leaves out stays";
  json::value again = json::object{{"name", "Lost " + x}};
  auto stale = patch("/api/v1/views/" + id, again, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(text(get("/api/v1/views/" + id).json(), "name"), "Hotter " + x);
  // Without If-Match a change applies; the same values again change nothing (no new version).
  auto unconditional = patch("/api/v1/views/" + id, rename);
  ASSERT_EQ(unconditional.status, 200);
  EXPECT_EQ(unconditional.json().at("version"), 2);

  // Audited: create and update (the no-op wrote nothing).
  auto audit = get("/api/v1/audit-events?object_type=views&object_id=" + id);
  ASSERT_EQ(audit.status, 200);
  std::vector<std::string> actions;
  for (const auto& e : data_of(audit)) actions.push_back(text(e, "action"));
  EXPECT_EQ(actions, (std::vector<std::string>{"update", "create"})) << audit.body;

  EXPECT_EQ(del("/api/v1/views/" + id, {{"If-Match", "\"1\""}}).status, 412);
  EXPECT_EQ(del("/api/v1/views/" + id, {{"If-Match", "\"2\""}}).status, 204);
  EXPECT_EQ(get("/api/v1/views/" + id).status, 404);
  EXPECT_EQ(del("/api/v1/views/" + id).status, 404);
  EXPECT_FALSE(has(listed("admin"), id));
  EXPECT_EQ(text(data_of(get("/api/v1/audit-events?object_type=views&object_id=" + id))[0], "action"), "delete");
  EXPECT_EQ(get("/api/v1/views/not-an-id").status, 404);
}

TEST_F(ViewsCrud, ListedByPositionThenNameWithDefaults) {
  const std::string x = random_suffix();
  // Products, so that no other test's views are listed.
  auto b = saved("rep1", {{"object_type", "products"}, {"name", "b " + x}, {"position", 3}});
  auto a = saved("rep1", {{"object_type", "products"}, {"name", "A " + x}, {"position", 3}});
  auto first = saved("rep1", {{"object_type", "products"}, {"name", "z " + x}, {"position", 1}});
  // Defaults: private, no filters, the list's sort, no columns, after the last view.
  auto last = saved("rep1", {{"object_type", "products"}, {"name", "last " + x}});
  EXPECT_EQ(text(last, "visibility"), "private");
  EXPECT_EQ(last.at("filters"), json::array{});
  EXPECT_TRUE(last.at("sort").is_null());
  EXPECT_EQ(last.at("columns"), json::array{});
  EXPECT_EQ(last.at("position"), 4);
  EXPECT_EQ(listed("rep1", "products"), (std::vector<std::string>{text(first, "id"), text(a, "id"), text(b, "id"), text(last, "id")}));
}

TEST_F(ViewsCrud, EveryInvalidPartIsA422AndStoresNothing) {
  const std::string x = random_suffix();
  json::array many_filters, many_columns;
  for (int i = 0; i < 21; ++i) many_filters.push_back(filter("last_name", "eq", "x"));
  for (int i = 0; i < 51; ++i) many_columns.push_back(json::value("last_name"));
  auto base = [&](json::object extra) {
    json::object body{{"object_type", "contacts"}, {"name", "Invalid " + x}};
    for (const auto& kv : extra) body[kv.key()] = kv.value();
    return body;
  };
  struct Case {
    json::object body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {json::object{{"name", "x"}}, "object_type"},
      {base({{"object_type", "planets"}}), "object_type"},
      {base({{"name", ""}}), "name"},
      {base({{"name", std::string(101, 'n')}}), "name"},
      {base({{"visibility", "team"}}), "visibility"},
      {base({{"filters", many_filters}}), "filters"},
      {base({{"filters", json::array{filter("nope", "eq", "x")}}}), "filters.0"},
      {base({{"filters", json::array{filter("last_name", "eq", "x"), filter("last_name", "between", "x")}}}), "filters.1"},
      {base({{"filters", json::array{filter("created_at", "gt", "tomorrow")}}}), "filters.0"},
      {base({{"filters", json::array{filter("custom.nothing_" + x, "eq", "1")}}}), "filters.0"},
      {base({{"filters", json::array{json::object{{"field", "last_name"}, {"op", "eq"}}}}}), "filters.0.value"},
      {base({{"sort", "-email"}}), "sort"},  // not sortable in the list either
      {base({{"sort", "planet"}}), "sort"},
      {base({{"columns", json::array{"last_name", "planet"}}}), "columns.1"},
      {base({{"columns", json::array{"last_name", "last_name"}}}), "columns.1"},
      {base({{"columns", many_columns}}), "columns"},
      {base({{"position", -1}}), "position"},
      {base({{"owner_id", "someone"}}), "owner_id"},
  };
  for (const auto& c : cases) {
    auto r = post("/api/v1/views", c.body);
    EXPECT_EQ(r.status, 422) << json::serialize(c.body) << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto fields = error_fields(r);
    EXPECT_TRUE(has(fields, c.field)) << c.field << " in " << r.body;
  }
  // The list refuses the same filter with its own words; the view's error repeats them.
  auto list = get("/api/v1/contacts?filter%5Bnope%5D%5Beq%5D=x");
  ASSERT_EQ(list.status, 400);
  auto view = post("/api/v1/views", base({{"filters", json::array{filter("nope", "eq", "x")}}}));
  EXPECT_EQ(text(view.json().at("errors").as_array()[0], "message"), text(list.json(), "detail"));
  for (const auto& v : data_of(get("/api/v1/views?object_type=contacts")))
    EXPECT_NE(text(v, "name"), "Invalid " + x) << "an invalid view was stored";

  // A change is checked the same way and leaves the view as it was.
  auto v = saved("admin", {{"name", "Valid " + x}});
  const std::string id = text(v, "id");
  for (const auto& change : {json::object{{"filters", json::array{filter("nope", "eq", "x")}}}, json::object{{"sort", "planet"}},
                             json::object{{"object_type", "deals"}}, json::object{{"name", ""}}, json::object{{"columns", json::array{1}}}}) {
    auto r = patch("/api/v1/views/" + id, change);
    EXPECT_EQ(r.status, 422) << json::serialize(change) << ": " << r.body;
  }
  EXPECT_EQ(get("/api/v1/views/" + id).json(), v);
  // The list of views needs its object type.
  EXPECT_EQ(get("/api/v1/views").status, 400);
  EXPECT_EQ(get("/api/v1/views?object_type=planets").status, 400);
  EXPECT_EQ(get("/api/v1/views?object_type=contacts&object_type=deals").status, 400);
}

TEST_F(ViewsCrud, NamesAreUniquePerOwnerWhenPrivateAndPerWorkspaceWhenShared) {
  const std::string x = random_suffix();
  auto mine = saved("rep1", {{"name", "Mine " + x}});
  // The same owner, any letter case: 409 naming the other view.
  auto again = save("rep1", json::object{{"object_type", "contacts"}, {"name", "MINE " + x}});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(error_fields(again), std::vector<std::string>{"name"});
  EXPECT_EQ(text(again.json().at("errors").as_array()[0], "existing_id"), text(mine, "id"));
  // Another owner, another object type, or shared: free.
  saved("rep2", {{"name", "Mine " + x}});
  saved("rep1", {{"object_type", "companies"}, {"name", "Mine " + x}});
  auto shared = saved("rep1", {{"name", "Mine " + x}, {"visibility", "workspace"}});
  // A second shared view of that name, by anyone, is refused.
  auto taken = save("rep2", json::object{{"object_type", "contacts"}, {"name", "mine " + x}, {"visibility", "workspace"}});
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(text(taken.json().at("errors").as_array()[0], "existing_id"), text(shared, "id"));
  // Sharing a private view whose name a shared view has is refused too, and changes nothing.
  json::value share = json::object{{"visibility", "workspace"}};
  auto conflict = as("rep1", "PATCH", "/api/v1/views/" + text(mine, "id"), &share);
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_EQ(text(as("rep1", "GET", "/api/v1/views/" + text(mine, "id")).json(), "visibility"), "private");
  // Renaming onto one's own other view's name is refused; onto a free one works.
  auto other = saved("rep1", {{"name", "Other " + x}});
  json::value onto = json::object{{"name", "mine " + x}};
  EXPECT_EQ(as("rep1", "PATCH", "/api/v1/views/" + text(other, "id"), &onto).status, 409);
  json::value free_name = json::object{{"name", "Free " + x}};
  EXPECT_EQ(as("rep1", "PATCH", "/api/v1/views/" + text(other, "id"), &free_name).status, 200);
}

TEST_F(ViewsCrud, ACustomFieldWorksInFiltersSortAndColumnsAndTheViewReplaysAsAList) {
  const std::string x = random_suffix();
  const std::string name = "tier_" + x;
  json::value field = json::object{{"object_type", "contacts"}, {"name", name}, {"label", "Tier"}, {"type", "number"}};
  ASSERT_EQ(post("/api/v1/custom-fields", field).status, 201);
  create("contacts", json::object{{"last_name", "Tiered" + x}, {"custom", json::object{{name, 3}}}});
  create("contacts", json::object{{"last_name", "Untiered" + x}, {"custom", json::object{{name, 1}}}});
  auto v = saved("admin", {{"name", "Tier " + x},
                           {"filters", json::array{filter("custom." + name, "gte", "2"), filter("last_name", "contains", x)}},
                           {"sort", "-custom." + name},
                           {"columns", json::array{"last_name", "custom." + name}}});
  // What the UI does with a view: its filters and sort become the list's query.
  std::string query = "?sort=" + text(v, "sort");
  for (const auto& f : v.at("filters").as_array())
    query += "&filter%5B" + text(f, "field") + "%5D%5B" + text(f, "op") + "%5D=" + text(f, "value");
  auto list = get("/api/v1/contacts" + query);
  ASSERT_EQ(list.status, 200) << list.body;
  auto rows = data_of(list);
  ASSERT_EQ(rows.size(), 1u) << list.body;
  EXPECT_EQ(text(rows[0], "last_name"), "Tiered" + x);
  // A value the field's type refuses is refused, as the list refuses it.
  auto bad = save("admin", json::object{{"object_type", "contacts"}, {"name", "Bad tier " + x},
                                        {"filters", json::array{filter("custom." + name, "gte", "high")}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(error_fields(bad), std::vector<std::string>{"filters.0"});
  // Another object's custom field is no field of this one.
  auto elsewhere = save("admin", json::object{{"object_type", "companies"}, {"name", "Tier " + x},
                                              {"columns", json::array{"custom." + name}}});
  EXPECT_EQ(elsewhere.status, 422) << elsewhere.body;
}

}  // namespace
}  // namespace rapport::testing
