// The access suite: walks every route of the OpenAPI document (so a new route is covered the day it
// is added) as an anonymous caller, as a read-only user and as a sales rep aiming at a colleague's
// records, and checks the answer's status, that no answer carries the colleague's data, and that
// nothing changed. (Another workspace's user is walked in tenancy_isolation_*_test.cpp.)
#include <set>

#include "access_fixture.hpp"

namespace rapport::testing {
namespace {

struct Route {
  std::string method, pattern;
  bool is_public;
  // The route takes a credential of its own instead of a person's (its security scheme, e.g.
  // inboundSecret): anonymous callers get 401, and a user's token is no such credential (401 too,
  // email_inbound_test.cpp), so the walks as users pass it by.
  bool own_credential = false;
};

std::vector<Route> routes_of(HttpClient& c) {
  const json::value doc = c.request("GET", "/api/v1/openapi.json").json();
  std::vector<Route> out;
  for (const auto& p : doc.at("paths").as_object()) {
    for (const auto& m : p.value().as_object()) {
      if (!m.value().is_object()) continue;  // path-level "parameters"
      std::string method(m.key());
      for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      // Public operations declare an empty security requirement.
      bool is_public = false, own_credential = false;
      if (auto* sec = m.value().as_object().if_contains("security")) {
        is_public = sec->as_array().size() == 1 && sec->as_array()[0].as_object().empty();
        own_credential = sec->as_array().size() == 1 && sec->as_array()[0].as_object().contains("inboundSecret");
      }
      out.push_back({method, std::string(p.key()), is_public, own_credential});
    }
  }
  return out;
}

// The family of a path: "contacts" for /api/v1/contacts/{id}/history.
std::string family_of(const std::string& pattern) {
  const std::string prefix = "/api/v1/";
  if (pattern.rfind(prefix, 0) != 0) return "";
  return pattern.substr(prefix.size(), pattern.find('/', prefix.size()) - prefix.size());
}

// The first path parameter gets `value`; a second one ({stage_id}) gets `second`.
std::string fill(std::string pattern, const std::string& value, const std::string& second = "") {
  auto open = pattern.find('{');
  if (open != std::string::npos) pattern.replace(open, pattern.find('}', open) - open + 1, value);
  open = pattern.find('{');
  if (open != std::string::npos) pattern.replace(open, pattern.find('}', open) - open + 1, second);
  return pattern;
}

// Routes with a path parameter that only admins may use: a sales rep gets 403, whatever the id.
const std::set<std::string> kAdminOnly = {"GET /api/v1/jobs/{id}",
                                          "POST /api/v1/jobs/{id}/retry",
                                          "POST /api/v1/jobs/{id}/cancel",
                                          "GET /api/v1/webhooks/{id}",
                                          "PATCH /api/v1/webhooks/{id}",
                                          "DELETE /api/v1/webhooks/{id}",
                                          "POST /api/v1/webhooks/{id}/rotate-secret",
                                          "GET /api/v1/webhooks/{id}/deliveries",
                                          "POST /api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
                                          "GET /api/v1/automations/{id}",
                                          "PATCH /api/v1/automations/{id}",
                                          "DELETE /api/v1/automations/{id}",
                                          "POST /api/v1/automations/{id}/enable",
                                          "POST /api/v1/automations/{id}/disable",
                                          "GET /api/v1/automations/{id}/runs",
                                          "POST /api/v1/automations/{id}/test",
                                          "PATCH /api/v1/email-templates/{id}",
                                          "DELETE /api/v1/email-templates/{id}",
                                          "GET /api/v1/web-forms/{id}",
                                          "PATCH /api/v1/web-forms/{id}",
                                          "DELETE /api/v1/web-forms/{id}",
                                          // Campaigns are read by every role that reads contacts; the rest is for
                                          // admins and marketing (who export every contact): a rep gets 403.
                                          "PATCH /api/v1/campaigns/{id}",
                                          "DELETE /api/v1/campaigns/{id}",
                                          "POST /api/v1/campaigns/{id}/send",
                                          "POST /api/v1/campaigns/{id}/pause",
                                          "POST /api/v1/campaigns/{id}/resume",
                                          "POST /api/v1/campaigns/{id}/test-send",
                                          "GET /api/v1/campaigns/{id}/recipients",
                                          "GET /api/v1/campaigns/{id}/report",
                                          "GET /api/v1/campaigns/{id}/audience",
                                          "GET /api/v1/forms/{id}",
                                          "PATCH /api/v1/forms/{id}",
                                          "DELETE /api/v1/forms/{id}",
                                          "GET /api/v1/forms/{id}/submissions"};

// Writes that act on the caller's own account only, allowed to any signed-in user.
const std::set<std::string> kSelfService = {
    "POST /api/v1/auth/logout",  // ends the caller's own session (not called here: it would end the walk)
    "POST /api/v1/api-keys",     // a key for oneself, with a role within one's own
    "POST /api/v1/auth/password",  // one's own password (needs the current one)
    "POST /api/v1/auth/mfa/enroll", "POST /api/v1/auth/mfa/confirm", "POST /api/v1/auth/mfa/disable",
    "POST /api/v1/auth/mfa/recovery-codes",  // one's own second factor
    "POST /api/v1/views",  // a saved list request of one's own (private or shared); changes no record
    "POST /api/v1/calendar-feeds",  // a feed of one's own meetings and tasks, read as oneself; changes no record
    "POST /api/v1/saved-reports", "POST /api/v1/dashboards",  // a report or dashboard of one's own, run as oneself; changes no record
    "PUT /api/v1/me/availability",  // marking oneself away (round-robin assignment passes one over)
};

// POST routes that change nothing: a query sent as a body, answered with what the caller may read
// (report_builder_access_test.cpp checks the scope).
const std::set<std::string> kQueries = {"POST /api/v1/reports/run"};

class AccessWalk : public Access {
 protected:
  struct Target {
    std::string contact, company, activity, custom_field, api_key_id, api_key, session;
    std::string lead, deal, product, pipeline, stage;
    std::string ticket;  // rep2's, in no team's queue
    std::string macro;   // rep2's personal macro: no one else's to read, change or apply
    std::string saved_report, dashboard;  // rep2's private saved report (of rep2's lead) and dashboard showing it
    std::string dismissal;  // rep2's "not a duplicate" of its contact and a namesake of the same address
    std::string view, private_view;  // rep2's saved views of contacts: shared and private
    // The admin's segment (its filter matches rep2's contact, and names no marker: every member whose
    // role reads contacts reads it) and static list holding rep2's contact.
    std::string segment, list;
    std::string campaign;  // the admin's draft campaign to that list
    std::string suffix;  // random_suffix() of the names
    std::vector<std::string> secrets;  // rep2's data that rep1 must never see
    // rep2's markers per object: what a caller without read access to that object must never see.
    // Names only for contacts (an activity a caller may read carries its contact's id).
    std::map<std::string, std::vector<std::string>> markers;
  };

