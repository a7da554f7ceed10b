// Automation rules end to end: the routes (CRUD, versions, enable/disable, 422s that store nothing),
// rules firing from the outbox on the events they listen to with their actions taking effect, the
// run log, loop protection (depth and rate), the dry run, and workspaces kept apart. call_webhook
// reaches a receiver in the test on 127.0.0.1 (--webhook-allow-host). Runs happen in jobs: the tests
// poll the run log. Every route refused to non-admins: access_walk_test.cpp; another workspace's
// rule is 404: tenancy_isolation_routes_test.cpp.
#include <map>
#include <thread>

#include "access_fixture.hpp"
#include "webhooks_receiver.hpp"

namespace rapport::testing {
namespace {

using Ms = std::chrono::milliseconds;

class Automations : public Access {
 protected:
  static void SetUpTestSuite() {
    server_args_ = {"--webhook-allow-host", "127.0.0.1"};
    Access::SetUpTestSuite();
    server_args_.clear();
  }
  // Each test's rules go with it, so none fires on another test's records.
  void TearDown() override {
    for (const auto& r : data_of(get("/api/v1/automations"))) EXPECT_EQ(del("/api/v1/automations/" + text(r, "id")).status, 204);
  }

  std::string make_rule(json::object body) {
    if (!body.contains("name")) body["name"] = unique_name("Rule ");
    auto r = post("/api/v1/automations", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return text(r.json(), "id");
  }
  // The rule's runs, newest first, once `n` of them are finished (not running).
  json::array finished_runs(const std::string& id, std::size_t n, Ms timeout = Ms(20000)) {
    json::array done;
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      auto r = get("/api/v1/automations/" + id + "/runs?limit=500");
      EXPECT_EQ(r.status, 200) << r.body;
      done.clear();
      for (const auto& run : data_of(r))
        if (text(run, "status") != "running") done.push_back(run);
      if (done.size() >= n) break;
      std::this_thread::sleep_for(Ms(50));
    }
    return done;
  }
  // The finished run of the rule on the record (fails the test when none comes).
  json::value run_on(const std::string& rule, const std::string& record, Ms timeout = Ms(20000)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      for (const auto& run : data_of(get("/api/v1/automations/" + rule + "/runs?limit=500")))
        if (text(run, "record_id") == record && text(run, "status") != "running") return run;
      std::this_thread::sleep_for(Ms(50));
    }
    ADD_FAILURE() << "no finished run of " << rule << " on " << record;
    return json::object{};
  }
  // Waits until no automation.run job has been queued or running for a second (the relay and the
  // job queue are quiet: a finished run's changes were relayed and started nothing more).
  void settle() {
    auto busy = [&] {
      return !data_of(get("/api/v1/jobs?state=queued&type=automation.run")).empty() ||
             !data_of(get("/api/v1/jobs?state=running&type=automation.run")).empty();
    };
    auto quiet_since = std::chrono::steady_clock::now();
    const auto until = quiet_since + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until) {
      if (busy()) quiet_since = std::chrono::steady_clock::now();
      else if (std::chrono::steady_clock::now() - quiet_since >= Ms(1000)) return;
      std::this_thread::sleep_for(Ms(50));
    }
    ADD_FAILURE() << "automation runs did not settle within 30 s";
  }
  std::size_t rule_count() { return data_of(get("/api/v1/automations")).size(); }
  static json::object action(const char* type, json::object params) {
    params["type"] = type;
    return params;
  }
};

