// The OpenAPI document against real answers, beyond the schemas: the headers each answer carries
// (ETag, Location, Idempotent-Replayed, Retry-After, X-Request-Id, WWW-Authenticate) are exactly those
// its operation documents for that status; the optional parts of answers appear when the document
// says; the problem types, security schemes and list parameters say what the server does.
#include <algorithm>
#include <set>

#include "platform/clock.hpp"
#include "platform/problem.hpp"
#include "sales_helpers.hpp"

namespace rapport::testing {
namespace {

const char* const kContractHeaders[] = {"etag", "location", "idempotent-replayed", "retry-after", "x-request-id",
                                        "www-authenticate"};

class ApiContract : public Sales {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--public-url", "https://contract.rapport.test"};  // campaigns are sent only with one
    Sales::SetUpTestSuite();
    server_args_.clear();
    doc_ = new json::value(client_->request("GET", "/api/v1/openapi.json").json());
  }
  static void TearDownTestSuite() {
    delete doc_;
    doc_ = nullptr;
    Sales::TearDownTestSuite();
  }
  const json::object& paths() { return doc_->at("paths").as_object(); }

  // The documented path a concrete path is an instance of: the one with most literal segments.
  std::string pattern_of(const std::string& method, std::string path) {
    path = path.substr(0, path.find('?'));
    auto split = [](const std::string& p) {
      std::vector<std::string> out;
      for (std::size_t i = 1; i <= p.size();) {
        auto j = p.find('/', i);
        if (j == std::string::npos) j = p.size();
        out.push_back(p.substr(i, j - i));
        i = j + 1;
      }
      return out;
    };
    const auto segs = split(path);
    std::string best;
    int best_literals = -1;
    for (const auto& [pattern, item] : paths()) {
      if (!item.as_object().contains(method)) continue;
      auto ps = split(std::string(pattern));
      if (ps.size() != segs.size()) continue;
      int literals = 0;
      bool match = true;
      for (std::size_t i = 0; i < ps.size() && match; ++i) {
        if (!ps[i].empty() && ps[i].front() == '{') continue;
        match = ps[i] == segs[i];
        ++literals;
      }
      if (match && literals > best_literals) best = pattern, best_literals = literals;
    }
    return best;
  }

  // The answer carries exactly the contract headers its operation documents for its status.
  void expect_documented(const std::string& method, const std::string& path, const HttpResponse& r) {
    std::string m = method;
    for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string pattern = pattern_of(m, path);
    ASSERT_FALSE(pattern.empty()) << method << " " << path << " is not documented";
    const auto& responses = paths().at(pattern).at(m).at("responses").as_object();
    const std::string status = std::to_string(r.status);
    ASSERT_TRUE(responses.contains(status)) << method << " " << pattern << " answered an undocumented " << status << ": " << r.body;
    std::set<std::string> documented;
    if (const auto* h = responses.at(status).as_object().if_contains("headers"))
      for (const auto& kv : h->as_object()) {
        std::string name(kv.key());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        documented.insert(name);
      }
    for (const char* h : kContractHeaders) {
      const bool sent = !r.header(h).empty();
      // Idempotent-Replayed is documented where it may come: only a replay carries it.
      if (!sent && std::string_view(h) == "idempotent-replayed") continue;
      EXPECT_EQ(sent, documented.count(h) == 1)
          << method << " " << pattern << " " << status << ": " << h << (sent ? " sent, not documented" : " documented, not sent");
    }
    checked_.insert(method + " " + pattern);
  }

  HttpResponse call(const std::string& method, const std::string& path, const json::value* body = nullptr,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    auto r = client_->call(method, path, token_, body, std::move(headers));
    expect_documented(method, path, r);
    return r;
  }
  HttpResponse call(const std::string& method, const std::string& path, const json::value& body,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    return call(method, path, &body, std::move(headers));
  }