  Target seed() {
    Target t;
    std::string x = random_suffix();
    t.suffix = x;
    json::value company = json::object{{"name", "Colleague Co " + x}};
    t.company = create_as("rep2", "companies", company);
    json::value contact = json::object{{"last_name", "Colleagueson" + x}, {"email", "colleague." + x + "@example.com"}};
    t.contact = create_as("rep2", "contacts", contact);
    json::value activity = json::object{{"type", "call"}, {"subject", "Colleague call " + x}, {"contact_ids", json::array{json::value(t.contact)}}};
    t.activity = create_as("rep2", "activities", activity);
    json::value field = json::object{{"object_type", "contacts"}, {"name", "walk_" + x}, {"label", "Walk " + x}, {"type", "text"}};
    auto f = post("/api/v1/custom-fields", field);
    EXPECT_EQ(f.status, 201) << f.body;
    t.custom_field = text(f.json(), "id");
    json::value key = json::object{{"name", "colleague key " + x}};
    auto k = as("rep2", "POST", "/api/v1/api-keys", &key);
    EXPECT_EQ(k.status, 201) << k.body;
    t.api_key_id = text(k.json(), "id");
    t.api_key = text(k.json(), "key");
    json::value pipeline = json::object{{"name", "Walk " + x}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}},
                                                                                        json::object{{"name", "Won"}, {"type", "won"}}}}};
    auto p = post("/api/v1/pipelines", pipeline);
    EXPECT_EQ(p.status, 201) << p.body;
    t.pipeline = text(p.json(), "id");
    t.stage = text(p.json().at("stages").as_array()[0], "id");
    json::value deal = json::object{{"name", "Colleague deal " + x}, {"pipeline_id", t.pipeline}, {"amount", 777001}, {"currency", "EUR"}};
    t.deal = create_as("rep2", "deals", deal);
    json::value lead = json::object{{"last_name", "Colleaguelead" + x}};
    t.lead = create_as("rep2", "leads", lead);
    json::value ticket = json::object{{"subject", "Colleague ticket " + x}};
    t.ticket = create_as("rep2", "tickets", ticket);
    json::value macro = json::object{{"name", "Colleague macro " + x}, {"kind", "note"}, {"body", "Colleague macro body " + x}};
    t.macro = create_as("rep2", "macros", macro);
    json::value saved = json::object{{"name", "Colleague report " + x},
                                     {"definition", json::object{{"object", "leads"},
                                                                 {"filter", json::object{{"last_name", json::object{{"eq", "Colleaguelead" + x}}}}},
                                                                 {"group_by", json::array{"last_name"}},
                                                                 {"measures", json::array{json::object{{"op", "count"}}}}}}};
    t.saved_report = create_as("rep2", "saved-reports", saved);
    json::value dashboard = json::object{{"name", "Colleague dashboard " + x},
                                         {"widgets", json::array{json::object{{"saved_report_id", t.saved_report}, {"type", "table"},
                                                                              {"x", 0}, {"y", 0}, {"w", 6}, {"h", 4}}}}};
    t.dashboard = create_as("rep2", "dashboards", dashboard);
    json::value twin = json::object{{"last_name", "Colleagueson" + x}, {"email", "colleague." + x + "+twin@example.com"}};
    json::value dismissal = json::object{{"object", "contacts"}, {"ids", json::array{json::value(t.contact), json::value(create_as("rep2", "contacts", twin))}}};
    t.dismissal = text(as("rep2", "POST", "/api/v1/duplicates/dismissals", &dismissal).json(), "id");
    EXPECT_FALSE(t.dismissal.empty());
    json::value product = json::object{{"sku", "WALK-" + x}, {"name", "Walk product " + x}, {"unit_price", 100}, {"currency", "EUR"}};
    t.product = create("products", product);
    json::value shared_view = json::object{{"object_type", "contacts"}, {"name", "Colleague shared view " + x}, {"visibility", "workspace"}};
    auto v = as("rep2", "POST", "/api/v1/views", &shared_view);
    EXPECT_EQ(v.status, 201) << v.body;
    t.view = text(v.json(), "id");
    json::value private_view = json::object{{"object_type", "contacts"}, {"name", "Colleague private view " + x},
                                            {"filters", json::array{json::object{{"field", "last_name"}, {"op", "eq"}, {"value", "Colleagueson" + x}}}}};
    auto pv = as("rep2", "POST", "/api/v1/views", &private_view);
    EXPECT_EQ(pv.status, 201) << pv.body;
    t.private_view = text(pv.json(), "id");
    json::value segment = json::object{{"name", "Walk segment " + x}, {"filter", json::object{{"email", json::object{{"contains", "colleague"}}}}}};
    auto sg = post("/api/v1/segments", segment);
    EXPECT_EQ(sg.status, 201) << sg.body;
    t.segment = text(sg.json(), "id");
    json::value list = json::object{{"name", "Walk list " + x}};
    auto ls = post("/api/v1/lists", list);
    EXPECT_EQ(ls.status, 201) << ls.body;
    t.list = text(ls.json(), "id");
    json::value members = json::object{{"contact_ids", json::array{json::value(t.contact)}}};
    EXPECT_EQ(post("/api/v1/lists/" + t.list + "/members", members).status, 200);
    json::value campaign = json::object{{"name", "Walk campaign " + x}, {"subject", "Walk"},
                                        {"audience", json::object{{"list_ids", json::array{json::value(t.list)}}}}};
    auto cp = post("/api/v1/campaigns", campaign);
    EXPECT_EQ(cp.status, 201) << cp.body;
    t.campaign = text(cp.json(), "id");
    auto sessions = as("rep2", "GET", "/api/v1/auth/sessions");
    for (const auto& v : data_of(sessions))
      if (v.at("current").as_bool()) t.session = text(v, "id");
    EXPECT_FALSE(t.session.empty()) << sessions.body;
    t.secrets = {"Colleagueson" + x, "colleague." + x, "Colleague call " + x, t.contact, t.activity, t.api_key,
                 "Colleague deal " + x, "Colleaguelead" + x, t.deal, t.lead, "Colleague private view " + x, t.private_view,
                 "Colleague ticket " + x, t.ticket, "Colleague macro " + x, t.macro, "Colleague report " + x, t.saved_report,
                 "Colleague dashboard " + x, t.dashboard};
    t.markers = {{"contacts", {"Colleagueson" + x, "colleague." + x}},
                 {"activities", {"Colleague call " + x, t.activity}},
                 {"deals", {"Colleague deal " + x, t.deal, ":777001"}},  // its amount, alone in a sum or a total
                 {"leads", {"Colleaguelead" + x, t.lead}},
                 {"tickets", {"Colleague ticket " + x, t.ticket}}};
    return t;
  }

  std::string param_for(const std::string& family, const Target& t) {
    if (family == "contacts") return t.contact;
    if (family == "companies") return t.company;
    if (family == "activities") return t.activity;
    if (family == "custom-fields") return t.custom_field;
    if (family == "api-keys") return t.api_key_id;
    if (family == "users") return m("rep2").id;
    if (family == "teams") return east_;
    if (family == "roles") return "sales_rep";
    if (family == "auth") return t.session;
    if (family == "leads") return t.lead;
    if (family == "deals") return t.deal;
    if (family == "products") return t.product;
    if (family == "tickets") return t.ticket;
    if (family == "macros") return t.macro;
    if (family == "saved-reports") return t.saved_report;
    if (family == "dashboards") return t.dashboard;
    // rep2's dismissal of two of its contacts: no one else's to undo (to a rep they are no records).
    if (family == "duplicates") return t.dismissal;
    if (family == "pipelines") return t.pipeline;
    // The shared view, which every member reads and only rep2 (and the admin) may change; the
    // private one answers 404 to everyone else (views_access_test.cpp).
    if (family == "views") return t.view;
    // The admin's segment and list: every member whose role reads contacts reads them (their members
    // in the reader's scope); only admins and marketing change them.
    if (family == "segments") return t.segment;
    if (family == "lists") return t.list;
    if (family == "campaigns") return t.campaign;
    // No route creates a job yet (webhooks will): an id no job has. The job routes are for admins,
    // who are refused nothing here; everyone else gets 403 before the id is looked up.
    if (family == "jobs") return "01900000-0000-7000-8000-000000000000";
    // Webhooks are for admins too: everyone else gets 403 before the id (and a redelivery's second
    // id, which fill() gives the stage's) is looked up.
    if (family == "webhooks") return "01900000-0000-7000-8000-000000000001";
    // Automations too: an id no rule has (everyone else is refused before it is looked up).
    if (family == "automations") return "01900000-0000-7000-8000-000000000002";
    // Email templates (members read them, admins change them) and emails (their sender and admins
    // read them): ids nothing has, so a rep gets 404 on a read and 403 on a change.
    if (family == "email-templates") return "01900000-0000-7000-8000-000000000003";
    if (family == "emails") return "01900000-0000-7000-8000-000000000004";
    // A calendar feed is its user's own: an id no feed has (another's answers the same 404).
    if (family == "calendar-feeds") return "01900000-0000-7000-8000-000000000005";
    // Imports and saved mappings: ids nothing has (another's import answers the same 404; a saved
    // mapping is changed by its creator and admins only).
    if (family == "imports") return "01900000-0000-7000-8000-000000000006";
    if (family == "import-mappings") return "01900000-0000-7000-8000-000000000007";
    // An email's file: an id none has (its reader sees it; email_inbound_test.cpp checks who).
    if (family == "attachments") return "01900000-0000-7000-8000-000000000008";
    // The SLA's configuration: ids nothing has (members read it, admins change it), so a rep gets
    // 404 on a read and 403 on a change (support_sla_test.cpp: an agent and a read-only user too).
    if (family == "business-hours") return "01900000-0000-7000-8000-000000000009";
    if (family == "sla-policies") return "01900000-0000-7000-8000-00000000000a";
    // Web forms are for admins: everyone else gets 403 before the id is looked up.
    if (family == "web-forms") return "01900000-0000-7000-8000-0000000000f1";
    // Lead capture forms are for admins and marketing: a rep gets 403 before the id is looked up.
    if (family == "forms") return "01900000-0000-7000-8000-0000000000f2";
    return "";
  }

  static json::value body_for(const std::string& family) {
    if (family == "contacts") return json::object{{"last_name", "Walked"}};
    if (family == "companies") return json::object{{"name", "Walked"}};
    if (family == "activities") return json::object{{"type", "note"}, {"subject", "Walked"}};
    if (family == "users") return json::object{{"name", "Walked"}, {"role", "admin"}};
    if (family == "teams" || family == "roles") return json::object{{"name", "walked"}, {"label", "Walked"}};
    if (family == "leads") return json::object{{"last_name", "Walked"}};
    if (family == "deals") return json::object{{"name", "Walked"}};
    if (family == "products") return json::object{{"name", "Walked"}};
    if (family == "tickets") return json::object{{"subject", "Walked"}};
    return json::object{{"name", "walked"}};
  }

  // What the colleague's records look like to the admin: must be the same after the walk.
  std::string snapshot(const Target& t) {
    std::string s;
    for (const auto& path : {"/api/v1/contacts/" + t.contact, "/api/v1/companies/" + t.company,
                             "/api/v1/activities/" + t.activity, "/api/v1/custom-fields/" + t.custom_field,
                             "/api/v1/deals/" + t.deal, "/api/v1/leads/" + t.lead, "/api/v1/products/" + t.product, "/api/v1/tickets/" + t.ticket,
                             "/api/v1/pipelines/" + t.pipeline, "/api/v1/deals/" + t.deal + "/stage-history",
                             "/api/v1/users/" + m("rep2").id, "/api/v1/users/" + m("reader").id,
                             "/api/v1/teams/" + east_, std::string("/api/v1/roles"), std::string("/api/v1/teams"),
                             "/api/v1/views/" + t.view, std::string("/api/v1/workspace"), "/api/v1/segments/" + t.segment,
                             "/api/v1/lists/" + t.list, "/api/v1/lists/" + t.list + "/members?count=true",
                             "/api/v1/campaigns/" + t.campaign})
      s += get(path).body + "\n";
    s += as("rep2", "GET", "/api/v1/views/" + t.private_view).body + "\n";
    s += as("rep2", "GET", "/api/v1/macros/" + t.macro).body + "\n";
    s += as("rep2", "GET", "/api/v1/saved-reports/" + t.saved_report).body + "\n";
    s += as("rep2", "GET", "/api/v1/dashboards/" + t.dashboard + "/data").body + "\n";
    return s;
  }
};

