// Saved views follow what they name: erasing a contact takes the person's e-mail addresses, phone
// numbers and names out of every view's filter conditions (any owner's, any object type's, and out
// of the views' history), and deleting a custom field takes it out of its object's views (filters,
// column, sort). The rest of each view stays, and another workspace's identical views are untouched.
#include "views_helpers.hpp"
#include "platform/ascii.hpp"

namespace rapport::testing {
namespace {

class ViewsUpkeep : public Views {
 protected:
  static void SetUpTestSuite() {
    Views::SetUpTestSuite();
    // Workspace B, made while the server runs, with its own admin.
    const std::string email = "b-" + random_suffix() + "@upkeep.test", password = "workspace-b-password-1";
    auto ws = run_rapport({"workspace", "create", "--name", "B", "--admin-email", email, "--data", server_->data_dir()},
                          {{"RAPPORT_ADMIN_PASSWORD", password}});
    ASSERT_EQ(ws.exit_code, 0) << ws.output;
    b_client_ = std::make_unique<HttpClient>(server_->port());
    b_token_ = login(*b_client_, email, password);
  }
  static void TearDownTestSuite() {
    b_client_.reset();
    Views::TearDownTestSuite();
  }

  HttpResponse as_b(const std::string& method, const std::string& target, const json::value* body = nullptr) {
    return b_client_->call(method, target, b_token_, body);
  }
  json::value saved_in_b(const json::object& body) {
    json::value v = body;
    auto r = as_b("POST", "/api/v1/views", &v);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  // A view as `who` reads it now.
  json::value read_view(const std::string& who, const json::value& view) {
    auto r = who == "b" ? as_b("GET", "/api/v1/views/" + text(view, "id")) : call(who, "GET", "/api/v1/views/" + text(view, "id"));
    EXPECT_EQ(r.status, 200) << who << ": " << r.body;
    return r.json();
  }
  void define(const std::string& who, const std::string& object, const std::string& name, const std::string& type) {
    json::value body = json::object{{"object_type", object}, {"name", name}, {"type", type}};
    auto r = who == "b" ? as_b("POST", "/api/v1/custom-fields", &body) : post("/api/v1/custom-fields", body);
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // `after` is `before` with these filters, columns and sort, one version later; nothing else changed.
  static void expect_changed_to(const json::value& before, const json::value& after, const json::array& filters,
                                const json::array& columns, const json::value& sort) {
    EXPECT_EQ(after.at("filters"), json::value(filters)) << json::serialize(after);
    EXPECT_EQ(after.at("columns"), json::value(columns)) << json::serialize(after);
    EXPECT_EQ(after.at("sort"), sort) << json::serialize(after);
    EXPECT_EQ(after.at("version").as_int64(), before.at("version").as_int64() + 1);
    for (const char* k : {"id", "object_type", "name", "visibility", "position", "owner_id", "created_at"})
      EXPECT_EQ(after.at(k), before.at(k)) << k;
  }

  // The actions of a view's audit entries, oldest first, and the entries' text.
  std::pair<std::vector<std::string>, std::string> history(const std::string& id) {
    auto r = get("/api/v1/audit-events?object_type=views&object_id=" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> actions;
    for (const auto& e : data_of(r)) actions.insert(actions.begin(), text(e, "action"));  // newest first
    return {actions, r.body};
  }

  static inline std::unique_ptr<HttpClient> b_client_;
  static inline std::string b_token_;
};

using ascii::lower;

using ascii::upper;

TEST_F(ViewsUpkeep, AnErasedPersonsValuesLeaveTheFiltersOfEveryViewOfTheWorkspace) {
  const std::string x = random_suffix();
  const std::string first = "Janeth" + x, last = "Doevic" + x;
  const std::string email = "jane." + x + "@example.com", alt = "jd." + x + "@example.org";
  const std::string digits = std::to_string(10 + std::stoul(x.substr(0, 6), nullptr, 16) % 90);
  json::value person = json::object{{"first_name", first},
                                    {"last_name", last},
                                    {"email", email},
                                    {"emails", json::array{json::value(alt)}},
                                    {"phone", "+49 30 901820" + digits},
                                    {"city", "Paris"}};
  auto created = post("/api/v1/contacts", person);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string contact = text(created.json(), "id"), phone = text(created.json(), "phone");
  ASSERT_EQ(phone, "+4930901820" + digits) << "stored in E.164";

  // rep1's private view: two conditions name the person (one in upper case), an `in` lists them among others.
  auto mine = saved("rep1", {{"name", "Mine " + x},
                             {"filters", json::array{filter("email", "eq", upper(email)), filter("lifecycle_stage", "eq", "customer"),
                                                     filter("email", "in", "keep." + x + "@example.com," + email),
                                                     filter("phones", "eq", phone)}},
                             {"columns", json::array{"last_name", "email"}},
                             {"sort", "-created_at"}});
  // rep2's shared view: the names (single and full, any case), the phone; one condition is someone else's.
  auto shared = saved("rep2", {{"name", "Shared " + x},
                               {"visibility", "workspace"},
                               {"filters", json::array{filter("first_name", "eq", lower(first)), filter("last_name", "ne", last),
                                                       filter("description", "contains", first + " " + last),
                                                       filter("city", "eq", "Paris"), filter("phone", "eq", phone)}},
                               {"columns", json::array{"first_name"}}});
  // The admin's shared view of another object type: every condition is the person's.
  auto activities = saved("admin", {{"object_type", "activities"},
                                    {"name", "Mail " + x},
                                    {"visibility", "workspace"},
                                    {"filters", json::array{filter("email_from", "eq", alt), filter("email_to", "eq", email)}}});
  // rep3's view holds parts of the person's values and other people's: not theirs, kept.
  auto others = saved("rep3", {{"name", "Others " + x},
                               {"filters", json::array{filter("email", "eq", "other." + x + "@example.com"),
                                                       filter("last_name", "starts_with", last.substr(0, 8)),
                                                       filter("email", "contains", "jane." + x),
                                                       filter("first_name", "in", "Ann," + first.substr(0, first.size() - 1))}}});
  // Workspace B keeps a view identical to rep1's.
  auto in_b = saved_in_b({{"object_type", "contacts"}, {"name", "Mine " + x}, {"filters", mine.at("filters")}, {"columns", mine.at("columns")},
                          {"sort", mine.at("sort")}});

  auto erased = post("/api/v1/contacts/" + contact + "/erase", json::object{});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json().at("views_changed"), 3) << erased.body;

  expect_changed_to(mine, read_view("rep1", mine),
                    json::array{filter("lifecycle_stage", "eq", "customer"), filter("email", "in", "keep." + x + "@example.com")},
                    json::array{"last_name", "email"}, "-created_at");
  expect_changed_to(shared, read_view("rep2", shared), json::array{filter("city", "eq", "Paris")}, json::array{"first_name"}, nullptr);
  expect_changed_to(activities, read_view("admin", activities), json::array{}, json::array{}, nullptr);
  EXPECT_EQ(read_view("rep3", others), others);
  EXPECT_EQ(read_view("b", in_b), in_b) << "another workspace's view";

  // The views stay lists the list route takes.
  auto replay = call("rep1", "GET", "/api/v1/contacts?filter[lifecycle_stage][eq]=customer&filter[email][in]=keep." + x + "@example.com&sort=-created_at");
  EXPECT_EQ(replay.status, 200) << replay.body;

  // Each change is audited without the values, and no earlier entry of the workspace's views keeps them.
  auto [actions, entries] = history(text(mine, "id"));
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "erase_filter"}));
  EXPECT_NE(entries.find("[erased]"), std::string::npos) << entries;
  auto all = get("/api/v1/audit-events?object_type=views&limit=500");
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find(text(others, "id")), std::string::npos) << "the page holds this test's entries";
  for (const auto& value : {email, alt, phone, first, last})
    EXPECT_EQ(lower(all.body).find(lower(value)), std::string::npos) << value << " left in the views' audit entries";
  auto erase_entry = get("/api/v1/audit-events?object_type=contacts&action=erase&object_id=" + contact);
  ASSERT_EQ(erase_entry.status, 200);
  ASSERT_EQ(data_of(erase_entry).size(), 1u) << erase_entry.body;
  EXPECT_NE(erase_entry.body.find(R"({"field":"views_changed","before":null,"after":3})"), std::string::npos) << erase_entry.body;
  // B's history of its view is its own.
  auto b_audit = as_b("GET", "/api/v1/audit-events?object_type=views&object_id=" + text(in_b, "id"));
  ASSERT_EQ(b_audit.status, 200);
  EXPECT_NE(lower(b_audit.body).find(lower(email)), std::string::npos) << b_audit.body;
  EXPECT_EQ(data_of(b_audit).size(), 1u) << b_audit.body;
}