  static inline json::value* doc_ = nullptr;
  static inline std::set<std::string> checked_;
};

TEST_F(ApiContract, EveryAnswerCarriesTheHeadersItsOperationDocuments) {
  // A record: create (ETag, Location), replay (Idempotent-Replayed), read, change, delete, restore.
  const std::string key = unique_name("contract-key-");
  json::value contact = json::object{{"last_name", "Contract"}};
  auto created = call("POST", "/api/v1/contacts", contact, {{"Idempotency-Key", key}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("idempotent-replayed"), "");
  const std::string id = text(created.json(), "id");
  EXPECT_EQ(created.header("location"), "/api/v1/contacts/" + id);
  EXPECT_EQ(created.header("etag"), "\"1\"");
  auto replayed = call("POST", "/api/v1/contacts", contact, {{"Idempotency-Key", key}});
  EXPECT_EQ(replayed.header("idempotent-replayed"), "true");
  EXPECT_EQ(call("GET", "/api/v1/contacts/" + id).header("etag"), "\"1\"");
  json::value change = json::object{{"first_name", "Ada"}};
  EXPECT_EQ(call("PATCH", "/api/v1/contacts/" + id, change, {{"If-Match", "\"1\""}}).header("etag"), "\"2\"");
  EXPECT_EQ(call("PATCH", "/api/v1/contacts/" + id, change, {{"If-Match", "\"1\""}}).status, 412);
  call("GET", "/api/v1/contacts?limit=1");
  auto history = call("GET", "/api/v1/contacts/" + id + "/history").json().at("data").as_array();
  ASSERT_FALSE(history.empty());
  // Back to the creation (first_name cleared again): a new version.
  std::string undo = "/api/v1/contacts/" + id + "/history/";
  undo += std::to_string(history.back().at("id").to_number<int64_t>());
  undo += "/restore";
  EXPECT_EQ(call("POST", undo, json::object{}, {{"If-Match", "\"2\""}}).header("etag"), "\"3\"");
  call("GET", "/api/v1/duplicates?object=contacts&record_id=" + id);
  EXPECT_FALSE(call("POST", "/api/v1/duplicates/scan?object=contacts", json::object{}).header("location").empty());
  call("GET", "/api/v1/scoring/models");
  EXPECT_FALSE(call("POST", "/api/v1/scoring/train?object=deals", json::object{}).header("location").empty());
  EXPECT_FALSE(call("POST", "/api/v1/scoring/refresh", json::object{}).header("location").empty());
  {
    const std::string twin = text(call("POST", "/api/v1/contacts", json::object{{"last_name", "Contract"}}).json(), "id");
    json::value not_same = json::object{{"object", "contacts"}, {"ids", json::array{json::value(id), json::value(twin)}}};
    auto dismissed = call("POST", "/api/v1/duplicates/dismissals", not_same);
    ASSERT_EQ(dismissed.status, 201) << dismissed.body;
    EXPECT_EQ(dismissed.header("location"), "/api/v1/duplicates/dismissals/" + text(dismissed.json(), "id"));
    EXPECT_EQ(call("DELETE", dismissed.header("location")).status, 204);
  }
  EXPECT_EQ(call("DELETE", "/api/v1/contacts/" + id).status, 204);
  call("GET", "/api/v1/recycle-bin?object_type=contacts");
  EXPECT_EQ(call("POST", "/api/v1/contacts/" + id + "/restore").status, 200);
  EXPECT_EQ(call("GET", "/api/v1/contacts/0190a000-0000-7000-8000-000000000000").status, 404);
  json::value consent = json::object{{"channel", "phone"}, {"status", "granted"}, {"source", "manual"}};
  EXPECT_EQ(call("POST", "/api/v1/contacts/" + id + "/consents", consent).status, 201);

  // Custom fields: created (ETag, Location), read and changed (ETag).
  json::value field = json::object{{"object_type", "contacts"}, {"name", unique_name("contract_").substr(0, 40)}, {"type", "text"}};
  auto def = call("POST", "/api/v1/custom-fields", field);
  ASSERT_EQ(def.status, 201) << def.body;
  const std::string def_id = text(def.json(), "id");
  call("GET", "/api/v1/custom-fields/" + def_id);
  json::value label = json::object{{"label", "Contract"}};
  call("PATCH", "/api/v1/custom-fields/" + def_id, label);
  call("GET", "/api/v1/custom-fields");
  EXPECT_EQ(call("DELETE", "/api/v1/custom-fields/" + def_id).status, 204);

  // Saved views: created (ETag, Location), read and changed (ETag), listed, deleted.
  json::value view = json::object{{"object_type", "contacts"}, {"name", unique_name("Contract view ")}};
  auto saved = call("POST", "/api/v1/views", view);
  ASSERT_EQ(saved.status, 201) << saved.body;
  const std::string view_id = text(saved.json(), "id");
  EXPECT_EQ(saved.header("location"), "/api/v1/views/" + view_id);
  EXPECT_EQ(call("GET", "/api/v1/views/" + view_id).header("etag"), "\"1\"");
  json::value view_change = json::object{{"position", 7}};
  EXPECT_EQ(call("PATCH", "/api/v1/views/" + view_id, view_change, {{"If-Match", "\"1\""}}).header("etag"), "\"2\"");
  call("GET", "/api/v1/views?object_type=contacts");
  EXPECT_EQ(call("DELETE", "/api/v1/views/" + view_id).status, 204);

  // A webhook (to a public address written as such: no DNS, and no event it hears happens here):
  // created (ETag, Location), read, changed and given a new secret (ETag), listed, deleted.
  json::value hook = json::object{{"url", "http://93.184.216.34/contract"}, {"event_types", json::array{"webhook.disabled"}}};
  auto made_hook = call("POST", "/api/v1/webhooks", hook);
  ASSERT_EQ(made_hook.status, 201) << made_hook.body;
  const std::string hook_id = text(made_hook.json(), "id");
  EXPECT_EQ(made_hook.header("location"), "/api/v1/webhooks/" + hook_id);
  EXPECT_EQ(call("GET", "/api/v1/webhooks/" + hook_id).header("etag"), "\"1\"");
  json::value hook_change = json::object{{"description", "contract"}};
  EXPECT_EQ(call("PATCH", "/api/v1/webhooks/" + hook_id, hook_change, {{"If-Match", "\"1\""}}).header("etag"), "\"2\"");
  const json::value no_body = json::object{};
  EXPECT_EQ(call("POST", "/api/v1/webhooks/" + hook_id + "/rotate-secret", no_body).header("etag"), "\"3\"");
  call("GET", "/api/v1/webhooks");
  call("GET", "/api/v1/webhooks/" + hook_id + "/deliveries");
  EXPECT_EQ(call("DELETE", "/api/v1/webhooks/" + hook_id).status, 204);

  // An automation rule (on a change nothing here makes): created (ETag, Location), read, changed,
  // disabled and enabled (ETag), its runs and a dry run, deleted.
  json::value rule = json::object{{"name", "contract"}, {"object_type", "contacts"},
                                  {"trigger", json::object{{"type", "record_restored"}}},
                                  {"actions", json::array{json::object{{"type", "create_activity"}, {"kind", "note"}, {"subject", "x"}}}}};
  auto made_rule = call("POST", "/api/v1/automations", rule);
  ASSERT_EQ(made_rule.status, 201) << made_rule.body;
  const std::string rule_id = text(made_rule.json(), "id");
  EXPECT_EQ(made_rule.header("location"), "/api/v1/automations/" + rule_id);
  EXPECT_EQ(call("GET", "/api/v1/automations/" + rule_id).header("etag"), "\"1\"");
  json::value rule_change = json::object{{"description", "contract"}};
  EXPECT_EQ(call("PATCH", "/api/v1/automations/" + rule_id, rule_change, {{"If-Match", "\"1\""}}).header("etag"), "\"2\"");
  EXPECT_EQ(call("POST", "/api/v1/automations/" + rule_id + "/disable", no_body).header("etag"), "\"3\"");
  EXPECT_EQ(call("POST", "/api/v1/automations/" + rule_id + "/enable", no_body).header("etag"), "\"4\"");
  call("GET", "/api/v1/automations");
  call("GET", "/api/v1/automations/" + rule_id + "/runs");
  json::value dry = json::object{{"record_id", text(made_rule.json(), "created_by")}};  // no such contact: 422
  call("POST", "/api/v1/automations/" + rule_id + "/test", dry);
  EXPECT_EQ(call("DELETE", "/api/v1/automations/" + rule_id).status, 204);

  // Email: settings (ETag; a public address written as such: no email is sent here, so nothing
  // connects to it) and a template (ETag, Location).
  json::value smtp = json::object{{"host", "93.184.216.34"}, {"port", 587}, {"security", "starttls"}, {"sender", "contract@rapport.example"}};
  auto settings = call("PUT", "/api/v1/email/settings", smtp);
  EXPECT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(settings.header("etag"), "\"" + std::to_string(settings.json().at("version").as_int64()) + "\"");
  EXPECT_EQ(call("GET", "/api/v1/email/settings").header("etag"), settings.header("etag"));
  json::value email_template = json::object{{"name", "Contract"}, {"subject", "Hi {{contact.first_name}}"}, {"text", "..."}};
  auto made_template = call("POST", "/api/v1/email-templates", email_template);
  ASSERT_EQ(made_template.status, 201) << made_template.body;
  const std::string template_id(made_template.json().at("id").as_string());
  EXPECT_EQ(made_template.header("location"), "/api/v1/email-templates/" + template_id);
  EXPECT_EQ(call("GET", "/api/v1/email-templates/" + template_id).header("etag"), "\"1\"");
  json::value template_change = json::object{{"name", "Contract 2"}};
  EXPECT_EQ(call("PATCH", "/api/v1/email-templates/" + template_id, template_change, {{"If-Match", "\"1\""}}).header("etag"), "\"2\"");
  call("GET", "/api/v1/email-templates");
  EXPECT_EQ(call("DELETE", "/api/v1/email-templates/" + template_id).status, 204);
  // An import (202 with its Location: a dry run, nothing written) and a saved mapping (ETag, Location).
  auto imported = client_->request("POST", "/api/v1/imports?object=contacts&dry_run=true", "Last Name\r\nContract\r\n",
                                   {{"Authorization", "Bearer " + token_}, {"Content-Type", "text/csv"}});
  expect_documented("POST", "/api/v1/imports", imported);
  ASSERT_EQ(imported.status, 202) << imported.body;
  EXPECT_EQ(imported.header("location"), "/api/v1/imports/" + text(imported.json(), "id"));
  call("GET", "/api/v1/imports/" + text(imported.json(), "id"));
  json::value mapping = json::object{{"name", "Contract"}, {"object", "contacts"}, {"mapping", json::object{}}};
  auto made_mapping = call("POST", "/api/v1/import-mappings", mapping);
  ASSERT_EQ(made_mapping.status, 201) << made_mapping.body;
  const std::string mapping_id = text(made_mapping.json(), "id");
  EXPECT_EQ(made_mapping.header("location"), "/api/v1/import-mappings/" + mapping_id);
  EXPECT_EQ(call("GET", "/api/v1/import-mappings/" + mapping_id).header("etag"), "\"1\"");
  json::value mapping_change = json::object{{"name", "Contract 2"}};
  EXPECT_EQ(call("PATCH", "/api/v1/import-mappings/" + mapping_id, mapping_change, {{"If-Match", "\"1\""}}).header("etag"), "\"2\"");
  EXPECT_EQ(call("DELETE", "/api/v1/import-mappings/" + mapping_id).status, 204);

  // Creates of other kinds: Location only.
  auto p = make_pipeline("Contract");
  json::value pipeline = json::object{{"name", "Contract 2"}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}}}};
  EXPECT_EQ(call("POST", "/api/v1/pipelines", pipeline).status, 201);
  json::value team = json::object{{"name", unique_name("Contract team ")}};
  EXPECT_EQ(call("POST", "/api/v1/teams", team).status, 201);
  json::value user = json::object{{"email", unique_name("contract-") + "@contract.test"}, {"password", "long-enough-password-1"}, {"role", "sales_rep"}};
  EXPECT_EQ(call("POST", "/api/v1/users", user).status, 201);
  json::value api_key = json::object{{"name", "contract"}};
  EXPECT_EQ(call("POST", "/api/v1/api-keys", api_key).status, 201);
  json::value role = json::object{{"name", unique_name("contract_").substr(0, 40)},
                                  {"permissions", json::object{{"contacts", json::object{{"read", "all"}}}}}};
  auto made_role = call("POST", "/api/v1/roles", role);
  EXPECT_EQ(made_role.status, 201) << made_role.body;

  // A contact's vCard and a meeting's iCalendar carry the record's version (ETag); a calendar feed
  // is created with its Location, then revoked.
  json::value card_contact = json::object{{"last_name", "Contract card"}};
  auto made_card = call("POST", "/api/v1/contacts", card_contact);
  ASSERT_EQ(made_card.status, 201) << made_card.body;
  EXPECT_EQ(call("GET", "/api/v1/contacts/" + text(made_card.json(), "id") + "/vcard").header("etag"), "\"1\"");
  json::value meeting = json::object{{"type", "meeting"}, {"subject", "Contract meeting"}, {"contact_id", text(made_card.json(), "id")},
                                     {"starts_at", "2030-01-01T10:00:00Z"}, {"ends_at", "2030-01-01T11:00:00Z"}};
  auto made_meeting = call("POST", "/api/v1/activities", meeting);
  ASSERT_EQ(made_meeting.status, 201) << made_meeting.body;
  EXPECT_EQ(call("GET", "/api/v1/activities/" + text(made_meeting.json(), "id") + "/ics").header("etag"), "\"1\"");
  const json::value feed_body = json::object{};
  auto feed = call("POST", "/api/v1/calendar-feeds", feed_body);
  ASSERT_EQ(feed.status, 201) << feed.body;
  EXPECT_EQ(feed.header("location"), "/api/v1/calendar-feeds/" + text(feed.json(), "id"));
  EXPECT_EQ(call("DELETE", "/api/v1/calendar-feeds/" + text(feed.json(), "id")).status, 204);

  // A closed ticket's follow-up: a create (ETag, Location).
  json::value closed_ticket = json::object{{"subject", "Contract ticket"}, {"status", "closed"}};
  auto made_ticket = call("POST", "/api/v1/tickets", closed_ticket);
  ASSERT_EQ(made_ticket.status, 201) << made_ticket.body;
  auto follow_up = call("POST", "/api/v1/tickets/" + text(made_ticket.json(), "id") + "/follow-up", no_body);
  ASSERT_EQ(follow_up.status, 201) << follow_up.body;
  EXPECT_EQ(follow_up.header("location"), "/api/v1/tickets/" + text(follow_up.json(), "id"));
  EXPECT_EQ(follow_up.header("etag"), "\"1\"");

  // Support's configuration: business hours and an SLA policy on them, a macro applied to the
  // follow-up (ETag on reads and writes, Location on creates).
  json::value hours = json::object{{"name", unique_name("Contract hours ")}, {"time_zone", "Europe/Berlin"},
                                   {"week", json::object{{"mon", json::array{json::object{{"open", "09:00"}, {"close", "17:00"}}}}}}};
  auto made_hours = call("POST", "/api/v1/business-hours", hours);
  ASSERT_EQ(made_hours.status, 201) << made_hours.body;
  const std::string hours_id = text(made_hours.json(), "id");
  call("GET", "/api/v1/business-hours/" + hours_id);
  json::value hours_change = json::object{{"name", unique_name("Contract hours ")}};
  EXPECT_EQ(call("PATCH", "/api/v1/business-hours/" + hours_id, hours_change).status, 200);
  json::value policy = json::object{{"name", unique_name("Contract SLA ")}, {"targets", json::object{{"resolution", 480}}},
                                    {"business_hours_id", hours_id}};
  auto made_policy = call("POST", "/api/v1/sla-policies", policy);
  ASSERT_EQ(made_policy.status, 201) << made_policy.body;
  const std::string policy_id = text(made_policy.json(), "id");
  call("GET", "/api/v1/sla-policies/" + policy_id);
  json::value policy_change = json::object{{"name", unique_name("Contract SLA ")}};
  EXPECT_EQ(call("PATCH", "/api/v1/sla-policies/" + policy_id, policy_change).status, 200);
  json::value macro = json::object{{"name", unique_name("Contract macro ")}, {"kind", "note"}, {"body", "Looked at it"}, {"shared", true}};
  auto made_macro = call("POST", "/api/v1/macros", macro);
  ASSERT_EQ(made_macro.status, 201) << made_macro.body;
  const std::string macro_id = text(made_macro.json(), "id");
  call("GET", "/api/v1/macros/" + macro_id);
  json::value macro_change = json::object{{"name", unique_name("Contract macro ")}};
  EXPECT_EQ(call("PATCH", "/api/v1/macros/" + macro_id, macro_change).status, 200);
  json::value saved_report = json::object{{"name", unique_name("Contract report ")}, {"visibility", "workspace"},
                                   {"definition", json::object{{"object", "contacts"}, {"measures", json::array{json::object{{"op", "count"}}}}}}};
  auto made_report = call("POST", "/api/v1/saved-reports", saved_report);
  ASSERT_EQ(made_report.status, 201) << made_report.body;
  const std::string report_id = text(made_report.json(), "id");
  call("GET", "/api/v1/saved-reports/" + report_id);
  json::value report_change = json::object{{"name", unique_name("Contract report ")}};
  EXPECT_EQ(call("PATCH", "/api/v1/saved-reports/" + report_id, report_change).status, 200);
  json::value board = json::object{{"name", unique_name("Contract dashboard ")},
                                   {"widgets", json::array{json::object{{"saved_report_id", report_id}, {"type", "kpi"}, {"x", 0}, {"y", 0},
                                                                        {"w", 3}, {"h", 2},
                                                                        {"period", json::object{{"field", "created_at"}, {"bucket", "month"}}}}}}};
  auto made_board = call("POST", "/api/v1/dashboards", board);
  ASSERT_EQ(made_board.status, 201) << made_board.body;
  const std::string board_id = text(made_board.json(), "id");
  call("GET", "/api/v1/dashboards/" + board_id);
  call("GET", "/api/v1/dashboards/" + board_id + "/data");
  json::value board_change = json::object{{"name", unique_name("Contract dashboard ")}};
  EXPECT_EQ(call("PATCH", "/api/v1/dashboards/" + board_id, board_change).status, 200);
  json::value apply = json::object{{"macro_id", macro_id}};
  auto applied = call("POST", "/api/v1/tickets/" + text(follow_up.json(), "id") + "/apply-macro", apply);
  EXPECT_EQ(applied.status, 200) << applied.body;

  // Segments and static lists: created (ETag, Location), read and changed (ETag), their members.
  json::value segment = json::object{{"name", unique_name("Contract segment ")}, {"filter", json::object{{"country", json::object{{"eq", "DE"}}}}}};
  auto made_segment = call("POST", "/api/v1/segments", segment);
  ASSERT_EQ(made_segment.status, 201) << made_segment.body;
  const std::string segment_id = text(made_segment.json(), "id");
  EXPECT_EQ(made_segment.header("location"), "/api/v1/segments/" + segment_id);
  EXPECT_EQ(call("GET", "/api/v1/segments/" + segment_id).header("etag"), "\"1\"");
  json::value segment_change = json::object{{"filter", json::object{{"country", json::object{{"in", json::array{"DE", "AT"}}}}}}};
  EXPECT_EQ(call("PATCH", "/api/v1/segments/" + segment_id, segment_change, {{"If-Match", "\"1\""}}).header("etag"), "\"2\"");
  EXPECT_EQ(call("GET", "/api/v1/segments/" + segment_id + "/members?count=true&limit=5").status, 200);
  json::value list = json::object{{"name", unique_name("Contract list ")}};
  auto made_list = call("POST", "/api/v1/lists", list);
  ASSERT_EQ(made_list.status, 201) << made_list.body;
  const std::string list_id = text(made_list.json(), "id");
  EXPECT_EQ(made_list.header("location"), "/api/v1/lists/" + list_id);
  EXPECT_EQ(call("GET", "/api/v1/lists/" + list_id).header("etag"), "\"1\"");
  json::value list_change = json::object{{"description", "Contract"}};
  EXPECT_EQ(call("PATCH", "/api/v1/lists/" + list_id, list_change).header("etag"), "\"2\"");
  // A lead capture form: created (ETag, Location), read and changed (ETag), and sent from its page.
  json::value form = json::object{{"name", unique_name("Contract form ")},
                                  {"fields", json::array{json::object{{"field", "email"}, {"required", true}}}}};
  auto made_form = call("POST", "/api/v1/forms", form);
  ASSERT_EQ(made_form.status, 201) << made_form.body;
  const std::string form_id = text(made_form.json(), "id");
  EXPECT_EQ(made_form.header("location"), "/api/v1/forms/" + form_id);
  EXPECT_EQ(call("GET", "/api/v1/forms/" + form_id).header("etag"), "\"1\"");
  json::value form_change = json::object{{"success_message", "Thanks"}};
  EXPECT_EQ(call("PATCH", "/api/v1/forms/" + form_id, form_change).header("etag"), "\"2\"");

  // A campaign to that list: created (ETag, Location), read and changed (ETag), scheduled a day
  // ahead (so no job sends it meanwhile), paused and resumed, each answering its new version.
  json::value campaign = json::object{{"name", unique_name("Contract campaign ")}, {"subject", "News"}, {"html", "<p>Hi</p>"},
                                      {"audience", json::object{{"list_ids", json::array{json::value(list_id)}}}}};
  auto made_campaign = call("POST", "/api/v1/campaigns", campaign);
  ASSERT_EQ(made_campaign.status, 201) << made_campaign.body;
  const std::string campaign_id = text(made_campaign.json(), "id");
  EXPECT_EQ(made_campaign.header("location"), "/api/v1/campaigns/" + campaign_id);
  EXPECT_EQ(made_campaign.header("etag"), "\"1\"");
  EXPECT_EQ(call("GET", "/api/v1/campaigns/" + campaign_id).header("etag"), "\"1\"");
  json::value campaign_change = json::object{{"subject", "News of the week"}};
  EXPECT_EQ(call("PATCH", "/api/v1/campaigns/" + campaign_id, campaign_change, {{"If-Match", "\"1\""}}).header("etag"), "\"2\"");
  json::value tomorrow = json::object{{"scheduled_at", clock::format_ms(clock::now_ms() + 86'400'000)}};
  auto scheduled = call("POST", "/api/v1/campaigns/" + campaign_id + "/send", tomorrow);
  ASSERT_EQ(scheduled.status, 200) << scheduled.body;
  EXPECT_EQ(scheduled.header("etag"), "\"3\"");
  auto paused = call("POST", "/api/v1/campaigns/" + campaign_id + "/pause", json::object{});
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(paused.header("etag"), "\"4\"");
  auto resumed = call("POST", "/api/v1/campaigns/" + campaign_id + "/resume", json::object{});
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(resumed.header("etag"), "\"5\"");

  // A deal: its move answers the new version (ETag); a line item is created without a Location (no
  // route reads one item).
  const std::string deal = make_deal(p, "Contract deal", json::object{{"currency", "EUR"}});
  json::value to = json::object{{"stage_id", p.propose}};
  EXPECT_EQ(call("POST", "/api/v1/deals/" + deal + "/move", to).status, 200);
  json::value item = json::object{{"name", "Seat"}, {"quantity", 2}, {"unit_price", 1000}};
  auto line = call("POST", "/api/v1/deals/" + deal + "/line-items", item);
  EXPECT_EQ(line.status, 201) << line.body;
  call("GET", "/api/v1/pipelines/" + p.id + "/board");

  // Refusals: 401 (WWW-Authenticate), 400, public routes.
  auto anonymous = client_->call("GET", "/api/v1/contacts", "");
  expect_documented("GET", "/api/v1/contacts", anonymous);
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(call("GET", "/api/v1/contacts?nope=1").status, 400);
  json::value wrong = json::object{{"email", "nobody@contract.test"}, {"password", "not-the-password"}};
  auto refused = client_->call("POST", "/api/v1/auth/login", "", &wrong);
  EXPECT_EQ(refused.status, 401) << refused.body;
  expect_documented("POST", "/api/v1/auth/login", refused);
  expect_documented("GET", "/healthz", client_->request("GET", "/healthz"));
  expect_documented("GET", "/api/v1/openapi.json", client_->request("GET", "/api/v1/openapi.json"));

  // Every operation that documents an ETag or a Location was checked above; the routes of the other
  // record objects are made by the same code as those of contacts (records/routes.cpp).
  for (const auto& [pattern_key, item_ops] : paths())
    for (const auto& [method, op] : item_ops.as_object()) {
      std::string m(method), pattern(pattern_key);
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      bool promises = false;
      for (const auto& [status, response] : op.at("responses").as_object()) {
        const auto& h = response.at("headers").as_object();
        promises = promises || h.contains("ETag") || h.contains("Location");
      }
      if (!promises || checked_.count(m + " " + pattern)) continue;
      const auto end = std::min(pattern.find('/', 8), pattern.size());
      const std::string object = pattern.substr(8, end - 8), rest = pattern.substr(end);
      const bool record = object == "companies" || object == "activities" || object == "leads" || object == "deals" ||
                          object == "products" || object == "tickets";
      EXPECT_TRUE(record && checked_.count(m + " /api/v1/contacts" + rest)) << m << " " << pattern << " documents ETag or Location; check it here";
    }
}