TEST_F(Automations, CrudVersionsEnableDisableAndAudit) {
  json::object body{{"name", "Welcome " + random_suffix()},
                    {"description", "tasks for new contacts"},
                    {"object_type", "contacts"},
                    {"trigger", json::object{{"type", "record_created"}}},
                    {"actions", json::array{action("create_task", {{"title", "Call them"}, {"due_in_days", 1}})}}};
  auto created = post("/api/v1/automations", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = text(created.json(), "id");
  EXPECT_EQ(created.header("location"), "/api/v1/automations/" + id);
  EXPECT_EQ(created.json().at("version"), 1);
  EXPECT_EQ(created.json().at("enabled"), true);
  EXPECT_EQ(created.json().at("conditions"), json::array{});
  EXPECT_EQ(created.header("etag"), "\"1\"");
  auto one = get("/api/v1/automations/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.json(), created.json());

  // PATCH needs the current version when If-Match is given; each change is a new version.
  EXPECT_EQ(patch("/api/v1/automations/" + id, json::object{{"name", "x"}}, {{"If-Match", "\"7\""}}).status, 412);
  auto renamed = patch("/api/v1/automations/" + id, json::object{{"name", "Renamed"}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("version"), 2);
  EXPECT_EQ(patch("/api/v1/automations/" + id, json::object{{"name", "Renamed"}}).json().at("version"), 2)
      << "a PATCH that changes nothing makes no version";
  auto off = post("/api/v1/automations/" + id + "/disable", json::object{});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json().at("enabled"), false);
  EXPECT_EQ(off.json().at("version"), 3);
  auto on = post("/api/v1/automations/" + id + "/enable", json::object{});
  EXPECT_EQ(on.json().at("enabled"), true);
  EXPECT_EQ(on.json().at("version"), 4);
  auto versions = query_database(server().data_dir(),
                                 "SELECT version, body FROM automation_rule_versions WHERE rule_id = ? ORDER BY version", {id});
  ASSERT_EQ(versions.size(), 4u);
  EXPECT_NE(versions[0][1].find("Welcome"), std::string::npos);
  EXPECT_NE(versions[1][1].find("Renamed"), std::string::npos);
  EXPECT_NE(versions[2][1].find("\"enabled\":false"), std::string::npos);

  auto audit = get("/api/v1/audit-events?object_type=automations&object_id=" + id);
  for (const char* a : {"\"create\"", "\"update\"", "\"disable\"", "\"enable\""})
    EXPECT_NE(audit.body.find(a), std::string::npos) << a << " " << audit.body;

  EXPECT_EQ(del("/api/v1/automations/" + id, {{"If-Match", "\"1\""}}).status, 412);
  EXPECT_EQ(del("/api/v1/automations/" + id).status, 204);
  EXPECT_EQ(get("/api/v1/automations/" + id).status, 404);
  EXPECT_TRUE(query_database(server().data_dir(), "SELECT 1 FROM automation_rule_versions WHERE rule_id = ?", {id}).empty());
  // Others: 403 before anything is read.
  EXPECT_EQ(as("rep1", "GET", "/api/v1/automations").status, 403);
  json::value b = body;
  EXPECT_EQ(as("manager", "POST", "/api/v1/automations", &b).status, 403);
}

TEST_F(Automations, BadInputIs422NamingTheFieldAndNothingIsStored) {
  const std::size_t before = rule_count();
  const json::object good{{"name", "ok"},
                          {"object_type", "contacts"},
                          {"trigger", json::object{{"type", "record_created"}}},
                          {"actions", json::array{action("create_activity", {{"kind", "note"}, {"subject", "hi"}})}}};
  auto expect_422 = [&](json::object changes, const std::string& field) {
    json::object body = good;
    for (const auto& kv : changes) body[kv.key()] = kv.value();
    auto r = post("/api/v1/automations", body);
    EXPECT_EQ(r.status, 422) << field << ": " << r.body;
    auto fields = error_fields(r);
    EXPECT_NE(std::find(fields.begin(), fields.end(), field), fields.end()) << field << " not named in " << r.body;
  };
  expect_422({{"name", std::string(201, 'x')}}, "name");
  expect_422({{"object_type", "planets"}}, "object_type");
  expect_422({{"surprise", 1}}, "surprise");
  expect_422({{"trigger", json::object{{"type", "whenever"}}}}, "trigger.type");
  const auto date_rule = [](const char* field, int offset, const char* at) {
    return json::object{{"type", "date_relative"}, {"field", field}, {"offset_days", offset}, {"at", at}};
  };
  expect_422({{"trigger", json::object{{"type", "date_relative"}, {"field", "created_at"}, {"at", "09:00"}}}}, "trigger.offset_days");
  expect_422({{"trigger", date_rule("city", -3, "09:00")}}, "trigger.field");  // not a date
  expect_422({{"trigger", date_rule("custom.no_such", -3, "09:00")}}, "trigger.field");
  expect_422({{"trigger", date_rule("created_at", 366, "09:00")}}, "trigger.offset_days");
  expect_422({{"trigger", date_rule("created_at", -3, "24:00")}}, "trigger.at");
  expect_422({{"trigger", date_rule("created_at", -3, "9:00")}}, "trigger.at");
  expect_422({{"trigger", json::object{{"type", "date_relative"}, {"field", "created_at"}, {"offset_days", 1}, {"at", "09:00"}, {"cron", "x"}}}},
             "trigger.cron");
  expect_422({{"trigger", json::object{{"type", "schedule"}}}}, "trigger.cron");
  expect_422({{"trigger", json::object{{"type", "schedule"}, {"cron", "0 9 * *"}}}}, "trigger.cron");
  expect_422({{"trigger", json::object{{"type", "schedule"}, {"cron", "0 0 30 2 *"}}}}, "trigger.cron");  // never fires
  expect_422({{"trigger", json::object{{"type", "schedule"}, {"cron", 5}}}}, "trigger.cron");
  expect_422({{"trigger", json::object{{"type", "field_changed"}}}}, "trigger.field");
  expect_422({{"trigger", json::object{{"type", "field_changed"}, {"field", "no_such_field"}}}}, "trigger.field");
  expect_422({{"trigger", json::object{{"type", "stage_changed"}}}}, "trigger.type");  // contacts have no stages
  expect_422({{"conditions", json::array{json::object{{"field", "no_such"}, {"op", "eq"}, {"value", "x"}}}}}, "conditions.0");
  expect_422({{"conditions", json::array{json::object{{"field", "city"}, {"op", "near"}, {"value", "x"}}}}}, "conditions.0");
  expect_422({{"conditions", json::array{json::object{{"field", "city"}, {"op", "changed"}}}}}, "conditions.0.op");
  json::array many_conditions, many_actions;
  for (int i = 0; i < 21; ++i) {
    many_conditions.push_back(json::object{{"field", "city"}, {"op", "eq"}, {"value", "x"}});
    many_actions.push_back(action("create_activity", {{"kind", "note"}, {"subject", "hi"}}));
  }
  expect_422({{"conditions", many_conditions}}, "conditions");
  expect_422({{"actions", many_actions}}, "actions");
  expect_422({{"actions", json::array{}}}, "actions");
  expect_422({{"actions", json::array{action("teleport", {})}}}, "actions.0.type");
  expect_422({{"actions", json::array{action("send_email", {{"template", "x"}})}}}, "actions.0.template_id");
  expect_422({{"actions", json::array{action("send_email", {{"template_id", "01900000-0000-7000-8000-00000000dead"}})}}},
             "actions.0.template_id");
  expect_422({{"actions", json::array{action("update_fields", {{"fields", json::object{{"email", "not-an-email"}}}})}}},
             "actions.0.fields.email");
  expect_422({{"actions", json::array{action("update_fields", {{"fields", json::object{{"custom", json::object{{"nope", 1}}}}}})}}},
             "actions.0.fields.custom.nope");
  expect_422({{"actions", json::array{action("assign_owner", {{"user_id", "01900000-0000-7000-8000-00000000dead"}})}}},
             "actions.0.user_id");
  expect_422({{"actions", json::array{action("assign_owner", {{"team_id", east_}, {"mode", "random"}})}}}, "actions.0.mode");
  expect_422({{"actions", json::array{action("move_deal", {{"stage_id", "x"}})}}}, "actions.0.type");
  expect_422({{"actions", json::array{action("call_webhook", {{"url", "http://10.1.2.3/x"}})}}}, "actions.0.url");
  expect_422({{"actions", json::array{action("create_task", {{"title", "t"}, {"due_in_days", 99999}})}}}, "actions.0.due_in_days");
  EXPECT_EQ(rule_count(), before) << "nothing stored";
  // A date rule on a date-time field is taken as written.
  json::object dated = good;
  dated["trigger"] = date_rule("created_at", -3, "09:30");
  const std::string dated_id = make_rule(dated);
  EXPECT_EQ(get("/api/v1/automations/" + dated_id).json().at("trigger"), dated["trigger"]);
  json::object scheduled = good;
  scheduled["trigger"] = json::object{{"type", "schedule"}, {"cron", "0 9 * * MON-FRI"}};
  const std::string scheduled_id = make_rule(scheduled);
  EXPECT_EQ(get("/api/v1/automations/" + scheduled_id).json().at("trigger"), scheduled["trigger"]);
  // A PATCH is checked whole too, and changes nothing when refused.
  const std::string id = make_rule(good);
  auto bad = patch("/api/v1/automations/" + id, json::object{{"object_type", "deals"}, {"conditions", json::array{json::object{{"field", "city"}, {"op", "eq"}, {"value", "x"}}}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(get("/api/v1/automations/" + id).json().at("version"), 1);
}

TEST_F(Automations, ARuleFiresOnCreateItsActionsTakeEffectAsTheRule) {
  const std::string source = "web-" + random_suffix();
  const std::string id = make_rule(
      {{"object_type", "contacts"},
       {"trigger", json::object{{"type", "record_created"}}},
       {"conditions", json::array{json::object{{"field", "lead_source"}, {"op", "eq"}, {"value", source}}}},
       {"actions", json::array{action("update_fields", {{"fields", json::object{{"job_title", "Prospect"}}}}),
                               action("create_task", {{"title", "Call the new contact"}, {"due_in_days", 2}}),
                               action("assign_owner", {{"user_id", m("rep1").id}})}}});
  const std::string hit = create("contacts", json::object{{"last_name", "Hit"}, {"lead_source", source}});
  const std::string miss = create("contacts", json::object{{"last_name", "Miss"}, {"lead_source", "other"}});
  json::value run = run_on(id, hit);
  EXPECT_EQ(text(run, "status"), "succeeded") << run;
  EXPECT_EQ(text(run, "trigger_type"), "contact.created");
  EXPECT_EQ(run.at("rule_version"), 1);
  EXPECT_EQ(run.at("depth"), 0);
  ASSERT_EQ(run.at("steps").as_array().size(), 3u) << run;
  for (const auto& s : run.at("steps").as_array()) EXPECT_EQ(text(s, "status"), "succeeded") << s;
  auto contact = get("/api/v1/contacts/" + hit).json();
  EXPECT_EQ(text(contact, "job_title"), "Prospect");
  EXPECT_EQ(text(contact, "owner_id"), m("rep1").id);
  const std::string task = text(run.at("steps").as_array()[1].at("detail"), "activity_id");
  auto activity = get("/api/v1/activities/" + task);
  ASSERT_EQ(activity.status, 200) << activity.body;
  EXPECT_EQ(text(activity.json(), "type"), "task");
  EXPECT_EQ(text(activity.json(), "subject"), "Call the new contact");
  EXPECT_NE(activity.body.find(hit), std::string::npos) << "linked to the contact: " << activity.body;
  // The audit names the rule as the actor.
  auto audit = get("/api/v1/audit-events?object_type=contacts&object_id=" + hit + "&actor_id=automation:" + id);
  EXPECT_EQ(data_of(audit).size(), 2u) << audit.body;
  // The other contact did not meet the conditions: a skipped run, and nothing changed.
  json::value skipped = run_on(id, miss);
  EXPECT_EQ(text(skipped, "status"), "skipped");
  EXPECT_NE(text(skipped, "reason").find("conditions"), std::string::npos) << skipped;
  EXPECT_TRUE(get("/api/v1/contacts/" + miss).json().at("job_title").is_null());
}

TEST_F(Automations, FieldChangedFromToWithACustomFieldAndAChangedOperator) {
  const std::string x = random_suffix();
  json::value score = json::object{{"object_type", "contacts"}, {"name", "score_" + x}, {"label", "Score"}, {"type", "number"}};
  ASSERT_EQ(post("/api/v1/custom-fields", score).status, 201);
  json::value tags = json::object{{"object_type", "contacts"}, {"name", "tags_" + x}, {"label", "Tags"}, {"type", "multi_select"},
                                  {"options", json::array{"vip", "cold"}}};
  ASSERT_EQ(post("/api/v1/custom-fields", tags).status, 201);
  const std::string id = make_rule(
      {{"object_type", "contacts"},
       {"trigger", json::object{{"type", "field_changed"}, {"field", "job_title"}, {"from", "Engineer"}, {"to", "CTO"}}},
       {"conditions", json::array{json::object{{"field", "custom.score_" + x}, {"op", "gte"}, {"value", 5}},
                                  json::object{{"field", "job_title"}, {"op", "changed_to"}, {"value", "CTO"}}}},
       {"actions", json::array{action("add_tag", {{"field", "custom.tags_" + x}, {"value", "vip"}})}}});
  const std::string high = create("contacts", json::object{{"last_name", "High"}, {"job_title", "Engineer"}, {"custom", json::object{{"score_" + x, 7}}}});
  const std::string low = create("contacts", json::object{{"last_name", "Low"}, {"job_title", "Engineer"}, {"custom", json::object{{"score_" + x, 1}}}});
  const std::string other = create("contacts", json::object{{"last_name", "Other"}, {"job_title", "Intern"}, {"custom", json::object{{"score_" + x, 9}}}});
  for (const auto& c : {high, low, other}) EXPECT_EQ(patch("/api/v1/contacts/" + c, json::object{{"job_title", "CTO"}}).status, 200);
  EXPECT_EQ(text(run_on(id, high), "status"), "succeeded");
  auto tagged = get("/api/v1/contacts/" + high).json();
  EXPECT_EQ(tagged.at("custom").at("tags_" + x), json::array{"vip"}) << tagged;
  json::value low_run = run_on(id, low);
  EXPECT_EQ(text(low_run, "status"), "skipped") << "the custom field's condition fails";
  settle();
  for (const auto& run : finished_runs(id, 2))
    EXPECT_NE(text(run, "record_id"), other) << "a change from Intern does not fire a from=Engineer trigger";
  EXPECT_FALSE(get("/api/v1/contacts/" + low).json().at("custom").as_object().contains("tags_" + x));
}

TEST_F(Automations, StageChangedAndLeadConvertedFire) {
  json::value pipeline_body = json::object{
      {"name", unique_name("Auto pipeline ")},
      {"stages", json::array{json::object{{"name", "Qualify"}, {"probability", 10}, {"type", "open"}},
                             json::object{{"name", "Propose"}, {"probability", 60}, {"type", "open"}},
                             json::object{{"name", "Won"}, {"type", "won"}}}}};
  auto pipeline = post("/api/v1/pipelines", pipeline_body);
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  const std::string pid = text(pipeline.json(), "id");
  const auto stages = pipeline.json().at("stages").as_array();
  const std::string qualify = text(stages[0], "id"), propose = text(stages[1], "id"), won = text(stages[2], "id");
  const std::string moved = make_rule({{"object_type", "deals"},
                                       {"trigger", json::object{{"type", "stage_changed"}, {"pipeline_id", pid}, {"to_stage_id", propose}}},
                                       {"actions", json::array{action("create_activity", {{"kind", "note"}, {"subject", "Proposal stage"}}),
                                                               action("move_deal", {{"stage_id", won}})}}});
  const std::string deal = create("deals", json::object{{"name", "Auto deal"}, {"pipeline_id", pid}, {"stage_id", qualify},
                                                        {"expected_close_date", "2030-01-31"}});
  ASSERT_EQ(patch("/api/v1/deals/" + deal, json::object{{"stage_id", propose}}).status, 200);
  json::value run = run_on(moved, deal);
  EXPECT_EQ(text(run, "status"), "succeeded") << run;
  EXPECT_EQ(text(run, "trigger_type"), "deal.stage_changed");
  EXPECT_EQ(text(get("/api/v1/deals/" + deal).json(), "stage_id"), won) << "move_deal moved it on";

  const std::string converted = make_rule({{"object_type", "leads"},
                                           {"trigger", json::object{{"type", "lead_converted"}}},
                                           {"actions", json::array{action("create_task", {{"title", "Onboard"}})}}});
  const std::string x = random_suffix();
  const std::string lead = create("leads", json::object{{"first_name", "Ada"}, {"last_name", "Lovelace"},
                                                        {"email", "ada." + x + "@engine.example"}, {"company_name", "Engine " + x}});
  json::value convert_body = json::object{};
  auto conv = post("/api/v1/leads/" + lead + "/convert", convert_body);
  ASSERT_EQ(conv.status, 200) << conv.body;
  json::value lead_run = run_on(converted, lead);
  EXPECT_EQ(text(lead_run, "status"), "succeeded") << lead_run;
  EXPECT_EQ(text(lead_run, "trigger_type"), "lead.converted");
}

// Amounts are minor units of the record's currency, whatever its decimals: a yen has none (an amount
// of 1500 is 1,500 JPY, matched by "gte 1000" with the currency beside it), a Kuwaiti dinar three
// (1.234 KWD is 1234). A rule that sets an amount sets its currency too; a decimal is refused.
TEST_F(Automations, AmountsAreMinorUnitsOfTheCurrencyWhateverItsDecimals) {
  const std::string x = random_suffix();
  auto pipeline = post("/api/v1/pipelines", json::object{{"name", "Money " + x}, {"stages", json::array{json::object{{"name", "Open"}, {"type", "open"}}}}});
  ASSERT_EQ(pipeline.status, 201) << pipeline.body;
  const std::string pid = text(pipeline.json(), "id");
  auto deal = [&](const std::string& name, json::object more) {
    more["name"] = name;
    more["pipeline_id"] = pid;
    return create("deals", std::move(more));
  };
  const std::string yen = make_rule({{"object_type", "deals"},
                                     {"trigger", json::object{{"type", "record_created"}}},
                                     {"conditions", json::array{json::object{{"field", "name"}, {"op", "starts_with"}, {"value", "Yen" + x}},
                                                                json::object{{"field", "currency"}, {"op", "eq"}, {"value", "JPY"}},
                                                                json::object{{"field", "amount"}, {"op", "gte"}, {"value", 1000}}}},
                                     {"actions", json::array{action("create_activity", {{"kind", "note"}, {"subject", "a big yen deal"}})}}});
  const std::string big = deal("Yen" + x + " big", {{"amount", 1500}, {"currency", "JPY"}});
  const std::string small = deal("Yen" + x + " small", {{"amount", 999}, {"currency", "JPY"}});
  const std::string cents = deal("Yen" + x + " but euro", {{"amount", 1500}, {"currency", "EUR"}});  // €15.00
  EXPECT_EQ(text(run_on(yen, big), "status"), "succeeded");
  EXPECT_EQ(text(run_on(yen, small), "status"), "skipped");
  EXPECT_EQ(text(run_on(yen, cents), "status"), "skipped");
  EXPECT_EQ(get("/api/v1/deals/" + big).json().at("amount"), 1500) << "stored as written: no cents added";

  const std::string dinar = make_rule({{"object_type", "deals"},
                                       {"trigger", json::object{{"type", "record_created"}}},
                                       {"conditions", json::array{json::object{{"field", "name"}, {"op", "eq"}, {"value", "Dinar" + x}}}},
                                       {"actions", json::array{action("update_fields", {{"fields", json::object{{"amount", 1234}, {"currency", "KWD"}}}})}}});
  EXPECT_EQ(get("/api/v1/automations/" + dinar).json().at("actions").as_array()[0].at("fields"),
            (json::object{{"amount", 1234}, {"currency", "KWD"}}));
  const std::string dinar_deal = deal("Dinar" + x, {});
  EXPECT_EQ(text(run_on(dinar, dinar_deal), "status"), "succeeded");
  auto stored = get("/api/v1/deals/" + dinar_deal).json();
  EXPECT_EQ(stored.at("amount"), 1234) << stored;
  EXPECT_EQ(text(stored, "currency"), "KWD") << stored;
  EXPECT_EQ(query_database(server().data_dir(), "SELECT amount FROM deals WHERE id = ?", {dinar_deal})[0][0], "1234");

  const std::size_t before = rule_count();
  auto refused = [&](json::object fields, const std::string& field) {
    auto r = post("/api/v1/automations", json::object{{"name", "Money " + x},
                                                      {"object_type", "deals"},
                                                      {"trigger", json::object{{"type", "record_created"}}},
                                                      {"actions", json::array{action("update_fields", {{"fields", std::move(fields)}})}}});
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_fields(r), std::vector<std::string>{field}) << r.body;
  };
  refused({{"amount", 1234}}, "actions.0.fields.currency");                      // 1234 of which currency?
  refused({{"amount", 1.234}, {"currency", "KWD"}}, "actions.0.fields.amount");  // minor units are whole
  EXPECT_EQ(rule_count(), before) << "nothing stored";
}

TEST_F(Automations, AFailedActionIsLoggedAndTheActionsAfterItDoNotRun) {
  const std::string x = random_suffix();
  const std::string taken = "taken-" + x + "@example.com";
  create("contacts", json::object{{"last_name", "Holder"}, {"email", taken}});
  const std::string id = make_rule({{"object_type", "contacts"},
                                    {"trigger", json::object{{"type", "record_created"}}},
                                    {"conditions", json::array{json::object{{"field", "last_name"}, {"op", "eq"}, {"value", "Clash" + x}}}},
                                    {"actions", json::array{action("create_activity", {{"kind", "note"}, {"subject", "first"}}),
                                                            action("update_fields", {{"fields", json::object{{"email", taken}}}}),
                                                            action("create_activity", {{"kind", "note"}, {"subject", "never"}})}}});
  const std::string clash = create("contacts", json::object{{"last_name", "Clash" + x}});
  json::value run = run_on(id, clash);
  EXPECT_EQ(text(run, "status"), "failed") << run;
  const auto& steps = run.at("steps").as_array();
  ASSERT_EQ(steps.size(), 3u) << run;
  EXPECT_EQ(text(steps[0], "status"), "succeeded");
  EXPECT_EQ(text(steps[1], "status"), "failed");
  EXPECT_FALSE(text(steps[1], "error").empty());
  EXPECT_EQ(text(steps[2], "status"), "not_run");
  EXPECT_NE(text(run, "reason").find("update_fields"), std::string::npos) << run;
  EXPECT_TRUE(get("/api/v1/contacts/" + clash).json().at("email").is_null());
}

TEST_F(Automations, TwoRulesUpdatingEachOtherStopAtDepthThree) {
  const std::string x = random_suffix();
  json::array cond{json::object{{"field", "last_name"}, {"op", "eq"}, {"value", "Loop" + x}}};
  const std::string ping = make_rule({{"object_type", "contacts"}, {"trigger", json::object{{"type", "record_updated"}}},
                                      {"conditions", cond}, {"actions", json::array{action("update_fields", {{"fields", json::object{{"job_title", "ping"}}}})}}});
  const std::string pong = make_rule({{"object_type", "contacts"}, {"trigger", json::object{{"type", "record_updated"}}},
                                      {"conditions", cond}, {"actions", json::array{action("update_fields", {{"fields", json::object{{"job_title", "pong"}}}})}}});
  const std::string c = create("contacts", json::object{{"last_name", "Loop" + x}});
  ASSERT_EQ(patch("/api/v1/contacts/" + c, json::object{{"city", "Rome"}}).status, 200);
  // Until the loop was stopped (a run skipped for its depth), then until nothing more runs.
  auto stopped_yet = [&] {
    for (const auto& rule : {ping, pong})
      for (const auto& run : finished_runs(rule, 0))
        if (text(run, "status") == "skipped") return true;
    return false;
  };
  for (int i = 0; i < 400 && !stopped_yet(); ++i) std::this_thread::sleep_for(Ms(50));
  settle();
  std::size_t stopped = 0, ran = 0;
  for (const auto& rule : {ping, pong})
    for (const auto& run : finished_runs(rule, 1)) {
      if (text(run, "status") == "skipped" && text(run, "reason").find("deep") != std::string::npos) {
        EXPECT_EQ(run.at("depth"), 3) << run;
        ++stopped;
      } else {
        EXPECT_LE(run.at("depth").as_int64(), 2) << run;
        ++ran;
      }
    }
  EXPECT_GE(stopped, 1u) << "the loop reached depth 3 and was stopped there";
  EXPECT_GE(ran, 3u);
  EXPECT_LE(ran + stopped, 30u);
  // Quiet now: no more runs come.
  const std::size_t total = finished_runs(ping, 0).size() + finished_runs(pong, 0).size();
  std::this_thread::sleep_for(Ms(1500));
  EXPECT_EQ(finished_runs(ping, 0).size() + finished_runs(pong, 0).size(), total);
}

TEST_F(Automations, ARuleFiringTooOftenOnOneRecordIsPaused) {
  const std::string x = random_suffix();
  const std::string id = make_rule({{"object_type", "contacts"},
                                    {"trigger", json::object{{"type", "field_changed"}, {"field", "city"}}},
                                    {"conditions", json::array{json::object{{"field", "last_name"}, {"op", "eq"}, {"value", "Busy" + x}}}},
                                    {"actions", json::array{action("create_activity", {{"kind", "note"}, {"subject", "moved"}})}}});
  const std::string c = create("contacts", json::object{{"first_name", "Ada"}, {"last_name", "Busy" + x}});
  for (int i = 0; i < 25; ++i) {
    std::string city = "City ";
    city += std::to_string(i);
    ASSERT_EQ(patch("/api/v1/contacts/" + c, json::object{{"city", city}}).status, 200);
  }
  json::value rule;
  for (int i = 0; i < 400; ++i) {
    rule = get("/api/v1/automations/" + id).json();
    if (rule.at("enabled") == false) break;
    std::this_thread::sleep_for(Ms(50));
  }
  ASSERT_EQ(rule.at("enabled"), false) << rule;
  EXPECT_NE(text(rule, "paused_reason").find("20 times within a minute"), std::string::npos) << rule;
  // The reason names the record as people know it, and by id.
  EXPECT_NE(text(rule, "paused_reason").find("on contact \"Ada Busy" + x + "\" (" + c + ")"), std::string::npos) << rule;
  settle();
  std::size_t succeeded = 0, paused = 0;
  for (const auto& run : finished_runs(id, 21)) {
    if (text(run, "status") == "succeeded") ++succeeded;
    if (text(run, "status") == "skipped" && text(run, "reason").find("paused") != std::string::npos) ++paused;
  }
  EXPECT_EQ(succeeded, 20u) << "runs of one rule start one at a time: the count is exact";
  EXPECT_EQ(paused, 1u) << "later events find the rule disabled and start nothing";
  EXPECT_NE(get("/api/v1/audit-events?object_type=automations&object_id=" + id).body.find("\"pause\""), std::string::npos);
  EXPECT_EQ(query_database(server().data_dir(), "SELECT count(*) FROM outbox WHERE event_type = 'automation.paused' AND object_id = ?", {id})[0][0], "1");
  auto again = post("/api/v1/automations/" + id + "/enable", json::object{});
  EXPECT_EQ(again.json().at("enabled"), true);
  EXPECT_TRUE(again.json().at("paused_reason").is_null()) << "enabling clears the pause";
}

TEST_F(Automations, TheDryRunShowsWhatWouldHappenAndWritesNothing) {
  WebhookReceiver receiver;
  const std::string x = random_suffix();
  const std::string c = create("contacts", json::object{{"last_name", "Dry" + x}, {"job_title", "Before"}});
  // Restored: a trigger this test never fires (the contact's creation may not be relayed yet).
  const std::string id = make_rule({{"object_type", "contacts"},
                                    {"trigger", json::object{{"type", "record_restored"}}},
                                    {"conditions", json::array{json::object{{"field", "last_name"}, {"op", "eq"}, {"value", "Dry" + x}},
                                                               json::object{{"field", "city"}, {"op", "is_null"}, {"value", true}}}},
                                    {"actions", json::array{action("update_fields", {{"fields", json::object{{"job_title", "After"}}}}),
                                                            action("assign_owner", {{"team_id", east_}, {"mode", "round_robin"}}),
                                                            action("create_task", {{"title", "Dry task"}}),
                                                            action("call_webhook", {{"url", receiver.url()}})}}});
  settle();
  const std::string before = get("/api/v1/contacts/" + c).body;
  const std::size_t audit_before = data_of(get("/api/v1/audit-events?limit=500&object_id=" + c)).size();
  auto r = post("/api/v1/automations/" + id + "/test", json::object{{"record_id", c}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value out = r.json();
  EXPECT_EQ(out.at("conditions_met"), true) << out;
  EXPECT_EQ(out.at("dry_run"), true);
  const auto& actions = out.at("actions").as_array();
  ASSERT_EQ(actions.size(), 4u);
  const auto& change = actions[0].at("would").at("changes").as_array()[0];
  EXPECT_EQ(text(change, "before"), "Before");
  EXPECT_EQ(text(change, "after"), "After");
  const std::string picked = text(actions[1].at("would").at("changes").as_array()[0], "after");
  EXPECT_TRUE(picked == m("rep1").id || picked == m("rep2").id || picked == m("manager").id) << "a member of East: " << picked;
  EXPECT_EQ(text(actions[2].at("would").at("activity"), "subject"), "Dry task");
  EXPECT_EQ(text(actions[3].at("would").at("request"), "url"), receiver.url());
  // Nothing written, nothing called.
  std::this_thread::sleep_for(Ms(500));
  EXPECT_EQ(get("/api/v1/contacts/" + c).body, before);
  EXPECT_EQ(data_of(get("/api/v1/audit-events?limit=500&object_id=" + c)).size(), audit_before);
  EXPECT_TRUE(receiver.requests().empty());
  EXPECT_TRUE(data_of(get("/api/v1/automations/" + id + "/runs")).empty());
  // A condition that fails says so; a record that does not exist is a 422.
  ASSERT_EQ(patch("/api/v1/contacts/" + c, json::object{{"city", "Oslo"}}).status, 200);
  auto no = post("/api/v1/automations/" + id + "/test", json::object{{"record_id", c}});
  EXPECT_EQ(no.json().at("conditions_met"), false) << no.body;
  EXPECT_EQ(no.json().at("conditions").as_array()[1].at("met"), false);
  auto missing = post("/api/v1/automations/" + id + "/test", json::object{{"record_id", "01900000-0000-7000-8000-00000000beef"}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(error_fields(missing), std::vector<std::string>{"record_id"});
}

// Round-robin within a team under concurrency: contacts created at once start runs that the job
// workers run side by side (automation.run runs 4 at a time per node); the turn is a row taken under
// a lock, so the team's members (rep1, rep2 and the manager in East) get equally many.
TEST_F(Automations, RoundRobinSpreadsSimultaneousRunsEvenly) {
  const std::string rule = make_rule({{"object_type", "contacts"},
                                      {"trigger", json::object{{"type", "record_created"}}},
                                      {"actions", json::array{action("assign_owner", {{"team_id", east_}, {"mode", "round_robin"}})}}});
  constexpr int kThreads = 4, kEach = 6;  // 24 contacts: 8 for each of the 3 members
  std::vector<std::vector<std::string>> made(kThreads);
  std::vector<std::thread> threads;
  const std::string last = unique_name("Turn ");
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      HttpClient client(server().port());
      for (int i = 0; i < kEach; ++i) {
        json::value body = json::object{{"last_name", last}};
        auto r = client.call("POST", "/api/v1/contacts", token(), &body);
        if (r.status == 201) made[t].push_back(text(r.json(), "id"));
      }
    });
  for (auto& th : threads) th.join();
  std::map<std::string, int> per_owner;
  std::size_t contacts = 0;
  for (const auto& ids : made)
    for (const auto& id : ids) {
      ++contacts;
      EXPECT_EQ(text(run_on(rule, id), "status"), "succeeded");
      per_owner[text(get("/api/v1/contacts/" + id).json(), "owner_id")] += 1;
    }
  ASSERT_EQ(contacts, static_cast<std::size_t>(kThreads * kEach));
  ASSERT_EQ(per_owner.size(), 3u);
  EXPECT_EQ(per_owner.count(m("rep1").id), 1u);
  EXPECT_EQ(per_owner.count(m("manager").id), 1u);
  for (const auto& [owner, n] : per_owner) EXPECT_EQ(n, kThreads * kEach / 3) << owner;
}

TEST_F(Automations, CallWebhookPostsTheRecord) {
  WebhookReceiver receiver;
  const std::string x = random_suffix();
  const std::string id = make_rule({{"object_type", "companies"},
                                    {"trigger", json::object{{"type", "record_created"}}},
                                    {"conditions", json::array{json::object{{"field", "name"}, {"op", "eq"}, {"value", "Hooked " + x}}}},
                                    {"actions", json::array{action("call_webhook", {{"url", receiver.url()}})}}});
  const std::string company = create("companies", json::object{{"name", "Hooked " + x}});
  auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  auto body = json::parse(got[0].body);
  EXPECT_EQ(text(body, "rule_id"), id);
  EXPECT_EQ(text(body.at("record"), "id"), company);
  json::value run = run_on(id, company);
  EXPECT_EQ(text(run, "status"), "succeeded") << run;
  EXPECT_EQ(run.at("steps").as_array()[0].at("detail").at("http_status"), 200);
}

TEST_F(Automations, RunsArePagedNewestFirst) {
  const std::string x = random_suffix();
  const std::string id = make_rule({{"object_type", "companies"},
                                    {"trigger", json::object{{"type", "record_created"}}},
                                    {"conditions", json::array{json::object{{"field", "name"}, {"op", "starts_with"}, {"value", "Paged " + x}}}},
                                    {"actions", json::array{action("create_activity", {{"kind", "note"}, {"subject", "paged"}})}}});
  for (int i = 0; i < 3; ++i) {
    std::string name = "Paged " + x + " ";
    name += std::to_string(i);
    create("companies", json::object{{"name", name}});
  }
  ASSERT_EQ(finished_runs(id, 3).size(), 3u);
  auto first = get("/api/v1/automations/" + id + "/runs?limit=2");
  ASSERT_EQ(data_of(first).size(), 2u) << first.body;
  auto rest = get("/api/v1/automations/" + id + "/runs?limit=2&cursor=" + text(first.json(), "next_cursor"));
  ASSERT_EQ(data_of(rest).size(), 1u) << rest.body;
  EXPECT_TRUE(rest.json().at("next_cursor").is_null());
  EXPECT_LT(text(data_of(rest)[0], "id"), text(data_of(first)[1], "id"));
  for (const char* q : {"limit=0", "limit=501", "cursor=garbage", "color=red", "limit=1&limit=2"})
    EXPECT_EQ(get("/api/v1/automations/" + id + "/runs?" + q).status, 400) << q;
  EXPECT_EQ(get("/api/v1/automations/01900000-0000-7000-8000-000000000009/runs").status, 404);
}

TEST_F(Automations, AnotherWorkspacesEventsNeverStartARule) {
  const std::string x = random_suffix();
  const std::string id = make_rule({{"object_type", "companies"},
                                    {"trigger", json::object{{"type", "record_created"}}},
                                    {"actions", json::array{action("create_activity", {{"kind", "note"}, {"subject", "mine"}})}}});
  const std::string email = "b-" + x + "@automation.test";
  auto ws = run_rapport({"workspace", "create", "--name", "B " + x, "--admin-email", email, "--data", server().data_dir()},
                        {{"RAPPORT_ADMIN_PASSWORD", "workspace-b-password"}});
  ASSERT_EQ(ws.exit_code, 0) << ws.output;
  HttpClient b(server().port());
  const std::string token_b = login(b, email, "workspace-b-password");
  json::value company = json::object{{"name", "Theirs " + x}};
  auto theirs = b.call("POST", "/api/v1/companies", token_b, &company);
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  const std::string mine = create("companies", json::object{{"name", "Mine " + x}});
  EXPECT_EQ(text(run_on(id, mine), "status"), "succeeded");
  settle();
  for (const auto& run : finished_runs(id, 1)) EXPECT_NE(text(run, "record_id"), text(theirs.json(), "id"));
  EXPECT_EQ(b.call("GET", "/api/v1/automations/" + id, token_b).status, 404);
}

}  // namespace
}  // namespace rapport::testing