TEST_F(AccessWalk, AnonymousCallersGet401OnEveryPrivateRoute) {
  Target t = seed();
  HttpClient anon(server().port());
  int checked = 0;
  for (const auto& r : routes_of(anon)) {
    if (r.is_public) continue;
    std::string target = fill(r.pattern, param_for(family_of(r.pattern), t), t.stage);
    json::value body = body_for(family_of(r.pattern));
    auto res = anon.call(r.method, target, "", r.method == "GET" || r.method == "DELETE" ? nullptr : &body);
    EXPECT_EQ(res.status, 401) << r.method << " " << target << ": " << res.body;
    EXPECT_EQ(res.header("content-type"), "application/problem+json") << r.method << " " << target;
    for (const auto& secret : t.secrets)
      if (target.find(secret) == std::string::npos) {  // the path the caller sent comes back as `instance`
        EXPECT_EQ(res.body.find(secret), std::string::npos) << r.method << " " << target;
      }
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

TEST_F(AccessWalk, AReadOnlyUserChangesNothingAnywhere) {
  Target t = seed();
  std::string before = snapshot(t);
  int checked = 0;
  for (const auto& r : routes_of(*client_)) {
    if (r.is_public || r.own_credential || r.method == "GET") continue;
    std::string key = r.method + " " + r.pattern;
    if (kSelfService.count(key) || kQueries.count(key)) continue;
    std::string family = family_of(r.pattern);
    std::string target = fill(r.pattern, param_for(family, t), t.stage);
    json::value body = body_for(family);
    if (r.pattern.ends_with("/move")) body = json::object{{"stage_id", t.stage}};
    if (r.pattern.ends_with("/line-items")) body = json::object{{"product_id", t.product}, {"quantity", 1}};
    if (r.pattern.ends_with("{item_id}")) body = json::object{{"quantity", 2}};
    auto res = as("reader", r.method, target, r.method == "DELETE" ? nullptr : &body);
    // 403: the role does not allow it; 404: the target is not the reader's (another user's API key).
    EXPECT_TRUE(res.status == 403 || res.status == 404) << key << " as read_only: " << res.status << " " << res.body;
    ++checked;
  }
  EXPECT_GE(checked, 20);
  EXPECT_EQ(snapshot(t), before) << "a read-only user's requests changed data";
  HttpClient c(server().port());
  EXPECT_EQ(c.call("GET", "/api/v1/auth/me", t.api_key).status, 200) << "the colleague's API key still works";
}

TEST_F(AccessWalk, ASalesRepCannotReachAColleaguesRecords) {
  Target t = seed();
  std::string before = snapshot(t);
  const json::value me = as("rep1", "GET", "/api/v1/auth/me").json();
  const json::value& grants = me.at("grants").at("permissions");
  int checked = 0;
  for (const auto& r : routes_of(*client_)) {
    if (r.is_public || r.own_credential || r.pattern.find('{') == std::string::npos) continue;
    std::string key = r.method + " " + r.pattern;
    std::string family = family_of(r.pattern);
    std::string target = fill(r.pattern, param_for(family, t), t.stage);
    json::value body = body_for(family);
    if (r.pattern.ends_with("/move")) body = json::object{{"stage_id", t.stage}};
    if (r.pattern.ends_with("/line-items")) body = json::object{{"product_id", t.product}, {"quantity", 1}};
    if (r.pattern.ends_with("{item_id}")) body = json::object{{"quantity", 2}};
    auto res = as("rep1", r.method, target, r.method == "GET" || r.method == "DELETE" ? nullptr : &body);
    if (kAdminOnly.count(key)) {
      EXPECT_EQ(res.status, 403) << key << ": " << res.body;
      ++checked;
      continue;
    }
    bool record = grants.as_object().contains(family);
    bool readable = record && grants.at(family).at("read").as_string() == "all";
    if (record && !readable) {
      // 404: the colleague's record is, to a rep, no record; 403 only for an action the rep's role
      // lacks on every record (export, erase), which says nothing about this one.
      bool role_wide = key.ends_with("/export") || key.ends_with("/erase");
      EXPECT_TRUE(res.status == 404 || (res.status == 403 && role_wide)) << key << ": " << res.status << " " << res.body;
    } else if (r.method == "GET") {
      EXPECT_TRUE(res.status == 200 || res.status == 404) << key << ": " << res.status << " " << res.body;
    } else {
      EXPECT_TRUE(res.status == 403 || res.status == 404) << key << ": " << res.status << " " << res.body;
    }
    // Successful answers too: a 200 on a route the rep may use (a pipeline, its board, a user) must
    // not carry the colleague's records either.
    for (const auto& secret : t.secrets)
      if (target.find(secret) == std::string::npos) {
        EXPECT_EQ(res.body.find(secret), std::string::npos) << key << " (" << res.status << ") leaks " << secret;
      }
    ++checked;
  }
  EXPECT_GE(checked, 25);
  // Lists never show the colleague's contacts or activities either.
  for (const char* list : {"/api/v1/contacts?limit=500", "/api/v1/activities?limit=500", "/api/v1/recycle-bin?limit=500",
                           "/api/v1/views?object_type=contacts"}) {
    auto res = as("rep1", "GET", list);
    EXPECT_EQ(res.status, 200) << list;
    for (const auto& secret : t.secrets) EXPECT_EQ(res.body.find(secret), std::string::npos) << list << " leaks " << secret;
  }
  // The workspace's settings (a route without an id): a rep reads them and cannot change them.
  EXPECT_EQ(as("rep1", "GET", "/api/v1/workspace").status, 200);
  json::value zone = json::object{{"time_zone", "Pacific/Auckland"}};
  auto settings = as("rep1", "PATCH", "/api/v1/workspace", &zone);
  EXPECT_EQ(settings.status, 403) << settings.body;
  EXPECT_EQ(snapshot(t), before) << "a rep's requests changed a colleague's data";
  EXPECT_EQ(as("rep2", "GET", "/api/v1/auth/me").status, 200) << "the colleague's session still works";
}

// Every list, report, board and audit route, for each identity of the organisation: an answer
// never carries a record of rep2's (East) that the identity's role may not read. Whether it may is
// taken from its grants (/auth/me): scope all, or team for a member of East, reads rep2's records.
// The board of a pipeline holding rep2's deal is walked with and without totals, whole and by
// column; rep2 (and the admin) see the deal there, so its absence elsewhere is scope, not emptiness.
TEST_F(AccessWalk, ListsReportsAndBoardsShowOnlyWhatEachIdentityMayRead) {
  Target t = seed();
  std::vector<std::string> targets;
  for (const auto& r : routes_of(*client_)) {
    if (r.is_public || r.own_credential || r.method != "GET" || r.pattern == "/api/v1/ws") continue;
    if (r.pattern.find('{') == std::string::npos) {
      // The reports of one pipeline get the one holding rep2's deal.
      bool per_pipeline = r.pattern == "/api/v1/reports/pipeline" || r.pattern == "/api/v1/reports/forecast";
      // The views of an object type: its type is required.
      if (r.pattern == "/api/v1/search") {
        // Words that find each of rep2's records, by name and by e-mail address.
        for (const std::string& q : std::vector<std::string>{"Colleague", "colleagueson" + t.suffix, "colleague." + t.suffix,
                                                             "colleaguelead" + t.suffix})
          targets.push_back(r.pattern + "?limit=50&q=" + q);
        continue;
      }
      // The views of an object type: its type is required.
      targets.push_back(per_pipeline ? r.pattern + "?pipeline_id=" + t.pipeline
                        : r.pattern == "/api/v1/views"      ? r.pattern + "?object_type=contacts"
                        : r.pattern == "/api/v1/duplicates" ? r.pattern + "?object=contacts"
                                                            : r.pattern);
    } else if (r.pattern.ends_with("/board")) {
      std::string board = fill(r.pattern, t.pipeline);
      for (const std::string& q : std::vector<std::string>{"", "?totals=true", "?stage_id=" + t.stage, "?stage_id=" + t.stage + "&totals=true"})
        targets.push_back(board + q);
    }
  }
  for (const char* extra : {"/api/v1/reports/forecast", "/api/v1/reports/funnel", "/api/v1/deals?limit=500",
                            "/api/v1/leads?limit=500", "/api/v1/audit-events?limit=500"})
    targets.emplace_back(extra);
  ASSERT_GE(targets.size(), 20u);

  // The control: the deal is on the board for its owner and for the admin.
  const std::string board = "/api/v1/pipelines/" + t.pipeline + "/board?totals=true";
  for (const auto& res : std::vector<HttpResponse>{as("rep2", "GET", board), get(board)}) {
    EXPECT_EQ(res.status, 200) << res.body;
    EXPECT_NE(res.body.find(t.deal), std::string::npos) << "the control failed: the deal is not on its own board: " << res.body;
  }

  const std::set<std::string> east = {"rep1", "rep2", "manager"};
  int forbidden_checks = 0, board_answers = 0;
  for (const std::string who : {"rep1", "rep3", "support", "reader", "manager"}) {
    const json::value me = as(who, "GET", "/api/v1/auth/me").json();
    const json::object& grants = me.at("grants").at("permissions").as_object();
    std::vector<std::string> forbidden;
    for (const auto& [object, markers] : t.markers) {
      std::string scope = grants.contains(object) ? std::string(grants.at(object).at("read").as_string()) : "none";
      bool may_read = scope == "all" || (scope == "team" && east.count(who));
      if (!may_read) forbidden.insert(forbidden.end(), markers.begin(), markers.end());
    }
    for (const auto& target : targets) {
      auto res = as(who, "GET", target);
      // 200, or 403 for a route the role lacks (audit events, users); 404 for a report of a pipeline
      // it cannot see. Never 5xx, and never the records it may not read.
      EXPECT_TRUE(res.status == 200 || res.status == 403 || res.status == 404) << who << " GET " << target << ": " << res.status << " " << res.body;
      if (target.find("/board") != std::string::npos && res.status == 200) ++board_answers;
      for (const auto& marker : forbidden) {
        EXPECT_EQ(res.body.find(marker), std::string::npos) << who << " GET " << target << " leaks " << marker << ": " << res.body;
        ++forbidden_checks;
      }
    }
  }
  EXPECT_GT(forbidden_checks, 0) << "no identity was walked with something it may not read";
  EXPECT_GT(board_answers, 0) << "no identity could read the board at all";
}

}  // namespace
}  // namespace rapport::testing