TEST_F(ApiContract, GuardsAreDocumentedOnEveryOperation) {
  for (const auto& [pattern, item] : paths())
    for (const auto& [method, op_value] : item.as_object()) {
      const auto& op = op_value.as_object();
      const auto& responses = op.at("responses").as_object();
      const std::string where = std::string(method) + " " + std::string(pattern);
      // Any request may meet a full server or an unreachable database.
      ASSERT_TRUE(responses.contains("503")) << where;
      EXPECT_TRUE(responses.at("503").at("headers").as_object().contains("Retry-After")) << where;
      for (const auto& [status, response] : responses)
        EXPECT_TRUE(response.at("headers").as_object().contains("X-Request-Id")) << where << " " << status;
      const bool is_public = op.at("security").as_array().size() == 1 && op.at("security").as_array()[0].as_object().empty();
      if (!is_public) {
        ASSERT_TRUE(responses.contains("429")) << where << ": every authenticated route is rate limited";
        EXPECT_TRUE(responses.at("429").at("headers").as_object().contains("Retry-After")) << where;
      }
    }
  // Sign-ins and re-authentications are throttled: the login, a password change, turning MFA off.
  for (const auto& [pattern, method] : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/auth/login", "post"}, {"/api/v1/auth/password", "post"}, {"/api/v1/auth/mfa/disable", "post"}}) {
    const auto& too_many = paths().at(pattern).at(method).at("responses").at("429");
    EXPECT_NE(std::string(too_many.at("description").as_string()).find("login-throttled"), std::string::npos) << pattern;
  }
  EXPECT_FALSE(paths().at("/healthz").at("get").at("responses").as_object().contains("429"));
}

