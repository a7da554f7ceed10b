// Workspace isolation on every route of the OpenAPI document: workspace B can neither read, change
// nor delete workspace A's records, its lists show only its own, its writes cannot reference A's
// records, and unique values, custom field names and Idempotency-Keys are per workspace.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "platform/clock.hpp"
#include "tenancy_fixture.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

int64_t integer(const json::value& v, std::string_view key) {
  if (!v.is_object()) return -1;
  auto* m = v.as_object().if_contains(key);
  return m && m->is_int64() ? m->as_int64() : -1;
}

// The ids in the `data` array of a list answer.
std::vector<std::string> ids_of(const HttpResponse& r) {
  std::vector<std::string> out;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("data") || !j.at("data").is_array()) return out;
  for (const auto& e : j.at("data").as_array()) out.push_back(text(e, "id"));
  return out;
}

// The `code` values of a problem document's errors.
std::vector<std::string> error_codes(const HttpResponse& r) {
  std::vector<std::string> out;
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("errors")) return out;
  for (const auto& e : j.at("errors").as_array()) out.push_back(text(e, "code"));
  return out;
}

std::string path_only(const std::string& target) { return target.substr(0, target.find('?')); }

// Checks that a response given to workspace B holds none of workspace A's secrets. The problem
// document's `instance` echoes the path B itself sent (which may carry an id of A's that B already
// had); that one member is not a leak and is left out of the check.
void expect_no_leak(const HttpResponse& r, const std::string& what, const std::string& target,
                    const std::vector<std::string>& secrets) {
  std::string body = r.body;
  auto j = r.json();
  if (j.is_object()) {
    json::object o = j.as_object();
    if (auto* inst = o.if_contains("instance"); inst && inst->is_string() && inst->as_string() == path_only(target))
      o.erase("instance");
    body = json::serialize(o);
  }
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    EXPECT_EQ(body.find(s), std::string::npos) << what << " reveals \"" << s << "\" of workspace A: " << r.body;
  }
  if (r.status >= 400) {
    EXPECT_TRUE(r.header("location").empty()) << what << " answered with a Location: " << r.header("location");
  }
}

// ---- isolation ------------------------------------------------------------------------------------

