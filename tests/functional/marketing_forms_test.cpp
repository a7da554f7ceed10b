// Lead capture forms (src/modules/marketing/form_*): a marketer builds a form; a visitor sends it
// without signing in, from the form's own page (form-encoded) or a script (JSON); the record is made
// or updated by email, the consents ticked are recorded with their text's version, the visit's UTM
// parameters and referrer are kept; the honeypot, the rate limit and every bad input leave the data
// as it was; a submission starts form_submitted rules, and a lead's consents follow it to its
// contact at conversion. (Another workspace's form: tenancy_isolation_test.cpp.)
#include <chrono>
#include <thread>

#include "platform/ids.hpp"
#include "privacy_helpers.hpp"

namespace rapport::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
const Headers kFormPost{{"Content-Type", "application/x-www-form-urlencoded"}};
const Headers kJson{{"Content-Type", "application/json"}};

class MarketingForms : public RecordsBase {
 protected:
  const std::string consent_v1 = "Yes, send me the monthly newsletter.";

  json::object contact_form(json::object extra = {}) {
    json::object body{{"name", unique("Form")},
                      {"target", "contact"},
                      {"fields", json::array{json::object{{"field", "email"}, {"label", "Work email"}, {"required", true}},
                                             json::object{{"field", "first_name"}, {"label", "First name"}},
                                             json::object{{"field", "last_name"}, {"label", "Last name"}, {"required", true}}}},
                      {"consents", json::array{json::object{{"channel", "email_marketing"}, {"text", consent_v1}}}},
                      {"success_message", "Thanks, we will be in touch."}};
    for (auto& kv : extra) body[kv.key()] = kv.value();
    return body;
  }
  json::value make(json::object body) {
    auto r = post("/api/v1/forms", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  HttpResponse send(const std::string& form_id, const std::string& body, const Headers& headers = kFormPost) {
    HttpClient visitor(server().port());
    return visitor.request("POST", "/f/" + form_id, body, headers);
  }
  HttpResponse send_json(const std::string& form_id, const json::object& body) { return send(form_id, json::serialize(body), kJson); }
  json::array contacts_with(const std::string& email) { return page_data(get("/api/v1/contacts?filter[email][eq]=" + email).json()); }
  json::array submissions(const std::string& form_id) {
    auto r = get("/api/v1/forms/" + form_id + "/submissions?count=true");
    EXPECT_EQ(r.status, 200) << r.body;
    return page_data(r.json());
  }
  int64_t counter(const std::string& form_id, const char* name) { return get("/api/v1/forms/" + form_id).json().at(name).as_int64(); }
};

TEST_F(MarketingForms, AVisitorSendsTheFormsPageAndAScriptPostsJson) {
  const std::string list = str(post("/api/v1/lists", json::object{{"name", unique("Newsletter")}}).json(), "id");
  const json::value form = make(contact_form({{"list_id", list}}));
  const std::string id = str(form, "id");
  EXPECT_EQ(form.at("consents").as_array()[0].at("version").as_int64(), 1);

  // The page: an input per field, the consent's checkbox with its text, the visit in hidden fields.
  HttpClient visitor(server().port());
  auto page = visitor.request("GET", "/f/" + id + "?utm_source=newsletter&utm_campaign=spring", "", {{"Referer", "https://blog.example.com/post"}});
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  for (const char* part : {"name=\"email\"", "type=\"email\"", "Work email", "name=\"consent.email_marketing\"", "monthly newsletter",
                           "name=\"utm_source\" value=\"newsletter\"", "value=\"https://blog.example.com/post\"", "name=\"homepage\""})
    EXPECT_NE(page.body.find(part), std::string::npos) << part;
  EXPECT_NE(page.header("content-security-policy").find("frame-ancestors *"), std::string::npos) << "embeddable in any site";
  EXPECT_EQ(page.header("x-frame-options"), "") << "no DENY contradicting the policy in browsers without frame-ancestors";

  // A browser posts it (form-encoded): the thank-you page, a new contact with the consent and the list.
  const std::string email = unique_email("ana");
  auto sent = send(id, "email=" + email + "&first_name=Ana&last_name=Lima+Souza&consent.email_marketing=on&utm_source=newsletter"
                       "&utm_medium=email&utm_campaign=spring&referrer=https%3A%2F%2Fblog.example.com%2Fpost&homepage=");
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(sent.body.find("Thanks, we will be in touch."), std::string::npos) << sent.body;
  auto made = contacts_with(email);
  ASSERT_EQ(made.size(), 1u);
  const std::string contact = str(made[0], "id");
  EXPECT_EQ(str(made[0], "first_name"), "Ana");
  EXPECT_EQ(str(made[0], "last_name"), "Lima Souza");
  EXPECT_EQ(str(made[0], "lead_source"), "Web form: " + str(form, "name"));
  auto consents = get(url("contacts", contact, "consents")).json();
  const auto& current = consents.at("current").at("email_marketing");
  ASSERT_TRUE(current.is_object()) << json::serialize(consents);
  EXPECT_EQ(str(current, "status"), "granted");
  EXPECT_EQ(str(current, "source"), "web_form");
  const std::string note = str(consents.at("history").as_array()[0], "note");
  EXPECT_NE(note.find(id), std::string::npos) << note;
  EXPECT_NE(note.find("consent text version 1"), std::string::npos) << note;
  auto members = get(url("lists", list, "members")).json();
  ASSERT_EQ(page_data(members).size(), 1u);
  EXPECT_EQ(str(page_data(members)[0], "id"), contact);

  // The submission: the record, the consent with its exact text, the visit.
  auto subs = submissions(id);
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(str(subs[0], "record_id"), contact);
  EXPECT_EQ(str(subs[0], "object_type"), "contacts");
  EXPECT_TRUE(subs[0].at("created").as_bool());
  EXPECT_EQ(str(subs[0].at("consents").as_array()[0], "text"), consent_v1);
  EXPECT_EQ(str(subs[0].at("utm"), "source"), "newsletter");
  EXPECT_EQ(str(subs[0].at("utm"), "medium"), "email");
  EXPECT_EQ(str(subs[0].at("utm"), "campaign"), "spring");
  EXPECT_TRUE(subs[0].at("utm").at("term").is_null());
  EXPECT_EQ(str(subs[0], "referrer"), "https://blog.example.com/post");
  // The contact's creation is the form's work, and the form records the submission.
  auto history = get(url("contacts", contact, "history"));
  EXPECT_NE(history.body.find("form:" + id), std::string::npos) << history.body;

  // A script posts JSON (CORS open to any site); unticked consents record nothing.
  const std::string other = unique_email("script");
  auto js = send_json(id, {{"email", other}, {"last_name", "Script"}, {"consent.email_marketing", false}, {"utm_source", "ads"}});
  ASSERT_EQ(js.status, 200) << js.body;
  EXPECT_EQ(js.header("access-control-allow-origin"), "*");
  EXPECT_TRUE(js.json().at("received").as_bool());
  EXPECT_EQ(str(js.json(), "message"), "Thanks, we will be in touch.");
  auto scripted = contacts_with(other);
  ASSERT_EQ(scripted.size(), 1u);
  EXPECT_TRUE(get(url("contacts", str(scripted[0], "id"), "consents")).json().at("current").at("email_marketing").is_null());
  HttpClient preflight(server().port());
  auto options = preflight.request("OPTIONS", "/f/" + id, "", {{"Origin", "https://site.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(options.status, 204) << options.body;
  EXPECT_EQ(options.header("access-control-allow-origin"), "*");
  EXPECT_EQ(submissions(id).size(), 2u);
  EXPECT_EQ(counter(id, "submissions"), 2);
  // The submissions page a page at a time, newest first.
  auto first = get("/api/v1/forms/" + id + "/submissions?limit=1&count=true").json();
  EXPECT_EQ(first.at("total").as_int64(), 2);
  ASSERT_FALSE(first.at("next_cursor").is_null());
  auto second = get("/api/v1/forms/" + id + "/submissions?limit=1&cursor=" + str(first, "next_cursor")).json();
  ASSERT_EQ(page_data(second).size(), 1u);
  EXPECT_EQ(str(page_data(second)[0], "record_id"), contact);
  EXPECT_TRUE(second.at("next_cursor").is_null());
  EXPECT_EQ(get("/api/v1/forms/" + id + "/submissions?cursor=nope").status, 400);
}

TEST_F(MarketingForms, AnExistingContactIsUpdatedByEmailWithTheConsentTextItSaw) {
  const std::string email = unique_email("known");
  const std::string known = contact({{"first_name", "Old"}, {"last_name", "Known"}, {"email", email}, {"city", "Porto"}});
  const json::value form = make(contact_form());
  const std::string id = str(form, "id");
  // The marketer rewords the consent: a new version; the name alone keeps the text's version.
  const std::string consent_v2 = "Yes, send me the newsletter and event invitations.";
  json::value reworded = json::object{{"consents", json::array{json::object{{"channel", "email_marketing"}, {"text", consent_v2}}}}};
  auto changed = patch("/api/v1/forms/" + id, reworded, {{"If-Match", "\"1\""}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("consents").as_array()[0].at("version").as_int64(), 2);
  auto renamed = patch("/api/v1/forms/" + id, json::object{{"name", unique("Renamed")}}, {{"If-Match", "\"2\""}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json().at("consents").as_array()[0].at("version").as_int64(), 2);
  EXPECT_EQ(patch("/api/v1/forms/" + id, json::object{{"name", "stale"}}, {{"If-Match", "\"1\""}}).status, 412);

  std::string upper = email;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto sent = send_json(id, {{"email", upper}, {"first_name", "New"}, {"last_name", "Known"}, {"consent.email_marketing", true}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  auto found = contacts_with(email);
  ASSERT_EQ(found.size(), 1u) << "no second contact for the same address";
  EXPECT_EQ(str(found[0], "id"), known);
  EXPECT_EQ(str(found[0], "first_name"), "New");
  EXPECT_EQ(str(found[0], "city"), "Porto") << "a field the form does not hold stays";
  auto subs = submissions(id);
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_FALSE(subs[0].at("created").as_bool());
  EXPECT_EQ(str(subs[0], "record_id"), known);
  EXPECT_EQ(str(subs[0].at("consents").as_array()[0], "text"), consent_v2);
  EXPECT_EQ(subs[0].at("consents").as_array()[0].at("version").as_int64(), 2);
  auto consents = get(url("contacts", known, "consents")).json();
  EXPECT_NE(str(consents.at("history").as_array()[0], "note").find("consent text version 2"), std::string::npos);
}

TEST_F(MarketingForms, ALeadFormMakesLeadsAndUpdatesThemByEmail) {
  json::object body{{"name", unique("Demo request")},
                    {"target", "lead"},
                    {"fields", json::array{json::object{{"field", "email"}, {"required", true}},
                                           json::object{{"field", "company_name"}, {"label", "Company"}, {"required", true}},
                                           json::object{{"field", "description"}, {"label", "What do you need?"}}}}};
  const json::value form = make(body);
  const std::string id = str(form, "id");
  EXPECT_EQ(str(form.at("fields").as_array()[0], "label"), "email") << "a label defaults to the field";
  const std::string email = unique_email("lead");
  ASSERT_EQ(send_json(id, {{"email", email}, {"company_name", "Acme"}}).status, 200);
  ASSERT_EQ(send_json(id, {{"email", email}, {"company_name", "Acme GmbH"}, {"description", "A demo"}}).status, 200);
  auto leads = page_data(get("/api/v1/leads?filter[email][eq]=" + email).json());
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(str(leads[0], "company_name"), "Acme GmbH");
  EXPECT_EQ(str(leads[0], "description"), "A demo");
  EXPECT_EQ(str(leads[0], "source"), "Web form: " + str(form, "name"));
  auto subs = submissions(id);
  ASSERT_EQ(subs.size(), 2u);
  EXPECT_EQ(str(subs[0], "object_type"), "leads");
  EXPECT_FALSE(subs[0].at("created").as_bool());
  EXPECT_TRUE(subs[1].at("created").as_bool());
  EXPECT_TRUE(contacts_with(email).empty());
  // A lead form joins no list: lists hold contacts.
  const std::string list = str(post("/api/v1/lists", json::object{{"name", unique("L")}}).json(), "id");
  auto refused = patch("/api/v1/forms/" + id, json::object{{"list_id", list}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(error_fields(refused), (std::vector<std::string>{"list_id"}));
}

// A submission starts the rules on its record's object whose trigger is form_submitted (of that form,
// when the rule names one); converting the lead carries the consent it ticked to its contact.
TEST_F(MarketingForms, ASubmissionStartsRulesAndALeadsConsentsFollowItToItsContact) {
  json::object body{{"name", unique("Trial")},
                    {"target", "lead"},
                    {"fields", json::array{json::object{{"field", "email"}, {"required", true}},
                                           json::object{{"field", "last_name"}, {"required", true}},
                                           json::object{{"field", "company_name"}}}},
                    {"consents", json::array{json::object{{"channel", "email_marketing"}, {"text", consent_v1}}}}};
  const std::string id = str(make(body), "id");
  const std::string other = str(make(contact_form()), "id");
  auto rule = [&](const std::string& object, json::object trigger, const char* description) {
    json::value r = json::object{{"name", unique("Form rule")},
                                 {"object_type", object},
                                 {"trigger", std::move(trigger)},
                                 {"actions", json::array{json::object{{"type", "update_fields"},
                                                                      {"fields", json::object{{"description", description}}}}}}};
    auto made = post("/api/v1/automations", r);
    EXPECT_EQ(made.status, 201) << made.body;
    return str(made.json(), "id");
  };
  const std::string on_this = rule("leads", {{"type", "form_submitted"}, {"form_id", id}}, "Started by the trial form");
  const std::string on_other = rule("leads", {{"type", "form_submitted"}, {"form_id", other}}, "Started by another form");
  // Bad rules: a form_submitted rule on deals, a form of no one.
  for (const auto& [object, form] : std::vector<std::pair<std::string, std::string>>{{"deals", id}, {"leads", ids::uuid_v7()}}) {
    json::value r = json::object{{"name", unique("Bad form rule")}, {"object_type", object},
                                 {"trigger", json::object{{"type", "form_submitted"}, {"form_id", form}}},
                                 {"actions", json::array{json::object{{"type", "create_task"}, {"title", "x"}}}}};
    auto refused = post("/api/v1/automations", r);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(error_fields(refused), std::vector<std::string>{object == "deals" ? "trigger.type" : "trigger.form_id"}) << refused.body;
  }

  // The leads with this e-mail once the form's rule, a job of its own, has set the description (up
  // to 10 s): converting a lead before it ran would change it under the conversion (a 409).
  auto leads_after_rule = [&](const std::string& email) {
    json::array leads;
    for (int i = 0; i < 200; ++i) {
      leads = page_data(get("/api/v1/leads?filter[email][eq]=" + email).json());
      if (leads.size() == 1 && leads[0].at("description").is_string()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return leads;
  };
  const std::string email = unique_email("trial");
  ASSERT_EQ(send_json(id, {{"email", email}, {"last_name", "Trial"}, {"consent.email_marketing", "on"}}).status, 200);
  json::array leads = leads_after_rule(email);
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(str(leads[0], "description"), "Started by the trial form") << "the rule of this form ran, the other form's did not";
  EXPECT_EQ(page_data(get("/api/v1/automations/" + on_other + "/runs").json()).size(), 0u);
  EXPECT_GE(page_data(get("/api/v1/automations/" + on_this + "/runs").json()).size(), 1u);

  // Converted: the contact has the consent the lead ticked, source web_form, the note naming the form.
  auto converted = post("/api/v1/leads/" + str(leads[0], "id") + "/convert", json::object{});
  ASSERT_EQ(converted.status, 200) << converted.body;
  const std::string contact = str(converted.json().at("contact"), "id");
  auto consents = get("/api/v1/contacts/" + contact + "/consents");
  ASSERT_EQ(consents.status, 200) << consents.body;
  const json::value state = consents.json();
  const auto& now = state.at("current").at("email_marketing");
  ASSERT_FALSE(now.is_null()) << consents.body;
  EXPECT_EQ(str(now, "status"), "granted");
  EXPECT_EQ(str(now, "source"), "web_form");
  const std::string note = str(state.at("history").as_array()[0], "note");
  EXPECT_NE(note.find(id), std::string::npos) << note;
  EXPECT_NE(note.find("version 1"), std::string::npos) << note;

  // A lead whose contact withdrew after the submission: the person's later word stands.
  const std::string later = unique_email("later");
  ASSERT_EQ(send_json(id, {{"email", later}, {"last_name", "Later"}, {"consent.email_marketing", "on"}}).status, 200);
  const json::array lead2 = leads_after_rule(later);  // the rule updates this lead too
  ASSERT_EQ(lead2.size(), 1u);
  const std::string person = str(post("/api/v1/contacts", json::object{{"last_name", "Later"}, {"email", later}}).json(), "id");
  json::value withdrawn = json::object{{"channel", "email_marketing"}, {"status", "withdrawn"}, {"source", "api"}};
  ASSERT_EQ(post("/api/v1/contacts/" + person + "/consents", withdrawn).status, 201);
  auto kept = post("/api/v1/leads/" + str(lead2[0], "id") + "/convert", json::object{{"contact_id", person}});
  ASSERT_EQ(kept.status, 200) << kept.body;
  auto after = get("/api/v1/contacts/" + person + "/consents").json();
  EXPECT_EQ(str(after.at("current").at("email_marketing"), "status"), "withdrawn") << json::serialize(after);
}

TEST_F(MarketingForms, TheHoneypotIsAnsweredAsASuccessAndStoresNothing) {
  const std::string id = str(make(contact_form()), "id");
  const std::string email = unique_email("bot");
  auto page = send(id, "email=" + email + "&last_name=Bot&consent.email_marketing=on&homepage=http%3A%2F%2Fspam.example");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Thanks, we will be in touch."), std::string::npos);
  auto js = send_json(id, {{"email", email}, {"last_name", "Bot"}, {"homepage", "spam"}});
  ASSERT_EQ(js.status, 200) << js.body;
  EXPECT_TRUE(js.json().at("received").as_bool());
  EXPECT_TRUE(contacts_with(email).empty());
  EXPECT_TRUE(submissions(id).empty());
  EXPECT_EQ(counter(id, "spam_caught"), 2);
  EXPECT_EQ(counter(id, "submissions"), 0);
}

TEST_F(MarketingForms, BadSubmissionsAreRefusedNamingTheFieldsAndStoreNothing) {
  const std::string id = str(make(contact_form()), "id");
  // A script: the problem document names each field.
  auto js = send_json(id, {{"first_name", std::string(2001, 'x')}, {"last_name", " "}});
  ASSERT_EQ(js.status, 422) << js.body;
  EXPECT_EQ(error_fields(js), (std::vector<std::string>{"email", "first_name", "last_name"}));
  auto address = send_json(id, {{"email", "not-an-address"}, {"last_name", "X"}});
  ASSERT_EQ(address.status, 422) << address.body;
  EXPECT_EQ(error_fields(address), (std::vector<std::string>{"email"}));
  // A browser: the form again with what was typed and the error beside its field.
  auto page = send(id, "email=&first_name=Keep+me&last_name=X");
  ASSERT_EQ(page.status, 422) << page.body;
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("value=\"Keep me\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("id=\"f-email-error\""), std::string::npos) << page.body;
  EXPECT_EQ(send(id, "a=%zz").status, 400);
  EXPECT_EQ(send(id, "email=a%40b.example", {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_TRUE(submissions(id).empty());
  EXPECT_EQ(counter(id, "submissions"), 0);
  // Unknown, disabled and deleted forms are no forms.
  EXPECT_EQ(send("01900000-0000-7000-8000-00000000f0f0", "email=a%40b.example").status, 404);
  EXPECT_EQ(send("not-an-id", "email=a%40b.example").status, 404);
  auto off = patch("/api/v1/forms/" + id, json::object{{"enabled", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  HttpClient visitor(server().port());
  EXPECT_EQ(visitor.request("GET", "/f/" + id).status, 404);
  EXPECT_EQ(send_json(id, {{"email", unique_email("late")}, {"last_name", "Late"}}).status, 404);
  ASSERT_EQ(del("/api/v1/forms/" + id).status, 204);
  EXPECT_EQ(get("/api/v1/forms/" + id).status, 404);
}

TEST_F(MarketingForms, BadSettingsAreRefusedNamingEachField) {
  auto bad = [&](json::object extra, std::vector<std::string> fields) {
    auto r = post("/api/v1/forms", contact_form(std::move(extra)));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(error_fields(r), fields) << r.body;
  };
  bad({{"redirect_url", "javascript:alert(1)"}}, {"redirect_url"});
  bad({{"redirect_url", "ftp://files.example.com/x"}}, {"redirect_url"});
  bad({{"redirect_url", "/thanks"}}, {"redirect_url"});
  bad({{"target", "deal"}}, {"target"});
  bad({{"fields", json::array{json::object{{"field", "first_name"}}}}}, {"fields"});
  bad({{"fields", json::array{json::object{{"field", "email"}}}}}, {"fields.0.field"});  // email must be required
  bad({{"fields", json::array{json::object{{"field", "email"}, {"required", true}}, json::object{{"field", "owner_id"}},
                              json::object{{"field", "custom.nope"}}}}},
      {"fields.1.field", "fields.2.field"});
  bad({{"fields", json::array{}}}, {"fields"});
  bad({{"consents", json::array{json::object{{"channel", "fax"}, {"text", "ok"}},
                                json::object{{"channel", "sms"}, {"text", ""}}}}},
      {"consents.0.channel", "consents.1.text"});
  bad({{"list_id", "01900000-0000-7000-8000-00000000f0f1"}}, {"list_id"});
  bad({{"color", "red"}}, {"color"});
  json::array many;
  for (std::size_t i = 0; i < 31; ++i) many.push_back(json::object{{"field", "email"}, {"required", true}});
  bad({{"fields", many}}, {"fields"});
  // A redirect that is a web address is taken: a browser's post goes there, a script learns it.
  const json::value form = make(contact_form({{"redirect_url", "https://www.example.com/thanks?from=form"}}));
  auto sent = send(str(form, "id"), "email=" + unique_email("redir") + "&last_name=Redirected");
  EXPECT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("location"), "https://www.example.com/thanks?from=form");
  // Names are unique in the workspace.
  auto twin = post("/api/v1/forms", contact_form({{"name", str(form, "name")}}));
  EXPECT_EQ(twin.status, 409) << twin.body;
}

TEST_F(MarketingForms, OneAddressIsLimitedToAFewSubmissionsAMinute) {
  const std::string id = str(make(contact_form()), "id");
  for (int i = 0; i < 5; ++i) {
    auto r = send_json(id, {{"email", unique_email("burst")}, {"last_name", "Burst"}});
    ASSERT_EQ(r.status, 200) << i << ": " << r.body;
  }
  const std::string email = unique_email("sixth");
  auto limited = send_json(id, {{"email", email}, {"last_name", "Sixth"}});
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(limited.header("access-control-allow-origin"), "*");
  EXPECT_TRUE(contacts_with(email).empty());
  EXPECT_EQ(submissions(id).size(), 5u);
}

TEST_F(MarketingForms, OnlyAdminsAndMarketingManageFormsAndErasureTakesTheSubmissions) {
  const std::string workspace = str(get("/api/v1/auth/me").json(), "workspace_id");
  const std::string marketer = member_token(http(), server().data_dir(), workspace, "marketing");
  const std::string agent = member_token(http(), server().data_dir(), workspace, "support_agent");
  json::value body = contact_form();
  auto made = http().call("POST", "/api/v1/forms", marketer, &body);
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = str(made.json(), "id");
  EXPECT_EQ(http().call("GET", "/api/v1/forms/" + id + "/submissions", marketer).status, 200);
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/forms"}, {"GET", "/api/v1/forms/" + id}, {"GET", "/api/v1/forms/" + id + "/submissions"},
           {"POST", "/api/v1/forms"}, {"PATCH", "/api/v1/forms/" + id}, {"DELETE", "/api/v1/forms/" + id}}) {
    auto r = http().call(method, target, agent, method == "POST" || method == "PATCH" ? &body : nullptr);
    EXPECT_EQ(r.status, 403) << method << " " << target << ": " << r.body;
  }
  // Erasing the person removes their submissions (their visit) with them.
  const std::string email = unique_email("forget");
  ASSERT_EQ(send_json(id, {{"email", email}, {"last_name", "Forget"}, {"utm_campaign", "erase-me"}}).status, 200);
  const std::string person = str(contacts_with(email)[0], "id");
  ASSERT_EQ(submissions(id).size(), 1u);
  auto erased = post(url("contacts", person, "erase"), json::object{});
  ASSERT_EQ(erased.status, 200) << erased.body;
  EXPECT_TRUE(submissions(id).empty());
  EXPECT_TRUE(database_hits(server().data_dir(), {"erase-me"}).empty());
}

}  // namespace
}  // namespace rapport::testing