TEST_F(ViewsUpkeep, AnErasureThatNoViewNamesChangesNoView) {
  const std::string x = random_suffix();
  auto kept = saved("rep1", {{"name", "Kept " + x}, {"filters", json::array{filter("last_name", "eq", "Someone" + x)}}});
  const std::string contact = create("contacts", json::object{{"last_name", "Nobody" + x}, {"email", "nobody." + x + "@example.com"}});
  auto erased = post("/api/v1/contacts/" + contact + "/erase", json::object{});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_EQ(erased.json().at("views_changed"), 0);
  EXPECT_EQ(read_view("rep1", kept), kept);
}

TEST_F(ViewsUpkeep, ADeletedCustomFieldLeavesTheViewsOfItsObject) {
  const std::string x = random_suffix();
  const std::string tier = "tier_" + x, keep = "keep_" + x;
  define("admin", "contacts", tier, "number");
  define("admin", "contacts", keep, "text");
  define("admin", "deals", tier, "number");  // the same name on another object
  define("b", "contacts", tier, "number");
  define("b", "contacts", keep, "text");
  const std::string t = "custom." + tier, k = "custom." + keep;

  // rep1's private view filters, shows and sorts on it.
  auto mine = saved("rep1", {{"name", "Tiers " + x},
                             {"filters", json::array{filter(t, "gte", "2"), filter("city", "eq", "Paris"), filter(t, "is_null", "false")}},
                             {"columns", json::array{"last_name", json::value(t), json::value(k)}},
                             {"sort", "-" + t}});
  // The admin's shared view: its sort is on another field and stays.
  auto shared = saved("admin", {{"name", "Top " + x},
                                {"visibility", "workspace"},
                                {"filters", json::array{filter(t, "eq", "3")}},
                                {"columns", json::array{json::value(t)}},
                                {"sort", k}});
  // A view whose value merely spells the field's name, and the deals' field of the same name: kept.
  auto unrelated = saved("rep2", {{"name", "Keep " + x}, {"filters", json::array{filter(k, "eq", t)}}, {"columns", json::array{json::value(k)}},
                                  {"sort", "last_name"}});
  auto deals = saved("rep1", {{"object_type", "deals"},
                              {"name", "Deal tiers " + x},
                              {"filters", json::array{filter(t, "gte", "1")}},
                              {"columns", json::array{json::value(t)}},
                              {"sort", "-" + t}});
  auto in_b = saved_in_b({{"object_type", "contacts"}, {"name", "Tiers " + x}, {"filters", mine.at("filters")}, {"columns", mine.at("columns")},
                          {"sort", mine.at("sort")}});

  auto fields = get("/api/v1/custom-fields?object_type=contacts");
  std::string id;
  for (const auto& d : data_of(fields))
    if (text(d, "name") == tier) id = text(d, "id");
  ASSERT_FALSE(id.empty()) << fields.body;
  auto deleted = del("/api/v1/custom-fields/" + id);
  ASSERT_EQ(deleted.status, 204) << deleted.body;

  expect_changed_to(mine, read_view("rep1", mine), json::array{filter("city", "eq", "Paris")}, json::array{"last_name", json::value(k)},
                    nullptr);
  expect_changed_to(shared, read_view("admin", shared), json::array{}, json::array{}, json::value(k));
  EXPECT_EQ(read_view("rep2", unrelated), unrelated);
  EXPECT_EQ(read_view("rep1", deals), deals) << "a view of another object";
  EXPECT_EQ(read_view("b", in_b), in_b) << "another workspace's view";
  auto [actions, entries] = history(text(mine, "id"));
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "custom_field_deleted"})) << entries;

  // What is left is a list the list route takes; the field itself is no longer one.
  auto replay = call("rep1", "GET", "/api/v1/contacts?filter[city][eq]=Paris");
  EXPECT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(call("rep1", "GET", "/api/v1/contacts?sort=-" + t).status, 400);
}

}  // namespace
}  // namespace rapport::testing