TEST_F(Tenancy, EveryIdRouteAnswers404ToAnotherWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  auto doc = a_->request("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  auto paths = doc.json().at("paths").as_object();

  // Which of A's objects each family of {id} routes takes, and a body that would be a valid change.
  const std::map<std::string, std::vector<std::string>> ids = {
      {"companies", {s.company, s.deleted_company}},
      {"contacts", {s.contact, s.deleted_contact}},
      {"activities", {s.activity, s.deleted_activity}},
      {"custom-fields", {s.custom_field}},
      {"api-keys", {s.api_key_id}},
      {"users", {s.user_id}},
      {"teams", {s.team}},
      {"roles", {s.role_name}},
      {"auth", {s.session}},
      {"pipelines", {s.pipeline}},
      {"deals", {s.deal}},
      {"leads", {s.lead}},
      {"products", {s.product}},
      {"views", {s.view, s.private_view}},
      {"jobs", {s.job}},
      {"webhooks", {s.webhook}},
      {"automations", {s.automation}},
      {"email-templates", {s.email_template}},
      {"emails", {s.email, s.received_email}},
      {"attachments", {s.attachment}},
      {"calendar-feeds", {s.calendar_feed}},
      {"imports", {s.import}},
      {"import-mappings", {s.import_mapping}},
      {"tickets", {s.ticket}},
      {"business-hours", {s.business_hours}},
      {"sla-policies", {s.sla_policy}},
      {"web-forms", {s.web_form}},
      {"macros", {s.macro}},
      {"segments", {s.segment}},
      {"lists", {s.list}},
      {"forms", {s.form}},
  };
  const std::map<std::string, json::value> patch_bodies = {
      {"companies", json::object{{"name", "hijack"}}},
      {"contacts", json::object{{"last_name", "hijack"}}},
      {"activities", json::object{{"subject", "x"}}},
      {"custom-fields", json::object{{"label", "hijack"}}},
      {"api-keys", json::object{{"name", "hijack"}}},
      {"users", json::object{{"name", "hijack"}}},
      {"teams", json::object{{"name", "hijack"}}},
      {"roles", json::object{{"label", "hijack"}}},
      {"auth", json::object{}},
      {"pipelines", json::object{{"name", "hijack"}}},
      {"deals", json::object{{"name", "hijack"}}},
      {"leads", json::object{{"last_name", "hijack"}}},
      {"products", json::object{{"name", "hijack"}}},
      {"views", json::object{{"name", "hijack"}}},
      {"jobs", json::object{}},
      {"webhooks", json::object{{"description", "hijack"}}},
      {"automations", json::object{{"description", "hijack"}}},
      {"email-templates", json::object{{"name", "hijack"}}},
      {"import-mappings", json::object{{"name", "hijack"}}},
      {"tickets", json::object{{"subject", "hijack"}}},
      {"business-hours", json::object{{"name", "hijack"}}},
      {"sla-policies", json::object{{"name", "hijack"}}},
      {"web-forms", json::object{{"name", "hijack"}}},
      {"macros", json::object{{"name", "hijack"}}},
      {"segments", json::object{{"name", "hijack"}}},
      {"lists", json::object{{"name", "hijack"}}},
      {"forms", json::object{{"name", "hijack"}}},
  };
  int checked = 0;
  std::set<std::string> families_seen;
  for (const auto& p : paths) {
    const std::string pattern(p.key());
    if (pattern.find('{') == std::string::npos) continue;
    // A lead capture form's public address is its id: it writes into its own workspace only
    // (marketing_forms_test.cpp); no session is checked there.
    if (pattern.rfind("/f/", 0) == 0) continue;
    const std::string prefix = "/api/v1/";
    if (pattern.rfind(prefix, 0) != 0) {
      ADD_FAILURE() << pattern << " has a path parameter outside /api/v1/; teach this test which object it takes";
      continue;
    }
    std::string family = pattern.substr(prefix.size(), pattern.find('/', prefix.size()) - prefix.size());
    // A public route's parameter is its credential (a calendar feed's token, which reads that feed
    // whoever holds it): no workspace's session is what it checks (calendar_feeds_test.cpp).
    if (pattern == "/api/v1/calendar-feed/{token}") continue;
    // Public pages' parameters are their credentials (a web form's key opens tickets in its own
    // workspace only; a survey token rates its one ticket): no workspace's session is checked there.
    if (pattern.rfind("/api/v1/public/", 0) == 0) continue;
    // An activity's .ics is a meeting's or task's: A's meeting (a call has none).
    const bool ics = pattern.ends_with("/ics");
    auto it = ids.find(family);
    std::size_t id_pos = pattern.find('{');
    std::size_t id_len = pattern.find('}', id_pos) - id_pos + 1;
    std::size_t params = static_cast<std::size_t>(std::count(pattern.begin(), pattern.end(), '{'));
    // A second parameter ({stage_id}, {item_id}, {delivery_id}) takes A's stage, line item or delivery.
    bool known_second = pattern.find("{stage_id}") != std::string::npos || pattern.find("{item_id}") != std::string::npos ||
                        pattern.find("{delivery_id}") != std::string::npos;
    if (it == ids.end() || id_pos == std::string::npos || params > 2 || (params == 2 && !known_second)) {
      ADD_FAILURE() << pattern << ": this test does not know which record of workspace A to call it with; add it to `ids`";
      continue;
    }
    families_seen.insert(family);
    for (const auto& m : p.value().as_object()) {
      std::string method(m.key());
      for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      for (const auto& id : ics ? std::vector<std::string>{s.meeting, s.deleted_activity} : it->second) {
        std::string target = pattern;
        target.replace(id_pos, id_len, id);
        if (auto second = target.find("{stage_id}"); second != std::string::npos) target.replace(second, 10, s.stage);
        if (auto second = target.find("{item_id}"); second != std::string::npos) target.replace(second, 9, s.line_item);
        if (auto second = target.find("{delivery_id}"); second != std::string::npos) target.replace(second, 13, s.delivery);
        const json::value* body = nullptr;
        if (method == "PATCH" || method == "PUT") body = &patch_bodies.at(family);
        const json::value move_body = json::object{{"stage_id", s.stage}};  // a valid move, of A's deal
        if (target.ends_with("/move")) body = &move_body;
        const json::value item_body = json::object{{"product_id", s.product}, {"quantity", 1}};  // a valid line item
        if (method == "POST" && target.ends_with("/line-items")) body = &item_body;
        auto r = as_b(method, target, body);
        const std::string what = method + " " + target + " as workspace B";
        EXPECT_EQ(r.status, 404) << what << ": " << r.body;
        if (r.status >= 400) {
          EXPECT_EQ(r.header("content-type"), "application/problem+json") << what;
        }
        expect_no_leak(r, what, target, secrets_except(id));
        ++checked;
        // Control: the same read as A finds the record, so the 404 above is the workspace boundary.
        if (method == "GET" && id == (ics ? s.meeting : it->second.front())) {
          auto own = as_a(method, target);
          EXPECT_EQ(own.status, 200) << method << " " << target << " as workspace A: " << own.body;
        }
      }
    }
  }
  EXPECT_EQ(families_seen, (std::set<std::string>{"companies", "contacts", "activities", "custom-fields", "api-keys",
                                                  "users", "teams", "roles", "auth", "pipelines", "deals", "leads",
                                                  "products", "views", "jobs", "webhooks", "automations",
                                                  "email-templates", "emails", "calendar-feeds", "imports",
                                                  "import-mappings", "tickets", "attachments", "business-hours",
                                                  "sla-policies", "web-forms", "macros", "segments", "lists", "forms"}));
  EXPECT_GE(checked, 30) << "the OpenAPI document lists fewer {id} routes than expected";

  // Nothing of A's changed.
  struct Live {
    const char* object;
    std::string id;
    const char* field;
    std::string value;
  };
  for (const auto& l : {Live{"companies", s.company, "name", s.company_name},
                        Live{"contacts", s.contact, "last_name", s.contact_last_name},
                        Live{"activities", s.activity, "subject", s.activity_subject}}) {
    auto g = as_a("GET", "/api/v1/" + std::string(l.object) + "/" + l.id);
    ASSERT_EQ(g.status, 200) << l.object << " " << g.body;
    EXPECT_EQ(integer(g.json(), "version"), 1) << l.object << " changed: " << g.body;
    EXPECT_EQ(text(g.json(), l.field), l.value) << g.body;
    EXPECT_TRUE(g.json().at("deleted_at").is_null()) << g.body;
    auto h = as_a("GET", "/api/v1/" + std::string(l.object) + "/" + l.id + "/history");
    ASSERT_EQ(h.status, 200) << h.body;
    // A's own control read of GET /contacts/{id}/export is audited (action "export"); B's attempts
    // must have left nothing.
    json::array entries;
    for (const auto& e : data_of(h)) {
      if (text(e, "action") == "export" && text(e, "actor_id") == s.user_id) continue;
      entries.push_back(e);
    }
    ASSERT_EQ(entries.size(), 1u) << l.object << " history has entries besides its creation: " << h.body;
    EXPECT_EQ(text(entries[0], "action"), "create");
    EXPECT_EQ(text(entries[0], "actor_id"), s.user_id);
  }
  EXPECT_EQ(text(as_a("GET", "/api/v1/teams/" + s.team).json(), "name"), s.team_name);
  EXPECT_EQ(text(as_a("GET", "/api/v1/roles/" + s.role_name).json(), "label"), s.role_label);
  EXPECT_TRUE(as_a("GET", "/api/v1/users/" + s.user_id).json().at("active").as_bool());
  EXPECT_EQ(as_a("GET", "/api/v1/auth/me").status, 200) << "A's session survived B's attempts to end it";
  EXPECT_EQ(as_a("GET", "/api/v1/pipelines/" + s.pipeline).json().at("stages").as_array().size(), 1u);
  EXPECT_EQ(integer(as_a("GET", "/api/v1/deals/" + s.deal).json(), "version"), 2);  // 1 + its line item
  EXPECT_EQ(data_of(as_a("GET", "/api/v1/deals/" + s.deal + "/line-items")).size(), 1u);
  EXPECT_EQ(integer(as_a("GET", "/api/v1/leads/" + s.lead).json(), "version"), 1);
  EXPECT_EQ(integer(as_a("GET", "/api/v1/products/" + s.product).json(), "version"), 1);
  EXPECT_EQ(integer(as_a("GET", "/api/v1/tickets/" + s.ticket).json(), "version"), 2)  // 1 + closing it
      << as_a("GET", "/api/v1/tickets/" + s.ticket + "/history").body;
  EXPECT_EQ(data_of(as_a("GET", "/api/v1/tickets?filter[follow_up_of][eq]=" + s.ticket)).size(), 0u);
  for (const auto& [view, name] : {std::pair{s.view, s.view_name}, std::pair{s.private_view, s.private_view_name}}) {
    auto g = as_a("GET", "/api/v1/views/" + view);
    ASSERT_EQ(g.status, 200) << g.body;
    EXPECT_EQ(integer(g.json(), "version"), 1) << g.body;
    EXPECT_EQ(text(g.json(), "name"), name);
  }
  auto contact = as_a("GET", "/api/v1/contacts/" + s.contact).json();
  EXPECT_EQ(text(contact.at("custom"), s.custom_field_name), s.custom_value) << json::serialize(contact);
  EXPECT_EQ(text(contact, "company_id"), s.company);
  auto activity = as_a("GET", "/api/v1/activities/" + s.activity).json();
  EXPECT_EQ(activity.at("contact_ids"), (json::array{json::value(s.contact)})) << json::serialize(activity);

  for (const auto& [object, id] : {std::pair{"companies", s.deleted_company}, std::pair{"contacts", s.deleted_contact},
                                   std::pair{"activities", s.deleted_activity}}) {
    auto g = as_a("GET", "/api/v1/" + std::string(object) + "/" + id);
    EXPECT_EQ(g.status, 404) << object << " " << id << " was restored: " << g.body;
    auto h = as_a("GET", "/api/v1/" + std::string(object) + "/" + id + "/history");
    ASSERT_EQ(h.status, 200) << h.body;
    std::vector<std::string> actions;
    for (const auto& e : data_of(h)) {
      actions.push_back(text(e, "action"));
      EXPECT_EQ(text(e, "actor_id"), s.user_id) << "an entry by someone else in A's history: " << h.body;
      EXPECT_NE(text(e, "actor_id"), b_user_);
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"delete", "create"})) << h.body;
  }
  auto bin = as_a("GET", "/api/v1/recycle-bin");
  ASSERT_EQ(bin.status, 200);
  auto bin_ids = ids_of(bin);
  for (const auto& id : {s.deleted_company, s.deleted_contact, s.deleted_activity}) EXPECT_TRUE(contains(bin_ids, id)) << bin.body;

  auto cf = as_a("GET", "/api/v1/custom-fields/" + s.custom_field);
  ASSERT_EQ(cf.status, 200) << cf.body;
  EXPECT_EQ(integer(cf.json(), "version"), 1) << cf.body;
  EXPECT_EQ(text(cf.json(), "label"), s.custom_field_label);

  auto keys = as_a("GET", "/api/v1/api-keys");
  ASSERT_EQ(keys.status, 200);
  bool key_found = false;
  for (const auto& k : data_of(keys)) {
    if (text(k, "id") != s.api_key_id) continue;
    key_found = true;
    EXPECT_TRUE(k.at("revoked_at").is_null()) << "workspace B revoked A's key: " << json::serialize(k);
    EXPECT_EQ(text(k, "name"), s.api_key_name);
  }
  EXPECT_TRUE(key_found) << keys.body;
  auto with_key = a_->call("GET", "/api/v1/auth/me", s.api_key);
  EXPECT_EQ(with_key.status, 200) << with_key.body;
}

