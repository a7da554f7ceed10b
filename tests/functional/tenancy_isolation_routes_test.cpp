// Workspace isolation on every route of the OpenAPI document with an id: B can neither read, change
// nor delete A's records (404, nothing of A's in the answer, A's records unchanged). Tests run as
// workspace B (the fixture's second workspace) against workspace A, seeded with one of everything
// (tenancy_seed.cpp). The other concerns: tenancy_isolation_{routes,lists,mail,writes}_test.cpp.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tenancy_fixture.hpp"
#include "tenancy_isolation_helpers.hpp"

namespace rapport::testing {
namespace json = boost::json;

namespace {

TEST_F(Tenancy, EveryIdRouteAnswers404ToAnotherWorkspace) {
  ASSERT_NO_FATAL_FAILURE(seed_a());
  const SeedA& s = a_seed_;
  // A's "not a duplicate" of two companies of one name (the duplicates family's {id}).
  const std::string twins = "Alpha twins " + random_suffix();
  const std::string twin1 = create_a("/api/v1/companies", json::object{{"name", twins}});
  const std::string twin2 = create_a("/api/v1/companies", json::object{{"name", twins}});
  const std::string dismissal = create_a("/api/v1/duplicates/dismissals",
                                         json::object{{"object", "companies"}, {"ids", json::array{json::value(twin1), json::value(twin2)}}});
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
      {"campaigns", {s.campaign}},
      {"forms", {s.form}},
      {"saved-reports", {s.saved_report}},
      {"dashboards", {s.dashboard}},
      {"duplicates", {dismissal}},
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
      {"campaigns", json::object{{"name", "hijack"}}},
      {"forms", json::object{{"name", "hijack"}}},
      {"saved-reports", json::object{{"name", "hijack"}}},
      {"dashboards", json::object{{"name", "hijack"}}},
  };
  int checked = 0;
  std::set<std::string> families_seen;
  for (const auto& p : paths) {
    const std::string pattern(p.key());
    if (pattern.find('{') == std::string::npos) continue;
    // A lead capture form's public address is its id: it writes into its own workspace only
    // (marketing_forms_test.cpp); no session is checked there. The tracking and unsubscribe paths
    // take a token sealed per workspace, refused under another's (marketing_tracking_test.cpp).
    if (pattern.rfind("/f/", 0) == 0 || pattern.rfind("/t/", 0) == 0 || pattern.rfind("/u/", 0) == 0) continue;
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
    // A second parameter ({stage_id}, {item_id}, {delivery_id}, {schedule_id}) takes A's stage, line
    // item, delivery or report schedule.
    // ({version}: an entry of the record's own history, read as A.)
    bool known_second = pattern.find("{stage_id}") != std::string::npos || pattern.find("{item_id}") != std::string::npos ||
                        pattern.find("{delivery_id}") != std::string::npos || pattern.find("{version}") != std::string::npos ||
                        pattern.find("{schedule_id}") != std::string::npos;
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
        if (auto second = target.find("{schedule_id}"); second != std::string::npos) target.replace(second, 13, s.report_schedule);
        if (auto second = target.find("{version}"); second != std::string::npos) {
          const json::value h = as_a("GET", prefix + family + "/" + id + "/history").json();
          const auto& entries = h.at("data").as_array();
          // A's record without history still needs a well-formed entry id.
          target.replace(second, 9, entries.empty() ? std::string("1") : std::to_string(entries.front().at("id").to_number<int64_t>()));
        }
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
                                                  "sla-policies", "web-forms", "macros", "segments", "lists",
                                                  "campaigns", "forms", "saved-reports", "dashboards",
                                                  "duplicates"}));
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

}  // namespace
}  // namespace rapport::testing