// Each problem type the server answers with is listed with its meaning, and what real answers carry
// is among them (a slug outside the list does not compile: platform/problem.hpp).
TEST_F(ApiContract, ProblemTypesAreListedWithTheirMeaning) {
  const auto& type = doc_->at("components").at("schemas").at("Problem").at("properties").at("type").as_object();
  std::set<std::string> listed;
  for (const auto& v : type.at("enum").as_array()) listed.insert(std::string(v.as_string()));
  for (const auto& t : kProblemTypes) {
    EXPECT_TRUE(listed.count(problem_type_uri(t.slug))) << t.slug;
    EXPECT_NE(std::string(type.at("description").as_string()).find(std::string(t.meaning)), std::string::npos) << t.slug;
  }
  EXPECT_EQ(listed.size(), std::size(kProblemTypes) + 1) << "and about:blank";
  for (const auto& r : {get("/api/v1/nothing"), get("/api/v1/contacts?nope=1"), client_->call("GET", "/api/v1/contacts", ""),
                        http().request("PUT", "/api/v1/contacts")}) {
    EXPECT_TRUE(listed.count(std::string(r.json().at("type").as_string()))) << r.body;
  }
}

TEST_F(ApiContract, SecuritySchemesSayHowToAuthenticate) {
  const auto& schemes = doc_->at("components").at("securitySchemes").as_object();
  EXPECT_EQ(schemes.at("sessionCookie").at("in"), "cookie");
  EXPECT_EQ(schemes.at("sessionCookie").at("name"), "rapport_session");
  EXPECT_NE(std::string(schemes.at("sessionCookie").at("description").as_string()).find("X-CSRF-Token"), std::string::npos);
  auto names = [&](const std::string& pattern, const char* method) {
    std::set<std::string> out;
    for (const auto& alt : paths().at(pattern).at(method).at("security").as_array())
      for (const auto& kv : alt.as_object()) out.insert(std::string(kv.key()));
    return out;
  };
  EXPECT_EQ(names("/api/v1/contacts", "get"), (std::set<std::string>{"sessionToken", "apiKey", "sessionCookie"}));
  EXPECT_EQ(names("/api/v1/auth/password", "post"), (std::set<std::string>{"sessionToken", "sessionCookie"}));
  EXPECT_EQ(names("/api/v1/auth/mfa/enroll", "post"), (std::set<std::string>{"sessionToken", "sessionCookie"}));
  EXPECT_TRUE(names("/api/v1/auth/login", "post").empty());
  // The inbound-email route takes the workspace's inbound secret, and only it.
  EXPECT_EQ(names("/api/v1/inbound-email", "post"), std::set<std::string>{"inboundSecret"});
  EXPECT_EQ(schemes.at("inboundSecret").at("scheme"), "bearer");
  // What the document says holds: an API key is refused where it is not listed, accepted elsewhere.
  json::value key_body = json::object{{"name", "contract scheme"}};
  const std::string key = text(post("/api/v1/api-keys", key_body).json(), "key");
  EXPECT_EQ(http().call("POST", "/api/v1/auth/mfa/enroll", key).status, 403);
  EXPECT_EQ(http().call("GET", "/api/v1/contacts?limit=1", key).status, 200);
  // A write with the cookie needs X-CSRF-Token, which the write documents as a header parameter.
  bool csrf = false;
  for (const auto& p : paths().at("/api/v1/contacts").at("post").at("parameters").as_array())
    csrf = csrf || p.at("name") == "X-CSRF-Token";
  EXPECT_TRUE(csrf);
}