TEST_F(Tenancy, ListsShowOnlyTheCallersWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  // B's own records, so that each list has something to show.
  const std::string x = random_suffix();
  std::string b_company = create_b("/api/v1/companies", json::object{{"name", "Bravo " + x}});
  std::string b_contact = create_b("/api/v1/contacts", json::object{{"last_name", "Bravoson" + x}, {"company_id", b_company}});
  std::string b_activity = create_b("/api/v1/activities", json::object{{"type", "note"}, {"body", "hello"}, {"contact_id", b_contact}});
  std::string b_deleted = create_b("/api/v1/contacts", json::object{{"last_name", "Bravogone" + x}});
  ASSERT_EQ(as_b("DELETE", "/api/v1/contacts/" + b_deleted).status, 204);
  json::value cf_body = json::object{{"object_type", "companies"}, {"name", "bravo_" + x}, {"type", "number"}};
  auto b_cf = as_b("POST", "/api/v1/custom-fields", &cf_body);
  ASSERT_EQ(b_cf.status, 201) << b_cf.body;
  json::value key_body = json::object{{"name", "bravo-key"}};
  auto b_key = as_b("POST", "/api/v1/api-keys", &key_body);
  ASSERT_EQ(b_key.status, 201) << b_key.body;
  json::value view_body = json::object{{"object_type", "contacts"}, {"name", "Bravo view " + x}, {"visibility", "workspace"}};
  auto b_view = as_b("POST", "/api/v1/views", &view_body);
  ASSERT_EQ(b_view.status, 201) << b_view.body;

  struct Expect {
    std::string target;
    std::vector<std::string> own;
    int64_t total;  // with count=true, -1 when the list has no count
  };
  const std::vector<Expect> lists = {
      {"/api/v1/companies?count=true", {b_company}, 1},
      {"/api/v1/contacts?count=true", {b_contact}, 1},
      {"/api/v1/activities?count=true", {b_activity}, 1},
      {"/api/v1/recycle-bin", {b_deleted}, -1},
      {"/api/v1/recycle-bin?object_type=companies", {}, -1},
      {"/api/v1/recycle-bin?object_type=activities", {}, -1},
      {"/api/v1/custom-fields", {text(b_cf.json(), "id")}, -1},
      {"/api/v1/custom-fields?object_type=contacts", {}, -1},
      {"/api/v1/api-keys", {text(b_key.json(), "id")}, -1},
      {"/api/v1/views?object_type=contacts", {text(b_view.json(), "id")}, -1},
      {"/api/v1/views?object_type=companies", {}, -1},
      {"/api/v1/contacts?sort=last_name&limit=500", {b_contact}, -1},
      {"/api/v1/contacts?filter%5Bcompany_id%5D%5Beq%5D=" + s.company + "&count=true", {}, 0},
      {"/api/v1/contacts?filter%5Bemail%5D%5Beq%5D=" + s.contact_email + "&count=true", {}, 0},
      {"/api/v1/contacts?filter%5Blast_name%5D%5Bstarts_with%5D=Alpha&count=true", {}, 0},
      {"/api/v1/companies?filter%5Bdomain%5D%5Beq%5D=" + s.company_domain + "&count=true", {}, 0},
      {"/api/v1/contacts/" + b_contact + "/timeline", {b_activity}, -1},
      {"/api/v1/companies/" + b_company + "/timeline", {b_activity}, -1},
  };
  for (const auto& l : lists) {
    auto r = as_b("GET", l.target);
    ASSERT_EQ(r.status, 200) << l.target << ": " << r.body;
    auto got = ids_of(r);
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), std::set<std::string>(l.own.begin(), l.own.end()))
        << "GET " << l.target << " as B: " << r.body;
    if (l.total >= 0) {
      EXPECT_EQ(integer(r.json(), "total"), l.total) << l.target << ": " << r.body;
    }
    expect_no_leak(r, "GET " + l.target + " as B", l.target,
                   l.target.find(s.company) != std::string::npos ? secrets_except(s.company) : s.secrets);
  }
  // A custom field of A's cannot be used by B to filter or sort.
  auto f = as_b("GET", "/api/v1/contacts?filter%5Bcustom." + s.custom_field_name + "%5D%5Beq%5D=" + s.custom_value);
  EXPECT_EQ(f.status, 400) << f.body;
  json::value custom_body = json::object{{"last_name", "Z"}, {"custom", json::object{{s.custom_field_name, "x"}}}};
  auto custom_write = as_b("POST", "/api/v1/contacts", &custom_body);
  EXPECT_EQ(custom_write.status, 422) << custom_write.body;

  // And the other way round: A sees none of B's.
  for (const auto& [target, id] : {std::pair<std::string, std::string>{"/api/v1/companies?limit=500", b_company},
                                   {"/api/v1/contacts?limit=500", b_contact},
                                   {"/api/v1/activities?limit=500", b_activity},
                                   {"/api/v1/recycle-bin", b_deleted},
                                   {"/api/v1/custom-fields", text(b_cf.json(), "id")},
                                   {"/api/v1/api-keys", text(b_key.json(), "id")},
                                   {"/api/v1/views?object_type=contacts", text(b_view.json(), "id")}}) {
    auto r = as_a("GET", target);
    ASSERT_EQ(r.status, 200) << target;
    EXPECT_FALSE(contains(ids_of(r), id)) << "A's " << target << " lists B's " << id;
  }
}

// Every list, report and audit route of the OpenAPI document (a GET without a path parameter),
// called by B with workspace A fully seeded: none answers with anything of A's; the sales lists show
// B's own records; reports aimed at A's pipeline find nothing.
TEST_F(Tenancy, EveryListReportAndAuditRouteShowsOnlyTheCallersWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  const std::string x = random_suffix();
  json::value pipeline_body = json::object{{"name", "Bravo pipeline " + x},
                                           {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}},
                                                                  json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto b_pipeline = as_b("POST", "/api/v1/pipelines", &pipeline_body);
  ASSERT_EQ(b_pipeline.status, 201) << b_pipeline.body;
  const std::string b_pipeline_id = text(b_pipeline.json(), "id");
  std::map<std::string, std::string> own = {
      {"/api/v1/pipelines", b_pipeline_id},
      {"/api/v1/deals", create_b("/api/v1/deals", json::object{{"name", "Bravo deal " + x}, {"pipeline_id", b_pipeline_id}, {"amount", 5}, {"currency", "EUR"}})},
      {"/api/v1/leads", create_b("/api/v1/leads", json::object{{"last_name", "Bravolead" + x}})},
      {"/api/v1/products", create_b("/api/v1/products", json::object{{"sku", "BRAVO-" + x}, {"name", "Bravo product"}, {"unit_price", 1}, {"currency", "EUR"}})},
      {"/api/v1/users", b_user_},
      {"/api/v1/views", [&] {
         json::value view_body = json::object{{"object_type", "contacts"}, {"name", "Bravo view " + x}};
         auto r = as_b("POST", "/api/v1/views", &view_body);
         EXPECT_EQ(r.status, 201) << r.body;
         return text(r.json(), "id");
       }()},
  };
  const json::value doc = b_->request("GET", "/api/v1/openapi.json").json();
  int walked = 0;
  for (const auto& p : doc.at("paths").as_object()) {
    const std::string pattern(p.key());
    if (pattern.find('{') != std::string::npos || !p.value().as_object().contains("get") || pattern == "/api/v1/ws") continue;
    // The report that needs a pipeline gets B's, the views an object type; everything else is called
    // without parameters.
    std::string target = pattern;
    if (pattern == "/api/v1/reports/pipeline") target += "?pipeline_id=" + b_pipeline_id;
    if (pattern == "/api/v1/views") target += "?object_type=contacts";  // a required parameter
    if (pattern == "/api/v1/search") target += "?limit=50&q=alpha";  // the beginning of A's names
    auto r = as_b("GET", target);
    EXPECT_EQ(r.status, 200) << "GET " << target << " as B: " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, s.secrets);
    if (auto it = own.find(pattern); it != own.end()) {
      auto listed = ids_of(r);
      EXPECT_TRUE(contains(listed, it->second)) << "GET " << target << " does not list B's own " << it->second << ": " << r.body;
    }
    ++walked;
  }
  EXPECT_GE(walked, 20) << "the OpenAPI document lists fewer list routes than expected";
  // A's records are found in A by the words B's search was given; B finds its own.
  auto a_search = as_a("GET", "/api/v1/search?limit=50&q=alpha");
  EXPECT_TRUE(contains(ids_of(a_search), s.contact) && contains(ids_of(a_search), s.company)) << a_search.body;
  auto b_search = as_b("GET", "/api/v1/search?limit=50&q=bravo");
  EXPECT_TRUE(contains(ids_of(b_search), own.at("/api/v1/leads")) && contains(ids_of(b_search), own.at("/api/v1/products")))
      << b_search.body;
  for (const auto& l : {std::string("/api/v1/teams"), std::string("/api/v1/roles"), std::string("/api/v1/audit-events?limit=500"),
                        std::string("/api/v1/reports/forecast?pipeline_id=" + b_pipeline_id)}) {
    auto r = as_b("GET", l);
    EXPECT_EQ(r.status, 200) << l << ": " << r.body;
    expect_no_leak(r, "GET " + l + " as B", l, s.secrets);
  }
  // Aimed at A's pipeline, B's reports find no such pipeline (and say nothing of it).
  for (const char* report : {"pipeline", "forecast", "funnel"}) {
    std::string target = std::string("/api/v1/reports/") + report + "?pipeline_id=" + s.pipeline;
    auto r = as_b("GET", target);
    EXPECT_EQ(r.status, 404) << target << ": " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, secrets_except(s.pipeline));
  }
  // Filtered by A's user or A's contact, B's reports and deals hold nothing of A's (and B's own deal
  // is not linked to A's contact).
  for (const std::string& target : {"/api/v1/reports/pipeline?pipeline_id=" + b_pipeline_id + "&owner_id=" + s.user_id,
                                    "/api/v1/reports/forecast?owner_id=" + s.user_id, "/api/v1/reports/funnel?owner_id=" + s.user_id,
                                    "/api/v1/deals?filter[contact_id][eq]=" + s.contact}) {
    auto r = as_b("GET", target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, secrets_except(target.find("contact_id") != std::string::npos ? s.contact : s.user_id));
    if (target.find("/deals") != std::string::npos) {
      EXPECT_TRUE(ids_of(r).empty()) << r.body;
    }
  }
  // The support KPIs filtered by A's team or A's user: nothing of A's ticket in B's figures (A sees it: the control).
  for (const auto& [filter, id] : std::vector<std::pair<std::string, std::string>>{{"team_id", s.team}, {"assignee_id", s.user_id}}) {
    const std::string target = "/api/v1/reports/support?" + filter + "=" + id;
    auto r = as_b("GET", target);
    ASSERT_EQ(r.status, 200) << target << ": " << r.body;
    expect_no_leak(r, "GET " + target + " as B", target, secrets_except(id));
    EXPECT_EQ(r.json().at("volume").at("created"), 0) << r.body;
    EXPECT_EQ(r.json().at("backlog").at("total"), 0) << r.body;
  }
  auto a_kpis = as_a("GET", "/api/v1/reports/support?team_id=" + s.team);
  ASSERT_EQ(a_kpis.status, 200) << a_kpis.body;
  EXPECT_GE(a_kpis.json().at("volume").at("created").as_int64(), 1) << "the control: A's report counts A's ticket";
}