// Optional parts of answers say when they are present, and are present exactly then.
TEST_F(ApiContract, OptionalPartsAppearWhenTheDocumentSays) {
  const auto& schemas = doc_->at("components").at("schemas");
  const auto& column = schemas.at("Board").at("properties").at("stages").at("items").at("properties");
  EXPECT_NE(std::string(column.at("count").at("description").as_string()).find("totals=true"), std::string::npos);
  EXPECT_NE(std::string(column.at("amount_by_currency").at("description").as_string()).find("totals=true"), std::string::npos);
  auto p = make_pipeline("Optional parts");
  make_deal(p, "Optional", json::object{{"amount", 500}, {"currency", "EUR"}});
  const auto plain = get("/api/v1/pipelines/" + p.id + "/board").json().at("stages").as_array()[0].as_object();
  EXPECT_FALSE(plain.contains("count"));
  EXPECT_FALSE(plain.contains("amount_by_currency"));
  const auto totals = get("/api/v1/pipelines/" + p.id + "/board?totals=true").json().at("stages").as_array()[0].as_object();
  EXPECT_EQ(totals.at("count"), 1);
  EXPECT_EQ(totals.at("amount_by_currency").at("EUR"), 500);

  const auto& session = schemas.at("Session").at("properties");
  EXPECT_NE(std::string(session.at("csrf_token").at("description").as_string()).find("cookie"), std::string::npos);
  json::value creds = json::object{{"email", ServerProcess::admin_email()}, {"password", ServerProcess::admin_password()}};
  auto bearer = http().call("POST", "/api/v1/auth/login", "", &creds).json().as_object();
  EXPECT_TRUE(bearer.contains("token"));
  EXPECT_FALSE(bearer.contains("csrf_token"));
  creds.as_object()["cookie"] = true;
  auto cookie = http().call("POST", "/api/v1/auth/login", "", &creds).json().as_object();
  EXPECT_FALSE(cookie.contains("token"));
  EXPECT_TRUE(cookie.contains("csrf_token"));

  const auto& forecast = schemas.at("ForecastReport").at("properties");
  EXPECT_NE(std::string(forecast.at("quarters").at("description").as_string()).find("group=quarter"), std::string::npos);
  auto by_month = get("/api/v1/reports/forecast").json().as_object();
  EXPECT_TRUE(by_month.contains("months"));
  EXPECT_FALSE(by_month.contains("quarters"));
  auto by_quarter = get("/api/v1/reports/forecast?group=quarter").json().as_object();
  EXPECT_TRUE(by_quarter.contains("quarters"));
  EXPECT_FALSE(by_quarter.contains("months"));
}