// /api/v1/workspace has no id: each caller reads and changes its own workspace only; a name taken by
// another workspace is a 409 that does not point at it.
TEST_F(Tenancy, WorkspaceSettingsAreTheCallersOwn) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  json::value paris = json::object{{"time_zone", "Europe/Paris"}};
  ASSERT_EQ(as_a("PATCH", "/api/v1/workspace", &paris).status, 200);
  const json::value a_before = as_a("GET", "/api/v1/workspace").json();
  EXPECT_EQ(text(a_before, "id"), s.workspace_id);

  auto b = as_b("GET", "/api/v1/workspace");
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(text(b.json(), "id"), b_workspace_);
  EXPECT_EQ(text(b.json(), "name"), "B");
  EXPECT_EQ(text(b.json(), "time_zone"), "UTC") << "A's zone shows in B";
  expect_no_leak(b, "GET /api/v1/workspace as B", "/api/v1/workspace", s.secrets);

  json::value tokyo = json::object{{"time_zone", "Asia/Tokyo"}};
  auto changed = as_b("PATCH", "/api/v1/workspace", &tokyo);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(text(changed.json(), "id"), b_workspace_);
  std::string a_name(a_before.at("name").as_string());
  for (auto& ch : a_name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  json::value takeover = json::object{{"name", a_name}};
  auto taken = as_b("PATCH", "/api/v1/workspace", &takeover);
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(error_fields(taken), std::vector<std::string>{"name"}) << taken.body;
  expect_no_leak(taken, "B renaming itself as A", "/api/v1/workspace", a_ids());

  EXPECT_EQ(as_a("GET", "/api/v1/workspace").json(), a_before) << "B's changes reached A's workspace";
  EXPECT_EQ(text(as_b("GET", "/api/v1/workspace").json(), "name"), "B");
  EXPECT_EQ(text(as_b("GET", "/api/v1/workspace").json(), "time_zone"), "Asia/Tokyo");
  auto a_audit = as_a("GET", "/api/v1/audit-events?object_type=workspaces&limit=500");
  ASSERT_EQ(a_audit.status, 200) << a_audit.body;
  EXPECT_EQ(data_of(a_audit).size(), 1u) << "A's audit log holds B's change: " << a_audit.body;
  auto b_audit = as_b("GET", "/api/v1/audit-events?object_type=workspaces&limit=500");
  ASSERT_EQ(data_of(b_audit).size(), 1u) << b_audit.body;
  EXPECT_EQ(text(data_of(b_audit)[0], "object_id"), b_workspace_);
}

// Inbound mail: B's secret posts into B only. A message from A's contact's address, with A's
// Message-ID, is stored in B as new (Message-IDs are unique per workspace), matched to no contact
// of A's, and A's timelines and its message are untouched; A's secret is no credential for B's
// admin routes and B's session none for the inbound route.
TEST_F(Tenancy, InboundMailReachesOnlyTheWorkspaceOfItsSecret) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  auto b_secret = as_b("POST", "/api/v1/email/inbound-secret");
  ASSERT_EQ(b_secret.status, 201) << b_secret.body;
  const std::string a_before = json::serialize(data_of(as_a("GET", "/api/v1/contacts/" + s.contact + "/timeline")));
  const std::string a_message = as_a("GET", "/api/v1/emails/" + s.received_email).body;
  const std::string raw = "From: " + s.contact_email + "\r\nTo: b@example.com\r\nSubject: For B\r\nMessage-ID: <" +
                          text(json::parse(a_message), "message_id") + ">\r\n\r\nHello B.\r\n";
  auto r = b_->request("POST", "/api/v1/inbound-email", raw,
                       {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + text(b_secret.json(), "secret")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("stored"), true) << "A's Message-ID is no redelivery in B";
  EXPECT_TRUE(r.json().at("email").at("contact_ids").as_array().empty()) << r.body;
  expect_no_leak(r, "B's inbound message", "/api/v1/inbound-email", a_ids());
  EXPECT_EQ(json::serialize(data_of(as_a("GET", "/api/v1/contacts/" + s.contact + "/timeline"))), a_before);
  EXPECT_EQ(as_a("GET", "/api/v1/emails/" + s.received_email).body, a_message);
  EXPECT_EQ(as_b("GET", "/api/v1/emails/" + text(r.json().at("email"), "id")).status, 200);
  // A user's session is no inbound secret.
  auto with_session = b_->request("POST", "/api/v1/inbound-email", raw, {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + token_b_}});
  EXPECT_EQ(with_session.status, 401) << with_session.body;
}