// The sort values and filter fields of a list are those the list accepts.
TEST_F(ApiContract, ListsEnumerateTheirSortsAndFilters) {
  for (const char* object : {"contacts", "companies", "deals", "leads", "activities", "products"}) {
    const std::string path = std::string("/api/v1/") + object;
    if (!paths().contains(path)) continue;
    json::array sorts;
    json::object filters;
    for (const auto& p : paths().at(path).at("get").at("parameters").as_array()) {
      if (p.at("name") == "sort") sorts = p.at("schema").at("anyOf").as_array()[0].at("enum").as_array();
      if (p.at("name") == "filter") filters = p.at("schema").at("properties").as_object();
    }
    ASSERT_FALSE(sorts.empty()) << object;
    ASSERT_FALSE(filters.empty()) << object;
    for (const auto& s : sorts) {
      auto r = get(path + "?limit=1&sort=" + std::string(s.as_string()));
      EXPECT_EQ(r.status, 200) << object << " sort=" << s << ": " << r.body;
    }
    for (const auto& [field, schema] : filters) {
      const auto& ops = schema.at("anyOf").as_array()[1].at("properties").as_object();
      auto r = get(path + "?limit=1&filter[" + std::string(field) + "][is_null]=true");
      EXPECT_EQ(r.status, ops.contains("is_null") ? 200 : 400) << object << "." << field << ": " << r.body;
      if (!ops.contains("contains")) {
        EXPECT_EQ(get(path + "?limit=1&filter[" + std::string(field) + "][contains]=x").status, 400) << object << "." << field;
      }
    }
    EXPECT_EQ(get(path + "?limit=1&sort=no_such_field").status, 400);
    EXPECT_FALSE(filters.contains("no_such_field"));
  }
}

}  // namespace
}  // namespace rapport::testing