// Support mail (modules/support/inbound_tickets.*): a message to A's support mailbox posted with
// B's secret never touches A. B has no such mailbox (no ticket); a reply whose headers name A's
// ticket's message joins nothing of A's; once B names the same address the ticket is B's own.
TEST_F(Tenancy, MailToASupportMailboxReachesOnlyTheWorkspaceOfItsSecret) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const std::string x = random_suffix();
  const std::string desk = "desk-" + x + "@alpha.example";
  json::value boxes = json::object{{"mailboxes", json::array{json::object{{"address", desk}}}}};
  ASSERT_EQ(as_a("PUT", "/api/v1/support/mailboxes", &boxes).status, 200);
  auto deliver = [&](HttpClient& c, const std::string& secret, const std::string& id, const std::string& extra) {
    return c.request("POST", "/api/v1/inbound-email",
                     "From: customer-" + x + "@example.net\r\nTo: " + desk + "\r\nSubject: Help\r\nMessage-ID: <" + id + ">\r\n" + extra +
                         "\r\nPlease help.\r\n",
                     {{"Content-Type", "message/rfc822"}, {"Authorization", "Bearer " + secret}});
  };
  auto a_secret = as_a("POST", "/api/v1/email/inbound-secret");
  ASSERT_EQ(a_secret.status, 201) << a_secret.body;
  const std::string first = "first-" + x + "@example.net";
  auto opened = deliver(*a_, text(a_secret.json(), "secret"), first, "");
  ASSERT_EQ(opened.status, 200) << opened.body;
  const std::string a_ticket = text(opened.json().at("ticket"), "ticket_id");
  ASSERT_FALSE(a_ticket.empty()) << opened.body;
  const std::string a_before = as_a("GET", "/api/v1/tickets/" + a_ticket).body + as_a("GET", "/api/v1/tickets/" + a_ticket + "/messages").body;
  const int64_t a_count = integer(as_a("GET", "/api/v1/tickets?count=true&limit=1").json(), "total");

  auto b_secret = as_b("POST", "/api/v1/email/inbound-secret");
  ASSERT_EQ(b_secret.status, 201) << b_secret.body;
  const std::string b_key = text(b_secret.json(), "secret");
  auto none = deliver(*b_, b_key, "b1-" + x + "@example.net", "");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(none.json().at("ticket").is_null()) << "B has no such mailbox: " << none.body;
  auto answer = deliver(*b_, b_key, "b2-" + x + "@example.net", "In-Reply-To: <" + first + ">\r\n");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_TRUE(answer.json().at("ticket").is_null()) << "A's ticket message is no parent in B: " << answer.body;
  ASSERT_EQ(as_b("PUT", "/api/v1/support/mailboxes", &boxes).status, 200);
  auto own = deliver(*b_, b_key, "b3-" + x + "@example.net", "In-Reply-To: <" + first + ">\r\n");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(text(own.json().at("ticket"), "outcome"), "created") << own.body;
  const std::string b_ticket = text(own.json().at("ticket"), "ticket_id");
  EXPECT_NE(b_ticket, a_ticket);
  EXPECT_EQ(as_a("GET", "/api/v1/tickets/" + b_ticket).status, 404);
  EXPECT_EQ(as_b("GET", "/api/v1/tickets/" + a_ticket).status, 404);
  for (const auto* r : {&none, &answer, &own}) expect_no_leak(*r, "B's support mail", "/api/v1/inbound-email", a_ids());
  EXPECT_EQ(as_a("GET", "/api/v1/tickets/" + a_ticket).body + as_a("GET", "/api/v1/tickets/" + a_ticket + "/messages").body, a_before);
  EXPECT_EQ(integer(as_a("GET", "/api/v1/tickets?count=true&limit=1").json(), "total"), a_count);
}

// GET /api/v1/emails: A's records are unknown to B (404), and B's list, even an admin's, never
// holds A's mail, whatever thread it names.
TEST_F(Tenancy, TheEmailListNeverReachesAnotherWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  for (const auto& [key, id] : {std::pair{"contact_id", s.contact}, std::pair{"company_id", s.company},
                                std::pair{"deal_id", s.deal}, std::pair{"lead_id", s.lead}}) {
    auto r = as_b("GET", std::string("/api/v1/emails?") + key + "=" + id);
    EXPECT_EQ(r.status, 404) << key << ": " << r.body;
    expect_no_leak(r, std::string("B's email list by A's ") + key, "/api/v1/emails", secrets_except(id));
  }
  for (const auto& thread : {s.email, s.received_email}) {
    auto r = as_b("GET", "/api/v1/emails?thread_id=" + thread);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(data_of(r).empty()) << r.body;
    // Control: A's admin finds it.
    EXPECT_EQ(data_of(as_a("GET", "/api/v1/emails?thread_id=" + thread)).size(), 1u);
  }
  auto all = as_b("GET", "/api/v1/emails?limit=500");
  ASSERT_EQ(all.status, 200) << all.body;
  expect_no_leak(all, "B's email list", "/api/v1/emails", a_ids());
}

TEST_F(Tenancy, WritesCannotReferenceAnotherWorkspacesRecords) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  auto expect_not_found = [&](const HttpResponse& r, const std::string& what) {
    EXPECT_EQ(r.status, 422) << what << ": " << r.body;
    auto codes = error_codes(r);
    EXPECT_TRUE(contains(codes, "not_found")) << what << ": " << r.body;
  };
  json::value contact_body = json::object{{"last_name", "Bee"}, {"company_id", s.company}};
  expect_not_found(as_b("POST", "/api/v1/contacts", &contact_body), "contact of B with A's company_id");
  EXPECT_TRUE(contains(error_fields(as_b("POST", "/api/v1/contacts", &contact_body)), "company_id"));

  json::value act1 = json::object{{"type", "note"}, {"subject", "x"}, {"contact_id", s.contact}};
  expect_not_found(as_b("POST", "/api/v1/activities", &act1), "activity of B with A's contact_id");
  json::value act2 = json::object{{"type", "note"}, {"subject", "x"}, {"company_id", s.company}};
  expect_not_found(as_b("POST", "/api/v1/activities", &act2), "activity of B with A's company_id");

  std::string own_contact = create_b("/api/v1/contacts", json::object{{"last_name", "Beeson"}});
  std::string own_company = create_b("/api/v1/companies", json::object{{"name", "Bee Co"}});
  json::value act3 = json::object{{"type", "note"}, {"subject", "x"}, {"contact_ids", json::array{json::value(own_contact), json::value(s.contact)}}};
  expect_not_found(as_b("POST", "/api/v1/activities", &act3), "activity of B linked to its own and A's contact");

  json::value patch_company = json::object{{"company_id", s.company}};
  expect_not_found(as_b("PATCH", "/api/v1/contacts/" + own_contact, &patch_company), "B's contact moved to A's company");
  std::string own_activity =
      create_b("/api/v1/activities", json::object{{"type", "note"}, {"subject", "mine"}, {"company_id", own_company}});
  json::value patch_links = json::object{{"contact_id", s.contact}};
  expect_not_found(as_b("PATCH", "/api/v1/activities/" + own_activity, &patch_links), "B's activity linked to A's contact");

  // Nothing of that was written on either side.
  auto c = as_b("GET", "/api/v1/contacts/" + own_contact);
  EXPECT_EQ(integer(c.json(), "version"), 1) << c.body;
  EXPECT_TRUE(c.json().at("company_id").is_null()) << c.body;
  auto a = as_b("GET", "/api/v1/activities/" + own_activity);
  EXPECT_EQ(integer(a.json(), "version"), 1) << a.body;
  EXPECT_EQ(a.json().at("contact_ids"), json::array{}) << a.body;
  auto b_acts = as_b("GET", "/api/v1/activities?count=true");
  EXPECT_EQ(integer(b_acts.json(), "total"), 1) << b_acts.body;
  auto timeline = as_a("GET", "/api/v1/contacts/" + s.contact + "/timeline");
  ASSERT_EQ(timeline.status, 200);
  EXPECT_EQ(ids_of(timeline), (std::vector<std::string>{s.activity})) << timeline.body;
  auto company_timeline = as_a("GET", "/api/v1/companies/" + s.company + "/timeline");
  EXPECT_EQ(ids_of(company_timeline), (std::vector<std::string>{s.activity})) << company_timeline.body;
  auto a_contacts = as_a("GET", "/api/v1/contacts?filter%5Bcompany_id%5D%5Beq%5D=" + s.company);
  EXPECT_EQ(ids_of(a_contacts), (std::vector<std::string>{s.contact})) << a_contacts.body;
}

TEST_F(Tenancy, UniqueValuesNamesAndIdempotencyKeysArePerWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  // The same email, domain and custom field name are free in another workspace, and a conflict
  // never points at a record of A's.
  json::value contact = json::object{{"last_name", "Twin"}, {"email", s.contact_email}};
  auto c = as_b("POST", "/api/v1/contacts", &contact);
  EXPECT_EQ(c.status, 201) << c.body;
  expect_no_leak(c, "B's contact with A's email", "/api/v1/contacts", a_ids());
  json::value company = json::object{{"name", "Twin Co"}, {"domain", s.company_domain}};
  auto co = as_b("POST", "/api/v1/companies", &company);
  EXPECT_EQ(co.status, 201) << co.body;
  expect_no_leak(co, "B's company with A's domain", "/api/v1/companies", a_ids());

  json::value cf = json::object{{"object_type", "contacts"}, {"name", s.custom_field_name}, {"type", "text"}};
  auto b_cf = as_b("POST", "/api/v1/custom-fields", &cf);
  ASSERT_EQ(b_cf.status, 201) << b_cf.body;
  EXPECT_NE(text(b_cf.json(), "id"), s.custom_field);
  expect_no_leak(b_cf, "B's custom field named like A's", "/api/v1/custom-fields", a_ids());
  // B uses the field, then deletes it with its values: A's values stay.
  std::string b_contact = create_b("/api/v1/contacts", json::object{{"last_name", "Valued"}, {"custom", json::object{{s.custom_field_name, "silver"}}}});
  auto del = as_b("DELETE", "/api/v1/custom-fields/" + text(b_cf.json(), "id"));
  EXPECT_EQ(del.status, 204) << del.body;
  auto mine = as_b("GET", "/api/v1/contacts/" + b_contact);
  EXPECT_TRUE(mine.json().at("custom").as_object().empty()) << mine.body;
  auto theirs = as_a("GET", "/api/v1/contacts/" + s.contact);
  EXPECT_EQ(text(theirs.json().at("custom"), s.custom_field_name), s.custom_value) << theirs.body;
  EXPECT_EQ(as_a("GET", "/api/v1/custom-fields/" + s.custom_field).status, 200);
  auto filtered = as_a("GET", "/api/v1/contacts?filter%5Bcustom." + s.custom_field_name + "%5D%5Beq%5D=" + s.custom_value);
  EXPECT_EQ(ids_of(filtered), (std::vector<std::string>{s.contact})) << filtered.body;

  // An Idempotency-Key used by A does not replay A's answer to B.
  const std::string key = "shared-key-" + random_suffix();
  json::value body = json::object{{"last_name", "Idem"}};
  auto first = as_a("POST", "/api/v1/contacts", &body, {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto other = as_b("POST", "/api/v1/contacts", &body, {{"Idempotency-Key", key}});
  EXPECT_EQ(other.status, 201) << other.body;
  EXPECT_TRUE(other.header("idempotent-replayed").empty()) << "B got A's replayed answer: " << other.body;
  EXPECT_NE(text(other.json(), "id"), text(first.json(), "id"));
  EXPECT_NE(text(other.json(), "created_by"), s.user_id);
  expect_no_leak(other, "B's POST with A's Idempotency-Key", "/api/v1/contacts", s.secrets);
  auto again = as_a("POST", "/api/v1/contacts", &body, {{"Idempotency-Key", key}});
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(text(again.json(), "id"), text(first.json(), "id"));
}

}  // namespace
}  // namespace rapport::testing
